"""The plain-language summary that opens a comparison report, and numbers put into words.

For a planner: what each scenario's policy is (every setting that acts, :mod:`analysis.policy`),
three to five findings in one sentence each with how sure they are, and what they mean for
competitiveness and for regeneration.  The sentences are built from paired differences
(:func:`analysis.compare_stats.paired_differences` rows, after
:func:`analysis.report.possible`), one horizon at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.outcomes import unit as outcome_unit

from . import lang as words, policy, style

KEY_OUTCOMES = ("price_genuine", "weaver_income_mean", "units_genuine", "local_market_share",
                "active_weavers", "entrants", "median_age")
"""Outcomes a finding may be about, most important first."""

MEANING = {"competitiveness": ("local_market_share", "units_genuine", "price_genuine", "weaver_income_mean"),
           "regeneration": ("active_weavers", "entrants", "median_age")}
"""The outcomes behind each "what it means" sentence; the first decides the verdict."""

MIN_FINDINGS, MAX_FINDINGS = 3, 5

SURE = ((0.001, "almost_certain"), (0.01, "very_likely"), (0.05, "likely"))
"""p-value of the paired t-test below which a difference is called by these words."""

UNITLESS = {"ratio", "count of 5", "count of 8", "0 inactive, 1 active, 2 dynamic", "0/1"}
"""Units not repeated after a number in a sentence."""


# ---- numbers in words ---------------------------------------------------------------------------

def signed(text: str, value: float) -> str:
    """``text`` (a formatted magnitude or negative number) with a "+" in front of positive values."""
    return f"+{text}" if value > 0 else text


def scaled(row) -> tuple[float, float, float, str]:
    """Centre, low, high and unit of a difference: % of the reference, percentage points, or the outcome's unit."""
    unit = outcome_unit(row["outcome"])
    if row["relative"]:
        return 100 * row["rel"], 100 * row["rel_low"], 100 * row["rel_high"], style.PERCENT
    if unit == style.SHARE:
        return 100 * row["diff"], 100 * row["ci_low"], 100 * row["ci_high"], "percentage points"
    return row["diff"], row["ci_low"], row["ci_high"], unit


def quantity(value: float, unit: str, lang: str, scale: float, bare: bool = False) -> str:
    """A value with its unit for a sentence ("12 %", "Rp 5,000", "3.2 years"), two significant figures of ``scale``.

    ``bare`` drops a unit that would be written after the number (not "Rp" or "%").
    """
    if unit.startswith("Rp"):
        value = style.round_to_scale(value, scale)
    text = style.format_value(value, unit, lang, digits=2, scale=scale)
    if bare or unit.startswith("Rp") or unit == style.PERCENT or unit in UNITLESS:
        return text
    return f"{text} {words.unit_text(unit, lang)}"


def change(row, lang: str) -> str:
    """A difference in a few characters: "+82 %", "−2.0 percentage points", "+Rp 210,000", "−270 weavers"."""
    centre, _, _, unit = scaled(row)
    return signed(quantity(centre, unit, lang, abs(centre)), centre)


def sureness(row) -> str:
    """How sure a difference is, as a glossary key under ``sure``: from the paired t-test and the interval."""
    if row["diff"] == 0 and not (row["ci_high"] > 0 or row["ci_low"] < 0):
        return "same"
    if not np.isfinite(row["p"]):  # every pair differs by the same amount
        return "almost_certain"
    excludes_zero = row["ci_low"] > 0 or row["ci_high"] < 0
    return next((key for limit, key in SURE if row["p"] < limit and excludes_zero), "unclear")


def is_clear(row) -> bool:
    """Whether a difference is clear enough to state as a change (at least "likely")."""
    return sureness(row) in {key for _, key in SURE}


# ---- what each scenario's policy is -------------------------------------------------------------

def policy_lines(scenarios: dict[str, dict], lang: str) -> tuple[str | None, list[str]]:
    """What the policies are: a line for what every scenario shares (None if nothing) and one per scenario.

    ``scenarios`` maps a scenario name to its resolved parameters.  Each line names every
    acting policy setting (:func:`analysis.policy.describe`), grouped by policy, and the
    policies other scenarios have and this one lacks ("no price floor").
    """
    described = {name: policy.describe(params, lang) for name, params in scenarios.items()}
    shared = [item for item in next(iter(described.values())) if all(item in items for items in described.values())]
    present = {policy.group_of(names) for items in described.values() for names, _ in items}
    common = _grouped(shared, set(), lang) if shared and len(scenarios) > 1 else None
    lines = []
    for name, items in described.items():
        own = [item for item in items if common is None or item not in shared]
        missing = present - {policy.group_of(names) for names, _ in items}
        text = _grouped(own, missing, lang) or words.text(
            "summary.nothing_else" if common else "policy.no_policy", lang)
        lines.append(words.text("summary.scenario_policy", lang, scenario=name, policy=text))
    return (words.text("summary.common_policy", lang, policy=common) if common else None), lines


def _grouped(items, missing: set, lang: str) -> str:
    """Items as "Group: phrase; phrase. Group: ..." in the order of the policies, absent ones named."""
    parts = []
    for group in policy.GROUPS:
        phrases = [text for names, text in items if policy.group_of(names) == group]
        if phrases:
            parts.append(f"{words.text(f'policy.{group}', lang)}: {'; '.join(phrases)}")
        elif group in missing:
            parts.append(_capital(words.text(f"policy.{group}_none", lang)))
    return ". ".join(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---- findings and what they mean ----------------------------------------------------------------

def chosen(rows: pd.DataFrame) -> pd.DataFrame:
    """The findings to state for one scenario: the clear ones among :data:`KEY_OUTCOMES` in order of
    importance (at most :data:`MAX_FINDINGS`), topped up with unclear ones to :data:`MIN_FINDINGS`."""
    rows = rows.set_index("outcome", drop=False)
    present = [name for name in KEY_OUTCOMES if name in rows.index]
    clear = [name for name in present if is_clear(rows.loc[name])][:MAX_FINDINGS]
    rest = [name for name in present if name not in clear][:max(0, MIN_FINDINGS - len(clear))]
    keep = [name for name in present if name in clear or name in rest]
    return rows.loc[keep]


def finding(row, reference: str, horizon: str, lang: str) -> str:
    """One finding in one sentence: both values, the change and how sure it is."""
    scale = max(abs(row["mean"]), abs(row["ref_mean"]))
    return words.text(
        "summary.finding", lang, phrase=_capital(words.phrase(row["outcome"], lang)), horizon=horizon,
        value=level(row["mean"], row["outcome"], scale, lang), scenario=row["scenario"],
        ref_value=level(row["ref_mean"], row["outcome"], scale, lang), reference=reference,
        change=change(row, lang), sure=words.text(f"sure.{sureness(row)}", lang))


def level(value: float, outcome: str, scale: float, lang: str) -> str:
    """An outcome's level in a finding: shares as percentages, money rounded, counts as bare numbers
    (the outcome's phrase already says what they count)."""
    unit = outcome_unit(outcome)
    if unit == style.SHARE:
        return quantity(100 * value, style.PERCENT, lang, 100 * scale)
    return quantity(value, unit, lang, scale, bare=True)


def meaning(rows: pd.DataFrame, topic: str, lang: str) -> str:
    """What one scenario's differences mean for ``topic`` (competitiveness or regeneration), in one sentence."""
    rows = rows.set_index("outcome", drop=False)
    names = [name for name in MEANING[topic] if name in rows.index]
    if not names:
        return words.text(f"summary.{topic}_none", lang)
    lead = rows.loc[names[0]]
    verdict = "unclear" if not is_clear(lead) else "up" if lead["diff"] > 0 else "down"
    clear = [f"{words.label(name, lang).lower()} {change(rows.loc[name], lang)}" for name in names
             if is_clear(rows.loc[name])]
    unclear = [words.label(name, lang).lower() for name in names if not is_clear(rows.loc[name])]
    details = "; ".join(clear + ([words.text("summary.no_clear_change", lang, what=", ".join(unclear))]
                                 if unclear else []))
    return words.text(f"summary.{topic}", lang, verdict=words.text(f"summary.{topic}_{verdict}", lang),
                      details=details)
