"""The craft-cluster model: the dinas, firms, weavers, youth and a CSR partner, month by month.

One step is one month (month 0 is January of the first year, the state at initialisation).
``CraftModel.step`` is the process overview of docs/ODD.md §3, one line per process; each process
lives in the module named beside it, which holds all its rules (docs/ODD.md s3 lists them).
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.agentset import AgentSet

from . import accounts, collaboration, demography, floor, indicators, market, production, programmes, social, threads
from .agents import CsrPartner, Dinas, Firm, Weaver, Youth
from .craft_scenario import CraftScenario, check_rng
from .initial import create_firms, create_weavers, create_youth
from .month import FLOWS, Month
from .networks import WeaverNetwork
from .params import InputError

STREAMS = ("init", "network", "programmes", "youth", "floor", "market", "switch", "demography")
"""Independent random streams spawned from the model's generator, one per mechanism, so that a
policy that changes how often one mechanism draws leaves the others' draws unchanged (common
random numbers across scenarios)."""


class CraftModel(mesa.Model):
    """Collaboration around a craft cluster (Mandar silk by default); see docs/ODD.md.

    Built either as Mesa's examples are, ``CraftModel(scenario=CraftScenario(rng=1, n_weavers=500))``,
    or with keywords, ``CraftModel(rng=1, n_weavers=500)``; keywords win over the scenario's values.
    The model stops by itself (``running`` False) after ``months`` steps, so ``run_model`` and
    Mesa's ``batch_run`` end there.

    Args:
        scenario: a :class:`CraftScenario` (every registry parameter, with its seed as ``rng``).
        rng: seed or generator (Mesa's ``rng=``); every random number comes from it.
        **params: any registry parameter (``sim.params``); the rest take their defaults.
    """

    def __init__(self, scenario: CraftScenario | None = None, *, rng=None, **params):
        check_rng(rng)
        if scenario is not None and not isinstance(scenario, CraftScenario):
            raise InputError(f"scenario = {scenario!r} is not a CraftScenario: build one with "
                             "sim.CraftScenario(rng=..., **values), e.g. from sim.load_scenario(name).values")
        if scenario is None:
            scenario = CraftScenario(rng=rng, **params)
        elif params or rng is not None:
            values = {name: value for name, value in scenario if name != "rng"}
            scenario = CraftScenario(rng=scenario.rng if rng is None else rng, **{**values, **params})
        super().__init__(scenario=scenario)
        self.p = p = {name: value for name, value in scenario if name != "rng"}
        self.streams = dict(zip(STREAMS, self.rng.spawn(len(STREAMS))))
        self.segments, self.tastes = market.build_segments(p), market.tastes_from(p)
        init = self.streams["init"]
        self.weavers, self.youth, self.firms = create_weavers(init, p), create_youth(init, p), create_firms(init, p)
        self._views = {Weaver: {}, Youth: {}}
        for row in range(len(self.firms)):
            Firm(self, row)
        self.network = WeaverNetwork(self.streams["network"], len(self.weavers), p["network_degree"],
                                     p["network_rewire"])
        self.n_groups = int(self.weavers.group.max()) + 1 if len(self.weavers) else 1
        self.dinas = Dinas(self, p["dinas_budget"], p["dinas_staff"], self.n_groups)
        self.csr = (CsrPartner(self, p["csr_budget"], p["csr_start_month"], p["csr_months"],
                               p["csr_commitment_patience"]) if p["csr_budget"] > 0 else None)
        self.visibility = p["visibility_init"]
        self.collaboration = collaboration.Collaboration(self.n_groups, len(self.firms), p["partners"])
        self.floor = floor.FloorState()
        self.type_income = threads.type_incomes(self)
        self.log = {key: [] for key in FLOWS}
        self._clock: int | None = None
        self.spin_up(p["spin_up_months"])
        self.now = Month.start(0, len(self.weavers))
        self.market = accounts.opening_market(self)
        self.outcomes = indicators.measure(self)
        self.datacollector = indicators.collector()
        self.datacollector.collect(self)

    @property
    def month(self) -> int:
        """The month now (0 at initialisation): Mesa's clock, which advances one unit a step
        (negative during the spin-up)."""
        return int(self.time) if self._clock is None else self._clock

    def spin_up(self, months: int) -> None:
        """Settle the market by month 0 (docs/ODD.md §5): for ``months`` unrecorded months ending
        with month 0 itself (January, so that month 1 follows a January as every later February
        does), the month-0 weavers weave, sell, are paid, adjust their prices and
        choose their thread, while no institution acts (no dinas, CSR partner, floor or government
        procurement) and the people themselves (their number,
        age, skill, trust, understanding and mindset) stay as initialised.  Month 0 then starts
        from prices, stocks, incomes and a thread mix the market sustains, and no mechanism
        reacts to the initial guesses of them."""
        skill = self.weavers.skill_base.copy()
        segments, self.segments = self.segments, market.private_segments(self.segments)
        for self._clock in range(1 - months, 1):
            self.now = Month.start(self._clock, len(self.weavers))
            self.trade(np.zeros(len(self.weavers), bool))
            self.weavers.skill_base = skill  # copied into the column: the market settles for the month-0 skills
            threads.choose_thread(self)
        self._clock, self.segments = None, segments

    def step(self):
        """One month, in the order of docs/ODD.md §3."""
        self.now = Month.start(self.month, len(self.weavers))
        self.now.floor_on = floor.in_force(self.p, self.month)               # 1 calendar and policy
        self._act(Dinas)                                                     # 1-2 programmes, visits
        self.visibility *= 1.0 - self.p["visibility_decay"]
        self._act(CsrPartner)                                                # 3 CSR partner
        programmes.keep_or_lose_training(self)                               # 3 training kept or lost
        demography.youth_month(self)                                         # 4 youth, apprentices
        csr_members = programmes.csr_members_now(self)
        self.trade(csr_members)                                              # 5-8 trade
        threads.choose_thread(self)                                          # 8 choice of thread
        social.influence(self)                                               # 9 social influence
        self.collaboration.update(self)                                      # 9 ties among organisations
        demography.exits(self, csr_members)                                  # 10 retirement, exit
        self.record()                                                        # 11 data collection
        self.running = self.month < self.p["months"]

    def trade(self, csr_members: np.ndarray) -> None:
        """Steps 5-8 of a month: production, asking prices under any floor, the market, and the
        accounts (incomes, stock, next month's prices)."""
        made, offered = production.produce(self, csr_members)                # 5 production
        received, price, fines = floor.price_under_floor(self, offered)      # 6 prices, the floor
        offers = production.bring_to_market(self, price, offered, csr_members)
        sales = market.sell(self, offers)                                    # 7 market clearing
        accounts.close_month(self, received, made, offered, sales.sold, fines)  # 8 income, accounts

    def record(self) -> None:
        """Close the month's flows into the log, measure every outcome and collect."""
        flow = self.now.flow
        flow["dinas_spend"] = self.dinas.spent_this_month
        flow["csr_spend"] = self.csr.spent_this_month if self.csr is not None else 0.0
        for key in FLOWS:
            self.log[key].append(flow[key])
        self.outcomes = indicators.measure(self)
        self.datacollector.collect(self)

    # ---- Mesa's agent sets ----------------------------------------------------------------------

    def _act(self, cls: type) -> None:
        """The agents of a kind that acts on its own (the dinas, a CSR partner) take their step,
        through Mesa's agent set of that kind (read without bringing the weaver and youth views
        up to date)."""
        actors = super().agents_by_type.get(cls)
        if actors is not None:
            actors.do("step")

    @property
    def agents(self) -> AgentSet:
        """Every agent now in the model (Mesa API): the dinas, any CSR partner, the firms, and a
        view of each active weaver and each youth in the pool."""
        self._sync_views()
        return super().agents

    @property
    def agents_by_type(self) -> dict:
        """Mesa API: an AgentSet per agent class (``Weaver``, ``Youth``, ``Firm``, ...)."""
        self._sync_views()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        self._sync_views()
        return super().agent_types

    def _sync_views(self) -> None:
        """Bring the weaver and youth agents in line with the tables' active rows.

        Weavers and youth join and leave by the hundred a year while no monthly rule reads their
        agent objects, so the views are created (and those of actors who left removed) when the
        agent sets are read, not in the monthly loop."""
        for cls, table in ((Weaver, self.weavers), (Youth, self.youth)):
            views = self._views[cls]
            alive = set(table.active.nonzero()[0].tolist())
            for row in views.keys() - alive:
                views.pop(row).remove()
            for row in sorted(alive - views.keys()):
                views[row] = cls(self, row)
