"""The report of a comparison: ``report.md`` and a self-contained ``report.html`` in the results folder.

The report says what was run (scenarios, the parameters that differ, replications, seeds,
versions), gives sentences generated from the numbers, the headline tables of paired
differences against the first scenario at 5, 10 and 20 years (capped at the run's length), and
the figures.  The content is built once as a list of blocks and rendered to Markdown (images
linked) and to HTML (images embedded as base64).
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.outcomes import unit as outcome_unit
from sim.params import REGISTRY

from . import compare_stats, figures, lang as words, stats, style, summary
from .resultset import Results, load

MAIN_HORIZON = 120
"""The preferred horizon of the generated sentences and the scorecard, months."""

DEFAULT_THRESHOLD = 0.5

SCREEN_PX_PER_INCH = 125
"""CSS pixels per printed inch of a figure in report.html: a little larger than print size (96) so
that every figure reads at the same, comfortable text size on screen."""


@dataclass(frozen=True)
class Block:
    """One piece of a report: ``kind`` is h1, h2, h3, p (``extra`` "bold" or "small"), ul, table or img."""

    kind: str
    content: object
    extra: object = None


def write_compare_report(outdir, lang: str = "en") -> Path:
    """Draw the comparison's figures and write ``report.md`` and ``report.html``; return the Markdown path."""
    words.check_lang(lang)
    style.apply()
    results = load(outdir)
    diffs = all_differences(results)
    blocks = build(results, diffs, draw_figures(results, diffs, lang), lang)
    md_path = results.folder / "report.md"
    md_path.write_text(to_markdown(blocks), encoding="utf-8")
    (results.folder / "report.html").write_text(to_html(blocks, results.folder, lang), encoding="utf-8")
    return md_path


# ---- numbers -----------------------------------------------------------------------------------

def horizon_years(months: int) -> list[int]:
    """Report horizons in years: 5, 10 and 20, each capped at the run's whole years, without repeats."""
    return sorted({min(target // 12, months // 12) for target in compare_stats.HORIZON_MONTHS} - {0})


def horizon_frames(results: Results) -> list[tuple[int | None, pd.DataFrame]]:
    """(year, one row per run) for each horizon: annual means of the timeseries, or final values
    (year None) when there is no timeseries or the run is shorter than a year."""
    years = horizon_years(results.months) if results.timeseries is not None else []
    if not years:
        return [(None, figures.with_floor_only(results, results.final))]
    outcomes = figures.choose_outcomes(results)
    frame = figures.with_floor_only(results, results.timeseries)
    return [(year, compare_stats.annual_means(frame, year, outcomes)) for year in years]


def all_differences(results: Results) -> pd.DataFrame:
    """Paired differences of every main outcome at every horizon against the first scenario, with a
    ``year`` column (None: the last month) and intervals cut to the values the outcome can take."""
    reference = results.scenarios[0]
    frame = results.timeseries if results.timeseries is not None else results.final
    limits = {name: stats.possible_range(frame[name], name) for name in figures.choose_outcomes(results)}
    parts = [
        compare_stats.paired_differences(rows, name, None, reference).assign(year=year)
        for year, rows in horizon_frames(results) for name in figures.choose_outcomes(results)
    ]
    diffs = pd.concat(parts, ignore_index=True)
    return possible(diffs[diffs["n"] > 0].reset_index(drop=True), limits)


def possible(diffs: pd.DataFrame, limits: dict) -> pd.DataFrame:
    """Differences whose intervals keep the scenario's mean possible, and relative only where meaningful.

    A t-interval from few replications can reach values no run could give (a scenario mean
    below zero); its ends are cut to ``limits[outcome] - ref_mean``.  A difference is shown
    relative to the reference only when the reference mean is large enough (the ``relative``
    flag of :func:`compare_stats.paired_differences`) and the uncut interval stays above
    -100 %; otherwise it is given in the outcome's own unit.
    """
    relative = diffs["relative"] & (diffs["rel_low"] > -1)
    out = stats.within(diffs, limits, shift=diffs["ref_mean"]).assign(relative=relative)
    with np.errstate(divide="ignore", invalid="ignore"):
        return out.assign(rel_low=out["ci_low"] / out["ref_mean"], rel_high=out["ci_high"] / out["ref_mean"])


def sentence_year(diffs: pd.DataFrame) -> int | None:
    """The horizon of the summary and the sentences: the longest up to 10 years, else the shortest."""
    years = sorted(int(year) for year in pd.unique(diffs["year"].dropna()))
    if not years:
        return None
    return max((year for year in years if year <= MAIN_HORIZON // 12), default=years[0])


def at_year(diffs: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The rows of one horizon."""
    return diffs[diffs["year"].isna()] if year is None else diffs[diffs["year"] == year]


def horizon_text(year: int | None, months: int, lang: str) -> str:
    """A horizon in words: "year 10 (mean of months 109 to 120)" or "month 6" for the last month."""
    if year is None:
        return words.text("report.at_month", lang, month=months)
    span = compare_stats.year_months(year)
    return words.text("report.in_year", lang, year=year, first=span[0], last=span[-1])


def thresholds(results: Results) -> dict[str, tuple[float, float]]:
    """Each scenario's (ag_threshold, ds_threshold) from the manifest (0.5 when not recorded)."""
    return {
        name: tuple(float(results.manifest["scenarios"][name].get(key, DEFAULT_THRESHOLD))
                    for key in ("ag_threshold", "ds_threshold"))
        for name in results.scenarios
    }


def differing_parameters(results: Results) -> list[str]:
    """Names of the parameters whose resolved values are not the same in every scenario."""
    params = [results.manifest["scenarios"][name] for name in results.scenarios]
    names = sorted(set().union(*params))
    return [name for name in names if any(p.get(name) != params[0].get(name) for p in params)]


# ---- figures -----------------------------------------------------------------------------------

def draw_figures(results: Results, diffs: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """Write every figure of the comparison; return (file name, caption) of those the report shows."""
    figdir = results.folder / "figures"
    colours = style.colours(results.scenarios)
    reference = results.scenarios[0]
    shown = []
    if figures.trajectory_files(results, figures.choose_outcomes(results), figdir, lang, each=False):
        shown.append(("trajectories.png", words.text("report.fig_trajectories", lang)))
    if len(results.scenarios) > 1:
        style.save(figures.forest_figure(diffs, reference, colours, lang), figdir / "forest")
        shown.append(("forest.png", words.text("report.fig_forest", lang, reference=reference)))
    year = sentence_year(diffs)
    frame = compare_stats.annual_means(results.timeseries, year) if year is not None else results.final
    fig = figures.scorecard_figure(frame, thresholds(results), horizon_text(year, results.months, lang), colours, lang)
    style.save(fig, figdir / "scorecard")
    shown.append(("scorecard.png", words.text("report.fig_scorecard", lang)))
    if results.ages is not None:
        style.save(figures.pyramid_figure(results.ages, colours, lang), figdir / "pyramid")
        shown.append(("pyramid.png", words.text("report.fig_pyramid", lang)))
    return shown


# ---- formatting --------------------------------------------------------------------------------

def interval(centre: float, low: float, high: float, unit: str, lang: str) -> str:
    """ "centre (low to high)" with signs, e.g. "−59.8 (−70.1 to −49.5)" or "+Rp 5,000 (...)"."""
    if not np.isfinite(centre):
        return "–"
    scale = max(abs(x) for x in (centre, low, high) if np.isfinite(x))
    centre_text, low_text, high_text = (
        summary.signed(style.format_value(x, unit, lang, scale=scale), x) for x in (centre, low, high))
    return f"{centre_text} ({words.text('table.range', lang, low=low_text, high=high_text)})"


def percent_interval(row, lang: str) -> str:
    """The relative difference and its interval in %, or "–" where the reference mean is near zero."""
    if not row["relative"]:
        return "–"
    return interval(100 * row["rel"], 100 * row["rel_low"], 100 * row["rel_high"], style.PERCENT, lang)


def p_text(p: float, lang: str) -> str:
    """A p-value: "< 0.001" below one in a thousand, else three decimals; "–" when undefined."""
    if not np.isfinite(p):
        return "–"
    return f"< {style.format_number(0.001, lang, 3)}" if p < 0.001 else style.format_number(p, lang, 3)


# ---- sentences ---------------------------------------------------------------------------------

def sentence(row, reference: str, horizon: str, lang: str) -> str:
    """A sentence about one scenario and outcome at one horizon (in words), from its paired difference."""
    values = {"scenario": row["scenario"], "phrase": words.phrase(row["outcome"], lang),
              "horizon": horizon, "reference": reference}
    low, high = row["ci_low"], row["ci_high"]
    if row["diff"] == 0 and not (high > 0 or low < 0):
        return words.text("sentence.same", lang, **values)
    centre, low, high, unit = summary.scaled(row)
    if not (np.isfinite(low) and np.isfinite(high)) or low <= 0 <= high:
        scale = max(abs(x) for x in (centre, low, high) if np.isfinite(x))
        low_text, high_text = (summary.signed(summary.quantity(x, unit, lang, scale, bare=True), x) for x in (low, high))
        return words.text("sentence.unclear", lang, **values, low=low_text, high=high_text,
                          size=summary.signed(summary.quantity(centre, unit, lang, scale), centre))
    direction = words.text("sentence.higher" if centre > 0 else "sentence.lower", lang)
    near, far = sorted((abs(low), abs(high)))
    return words.text("sentence.changed", lang, **values, direction=direction,
                      size=summary.quantity(abs(centre), unit, lang, far),
                      low=summary.quantity(near, unit, lang, far, bare=True), high=summary.quantity(far, unit, lang, far))


# ---- content -----------------------------------------------------------------------------------

def build(results: Results, diffs: pd.DataFrame, shown: list[tuple[str, str]], lang: str) -> list[Block]:
    """Every block of the report, in reading order: the plain summary first, the statistics after."""
    reference = results.scenarios[0]
    year = sentence_year(diffs)
    horizon = horizon_text(year, results.months, lang)
    return [
        Block("h1", f"{words.text('report.title', lang)}: {', '.join(results.scenarios)}"),
        *summary_blocks(results, at_year(diffs, year), horizon, lang),
        *across_worlds(results, lang),
        Block("h2", words.text("report.figures", lang)),
        *[Block("img", name, caption) for name, caption in shown],
        Block("h2", words.text("report.for_researchers", lang)),
        *what_was_run(results, lang),
        *findings(at_year(diffs, year), reference, horizon, lang),
        *headline_tables(diffs, reference, results.months, lang),
        *reproducibility(results, lang),
    ]


def across_worlds(results: Results, lang: str) -> list[Block]:
    """How often each policy's effects hold across plausible worlds, when a robust study of the same
    reference and policies sits beside this folder (analysis/robust_report.py); nothing otherwise."""
    from .robust_report import holds_across_worlds

    lines = holds_across_worlds(results.scenarios[0], results.scenarios[1:], lang, root=results.folder.parent)
    return [Block("p", words.text("robust.across", lang), "bold"), Block("ul", lines)] if lines else []


def summary_blocks(results: Results, rows: pd.DataFrame, horizon: str, lang: str) -> list[Block]:
    """The plain-language summary: the policies, then per scenario its findings and what they mean."""
    reference = results.scenarios[0]
    common, lines = summary.policy_lines({name: results.manifest["scenarios"][name] for name in results.scenarios},
                                         lang)
    blocks = [Block("h2", words.text("summary.title", lang)),
              Block("p", words.text("summary.policies", lang), "bold"),
              Block("ul", ([common] if common else []) + lines)]
    for name in results.scenarios[1:]:
        own = rows[rows["scenario"] == name]
        blocks += [
            Block("p", words.text("summary.findings", lang, scenario=name, reference=reference, horizon=horizon),
                  "bold"),
            Block("ul", [summary.finding(row, reference, horizon, lang) for _, row in summary.chosen(own).iterrows()]),
            Block("p", summary.meaning(own, "competitiveness", lang)),
            Block("p", summary.meaning(own, "regeneration", lang)),
        ]
    return blocks + [Block("p", words.text("summary.how_sure", lang), "small")]


def what_was_run(results: Results, lang: str) -> list[Block]:
    """Scenarios, design, unfinished runs and the parameters that differ between scenarios."""
    manifest = results.manifest
    blocks = [
        Block("h3", words.text("report.what_was_run", lang)),
        Block("p", words.text("report.scenarios", lang, names=", ".join(results.scenarios),
                              reference=results.scenarios[0])),
        Block("p", words.text("report.design", lang, reps=results.reps, months=results.months,
                              years=style.years_text(results.months, lang), seed=manifest.get("root_seed", "–"))),
    ]
    unfinished = [run for run in manifest.get("runs", []) if run.get("status") != "done"]
    if unfinished:
        blocks.append(Block("p", words.text("report.failed", lang, count=len(unfinished))))
    blocks.append(Block("h3", words.text("report.differing", lang)))
    names = differing_parameters(results)
    if not names:
        return blocks + [Block("p", words.text("report.no_differing", lang))]
    headers = [words.text("table.parameter", lang), words.text("table.unit", lang), *results.scenarios]
    rows = [[name, words.unit_text(REGISTRY[name].unit, lang) if name in REGISTRY else "",
             *[figures.format_param(name, manifest["scenarios"][s].get(name), lang) for s in results.scenarios]]
            for name in names]
    return blocks + [Block("table", headers, rows)]


def findings(rows: pd.DataFrame, reference: str, horizon: str, lang: str) -> list[Block]:
    """Generated sentences at the main horizon, one per scenario and outcome."""
    return [
        Block("h3", words.text("report.findings", lang)),
        Block("p", words.text("sentence.intro", lang, reference=reference, horizon=horizon)),
        Block("ul", [sentence(row, reference, horizon, lang) for _, row in rows.iterrows()]),
    ]


def headline_tables(diffs: pd.DataFrame, reference: str, months: int, lang: str) -> list[Block]:
    """The method, then a table of paired differences per horizon."""
    headers = [words.text(f"table.{key}", lang, reference=reference)
               for key in ("outcome", "unit", "scenario", "reference_mean", "scenario_mean", "difference",
                           "relative", "effect", "p", "n")]
    blocks = [Block("h3", words.text("report.headline", lang)),
              Block("p", words.text("report.method", lang, reference=reference))]
    for year, rows in diffs.groupby("year", sort=True, dropna=False):
        year = None if pd.isna(year) else int(year)
        title = horizon_text(year, months, lang)
        blocks.append(Block("p", title[:1].upper() + title[1:], "bold"))
        blocks.append(Block("table", headers, [table_row(row, lang) for _, row in rows.iterrows()]))
    return blocks


def table_row(row, lang: str) -> list[str]:
    """One line of a headline table."""
    unit = outcome_unit(row["outcome"])
    return [
        words.label(row["outcome"], lang), words.unit_text(unit, lang), row["scenario"],
        style.format_value(row["ref_mean"], unit, lang), style.format_value(row["mean"], unit, lang),
        interval(row["diff"], row["ci_low"], row["ci_high"], unit, lang), percent_interval(row, lang),
        style.format_number(row["d_z"], lang, 2), p_text(row["p"], lang), str(int(row["n"])),
    ]


def reproducibility(results: Results, lang: str) -> list[Block]:
    """Command, seeds by replication, software versions, commit and times from the manifest."""
    manifest = results.manifest
    unknown = words.text("report.unknown", lang)
    seeds = {}
    for run in manifest.get("runs", []):
        seeds.setdefault(run["rep"], set()).add(run["seed"])
    seed_text = "; ".join(f"{rep}: {', '.join(map(str, sorted(found)))}" for rep, found in sorted(seeds.items()))
    versions = [[name, str(version)] for name, version in manifest.get("versions", {}).items()]
    return [
        Block("h3", words.text("report.reproducibility", lang)),
        Block("ul", [
            f"{words.text('report.command', lang)}: `{' '.join(map(str, manifest.get('command', [])))}`",
            f"{words.text('report.seeds', lang)}: {seed_text or unknown}",
            f"{words.text('report.git_commit', lang)}: {manifest.get('git_commit') or unknown}",
            f"{words.text('report.started', lang)}: {manifest.get('started') or unknown}",
            f"{words.text('report.finished', lang)}: {manifest.get('finished') or unknown}",
        ]),
        Block("p", words.text("report.versions", lang), "bold"),
        Block("table", [words.text("table.package", lang), words.text("table.version", lang)], versions),
    ]


# ---- rendering ---------------------------------------------------------------------------------

def to_markdown(blocks: list[Block]) -> str:
    """The report as Markdown; images are linked from ``figures/``."""
    out = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            out.append(f"{'#' * int(block.kind[1])} {block.content}")
        elif block.kind == "p":
            out.append({"bold": f"**{block.content}**", "small": f"*{block.content}*"}.get(block.extra, block.content))
        elif block.kind == "ul":
            out.append("\n".join(f"- {item}" for item in block.content))
        elif block.kind == "table":
            out.append(_markdown_table(block.content, block.extra))
        elif block.kind == "img":
            out.append(f"![{block.extra}](figures/{block.content})\n\n*{block.extra}*")
    return "\n\n".join(out) + "\n"


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    def line(cells):
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(headers), line(["---"] * len(headers)), *map(line, rows)])


CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } tr:nth-child(even) td { background: #fafafa; }
figure { margin: 1rem 0 2rem; } img { max-width: 100%; height: auto; }
figcaption { font-style: italic; color: #555; } code { background: #f4f4f4; padding: 0 0.2rem; }
p.note { font-size: 0.85rem; color: #555; }
"""


def to_html(blocks: list[Block], folder: Path, lang: str) -> str:
    """The report as one HTML file with every image embedded (base64 PNG)."""
    body = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            body.append(f"<{block.kind}>{html.escape(block.content)}</{block.kind}>")
        elif block.kind == "p":
            text = _inline(block.content)
            body.append({"bold": f"<p><strong>{text}</strong></p>", "small": f'<p class="note">{text}</p>'}
                        .get(block.extra, f"<p>{text}</p>"))
        elif block.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in block.content) + "</ul>")
        elif block.kind == "table":
            body.append(_html_table(block.content, block.extra))
        elif block.kind == "img":
            png = (folder / "figures" / block.content).read_bytes()
            data = base64.b64encode(png).decode("ascii")
            caption = html.escape(block.extra)
            body.append(f'<figure><img src="data:image/png;base64,{data}" alt="{caption}" '
                        f'style="width: {_css_width(png)}px"><figcaption>{caption}</figcaption></figure>')
    title = html.escape(blocks[0].content)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _css_width(png: bytes) -> int:
    """The width in CSS pixels at which a figure shows with the same text size as the others."""
    pixels = int.from_bytes(png[16:20], "big")  # the width field of the PNG header
    return round(pixels / style.DPI * SCREEN_PX_PER_INCH)


def _inline(text: str) -> str:
    """Escape text for HTML and turn `code` spans into <code> elements."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(str(cell))}</th>" for cell in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
