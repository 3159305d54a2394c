"""Statistics across replications: means with 95 % t-intervals, and the headline table.

Every figure here is in the unit of its outcome (``sim.outcomes.unit``): rupiah for money,
weavers, pieces per month, shares in [0, 1].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CONFIDENCE = 0.95
HEADLINE = ("active_weavers", "weaver_income_mean", "units_genuine", "local_market_share", "entrants")
"""Outcomes printed at the end of ``run`` and ``compare``."""


def summarise(final: pd.DataFrame, by: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Per group of ``by`` and outcome: ``mean, ci_low, ci_high, n`` (95 % t-interval).

    ``final`` has one row per run (values at the last month); groups keep their order of first
    appearance.  Missing values are left out of ``n``; with ``n`` < 2 the interval is NaN.
    """
    columns = [*by, "outcome", "mean", "ci_low", "ci_high", "n"]
    if final.empty:
        return pd.DataFrame(columns=columns)
    grouped = final.groupby(by, sort=False, dropna=False)[outcomes]
    mean, std, n = grouped.mean(), grouped.std(ddof=1), grouped.count()
    half = _t_quantile(n) * std / np.sqrt(n)
    long = pd.concat(
        {"mean": mean, "ci_low": mean - half, "ci_high": mean + half, "n": n}, axis=1
    ).stack(level=1, future_stack=True)
    long.index = long.index.set_names([*by, "outcome"])
    long = long.reset_index()
    long["n"] = long["n"].astype(int)
    return long[columns]


def _t_quantile(n: pd.DataFrame) -> pd.DataFrame:
    """The two-sided t quantile for ``n - 1`` degrees of freedom (NaN where n < 2)."""
    from scipy.special import stdtrit  # the t quantile, without scipy.stats' slow import

    dof = n.astype(float) - 1
    q = stdtrit(dof.where(dof > 0), 0.5 + CONFIDENCE / 2)
    return pd.DataFrame(q, index=n.index, columns=n.columns)


def headline_table(summary: pd.DataFrame, group: str = "scenario") -> str:
    """A plain-text table: one row per ``group`` value, ``mean [ci_low, ci_high]`` per headline outcome."""
    rows = summary[summary["outcome"].isin(HEADLINE)]
    if rows.empty:
        return "(no finished runs)"
    present = [name for name in HEADLINE if name in set(rows["outcome"])]
    cells = {name: rows[rows["outcome"] == name].set_index(group) for name in present}
    header = [group, *present]
    lines = [header]
    for key in dict.fromkeys(rows[group]):
        lines.append([str(key), *(_cell(cells[name].loc[key]) for name in present)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(text.ljust(w) for text, w in zip(line, widths)).rstrip() for line in lines)


def _cell(row: pd.Series) -> str:
    if np.isnan(row["ci_low"]):
        return _num(row["mean"])
    return f"{_num(row['mean'])} [{_num(row['ci_low'])}, {_num(row['ci_high'])}]"


def _num(x: float) -> str:
    if np.isnan(x):
        return "nan"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"
