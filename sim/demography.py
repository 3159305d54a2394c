"""Demography and regeneration: ageing, retirement, exit, youth entry and apprenticeship.

- Retirement: yearly hazard ``1 / (A - age)`` (docs/ODD.md §7; A = ``retirement_age_max``).
- Exit after sustained low income: after ``low_income_months`` consecutive months with average
  income below ``subsistence_share`` of the outside wage, a weaver leaves with monthly
  probability ``low_income_exit``.
- Youth entry (docs/ODD.md §7; Tuzzahra et al. 2026; Lasmana & Ratminto n.d.): a youth starts an
  apprenticeship with monthly probability ``logistic(b0 + b_income * (V - w) / w + b_peer *
  peers)``, where V is the village's mean weaver income raised by interest and heritage value, w the
  outside wage, and peers the share of the village's youth who entered in the past year.  An
  apprenticeship needs a seat with a master weaver of the village (``mentor_capacity`` each) or in
  the youth programme; it lasts 6-12 months with monthly dropout; graduates become weavers.
- Each January a cohort of ``n_youth / 15`` turns 15; youth leave the pool at 30.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from . import indicators
from .initial import NEVER, expected_pieces, thread_cost, youth_cohort
from .market import GENUINE, IMITATION
from .production import skill

YOUTH_MAX_AGE = 30.0
"""Years: youth leave the villages' youth pool at this age."""
WAGE_FLOOR = 100_000.0
"""Rp/month: the outside wage used in the entry comparison is at least this (avoids dividing by 0)."""


def monthly_retirement_probability(age: np.ndarray, age_max: float) -> np.ndarray:
    """Monthly probability from the yearly hazard 1/(A - age) (certain at A - 1 and above)."""
    yearly = 1.0 / np.maximum(age_max - age, 1.0)  # at most 1
    return 1.0 - (1.0 - yearly) ** (1.0 / 12.0)


def weaver_exits(rng, weavers, params: dict, protected: np.ndarray) -> np.ndarray:
    """Rows of weavers who retire or give up weaving this month (ageing happens here too)."""
    active = weavers.active
    weavers.age = weavers.age + active / 12.0
    low = weavers.income_avg < params["subsistence_share"] * params["outside_wage"]
    weavers.low_months = np.where(active & low, weavers.low_months + 1, 0)
    retire_draw, give_up_draw = rng.random((2, len(weavers)))
    retire = retire_draw < monthly_retirement_probability(weavers.age, params["retirement_age_max"])
    give_up = ((weavers.low_months >= params["low_income_months"]) & ~protected
               & (give_up_draw < params["low_income_exit"]))
    return (active & (retire | give_up)).nonzero()[0]


def age_youth(youth) -> None:
    """Youth grow a month older; those of 30 leave the pool (apprentices finish first)."""
    youth.age += youth.active / 12.0
    youth.active &= (youth.age < YOUTH_MAX_AGE) | youth.apprentice


def new_cohort(rng, youth, params: dict) -> None:
    """January: the year's 15-year-olds join the pool."""
    n = int(round(params["n_youth"] / 15))
    if n > 0:
        youth.append(n, **youth_cohort(rng, params, n, np.full(n, 15.0)))


def youth_education(rng, youth, reach: float, gain: float) -> None:
    """January: youth craft education reaches a share of the pool and raises its interest."""
    reached = youth.active & ~youth.apprentice & (rng.random(len(youth)) < reach)
    youth.interest = np.where(reached, youth.interest + gain * (1 - youth.interest), youth.interest)


def entry_probability(params: dict, village_income: np.ndarray, interest: np.ndarray,
                      peers: np.ndarray) -> np.ndarray:
    """Monthly probability that a youth wants to start an apprenticeship."""
    wage = max(params["outside_wage"], WAGE_FLOOR)
    valued = village_income * (1.0 + params["heritage_value"] * interest)
    x = (valued - wage) / wage
    return expit(params["youth_b0"] + params["youth_b_income"] * x + params["youth_b_peer"] * peers)


def village_means(values: np.ndarray, village: np.ndarray, mask: np.ndarray, n_villages: int,
                  fallback) -> np.ndarray:
    """Mean of ``values`` per village over ``mask``; where a village has none, ``fallback`` (a
    number, or a function giving it, called only then)."""
    rows = mask.nonzero()[0]
    where = village[rows]
    count = np.bincount(where, minlength=n_villages)
    total = np.bincount(where, values[rows], minlength=n_villages)
    if 0 not in count.tolist():  # every village has some (a short list is searched faster than an array)
        return total / count
    return np.where(count > 0, total / np.maximum(count, 1), fallback() if callable(fallback) else fallback)


def free_mentors(weavers, youth, params: dict) -> np.ndarray:
    """Per weaver row, apprenticeship seats still free with that weaver as mentor."""
    masters = weavers.active & (skill(weavers) >= params["master_skill"])
    taken = np.bincount(youth.mentor.compress(youth.active & youth.apprentice & (youth.mentor >= 0)),
                        minlength=len(weavers))
    return np.where(masters, np.maximum(params["mentor_capacity"] - taken, 0), 0)


def programme_seats_left(youth, params: dict) -> int:
    """Seats of the youth programme no apprentice holds now (none without a programme)."""
    seats = int(params["programme_seats"] * params["youth_programme"])
    return seats - int((youth.active & youth.apprentice & (youth.mentor < 0)).sum()) if seats else 0


def start_apprenticeships(rng, model) -> int:
    """Youth who want to enter take a free seat (mentor in their village first, then programme)."""
    p, w, y, month = model.p, model.weavers, model.youth, model.month
    village_income = village_means(w.income_avg, w.village, w.active, p["n_villages"],
                                   lambda: indicators.mean(w.income_avg[w.active]))
    peers = village_means(y.entered > month - 12, y.village, y.active, p["n_villages"], 0.0)
    prob = entry_probability(p, village_income[y.village], y.interest, peers[y.village])
    draws = rng.random(len(y))
    willing = (y.active & ~y.apprentice & (draws < prob)).nonzero()[0]
    if willing.size == 0:
        return 0
    seats, programme_left = free_mentors(w, y, p), programme_seats_left(y, p)
    started = 0
    for row in rng.permutation(willing):
        candidates = ((seats > 0) & (w.village == y.village[row])).nonzero()[0]
        if candidates.size:
            mentor = int(candidates[rng.integers(candidates.size)])
            seats[mentor] -= 1
        elif programme_left > 0:
            mentor = -1
            programme_left -= 1
        else:
            continue
        y.apprentice[row] = True
        y.mentor[row] = mentor
        y.months_done[row] = 0
        y.duration[row] = rng.integers(p["apprentice_min_months"], p["apprentice_max_months"] + 1)
        y.entered[row] = month
        started += 1
    return started


def advance_apprenticeships(rng, youth, params: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A month of apprenticeship: returns rows that dropped out, rows that graduated, their mentors."""
    learning = (youth.active & youth.apprentice).nonzero()[0]
    months_done = youth.months_done[learning] + 1
    youth.months_done[learning] = months_done
    dropout = params["apprentice_dropout"] * (1.0 - 0.5 * youth.interest[learning])
    dropped = rng.random(len(youth))[learning] < dropout
    graduated = ~dropped & (months_done >= youth.duration[learning])
    drops, graduates = learning[dropped], learning[graduated]
    mentors = youth.mentor[graduates]
    if drops.size or graduates.size:  # in most months no apprenticeship ends
        ended = learning[dropped | graduated]
        youth.apprentice[ended] = False
        youth.mentor[ended] = -1
        youth.active[graduates] = False
        youth.entered[drops] = NEVER
    return drops, graduates, mentors


# ---- the monthly steps ---------------------------------------------------------------------------

def youth_month(model) -> None:
    """Step 4: youth age; a January cohort arrives; entries, dropouts and graduations; graduates
    join as weavers."""
    rng, y, p = model.streams["youth"], model.youth, model.p
    age_youth(y)
    if model.month % 12 == 0:
        new_cohort(rng, y, p)
        if p["youth_programme"] > 0:
            youth_education(rng, y, p["youth_programme"], p["programme_interest"])
    start_apprenticeships(rng, model)
    _, graduates, mentors = advance_apprenticeships(rng, y, p)
    add_graduates(model, graduates, mentors)


def exits(model, protected: np.ndarray) -> None:
    """Step 10: ageing, retirement and exit after sustained low income (``protected`` rows, the
    CSR partner's monitored members, do not give up)."""
    leaving = weaver_exits(model.streams["demography"], model.weavers, model.p, protected)
    model.weavers.active[leaving] = False
    model.weavers.stock[leaving] = 0
    model.now.flow["exits"] += leaving.size


def add_graduates(model, graduates: np.ndarray, mentors: np.ndarray) -> None:
    """Graduated apprentices join as weavers, tied to their mentor (its thread, group and firm)
    and village, starting from their peers' understanding, mindset, price and beliefs."""
    if graduates.size == 0:
        return
    p, w, y, rng = model.p, model.weavers, model.youth, model.streams["youth"]
    rows = w.append(graduates.size)  # each inactive until its graduate joins below
    for row, youth_row, mentor in zip(rows.tolist(), graduates, mentors):
        village = int(y.village[youth_row])
        peers = (w.active & (w.village == village)).nonzero()[0]
        has_mentor = mentor >= 0 and w.active[mentor]
        genuine = bool(w.genuine[mentor]) if has_mentor else bool(rng.random() < w.genuine[w.active].mean())
        same_thread = w.price.compress(w.active & (w.genuine == genuine))  # prices of its thread type
        group = int(w.group[mentor]) if has_mentor else _smallest_group(w, peers)
        w.fill(
            row, active=True, age=y.age[youth_row], village=village, group=group,
            skill_base=p["graduate_skill"], genuine=genuine, trust=p["trust_base"],
            understanding=indicators.mean(w.understanding[peers], p["understanding_init"]),
            mindset=indicators.mean(w.mindset[peers], p["mindset_mean"]),
            price=indicators.median(same_thread) if same_thread.size else p["price_imitation_init"],
            cash=first_thread(p, genuine),  # Rp: the thread for a first month's work, from the family
            income_avg=model.type_income[0 if genuine else 1], firm=w.firm[mentor] if has_mentor else -1,
            last_contact=NEVER, informed=NEVER, joined=NEVER, invited_at=NEVER,
            detect_belief=indicators.mean(w.detect_belief[peers], model.floor.announced_detection),
            entered=model.month)
        partners = peers[rng.permutation(peers.size)[: max(p["network_degree"] - 1, 0)]].tolist()
        if has_mentor:
            partners.append(int(mentor))  # add_node drops a repeated partner
        model.network.add_node(row, partners)
        model.now.flow["entrants"] += 1
    model.now.add_weavers(graduates.size)


def first_thread(params: dict, genuine: bool) -> float:
    """Rp a graduate starts with: the thread for its first month's pieces (docs/ODD.md §7.18)."""
    product = GENUINE if genuine else IMITATION
    return float(expected_pieces(params, params["graduate_skill"], product) * thread_cost(params, product))


def _smallest_group(weavers, peers: np.ndarray) -> int:
    """The weaver group of a village (given by its active ``peers``) with the fewest of them."""
    if peers.size == 0:
        return 0
    groups, counts = np.unique(weavers.group[peers], return_counts=True)
    return int(groups[np.argmin(counts)])
