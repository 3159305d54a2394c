"""Running the model as a function: parameters and a seed in, a monthly table out.

``simulate_with_ages`` gives the monthly table and the weaver ages (``simulate`` the table alone),
``simulate_columns`` the same as numpy columns, which the experiment runner's workers call;
``run_scenario`` is the stable Python API (README) for notebooks and outside tools (SALib, EMA
Workbench).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from .model import CraftModel
from .outcomes import OUTCOMES
from .params import InputError, resolve
from .scenarios import Scenario, load_scenario


def simulate(params: dict[str, Any], seed: int) -> pd.DataFrame:
    """Run one replication: one row per month 0..``months``, columns ``month`` and every outcome."""
    return simulate_with_ages(params, seed)[0]


def simulate_with_ages(params: dict[str, Any], seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Like :func:`simulate`, and the age (years) of every active weaver at month 0 and at the
    last month (columns ``month``, ``age``), from which the regeneration pyramid is drawn."""
    monthly, ages = simulate_columns(params, seed)
    return pd.DataFrame(monthly), pd.DataFrame(ages)


def simulate_columns(params: dict[str, Any], seed: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """:func:`simulate_with_ages` as plain numpy columns (name -> array), without building
    DataFrames: what the experiment runner's workers send back to be stored."""
    model = CraftModel(rng=seed, **params)
    ages = [weaver_ages(model)]
    model.run_for(model.p["months"])
    ages.append(weaver_ages(model))
    values = model.datacollector.model_vars
    monthly = {"month": np.arange(model.p["months"] + 1)}
    monthly.update((name, np.array(values[name])) for name in OUTCOMES)
    return monthly, {"month": np.concatenate([a[0] for a in ages]), "age": np.concatenate([a[1] for a in ages])}


def weaver_ages(model: CraftModel) -> tuple[np.ndarray, np.ndarray]:
    """Ages (years) of the active weavers now, with the month: (month array, age array)."""
    w = model.weavers
    age = w.age[w.active].astype(np.float32)
    return np.full(age.size, model.month, dtype=np.int32), age


def check_seed(seed: Any) -> int:
    """``seed`` as a Python int: a whole number of at least 0 (numpy integers too), else an
    :class:`InputError` naming it."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InputError(f"seed = {seed!r} is not allowed: a whole number of at least 0")
    return int(seed)



def run_scenario(scenario: str | Scenario = "baseline", *, seed: int = 0, months: int | None = None,
                 **overrides: Any) -> pd.DataFrame:
    """Run a scenario (name, path or :class:`Scenario`) once with ``seed``; overrides win.

    Returns one row per month (0..months) with the outcome columns (``sim.outcomes.OUTCOMES``).
    """
    seed = check_seed(seed)
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    values = dict(scenario.values)
    values.update(overrides)
    if months is not None:
        values["months"] = months
    return simulate(resolve(values), seed)
