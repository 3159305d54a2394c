"""Running the model as a function: parameters and a seed in, a monthly table out.

``simulate_with_ages`` is what the experiment runner calls in its worker processes (``simulate``
without the ages); ``run_scenario`` is the Python API of CONTRACT.md for notebooks and outside tools (SALib, EMA Workbench).
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd

from .model import CraftModel
from .params import resolve
from .scenarios import Scenario, load_scenario


def simulate(params: dict[str, Any], seed: int) -> pd.DataFrame:
    """Run one replication: one row per month 0..``months``, columns ``month`` and every outcome."""
    return simulate_with_ages(params, seed)[0]


def simulate_with_ages(params: dict[str, Any], seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Like :func:`simulate`, and the age (years) of every active weaver at month 0 and at the
    last month (columns ``month``, ``age``), from which the regeneration pyramid is drawn."""
    model = CraftModel(rng=seed, **params)
    try:
        ages = [weaver_ages(model)]
        for _ in range(model.p["months"]):
            model.step()
        ages.append(weaver_ages(model))
        frame = model.datacollector.get_model_vars_dataframe()
    finally:
        release(model)
    frame.insert(0, "month", range(len(frame)))
    return frame.reset_index(drop=True), pd.concat(ages, ignore_index=True)


def weaver_ages(model: CraftModel) -> pd.DataFrame:
    """Ages (years) of the active weavers now: columns ``month`` and ``age``."""
    w = model.weavers
    age = w.age[w.active].astype(np.float32)
    return pd.DataFrame({"month": np.full(age.size, model.month, dtype=np.int32), "age": age})


def release(model: mesa.Model) -> None:
    """Drop Mesa 3.3's class-level reference to a finished model (its agent-id counter), which
    otherwise keeps every model of a long sweep alive in the worker (about 1.5 MB a run)."""
    mesa.Agent._ids.pop(model, None)


def run_scenario(scenario: str | Scenario = "baseline", *, seed: int = 0, months: int | None = None,
                 **overrides: Any) -> pd.DataFrame:
    """Run a scenario (name, path or :class:`Scenario`) once with ``seed``; overrides win.

    Returns one row per month (0..months) with the outcome columns of CONTRACT.md.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    values = dict(scenario.values)
    values.update(overrides)
    if months is not None:
        values["months"] = months
    return simulate(resolve(values), seed)
