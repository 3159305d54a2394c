"""The report of a sweep: ``report.md`` and a self-contained ``report.html`` in the results folder.

A planner reads first what was varied (each parameter in words, with its unit and range) over
which scenario, then one sentence per headline outcome (:data:`analysis.summary.KEY_OUTCOMES`)
saying which parameter moves it most and in which direction, then the figures the sweep draws
(:func:`analysis.figures.sweep_files`) and, for Sobol' and Morris designs, the sensitivity
indices.  Outcomes are annual means of the last full year (:func:`compare_stats.annual_means`),
averaged over the replications of each design point; a parameter's effect is the change from the
low to the high end of its range in a straight-line fit across the design points, with the other
varied parameters held.  Blocks and rendering are those of the compare report (:mod:`analysis.report`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.outcomes import unit as outcome_unit
from sim.params import REGISTRY

from . import compare_stats, figures, lang as words, report, stats, style, summary
from .report import Block
from .resultset import Results, load

OUTCOMES = summary.KEY_OUTCOMES
"""The headline outcomes a sweep report speaks about, most important first."""


def write_sweep_report(outdir, lang: str = "en", paths: list[Path] | None = None) -> tuple[Path, list[str]]:
    """Write ``report.md`` and ``report.html`` for the sweep in ``outdir``; return the Markdown path and
    the summary sentences (for the terminal).

    ``paths`` are the figures already drawn (shown when they are the sweep's own); None draws them.
    """
    words.check_lang(lang)
    style.apply()
    results = load(outdir)
    outcomes = [name for name in OUTCOMES if name in results.final.columns]
    year, means = point_means(results, outcomes)
    effects = responses(means, numeric_varied(results), outcomes)
    horizon = report.horizon_text(year, results.months, lang)
    sentences = [response_sentence(effects[effects["outcome"] == name], means[name], lang) for name in outcomes]
    if paths is None:
        paths = figures.sweep_files(results, outcomes, results.folder / "figures", lang)
    blocks = build(results, effects, sentences, horizon, shown(results, paths, outcomes, lang), lang)
    md_path = results.folder / "report.md"
    md_path.write_text(report.to_markdown(blocks), encoding="utf-8")
    (results.folder / "report.html").write_text(report.to_html(blocks, results.folder, lang), encoding="utf-8")
    return md_path, [words.text("sweep.terminal", lang, horizon=horizon),
                     *(text.replace("`", "") for text in sentences)]


# ---- numbers -----------------------------------------------------------------------------------

def point_means(results: Results, outcomes: list[str]) -> tuple[int | None, pd.DataFrame]:
    """(year, one row per design point: the varied values and each outcome's mean over replications).

    Values are annual means of the last full year; the last month's (year None) when the run is
    shorter than a year or there is no timeseries."""
    year = results.months // 12 or None
    if year is None or results.timeseries is None:
        return None, results.final.groupby(results.varied)[outcomes].mean().reset_index()
    point = {run["run_id"]: run["point"] for run in results.manifest["runs"]}
    series = results.timeseries.assign(point=results.timeseries["run_id"].map(point))
    values = series[["point", *results.varied]].drop_duplicates("point")
    per_run = compare_stats.annual_means(series, year, outcomes).merge(values, on="point")
    return year, per_run.groupby(results.varied)[outcomes].mean().reset_index()


def numeric_varied(results: Results) -> list[str]:
    """The varied parameters a straight line can be fitted to (numbers and switches, not choices)."""
    return [name for name in results.varied if REGISTRY[name].kind != "choice"]


def responses(means: pd.DataFrame, params: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Per outcome and parameter: ``change`` from the low to the high end of the parameter's range
    (outcome's unit) in a least-squares line over the design points, with its 95 % interval
    ``ci_low, ci_high`` (NaN with too few points)."""
    x = means[params].to_numpy(float)
    low, high = x.min(axis=0), x.max(axis=0)
    design = np.column_stack([np.ones(len(x)), (x - low) / np.where(high > low, high - low, 1.0)])
    rows = []
    for name in outcomes:
        y = means[name].to_numpy(float)
        keep = np.isfinite(y)
        change, half = line_fit(design[keep], y[keep])
        rows += [{"outcome": name, "parameter": param, "change": change[k], "ci_low": change[k] - half[k],
                  "ci_high": change[k] + half[k]} for k, param in enumerate(params)]
    return pd.DataFrame(rows, columns=["outcome", "parameter", "change", "ci_low", "ci_high"])


def line_fit(design: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slopes of a least-squares fit of ``y`` on ``design`` (first column the intercept, left out)
    and their 95 % t-interval half-widths (NaN without residual degrees of freedom)."""
    if len(y) == 0:
        return np.full(design.shape[1] - 1, np.nan), np.full(design.shape[1] - 1, np.nan)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    dof = len(y) - np.linalg.matrix_rank(design)
    if dof < 1:
        return coef[1:], np.full(len(coef) - 1, np.nan)
    variance = np.sum((y - design @ coef) ** 2) / dof
    se = np.sqrt(np.clip(np.diag(np.linalg.pinv(design.T @ design)), 0, None) * variance)
    return coef[1:], (stats.t_quantile(dof + 1) * se)[1:]


# ---- words -------------------------------------------------------------------------------------

def amount(value: float, outcome: str, lang: str, scale: float, change: bool = False, signed: bool = False,
           bare: bool = False) -> str:
    """A level or (``change``) a change of ``outcome`` for a sentence, two significant figures of
    ``scale``: shares in % and their changes in percentage points; ``signed`` puts "+" before
    gains, ``bare`` leaves out a unit written after the number."""
    unit = outcome_unit(outcome)
    if unit == style.SHARE:
        value, scale, unit = 100 * value, 100 * scale, "percentage points" if change else style.PERCENT
    text = summary.quantity(value, unit, lang, scale, bare=bare)
    return summary.signed(text, value) if signed else text


def response_sentence(rows: pd.DataFrame, levels: pd.Series, lang: str) -> str:
    """One outcome's response in one sentence: the parameter that moves it most, the direction and
    size over its range, the others' changes, and the outcome's span across the design points."""
    outcome = levels.name
    span = (levels.max() - levels.min()) or levels.abs().max()  # enough figures to tell the two apart
    values = {"outcome": words.label(outcome, lang), "least": amount(levels.min(), outcome, lang, span, bare=True),
              "most": amount(levels.max(), outcome, lang, span)}
    rows = rows[np.isfinite(rows["change"])]
    if rows.empty:
        return words.text("sweep.not_estimated", lang, **values)
    rows = rows.reindex(rows["change"].abs().sort_values(ascending=False).index)
    top = rows.iloc[0]
    scale = max(abs(x) for x in (top["change"], top["ci_low"], top["ci_high"]) if np.isfinite(x))
    if not top["ci_low"] > 0 and not top["ci_high"] < 0:
        low, high = (amount(top[key], outcome, lang, scale, True, True, True) for key in ("ci_low", "ci_high"))
        return words.text("sweep.unclear", lang, **values, param=top["parameter"], low=low, high=high,
                          size=amount(top["change"], outcome, lang, scale, True, True))
    near, far = sorted((abs(top["ci_low"]), abs(top["ci_high"])))
    others = "; ".join(f"`{row['parameter']}` {amount(row['change'], outcome, lang, scale, True, True)}"
                       for _, row in rows.iloc[1:].iterrows())
    return words.text("sweep.moved", lang, **values, param=top["parameter"],
                      size=amount(abs(top["change"]), outcome, lang, scale, True),
                      low=amount(near, outcome, lang, scale, True, bare=True), high=amount(far, outcome, lang, scale, True),
                      direction=words.text("sweep.raises" if top["change"] > 0 else "sweep.lowers", lang),
                      others=words.text("sweep.others", lang, items=others) if others else "")


def parameter_item(name: str, axis: dict, sampled: bool, lang: str) -> str:
    """A varied parameter in words: what it is, the values it took and its unit."""
    param = REGISTRY[name]
    what = words.text(f"param.{name}", lang) if name in words.glossary()["param"] else param.doc.rstrip(".")
    if "values" in axis:
        shown = words.text("sweep.values", lang,
                           values=", ".join(figures.format_param(name, v, lang) for v in axis["values"]))
    else:
        ends = {"low": figures.format_param(name, axis["lo"], lang), "high": figures.format_param(name, axis["hi"], lang)}
        shown = (words.text("sweep.sampled", lang, **ends) if sampled or not axis.get("n")
                 else words.text("sweep.grid", lang, **ends, n=axis["n"]))
    return words.text("sweep.param_item", lang, name=name, what=what, values=shown,
                      unit=words.unit_text(param.unit, lang))


# ---- content -----------------------------------------------------------------------------------

def shown(results: Results, paths: list[Path], outcomes: list[str], lang: str) -> list[tuple[str, str]]:
    """(file name, caption) of the sweep figures among ``paths``: responses, and the headline
    outcomes' heatmaps, scatter plots and index charts."""
    pictures = []
    for path in paths:
        kind, _, rest = path.stem.partition("_")
        if path.suffix != ".png" or kind not in ("response", "heatmap", "scatter", "sobol", "morris"):
            continue
        if kind == "response":
            pictures.append((path.name, words.text("sweep.fig_response", lang, param=rest)))
        elif rest in outcomes:
            pictures.append((path.name, words.text(f"sweep.fig_{kind}", lang, outcome=words.label(rest, lang),
                                                   params=", ".join(results.varied))))
    return pictures


def build(results: Results, effects: pd.DataFrame, sentences: list[str], horizon: str,
          pictures: list[tuple[str, str]], lang: str) -> list[Block]:
    """Every block of the sweep report, the plain summary first."""
    scenario = results.scenarios[0]
    return [
        Block("h1", f"{words.text('sweep.title', lang)}: {scenario}"),
        Block("h2", words.text("summary.title", lang)),
        *what_was_varied(results, lang),
        Block("p", words.text("sweep.responses", lang, horizon=horizon), "bold"),
        Block("ul", sentences),
        Block("p", words.text("sweep.how", lang), "small"),
        *([Block("h2", words.text("report.figures", lang)), *[Block("img", name, caption) for name, caption in pictures]]
          if pictures else []),
        Block("h2", words.text("report.for_researchers", lang)),
        *effect_table(effects, results, horizon, lang),
        *index_tables(results, lang),
        *report.reproducibility(results, lang),
    ]


def what_was_varied(results: Results, lang: str) -> list[Block]:
    """The varied parameters in words, the design, and what the scenario itself does."""
    design = results.manifest["design"]
    sampled = design["name"] != "grid"
    scenario = results.scenarios[0]
    _, policy = summary.policy_lines({scenario: results.manifest["scenarios"][scenario]}, lang)
    return [
        Block("p", words.text("sweep.varied", lang), "bold"),
        Block("ul", [parameter_item(name, axis_of(results, name), sampled, lang) for name in results.varied]),
        Block("p", words.text("sweep.design", lang, scenario=scenario, design=words.text(f"sweep.design_{design['name']}",
                                                                                          lang),
                              points=design["points"], reps=results.reps, runs=len(results.final),
                              months=results.months, years=style.years_text(results.months, lang),
                              seed=results.manifest.get("root_seed", "–"))),
        Block("p", words.text("sweep.base", lang), "bold"),
        Block("ul", policy),
    ]


def axis_of(results: Results, name: str) -> dict:
    """How the design describes a varied parameter's values; the range the runs took if it does not."""
    axis = (results.manifest["design"].get("axes") or {}).get(name)
    return axis or {"lo": results.final[name].min(), "hi": results.final[name].max(), "n": None}


def effect_table(effects: pd.DataFrame, results: Results, horizon: str, lang: str) -> list[Block]:
    """Per headline outcome, each parameter's change over its range with its 95 % interval."""
    params = list(pd.unique(effects["parameter"]))
    headers = [words.text("table.outcome", lang), words.text("table.unit", lang), *params]
    rows = []
    for outcome, own in effects.groupby("outcome", sort=False):
        unit = outcome_unit(outcome)
        unit = "percentage points" if unit == style.SHARE else unit
        scale = 100 if outcome_unit(outcome) == style.SHARE else 1
        cells = own.set_index("parameter")
        rows.append([words.label(outcome, lang), words.unit_text(unit, lang),
                     *(report.interval(*(scale * cells.loc[p, key] for key in ("change", "ci_low", "ci_high")), unit, lang)
                       for p in params)])
    return [Block("h3", words.text("sweep.table_title", lang, horizon=horizon)), Block("table", headers, rows)]


def index_tables(results: Results, lang: str) -> list[Block]:
    """The Sobol' or Morris indices of the headline outcomes, when the design has them."""
    indices = results.indices
    if indices is None or indices.empty:
        return []
    method = "sobol" if "ST" in indices.columns else "morris"
    if "other" in indices.columns:  # second-order rows name a second parameter
        indices = indices[indices["other"].isna() | (indices["other"] == "")]
    columns = figures.INDEX_COLUMNS[method]
    headers = [words.text("table.outcome", lang), words.text("table.parameter", lang),
               *(words.text(key, lang) for _, key in columns)]
    rows = [[words.label(row["outcome"], lang), row["parameter"],
             *(_plus_minus(row[column], row[f"{column}_conf"], outcome_unit(row["outcome"]) if method == "morris"
                           else "ratio", lang) for column, _ in columns)]
            for _, row in indices[indices["outcome"].isin(OUTCOMES)].iterrows()]
    return [Block("h3", words.text("sweep.indices", lang)), Block("p", words.text(f"sweep.{method}_method", lang)),
            Block("table", headers, rows)]


def _plus_minus(value: float, half: float, unit: str, lang: str) -> str:
    """ "0.42 ± 0.05": an index with its 95 % half-width; Sobol' shares (unit "ratio") to two decimals,
    Morris μ* in the outcome's unit."""
    if unit == "ratio":
        return f"{style.format_number(value, lang, 2)} ± {style.format_number(half, lang, 2)}"
    scale = max(abs(value), abs(half)) if np.isfinite(half) else abs(value)
    return f"{style.format_value(value, unit, lang, scale=scale)} ± {style.format_value(half, unit, lang, scale=scale)}"
