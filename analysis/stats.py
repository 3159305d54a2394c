"""Statistics across replications: the one t-interval of the project (:func:`t_quantile`,
:func:`half_width`, :func:`mean_ci`), summaries per group, and the headline table.

Every figure here is in the unit of its outcome (``sim.outcomes.unit``): rupiah for money,
weavers, pieces per month, shares in [0, 1].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.outcomes import unit as outcome_unit
from sim.params import SHARE

CONFIDENCE = 0.95
HEADLINE = ("active_weavers", "median_age", "weaver_income_mean", "units_genuine", "local_market_share",
            "entrants")
"""The headline outcomes: printed at the end of ``run`` and ``compare``; all but the counts of
rare events (``EVENT_COUNTS``) decide when ``--reps auto`` stops."""
EVENT_COUNTS = ("entrants",)
"""Headline outcomes that are counts of rare monthly events, often 0 in a month, whose relative
precision cannot be reached."""


def summarise(final: pd.DataFrame, by: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Per group of ``by`` and outcome: ``mean, ci_low, ci_high, n`` (95 % t-interval, cut to the
    values the outcome can take, :func:`within`).

    ``final`` has one row per run (values at the last month); groups keep their order of first
    appearance.  Missing values are left out of ``n``; with ``n`` < 2 the interval is NaN.
    """
    columns = [*by, "outcome", "mean", "ci_low", "ci_high", "n"]
    if final.empty:
        return pd.DataFrame(columns=columns)
    grouped = final.groupby(by, sort=False, dropna=False)[outcomes]
    mean, std, n = grouped.mean(), grouped.std(ddof=1), grouped.count()
    half = half_width(std, n)
    long = pd.concat(
        {"mean": mean, "ci_low": mean - half, "ci_high": mean + half, "n": n}, axis=1
    ).stack(level=1, future_stack=True)
    keys = long.index.to_frame(index=False, name=[*by, "outcome"])  # one concat, not a column per level
    long = pd.concat([keys, long.reset_index(drop=True)], axis=1)
    long["n"] = long["n"].astype(int)
    return within(long[columns], {name: possible_range(final[name], name) for name in outcomes})


def possible_range(values: pd.Series, outcome: str) -> tuple[float | None, float | None]:
    """(low, high) of the values ``outcome`` can take: 0 below when no run went below 0, 1 above for shares; None if open."""
    low = 0.0 if values.min() >= 0 else None
    high = 1.0 if outcome_unit(outcome) == SHARE else None
    return low, high


def within(frame: pd.DataFrame, limits: dict, shift=0.0) -> pd.DataFrame:
    """``frame`` with each row's interval ``ci_low, ci_high`` cut to ``limits[outcome] - shift``.

    A t-interval from few replications can reach values no run could give (fewer than no new
    weavers, a share above 1); ``limits`` maps an outcome to the (low, high) it can take (None:
    open, see :func:`possible_range`); ``shift`` (a number or a column) is subtracted from both,
    so that an interval of differences keeps the scenario's mean possible.
    """
    low = frame["outcome"].map(lambda name: limits[name][0]).astype(float) - shift
    high = frame["outcome"].map(lambda name: limits[name][1]).astype(float) - shift
    return frame.assign(ci_low=frame["ci_low"].clip(lower=low.fillna(-np.inf)),
                        ci_high=frame["ci_high"].clip(upper=high.fillna(np.inf)))


def t_quantile(n, level: float = CONFIDENCE):
    """Two-sided Student t quantile for ``n`` observations (``n - 1`` degrees of freedom), NaN
    where n < 2; ``n`` a number, an array, a Series or a DataFrame (the result keeps its shape)."""
    from scipy.special import stdtrit  # the t quantile, without scipy.stats' slow import

    dof = np.asarray(n, dtype=float) - 1
    q = stdtrit(np.where(dof > 0, dof, np.nan), 0.5 + level / 2)
    if isinstance(n, pd.DataFrame):
        return pd.DataFrame(q, index=n.index, columns=n.columns)
    if isinstance(n, pd.Series):
        return pd.Series(q, index=n.index)
    return q


def half_width(sd, n, level: float = CONFIDENCE):
    """Half-width of the t-interval of a mean from its sample standard deviation ``sd`` and size ``n``."""
    return t_quantile(n, level) * sd / np.sqrt(n)


def mean_ci(values, level: float = CONFIDENCE) -> tuple[float, float, float]:
    """Mean and t-interval ``(mean, low, high)`` of ``values`` (NaN and infinite values dropped;
    the interval is NaN for fewer than 2 values, everything NaN for none)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(x.mean())
    if x.size < 2:
        return (mean, np.nan, np.nan)
    h = float(half_width(x.std(ddof=1), x.size, level))
    return (mean, mean - h, mean + h)


def headline_table(summary: pd.DataFrame, group: str = "scenario", lang: str = "en") -> str:
    """A plain-text table: one row per ``group`` value, ``mean [ci_low, ci_high]`` per headline outcome,
    column names (glossary ``headline``) and numbers in ``lang``."""
    from . import lang as words

    rows = summary[summary["outcome"].isin(HEADLINE)]
    if rows.empty:
        return words.text("headline.none", lang)
    present = [name for name in HEADLINE if name in set(rows["outcome"])]
    cells = {name: rows[rows["outcome"] == name].set_index(group) for name in present}
    header = [words.text(f"headline.{name}", lang) for name in (group, *present)]
    lines = [header]
    for key in dict.fromkeys(rows[group]):
        lines.append([str(key), *(_cell(cells[name].loc[key], lang) for name in present)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(text.ljust(w) for text, w in zip(line, widths)).rstrip() for line in lines)


def _cell(row: pd.Series, lang: str) -> str:
    """ "mean [low, high]" ("mean [low; high]" where the decimal mark is a comma)."""
    from . import lang as words

    if np.isnan(row["ci_low"]):
        return _num(row["mean"], lang)
    return words.text("headline.interval", lang, mean=_num(row["mean"], lang), low=_num(row["ci_low"], lang),
                      high=_num(row["ci_high"], lang))


def _num(x: float, lang: str) -> str:
    """A number for the terminal table: whole above 1,000, else three significant figures."""
    from .lang import format_number, significant_decimals

    return format_number(x, lang, 0 if abs(x) >= 1000 else significant_decimals(x, 3))
