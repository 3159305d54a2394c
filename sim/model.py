"""The craft-cluster model: the dinas, firms, weavers, youth and a CSR partner, month by month.

One step is one month (month 0 is January of the first year, the state at initialisation).  The
order of a month follows MODEL.md s3:

 1. calendar and policy        6. pricing and compliance with the floor
 2. face-to-face dialogue      7. market clearing
 3. training and follow-up     8. income and accounts; choice of thread
 4. youth and apprenticeship   9. social influence
 5. production                10. demography
                              11. indicators and data collection
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario

from . import demography, indicators, market, networks, policies, production, programmes, social
from .agents import CsrPartner, Dinas, Firm, Weaver, Youth
from .initial import NEVER, create_firms, create_weavers, create_youth, thread_cost
from .networks import WeaverNetwork
from .params import PARAMS, resolve

STREAMS = ("init", "network", "programmes", "youth", "floor", "market", "switch", "demography")
"""Independent random streams spawned from the model's generator, one per mechanism, so that a
policy that changes how often one mechanism draws leaves the others' draws unchanged (common
random numbers across scenarios)."""
FLOWS = ("entrants", "exits", "invited", "participants", "completed", "firm_invited", "firm_participants",
         "promised", "delivered", "dinas_spend", "csr_spend")
"""Monthly flows kept in the model's log for rolling indicators."""
TYPE_INCOME_MEMORY = 0.2
"""Weight of this month in the moving average of each thread type's mean income (switching)."""
INFORMATION_SPREAD = 0.2
"""Monthly probability that programme information passes to a weaver from an informed tie."""


def _scenario_class() -> type[Scenario]:
    """Mesa's typed Scenario for this model, generated from the parameter registry: one annotated
    field per parameter with its registry default, so Mesa's tools (SolaraViz, batch runs) see
    every parameter, and every value is checked by the registry when a scenario is made."""
    kinds = {"float": float, "int": int, "bool": bool, "choice": str}

    def __init__(self, *, rng=None, **params):
        Scenario.__init__(self, rng=rng, **resolve(params))

    namespace = {p.name: p.default for p in PARAMS}
    namespace.update(__annotations__={p.name: kinds[p.kind] for p in PARAMS}, __init__=__init__,
                     __module__=__name__, __qualname__="CraftScenario", __doc__=(
                         "Every registry parameter of the craft model, with its default (see "
                         "``sim.params``); ``rng`` is the seed. Unknown names and bad values raise "
                         "``InputError``."))
    return type("CraftScenario", (Scenario,), namespace)


CraftScenario = _scenario_class()


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
        if scenario is None:
            scenario = CraftScenario(rng=rng, **params)
        elif params or rng is not None:
            values = {name: value for name, value in scenario if name != "rng"}
            scenario = CraftScenario(rng=scenario.rng if rng is None else rng, **{**values, **params})
        super().__init__(scenario=scenario)
        self.p = p = {name: value for name, value in scenario if name != "rng"}
        self.streams = dict(zip(STREAMS, self.rng.spawn(len(STREAMS))))
        self.segments = market.build_segments(p)
        self.tastes = market.tastes_from(p)

        init = self.streams["init"]
        self.weavers = create_weavers(init, p)
        self.youth = create_youth(init, p)
        self.firms = create_firms(init, p)
        self._views = {Weaver: {}, Youth: {}}
        for r in range(len(self.firms)):
            Firm(self, r)
        self.network = WeaverNetwork(self.streams["network"], len(self.weavers), p["network_degree"],
                                     p["network_rewire"])
        self.n_groups = int(self.weavers.group.max()) + 1 if len(self.weavers) else 1
        self.group_last_visit = np.full(self.n_groups, NEVER, np.int32)
        self.dinas = Dinas(self, p["dinas_budget"], p["dinas_staff"])
        self.csr = (CsrPartner(self, p["csr_budget"], p["csr_start_month"], p["csr_months"],
                               p["csr_commitment_patience"]) if p["csr_budget"] > 0 else None)

        self.visibility = p["visibility_init"]
        self.floor_on = False
        self.floor = policies.FloorState()
        self.exhibition_now = False
        self.type_income = self._type_incomes()
        self.log = {key: [] for key in FLOWS}
        self._new_month_arrays()
        self.market = self._empty_market()
        self.outcomes = indicators.measure(self)
        self.datacollector = indicators.OutcomeCollector()
        self.datacollector.collect(self)

    # ---- the month ------------------------------------------------------------------------------

    @property
    def month(self) -> int:
        """The month now (0 at initialisation): Mesa's clock, which advances one unit a step."""
        return int(self.time)

    def step(self):
        """One month, in the order of MODEL.md s3."""
        self._new_month_arrays()
        self.calendar_and_policy()                    # 1
        programmes.field_visits(self)                 # 2
        programmes.socialise(self)
        programmes.csr_month(self)                    # 3 (CSR training and monitoring)
        programmes.keep_or_lose_training(self)        # 3
        self.youth_and_apprenticeship()               # 4
        made, offered = self.production()             # 5
        asking, fines = self.pricing_and_compliance(offered)  # 6
        sales = self.market_clearing(asking, offered)  # 7
        self.accounts(asking, made, offered, sales.sold, fines)  # 8
        self.choose_thread()
        self.social_influence()                       # 9
        self.demography()                             # 10
        self.record()                                 # 11
        self.running = self.month < self.p["months"]

    def calendar_and_policy(self) -> None:
        """Scheduled programmes fire; the floor is enacted at its start month."""
        self.dinas.floor_enacted = self.floor_on = policies.floor_active(self.p, self.month)
        self.exhibition_now = False
        programmes.dinas_calendar(self)
        self.visibility *= 1.0 - self.p["visibility_decay"]

    def youth_and_apprenticeship(self) -> None:
        """Youth age; a January cohort arrives; entries, dropouts and graduations."""
        rng, y, p = self.streams["youth"], self.youth, self.p
        demography.age_youth(y)
        if self.month % 12 == 0:
            demography.new_cohort(rng, y, p)
            if p["youth_programme"] > 0:
                demography.youth_education(rng, y, p["youth_programme"])
        demography.start_apprenticeships(rng, self)
        _, graduates, mentors = demography.advance_apprenticeships(rng, y, p)
        self._add_weavers(graduates, mentors)

    def production(self) -> tuple[np.ndarray, np.ndarray]:
        """Pieces made this month, and pieces offered (stock carried plus made)."""
        w = self.weavers
        boost = self.p["csr_productivity"] * self._csr_members_now()
        made = production.weave(w, self.p, self.month, boost)
        w.skill_base = np.where(made > 0, w.skill_base + self.p["skill_learning"] * (1 - w.skill_base),
                                w.skill_base)
        return made, w.stock + made

    def pricing_and_compliance(self, offered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Asking prices (Rp) under the floor, undercutting, detection and fines."""
        p, w, fl = self.p, self.weavers, self.floor
        desired = w.price.copy()
        draws = self.streams["floor"].random(len(w))
        bound = (policies.bound_sellers(w, self.firms, p) if self.floor_on
                 else np.zeros(len(w), bool))
        undercut = np.zeros(len(w), bool)
        if self.floor_on:
            known = 0 if fl.complied is None else fl.complied.size
            complied = np.concatenate([fl.complied if known else np.zeros(0, bool), bound[known:]])
            neighbours = self.network.neighbour_mean(np.where(bound, complied, 0.0), bound)
            undercut = policies.decide_undercut(
                desired, offered, bound, p["floor_price"], fl.sell_through_at_floor, w.detect_belief,
                p["floor_penalty"], p["floor_norm_cost"], w.understanding, neighbours)
        p_detect = policies.detection_probability(p["floor_enforcement"],
                                                  self.dinas.staff * p["visits_per_officer"], self.n_groups)
        caught = undercut & (draws < p_detect)
        w.undercut = undercut
        self.caught = caught
        if self.floor_on:
            fl.complied = bound & ~undercut
            fined = caught.nonzero()[0]
            w.trust[fined] = social.update_trust(w.trust[fined], social.EXPERIENCE_FINED,
                                                 p["trust_up"], p["trust_down"])
        selling = int(np.count_nonzero(bound & (offered > 0)))
        self.market_compliance = 1.0 - int(np.count_nonzero(undercut)) / selling if selling else 1.0
        self.at_floor = bound & ~undercut & (desired < p["floor_price"])
        asking = np.where(self.at_floor, p["floor_price"], desired)
        return asking, np.where(caught, p["floor_penalty"], 0.0)

    def market_clearing(self, asking: np.ndarray, offered: np.ndarray) -> market.Sales:
        """Buyers in every segment choose among local offers, substitutes and not buying."""
        offers = production.make_offers(self.weavers, self.firms, asking, offered, self.p["firm_markup"],
                                        self.exhibition_now, self._csr_members_now())
        sales = market.clear(self.streams["market"], self.segments, offers, self.tastes, self.visibility)
        self.offers = offers
        self.last_substitutes = sales.substitute_units
        return sales

    def accounts(self, asking, made, offered, sold, fines) -> None:
        """Incomes, stock, firm capital, aid paid; prices adjust to this month's sales."""
        p, w = self.p, self.weavers
        piece_cost = thread_cost(p, self.offers.product)
        aid = float((made * piece_cost * self.aid_share).sum())
        if aid > 0:
            self.aid_share *= self.dinas.spend(aid) / aid
        money = production.settle(w, self.firms, p, asking, made, sold, fines, self.aid_share, piece_cost)
        w.stock = offered - sold
        on_floor = self.at_floor & (offered > 0)
        if on_floor.any():
            self.floor.sell_through_at_floor = float(sold[on_floor].sum() / offered[on_floor].sum())
        value = np.where(w.genuine, p["value_price_genuine"], p["value_price_imitation"])
        reservation = market.reservation_price(piece_cost, value, w.mindset)
        w.price = market.adjust_prices(w.price, offered, sold, w.mindset, reservation, p["price_cut"],
                                       p["price_raise"])
        self.market = {"sold": sold, "offered": offered, "made": made, "buyer_price": self.offers.price,
                       "genuine": w.genuine.copy(),
                       "quality": self.offers.quality, "gross": money["gross"],
                       "substitute_units": self.last_substitutes, "compliance": self.market_compliance}

    def choose_thread(self) -> None:
        """Weavers whose other thread type pays clearly better switch with a small monthly probability.

        Seen income per type is a moving average of that type's mean net income; a switcher's
        unsold stock of the old type is set aside and it asks the new type's going price.
        """
        p, w = self.p, self.weavers
        self.type_income = self._type_incomes(blend=True)
        genuine_income, imitation_income = (float(x) for x in self.type_income)
        leave_genuine = self._pays_better(imitation_income, genuine_income)
        leave_imitation = self._pays_better(genuine_income, imitation_income)
        draws = self.streams["switch"].random(len(w))
        if not (leave_genuine or leave_imitation):
            return
        movers = w.active if leave_genuine and leave_imitation else w.active & (w.genuine == leave_genuine)
        switch = (movers & (draws < p["switch_rate"])).nonzero()[0]
        if switch.size == 0:
            return
        w.genuine[switch] = ~w.genuine[switch]
        w.stock[switch] = 0
        for genuine in (True, False):
            rows = switch[w.genuine[switch] == genuine]
            peers = w.active & (w.genuine == genuine)
            if rows.size and peers.sum() > rows.size:
                w.price[rows] = indicators.median(w.price[peers])

    def _pays_better(self, other: float, own: float) -> bool:
        """The other thread type's income (Rp/month) beats one's own by the switching threshold,
        relative to one's own income (at least a tenth of the outside wage)."""
        scale = max(abs(own), 0.1 * self.p["outside_wage"] + 1.0)
        return other - own > self.p["switch_threshold"] * scale

    def social_influence(self) -> None:
        """Mindset and understanding move toward neighbours'; information spreads; beliefs about
        detection follow the fines seen among undercutting neighbours; trust drifts."""
        p, w, net = self.p, self.weavers, self.network
        active = w.active
        columns = [w.mindset, w.understanding, (w.informed > self.month - 3).astype(float)]
        if self.floor_on:
            columns += [w.undercut.astype(float), self.caught.astype(float)]
        if net.enabled or self.floor_on:
            count, sums = net.neighbour_sums(columns, active)  # one sparse product for all
        if net.enabled:
            mindset, understanding, share = networks.means(count, sums[:3], [w.mindset, w.understanding, 0.0])
            w.mindset = np.where(active, social.pull_toward(w.mindset, mindset, p["influence"]), w.mindset)
            w.understanding = social.pull_toward(w.understanding, understanding, p["influence"])
            hears = active & (self.streams["programmes"].random(len(w)) < INFORMATION_SPREAD * share)
            w.informed = np.where(hears & (w.informed < self.month), self.month, w.informed)
        if self.floor_on:
            w.detect_belief = policies.update_beliefs(w.detect_belief, sums[3], sums[4], w.undercut, self.caught)
        w.understanding = w.understanding * (1.0 - p["understanding_decay"])
        untouched = w.last_contact < self.month
        w.trust = social.drift_trust(w.trust, p["trust_base"], p["trust_drift"], untouched)
        if len(self.firms):
            f = self.firms
            f.trust = social.drift_trust(f.trust, p["trust_base"], p["trust_drift"], f.last_contact < self.month)
            f.understanding = f.understanding * (1.0 - p["understanding_decay"])

    def demography(self) -> None:
        """Ageing, retirement and exit after sustained low income (CSR monitoring retains members)."""
        leaving = demography.weaver_exits(self.streams["demography"], self.weavers, self.p, self._csr_members_now())
        self.weavers.active[leaving] = False
        self.weavers.stock[leaving] = 0
        self.flow["exits"] += leaving.size

    def record(self) -> None:
        """Close the month's flows, measure every outcome and collect."""
        self.flow["dinas_spend"] = self.dinas.spent_this_month
        self.flow["csr_spend"] = self.csr.spent_this_month if self.csr is not None else 0.0
        for key in FLOWS:
            self.log[key].append(self.flow[key])
        self.outcomes = indicators.measure(self)
        self.datacollector.collect(self)

    # ---- Mesa's agent sets ----------------------------------------------------------------------

    @property
    def agents(self) -> mesa.AgentSet:
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

    # ---- helpers --------------------------------------------------------------------------------

    def visit_experience(self) -> float:
        """Experience E a dinas visit leaves this month (promises kept, Perda overdue)."""
        promised = sum(self.log["promised"][-12:]) + self.flow["promised"]
        delivered = sum(self.log["delivered"][-12:]) + self.flow["delivered"]
        ratio = delivered / promised if promised else 1.0
        return social.visit_experience(ratio, policies.floor_overdue(self.p, self.month))

    def _csr_members_now(self) -> np.ndarray:
        w = self.weavers
        if self.csr is None or not self.csr.is_active(self.month):
            return np.zeros(len(w), bool)
        return w.csr_member & w.active

    def _type_incomes(self, blend: bool = False) -> np.ndarray:
        """Mean net income (Rp/month) of genuine and of imitation weavers, smoothed over months."""
        w = self.weavers
        active = w.active.nonzero()[0]
        genuine = w.genuine[active]
        current = np.array([indicators.mean(w.income_avg[active[genuine]]),
                            indicators.mean(w.income_avg[active[~genuine]])])
        if not blend:
            return current
        return self.type_income + TYPE_INCOME_MEMORY * (current - self.type_income)

    def _new_month_arrays(self) -> None:
        n = len(self.weavers)
        self.flow = dict.fromkeys(FLOWS, 0)
        self.followed = np.zeros(n, bool)
        self.aid_share = np.zeros(n)
        self.last_substitutes = 0
        self.dinas.spent_this_month = 0.0
        if self.csr is not None:
            self.csr.spent_this_month = 0.0

    def _empty_market(self) -> dict:
        w = self.weavers
        zeros = np.zeros(len(w), np.int64)
        markup = np.where(w.firm >= 0, 1.0 + self.p["firm_markup"], 1.0)
        quality = production.piece_quality(w, self.firms, np.zeros(len(w), bool))
        return {"sold": zeros, "offered": w.stock.astype(np.int64), "made": zeros, "genuine": w.genuine.copy(),
                "buyer_price": w.price * markup, "quality": quality, "gross": np.zeros(len(w)),
                "substitute_units": 0, "compliance": 1.0}

    def _add_weavers(self, graduates: np.ndarray, mentors: np.ndarray) -> None:
        """Graduated apprentices join as weavers, tied to their mentor and village."""
        if graduates.size == 0:
            return
        p, w, y, rng = self.p, self.weavers, self.youth, self.streams["youth"]
        for youth_row, mentor in zip(graduates, mentors):
            village = int(y.village[youth_row])
            peers = (w.active & (w.village == village)).nonzero()[0]
            has_mentor = mentor >= 0 and w.active[mentor]
            genuine = bool(w.genuine[mentor]) if has_mentor else bool(rng.random() < w.genuine[w.active].mean())
            same = w.active & (w.genuine == genuine)
            group = int(w.group[mentor]) if has_mentor else self._smallest_group(village, peers)
            row = int(w.append(
                1, active=True, age=y.age[youth_row], village=village, group=group,
                skill_base=p["graduate_skill"], genuine=genuine, trust=p["trust_base"],
                understanding=w.understanding[peers].mean() if peers.size else p["understanding_init"],
                mindset=w.mindset[peers].mean() if peers.size else p["mindset_mean"],
                price=indicators.median(w.price[same]) if same.any() else p["price_imitation_init"],
                income_avg=self.type_income[0 if genuine else 1], firm=w.firm[mentor] if has_mentor else -1,
                last_contact=NEVER, informed=NEVER, joined=NEVER,
                detect_belief=w.detect_belief[peers].mean() if peers.size else 0.5 * p["floor_enforcement"],
                entered=self.month)[0])
            partners = peers[rng.permutation(peers.size)[: max(p["network_degree"] - 1, 0)]]
            if has_mentor:
                partners = np.union1d(partners, [mentor])
            self.network.add_node(row, partners)
            self.flow["entrants"] += 1
        self.followed = np.resize(self.followed, len(w))
        self.followed[-graduates.size:] = False
        self.aid_share = np.resize(self.aid_share, len(w))
        self.aid_share[-graduates.size:] = 0.0

    def _smallest_group(self, village: int, peers: np.ndarray) -> int:
        if peers.size == 0:
            return 0
        groups, counts = np.unique(self.weavers.group[peers], return_counts=True)
        return int(groups[np.argmin(counts)])
