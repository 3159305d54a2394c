"""Statistics for comparing scenarios run with common random numbers, and the replication rule.

* :func:`mean_ci` and :func:`band`: means with 95 % t-intervals across replications.
* :func:`paired_differences`: scenario minus reference, paired by replication (replication r
  has the same seed in every scenario), with a t-interval, a relative difference, Cohen's d_z
  and a paired t-test.
* :func:`reps_needed` and :func:`should_stop`: the confidence-interval rule for the number of
  replications discussed by Lee et al. (2015, JASSS 18(4)4): add replications until the
  interval's half-width of every headline outcome is within a fraction of its mean.

Values keep the unit of their outcome (Rp, weavers, share [0,1], ...); relative differences
are fractions of the reference mean (0.12 = 12 %).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .stats import CONFIDENCE, half_width, mean_ci

LEVEL = CONFIDENCE
RELATIVE_MIN = 0.1
"""A difference is given relative to the reference mean only when that mean is positive and at
least this fraction of the scenario's mean in magnitude (relative changes up to 900 %); a
relative change of a negative or near-zero mean would mislead."""

TOLERANCE = 1e-9
"""Paired differences whose standard deviation is below this fraction of the values' size count as
constant (rounding noise), so that d_z and p are left undefined rather than huge."""

HORIZON_MONTHS = (60, 120, 240)
"""Report horizons: 5, 10 and 20 years."""

MAX_REPS = 200
"""The stopping rule's cap on replications."""

MIN_REPS = 3
"""The stopping rule's floor: two equal values are no evidence of precision."""


def band(frame: pd.DataFrame, outcome: str, by=("scenario", "month"), level: float = LEVEL) -> pd.DataFrame:
    """Mean and t-interval of ``outcome`` across replications for each group of ``by``.

    Returns columns ``by``, ``mean``, ``ci_low``, ``ci_high``, ``n`` (one row per group).
    """
    grouped = frame.groupby(list(by), sort=False)[outcome].agg(["mean", "std", "count"]).reset_index()
    h = half_width(grouped["std"], grouped["count"], level)
    grouped["ci_low"] = grouped["mean"] - h
    grouped["ci_high"] = grouped["mean"] + h
    return grouped.rename(columns={"count": "n"}).drop(columns="std")


def horizons(months: int, targets=HORIZON_MONTHS) -> list[int]:
    """Report horizons in months: 60, 120 and 240, each capped at the run's ``months``, without repeats."""
    return sorted({min(target, months) for target in targets})


def year_months(year: int) -> range:
    """Months of year ``year`` of the run (1-based): year 1 is months 1..12, year 10 is 109..120."""
    return range(12 * (year - 1) + 1, 12 * year + 1)


def annual_means(frame: pd.DataFrame, year: int, outcomes=None) -> pd.DataFrame:
    """Per run (``scenario``, ``point`` when present, ``rep``), the mean of each outcome over year ``year``.

    ``frame`` is a timeseries (one row per run and month).  Prices, incomes and sales swing with
    the seasons, so a horizon read as the mean of its twelve months does not depend on which
    month the run ends.  Returns one row per run with the key columns and ``outcomes`` (every
    numeric column but the keys and ``month`` when None); runs shorter than the year are absent.
    """
    keys = [key for key in ("scenario", "point", "rep") if key in frame.columns]
    rows = frame[frame["month"].isin(year_months(year))]
    if outcomes is None:
        outcomes = [c for c in rows.select_dtypes("number").columns if c not in keys and c != "month"]
    counts = rows.groupby(keys, sort=False)["month"].transform("size")
    full = rows[counts == 12]
    return full.groupby(keys, sort=False)[list(outcomes)].mean().reset_index()


def at_month(frame: pd.DataFrame, month: int | None) -> pd.DataFrame:
    """Rows of a timeseries frame at ``month``; a frame without a ``month`` column (final.csv) as is."""
    if "month" not in frame.columns or month is None:
        return frame
    return frame[frame["month"] == month]


def paired_differences(
    frame: pd.DataFrame, outcome: str, month: int | None = None, reference: str | None = None,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Scenario minus ``reference`` for ``outcome``, paired by replication, one row per other scenario.

    ``frame`` is final.csv or the timeseries (then ``month`` picks the month); it needs columns
    ``scenario``, ``rep`` and ``outcome``.  ``reference`` defaults to the first scenario.
    Columns: ``scenario, outcome, month, n`` (pairs), ``ref_mean, mean`` (scenario mean),
    ``diff, ci_low, ci_high`` (outcome units), ``rel, rel_low, rel_high`` (fractions of
    ``ref_mean``; the interval is the difference's interval divided by ``ref_mean``),
    ``relative`` (whether the reference mean is positive and far enough from zero for ``rel``
    to be meaningful, see :data:`RELATIVE_MIN`), ``d_z`` (mean / sd of the paired differences) and
    ``p`` (two-sided paired t-test).  ``d_z`` and ``p`` are nan when every pair differs by the same
    amount (up to :data:`TOLERANCE`).
    """
    wide = at_month(frame, month).pivot(index="rep", columns="scenario", values=outcome)
    order = list(pd.unique(frame["scenario"]))
    reference = order[0] if reference is None else reference
    rows = [
        _paired_row(wide[[reference, name]].dropna(), reference, name, level) | {"outcome": outcome, "month": month}
        for name in order if name != reference
    ]
    columns = ["scenario", "outcome", "month", "n", "ref_mean", "mean", "diff", "ci_low", "ci_high",
               "rel", "rel_low", "rel_high", "relative", "d_z", "p"]
    return pd.DataFrame(rows, columns=columns)


def _paired_row(pairs: pd.DataFrame, reference: str, name: str, level: float) -> dict:
    """Statistics of one scenario's paired differences against the reference."""
    ref, other = pairs[reference].to_numpy(float), pairs[name].to_numpy(float)
    d = other - ref
    mean, low, high = mean_ci(d, level)
    ref_mean = float(ref.mean()) if ref.size else np.nan
    other_mean = float(other.mean()) if other.size else np.nan
    sd = float(d.std(ddof=1)) if d.size > 1 else np.nan
    varies = bool(sd > TOLERANCE * max(1.0, abs(mean), abs(ref_mean)))
    relative = bool(ref_mean > 0 and ref_mean >= RELATIVE_MIN * abs(other_mean))
    scaled = sorted((low / ref_mean, high / ref_mean)) if ref_mean else (np.nan, np.nan)
    return {
        "scenario": name, "n": int(d.size), "ref_mean": ref_mean, "mean": other_mean,
        "diff": mean, "ci_low": low, "ci_high": high,
        "rel": mean / ref_mean if ref_mean else np.nan, "rel_low": scaled[0], "rel_high": scaled[1],
        "relative": relative,
        "d_z": mean / sd if varies else np.nan,
        "p": float(stats.ttest_1samp(d, 0.0).pvalue) if varies else np.nan,
    }


def reps_needed(values_by_outcome, rel_precision: float = 0.05, level: float = LEVEL,
                max_reps: int = MAX_REPS) -> int:
    """Replications needed so that every outcome's t-interval half-width is within ``rel_precision`` of its mean.

    ``values_by_outcome`` maps an outcome to pilot values (one per replication); their mean and
    standard deviation are taken as the truth.  Returns the smallest ``n >= 2`` with
    ``t(n-1) * sd / sqrt(n) <= rel_precision * |mean|`` for every outcome, at most ``max_reps``
    (an outcome with fewer than two values, or with mean 0 and some spread, gives ``max_reps``).
    """
    n = np.arange(2, max_reps + 1)
    needed = 2
    for values in values_by_outcome.values():
        x = np.asarray(values, dtype=float)
        x = x[~np.isnan(x)]
        if x.size < 2:  # no spread to go by
            return max_reps
        ok = half_width(x.std(ddof=1), n, level) <= rel_precision * abs(x.mean())
        needed = max(needed, int(n[ok.argmax()]) if ok.any() else max_reps)
    return needed


def precision(frame: pd.DataFrame, outcomes, rel_precision: float = 0.05, level: float = LEVEL) -> pd.DataFrame:
    """Per scenario (and design point, when present) and outcome: ``n, mean, half_width, rel_half_width, ok``.

    ``rel_half_width`` is the interval's half-width over |mean| (0 when both are 0); ``ok`` when
    it is at most ``rel_precision``.
    """
    keys = _group_keys(frame)
    long = frame.melt(id_vars=keys, value_vars=list(outcomes), var_name="outcome")
    table = long.groupby(keys + ["outcome"], sort=False)["value"].agg(["count", "mean", "std"]).reset_index()
    table["half_width"] = half_width(table["std"], table["count"], level)
    spread = table["half_width"].fillna(np.inf).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["rel_half_width"] = np.where(spread == 0, 0.0, spread / table["mean"].abs().to_numpy())
    table["ok"] = table["rel_half_width"] <= rel_precision
    return table.rename(columns={"count": "n"}).drop(columns="std")


def _group_keys(frame: pd.DataFrame) -> list[str]:
    """The columns that tell replication groups apart: ``scenario`` and, in sweeps, ``point``."""
    return [key for key in ("scenario", "point") if key in frame.columns]


def _groups(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The frame split into replication groups (the whole frame when it has no group column)."""
    keys = _group_keys(frame)
    return [group for _, group in frame.groupby(keys, sort=False)] if keys else [frame]


def should_stop(frame: pd.DataFrame, outcomes, rel_precision: float = 0.05, max_reps: int = MAX_REPS,
                level: float = LEVEL, min_reps: int = MIN_REPS) -> tuple[bool, dict]:
    """Whether to stop adding replications (``--reps auto``), and why.

    ``frame`` holds final values, one row per finished run (columns ``scenario``, optionally
    ``point``, and ``outcomes``).  Stop when every group has at least ``min_reps`` replications
    and every outcome's 95 % half-width is within ``rel_precision`` of its mean, or when the
    smallest group reaches ``max_reps``.  The dict holds ``reps`` (smallest group size),
    ``reason`` ("precision", "max_reps" or "continue"), ``worst`` (the group and outcome with the
    widest relative interval), ``reps_needed`` (estimate from the current values, see
    :func:`reps_needed`) and ``detail`` (one record per group and outcome, see :func:`precision`).
    """
    table = precision(frame, outcomes, rel_precision, level)
    reps = int(table["n"].min())
    if reps >= max_reps:
        reason = "max_reps"
    elif reps >= min_reps and bool(table["ok"].all()):
        reason = "precision"
    else:
        reason = "continue"
    worst = table.loc[table["rel_half_width"].idxmax()].to_dict()
    needed = max(
        reps_needed({name: group[name] for name in outcomes}, rel_precision, level, max_reps)
        for group in _groups(frame)
    )
    info = {
        "reps": reps, "reason": reason, "worst": worst,
        "reps_needed": min(max(needed, min_reps), max_reps),
        "detail": table.to_dict(orient="records"),
    }
    return reason != "continue", info
