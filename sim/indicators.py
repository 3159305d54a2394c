"""Monthly outcomes (the outcome columns of the results folder): regeneration, competitiveness, process, governance.

``measure(model)`` computes every column of ``outcomes.OUTCOMES`` once per month from the model's
state and this month's flows; Mesa's DataCollector (``collector()``) stores that dict.  Rolling
windows are in months.  How the governance indicators are computed (docs/ODD.md §4.11):

Ansell & Gash, each in [0,1]:
- ``ag_dialogue``: share of actors (weaver groups and firms) met face to face in the last 3 months.
- ``ag_trust``: mean trust in the dinas of active weavers and firms.
- ``ag_commitment``: the mean of the actors' take-up (share of those invited to a programme in
  the last 12 months who took part and stayed to the end) and the consistency of mentoring (share
  of the months weavers held trained skill in the last 12 in which they were followed up).
- ``ag_understanding``: mean understanding of active weavers and firms.
- ``ag_outcomes``: share of the weavers invited to a training in the last 24 months who completed
  it whose income has risen since the invitation by more than that of those invited with them
  who did not (the same selection, so regression to the mean cannot score).

DeSeve, each in [0,1]:
- ``ds_network``: the mean link of the organisations (weaver groups, firms, a CSR partner, partner
  organisations) to the collaboration in its network of ties (``sim/collaboration.py``).
- ``ds_commitment`` (commitment to a common purpose, read as the organisations' continued part in
  the joint work): share of organisations that took part in a joint activity in the last 12
  months: weaver groups with a member who completed a training (dinas or CSR) or attended a
  forum, firms that took part in e-commerce training, an exhibition, certification or a forum.
- ``ds_trust``: mean trust of the participants: weavers in contact in the last 12 months, firms.
- ``ds_governance``: DeSeve's four elements of governance, each in [0,1], averaged: boundaries
  (clear membership: the dinas's registry, ``data_registry``), network management (the share of
  the last 12 months in which a forum met), self-determination (the share of organisations that
  took part in one in the last 12 months) and rules (1 with an enacted floor, 0.5 while a Perda is
  only proposed, 0.3 without; a cooperative brings its own rules: at least ``partners`` / 3).
- ``ds_authority``: share of actors (groups, firms) in contact with the dinas in the last 12 months.
- ``ds_accountability`` (distributive accountability): how widely the cluster's relations with
  outside parties are shared among its firms, the share of firms holding one (a regional or
  national channel, or a certification); 0 without firms.  Lasmana & Ratminto (n.d.) find it weak
  in Tumang and recommend "pemerataan relasi kerja sama dengan pihak eksternal" (spreading the
  relations with external parties evenly).
- ``ds_information``: share of weavers and firms reached by programme information in the last 12
  months (directly or through a tie).
- ``ds_resources``: programme spending of the last 12 months (dinas and CSR) against need
  (``need_per_weaver`` a year per active weaver selling on their own), at most 1.  A weaver who
  works and sells through a firm draws on the firm's workshop, tools, material and buyers, so the
  collaboration's need for public money is that of the weavers on their own (Lasmana & Ratminto
  n.d.: Tumang's craftsmen work in IKM workshops and access to resources is achieved; Tuzzahra et
  al. 2026: Polewali Mandar's home weavers, "almost five years without aid").

Cluster stage (after JICA): the mean of product development (mean quality), market reach
(``firms_beyond_local``), mean skill, mean trust and market information (``ds_information``);
dynamic (2) at or above ``cluster_dynamic``, active (1) at or above ``cluster_active``, else
inactive (0).
"""

from __future__ import annotations

import mesa
import numpy as np

from . import cash
from .outcomes import ANSELL_GASH, DESEVE, OUTCOMES
from .production import skill

DIALOGUE_WINDOW = 3
"""Months: an actor met within this window counts for face-to-face dialogue."""
YEAR = 12
OUTCOME_WINDOW = 24
"""Months: participants of this window are followed for intermediate outcomes."""


def rolling(model, key: str, months: int = YEAR) -> float:
    """Sum of a monthly flow over the last ``months`` months (this month included)."""
    return float(sum(model.log[key][-months:]))


def median(values: np.ndarray) -> float:
    """Median by partial sorting of a copy (np.median's and np.partition's overhead dominate at this
    size): the middle value, or for an even count the mean of the middle two, the lower of which is
    the largest of the values placed below the upper one."""
    n = values.size
    if n == 0:
        return np.nan
    part, upper = values.copy(), n // 2
    part.partition(upper)
    lower = part[upper] if n % 2 else np.maximum.reduce(part[:upper])
    return float(0.5 * (lower + part[upper]))


def share(mask: np.ndarray) -> float:
    """Share of True in a boolean array (0 when empty)."""
    return int(np.count_nonzero(mask)) / mask.size if mask.size else 0.0


def mean(values: np.ndarray, empty: float = 0.0) -> float:
    """Mean of an array (``empty`` when it has none): the same sum (np.add.reduce, which ndarray.sum
    calls) and division as ndarray.mean, without their Python layers, which at a few thousand values
    cost more than the arithmetic."""
    return float(np.add.reduce(values) / values.size) if values.size else empty


class Census:
    """Selections several indicators use this month, made once: the active weaver rows with their
    weaver group and firm (-1 for none), and the weaver groups that still have members."""

    def __init__(self, model):
        w = model.weavers
        self.rows = w.active.nonzero()[0]
        self.n = self.rows.size
        self.group, self.firm = w.group[self.rows], w.firm[self.rows]
        self.groups_alive = np.bincount(self.group, minlength=model.n_groups) > 0


def type_price(price: np.ndarray, sold: np.ndarray, revenue: np.ndarray, sellers: np.ndarray) -> float:
    """Mean price (Rp) buyers paid for a product type this month; the mean asking price if none sold.

    ``revenue`` is ``sold * price`` per row (Rp); ``sellers`` are row numbers."""
    units = sold[sellers]
    total = units.sum()
    if total > 0:
        return float(revenue[sellers].sum() / total)
    return mean(price[sellers], np.nan)


def regeneration(model, census: Census) -> dict:
    w, p, y, rows = model.weavers, model.p, model.youth, census.rows
    ages = w.age[rows]
    s = skill(w, rows)
    apprentices = int(np.count_nonzero(y.active & y.apprentice))
    return {
        "active_weavers": census.n,
        "entrants": model.now.flow["entrants"],
        "exits": model.now.flow["exits"],
        "apprentices": apprentices,
        "median_age": median(ages),
        "share_under_35": share(ages < 35),
        "mean_skill": mean(s),
        "masters": int(np.count_nonzero(s >= p["master_skill"])),
        "youth_pool": int(np.count_nonzero(y.active)) - apprentices,
    }


def competitiveness(model, census: Census) -> dict:
    w, f, m, rows = model.weavers, model.firms, model.market, census.rows
    genuine = m["genuine"]
    sold, price = m["sold"], m["buyer_price"]
    local = int(sold.sum())
    units_genuine = int(sold.compress(genuine).sum())
    offered = int(m["offered"].sum())
    substitutes = m["substitute_units"]
    revenue = sold * price
    price_g = type_price(price, sold, revenue, (w.active & genuine).nonzero()[0])
    price_i = type_price(price, sold, revenue, (w.active & ~genuine).nonzero()[0])
    n_active = max(census.n, 1)
    income_mean = float(w.income[rows].sum() / n_active)
    return {
        "units_produced": int(m["made"].sum()),
        "units_genuine": units_genuine,
        "units_imitation": local - units_genuine,
        "units_substitute": int(substitutes),
        "local_market_share": local / (local + substitutes) if local + substitutes > 0 else 0.0,
        "price_genuine": price_g,
        "price_imitation": price_i,
        "price_ratio": price_g / price_i if price_i and np.isfinite(price_i) and price_i > 0 else np.nan,
        "revenue_total": float(revenue.sum()),
        "weaver_income_mean": income_mean,
        "income_to_ump": income_mean / model.p["ump"],
        "firms_beyond_local": share(beyond_local(f)),
        "mean_quality": mean(m["quality"][rows]),
        "units_offered": offered,
        "unsold_share": 1.0 - local / offered if offered > 0 else 0.0,
        "weaver_gross_mean": float(m["gross"][rows].sum() / n_active),
        "genuine_weaver_share": share(w.genuine[rows]),
        "visibility": float(model.visibility),
    }


def process(model, census: Census) -> dict:
    w, f = model.weavers, model.firms
    invited = rolling(model, "invited") + rolling(model, "firm_invited")
    took_part = rolling(model, "participants") + rolling(model, "firm_participants")
    return {
        "trust_mean": mean(np.concatenate([w.trust[census.rows], f.trust])),
        "participation": took_part / invited if invited > 0 else 0.0,
        "floor_active": int(model.now.floor_on),
        "floor_compliance": float(model.market["compliance"]),
        "dinas_spend": float(model.dinas.spent_this_month),
        "csr_spend": float(model.csr.spent_this_month) if model.csr is not None else 0.0,
        "inspections": int(model.now.flow["inspections"]),
        "fines": int(model.now.flow["fines"]),
        "fines_rp": float(model.now.flow["fines_rp"]),
        "kur_loans": int(model.now.flow["kur_loans"]),
        "cash_short_share": share(cash.shortage(w.cash[census.rows], model.p["cash_buffer"]) > 0),
    }


def _actor_contact(model, census: Census, months: int) -> np.ndarray:
    """Per weaver group with members, then per firm: met face to face within ``months``."""
    since = model.month - months
    return np.concatenate([(model.dinas.group_last_visit > since)[census.groups_alive], model.firms.last_contact > since])


def _groups_taking_part(model, census: Census) -> np.ndarray:
    """Per weaver group with members: a member completed a programme in the last 12 months."""
    recent = model.weavers.joined[census.rows] > model.month - YEAR
    return (np.bincount(census.group[recent], minlength=model.n_groups) > 0)[census.groups_alive]


def _at_forum(model, census: Census) -> np.ndarray:
    """Per weaver group with members, then per firm: attended a forum in the last 12 months."""
    since, c = model.month - YEAR, model.collaboration
    return np.concatenate([(c.group_forum > since)[census.groups_alive], c.firm_forum > since])


def beyond_local(firms) -> np.ndarray:
    """bool per firm: it sells beyond the local market (a regional channel, or a national one:
    digital capability of at least 0.5 with a business licence)."""
    return firms.regional | ((firms.digital >= 0.5) & firms.licensed)


def external_relations(firms) -> np.ndarray:
    """bool per firm: it holds a relation with parties outside the cluster (a regional channel, a
    national channel, or a certification)."""
    return beyond_local(firms) | firms.certified


def achieved(values: dict, names: tuple[str, ...], threshold: float) -> int:
    """How many of the indicators ``names`` reach ``threshold``."""
    return sum(1 for name in names if values[name] >= threshold)


def mentoring_consistency(model) -> float:
    """Over the last 12 months, the share of the months weavers held trained skill in which they
    were followed up (a dinas follow-up visit or CSR monitoring): 1 is mentoring every month;
    0 when nobody held trained skill."""
    holding = rolling(model, "holding")
    return rolling(model, "mentored") / holding if holding > 0 else 0.0


def outcomes_against_comparison(model) -> float:
    """Share of the weavers who completed a training invited in the last 24 months whose income
    (``income_avg``) has risen since the invitation by more than the mean rise of the weavers
    invited with them who did not complete it: invited by the same rule, they share its selection
    (and its regression to the mean).  Without such a comparison group, the share whose income
    rose."""
    w = model.weavers
    invited = (w.active & (w.invited_at > model.month - OUTCOME_WINDOW)).nonzero()[0]
    rise = w.income_avg[invited] - w.income_at_invite[invited]
    completed = w.joined[invited] == w.invited_at[invited]
    if not completed.any():
        return 0.0
    return share(rise[completed] > mean(rise[~completed]))


def ansell_gash(model, census: Census, out: dict) -> dict:
    w, p, rows = model.weavers, model.p, census.rows
    invited = rolling(model, "invited") + rolling(model, "firm_invited")
    stayed = rolling(model, "completed") + rolling(model, "firm_participants")
    take_up = stayed / invited if invited > 0 else 0.0
    ag = {
        "ag_dialogue": share(_actor_contact(model, census, DIALOGUE_WINDOW)),
        "ag_trust": out["trust_mean"],
        "ag_commitment": 0.5 * take_up + 0.5 * mentoring_consistency(model),
        "ag_understanding": mean(np.concatenate([w.understanding[rows], model.firms.understanding])),
        "ag_outcomes": outcomes_against_comparison(model),
    }
    ag["ag_achieved"] = achieved(ag, ANSELL_GASH, p["ag_threshold"])
    return ag


def deseve(model, census: Census, out: dict) -> dict:
    w, f, p, month, rows = model.weavers, model.firms, model.p, model.month, census.rows
    contact12 = _actor_contact(model, census, YEAR)
    recent = (w.active & (w.last_contact > month - YEAR)).nonzero()[0]
    rules = 1.0 if model.now.floor_on else (0.5 if p["floor_price"] > 0 else 0.3)
    rules = max(rules, p["partners"] / 3.0)
    at_forum = _at_forum(model, census)
    programmes = np.concatenate([_groups_taking_part(model, census), f.joined > month - YEAR])
    informed = np.concatenate([w.informed[rows] > month - YEAR, f.last_contact > month - YEAR])
    spend = rolling(model, "dinas_spend") + rolling(model, "csr_spend")
    need = p["need_per_weaver"] * max(int(np.count_nonzero(census.firm < 0)), 1)
    ds = {
        "ds_network": mean(model.collaboration.links(model, census)),
        "ds_commitment": share(programmes | at_forum),
        "ds_trust": mean(np.concatenate([w.trust[recent], f.trust])),
        "ds_governance": (p["data_registry"] + rolling(model, "forums") / YEAR + share(at_forum) + rules) / 4.0,
        "ds_authority": share(contact12),
        "ds_accountability": share(external_relations(f)),
        "ds_information": share(informed),
        "ds_resources": min(1.0, spend / need) if need > 0 else 1.0,
    }
    ds["ds_achieved"] = achieved(ds, DESEVE, p["ds_threshold"])
    return ds


def cluster_stage(model, out: dict) -> int:
    p = model.p
    score = (out["mean_quality"] + out["firms_beyond_local"] + out["mean_skill"] + out["trust_mean"]
             + out["ds_information"]) / 5.0
    return 2 if score >= p["cluster_dynamic"] else (1 if score >= p["cluster_active"] else 0)


def measure(model) -> dict:
    """Every outcome column for the current month, as plain Python numbers (the DataCollector
    deep-copies every value, slowly for numpy scalars; tests/test_invariants.py checks the types)."""
    census = Census(model)
    out = regeneration(model, census)
    out.update(competitiveness(model, census))
    out.update(process(model, census))
    out.update(ansell_gash(model, census, out))
    out.update(deseve(model, census, out))
    out["cluster_stage"] = cluster_stage(model, out)
    return {name: out[name] for name in OUTCOMES}


def reporter(name: str):
    """A DataCollector model reporter that reads column ``name`` of this month's measurement."""
    def report(model):
        return model.outcomes[name]
    report.__name__ = f"report_{name}"
    return report


def reporters() -> dict:
    return {name: reporter(name) for name in OUTCOMES}


def collector() -> mesa.DataCollector:
    """Mesa's own DataCollector with one model reporter per outcome column (``reporters()``);
    Mesa 3.5 stores the plain numbers ``measure`` returns without copying them."""
    return mesa.DataCollector(model_reporters=reporters())
