"""Monthly outcomes (CONTRACT.md column names): regeneration, competitiveness, process, governance.

``measure(model)`` computes every column of ``outcomes.OUTCOMES`` once per month from the model's
state and this month's flows; the DataCollector's reporters read that dict.  Rolling windows are
in months.  How the governance indicators are computed (MODEL.md s6):

Ansell & Gash, each in [0,1]:
- ``ag_dialogue``: share of actors (weaver groups and firms) met face to face in the last 3 months.
- ``ag_trust``: mean trust in the dinas of active weavers and firms.
- ``ag_commitment``: share of actors invited to a programme in the last 12 months who took part
  and stayed to the end.
- ``ag_understanding``: mean understanding of active weavers and firms.
- ``ag_outcomes``: share of weavers who took part in the last 24 months whose average income
  is now above what it was when they joined.

DeSeve, each in [0,1]:
- ``ds_network``: half the share of organisations (groups, firms, CSR partner) with a tie to the
  collaboration in the last 12 months, half the bridging organisations present (CSR partner,
  practitioners, college, cooperative) out of four.
- ``ds_commitment``: share of organisations that took part in a joint programme in the last 12
  months: weaver groups with a member who completed a training (dinas or CSR), firms that took
  part in e-commerce training, an exhibition or certification.
- ``ds_trust``: mean trust of the participants: weavers in contact in the last 12 months, firms.
- ``ds_governance``: mean of clear membership (``data_registry``), regular meetings, rules (1 with
  an enacted floor, 0.5 while a Perda is only proposed, 0.3 without; a cooperative adds its own
  rules: at least ``partners`` / 3) and roles (0.4 plus 0.2 for each bridging organisation).
- ``ds_authority``: share of actors (groups, firms) in contact with the dinas in the last 12 months.
- ``ds_accountability``: share of programmes announced in the last 12 months that were delivered
  (1 when nothing was announced).
- ``ds_information``: share of weavers and firms reached by programme information in the last 12
  months (directly or through a tie).
- ``ds_resources``: programme spending of the last 12 months (dinas and CSR) against need
  (``need_per_weaver`` a year per active weaver selling on their own), at most 1.  A weaver who
  works and sells through a firm draws on the firm's workshop, tools, material and buyers, so the
  collaboration's need for public money is that of the weavers on their own (seed 003: Tumang's
  craftsmen work in IKM workshops and access to resources is achieved; seed 000: Polewali
  Mandar's home weavers, "almost five years without aid").

Cluster stage (after JICA): the mean of product development (mean quality), market reach
(``firms_beyond_local``), mean skill, mean trust and market information (``ds_information``);
dynamic (2) at or above ``cluster_dynamic``, active (1) at or above ``cluster_active``, else
inactive (0).
"""

from __future__ import annotations

import numpy as np

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
    """Median by partial sorting (np.median's overhead dominates at this size)."""
    n = values.size
    if n == 0:
        return np.nan
    part = np.partition(values, [(n - 1) // 2, n // 2])
    return float(0.5 * (part[(n - 1) // 2] + part[n // 2]))


def share(mask: np.ndarray) -> float:
    """Share of True in a boolean array (0 when empty)."""
    return np.count_nonzero(mask) / mask.size if mask.size else 0.0


def type_price(price: np.ndarray, sold: np.ndarray, sellers: np.ndarray) -> float:
    """Mean price (Rp) buyers paid for a product type this month; the mean asking price if none sold."""
    units = sold[sellers].astype(float)
    if units.sum() > 0:
        return float((price[sellers] * units).sum() / units.sum())
    return float(price[sellers].mean()) if sellers.any() else np.nan


def regeneration(model) -> dict:
    w, p = model.weavers, model.p
    active = w.active
    ages = w.age[active]
    s = skill(w)[active]
    y = model.youth
    return {
        "active_weavers": int(active.sum()),
        "entrants": model.flow["entrants"],
        "exits": model.flow["exits"],
        "apprentices": int((y.active & y.apprentice).sum()),
        "median_age": median(ages),
        "share_under_35": share(ages < 35),
        "mean_skill": float(s.mean()) if s.size else 0.0,
        "masters": int((s >= p["master_skill"]).sum()),
        "youth_pool": int((y.active & ~y.apprentice).sum()),
    }


def competitiveness(model) -> dict:
    w, f, m = model.weavers, model.firms, model.market
    active = w.active
    genuine = m["genuine"]
    sold, price, offered = m["sold"], m["buyer_price"], m["offered"]
    local = int(sold.sum())
    substitutes = m["substitute_units"]
    price_g = type_price(price, sold, genuine & active)
    price_i = type_price(price, sold, ~genuine & active)
    n_active = max(int(active.sum()), 1)
    income_mean = float(w.income[active].sum() / n_active)
    beyond = (f.regional | ((f.digital >= 0.5) & f.licensed)) if len(f) else np.zeros(0, bool)
    return {
        "units_produced": int(m["made"].sum()),
        "units_genuine": int(sold[genuine].sum()),
        "units_imitation": int(sold[~genuine].sum()),
        "units_substitute": int(substitutes),
        "local_market_share": local / (local + substitutes) if local + substitutes > 0 else 0.0,
        "price_genuine": price_g,
        "price_imitation": price_i,
        "price_ratio": price_g / price_i if price_i and np.isfinite(price_i) and price_i > 0 else np.nan,
        "revenue_total": float((sold * price).sum()),
        "weaver_income_mean": income_mean,
        "income_to_ump": income_mean / model.p["ump"],
        "firms_beyond_local": share(beyond),
        "mean_quality": float(m["quality"][active].mean()) if active.any() else 0.0,
        "units_offered": int(offered.sum()),
        "unsold_share": 1.0 - local / offered.sum() if offered.sum() > 0 else 0.0,
        "weaver_gross_mean": float(m["gross"][active].sum() / n_active),
        "genuine_weaver_share": share(w.genuine[active]),
        "visibility": float(model.visibility),
    }


def process(model) -> dict:
    w, f = model.weavers, model.firms
    trust = np.concatenate([w.trust[w.active], f.trust])
    invited = rolling(model, "invited") + rolling(model, "firm_invited")
    took_part = rolling(model, "participants") + rolling(model, "firm_participants")
    return {
        "trust_mean": float(trust.mean()) if trust.size else 0.0,
        "participation": took_part / invited if invited > 0 else 0.0,
        "floor_active": int(model.floor_on),
        "floor_compliance": model.market["compliance"],
        "dinas_spend": model.dinas.spent_this_month,
        "csr_spend": model.csr.spent_this_month if model.csr is not None else 0.0,
    }


def _actor_contact(model, months: int) -> tuple[np.ndarray, np.ndarray]:
    """Per weaver group and per firm: met face to face within ``months``."""
    since = model.month - months
    groups_alive = np.bincount(model.weavers.group[model.weavers.active], minlength=model.n_groups) > 0
    groups = (model.group_last_visit > since)[groups_alive]
    firms = model.firms.last_contact > since
    return groups, firms


def _groups_taking_part(model) -> np.ndarray:
    """Per weaver group with members: a member completed a programme in the last 12 months."""
    w = model.weavers
    alive = np.bincount(w.group[w.active], minlength=model.n_groups) > 0
    recent = w.active & (w.joined > model.month - YEAR)
    return (np.bincount(w.group[recent], minlength=model.n_groups) > 0)[alive]


def ansell_gash(model, out: dict) -> dict:
    w, p, month = model.weavers, model.p, model.month
    groups3, firms3 = _actor_contact(model, DIALOGUE_WINDOW)
    understanding = np.concatenate([w.understanding[w.active], model.firms.understanding])
    invited = rolling(model, "invited") + rolling(model, "firm_invited")
    stayed = rolling(model, "completed") + rolling(model, "firm_participants")
    joined = w.active & (w.joined > month - OUTCOME_WINDOW)
    ag = {
        "ag_dialogue": share(np.concatenate([groups3, firms3])),
        "ag_trust": out["trust_mean"],
        "ag_commitment": stayed / invited if invited > 0 else 0.0,
        "ag_understanding": float(understanding.mean()) if understanding.size else 0.0,
        "ag_outcomes": share(w.income_avg[joined] > w.income_at_join[joined]),
    }
    ag["ag_achieved"] = sum(ag[k] >= p["ag_threshold"] for k in ANSELL_GASH)
    return ag


def deseve(model, out: dict) -> dict:
    w, f, p, month = model.weavers, model.firms, model.p, model.month
    groups12, firms12 = _actor_contact(model, YEAR)
    csr_present = model.csr is not None and model.csr.is_active(month)
    bridging = (int(csr_present) + p["partners"]) / 4.0
    linked = np.concatenate([groups12, firms12, [csr_present] if model.csr is not None else []])
    recent = w.active & (w.last_contact > month - YEAR)
    participant_trust = np.concatenate([w.trust[recent], f.trust])
    rules = 1.0 if model.floor_on else (0.5 if p["floor_price"] > 0 else 0.3)
    rules = max(rules, p["partners"] / 3.0)
    roles = min(1.0, 0.4 + 0.2 * (int(csr_present) + p["partners"]))
    promised = rolling(model, "promised")
    informed = np.concatenate([(w.informed > month - YEAR)[w.active], f.last_contact > month - YEAR])
    spend = rolling(model, "dinas_spend") + rolling(model, "csr_spend")
    need = p["need_per_weaver"] * max(int(np.count_nonzero(w.active & (w.firm < 0))), 1)
    ds = {
        "ds_network": 0.5 * share(linked) + 0.5 * bridging,
        "ds_commitment": share(np.concatenate([_groups_taking_part(model), f.joined > month - YEAR])),
        "ds_trust": float(participant_trust.mean()) if participant_trust.size else 0.0,
        "ds_governance": (p["data_registry"] + p["regular_meetings"] + rules + roles) / 4.0,
        "ds_authority": share(np.concatenate([groups12, firms12])),
        "ds_accountability": rolling(model, "delivered") / promised if promised > 0 else 1.0,
        "ds_information": share(informed),
        "ds_resources": min(1.0, spend / need) if need > 0 else 1.0,
    }
    ds["ds_achieved"] = sum(ds[k] >= p["ds_threshold"] for k in DESEVE)
    return ds


def cluster_stage(model, out: dict) -> int:
    p = model.p
    score = (out["mean_quality"] + out["firms_beyond_local"] + out["mean_skill"] + out["trust_mean"]
             + out["ds_information"]) / 5.0
    return 2 if score >= p["cluster_dynamic"] else (1 if score >= p["cluster_active"] else 0)


def measure(model) -> dict:
    """Every outcome column for the current month."""
    out = regeneration(model)
    out.update(competitiveness(model))
    out.update(process(model))
    out.update(ansell_gash(model, out))
    out.update(deseve(model, out))
    out["cluster_stage"] = cluster_stage(model, out)
    # plain Python numbers: the DataCollector deep-copies every value, slowly for numpy scalars
    return {name: out[name].item() if isinstance(out[name], np.generic) else out[name] for name in OUTCOMES}


def reporter(name: str):
    """A DataCollector model reporter that reads column ``name`` of this month's measurement."""
    def report(model):
        return model.outcomes[name]
    report.__name__ = f"report_{name}"
    return report


def reporters() -> dict:
    return {name: reporter(name) for name in OUTCOMES}
