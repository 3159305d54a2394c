"""Global sensitivity indices of a Sobol' or Morris sweep, written to ``indices.csv``.

Each design point's output is the mean over its replications of an outcome at the last month.
``indices.csv`` has one row per outcome and parameter:

- Sobol' (SALib ``sobol.analyze``, second order on): ``outcome, parameter, other, S1, S1_conf, ST,
  ST_conf, S2, S2_conf``; rows with ``other`` empty hold first-order and total indices, rows
  with ``other`` set hold the second-order index of the pair.
- Morris (SALib ``morris.analyze``): ``outcome, parameter, mu, mu_star, mu_star_conf, sigma``, in
  the outcome's unit per unit of the parameter's range.

Confidence intervals are 95 % bootstrap intervals (half widths).  Outcomes with a design point
that has no finished run, or with missing values, are left out.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from . import designs, storage

INDICES = "indices.csv"
ANALYSED = ("sobol", "morris")


def write_indices(path: Path) -> tuple[Path | None, list[str]]:
    """Write ``indices.csv`` for a finished Sobol' or Morris sweep in results folder ``path``.

    Returns the file (None for other designs) and the outcomes left out.
    """
    manifest = storage.read_manifest(path)
    described = manifest["design"]
    if not described or described["name"] not in ANALYSED:
        return None, []
    design = designs.from_description(described, manifest["root_seed"])
    outcomes = manifest["outcomes"]
    means = means_by_point(storage.read_final(path), manifest, outcomes, len(design.points))
    analyse = _sobol if design.name == "sobol" else _morris
    tables, skipped = [], []
    for outcome in outcomes:
        y = means[outcome].to_numpy(dtype=float)
        if np.isnan(y).any():
            skipped.append(outcome)
            continue
        tables.append(analyse(design, y, manifest["root_seed"]).assign(outcome=outcome))
    target = Path(path) / INDICES
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["outcome", "parameter"])
    columns = ["outcome", *(c for c in table.columns if c != "outcome")]
    table[columns].to_csv(target, index=False)
    return target, skipped


def means_by_point(final: pd.DataFrame, manifest: dict, outcomes: list[str], n_points: int) -> pd.DataFrame:
    """Mean over replications of each outcome per design point (rows 0..n_points-1, NaN if none)."""
    point = {run["run_id"]: run["point"] for run in manifest["runs"]}
    frame = final.assign(point=final["run_id"].map(point))
    return frame.groupby("point")[outcomes].mean().reindex(range(n_points))


def _sobol(design: designs.Design, y: np.ndarray, seed: int) -> pd.DataFrame:
    from SALib.analyze import sobol

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = sobol.analyze(design.problem(), y, calc_second_order=True, seed=seed)
    names = design.names
    first = pd.DataFrame({"parameter": names, "other": "", "S1": res["S1"], "S1_conf": res["S1_conf"],
                          "ST": res["ST"], "ST_conf": res["ST_conf"]})
    pairs = [
        {"parameter": names[i], "other": names[j], "S2": res["S2"][i, j], "S2_conf": res["S2_conf"][i, j]}
        for i in range(len(names)) for j in range(i + 1, len(names))
    ]
    return pd.concat([first, pd.DataFrame(pairs)], ignore_index=True)


def _morris(design: designs.Design, y: np.ndarray, seed: int) -> pd.DataFrame:
    from SALib.analyze import morris

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = morris.analyze(design.problem(), design.matrix, y, num_levels=designs.MORRIS_LEVELS, seed=seed)
    return pd.DataFrame({"parameter": design.names, "mu": res["mu"], "mu_star": res["mu_star"],
                         "mu_star_conf": res["mu_star_conf"], "sigma": res["sigma"]})
