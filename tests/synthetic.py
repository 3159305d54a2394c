"""Synthetic results folders (the schema of the results folder) for testing figures and reports.

Outcomes follow plausible straight-line paths from a start to an end value with noise that is
shared between scenarios for the same replication (common random numbers), so that paired
differences are tighter than the spread across replications.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from sim.outcomes import OUTCOMES
from sim.params import resolve

PATHS = {
    # outcome: (start, end in baseline, end under the perda, noise sd as a fraction of start)
    "active_weavers": (1000, 720, 660, 0.02), "entrants": (4, 3, 2, 0.3), "exits": (6, 7, 8, 0.3),
    "apprentices": (12, 9, 7, 0.2), "median_age": (50, 54, 55, 0.01), "share_under_35": (0.15, 0.1, 0.09, 0.05),
    "mean_skill": (0.55, 0.6, 0.6, 0.02), "masters": (150, 110, 100, 0.03),
    "units_produced": (2000, 1500, 1300, 0.03), "units_genuine": (800, 600, 420, 0.04),
    "units_imitation": (1000, 900, 1050, 0.04), "units_substitute": (3000, 3300, 3500, 0.03),
    "local_market_share": (0.4, 0.33, 0.3, 0.03), "price_genuine": (450_000, 480_000, 1_000_000, 0.02),
    "price_imitation": (220_000, 230_000, 240_000, 0.02), "price_ratio": (2.05, 2.1, 4.2, 0.02),
    "revenue_total": (6.0e8, 5.0e8, 6.5e8, 0.04), "weaver_income_mean": (1_200_000, 1_100_000, 1_250_000, 0.03),
    "income_to_ump": (0.39, 0.35, 0.4, 0.03), "firms_beyond_local": (0.2, 0.22, 0.2, 0.05),
    "mean_quality": (0.5, 0.52, 0.55, 0.02), "trust_mean": (0.5, 0.45, 0.42, 0.02),
    "participation": (0.2, 0.18, 0.2, 0.05), "floor_active": (0, 0, 1, 0), "floor_compliance": (0, 0, 0.6, 0.03),
    "dinas_spend": (12_500_000, 12_500_000, 13_000_000, 0.02), "csr_spend": (0, 0, 0, 0),
    "inspections": (0, 0, 20, 0), "fines": (0, 0, 6, 0.05), "fines_rp": (0, 0, 12_000_000, 0.05),
    "kur_loans": (0, 0, 0, 0), "cash_short_share": (0.2, 0.22, 0.3, 0.05),
    "ag_dialogue": (0.55, 0.56, 0.6, 0.03), "ag_trust": (0.5, 0.45, 0.42, 0.03),
    "ag_commitment": (0.3, 0.28, 0.3, 0.05), "ag_understanding": (0.55, 0.5, 0.58, 0.03),
    "ag_outcomes": (0.52, 0.5, 0.55, 0.03), "ag_achieved": (4, 3, 3, 0.05),
    "ds_network": (0.6, 0.6, 0.6, 0.02), "ds_commitment": (0.4, 0.38, 0.45, 0.03), "ds_trust": (0.5, 0.46, 0.43, 0.03),
    "ds_governance": (0.45, 0.45, 0.6, 0.03), "ds_authority": (0.5, 0.5, 0.55, 0.03),
    "ds_accountability": (0.55, 0.5, 0.48, 0.03), "ds_information": (0.35, 0.33, 0.5, 0.03),
    "ds_resources": (0.3, 0.25, 0.27, 0.03), "ds_achieved": (4, 3, 5, 0.05), "cluster_stage": (1, 1, 1, 0),
    "units_offered": (2400, 1900, 1700, 0.03), "unsold_share": (0.2, 0.25, 0.3, 0.05),
    "weaver_gross_mean": (1_800_000, 1_700_000, 1_900_000, 0.03), "youth_pool": (600, 580, 575, 0.02),
    "genuine_weaver_share": (0.5, 0.45, 0.38, 0.03), "visibility": (0.15, 0.12, 0.13, 0.05),
}
COUNTS = {"active_weavers", "entrants", "exits", "apprentices", "masters", "units_produced", "units_genuine",
          "units_imitation", "units_substitute", "units_offered", "youth_pool", "ag_achieved", "ds_achieved",
          "cluster_stage", "inspections", "fines"}
SCENARIO_VALUES = {"baseline": {}, "perda": {"floor_price": 1_000_000, "floor_socialisation": 0.5}}


def trajectories(scenario: str, rep: int, months: int, shift: float = 0.0) -> pd.DataFrame:
    """One run's monthly outcomes (month 0..months); ``shift`` moves every end value by that fraction."""
    rng = np.random.default_rng(rep)  # common random numbers: the same noise in every scenario ...
    own = np.random.default_rng([rep, len(scenario)])  # ... plus a little of the scenario's own
    month = np.arange(months + 1)
    frac = month / max(months, 1)
    columns = {"month": month}
    for name in OUTCOMES:
        start, end_base, end_perda, noise = PATHS[name]
        end = (end_perda if scenario == "perda" else end_base) * (1 + shift)
        walk = (np.cumsum(rng.normal(0, noise * abs(start) / 4, month.size)) + rng.normal(0, noise * abs(start))
                + own.normal(0, noise * abs(start) / 3, month.size))
        values = start + (end - start) * frac + walk * (frac > 0)
        columns[name] = np.round(values) if name in COUNTS else values
    return pd.DataFrame(columns)


def _run_frame(run_id: int, scenario: str, rep: int, varied: dict, months: int, shift: float) -> pd.DataFrame:
    frame = trajectories(scenario, rep, months, shift)
    ids = {"run_id": run_id, "scenario": scenario, "rep": rep, "seed": 1000 + rep} | varied
    for position, (key, value) in enumerate(ids.items()):
        frame.insert(position, key, value)
    return frame


def _manifest(kind: str, scenarios: dict, runs: list[dict], months: int, reps: int, varied=(), design=None) -> dict:
    return {
        "command": ["run_experiments.py", kind, *scenarios], "kind": kind,
        "scenarios": {name: resolve(values) for name, values in scenarios.items()},
        "design": design, "varied": list(varied), "root_seed": 0, "months": months, "reps": reps, "runs": runs,
        "versions": {"python": "3.11.7", "mesa": "3.3.1", "numpy": "2.0", "pandas": "2.2"},
        "git_commit": "0123456789abcdef0123456789abcdef01234567",
        "started": "2025-01-01T00:00:00", "finished": "2025-01-01T00:01:00", "lang": "en",
    }


def _write(folder: Path, frames: list[pd.DataFrame], manifest: dict) -> Path:
    """Write manifest.json, timeseries.parquet/part-*.parquet and final.csv."""
    parts = folder / "timeseries.parquet"
    parts.mkdir(parents=True, exist_ok=True)
    for frame in frames:
        frame.to_parquet(parts / f"part-{int(frame['run_id'].iloc[0]):06d}.parquet", index=False)
    pd.concat([frame.iloc[[-1]] for frame in frames]).drop(columns="month").to_csv(folder / "final.csv", index=False)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return folder


def _run_record(run_id: int, scenario: str, rep: int, point: int = 0, values=None) -> dict:
    return {"run_id": run_id, "scenario": scenario, "rep": rep, "seed": 1000 + rep, "point": point,
            "values": values or {}, "status": "done", "error": None}


def compare_folder(folder: Path, reps: int = 5, months: int = 120, ages: bool = True) -> Path:
    """A compare folder: baseline and perda, ``reps`` replications each, months 0..``months``."""
    frames, runs = [], []
    for s, scenario in enumerate(SCENARIO_VALUES):
        for rep in range(reps):
            run_id = s * reps + rep
            frames.append(_run_frame(run_id, scenario, rep, {}, months, 0.0))
            runs.append(_run_record(run_id, scenario, rep))
    _write(folder, frames, _manifest("compare", SCENARIO_VALUES, runs, months, reps))
    if ages:
        ages_frame(frames, months).to_parquet(folder / "ages.parquet", index=False)
    return folder


def ages_frame(frames: list[pd.DataFrame], months: int) -> pd.DataFrame:
    """Weaver ages at month 0 and at the last month: as many as there are active weavers."""
    rows = []
    for frame in frames:
        run = frame.iloc[0]
        rng = np.random.default_rng(int(run["run_id"]))
        for month, shift in ((0, 0.0), (months, months / 12 * 0.4)):
            count = int(frame.loc[frame["month"] == month, "active_weavers"].iloc[0])
            age = np.clip(rng.normal(50 + shift, 11, count), 15, 90).round(1)
            rows.append(pd.DataFrame({"run_id": run["run_id"], "scenario": run["scenario"], "rep": run["rep"],
                                      "month": month, "age": age}))
    return pd.concat(rows, ignore_index=True)


def sweep_folder(folder: Path, grid: dict, reps: int = 3, months: int = 24) -> Path:
    """A grid sweep of baseline over every combination of ``grid`` ({param: [values]}), ``reps`` each."""
    names = list(grid)
    points = [dict(zip(names, values)) for values in _product(list(grid.values()))]
    design = {"name": "grid", "samples": None, "points": len(points),
              "axes": {name: {"values": list(values)} for name, values in grid.items()}}
    return _sweep(folder, points, reps, months, design)


def _sweep(folder: Path, points: list[dict], reps: int, months: int, design: dict) -> Path:
    """A sweep of baseline over design ``points``; each end value shifts with the points' values."""
    names = list(points[0])
    lows = {name: min(point[name] for point in points) for name in names}
    spans = {name: (max(point[name] for point in points) - lows[name]) or 1 for name in names}
    frames, runs = [], []
    for index, values in enumerate(points):
        shift = 0.1 * sum((values[name] - lows[name]) / spans[name] for name in names)
        for rep in range(reps):
            run_id = index * reps + rep
            frames.append(_run_frame(run_id, "baseline", rep, values, months, shift))
            runs.append(_run_record(run_id, "baseline", rep, index, values))
    return _write(folder, frames, _manifest("sweep", {"baseline": {}}, runs, months, reps, names, design))


def _product(lists: list[list]) -> list[tuple]:
    combos = [()]
    for values in lists:
        combos = [combo + (value,) for combo in combos for value in values]
    return combos


def sobol_folder(folder: Path, method: str = "sobol") -> Path:
    """A sweep with an ``indices.csv`` as analysis/sensitivity.py writes it (Sobol or Morris)."""
    rng = np.random.default_rng(1)
    params = ["floor_price", "training_followup"]
    points = [{"floor_price": round(float(x) * 1.5e6), "training_followup": float(y)}
              for x, y in rng.uniform(size=(12, 2))]  # sampled, not a grid
    _sweep(folder, points, reps=1, months=12, design={"name": method, "samples": 2, "points": 12, "axes": {}})
    rows = []
    for outcome in ("active_weavers", "weaver_income_mean"):
        for param in params:
            if method == "sobol":
                s1 = rng.uniform(0.05, 0.5)
                rows.append({"outcome": outcome, "parameter": param, "other": "", "S1": s1, "S1_conf": 0.05,
                             "ST": s1 + 0.1, "ST_conf": 0.06})
            else:
                mu = rng.uniform(10, 100)
                rows.append({"outcome": outcome, "parameter": param, "mu": -mu / 2, "mu_star": mu,
                             "mu_star_conf": mu / 5, "sigma": mu / 2})
        if method == "sobol":  # second-order rows, as SALib gives them
            rows.append({"outcome": outcome, "parameter": params[0], "other": params[1], "S2": 0.02, "S2_conf": 0.03})
    pd.DataFrame(rows).to_csv(folder / "indices.csv", index=False)
    return folder
