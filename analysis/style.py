"""One look for every figure: palette, fonts, resolution, number and rupiah formats, time in years.

The palette is Okabe & Ito's eight colours, distinguishable under the common colour-vision
deficiencies.  Figures are saved as PNG at print resolution (300 dpi) and as SVG.  Money is
written with thousands separators in the reader's language: "Rp 1,000,000" in English and
"Rp 1.000.000" in Indonesian (which also uses a decimal comma).  Time axes are in years
(month / 12).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .lang import format_number, significant_decimals  # noqa: E402,F401  (numbers in the reader's language)

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe & Ito (2008) colour-blind-safe palette, ordered so the first colours contrast most."""

NEUTRAL = "#555555"
"""Grey for reference lines (thresholds, zero)."""

DPI = 300
"""Print resolution of PNG files, dots per inch."""

FORMATS = ("png", "svg")

MONTHS_PER_YEAR = 12
SHARE = "share [0,1]"
PERCENT = "percent"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "svg.fonttype": "none",
    "svg.hashsalt": "craft-abm",  # fixed element ids: the same figure gives the same SVG
    "figure.constrained_layout.use": True,
}


def apply() -> None:
    """Set the project's matplotlib defaults (fonts 8-10 pt, light grid, Okabe-Ito cycle)."""
    plt.rcParams.update(RC)


def colours(names) -> dict[str, str]:
    """A fixed colour per name (scenario), in the order given; cycles after eight names."""
    return {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(names)}


def save(fig, stem: Path) -> list[Path]:
    """Write ``fig`` as ``stem.png`` (300 dpi) and ``stem.svg``, close it, return both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    try:
        for ext in FORMATS:
            path = stem.with_suffix(f".{ext}")
            temp = path.with_name(f".{path.name}.tmp")
            try:  # a whole file or none, whatever stops the drawing
                fig.savefig(temp, format=ext, dpi=DPI, bbox_inches="tight", metadata=_metadata(ext))
                temp.replace(path)
            finally:
                temp.unlink(missing_ok=True)
            paths.append(path)
    finally:
        plt.close(fig)
    return paths


def _metadata(ext: str) -> dict:
    """File metadata without a creation date, so that the same results give the same files."""
    if ext == "svg":
        return {"Date": None}
    return {"Software": None}


def years(months):
    """Months (int, array or Series) to years."""
    return months / MONTHS_PER_YEAR


def format_rupiah(value: float, lang: str) -> str:
    """Whole rupiah with thousands separators: "Rp 1,000,000" (en), "Rp 1.000.000" (id); "−Rp 5,000"."""
    if value is None or not math.isfinite(value):
        return "–"
    sign = "−" if round(value) < 0 else ""
    return f"{sign}Rp {format_number(abs(value), lang)}"


def round_to_scale(value: float, scale: float, digits: int = 3) -> float:
    """``value`` rounded to the place of the ``digits``-th significant figure of ``scale`` (never
    to decimals): Rp 803,239 at scale 803,239 -> 803,000."""
    if not (math.isfinite(value) and math.isfinite(scale)) or scale == 0:
        return value
    return round(value, min(0, digits - 1 - math.floor(math.log10(abs(scale)))))


def format_value(value: float, unit: str, lang: str, digits: int = 3, scale: float | None = None) -> str:
    """A value in its unit: rupiah for Rp units, "12.5 %" for ``percent``, else a plain number.

    Numbers get ``digits`` significant figures of ``scale`` (default the value itself), so that
    values written side by side can share their decimals.
    """
    if unit.startswith("Rp"):
        return format_rupiah(value, lang)
    text = format_number(value, lang, significant_decimals(abs(value if scale is None else scale), digits))
    return f"{text} %" if unit == PERCENT else text


def years_text(months: int, lang: str) -> str:
    """Months as a number of years: 120 -> "10", 30 -> "2.5" ("2,5" in Indonesian)."""
    return format_number(months / MONTHS_PER_YEAR, lang, 0 if months % MONTHS_PER_YEAR == 0 else 1)


SHORT_RUPIAH = {"en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")),
                "id": ((1e12, " T"), (1e9, " M"), (1e6, " jt"), (1e3, " rb"))}
"""Abbreviations of large rupiah amounts: trillion, billion (miliar), million (juta), thousand (ribu)."""


def short_rupiah(value: float, lang: str) -> str:
    """Rupiah in a few characters for ticks and cells: "Rp 1.2M" (en), "Rp 1,2 jt" (id), "Rp 350k", "Rp 0";
    up to two decimals below 100 of the unit, as many as the amount needs ("Rp 1.05M")."""
    if value is None or not math.isfinite(value):
        return "–"
    sign = "−" if value < 0 else ""
    for size, suffix in SHORT_RUPIAH[lang]:
        if abs(value) >= size:
            scaled = abs(value) / size
            decimals = next((d for d in (0, 1) if abs(round(scaled, d) - scaled) < 1e-9), 2)
            return f"{sign}Rp {format_number(scaled, lang, decimals if scaled < 100 else 0)}{suffix}"
    return f"{sign}Rp {format_number(abs(value), lang)}"


def rupiah_axis(axis, lang: str) -> None:
    """Label an axis's ticks in abbreviated rupiah ("Rp 1.2M", "Rp 1,2 jt")."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: short_rupiah(v, lang)))


def number_axis(axis, lang: str) -> None:
    """Label an axis's ticks with the language's separators and as many decimals as the tick step needs."""
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, lang, step_decimals(axis))))


def step_decimals(axis, most: int = 4) -> int:
    """Decimals that write an axis's tick step exactly (0.25 -> 2, 0.5 -> 1, 100 -> 0), at most ``most``."""
    ticks = axis.get_majorticklocs()
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    return next((d for d in range(most) if abs(round(step, d) - step) < 1e-9 * max(step, 1)), most)


def value_axis(axis, unit: str, lang: str) -> None:
    """Ticks for an outcome axis: rupiah when the unit is in Rp, else plain numbers (shares kept in 0-1)."""
    if unit.startswith("Rp"):
        rupiah_axis(axis, lang)
    else:
        number_axis(axis, lang)
    if unit == SHARE and axis.axis_name == "y":
        low, high = axis.axes.get_ylim()
        axis.axes.set_ylim(max(low, 0.0), min(high, 1.0))


def slanted(axis) -> None:
    """Tilt an x axis's tick labels by 30 degrees so that long labels (rupiah) do not overlap."""
    axis.set_tick_params(rotation=30)
    for label in axis.get_ticklabels():
        label.set_horizontalalignment("right")
        label.set_rotation_mode("anchor")


def year_axis(axis, lang: str) -> None:
    """Ticks for a time axis in years: whole years where they fit."""
    axis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
    number_axis(axis, lang)
