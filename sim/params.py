"""The parameter registry: every model parameter, once, with its default, unit, range and source.

This is the single declarative source (in the spirit of SALib's problem definition) from which
scenario validation, the ``params`` command, the command line's ``--set`` parsing and
``docs/parameters.md`` are all derived.  Money is in rupiah (Rp), time in months, shares in [0, 1].

Sources: "docs/ODD.md" is the project's model specification; author-year keys such as
"Tuzzahra et al. (2026)" cite the five source studies (full references in docs/sources.md);
"assumed" marks a guess exposed for sensitivity analysis.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

UMP_SULBAR_2025 = 3_104_430
"""Provincial minimum wage of West Sulawesi 2025, Rp/month (governor's decree 1377/2024)."""


class InputError(ValueError):
    """Bad user input: an unknown name, a wrong type or a value out of range (exit status 2)."""


STATUSES = ("measured", "estimated", "assumed")
"""How well a parameter's default is grounded (every parameter has one)."""


@dataclass(frozen=True)
class Param:
    """One model parameter.

    ``kind`` is ``float``, ``int``, ``bool`` or ``choice``; ``lo``/``hi`` bound numeric kinds
    (inclusive), ``choices`` lists the values of a ``choice``.
    """

    name: str
    default: Any
    unit: str
    lo: float | None
    hi: float | None
    source: str
    doc: str
    kind: str = "float"
    group: str = "model"
    choices: tuple[str, ...] = ()
    status: str = "assumed"
    """What the default rests on: ``measured`` (a figure from a source), ``estimated`` (derived
    from a source's figures or statements) or ``assumed`` (a modeller's judgement)."""
    plausible: tuple[float, float] | None = None
    """The range of values a careful reader of the sources would still accept, in the
    parameter's unit: what sensitivity and robustness analyses sample.  None: the parameter is a
    definition or a constant of the measurement, held at its default."""
    lever: bool = False
    """A policy lever or a run setting the user chooses (floor level, budget, horizon), not an
    uncertainty about the world: robustness analyses hold it at the scenario's value."""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"parameter '{self.name}': status {self.status!r} is not one of {STATUSES}")
        if self.plausible is not None:
            lo, hi = self.plausible
            if not (self.lo <= lo <= hi <= self.hi):
                raise ValueError(f"parameter '{self.name}': plausible range {self.plausible} outside {self.range_text}")

    @property
    def plausible_range(self) -> tuple[Any, Any]:
        """(low, high) of the plausible range; (default, default) when it is held fixed."""
        return self.plausible if self.plausible is not None else (self.default, self.default)

    @property
    def plausible_text(self) -> str:
        """The plausible range as a person reads it ("fixed" when held at its default)."""
        if self.plausible is None:
            return "fixed"
        return f"{_fmt(self.plausible[0])} to {_fmt(self.plausible[1])}"

    @property
    def range_text(self) -> str:
        """The allowed values, as a person reads them."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        return f"{_fmt(self.lo)} to {_fmt(self.hi)}"

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's kind, or raise :class:`InputError`."""
        converted = self._convert(value)
        if self.kind in ("float", "int") and not (self.lo <= converted <= self.hi):
            raise InputError(
                f"parameter '{self.name}' = {value!r} is out of range: allowed {self.range_text} "
                f"({self.unit})"
            )
        if self.kind == "choice" and converted not in self.choices:
            raise InputError(
                f"parameter '{self.name}' = {value!r} is not allowed: {self.range_text}"
            )
        return converted

    def parse(self, text: str) -> Any:
        """Parse a command-line string (``--set name=text``) into a checked value."""
        if self.kind == "bool":
            lowered = text.strip().lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise InputError(f"parameter '{self.name}' = {text!r} is not a boolean: allowed true or false")
        if self.kind == "choice":
            return self.check(text.strip())
        try:
            number = float(text.replace("_", ""))
        except ValueError:
            raise InputError(
                f"parameter '{self.name}' = {text!r} is not a number: allowed {self.range_text} ({self.unit})"
            ) from None
        return self.check(number)

    def _convert(self, value: Any) -> Any:
        """``value`` as this parameter's Python type, or :class:`InputError`.

        Any real number holding an allowed value is taken, whatever its type, so that the values
        SALib, EMA Workbench, numpy grids and pandas rows pass work: numpy integer, float and
        bool scalars, and whole-number floats for integer parameters (``300.0`` is 300)."""
        if self.kind == "bool":
            if isinstance(value, (bool, np.bool_)):
                return bool(value)
            raise self._wrong_type(value)
        if self.kind == "choice":
            if isinstance(value, str):
                return str(value)
            raise self._wrong_type(value)
        plain = type(value) in (int, float)  # nearly every value: no need of the slower abstract checks
        if not plain and (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)):
            raise self._wrong_type(value)
        number = float(value)
        if not math.isfinite(number):
            raise self._wrong_type(value)
        if self.kind == "int":
            if not number.is_integer():
                raise InputError(
                    f"parameter '{self.name}' = {value!r} is not a whole number: allowed whole "
                    f"numbers {self.range_text} ({self.unit})"
                )
            return int(value) if type(value) is int or isinstance(value, numbers.Integral) else int(number)
        return number

    def _wrong_type(self, value: Any) -> InputError:
        """The error for a value of the wrong type (made only when raised: a run checks every
        parameter, and writing the message costs more than the check)."""
        return InputError(f"parameter '{self.name}' = {value!r} has the wrong type: expected {self.kind}, "
                          f"allowed {self.range_text}")


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:g}"


def _p(name, default, unit, lo, hi, source, doc, kind="float", group="model", choices=(), *, status,
       plausible=None, lever=False):
    return Param(name, default, unit, lo, hi, source, doc, kind, group, tuple(choices), status,
                 None if plausible is None else tuple(plausible), lever)


YEAR = "months"
RP = "Rp"
SHARE = "share [0,1]"

PARAMS: tuple[Param, ...] = (
    # ---- run ---------------------------------------------------------------------------------
    _p("months", 120, YEAR, 1, 600, "docs/ODD.md §2: default horizon 120, regeneration studies 240",
       "Months simulated after month 0 (initialisation).", "int", "run", status="measured", plausible=(60, 240), lever=True),
    _p("spin_up_months", 36, YEAR, 0, 240, "assumed (docs/ODD.md §5: a spin-up settles the market before month 0)",
       "Months of market spin-up before month 0, not recorded: production, sales, prices, incomes and "
       "thread choice run for the month-0 population before any policy acts, so month 0 is a state the "
       "market sustains.", "int", "run", status="assumed", lever=True),
    # ---- population --------------------------------------------------------------------------
    _p("n_weavers", 1000, "weavers", 10, 100_000, "assumed (docs/ODD.md §5: no count; range 200-5,000)",
       "Active weavers at month 0.", "int", "population", status="assumed", plausible=(200, 5000), lever=True),
    _p("n_youth", 600, "persons", 0, 50000, "assumed",
       "Youth aged 15-29 in the weaving villages at month 0; a cohort of n_youth/15 turns 15 each January.",
       "int", "population", status="assumed", plausible=(300, 1200)),
    _p("n_firms", 15, "firms", 0, 1000, "assumed; Indrawati & Pambudi (n.d.) record 65 IKM in Kotagede",
       "Firms (UMKM/IKM and collectors) that buy, finish, brand and sell sarongs.", "int", "population", status="assumed", plausible=(5, 65)),
    _p("n_villages", 10, "villages", 1, 200, "assumed",
       "Weaving villages; weaver ties cluster within a village.", "int", "population", status="assumed", plausible=(5, 20)),
    _p("group_size", 15, "weavers", 3, 100, "assumed (weaver groups, kelompok tenun)",
       "Weavers per weaver group; the dinas meets weavers group by group.", "int", "population", status="assumed", plausible=(10, 25)),
    _p("weaver_age_median", 50.0, "years", 25, 75, "docs/ODD.md §5: weavers aged about 48-49 reported",
       "Median age of weavers at month 0.", group="population", status="measured", plausible=(45, 55)),
    _p("weaver_age_sd", 11.0, "years", 1, 25, "assumed shape: few under 30",
       "Spread of weaver ages at month 0 (normal, clipped to 16-85).", group="population", status="assumed", plausible=(8, 14)),
    _p("skill_mean", 0.55, SHARE, 0.05, 0.95, "assumed",
       "Mean weaving skill at month 0.", group="population", status="assumed", plausible=(0.4, 0.7)),
    _p("skill_sd", 0.15, SHARE, 0, 0.5, "assumed",
       "Spread of weaving skill at month 0 (0 gives equal skill).", group="population", status="assumed", plausible=(0.1, 0.2)),
    _p("genuine_share", 0.5, SHARE, 0, 1, "assumed; press reports mixed thread widespread",
       "Share of weavers weaving genuine silk at month 0; the rest use mixed/imitation thread.",
       group="population", status="assumed", plausible=(0.3, 0.7)),
    _p("mindset_mean", 0.3, SHARE, 0, 1, "Tuzzahra et al. (2026): 'yang penting sutera cepet laku tanpa melihat harganya'",
       "Mean price mindset at month 0 (0 = sell fast at any price, 1 = hold out for value).",
       group="population", status="estimated", plausible=(0.15, 0.45)),
    _p("mindset_sd", 0.15, SHARE, 0, 0.5, "assumed",
       "Spread of price mindset at month 0 (0 gives one mindset).", group="population", status="assumed", plausible=(0.1, 0.2)),
    _p("firm_tie_share", 0.3, SHARE, 0, 1, "assumed",
       "Share of weavers who sell through a firm rather than on their own.", group="population", status="assumed", plausible=(0.15, 0.5)),
    _p("network_degree", 6, "ties", 0, 30, "assumed (small-world village networks)",
       "Mean number of weaver-weaver ties (Watts-Strogatz k; 0 switches social influence off).",
       "int", "population", status="assumed", plausible=(4, 10)),
    _p("network_rewire", 0.05, SHARE, 0, 1, "assumed",
       "Watts-Strogatz rewiring probability (ties that leave the village cluster).", group="population", status="assumed", plausible=(0.01, 0.2)),
    # ---- production and costs -----------------------------------------------------------------
    _p("pieces_full_skill", 3.0, "pieces/month", 0.5, 8, "docs/ODD.md §5: 1 week to 10 days per sarong",
       "Pieces a weaver of skill 1 makes per month in the dry season.", group="production", status="estimated", plausible=(2.0, 4.0)),
    _p("skill_productivity", 0.4, SHARE, 0, 1, "assumed",
       "How much output depends on skill: pieces = full * (1 - w + w * skill).", group="production", status="assumed", plausible=(0.2, 0.6)),
    _p("imitation_speedup", 1.4, "ratio", 1, 3, "assumed (mixed thread is quicker to weave)",
       "Output of a mixed/imitation-thread weaver relative to genuine silk.", group="production", status="assumed", plausible=(1.2, 1.8)),
    _p("rainy_factor", 0.6, "ratio", 0.1, 1, "docs/ODD.md §5 (assumed; seasonal stops reported)",
       "Production in the rainy months (December to March) relative to the dry season.",
       group="production", status="assumed", plausible=(0.4, 0.8)),
    _p("stock_cap", 4, "pieces", 1, 50, "assumed",
       "Unsold pieces at which a weaver stops weaving and takes other work.", "int", "production", status="assumed", plausible=(2, 8)),
    _p("thread_cost_genuine", 200_000, f"{RP}/piece", 0, 2_000_000,
       "docs/ODD.md §5: silk thread Rp 150-250k per sarong (assumed)",
       "Silk thread cost of one genuine sarong.", group="production", status="assumed", plausible=(150_000, 250_000)),
    _p("thread_cost_imitation", 70_000, f"{RP}/piece", 0, 1_000_000, "assumed",
       "Thread cost of one mixed/imitation sarong.", group="production", status="assumed", plausible=(50_000, 100_000)),
    _p("skill_learning", 0.004, "share/month", 0, 0.1, "assumed (learning by doing)",
       "Monthly share of the gap to skill 1 closed by weaving.", group="production", status="assumed", plausible=(0.002, 0.008)),
    # ---- prices ------------------------------------------------------------------------------
    _p("price_genuine_init", 450_000, RP, 50_000, 5_000_000, "docs/ODD.md §5: Rp 300-600k typical",
       "Asking price of genuine silk at month 0 (mean; spread by skill).", group="prices", status="measured", plausible=(300_000, 600_000)),
    _p("price_imitation_init", 220_000, RP, 20_000, 3_000_000, "docs/ODD.md §5: about half of genuine",
       "Asking price of a mixed/imitation sarong at month 0.", group="prices", status="estimated", plausible=(150_000, 300_000)),
    _p("value_price_genuine", 650_000, RP, 50_000, 5_000_000, "assumed; gallery prices up to Rp 1.5 million",
       "Price a fully value-minded seller (mindset 1) holds out for, genuine silk.", group="prices", status="assumed", plausible=(500_000, 900_000)),
    _p("value_price_imitation", 260_000, RP, 20_000, 3_000_000, "assumed",
       "Price a fully value-minded seller holds out for, imitation.", group="prices", status="assumed", plausible=(200_000, 350_000)),
    _p("price_cut", 0.08, "share/month", 0, 0.5, "assumed",
       "Largest monthly cut of the asking price by a fast-sale seller (mindset 0) whose pieces did not sell.",
       group="prices", status="assumed", plausible=(0.04, 0.15)),
    _p("price_raise", 0.03, "share/month", 0, 0.5, "assumed",
       "Monthly rise of the asking price by a seller who sold out.", group="prices", status="assumed", plausible=(0.01, 0.06)),
    # ---- market ------------------------------------------------------------------------------
    _p("demand_trend", 0.0, "share/year", -0.2, 0.2,
       "assumed: no series of demand for hand-woven sarongs exists; the range spans a decline as "
       "printed and machine-made cloth spread to growth with heritage tourism and online sales",
       "Yearly change of every segment's potential buyers from month 0 on (0 = today's market held).",
       group="market", status="assumed", plausible=(-0.03, 0.03)),
    _p("demand_scale", 1.0, "ratio", 0, 10, "assumed: a what-if lever for demand, 1 = today's market",
       "Multiplies every segment's potential buyers.", group="market", status="assumed", plausible=(0.7, 1.3)),
    _p("buyers_local", 19000, "buyers/month per 1,000 weavers", 0, 1e6, "assumed; calibrated to Rp 300-600k genuine prices",
       "Potential buyers a month in the local ceremonial segment, per 1,000 weavers at month 0.", group="market", status="assumed", plausible=(12_000, 26_000)),
    _p("buyers_regional", 3000, "buyers/month per 1,000 weavers", 0, 1e6, "assumed",
       "Potential buyers a month in the regional/tourist segment (reached through firms and exhibitions), per 1,000 weavers at month 0.",
       group="market", status="assumed", plausible=(1500, 4500)),
    _p("buyers_national", 3000, "buyers/month per 1,000 weavers", 0, 1e6, "assumed",
       "Potential buyers a month in the national/online segment (reached by firms with digital channels), per 1,000 weavers at month 0.",
       group="market", status="assumed", plausible=(1500, 4500)),
    _p("price_sens_local", 3.0, "utility/log Rp", 0.1, 10,
       "assumed; no study measures it (docs/ODD.md §7.1): wedding and customary cloth is a necessity and "
       "a status signal (Bloch, Rao & Desai 2004), so buyers may be inelastic, or poor households, so elastic",
       "Price sensitivity a_p of local ceremonial buyers (logit on log price).", group="market", status="assumed",
       plausible=(0.5, 4.5)),
    _p("price_sens_regional", 2.2, "utility/log Rp", 0.1, 10,
       "assumed; no study measures it: tourist craft purchases are discretionary",
       "Price sensitivity a_p of regional/tourist buyers.", group="market", status="assumed", plausible=(1.1, 3.3)),
    _p("price_sens_national", 1.8, "utility/log Rp", 0.1, 10,
       "assumed; no study measures it: online buyers compare many sellers and substitutes",
       "Price sensitivity a_p of national/online buyers.", group="market", status="assumed", plausible=(0.9, 4.0)),
    _p("taste_quality", 2.0, "utility", 0, 10, "assumed", "Weight a_q of quality in every segment's utility.",
       group="market", status="assumed", plausible=(1.0, 3.0)),
    _p("taste_visibility", 2.0, "utility", 0, 10, "assumed; Tuzzahra et al. (2026): outside products win on promotion",
       "Weight a_v of visibility (promotion, exhibitions, e-commerce) in utility.", group="market", status="assumed", plausible=(1.0, 3.0)),
    _p("taste_genuine", 1.8, "utility", 0, 10, "assumed (authenticity premium; price ratio 1.5-2.5)",
       "Weight a_g of genuine silk in utility.", group="market", status="assumed", plausible=(1.0, 2.6)),
    _p("songket_price", 550_000, RP, 10_000, 5_000_000, "assumed; Tuzzahra et al. (2026) name songket from other regions",
       "Price of songket and other regions' textiles.", group="market", status="assumed", plausible=(400_000, 700_000)),
    _p("songket_visibility", 0.6, SHARE, 0, 1, "Tuzzahra et al. (2026): outside products win on promotion and distribution",
       "Promotion strength (visibility) of songket and other regions' textiles.", group="market", status="estimated", plausible=(0.4, 0.8)),
    _p("printed_price", 120_000, RP, 10_000, 2_000_000, "assumed; printed/machine imitations",
       "Price of printed or machine-made imitation sarongs.", group="market", status="assumed", plausible=(80_000, 180_000)),
    _p("printed_visibility", 0.5, SHARE, 0, 1, "assumed", "Promotion strength of printed imitations.",
       group="market", status="assumed", plausible=(0.3, 0.7)),
    _p("visibility_init", 0.15, SHARE, 0, 1, "Tuzzahra et al. (2026): weak promotion of the local product",
       "Visibility of the local product at month 0.", group="market", status="estimated", plausible=(0.05, 0.3)),
    _p("visibility_decay", 0.04, "share/month", 0, 1, "assumed",
       "Monthly decay of the local product's visibility toward 0.", group="market", status="assumed", plausible=(0.02, 0.08)),
    _p("firm_markup", 0.3, "ratio", 0, 3, "assumed",
       "Firm markup on the weaver's price (consumer price = weaver price * (1 + markup)).", group="market", status="assumed", plausible=(0.15, 0.5)),
    # ---- dinas -------------------------------------------------------------------------------
    _p("dinas_budget", 150_000_000, f"{RP}/year", 0, 1e11, "docs/ODD.md §5 (assumed); Tuzzahra et al. (2026): budget cuts",
       "Dinas budget for UMKM programmes, renewed each January.", group="dinas", status="assumed", plausible=(100_000_000, 250_000_000), lever=True),
    _p("dinas_staff", 4, "officers", 0, 200, "docs/ODD.md §5 (assumed); Tuzzahra et al. (2026): few staff",
       "Field staff of the dinas.", "int", "dinas", status="assumed", plausible=(2, 8), lever=True),
    _p("visits_per_officer", 12, "visits/month", 0, 100, "assumed",
       "Face-to-face visits an officer makes a month (to a weaver group or a firm).", "int", "dinas", status="assumed", plausible=(6, 20)),
    _p("visit_cost", 150_000, f"{RP}/visit", 0, 1e8, "assumed (transport and allowance)",
       "Cost of one field visit.", group="dinas", status="assumed", plausible=(100_000, 250_000)),
    _p("coverage_rule", "needs", "rule", None, None,
       "docs/ODD.md §2; Tuzzahra et al. (2026): needs-based, irregular meetings",
       "Which groups field staff visit: needs (where income is lowest), rotating, or targeted (the unreached).",
       "choice", "dinas", ("needs", "rotating", "targeted"), status="measured", lever=True),
    _p("meeting_attendance", 0.5, SHARE, 0, 1, "assumed; Tuzzahra et al. (2026): low active participation",
       "Share of a group's weavers who attend when the group is visited.", group="dinas", status="assumed", plausible=(0.3, 0.7)),
    _p("training_month", 5, "month of year", -1, 11, "assumed; Indrawati & Pambudi (n.d.): yearly design training",
       "Month of the year (0 = January) of the dinas' skill training; -1 for none.", "int", "dinas", status="assumed", plausible=(0, 11), lever=True),
    _p("training_seats", 30, "seats", 0, 5000, "assumed", "Seats offered at each dinas training.",
       "int", "dinas", status="assumed", plausible=(10, 60), lever=True),
    _p("training_seat_cost", 1_500_000, f"{RP}/seat", 0, 1e8, "assumed",
       "Dinas cost of one training seat.", group="dinas", status="assumed", plausible=(1_000_000, 2_500_000)),
    _p("training_gain", 0.2, SHARE, 0, 1, "calibrated to +5-10 % income (McKenzie 2020; Brooks et al. 2017)",
       "Share of the gap to skill 1 that a training adds (the trained gain).", group="dinas", status="estimated", plausible=(0.1, 0.3)),
    _p("training_decay", 0.08, "share/month", 0, 1, "assumed; Saputra et al. (2023): no follow-up after training",
       "Monthly loss of trained gain in a month without follow-up.", group="dinas", status="assumed", plausible=(0.04, 0.15)),
    _p("training_dropout", 0.2, SHARE, 0, 1, "Saputra et al. (2023): some trainees are not serious and give up (assumed size)",
       "Share of training participants who give up before the end (no skill gain).", group="dinas", status="assumed", plausible=(0.1, 0.35)),
    _p("training_followup", 0.1, SHARE, 0, 1, "Tuzzahra et al. (2026): mentoring not consistent",
       "Monthly probability that a weaver still holding trained skill gets a follow-up visit.",
       group="dinas", status="estimated", plausible=(0.0, 0.5), lever=True),
    _p("material_aid", 0.0, SHARE, 0, 1, "Tuzzahra et al. (2026): help is thread and coaching; 'almost five years without aid'",
       "Share of the thread cost of the training month's pieces the dinas pays for those who completed it (as budget allows).",
       group="dinas", status="measured", plausible=(0.0, 0.5), lever=True),
    _p("exhibition", 0.0, SHARE, 0, 1, "Indrawati & Pambudi (n.d.): exhibition yearly in November",
       "Strength of a November exhibition (0 none); raises visibility and firms' regional reach.",
       group="dinas", status="measured", plausible=(0.0, 1.0), lever=True),
    _p("exhibition_cost", 25_000_000, RP, 0, 1e10, "assumed", "Dinas cost of a full-strength exhibition.",
       group="dinas", status="assumed", plausible=(15_000_000, 50_000_000)),
    _p("ecommerce_training", 0.0, SHARE, 0, 1, "Indrawati & Pambudi (n.d.): e-commerce training yearly in February/March; Bintarti & Enjelina (n.d.)",
       "Share of firms invited to e-commerce and digital-marketing training each February.", group="dinas", status="measured", plausible=(0.0, 1.0), lever=True),
    _p("certification_support", 0.0, SHARE, 0, 1, "Bintarti & Enjelina (n.d.): SNI, halal, BPOM certification lacking",
       "Monthly probability that an uncertified firm is helped to certification (quality rises).",
       group="dinas", status="measured", plausible=(0.0, 0.2), lever=True),
    _p("procurement_share", 0.0, SHARE, 0, 1, "Bintarti & Enjelina (n.d.): include UMKM in government procurement",
       "Extra buyers from government procurement, as a share of local buyers, open to certified firms.",
       group="dinas", status="measured", plausible=(0.0, 0.3), lever=True),
    _p("regular_meetings", 0.0, SHARE, 0, 1, "Lasmana & Ratminto (n.d.): regular meetings recommended; Tuzzahra et al. (2026): irregular",
       "Regularity of dinas-actor meetings (0 needs-based, 1 monthly forum); raises understanding.",
       group="dinas", status="measured", plausible=(0.0, 1.0), lever=True),
    _p("data_registry", 0.3, SHARE, 0, 1, "assumed; Lasmana & Ratminto (n.d.): closed sales data",
       "Completeness of the dinas registry of members and sales data (DeSeve governance).",
       group="dinas", status="assumed", plausible=(0.1, 0.6), lever=True),
    # ---- trust and participation --------------------------------------------------------------
    _p("trust_init", 0.5, SHARE, 0, 1, "assumed", "Mean trust in the dinas at month 0.", group="trust", status="assumed", plausible=(0.35, 0.65)),
    _p("trust_base", 0.45, SHARE, 0, 1, "assumed", "Level trust drifts to without contact.", group="trust", status="assumed", plausible=(0.3, 0.6)),
    _p("trust_up", 0.15, "share/event", 0, 1, "Luna-Reyes et al. 2004, 2008 (asymmetric trust)",
       "Speed g_up at which trust rises toward a better experience.", group="trust", status="estimated", plausible=(0.08, 0.25)),
    _p("trust_down", 0.35, "share/event", 0, 1, "Luna-Reyes et al. 2004, 2008 (g_down > g_up)",
       "Speed g_down at which trust falls toward a worse experience.", group="trust", status="estimated", plausible=(0.2, 0.5)),
    _p("trust_drift", 0.01, "share/month", 0, 1, "assumed", "Monthly drift of trust toward trust_base.",
       group="trust", status="assumed", plausible=(0.005, 0.03)),
    _p("perda_patience", 24, YEAR, 0, 600, "assumed; Tuzzahra et al. (2026): the Perda is proposed, not enacted",
       "Months after its announcement that an unenacted Perda starts to count as a broken promise.",
       "int", "trust", status="assumed", plausible=(12, 48)),
    _p("part_b0", -2.6, "log-odds", -10, 10, "assumed; Tuzzahra et al. (2026), Saputra et al. (2023), Indrawati & Pambudi (n.d.): low participation",
       "Intercept of the participation logit.", group="trust", status="assumed", plausible=(-3.4, -1.8)),
    _p("part_b1", 2.0, "log-odds", -10, 10, "assumed", "Weight of trust in the participation logit.",
       group="trust", status="assumed", plausible=(1.0, 3.0)),
    _p("part_b2", 3.0, "log-odds", -10, 10, "assumed",
       "Weight of (expected gain - opportunity cost) / income in the participation logit.", group="trust", status="assumed", plausible=(1.5, 4.5)),
    _p("understanding_init", 0.5, SHARE, 0, 1, "Tuzzahra et al. (2026): actors begin to understand programme aims",
       "Mean understanding of programmes and of the floor's purpose at month 0.", group="trust", status="estimated", plausible=(0.35, 0.65)),
    _p("understanding_decay", 0.01, "share/month", 0, 1, "assumed", "Monthly decay of understanding.",
       group="trust", status="assumed", plausible=(0.005, 0.03)),
    _p("influence", 0.05, "share/month", 0, 1, "assumed (DeGroot weight)",
       "Monthly pull of mindset and understanding toward the neighbours' mean.", group="trust", status="assumed", plausible=(0.02, 0.1)),
    # ---- price floor (Perda) ------------------------------------------------------------------
    _p("floor_price", 0, RP, 0, 10_000_000, "Tuzzahra et al. (2026): proposed Rp 1,000,000; 0 means no floor",
       "Minimum price of a genuine silk sarong under the Perda.", group="floor", status="measured", plausible=(0, 1_500_000), lever=True),
    _p("floor_start_month", 12, YEAR, 0, 600, "assumed", "Month the Perda is enacted.", "int", "floor", status="assumed", plausible=(0, 36), lever=True),
    _p("floor_enforcement", 0.5, SHARE, 0, 1, "assumed",
       "Enforcement effort: the share of the staff time the Perda may take (perda_staff_share) that "
       "field staff spend inspecting sales; 0 means no inspections.",
       group="floor", status="assumed", plausible=(0.0, 1.0), lever=True),
    _p("floor_penalty", 2_000_000, RP, 0, 50_000_000,
       "assumed; a Perda may fine at most Rp 50 million (Law 23/2014 on regional government, art. 238)",
       "Fine paid by an undercutter caught at an inspection; recorded as regional revenue.",
       group="floor", status="assumed", plausible=(500_000, 5_000_000), lever=True),
    _p("perda_staff_share", 0.25, SHARE, 0, 1, "assumed (the same four officers run training follow-up and visits)",
       "Most of the field staff's time the dinas lets the Perda take; inspections use "
       "floor_enforcement of it, and field visits get the rest.",
       group="floor", status="assumed", plausible=(0.1, 0.5), lever=True),
    _p("inspections_per_officer", 40, "inspections/month", 0, 400,
       "assumed: about two a working day at markets, collectors' and weavers' homes",
       "Inspections of sales an officer makes in a month working on the Perda alone.", "int", "floor",
       status="assumed", plausible=(20, 60)),
    _p("inspection_cost", 50_000, f"{RP}/inspection", 0, 1e7, "assumed (transport within the regency)",
       "Cost of an inspection to the dinas's budget, which it shares with training and visits.",
       group="floor", status="assumed", plausible=(25_000, 100_000)),
    _p("floor_socialisation", 0.0, SHARE, 0, 1, "Tuzzahra et al. (2026): 'sosialisasi ... jual dengan melihat nilainya'",
       "Intensity of the 'sell by value' campaign: raises understanding and pulls mindset up monthly.",
       group="floor", status="measured", plausible=(0.0, 1.0), lever=True),
    _p("floor_norm_cost", 400_000, RP, 0, 1e8, "assumed",
       "Felt cost of undercutting for a seller who fully understands the floor with all neighbours complying.",
       group="floor", status="assumed", plausible=(100_000, 800_000)),
    _p("floor_pass_through", 0.0, SHARE, 0, 1,
       "assumed: the Perda binds the sale to the buyer, not a collector's buying price from weavers",
       "Share of what a complying firm adds to its buyer price to meet the floor that it passes on "
       "to the weaver in its buying price; 0 keeps the buying price at the weaver's own price.",
       group="floor", status="assumed", plausible=(0.0, 0.5)),
    _p("floor_certified_only", False, "flag", None, None, "policy option: a floor that binds certified genuine silk only",
       "Apply the floor only to genuine silk sold through certified firms.", "bool", "floor", status="assumed", lever=True),
    _p("switch_rate", 0.05, "share/month", 0, 1, "assumed (de Janvry et al. 2015: producers escape a floor)",
       "Monthly probability that a weaver whose other thread pays better switches product type.",
       group="floor", status="assumed", plausible=(0.02, 0.1)),
    _p("switch_threshold", 0.15, "ratio", 0, 5, "assumed",
       "Relative income advantage the other product type must show before a weaver switches.",
       group="floor", status="assumed", plausible=(0.05, 0.3)),
    # ---- CSR partner --------------------------------------------------------------------------
    _p("csr_budget", 0, f"{RP}/year", 0, 1e11, "docs/ODD.md §5: KPC aid about Rp 130 million (2025); 0 = no partner",
       "CSR partner's yearly budget.", group="csr", status="measured", plausible=(0, 500_000_000), lever=True),
    _p("csr_start_month", 0, YEAR, 0, 600, "assumed", "Month the CSR partnership starts.", "int", "csr", status="assumed", plausible=(0, 24), lever=True),
    _p("csr_months", 60, YEAR, 1, 600, "assumed", "Planned length of the CSR partnership.", "int", "csr", status="assumed", plausible=(36, 120), lever=True),
    _p("csr_members", 40, "weavers", 1, 5000, "assumed; Saputra et al. (2023): a cluster workshop",
       "Weavers a CSR partner with the reference grant (csr_reference_grant) works with; a larger or "
       "smaller budget reaches more or fewer (csr_reach_elasticity).", "int", "csr", status="assumed",
       plausible=(20, 80), lever=True),
    _p("csr_reach_elasticity", 0.7, "ratio", 0, 1, "assumed (diminishing returns: fixed workshop costs, fewer suitable weavers)",
       "How the CSR partner's members grow with its budget: members = csr_members x (budget / "
       "csr_reference_grant) ^ this; 1 is proportional, 0 a fixed group.", group="csr", status="assumed",
       plausible=(0.4, 1.0)),
    _p("csr_training_gain", 0.4, SHARE, 0, 1, "Saputra et al. (2023): a month-long training in Java",
       "Share of the gap to skill 1 added by the CSR's intensive out-of-region training.", group="csr", status="estimated", plausible=(0.25, 0.55)),
    _p("csr_productivity", 0.15, "ratio", 0, 2, "Saputra et al. (2023): workshop building and tools",
       "Extra output of members working in the CSR workshop with its tools.", group="csr", status="estimated", plausible=(0.05, 0.3)),
    _p("csr_commitment_patience", 24, YEAR, 1, 600, "assumed",
       "Months of stalled member income after which the CSR partner's commitment lapses.", "int", "csr", status="assumed", plausible=(12, 48)),
    # ---- cash and credit -----------------------------------------------------------------------
    _p("household_draw", 0.3, "share/month", 0.01, 1,
       "assumed; Tuzzahra et al. (2026): weavers need money quickly",
       "Share of a weaver's cash its household takes each month for its needs.", group="cash",
       status="assumed", plausible=(0.15, 0.5)),
    _p("cash_buffer", 600_000, RP, 0, 1e8,
       "assumed: thread for a month's two genuine pieces (Rp 400,000) and a small reserve",
       "Cash below which a weaver is short and prices as a fast seller in proportion to the "
       "shortfall.", group="cash", status="assumed", plausible=(300_000, 1_200_000)),
    _p("kur_facilitation", 0.0, "share/year", 0, 1,
       "Tuzzahra et al. (2026): the dinas helps weavers to KUR credit; its reach is not measured",
       "Share of cash-short weavers without a loan whom the dinas helps to a KUR loan each year.",
       group="dinas", status="assumed", plausible=(0.0, 0.5), lever=True),
    _p("kur_loan", 5_000_000, RP, 0, 1e8,
       "assumed within KUR Super Mikro (loans up to Rp 10 million; Permenko Perekonomian 1/2023)",
       "Size of a KUR loan to a weaver.", group="cash", status="assumed", plausible=(2_000_000, 10_000_000)),
    _p("kur_rate", 0.03, "share/year", 0, 1,
       "Permenko Perekonomian 1/2023: KUR Super Mikro 3 % a year; KUR Mikro 6-9 %",
       "Flat yearly interest rate of a KUR loan.", group="cash", status="measured", plausible=(0.03, 0.09)),
    _p("kur_months", 24, YEAR, 1, 120,
       "assumed; working-capital KUR runs up to 3 years (Permenko Perekonomian 15/2020)",
       "Months over which a KUR loan is repaid in equal instalments.", "int", "cash", status="assumed",
       plausible=(12, 36)),
    _p("kur_dsr", 0.3, SHARE, 0, 1,
       "assumed: banks' usual debt-service limit of 30-40 % of income",
       "Largest share of a weaver's average net income a KUR instalment may take (the bank's "
       "repayment-capacity check caps the loan).", group="cash", status="assumed", plausible=(0.2, 0.4)),
    _p("kur_cost", 100_000, f"{RP}/loan", 0, 1e7, "assumed: an officer's help with one application",
       "Cost to the dinas's budget of facilitating one KUR loan.", group="cash", status="assumed",
       plausible=(50_000, 250_000)),
    # ---- youth -------------------------------------------------------------------------------
    _p("youth_programme", 0.0, SHARE, 0, 1, "Lasmana & Ratminto (n.d.): basic craft education for local youth",
       "Reach of youth craft education: share of youth reached each year; adds apprenticeship seats.",
       group="youth", status="measured", plausible=(0.0, 1.0), lever=True),
    _p("youth_interest_mean", 0.2, SHARE, 0, 1, "Tuzzahra et al. (2026): youth not interested",
       "Mean interest of youth in the craft.", group="youth", status="estimated", plausible=(0.1, 0.35)),
    _p("heritage_value", 0.5, "ratio", 0, 3, "assumed (cultural value of the craft)",
       "How much interest raises the value of craft income in a youth's comparison.", group="youth", status="assumed", plausible=(0.2, 1.0)),
    _p("youth_b0", -4.5, "log-odds", -15, 5, "assumed", "Intercept of the monthly youth entry logit.",
       group="youth", status="assumed", plausible=(-5.5, -3.5)),
    _p("youth_b_income", 3.0, "log-odds", 0, 20, "assumed",
       "Weight of (valued craft income - outside wage) / outside wage in the entry logit.", group="youth", status="assumed", plausible=(1.5, 4.5)),
    _p("youth_b_peer", 3.0, "log-odds", 0, 20, "assumed",
       "Weight of the share of village peers who entered in the last year.", group="youth", status="assumed", plausible=(1.5, 4.5)),
    _p("ump", UMP_SULBAR_2025, f"{RP}/month", 1, 5e7, "UMP West Sulawesi 2025 (decree 1377/2024)",
       "Regional minimum wage that weaver income is compared with (income_to_ump).", group="youth", status="measured"),
    _p("outside_wage", UMP_SULBAR_2025, f"{RP}/month", 0, 5e7, "UMP West Sulawesi 2025 (decree 1377/2024)",
       "Wage youth and weavers could earn outside the craft.", group="youth", status="measured", plausible=(2_500_000, 3_500_000)),
    _p("apprentice_min_months", 6, YEAR, 1, 60, "docs/ODD.md §7: apprenticeships last 6-12 months",
       "Shortest apprenticeship.", "int", "youth", status="measured", plausible=(6, 6)),
    _p("apprentice_max_months", 12, YEAR, 1, 60, "docs/ODD.md §7", "Longest apprenticeship.", "int", "youth", status="measured", plausible=(12, 12)),
    _p("apprentice_dropout", 0.06, "share/month", 0, 1, "assumed; Saputra et al. (2023): some give up",
       "Monthly dropout probability of an apprentice with no interest (halved at full interest).",
       group="youth", status="assumed", plausible=(0.03, 0.1)),
    _p("mentor_capacity", 1, "apprentices", 1, 2, "docs/ODD.md §7: 1-2 apprentices per mentor",
       "Apprentices one master weaver can take.", "int", "youth", status="measured", plausible=(1, 2)),
    _p("programme_seats", 20, "seats", 0, 5000, "assumed",
       "Apprenticeship seats a full youth programme offers at a time (scaled by youth_programme).",
       "int", "youth", status="assumed", plausible=(10, 40), lever=True),
    _p("graduate_skill", 0.35, SHARE, 0, 1, "assumed", "Skill of a new weaver leaving apprenticeship.",
       group="youth", status="assumed", plausible=(0.25, 0.45)),
    _p("master_skill", 0.8, SHARE, 0, 1, "assumed", "Skill at which a weaver counts as a master (mentor).",
       group="youth", status="assumed", plausible=(0.7, 0.9)),
    # ---- demography --------------------------------------------------------------------------
    _p("retirement_age_max", 91, "years", 60, 120, "docs/ODD.md §7: yearly hazard 1/(91 - age)",
       "Age A in the yearly retirement hazard 1/(A - age).", group="demography", status="measured", plausible=(85, 95)),
    _p("subsistence_share", 0.08, SHARE, 0, 1, "assumed",
       "Income (as a share of the outside wage) below which a month counts as low income.",
       group="demography", status="assumed", plausible=(0.04, 0.15)),
    _p("low_income_months", 18, YEAR, 1, 240, "assumed",
       "Consecutive low-income months after which a weaver may leave the craft.", "int", "demography", status="assumed", plausible=(12, 30)),
    _p("low_income_exit", 0.08, "share/month", 0, 1, "assumed",
       "Monthly exit probability of a weaver past low_income_months.", group="demography", status="assumed", plausible=(0.04, 0.15)),
    # ---- indicators --------------------------------------------------------------------------
    _p("ag_threshold", 0.5, SHARE, 0, 1, "docs/ODD.md §4.11", "Level at which an Ansell & Gash indicator counts as achieved.",
       group="indicators", status="measured"),
    _p("ds_threshold", 0.5, SHARE, 0, 1, "docs/ODD.md §4.11", "Level at which a DeSeve indicator counts as achieved.",
       group="indicators", status="measured"),
    _p("need_per_weaver", 600_000, f"{RP}/year", 0, 1e9, "assumed",
       "Programme spending a weaver selling on their own (not through a firm) needs a year "
       "(DeSeve access to resources).", group="indicators", status="assumed", plausible=(300_000, 1_200_000)),
    _p("cluster_active", 0.4, SHARE, 0, 1, "assumed (JICA cluster stages)",
       "Cluster score at which the cluster counts as active.", group="indicators", status="assumed"),
    _p("cluster_dynamic", 0.75, SHARE, 0, 1, "assumed (JICA cluster stages)",
       "Cluster score at which the cluster counts as dynamic.", group="indicators", status="assumed"),
    _p("tie_gain", 0.5, SHARE, 0, 1, "assumed: one joint activity makes a tie half as strong as it can be",
       "Share of the gap to 1 by which a joint activity strengthens a tie between organisations "
       "(docs/ODD.md §7.19).", group="indicators", status="assumed", plausible=(0.3, 0.7)),
    _p("tie_decay", 0.08, "share/month", 0, 1, "assumed: a tie fades over about a year without joint activity",
       "Monthly fading of a tie between organisations (docs/ODD.md §7.19).", group="indicators",
       status="assumed", plausible=(0.04, 0.15)),
    _p("partners", 0, "organisations", 0, 3, "Indrawati & Pambudi (n.d.): practitioners, a college and a cooperative",
       "Partner organisations in the collaboration network besides dinas, firms and CSR "
       "(1 practitioners' association, 2 + college, 3 + producers' cooperative).", "int", "indicators", status="measured", lever=True),
    # ---- behavioural constants of the rules (each rule's module names where it is used) -------
    _p("skill_per_year_of_age", 0.005, "share/year", 0, 0.05, "assumed (older weavers have woven longer)",
       "At month 0, skill rises by this much per year of age above the median age.", group="population",
       status="assumed", plausible=(0.0, 0.01)),
    _p("price_skill_spread", 0.3, "log Rp per unit of skill", 0, 3, "assumed",
       "At month 0, asking prices rise with skill: price x exp(spread x (skill - mean skill)).",
       group="population", status="assumed", plausible=(0.1, 0.5)),
    _p("firm_finish_base", 0.85, "ratio", 0, 2, "assumed",
       "A firm's finishing: its weavers' piece quality is skill x (firm_finish_base + firm_finish_quality "
       "x the firm's quality); selling alone, skill x 1.", group="production", status="assumed",
       plausible=(0.7, 1.0)),
    _p("firm_finish_quality", 0.3, "ratio", 0, 2, "assumed",
       "How much a firm's own quality adds to its weavers' piece quality (see firm_finish_base).",
       group="production", status="assumed", plausible=(0.15, 0.45)),
    _p("csr_tools_quality", 0.1, SHARE, 0, 1, "assumed size; Saputra et al. (2023): the partner's workshop and tools",
       "Quality a CSR member's pieces gain from the partner's tools.", group="csr", status="assumed",
       plausible=(0.05, 0.2)),
    _p("income_memory", 1 / 6, "share/month", 0, 1, "assumed (about six months)",
       "Weight of this month's net income in a weaver's moving average of income (what exit, entry "
       "and thread choice see).", group="production", status="assumed", plausible=(1 / 12, 1 / 3)),
    _p("songket_quality", 0.75, SHARE, 0, 1, "assumed: fine hand-woven cloth",
       "Quality of songket and other regions' textiles, as buyers see it.", group="market",
       status="assumed", plausible=(0.6, 0.9)),
    _p("songket_genuine", 0.5, SHARE, 0, 1, "assumed: hand-woven, but not lipa' sa'be",
       "Genuineness of songket to a Mandar buyer (weighted by taste_genuine).", group="market",
       status="assumed", plausible=(0.3, 0.7)),
    _p("printed_quality", 0.3, SHARE, 0, 1, "assumed",
       "Quality of printed or machine-made imitations, as buyers see it.", group="market",
       status="assumed", plausible=(0.2, 0.4)),
    _p("procurement_price_sens", 1.0, "utility/log Rp", 0.1, 10,
       "assumed: buys on quality and certification, but can buy other suppliers' textiles",
       "Price sensitivity of government procurement.", group="market", status="assumed",
       plausible=(0.5, 2.0)),
    _p("training_opportunity", 0.25, SHARE, 0, 1, "assumed (a week away from the loom)",
       "Income forgone by a week of the dinas's training, as a share of a month's income.", group="dinas",
       status="assumed", plausible=(0.1, 0.5)),
    _p("gain_horizon", 3.0, YEAR, 0, 60, "assumed",
       "Months of income a weaver expects a skill gain of 1 to add: the perceived benefit of training "
       "in the participation logit.", group="dinas", status="assumed", plausible=(1.0, 6.0)),
    _p("visit_understanding", 0.3, SHARE, 0, 1, "assumed",
       "Share of the gap to full understanding closed by attending a meeting, a visit or the campaign.",
       group="dinas", status="assumed", plausible=(0.15, 0.5)),
    _p("ecommerce_month", 1, "month of year", 0, 11, "Indrawati & Pambudi (n.d.): e-commerce training in February/March",
       "Month of the year of the e-commerce training for firms (0 = January).", "int", "dinas",
       status="measured", lever=True),
    _p("exhibition_month", 10, "month of year", 0, 11, "Indrawati & Pambudi (n.d.): exhibition yearly in November",
       "Month of the year of the exhibition (0 = January).", "int", "dinas", status="measured", lever=True),
    _p("ecommerce_gain", 0.3, SHARE, 0, 1, "assumed",
       "Share of the gap to digital capability 1 closed by e-commerce training.", group="dinas",
       status="assumed", plausible=(0.15, 0.5)),
    _p("firm_ecommerce_offset", 1.0, "log-odds", -10, 10, "assumed (firms have more to gain from a market channel)",
       "How much more readily a firm than a weaver takes part in a programme: added to part_b0 for "
       "e-commerce training.", group="dinas", status="assumed", plausible=(0.0, 2.0)),
    _p("firm_ecommerce_gain", 0.5, "ratio", 0, 5, "assumed",
       "Net gain a firm expects from e-commerce training, relative to its income (the participation "
       "logit's gain term).", group="dinas", status="assumed", plausible=(0.25, 1.0)),
    _p("digital_decay", 0.01, "share/month", 0, 1, "assumed",
       "Monthly loss of a firm's digital capability without practice.", group="dinas", status="assumed",
       plausible=(0.005, 0.03)),
    _p("exhibition_visibility", 0.03, SHARE, 0, 1,
       "estimated: a full-strength exhibition (Rp 25 million) then adds about Rp 10 of cluster sales "
       "per rupiah in the following year, within the Rp 2-20 that craft-fair sales reports suggest "
       "(docs/ODD.md §7.9)",
       "Share of the gap to visibility 1 closed by a full-strength exhibition.", group="dinas",
       status="estimated", plausible=(0.01, 0.1)),
    _p("regional_loss", 0.02, "share/month", 0, 1, "assumed",
       "Monthly probability that a firm loses a regional channel it does not renew.", group="dinas",
       status="assumed", plausible=(0.01, 0.05)),
    _p("licensing_chance", 0.5, SHARE, 0, 1, "assumed (NIB facilitation)",
       "Probability that a dinas visit to an unlicensed firm ends with a business licence (NIB).",
       group="dinas", status="assumed", plausible=(0.3, 0.8)),
    _p("certification_quality", 0.15, SHARE, 0, 1, "assumed size; Bintarti & Enjelina (n.d.): certification for quality",
       "Quality a firm's products gain on certification.", group="dinas", status="assumed",
       plausible=(0.05, 0.25)),
    _p("forum_attendance", 0.3, SHARE, 0, 1, "assumed",
       "Share of a group's meeting attendance that comes to a monthly forum.", group="dinas",
       status="assumed", plausible=(0.15, 0.5)),
    _p("experience_delivered", 0.9, SHARE, 0, 1, "assumed",
       "Experience E of a contact that delivers (a training seat, a follow-up, a licence, a fair place).",
       group="trust", status="assumed", plausible=(0.8, 1.0)),
    _p("experience_neutral", 0.45, SHARE, 0, 1, "assumed",
       "Experience E of a visit when none of the past year's promised programmes was delivered "
       "(it rises to experience_delivered as all are).", group="trust", status="assumed",
       plausible=(0.3, 0.6)),
    _p("experience_broken", 0.15, SHARE, 0, 1, "assumed; Tuzzahra et al. (2026): the Perda is proposed, not enacted",
       "Experience E of a promise not kept (a Perda announced and overdue).", group="trust",
       status="assumed", plausible=(0.05, 0.3)),
    _p("experience_fined", 0.1, SHARE, 0, 1, "assumed",
       "Experience E of being fined for undercutting the floor.", group="trust", status="assumed",
       plausible=(0.0, 0.2)),
    _p("information_spread", 0.2, "share/month", 0, 1, "assumed",
       "Monthly probability that programme information passes to a weaver from its ties, times the "
       "share of its ties informed in the last 3 months.", group="trust", status="assumed",
       plausible=(0.1, 0.4)),
    _p("socialisation_reach", 0.25, "share/month", 0, 1, "assumed",
       "Share of weavers a full-strength 'sell by value' campaign reaches in a month.", group="floor",
       status="assumed", plausible=(0.1, 0.4)),
    _p("socialisation_mindset", 0.15, SHARE, 0, 1, "assumed",
       "Share of the gap to mindset 1 closed in a weaver the campaign reaches.", group="floor",
       status="assumed", plausible=(0.05, 0.3)),
    _p("belief_learning", 0.3, SHARE, 0, 1, "assumed",
       "Share of the gap to the detection rate seen among undercutting neighbours (and oneself) "
       "closed by a seller's belief each month.", group="floor", status="assumed", plausible=(0.1, 0.5)),
    _p("sell_through_learning", 0.3, SHARE, 0, 1, "assumed (adaptive expectations)",
       "Share of the gap to this month's sell-through at the floor closed by sellers' expectation of "
       "it each month.", group="floor", status="assumed", plausible=(0.1, 0.6)),
    _p("detect_belief_init", 1.0, "ratio", 0, 10, "assumed (sellers take the announced effort at its word)",
       "Sellers' first belief about detection, when the floor comes into force, relative to the "
       "share of sellers the announced inspections can reach (inspection capacity / sellers with bound "
       "pieces on offer): above 1 they overrate enforcement, below 1 they discount it.",
       group="floor", status="assumed", plausible=(0.5, 3.0)),
    _p("type_income_memory", 0.2, SHARE, 0, 1, "assumed",
       "Weight of this month in the moving average of each thread type's mean income that weavers "
       "compare when switching.", group="floor", status="assumed", plausible=(0.1, 0.4)),
    _p("csr_training_opportunity", 0.5, SHARE, 0, 2, "assumed; Saputra et al. (2023): a month-long training away, travel paid",
       "Income forgone by the CSR partner's training, as a share of a month's income.", group="csr",
       status="assumed", plausible=(0.25, 1.0)),
    _p("csr_events_visibility", 0.02, "share/month", 0, 1, "assumed",
       "Monthly visibility gain from a CSR partner's events at the reference grant (less below it).",
       group="csr", status="assumed", plausible=(0.01, 0.04)),
    _p("csr_reference_grant", 130_000_000, f"{RP}/year", 1, 1e11, "measured: the Sangatta grant (KPC, 2025 press report)",
       "Yearly grant that a CSR partner's event effects are scaled to.", group="csr", status="measured"),
    _p("trust_sd", 0.1, SHARE, 0, 0.5, "assumed",
       "Spread (s.d.) of weavers' and firms' trust in the dinas around trust_init at month 0.",
       group="population", status="assumed", plausible=(0.05, 0.2)),
    _p("understanding_sd", 0.15, SHARE, 0, 0.5, "assumed",
       "Spread (s.d.) of weavers' and firms' understanding around understanding_init at month 0.",
       group="population", status="assumed", plausible=(0.05, 0.25)),
    _p("firm_quality_min", 0.3, SHARE, 0, 1, "assumed",
       "Firms' finishing and product quality at month 0 is uniform between firm_quality_min and "
       "firm_quality_max.", group="population", status="assumed", plausible=(0.2, 0.4)),
    _p("firm_quality_max", 0.7, SHARE, 0, 1, "assumed",
       "See firm_quality_min.", group="population", status="assumed", plausible=(0.6, 0.8)),
    _p("firm_digital_mean", 0.2, SHARE, 0.01, 0.99, "assumed; Tuzzahra et al. (2026): weak promotion and online sales",
       "Mean digital capability of firms at month 0 (Beta distributed; 0.5 and a licence reach "
       "national/online buyers).", group="population", status="assumed", plausible=(0.1, 0.35)),
    _p("firm_licensed_share", 0.5, SHARE, 0, 1, "assumed",
       "Share of firms holding a business licence (NIB) at month 0.", group="population",
       status="assumed", plausible=(0.3, 0.7)),
    _p("firm_regional_quality", 0.6, SHARE, 0, 1, "assumed",
       "Firms whose quality at month 0 is above this already reach the regional/tourist segment.",
       group="population", status="assumed", plausible=(0.5, 0.7)),
    _p("programme_interest", 0.4, SHARE, 0, 1, "assumed size; Lasmana & Ratminto (n.d.): basic craft education for local youth",
       "Share of the gap to full interest closed by youth craft education.", group="youth",
       status="assumed", plausible=(0.2, 0.6)),
)

REGISTRY: dict[str, Param] = {p.name: p for p in PARAMS}
_DEFAULTS: dict[str, Any] = {p.name: p.check(p.default) for p in PARAMS}


def defaults() -> dict[str, Any]:
    """Every parameter at its default value, of its own kind (a float parameter's whole-number
    default is a float, as the value a user sets would be)."""
    return dict(_DEFAULTS)


def check_name(name: str) -> Param:
    """The registry entry for ``name``, or an :class:`InputError` naming it."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError(f"unknown parameter '{name}' (see 'python run_experiments.py params')") from None


def resolve(overrides: dict[str, Any] | None = None, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then ``base``, then ``overrides``; every name and value checked.

    Cross-parameter rules are checked too (the apprenticeship range must be ordered).
    """
    params = defaults()
    for layer in (base or {}, overrides or {}):
        for name, value in layer.items():
            params[name] = check_name(name).check(value)
    if params["apprentice_min_months"] > params["apprentice_max_months"]:
        raise InputError(
            f"parameter 'apprentice_min_months' = {params['apprentice_min_months']} exceeds "
            f"'apprentice_max_months' = {params['apprentice_max_months']}"
        )
    return params


def uncertain(statuses: tuple[str, ...] = ("assumed",)) -> list[Param]:
    """The parameters whose default is uncertain: of one of ``statuses``, with a plausible range
    wider than a point, numeric, and not a policy lever or run setting."""
    return [p for p in PARAMS if p.status in statuses and not p.lever and p.kind in ("int", "float")
            and p.plausible is not None and p.plausible[0] < p.plausible[1]]


def salib_problem(statuses: tuple[str, ...] = ("assumed",), names: list[str] | None = None) -> dict[str, Any]:
    """A SALib problem definition (``num_vars``, ``names``, ``bounds`` in each parameter's unit)
    over the plausible ranges of the uncertain parameters (:func:`uncertain`), or of ``names``."""
    chosen = uncertain(statuses) if names is None else [check_name(name) for name in names]
    return {"num_vars": len(chosen), "names": [p.name for p in chosen],
            "bounds": [list(p.plausible_range) for p in chosen]}


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """Parse ``NAME=VALUE`` strings (the command line's ``--set``) into checked values."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--set {item!r} is not of the form NAME=VALUE")
        out[name.strip()] = check_name(name.strip()).parse(text)
    return out


def markdown_table() -> str:
    """The registry as the Markdown of ``docs/parameters.md`` (grouped, with units and sources)."""
    lines = [
        "# Parameters",
        "",
        "Generated from the parameter registry (`sim/params.py`) by "
        "`python docs/make_parameters.py`; do not edit by hand.",
        "Money is in rupiah (Rp), time in months, shares in [0, 1].",
    ]
    for group in dict.fromkeys(p.group for p in PARAMS):
        lines += ["", f"## {group}", "",
                  "| name | default | unit | valid range | plausible range | status | source | meaning |",
                  "|---|---|---|---|---|---|---|---|"]
        for p in (q for q in PARAMS if q.group == group):
            default = _fmt(p.default) if p.kind in ("int", "float") else str(p.default).lower()
            status = p.status + (" (lever)" if p.lever else "")
            cells = [f"`{p.name}`", default, p.unit, p.range_text, p.plausible_text, status, p.source, p.doc]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"
