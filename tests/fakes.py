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


KNOWN_THRESHOLD = 2.0
"""``policy_sign``: the policy raises active weavers where price_sens_local is below this, lowers them above."""
INTERRUPT_AFTER = {"runs": None}
"""``policy_sign_interrupted`` raises KeyboardInterrupt (as Ctrl-C) once this many runs are done."""


def policy_sign(params: dict, seed: int) -> pd.DataFrame:
    """A model with a known answer: every outcome is seeded noise shared by the scenarios (common
    random numbers), and a policy (floor_price > 0) moves active weavers by +50 where buyers'
    price sensitivity (price_sens_local) is below :data:`KNOWN_THRESHOLD` and by -50 above it."""
    frame = simulate({**params, "floor_price": 0}, seed)
    if params["floor_price"] > 0:
        frame["active_weavers"] += 50.0 * np.sign(KNOWN_THRESHOLD - params["price_sens_local"])
    return frame


def policy_sign_interrupted(params: dict, seed: int) -> pd.DataFrame:
    """:func:`policy_sign`, interrupted as by Ctrl-C after ``INTERRUPT_AFTER["runs"]`` runs."""
    if INTERRUPT_AFTER["runs"] is not None:
        if INTERRUPT_AFTER["runs"] <= 0:
            raise KeyboardInterrupt
        INTERRUPT_AFTER["runs"] -= 1
    return policy_sign(params, seed)


def rare_events(params: dict, seed: int) -> pd.DataFrame:
    """Like :func:`simulate`, with new weavers a rare count (mostly 0 a month) and the local market
    share a share just below 1: with few replications their t-intervals reach impossible values."""
    frame = simulate(params, seed)
    rng = np.random.default_rng([seed, 1])
    frame["entrants"] = rng.poisson(0.3, len(frame)).astype(float)
    frame["local_market_share"] = 1 - rng.uniform(0, 0.02, len(frame))
    return frame
