"""What a scenario's policy is, in words: every policy setting that acts, compared with no policy at all.

"No policy at all" is every policy lever of the registry (``Param.lever`` outside the run and
population settings) at its off value: ``False`` for a switch, the lower end of its valid range
for a number (0, or -1 for "no training month"); a choice has no off value.  Some settings only
act through another one, their switch (:data:`SWITCHES`): the floor's start, enforcement and fine
act only when there is a floor.  A setting *acts* when its switch (if any) is on and either it
differs from its off value or it belongs to a policy that is on (so that a Perda is described
with every setting that defines it, its unenforced inspections included).
"""

from __future__ import annotations

from sim.floor import inspection_capacity
from sim.params import PARAMS, REGISTRY

from . import lang as words, style

RUN_GROUPS = ("run", "population")
"""Registry groups whose levers are settings of the run (horizon, size), not policy."""

POLICY_LEVERS = tuple(p.name for p in PARAMS if p.lever and p.group not in RUN_GROUPS)
"""Every policy lever, in registry order."""

SWITCHES = {
    "floor_start_month": "floor_price", "floor_enforcement": "floor_price", "floor_penalty": "floor_price",
    "perda_staff_share": "floor_price", "floor_certified_only": "floor_price",
    "csr_start_month": "csr_budget", "csr_months": "csr_budget", "csr_members": "csr_budget",
    "training_seats": "training_month", "coverage_rule": "dinas_staff", "programme_seats": "youth_programme",
    "ecommerce_month": "ecommerce_training", "exhibition_month": "exhibition",
}
"""A setting that acts only through another lever (its switch) -> that switch."""

JOINT = {"perda_staff_share": "floor_enforcement"}
"""A setting described in the same phrase as another one (the Perda's share of staff time with enforcement)."""

GROUPS = ("floor", "dinas", "csr", "youth", "indicators")
"""Policies in the order they are described (registry groups)."""


def off_value(name: str):
    """The value of lever ``name`` under no policy at all: False, the valid range's low end, or None (a choice)."""
    param = REGISTRY[name]
    if param.kind == "bool":
        return False
    if param.kind == "choice":
        return None
    return param.lo


def is_on(params: dict, name: str) -> bool:
    """Whether lever ``name`` is away from its off value (a choice always is)."""
    off = off_value(name)
    return off is None or params[name] != off


def acts(params: dict, name: str) -> bool:
    """Whether policy setting ``name`` acts in ``params``: its switch is on, and it is on or depends on a switch."""
    switch = SWITCHES.get(name)
    if switch is not None:
        return is_on(params, switch)
    return is_on(params, name)


def differing(params: dict) -> list[str]:
    """Policy levers that differ from no policy at all and act (their switch is on)."""
    return [name for name in POLICY_LEVERS if acts(params, name) and is_on(params, name)]


def describe(params: dict, lang: str) -> list[tuple[tuple[str, ...], str]]:
    """Every acting policy setting as (lever names, phrase), in the order of :data:`GROUPS` and the registry."""
    items = []
    for name in POLICY_LEVERS:
        if name in JOINT or not acts(params, name):
            continue
        names = (name, *[other for other, host in JOINT.items() if host == name])
        items.append((names, phrase(params, name, lang)))
    return sorted(items, key=lambda item: _order(item[0][0]))


def _order(name: str) -> tuple[int, int, int]:
    """Sort key of a setting: its policy, then its switch's place in the registry, then its own."""
    host = SWITCHES.get(name, name)
    return GROUPS.index(REGISTRY[name].group), POLICY_LEVERS.index(host), POLICY_LEVERS.index(name)


def group_of(names: tuple[str, ...]) -> str:
    """The policy (registry group) a described item belongs to."""
    return REGISTRY[names[0]].group


def phrase(params: dict, name: str, lang: str) -> str:
    """One setting in words, e.g. "genuine silk may not be sold below Rp 1,000,000"."""
    value = params[name]
    if name == "floor_enforcement":
        return _enforcement(params, lang)
    if name in ("floor_start_month", "csr_start_month"):
        return words.text(f"policy.{name}", lang, year=int(value) // 12 + 1, month=int(value))
    if name == "csr_months":
        return words.text("policy.csr_months", lang, years=style.years_text(int(value), lang))
    if REGISTRY[name].unit == "month of year":
        return words.text(f"policy.{name}", lang, month=month_name(int(value), lang))
    if name == "coverage_rule":
        return words.text("policy.coverage_rule", lang, rule=words.text(f"policy.rule_{value}", lang))
    if not is_on(params, name) and _has_off_text(name):
        return words.text(f"policy.{name}_off", lang)
    if isinstance(value, bool):
        return words.text(f"policy.{name}", lang)
    return words.text(f"policy.{name}", lang, value=value_text(name, value, lang))


def _has_off_text(name: str) -> bool:
    """Whether the glossary words the off value of ``name`` in a phrase of its own ("no fine")."""
    return f"{name}_off" in words.glossary()["policy"]


def _enforcement(params: dict, lang: str) -> str:
    """Inspections: the officers, the share of their time and the inspections a month it allows."""
    if params["floor_enforcement"] <= 0 or params["perda_staff_share"] <= 0 or params["dinas_staff"] <= 0:
        return words.text("policy.floor_enforcement_off", lang)
    share = params["floor_enforcement"] * params["perda_staff_share"]
    return words.text("policy.floor_enforcement", lang, officers=params["dinas_staff"],
                      share=percent(share, lang), enforcement=percent(params["floor_enforcement"], lang),
                      cap=percent(params["perda_staff_share"], lang),
                      count=inspection_capacity(params, params["dinas_staff"], True))


def value_text(name: str, value, lang: str) -> str:
    """A lever's value for a phrase: rupiah, a percentage for shares, else a number."""
    unit = REGISTRY[name].unit
    if unit.startswith("Rp"):
        return style.format_rupiah(float(value), lang)
    if unit.startswith("share"):
        return percent(float(value), lang)
    return style.format_number(float(value), lang, 0 if float(value).is_integer() else 2)


def percent(share: float, lang: str) -> str:
    """A share as a percentage with at most one decimal: 0.125 -> "12.5 %"."""
    value = 100 * share
    return f"{style.format_number(value, lang, 0 if round(value, 1).is_integer() else 1)} %"


def month_name(month_of_year: int, lang: str) -> str:
    """The name of a month of the year (0 = January)."""
    return words.text("policy.month_names", lang).split(",")[month_of_year]
