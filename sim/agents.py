"""The actors: weavers, youth, firms, the dinas and a CSR partner.

Weavers, youth and firms are many, so their state lives in column tables (``population.Table``)
and the monthly rules in ``sim/*.py`` act on whole columns; each Mesa agent below is a view of one
row, so ``weaver.skill`` reads and writes the model's ``weavers.skill`` column.  Views of weavers
and youth, who come and go by the hundred a year, are brought up to date when the model's agent
sets are read (``model.agents``, ``model.agents_by_type``), not in the monthly loop.  The dinas and
the CSR partner are single actors with their own state and small decisions.
"""

from __future__ import annotations

import functools

import mesa
import numpy as np

from .population import Table

NEVER = -999
"""Month value meaning 'never' (no contact, no programme, no apprenticeship yet)."""

WEAVER_COLUMNS = {
    "active": bool,           # still weaving
    "age": float,             # years
    "village": np.intp,
    "group": np.intp,        # weaver group (kelompok) the dinas meets
    "skill_base": float,      # [0,1] skill from experience
    "trained": float,         # [0,1] skill added by training, decays without follow-up
    "genuine": bool,          # weaves genuine silk (else mixed/imitation thread)
    "trust": float,           # [0,1] trust in the dinas
    "understanding": float,   # [0,1] of programmes and of the floor's purpose
    "mindset": float,         # [0,1]: 0 sell fast at any price, 1 hold out for value
    "price": float,           # Rp, own asking price (before any firm markup)
    "stock": np.intp,        # unsold pieces carried into the month
    "progress": float,        # [0,1) share of the next piece already woven
    "income": float,          # Rp/month, this month's net income
    "income_avg": float,      # Rp/month, moving average of net income (about 6 months)
    "low_months": np.intp,   # consecutive months with income_avg below subsistence
    "firm": np.intp,         # firm it sells through, -1 if none
    "csr_member": bool,
    "last_contact": np.intp,   # month of the last face-to-face contact (-999 never)
    "informed": np.intp,       # month programme information last reached it (-999 never)
    "joined": np.intp,         # month it last took part in a programme (-999 never)
    "invited_at": np.intp,     # month it was last invited to a dinas or CSR training (-999 never)
    "income_at_invite": float,  # Rp/month, income_avg when it was last invited
    "detect_belief": float,     # [0,1] believed monthly probability of detection when undercutting
    "undercut": bool,           # undercut the floor this month
    "cash": float,              # Rp held: pays thread before weaving; below cash_buffer the weaver is short
    "thread_ahead": float,      # Rp of thread bought ahead with a KUR loan, used before cash
    "kur_debt": float,          # Rp still owed on a KUR loan (principal and interest)
    "kur_instalment": float,    # Rp/month due on the KUR loan
    "entered": np.intp,        # month it started weaving (negative: before the model)
}

YOUTH_COLUMNS = {
    "active": bool,           # still in the villages' youth pool (aged 15-29)
    "age": float,             # years
    "village": np.intp,
    "interest": float,        # [0,1] interest in the craft
    "apprentice": bool,       # in an apprenticeship now
    "months_done": np.intp,  # months of apprenticeship done
    "duration": np.intp,     # months the apprenticeship lasts
    "mentor": np.intp,       # weaver row of the mentor, -1 for a programme seat
    "entered": np.intp,      # month the apprenticeship started (-999 never)
}

FIRM_COLUMNS = {
    "quality": float,         # [0,1] finishing and product quality
    "digital": float,         # [0,1] brand and digital capability
    "licensed": bool,         # holds a business licence (NIB)
    "certified": bool,        # product certification (SNI/halal/BPOM-like)
    "regional": bool,         # reaches the regional/tourist segment
    "trust": float,           # [0,1] trust in the dinas
    "understanding": float,   # [0,1]
    "last_contact": np.intp,  # month of the last contact with the dinas
    "joined": np.intp,        # month it last took part in a programme (-999 never)
    "detect_belief": float,    # [0,1] believed monthly probability of detection when undercutting
    "undercut": bool,          # sold genuine pieces below the floor this month
    "caught": bool,            # inspected while undercutting, and fined, this month
}


def weaver_table() -> Table:
    return Table(WEAVER_COLUMNS, capacity=1024)


def youth_table() -> Table:
    return Table(YOUTH_COLUMNS, capacity=1024)


def firm_table() -> Table:
    return Table(FIRM_COLUMNS, capacity=64)


class _Column:
    """A descriptor that makes an agent attribute a view of its row in a table."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, agent, owner=None):
        if agent is None:
            return self
        return getattr(agent.table, self.name)[agent.row]

    def __set__(self, agent, value):
        getattr(agent.table, self.name)[agent.row] = value


def _columns(names):
    return {name: _Column() for name in names}


class RowAgent(mesa.Agent):
    """A Mesa agent whose state is row ``row`` of ``table``.

    The actors behind these views are many and act through vectorised rules on their table, in
    the model's monthly schedule; a view has no behaviour of its own.  So a ``step`` is refused
    where it is defined (it would never be called), and calling one raises: add the rule to the
    schedule instead (docs/ODD.md, "Changing the model")."""

    table_name = ""

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = int(row)

    @property
    def table(self) -> Table:
        return getattr(self.model, self.table_name)

    def step(self) -> None:
        raise TypeError(f"{type(self).__name__} agents are views of rows of the {self.table_name} table; "
                        "their behaviour is the vectorised rules of the monthly schedule (sim/model.py), "
                        "so they have no step: add a rule there (docs/ODD.md, 'Changing the model')")

    def __init_subclass__(cls, columns=(), **kwargs):
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            raise TypeError(f"{cls.__name__}.step would never be called: {cls.__name__} agents are views of "
                            "table rows acted on by the vectorised rules of the monthly schedule "
                            "(sim/model.py); add the rule there (docs/ODD.md, 'Changing the model')")
        for name, descriptor in _columns(columns).items():
            descriptor.__set_name__(cls, name)
            setattr(cls, name, descriptor)


class Weaver(RowAgent, columns=WEAVER_COLUMNS):
    """An artisan weaver (penenun): makes sarongs, sets a price, sells, learns and may leave."""

    table_name = "weavers"

    @property
    def skill(self) -> float:
        """Effective skill [0,1]: experience plus trained skill still held (``production.skill``)."""
        from .production import skill  # the rules import the tables defined here

        return float(skill(self.table, self.row))


class Youth(RowAgent, columns=YOUTH_COLUMNS):
    """A young person (15-29) of a weaving village: may apprentice and become a weaver."""

    table_name = "youth"


class Firm(RowAgent, columns=FIRM_COLUMNS):
    """A UMKM/IKM or collector that buys, finishes, brands and sells weavers' sarongs."""

    table_name = "firms"


@functools.cache
def _rules():
    """The modules of the dinas's and the CSR partner's rules (``cash``, ``programmes``), imported
    once, on first use: they import the tables defined here, so they cannot be imported above."""
    from . import cash, programmes

    return cash, programmes


class Dinas(mesa.Agent):
    """The department (Disperindagkop): budget, field staff, programme calendar, the Perda.

    Attributes are in Rp (money) and months (time).
    """

    def __init__(self, model, budget_per_year: float, staff: int, n_groups: int):
        super().__init__(model)
        self.budget_per_year = float(budget_per_year)
        self.budget_left = float(budget_per_year)
        self.staff = int(staff)
        self.spent_this_month = 0.0
        self.group_last_visit = np.full(n_groups, NEVER, np.intp)
        """Month of the dinas's last meeting with each weaver group."""

    def step(self) -> None:
        """The dinas's month (docs/ODD.md §3 steps 1-2): the programme calendar (budget, training,
        e-commerce training, exhibition, certification, forum), field visits, the 'sell by
        value' campaign (``sim/programmes.py``) and KUR facilitation (``sim/cash.py``)."""
        cash, programmes = _rules()
        self.spent_this_month = 0.0
        programmes.dinas_calendar(self.model)
        programmes.field_visits(self.model)
        programmes.socialise(self.model)
        cash.facilitate_kur(self.model)

    def renew_budget(self) -> None:
        """January: a new year's budget (unspent money does not carry over)."""
        self.budget_left = self.budget_per_year

    def spend(self, amount: float) -> float:
        """Spend up to ``amount`` Rp from what is left this year; return what was spent."""
        paid = max(0.0, min(float(amount), self.budget_left))
        self.budget_left -= paid
        self.spent_this_month += paid
        return paid

    def affordable(self, unit_cost: float, wanted: int) -> int:
        """How many units of ``unit_cost`` Rp, up to ``wanted``, the budget left still pays for."""
        if unit_cost <= 0:
            return int(wanted)
        return int(min(wanted, self.budget_left // unit_cost))


class CsrPartner(mesa.Agent):
    """A corporate CSR partner (Sangatta-like): workshop, tools, intensive training, monitoring.

    ``budget_per_year`` in Rp; ``start`` and ``end`` in months; ``commitment`` lapses when the
    members' income stalls for ``patience`` months.
    """

    def __init__(self, model, budget_per_year: float, start: int, months: int, patience: int):
        super().__init__(model)
        self.budget_per_year = float(budget_per_year)
        self.start = int(start)
        self.end = int(start + months)
        self.patience = int(patience)
        self.members = np.zeros(0, np.int64)
        self.first_month: int | None = None
        self.committed = True
        self.stalled_months = 0
        self.member_income_start = 0.0
        self.spent_this_month = 0.0

    def is_active(self, month: int) -> bool:
        """Working with its members this month."""
        return self.committed and self.start <= month < self.end

    def step(self) -> None:
        """The partner's month (docs/ODD.md §3 step 3): choose members, train yearly, monitor
        monthly, hold events, keep or lose commitment (``sim/programmes.py``)."""
        _, programmes = _rules()
        self.spent_this_month = 0.0
        programmes.csr_month(self.model)
