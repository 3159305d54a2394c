"""The robust study in words and figures: one sentence per policy and headline outcome, the effect
distributions across worlds, and the parameters that decide them (``report.md``/``report.html``
of a robust results folder, English or Indonesian).  The numbers come from :mod:`analysis.robust`.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.outcomes import unit as outcome_unit
from sim.params import InputError

from . import lang as words
from . import robust, style
from .report import Block, to_html, to_markdown

SENTENCE_YEAR = 10
"""The horizon of the sentences: the tenth year (the fifth when the runs are shorter)."""
MAX_DECIDING = 3
"""Deciding parameters named per policy and outcome in the table."""
MAX_DRAWN = 6
"""Deciding parameters drawn per policy."""


# ---- words ------------------------------------------------------------------------------------

def percent(share: float, lang: str) -> str:
    return f"{style.format_number(100 * share, lang)} %"


def amount(row: pd.Series, column: str, lang: str) -> str:
    """An effect in its outcome's unit, signed."""
    value = row[column]
    text = style.format_value(abs(value), outcome_unit(row["outcome"]), lang)
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def effect_text(row: pd.Series, column: str, lang: str) -> str:
    """``column`` (median, q05 or q95) of an effect across worlds: relative to the reference (signed
    %) when the summary has relative effects, else in the outcome's unit."""
    relative = row.get(f"rel_{column}", np.nan)
    if not np.isfinite(relative):
        return amount(row, column, lang)
    value = 100 * relative
    sign = "+" if value > 0 else ""
    return f"{sign}{style.format_number(value, lang, style.significant_decimals(value))} %"


def rule_text(rule: pd.Series, lang: str) -> str:
    """``name`` is below/above ``threshold`` in the parameter's unit."""
    from sim.params import REGISTRY

    unit = REGISTRY[rule["rule_parameter"]].unit
    value = style.format_value(rule["rule_threshold"], unit, lang)
    side = "below" if rule["rule_side"] == "<" else "above"
    return words.text(f"robust.{side}", lang, name=rule["rule_parameter"], value=value)


def sentence(row: pd.Series, rule: pd.Series | None, lang: str) -> str:
    """One policy and outcome: how often and how much it moves the outcome, and where it goes the other way."""
    if row["helps"] == row["hurts"] == 0:
        return words.text("robust.no_effect", lang, policy=row["policy"], phrase=words.phrase(row["outcome"], lang),
                          year=int(row["year"]))
    verb, share = direction(row)
    other = "raises" if verb == "lowers" else "lowers"
    median, low, high = (effect_text(row, column, lang) for column in ("median", "q05", "q95"))
    text = words.text("robust.sentence", lang, share=percent(share, lang), policy=row["policy"],
                      verb=words.text(f"robust.{verb}", lang), phrase=words.phrase(row["outcome"], lang),
                      year=int(row["year"]), median=median, low=low, high=high)
    unchanged = 1.0 - row["helps"] - row["hurts"]
    if unchanged >= 0.005:
        text += " " + words.text("robust.unchanged", lang, share=percent(unchanged, lang))
    if share >= 0.99:
        return text + " " + words.text("robust.always", lang)
    if rule is None or pd.isna(rule.get("rule_parameter", np.nan)):
        return text + " " + words.text("robust.no_rule", lang, other=words.text(f"robust.{other}", lang))
    return text + " " + words.text("robust.rule", lang, other=words.text(f"robust.{other}", lang),
                                   rule=rule_text(rule, lang), density=percent(rule["rule_density"], lang))


def sentence_year(summary: pd.DataFrame) -> int:
    years = sorted(summary["year"].unique())
    return SENTENCE_YEAR if SENTENCE_YEAR in years else int(years[-1])


def sentences(tables: dict, lang: str) -> list[str]:
    """One sentence per policy and headline outcome at :func:`sentence_year`."""
    summary, found = tables["summary"], tables["rules"]
    year = sentence_year(summary)
    out = []
    for _, row in summary[summary.year == year].sort_values("policy", key=_first_seen, kind="stable").iterrows():
        match = found[(found.policy == row.policy) & (found.outcome == row.outcome) & (found.year == year)]
        out.append(sentence(row, match.iloc[0] if len(match) else None, lang))
    return out


def _first_seen(names: pd.Series) -> pd.Series:
    """Sort key: policies in the order they first appear (the command line's)."""
    order = {name: i for i, name in enumerate(dict.fromkeys(names))}
    return names.map(order)


def plan_line(plan, lang: str) -> str:
    """What the study runs, in one line."""
    return words.text("robust.plan", lang, worlds=len(plan.points), params=len(plan.varied), reps=plan.reps,
                      scenarios=len(plan.scenarios), runs=len(plan.points) * plan.reps * len(plan.scenarios))


def where_line(report: Path, lang: str) -> str:
    return words.text("robust.where", lang, path=report)


def direction(row: pd.Series) -> tuple[str, float]:
    """("raises" or "lowers", share of worlds): the policy's usual direction on the outcome."""
    helps = robust.usually_helps(row["helps"], row["hurts"])
    raises = helps == (robust.HEADLINES[row["outcome"]] > 0)
    return ("raises" if raises else "lowers"), (row["helps"] if helps else row["hurts"])


def holds_across_worlds(reference: str, policies, lang: str, root: Path | None = None) -> list[str]:
    """For ``compare``: from the newest finished robust study under ``root`` (the results folder)
    with this reference and these policies, one line per policy and headline outcome saying in
    how many plausible worlds the policy moves it which way; none without such a study."""
    from .storage import RESULTS_DIR, read_manifest

    found = []
    for summary in Path(root or RESULTS_DIR).glob("robust-*/robust_summary.csv"):
        try:
            names = list(read_manifest(summary.parent)["scenarios"])
        except (InputError, OSError, ValueError, KeyError):  # a damaged or foreign folder is no evidence
            continue
        if names[0] == reference and set(policies) <= set(names[1:]):
            found.append((summary.stat().st_mtime, summary))
    if not found:
        return []
    path = max(found)[1]
    table = pd.read_csv(path)
    year = sentence_year(table)
    lines = []
    for _, row in table[(table.year == year) & table.policy.isin(list(policies))].iterrows():
        verb, share = direction(row)
        lines.append(words.text("robust.holds", lang, worlds=int(row.worlds), policy=row.policy, share=percent(share, lang),
                                verb=words.text(f"robust.{verb}", lang), phrase=words.phrase(row.outcome, lang),
                                year=year, path=path.parent))
    return lines


# ---- figures ----------------------------------------------------------------------------------

def effects_figure(effects: pd.DataFrame, year: int, lang: str):
    """Per headline outcome, the effect of each policy across worlds (relative to the reference
    where it is positive, else in the outcome's unit): a box of the middle half, whiskers to the
    5 % and 95 % quantiles, a line at no effect."""
    outcomes = list(robust.HEADLINES)
    policies = list(dict.fromkeys(effects.policy))
    fig, axes = plt.subplots(2, (len(outcomes) + 1) // 2, figsize=(3.2 * ((len(outcomes) + 1) // 2), 6.4))
    for ax, outcome in zip(axes.flat, outcomes):
        rows = effects[(effects.outcome == outcome) & (effects.year == year)]
        relative = bool((rows.reference > 0).all())
        data = [_values(rows[rows.policy == p], relative) for p in policies]
        ax.boxplot(data, whis=(5, 95), showfliers=False, orientation="horizontal")
        ax.set_yticks(range(1, len(policies) + 1), policies if ax in axes[:, 0] else [""] * len(policies))
        ax.axvline(0, color="0.3", lw=0.8)
        unit = "%" if relative else words.unit_text(outcome_unit(outcome), lang)
        ax.set_title(words.label(outcome, lang), fontsize=9)
        ax.set_xlabel(words.text("robust.effect_axis", lang, unit=unit), fontsize=8)
    for ax in list(axes.flat)[len(outcomes):]:
        ax.set_visible(False)
    fig.suptitle(words.text("robust.effects_title", lang, year=year))
    return fig


def _values(rows: pd.DataFrame, relative: bool) -> np.ndarray:
    return (100 * rows.effect / rows.reference).to_numpy() if relative else rows.effect.to_numpy()


def deciding_figure(decide: pd.DataFrame, year: int, lang: str):
    """Per policy, the parameters that decide the effect on some headline outcome: for each, its
    PAWN index over the dummy inputs' level for that outcome (above 1: it decides), the largest
    across the outcomes, strongest first."""
    policies = list(dict.fromkeys(decide.policy))
    columns = min(4, len(policies))
    rows_n = -(-len(policies) // columns)
    fig, axes = plt.subplots(rows_n, columns, figsize=(4.0 * columns, 3.0 * rows_n), squeeze=False)
    for ax, policy in zip(axes.flat, policies):
        rows = decide[(decide.policy == policy) & (decide.year == year) & decide.decides]
        ratio = (rows.pawn / rows.dummy).groupby(rows.parameter).max().sort_values().tail(MAX_DRAWN)
        ax.barh(ratio.index, ratio.to_numpy(), color="#4477aa")
        ax.axvline(1.0, color="#cc6677", ls="--", lw=1, label=words.text("robust.dummy", lang))
        ax.set_xlim(0.9, max(1.5, float(ratio.max()) * 1.05) if len(ratio) else 1.5)
        ax.set_title(policy, fontsize=10)
        ax.set_xlabel(words.text("robust.pawn_axis", lang), fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[len(policies):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="lower right")
    fig.suptitle(words.text("robust.deciding_title", lang, year=year))
    return fig


# ---- the report -------------------------------------------------------------------------------

def write(folder: Path, tables: dict, lang: str) -> Path:
    """Draw the figures and write ``report.md`` and ``report.html``; return the HTML path."""
    words.check_lang(lang)
    style.apply()
    folder = Path(folder)
    (folder / "figures").mkdir(exist_ok=True)
    year = sentence_year(tables["summary"])
    figures = {"robust_effects": effects_figure(tables["effects"], year, lang),
               "robust_deciding": deciding_figure(tables["deciding"], year, lang)}
    for stem, fig in figures.items():
        style.save(fig, folder / "figures" / stem)
        plt.close(fig)
    blocks = build(tables, year, lang)
    (folder / "report.md").write_text(to_markdown(blocks), encoding="utf-8")
    html = folder / "report.html"
    html.write_text(to_html(blocks, folder, lang), encoding="utf-8")
    return html


def build(tables: dict, year: int, lang: str) -> list[Block]:
    summary, found, decide = tables["summary"], tables["rules"], tables["deciding"]
    worlds = int(summary.worlds.max())
    blocks = [Block("h1", words.text("robust.title", lang)),
              Block("p", words.text("robust.intro", lang, worlds=worlds)),
              Block("ul", sentences(tables, lang)),
              Block("img", "robust_effects.png", words.text("robust.effects_title", lang, year=year)),
              Block("img", "robust_deciding.png", words.text("robust.deciding_title", lang, year=year)),
              Block("h2", words.text("robust.table_title", lang)),
              Block("p", words.text("robust.table_intro", lang))]
    headers = [words.text(f"robust.col.{c}", lang) for c in
               ("policy", "outcome", "year", "median", "range", "helps", "hurts", "deciding", "prim")]
    rows = []
    for _, row in summary.iterrows():
        top = robust.deciding_names(decide, row.policy, row.outcome, row.year)[:MAX_DECIDING]
        box = found[(found.policy == row.policy) & (found.outcome == row.outcome) & (found.year == row.year)]
        rows.append([row.policy, words.label(row.outcome, lang), str(int(row.year)), amount(row, "median", lang),
                     f"{amount(row, 'q05', lang)} .. {amount(row, 'q95', lang)}",
                     f"{percent(row.helps, lang)} ({percent(row.clearly_helps, lang)})",
                     f"{percent(row.hurts, lang)} ({percent(row.clearly_hurts, lang)})",
                     ", ".join(f"`{p}`" for p in top) or "-",
                     (box.prim.iloc[0] if len(box) and isinstance(box.prim.iloc[0], str) else "") or "-"])
    blocks.append(Block("table", headers, rows))
    blocks.append(Block("p", words.text("robust.method", lang), "small"))
    return blocks
