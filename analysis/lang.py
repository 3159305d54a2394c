"""Words in the reader's language, from ``analysis/glossary.toml`` (English ``en``, Indonesian ``id``).

Every leaf of the glossary is a table ``{en = "...", id = "..."}``; :func:`text` picks one
language and fills its ``{placeholders}``.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from sim.outcomes import unit as outcome_unit
from sim.params import InputError

GLOSSARY_PATH = Path(__file__).with_name("glossary.toml")
LANGS = ("en", "id")


@functools.cache
def glossary() -> dict:
    """The parsed glossary (read once)."""
    with GLOSSARY_PATH.open("rb") as handle:
        return tomllib.load(handle)


def check_lang(lang: str) -> str:
    """``lang`` if it is a known language, else :class:`InputError` naming it."""
    if lang not in LANGS:
        raise InputError(f"unknown language '{lang}' (known: {', '.join(LANGS)})")
    return lang


def text(key: str, lang: str, **values) -> str:
    """The glossary entry at dotted ``key`` (e.g. ``"report.title"``) in ``lang``, filled with ``values``."""
    entry = glossary()
    for part in key.split("."):
        entry = entry[part]
    return entry[check_lang(lang)].format(**values)


def unit_text(unit: str, lang: str) -> str:
    """A unit string (as in ``sim.outcomes.UNITS`` or a parameter's unit) in ``lang``; unknown units as given."""
    entry = glossary()["unit"].get(unit)
    return entry[check_lang(lang)] if entry else unit


def label(outcome: str, lang: str) -> str:
    """An outcome's short name for axes and tables, e.g. "Active weavers"."""
    return text(f"outcome.{outcome}.label", lang)


def phrase(outcome: str, lang: str) -> str:
    """An outcome as a noun phrase inside a sentence, e.g. "the number of active weavers"."""
    return text(f"outcome.{outcome}.phrase", lang)


def axis_label(outcome: str, lang: str) -> str:
    """An outcome's axis label with its unit, e.g. "Mean net weaver income (Rp/month)"."""
    return text("axis.with_unit", lang, label=label(outcome, lang), unit=unit_text(outcome_unit(outcome), lang))
