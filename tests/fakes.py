"""Stand-in model functions with the signature of ``sim.run.simulate``, for engine tests.

Outcomes are cheap deterministic functions of the parameters, the seed and the month, so that
results can be compared exactly across workers, backends and interruptions.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd

from sim.outcomes import OUTCOMES

FAIL_ABOVE = 1_500_000
"""``failing`` raises for design points with floor_price above this (Rp)."""


def simulate(params: dict, seed: int) -> pd.DataFrame:
    """A monthly table: each outcome a level set by the parameters plus seeded noise."""
    rng = np.random.default_rng(seed)
    month = np.arange(params["months"] + 1)
    level = params["floor_price"] / 1e6 + params["floor_enforcement"] + params["n_weavers"] / 1000
    data = {"month": month}
    for i, name in enumerate(OUTCOMES):
        data[name] = level * (i + 1) + 0.01 * month + rng.normal(size=month.size)
    return pd.DataFrame(data)


def failing(params: dict, seed: int) -> pd.DataFrame:
    """Like :func:`simulate`, but raises for a high floor price."""
    if params["floor_price"] > FAIL_ABOVE:
        raise ValueError(f"floor {params['floor_price']:.0f} too high")
    return simulate(params, seed)


def sleepy(params: dict, seed: int) -> pd.DataFrame:
    """Like :func:`simulate` after sleeping FAKE_SLEEP seconds; logs each call to FAKE_LOG."""
    time.sleep(float(os.environ.get("FAKE_SLEEP", "0.2")))
    frame = simulate(params, seed)
    log = os.environ.get("FAKE_LOG")
    if log:
        line = f"{seed} {params['floor_price']:.0f} {params['floor_enforcement']:.3f}\n"
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.write(fd, line.encode())
        os.close(fd)
    return frame
