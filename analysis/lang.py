"""Words in the reader's language, from ``analysis/glossary.toml`` (English ``en``, Indonesian ``id``).

Every leaf of the glossary is a table ``{en = "...", id = "..."}``; :func:`text` picks one
language and fills its ``{placeholders}``.
"""

from __future__ import annotations

import functools
import math
import tomllib
from pathlib import Path

from sim.outcomes import unit as outcome_unit
from sim.params import InputError

GLOSSARY_PATH = Path(__file__).with_name("glossary.toml")
LANGS = ("en", "id")

SEPARATORS = {"en": (",", "."), "id": (".", ",")}
"""Thousands and decimal separator per language."""


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


# ---- numbers in the reader's language (plain functions, so that terminal commands stay light) ---

def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` with the language's thousands separator and decimal mark ("1,234.5" / "1.234,5").

    Negative numbers take a typographic minus ("−3"); missing values print as "–".
    """
    if value is None or not math.isfinite(value):
        return "–"
    thousands, decimal = SEPARATORS[lang]
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{abs(rounded):,.{decimals}f}".translate(str.maketrans({",": thousands, ".": decimal}))
    return f"−{text}" if rounded < 0 else text


def significant_decimals(value: float, digits: int = 2) -> int:
    """Decimals that show ``digits`` significant figures of ``value`` (none for 0 or large values)."""
    if not math.isfinite(value) or value == 0:
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


def plain_number(value: float, lang: str) -> str:
    """A number as a setting is written, with every decimal it has: "20,000", "0.05" ("20.000", "0,05")."""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
    thousands, decimal = SEPARATORS[lang]
    return text.translate(str.maketrans({",": thousands, ".": decimal}))
