"""Figures from a results folder: trajectories, sweep responses, sensitivity indices, comparison plots.

Every figure is written as PNG (300 dpi) and SVG into ``<folder>/figures/`` with the style of
:mod:`analysis.style`; every word comes from the glossary in the chosen language.  Time axes are
in years, money in rupiah; bands and error bars are 95 % t-intervals across replications.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from sim.outcomes import ANSELL_GASH, DESEVE, MONTH_FLOWS, OUTCOMES
from sim.outcomes import unit as outcome_unit
from sim.params import REGISTRY, InputError

from . import compare_stats, lang as words, stats, style
from .resultset import Results, load

MAIN_OUTCOMES = (
    "active_weavers", "median_age", "entrants", "weaver_income_mean", "income_to_ump", "units_genuine",
    "units_imitation", "local_market_share", "price_genuine", "price_ratio", "trust_mean", "floor_compliance",
)
"""Outcomes drawn when none are named: regeneration, income, competitiveness, process."""

MAX_GROUPS = 8
"""Trajectories of a sweep are drawn per design point only up to this many points (one colour each)."""

PANEL = (3.3, 2.4)
"""Width and height of one panel among several, inches."""

SINGLE = (5.0, 3.2)
"""Width and height of a figure with a single panel, inches."""

AGE_BINS = np.arange(15, 95, 5)
"""Age classes of the regeneration pyramid, years."""

START_COLOUR = "#AAAAAA"
"""The pyramid's initial population, in grey so that it is not mistaken for a scenario."""

COUNT_UNITS = {"weavers", "weavers/month", "pieces/month", "inspections/month", "fines/month", "loans/month",
               "youth", "persons", "count of 5", "count of 8"}
"""Units of counts: their axes start at zero."""

CELL_WIDTH = 0.5
"""Width of a heatmap cell, inches at least: the figure widens with the columns of its grid."""

CELL_FONT, MIN_CELL_FONT = 7.0, 5.0
"""Font size of a heatmap cell's value, points, and the smallest it may shrink to fit its cell."""

FLOOR_ONLY = ("floor_compliance",)
"""Outcomes that mean something only where there is a price floor (compliance with no floor is 1)."""


def plot_results(outdir, outcomes=None, lang: str = "en", results: Results | None = None) -> list[Path]:
    """Draw every figure that a results folder supports into ``outdir/figures``; return the files written.

    Trajectories per outcome (and one overview of all of them) for runs, compares and sweeps of
    up to :data:`MAX_GROUPS` points; for runs and compares the regeneration pyramid when the
    folder holds weaver ages and no outcomes are named; for sweeps also response curves (one varied parameter),
    heatmaps (two, on a grid), scatter plots (more, or sampled designs) and index bar charts
    when ``indices.csv`` is present.  ``outcomes`` defaults to :data:`MAIN_OUTCOMES`.
    """
    words.check_lang(lang)
    style.apply()
    results = results or load(outdir)
    names = choose_outcomes(results, outcomes)
    figdir = results.folder / "figures"
    paths = trajectory_files(results, names, figdir, lang, overview=not outcomes)
    if results.kind == "sweep":
        paths += sweep_files(results, names, figdir, lang)
    elif results.ages is not None and not outcomes:
        colours = style.colours(results.scenarios)
        paths += style.save(pyramid_figure(results.ages, colours, lang), figdir / "pyramid")
    return paths


def choose_outcomes(results: Results, outcomes=None) -> list[str]:
    """The outcomes to draw: those named (each checked), else the main ones present in the results
    (compliance only when some run has a price floor)."""
    if outcomes:
        for name in outcomes:
            if name not in OUTCOMES:
                raise InputError(f"unknown outcome '{name}' (see the outcome columns in final.csv)")
        return list(outcomes)
    floors = floor_levels(results, results.final)
    return [name for name in MAIN_OUTCOMES if name in results.final.columns
            and (name not in FLOOR_ONLY or (floors > 0).any())]


def floor_levels(results: Results, frame: pd.DataFrame) -> pd.Series:
    """The price floor of each row's run (Rp; 0 for none): a varied ``floor_price`` or its scenario's."""
    if "floor_price" in frame.columns:
        return frame["floor_price"].astype(float)
    scenarios = results.manifest.get("scenarios", {})
    return frame["scenario"].map(lambda name: float(scenarios.get(name, {}).get("floor_price", 0))).fillna(0.0)


def with_floor_only(results: Results, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :data:`FLOOR_ONLY` outcomes left out (NaN) in runs without a price floor and,
    in a timeseries, in the months before it is in force."""
    present = [name for name in FLOOR_ONLY if name in frame.columns]
    if not present:
        return frame
    has_floor = floor_levels(results, frame) > 0
    if "floor_active" in frame.columns and "month" in frame.columns:
        has_floor &= frame["floor_active"] > 0
    return frame.assign(**{name: frame[name].where(has_floor) for name in present})


# ---- trajectories ------------------------------------------------------------------------------

def trajectory_files(results: Results, outcomes, figdir: Path, lang: str, each: bool = True,
                     overview: bool = True) -> list[Path]:
    """With ``overview``, the overview ``trajectories`` of ``outcomes``; with ``each``, one figure per outcome.

    Outcomes a user names get their own figures only, so that the overview of the main outcomes
    (which report.md embeds) is not overwritten.  Nothing for sweeps with more than
    :data:`MAX_GROUPS` design points.
    """
    frame = grouped_timeseries(results, lang)
    if frame is None:
        return []
    colours = style.colours(pd.unique(frame["group"]))
    paths = style.save(trajectory_grid(frame, outcomes, colours, lang, results.reps), figdir / "trajectories") \
        if overview else []
    for name in outcomes if each else ():
        paths += style.save(trajectory_grid(frame, [name], colours, lang, results.reps), figdir / f"trajectory_{name}")
    return paths


def grouped_timeseries(results: Results, lang: str) -> pd.DataFrame | None:
    """The timeseries with a ``group`` column (scenario, or design point in a sweep); None if too many."""
    frame = results.timeseries
    if frame is None or frame.empty:
        return None
    frame = with_floor_only(results, frame).assign(floor=floor_levels(results, frame))
    if not results.varied:
        return frame.assign(group=frame["scenario"])
    keys = ["scenario", *results.varied]
    points = frame[keys].drop_duplicates()
    if len(points) > MAX_GROUPS:
        return None
    labels = [point_label(row[results.varied], lang) for _, row in points.iterrows()]
    if points["scenario"].nunique() > 1:
        labels = [f"{scenario}, {label}" for scenario, label in zip(points["scenario"], labels)]
    return frame.merge(points.assign(group=labels), on=keys, how="left")


def point_label(values: pd.Series, lang: str) -> str:
    """A design point as text, e.g. "floor_price = Rp 1,000,000, training_followup = 0.5"."""
    return ", ".join(f"{name} = {format_param(name, value, lang)}" for name, value in values.items())


def format_param(name: str, value, lang: str) -> str:
    """A parameter value in its unit: rupiah with separators, numbers with the language's marks."""
    param = REGISTRY.get(name)
    if isinstance(value, (bool, np.bool_, str)) or param is None:
        return str(value)
    if param.unit.startswith("Rp"):
        return style.format_rupiah(float(value), lang)
    return style.format_number(float(value), lang, 0 if float(value).is_integer() else 2)


def trajectory_grid(frame: pd.DataFrame, outcomes, colours: dict, lang: str, reps: int):
    """Panels of mean (line) and 95 % band across replications per group over years."""
    fig, axes = panel_grid(len(outcomes))
    for index, (ax, name) in enumerate(zip(axes, outcomes)):
        band = compare_stats.band(frame, name, by=("group", "month"))
        if name in MONTH_FLOWS:  # no month lies behind month 0, so a flow is drawn from month 1
            band = band[band["month"] >= 1]
        draw_trajectory(ax, feasible(band.dropna(subset=["mean"]), frame[name], name), colours)
        if name == "price_genuine":
            floor_lines(ax, frame["floor"], lang)
        ax.set_ylabel(words.axis_label(name, lang) if len(outcomes) == 1 else _unit_label(name, lang))
        if len(outcomes) > 1:
            ax.set_title(words.label(name, lang))
        if outcome_unit(name) in COUNT_UNITS:
            ax.set_ylim(bottom=0)
        style.value_axis(ax.yaxis, outcome_unit(name), lang)
        style.year_axis(ax.xaxis, lang)
        if index + _columns(len(outcomes)) >= len(outcomes):
            ax.set_xlabel(words.text("axis.time", lang))
    legend_on_top(fig, axes[0], words.text("figure.trajectories", lang, reps=reps))
    return fig


def floor_lines(ax, floors: pd.Series, lang: str) -> None:
    """A dashed reference line at each price floor above zero, labelled with its level."""
    for level in sorted(set(floors[floors > 0])):
        ax.axhline(level, color=style.NEUTRAL, linestyle="--", linewidth=0.9)
        ax.annotate(words.text("figure.floor", lang, value=style.format_rupiah(level, lang)), (0, level),
                    xycoords=("axes fraction", "data"), xytext=(3, 2), textcoords="offset points",
                    fontsize=7, color=style.NEUTRAL, va="bottom")


def _unit_label(outcome: str, lang: str) -> str:
    """An axis label that is just the outcome's unit, for panels titled with the outcome."""
    unit = words.unit_text(outcome_unit(outcome), lang)
    return unit[:1].upper() + unit[1:]


def feasible(band: pd.DataFrame, values: pd.Series, outcome: str) -> pd.DataFrame:
    """A band cut to the values the outcome can take (:func:`analysis.stats.within`).

    With few replications a t-interval can reach impossible values (negative counts); the
    band is drawn only over the possible range.
    """
    limits = {outcome: stats.possible_range(values, outcome)}
    return stats.within(band.assign(outcome=outcome), limits).drop(columns="outcome")


def draw_trajectory(ax, band: pd.DataFrame, colours: dict) -> None:
    """Shaded 95 % band and mean line per group, x in years; the lines above every band."""
    groups = list(band.groupby("group", sort=False))
    for group, rows in groups:
        x = style.years(rows["month"].to_numpy())
        ax.fill_between(x, rows["ci_low"], rows["ci_high"], color=colours[group], alpha=0.18, linewidth=0)
    for group, rows in groups:
        ax.plot(style.years(rows["month"].to_numpy()), rows["mean"], color=colours[group], linewidth=1.4,
                label=str(group))
    ax.set_xlim(0, style.years(band["month"].max()) or 1)


def _columns(n: int) -> int:
    return 1 if n == 1 else 2 if n in (2, 4) else 3


def panel_grid(n: int, height: float | None = None):
    """A figure with ``n`` panels in rows of up to three (one panel drawn larger); unused cells removed.

    ``height`` is a panel's height in inches (default that of :data:`PANEL` or :data:`SINGLE`)."""
    panel = SINGLE if n == 1 else PANEL
    ncols = _columns(n)
    nrows = -(-n // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, (height or panel[1]) * nrows + 0.5),
                             squeeze=False)
    axes = list(grid.flat)
    for ax in axes[n:]:
        ax.remove()
    return fig, axes[:n]


def legend_on_top(fig, ax, title: str) -> None:
    """One legend for the whole figure above the panels, headed by ``title`` (a heading alone if no legend)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside upper center", ncols=min(len(labels), 4), title=title,
                   title_fontproperties={"size": 9})
    else:
        fig.suptitle(title, fontsize=9, fontweight="normal")


# ---- sweeps ------------------------------------------------------------------------------------

def sweep_files(results: Results, outcomes, figdir: Path, lang: str) -> list[Path]:
    """Response curves, heatmaps or scatter plots of the last month's values, and index charts."""
    varied = results.varied
    paths: list[Path] = []
    if len(varied) == 1:
        paths += style.save(response_figure(results, outcomes, varied[0], lang), figdir / f"response_{varied[0]}")
    elif len(varied) == 2 and is_full_grid(results.final, varied):
        for name in outcomes:
            paths += style.save(heatmap_figure(results, name, lang), figdir / f"heatmap_{name}")
    elif varied:
        for name in outcomes:
            paths += style.save(scatter_figure(results, name, lang), figdir / f"scatter_{name}")
    if results.indices is not None:
        paths += index_files(results, outcomes, figdir, lang)
    return paths


def point_band(results: Results, outcome: str) -> pd.DataFrame:
    """Mean and 95 % interval of ``outcome`` at the last month per design point (varied values)."""
    return compare_stats.band(with_floor_only(results, results.final), outcome, by=results.varied)


def is_full_grid(final: pd.DataFrame, varied) -> bool:
    """Whether the design points are every combination of the varied values (a grid)."""
    points = final[list(varied)].drop_duplicates()
    return len(points) == np.prod([points[name].nunique() for name in varied])


def parameter_label(name: str, lang: str) -> str:
    """A parameter's axis label with its unit, e.g. "floor_price (Rp)"."""
    return words.text("axis.with_unit", lang, label=name, unit=words.unit_text(REGISTRY[name].unit, lang))


def response_figure(results: Results, outcomes, param: str, lang: str):
    """Panels of the last month's mean and 95 % interval against the varied parameter."""
    fig, axes = panel_grid(len(outcomes))
    for index, (ax, name) in enumerate(zip(axes, outcomes)):
        means = point_band(results, name).sort_values(param)
        x = means[param].to_numpy(float)
        ax.fill_between(x, means["ci_low"], means["ci_high"], color=style.OKABE_ITO[0], alpha=0.22, linewidth=0)
        ax.plot(x, means["mean"], color=style.OKABE_ITO[0], marker="o", markersize=3, linewidth=1.4)
        ax.set_title(words.label(name, lang))
        ax.set_ylabel(_unit_label(name, lang))
        style.value_axis(ax.yaxis, outcome_unit(name), lang)
        style.value_axis(ax.xaxis, REGISTRY[param].unit, lang)
        style.slanted(ax.xaxis)
        if index + _columns(len(outcomes)) >= len(outcomes):
            ax.set_xlabel(parameter_label(param, lang))
    fig.suptitle(words.text("figure.response", lang, month=results.months), fontsize=9, fontweight="normal")
    return fig


def heatmap_figure(results: Results, outcome: str, lang: str):
    """Mean of ``outcome`` at the last month over a two-parameter grid, values written in the cells."""
    p1, p2 = results.varied
    table = point_band(results, outcome).pivot(index=p2, columns=p1, values="mean").sort_index()
    fig, ax = plt.subplots(figsize=(max(5.2, 2.2 + CELL_WIDTH * table.shape[1]), 4.0))
    image = ax.imshow(table.to_numpy(), origin="lower", aspect="auto", cmap="cividis")
    unit = outcome_unit(outcome)
    bar = fig.colorbar(image, ax=ax, label=words.axis_label(outcome, lang))
    style.value_axis(bar.ax.yaxis, unit, lang)
    _cell_text(ax, table.to_numpy(), unit, lang)
    ax.set_xticks(range(table.shape[1]), [format_param(p1, v, lang) for v in table.columns])
    style.slanted(ax.xaxis)
    ax.set_yticks(range(table.shape[0]), [format_param(p2, v, lang) for v in table.index])
    ax.set_xlabel(parameter_label(p1, lang))
    ax.set_ylabel(parameter_label(p2, lang))
    ax.grid(False)
    ax.set_title(words.text("figure.heatmap", lang, outcome=words.label(outcome, lang), month=results.months),
                 fontsize=9, fontweight="normal")
    return fig


def _cell_text(ax, values: np.ndarray, unit: str, lang: str) -> None:
    """Write each cell's value into a heatmap when the grid is small enough to read them: rupiah
    abbreviated ("Rp 1.2M", "Rp 1,2 jt"), the font shrunk until the widest label fits its cell,
    none when even :data:`MIN_CELL_FONT` would not."""
    if values.size > 49:
        return
    middle = np.nanmean(values)
    texts = [ax.text(col, row, cell_label(value, unit, lang), ha="center", va="center", fontsize=CELL_FONT,
                     color="black" if value >= middle else "white")
             for (row, col), value in np.ndenumerate(values)]
    renderer = ax.figure.canvas.get_renderer()
    ax.figure.draw_without_rendering()  # the final layout, so that the cells have their drawn size
    cell = ax.get_window_extent(renderer).width / values.shape[1]
    widest = max(text.get_window_extent(renderer).width for text in texts)
    size = CELL_FONT * min(1.0, 0.92 * cell / widest)
    for text in texts:
        if size < MIN_CELL_FONT:
            text.remove()
        else:
            text.set_fontsize(size)


def cell_label(value: float, unit: str, lang: str) -> str:
    """A heatmap cell's value: abbreviated rupiah for money, else three significant figures."""
    return style.short_rupiah(value, lang) if unit.startswith("Rp") else style.format_value(value, unit, lang)


def scatter_figure(results: Results, outcome: str, lang: str):
    """The last month's mean of ``outcome`` per design point against each varied parameter."""
    varied = results.varied
    fig, axes = panel_grid(len(varied))
    means = point_band(results, outcome)
    for index, (ax, param) in enumerate(zip(axes, varied)):
        ax.scatter(means[param], means["mean"], s=10, color=style.OKABE_ITO[0], alpha=0.7, linewidth=0)
        ax.set_xlabel(parameter_label(param, lang))
        if index % _columns(len(varied)) == 0:
            ax.set_ylabel(words.axis_label(outcome, lang))
        style.value_axis(ax.xaxis, REGISTRY[param].unit, lang)
        style.value_axis(ax.yaxis, outcome_unit(outcome), lang)
        style.slanted(ax.xaxis)
    fig.suptitle(words.text("figure.scatter", lang, month=results.months), fontsize=9, fontweight="normal")
    return fig


# ---- sensitivity indices -----------------------------------------------------------------------

INDEX_COLUMNS = {"sobol": (("S1", "figure.first_order"), ("ST", "figure.total_order")),
                 "morris": (("mu_star", "figure.mu_star"),)}
"""Per method: the index columns drawn (each with a ``<column>_conf`` half-width) and their legend key."""


def index_files(results: Results, outcomes, figdir: Path, lang: str) -> list[Path]:
    """A bar chart of sensitivity indices with 95 % intervals for each of ``outcomes`` in ``indices.csv``."""
    indices = results.indices
    method = "sobol" if "ST" in indices.columns else "morris"
    if "other" in indices.columns:  # rows naming a second parameter hold second-order indices
        indices = indices[indices["other"].isna() | (indices["other"] == "")]
    paths: list[Path] = []
    for outcome, rows in indices[indices["outcome"].isin(outcomes)].groupby("outcome", sort=False):
        fig = index_figure(rows, outcome, method, lang)
        paths += style.save(fig, figdir / f"{method}_{outcome}")
    return paths


def index_figure(rows: pd.DataFrame, outcome: str, method: str, lang: str):
    """Horizontal bars per parameter (largest at the top), one bar per index, with interval whiskers."""
    columns = INDEX_COLUMNS[method]
    rows = rows.sort_values(columns[-1][0])
    y = np.arange(len(rows))
    height = 0.8 / len(columns)
    fig, ax = plt.subplots(figsize=(5.5, 1.0 + 0.35 * len(rows) * len(columns)))
    for k, (column, key) in enumerate(columns):
        ax.barh(y + (k - (len(columns) - 1) / 2) * height, rows[column], height=height,
                xerr=rows[f"{column}_conf"], color=style.OKABE_ITO[k], label=words.text(key, lang),
                error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": style.NEUTRAL})
    ax.set_yticks(y, rows["parameter"])
    ax.axvline(0, color=style.NEUTRAL, linewidth=0.8)
    unit = words.unit_text(outcome_unit(outcome), lang)
    ax.set_xlabel(words.text("axis.sobol", lang) if method == "sobol" else words.text("axis.morris", lang, unit=unit))
    ax.set_ylabel(words.text("axis.parameter", lang))
    if method == "morris":
        style.value_axis(ax.xaxis, outcome_unit(outcome), lang)
    else:
        style.number_axis(ax.xaxis, lang)
    ax.set_title(words.text(f"figure.{method}", lang, outcome=words.label(outcome, lang)), fontsize=9)
    if len(columns) > 1:
        ax.legend(loc="lower right")
    return fig


# ---- comparison figures ------------------------------------------------------------------------

def forest_figure(diffs: pd.DataFrame, reference: str, colours: dict, lang: str):
    """Paired differences from ``reference`` with 95 % intervals: a panel per outcome in its own unit.

    ``diffs`` holds :func:`compare_stats.paired_differences` rows with a ``year`` column (one row
    per scenario, outcome and horizon; year None for the last month).  Each panel has its own
    scale, so that a large effect on one outcome does not squash the others to a dot; rows are
    the horizons, one dot per scenario.
    """
    outcomes = list(pd.unique(diffs["outcome"]))
    horizons = list(pd.unique(diffs["year"]))
    scenarios = list(pd.unique(diffs["scenario"]))
    fig, axes = panel_grid(len(outcomes), height=0.9 + 0.3 * len(horizons) * len(scenarios) ** 0.5)
    y = np.arange(len(horizons))[::-1]
    step = 0.6 / len(scenarios)
    for ax, outcome in zip(axes, outcomes):
        rows = diffs[diffs["outcome"] == outcome]
        for k, name in enumerate(scenarios):
            own = rows[rows["scenario"] == name].set_index("year").reindex(horizons)
            scale = 100.0 if outcome_unit(outcome) == style.SHARE else 1.0  # shares in percentage points
            centre, low, high = (scale * own[column].to_numpy(float) for column in ("diff", "ci_low", "ci_high"))
            # a constant paired difference has an interval of no width, up to rounding below 0
            whiskers = np.clip(np.nan_to_num(np.vstack([centre - low, high - centre])), 0.0, None)
            ax.errorbar(centre, y - (k - (len(scenarios) - 1) / 2) * step, xerr=whiskers, fmt="o", color=colours[name],
                        markersize=4, elinewidth=1.2, capsize=2, label=name)
        ax.axvline(0, color=style.NEUTRAL, linewidth=0.8)
        ax.set_title(words.label(outcome, lang))
        ax.set_xlabel(_difference_label(outcome, lang))
        style.value_axis(ax.xaxis, _difference_unit(outcome), lang)
        style.slanted(ax.xaxis)
        ax.set_yticks(y, [_horizon_label(year, lang) for year in horizons])
        ax.set_ylim(-0.6, len(horizons) - 0.4)
        ax.grid(axis="y", visible=False)
    legend_on_top(fig, axes[0], words.text("figure.forest", lang, reference=reference))
    return fig


def _difference_unit(outcome: str) -> str:
    """The unit of a difference axis: the outcome's, with shares in percentage points."""
    unit = outcome_unit(outcome)
    return "percentage points" if unit == style.SHARE else unit


def _difference_label(outcome: str, lang: str) -> str:
    """ "Difference (weavers)" — the axis label of a forest panel, in its unit."""
    return words.text("axis.difference", lang, unit=words.unit_text(_difference_unit(outcome), lang))


def _horizon_label(year, lang: str) -> str:
    """ "Year 10" for an annual horizon, "End" for the last month."""
    return words.text("figure.end_of_run", lang) if year is None or pd.isna(year) else \
        words.text("figure.year", lang, year=int(year))


def scorecard_figure(rows: pd.DataFrame, thresholds: dict, horizon: str, colours: dict, lang: str):
    """Ansell & Gash and DeSeve indicators: mean and 95 % interval per scenario, threshold marked.

    ``rows`` holds one row per run (annual means of a year, or final values), ``horizon`` says
    which in words ("in year 10 (...)"); ``thresholds`` maps a scenario to its
    ``(ag_threshold, ds_threshold)``.
    """
    row_height = 0.16 * len(colours) + 0.14
    fig, axes = plt.subplots(2, 1, figsize=(6.4, 1.8 + row_height * (len(ANSELL_GASH) + len(DESEVE))),
                             gridspec_kw={"height_ratios": [len(ANSELL_GASH), len(DESEVE)]})
    panels = ((ANSELL_GASH, 0, "figure.ansell_gash"), (DESEVE, 1, "figure.deseve"))
    for ax, (indicators, which, title) in zip(axes, panels):
        _indicator_panel(ax, rows, indicators, colours, lang)
        _threshold_lines(ax, {name: pair[which] for name, pair in thresholds.items()}, lang)
        ax.set_title(words.text(title, lang), loc="left")
        ax.set_xlabel(words.text("axis.indicator", lang))
    legend_on_top(fig, axes[0], words.text("figure.scorecard", lang, horizon=horizon))
    return fig


def _indicator_panel(ax, rows: pd.DataFrame, indicators, colours: dict, lang: str) -> None:
    """Dots with 95 % whiskers (cut to 0-1), one row per indicator (first at the top), dodged by scenario."""
    y = np.arange(len(indicators))[::-1]
    step = 0.7 / max(len(colours), 1)
    for k, (name, colour) in enumerate(colours.items()):
        means = [compare_stats.mean_ci(rows.loc[rows["scenario"] == name, column]) for column in indicators]
        mean, low, high = (np.array(values) for values in zip(*means))
        offset = y - (k - (len(colours) - 1) / 2) * step
        whiskers = np.nan_to_num(np.abs(np.clip(np.vstack([low, high]), 0, 1) - mean))
        ax.errorbar(mean, offset, xerr=whiskers, fmt="o", color=colour, markersize=4, elinewidth=1.2,
                    capsize=2, label=name)
    ax.set_yticks(y, [words.label(name, lang) for name in indicators])
    ax.set_xlim(-0.03, 1.03)  # room for dots at 0 and 1
    ax.grid(axis="y", visible=False)
    style.number_axis(ax.xaxis, lang)


def _threshold_lines(ax, thresholds: dict, lang: str) -> None:
    """A dashed line per distinct threshold (named in the legend), the region above a single threshold shaded."""
    values: dict[float, list[str]] = {}
    for scenario, value in thresholds.items():
        values.setdefault(value, []).append(scenario)
    for value, scenarios in values.items():
        text = words.text("figure.threshold", lang, value=style.format_number(value, lang, 2))
        if len(values) > 1:
            text += f" ({', '.join(scenarios)})"
        ax.axvline(value, color=style.NEUTRAL, linestyle="--", linewidth=0.9, label=text)
    if len(values) == 1:
        ax.axvspan(next(iter(values)), 1, color=style.OKABE_ITO[2], alpha=0.07, linewidth=0)


def pyramid_figure(ages: pd.DataFrame, colours: dict, lang: str):
    """Weavers per five-year age class at the first and last month (mean per replication), per scenario.

    The start is drawn to the left and the end to the right of a shared age axis.
    """
    first, last = ages["month"].min(), ages["month"].max()
    fig, axes = plt.subplots(1, len(colours), sharey=True, squeeze=False, figsize=(3.4 * len(colours), 3.8))
    centres = AGE_BINS[:-1] + np.diff(AGE_BINS) / 2
    for ax, (name, colour) in zip(axes[0], colours.items()):
        rows = ages[ages["scenario"] == name]
        start, end = (_age_counts(rows[rows["month"] == month]) for month in (first, last))
        ax.barh(centres, -start, height=4.4, color=START_COLOUR, label=words.text("figure.start", lang))
        ax.barh(centres, end, height=4.4, color=colour,
                label=words.text("figure.end", lang, years=style.years_text(last, lang)))
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_title(name)
        ax.set_xlabel(words.text("axis.weavers_per_rep", lang))
        ax.xaxis.set_major_formatter(_absolute_formatter(lang))
        limit = max(start.max(), end.max(), 1) * 1.05
        ax.set_xlim(-limit, limit)
        ax.legend(loc="upper right", fontsize=7)
    axes[0][0].set_ylabel(words.text("axis.age", lang))
    title = words.text("figure.pyramid", lang, years=style.years_text(last, lang))
    fig.suptitle(title, fontsize=9, fontweight="normal")
    return fig


def _age_counts(rows: pd.DataFrame) -> np.ndarray:
    """Weavers per age class, averaged over the replications present."""
    runs = max(rows["run_id"].nunique(), 1)
    counts, _ = np.histogram(rows["age"].clip(AGE_BINS[0], AGE_BINS[-1] - 1e-9), bins=AGE_BINS)
    return counts / runs


def _absolute_formatter(lang: str):
    """Tick labels without sign, for the mirrored side of a pyramid."""
    return FuncFormatter(lambda value, _pos: style.format_number(abs(value), lang))
