"""Programmes of the dinas and the CSR partner (docs/ODD.md §3 steps 1-3).

Calendar (month 0 is January): the budget renews each January; skill training in
``training_month``; e-commerce training each February (Indrawati & Pambudi n.d.: February/March);
the exhibition each November (Indrawati & Pambudi n.d.); certification help and licensing every
month; a monthly forum when meetings are regular (Lasmana & Ratminto n.d.).  Field staff make
face-to-face visits up to their capacity: follow-ups of trained weavers first, then weaver groups
chosen by the coverage rule, and firms. Training adds a share of the gap to skill 1 that decays in
months without follow-up (docs/ODD.md §7; J-PAL summaries of Brooks et al. 2017, McKenzie 2020).
"""

from __future__ import annotations

import numpy as np

from . import floor, social
from .production import skill



# --- choosing whom to reach --------------------------------------------------------------------

def rank_groups(model, rule: str, rng, groups: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Weaver groups in the order field staff visit them under the coverage rule.

    needs: lowest mean income (Rp/month) first; rotating: longest since the last visit first;
    targeted: the lowest share of members met in the past year first; groups without active
    members last.  Ties are broken at random.  ``groups`` are the groups of the active weavers (in
    row order) and ``members`` the active members per group; only the rule's own key is computed.
    """
    w, alive = model.weavers, members > 0
    if rule == "rotating":
        key = np.where(alive, model.dinas.group_last_visit, np.iinfo(np.int32).max).astype(float)
    else:
        per_member = (w.income_avg[w.active] if rule == "needs"
                      else (w.last_contact[w.active] > model.month - 12).astype(float))
        total = np.bincount(groups, per_member, minlength=model.n_groups)
        key = np.where(alive, total / np.maximum(members, 1), np.inf)
    return _order(rng, key)


def _order(rng, key: np.ndarray) -> np.ndarray:
    """Indices sorting ``key`` ascending, ties broken at random (empty when ``key`` is)."""
    if key.size == 0:
        return np.zeros(0, np.int64)
    finite = np.abs(key[np.isfinite(key)])
    scale = (finite.max() if finite.size else 0.0) + 1.0
    return (key + rng.random(key.size) * 1e-9 * scale).argsort(kind="stable")


def rank_weavers(rule: str, rng, weavers, candidates: np.ndarray) -> np.ndarray:
    """Candidate weaver rows in invitation order under the coverage rule (docs/ODD.md §7.8): needs,
    lowest mean income first; rotating, longest since the last completed training first; targeted,
    longest since the last contact first.  Only the rule's own key is read."""
    column = {"needs": weavers.income_avg, "rotating": weavers.joined, "targeted": weavers.last_contact}[rule]
    return candidates[_order(rng, column[candidates].astype(float))]


# --- contact effects ---------------------------------------------------------------------------

def _contact(table, rows: np.ndarray, month: int, experience: float, p: dict) -> None:
    """Face-to-face contact with the weavers or firms at ``rows`` of ``table``: understanding rises
    a share ``visit_understanding`` of its gap to 1, trust moves toward the ``experience`` [0,1],
    and ``month`` is their last contact (docs/ODD.md §7.9)."""
    u = table.understanding[rows]
    table.understanding[rows] = u + p["visit_understanding"] * (1.0 - u)
    table.trust[rows] = social.update_trust(table.trust[rows], experience, p["trust_up"], p["trust_down"])
    table.last_contact[rows] = month


def meet(weavers, rows: np.ndarray, month: int, experience: float, p: dict) -> None:
    """Face-to-face contact with weavers (:func:`_contact`), who are also informed of the programmes."""
    if rows.size == 0:
        return
    _contact(weavers, rows, month, experience, p)
    weavers.informed[rows] = month


def train(model, invited: np.ndarray, gain_share: float, opportunity: float) -> tuple[np.ndarray, np.ndarray]:
    """Invite weavers to a training; returns the rows that took part and those that completed.

    Each invited weaver takes part with the participation logit; some participants give up;
    completers gain ``gain_share`` of their gap to skill 1 as trained skill (docs/ODD.md §7).
    """
    p, w, rng = model.p, model.weavers, model.streams["programmes"]
    s = skill(w, invited)
    net_gain = gain_share * (1.0 - s) * p["gain_horizon"] - opportunity
    prob = social.participation_probability(w.trust[invited], net_gain, p["part_b0"], p["part_b1"], p["part_b2"])
    takes_part = invited[rng.random(invited.size) < prob]
    completes = takes_part[rng.random(takes_part.size) >= p["training_dropout"]]
    w.invited_at[invited] = model.month
    w.income_at_invite[invited] = w.income_avg[invited]
    w.trained[completes] += gain_share * (1.0 - skill(w, completes))
    model.now.followed[completes] = True  # the training month itself counts as contact
    w.joined[completes] = model.month
    meet(w, takes_part, model.month, p["experience_delivered"], p)
    model.now.flow["invited"] += invited.size
    model.now.flow["participants"] += takes_part.size
    model.now.flow["completed"] += completes.size
    return takes_part, completes


# --- the dinas calendar --------------------------------------------------------------------------

def dinas_calendar(model) -> None:
    """Programmes scheduled this month: budget, training, e-commerce, exhibition, certification."""
    p, month, dinas = model.p, model.month, model.dinas
    moy = month % 12
    if moy == 0:
        dinas.renew_budget()
    if p["training_month"] >= 0 and moy == p["training_month"] and p["training_seats"] > 0:
        _skill_training(model)
    if moy == p["ecommerce_month"] and p["ecommerce_training"] > 0 and len(model.firms):
        _ecommerce_training(model)
    if moy == p["exhibition_month"] and p["exhibition"] > 0:
        _exhibition(model)
    _firm_upkeep(model)
    if p["regular_meetings"] > 0:
        _forum(model)


def _promise(model, delivered: bool) -> None:
    model.now.flow["promised"] += 1
    model.now.flow["delivered"] += int(delivered)


def _skill_training(model) -> None:
    p, w, dinas = model.p, model.weavers, model.dinas
    seats = dinas.affordable(p["training_seat_cost"], p["training_seats"])
    _promise(model, seats > 0)
    if seats == 0:
        return
    invited = rank_weavers(p["coverage_rule"], model.streams["programmes"], w, w.active.nonzero()[0])[:seats]
    takes_part, completes = train(model, invited, p["training_gain"], p["training_opportunity"])
    dinas.spend(p["training_seat_cost"] * takes_part.size)
    model.now.aid_share[completes] = p["material_aid"]


def _ecommerce_training(model) -> None:
    p, f, rng = model.p, model.firms, model.streams["programmes"]
    invited = (rng.random(len(f)) < p["ecommerce_training"]).nonzero()[0]
    cost = p["training_seat_cost"] * invited.size
    _promise(model, model.dinas.budget_left >= cost)
    paid = model.dinas.affordable(p["training_seat_cost"], invited.size)
    invited = invited[:paid]
    prob = social.participation_probability(f.trust[invited], np.full(invited.size, p["firm_ecommerce_gain"]),
                                            p["part_b0"] + p["firm_ecommerce_offset"],
                                            p["part_b1"], p["part_b2"])
    takes_part = invited[rng.random(invited.size) < prob]
    f.digital[takes_part] += p["ecommerce_gain"] * (1.0 - f.digital[takes_part])
    model.now.joint_programme |= takes_part.size > 0
    f.last_contact[takes_part] = model.month
    f.joined[takes_part] = model.month
    model.dinas.spend(p["training_seat_cost"] * takes_part.size)
    model.now.flow["firm_invited"] += invited.size
    model.now.flow["firm_participants"] += takes_part.size


def _exhibition(model) -> None:
    """November: the dinas's exhibition at strength ``exhibition`` (as far as the budget pays
    ``exhibition_cost`` x strength).  It raises the local product's visibility; each weaver's
    pieces are shown, reaching the regional segment this month, and each firm gains a regional
    channel, with probability equal to the strength."""
    p, f, rng = model.p, model.firms, model.streams["programmes"]
    cost = p["exhibition_cost"] * p["exhibition"]
    paid = model.dinas.spend(cost)
    strength = p["exhibition"] * (paid / cost if cost > 0 else 1.0)
    _promise(model, paid >= cost)
    model.visibility += p["exhibition_visibility"] * strength * (1.0 - model.visibility)
    w = model.weavers
    model.now.exhibitors = w.active & (rng.random(len(w)) < strength)
    model.now.joint_programme |= strength > 0
    if len(f):
        shows = rng.random(len(f)) < strength
        f.regional = f.regional | shows
        f.last_contact[shows] = model.month
        f.joined[shows] = model.month


def _firm_upkeep(model) -> None:
    """Monthly: digital capability fades, regional channels may lapse, certification help."""
    p, f, rng = model.p, model.firms, model.streams["programmes"]
    if not len(f):
        return
    f.digital = f.digital * (1.0 - p["digital_decay"])
    f.regional = f.regional & (rng.random(len(f)) >= p["regional_loss"])
    helped = ((~f.certified) & f.licensed & (rng.random(len(f)) < p["certification_support"])).nonzero()[0]
    if helped.size == 0:
        return
    f.certified[helped] = True
    f.quality[helped] = np.minimum(1.0, f.quality[helped] + p["certification_quality"])
    f.last_contact[helped] = model.month
    f.joined[helped] = model.month


def _forum(model) -> None:
    """A monthly forum of the dinas with group representatives and firms (regular meetings)."""
    p, w, rng = model.p, model.weavers, model.streams["programmes"]
    if rng.random() >= p["regular_meetings"]:
        return
    attend = (w.active & (rng.random(len(w)) < p["meeting_attendance"] * p["forum_attendance"])).nonzero()[0]
    groups = w.group[attend]  # the groups that sent a member, a group once per member
    model.dinas.group_last_visit[groups] = model.month
    model.collaboration.forum(model, groups)
    meet(w, attend, model.month, visit_experience(model), p)
    if len(model.firms):
        model.firms.last_contact = model.month
    model.dinas.spend(p["visit_cost"] * model.n_groups * p["forum_attendance"])


# --- field staff ---------------------------------------------------------------------------------

def field_visits(model) -> int:
    """Follow-ups first, then group and firm visits up to capacity; returns visits made."""
    p, w, dinas, rng = model.p, model.weavers, model.dinas, model.streams["programmes"]
    visits = dinas.staff * (1.0 - floor.staff_share(p, model.now.floor_on)) * p["visits_per_officer"]
    capacity = dinas.affordable(p["visit_cost"], int(visits))
    holding = (w.active & (w.trained > 1e-3)).nonzero()[0]
    wanted = holding[rng.random(holding.size) < p["training_followup"]]
    rng.shuffle(wanted)  # followed up in random order, as far as capacity goes
    followed = wanted[:capacity]
    model.now.followed[followed] = True
    meet(w, followed, model.month, p["experience_delivered"], p)
    left = capacity - followed.size
    n_firms = len(model.firms)
    groups = w.group[w.active]
    members = np.bincount(groups, minlength=model.n_groups)
    groups_alive = int(np.count_nonzero(members))
    firm_visits = min(int(round(left * n_firms / (n_firms + groups_alive))), n_firms) if n_firms else 0
    group_visits = min(left - firm_visits, groups_alive)
    experience = visit_experience(model)
    _visit_groups(model, group_visits, groups, members, experience)
    _visit_firms(model, firm_visits, experience)
    made = followed.size + group_visits + firm_visits
    dinas.spend(p["visit_cost"] * made)
    return made


def _visit_groups(model, visits: int, groups: np.ndarray, members: np.ndarray, experience: float) -> None:
    """``visits`` weaver groups, ranked by the coverage rule, meet field staff; the attendees'
    trust moves toward the month's ``experience`` of a visit (:func:`visit_experience`).
    ``visits`` never exceeds the groups with active members, which the ranking puts first, so
    only such groups are visited."""
    p, w, rng = model.p, model.weavers, model.streams["programmes"]
    if visits <= 0:
        return
    order = rank_groups(model, p["coverage_rule"], rng, groups, members)
    chosen = np.zeros(model.n_groups, bool)
    chosen[order[:visits]] = True
    model.dinas.group_last_visit[chosen] = model.month
    attend = (w.active & chosen[w.group] & (rng.random(len(w)) < p["meeting_attendance"])).nonzero()[0]
    meet(w, attend, model.month, experience, p)


def _visit_firms(model, visits: int, experience: float) -> None:
    """The ``visits`` firms longest without contact are visited: understanding, trust (toward
    ``experience``) and a chance of a business licence."""
    p, f, rng = model.p, model.firms, model.streams["programmes"]
    if visits <= 0:
        return
    order = (f.last_contact + rng.random(len(f)) * 1e-3).argsort(kind="stable")[:visits]
    _contact(f, order, model.month, experience, p)
    f.licensed[order] |= rng.random(order.size) < p["licensing_chance"]


def socialise(model) -> None:
    """The 'sell by value' campaign: reached weavers understand more and lean toward value."""
    p, w, rng = model.p, model.weavers, model.streams["programmes"]
    if p["floor_socialisation"] <= 0:
        return
    reached = (w.active & (rng.random(len(w)) < p["socialisation_reach"] * p["floor_socialisation"])).nonzero()[0]
    w.understanding[reached] += p["visit_understanding"] * (1.0 - w.understanding[reached])
    w.mindset[reached] += p["socialisation_mindset"] * (1.0 - w.mindset[reached])
    w.informed[reached] = model.month
    model.dinas.spend(p["visit_cost"] / p["group_size"] * reached.size)


def keep_or_lose_training(model) -> None:
    """Trained skill decays in months without follow-up (dinas visit or CSR monitoring); the month's
    weavers holding trained skill, and those of them followed up, are counted (``holding``,
    ``mentored``) for the consistency of mentoring."""
    w, now = model.weavers, model.now
    holding = w.active & (w.trained > 1e-3)
    now.flow["holding"] += int(np.count_nonzero(holding))
    now.flow["mentored"] += int(np.count_nonzero(holding & now.followed))
    w.trained = np.where(now.followed, w.trained, w.trained * (1.0 - model.p["training_decay"]))


def visit_experience(model) -> float:
    """Experience E a dinas visit leaves this month: the share of the past year's promised
    programmes delivered, and whether an announced Perda is overdue."""
    promised = sum(model.log["promised"][-12:]) + model.now.flow["promised"]
    delivered = sum(model.log["delivered"][-12:]) + model.now.flow["delivered"]
    ratio = delivered / promised if promised else 1.0
    return social.visit_experience(model.p, ratio, floor.overdue(model.p, model.month))


def csr_members_now(model) -> np.ndarray:
    """bool per weaver row: active members of a CSR partner working this month."""
    w = model.weavers
    if model.csr is None or not model.csr.is_active(model.month):
        return np.zeros(len(w), bool)
    return w.csr_member & w.active


# --- the CSR partner -----------------------------------------------------------------------------

def csr_month(model) -> None:
    """The CSR partner's month: choose members, train yearly, monitor monthly, hold events."""
    csr, p, w = model.csr, model.p, model.weavers
    if csr is None or not csr.is_active(model.month):
        return
    scale = csr.budget_per_year / p["csr_reference_grant"]
    if csr.first_month is None:
        csr.first_month = model.month
        _choose_members(model)
    members = csr.members[w.active[csr.members]]
    if (model.month - csr.first_month) % 12 == 0:
        train(model, members, p["csr_training_gain"], p["csr_training_opportunity"])
    model.now.followed[members] = True
    meet(w, members, model.month, p["experience_delivered"], p)
    model.visibility += p["csr_events_visibility"] * min(1.0, scale) * (1.0 - model.visibility)
    csr.spent_this_month = csr.budget_per_year / 12.0
    _csr_commitment(model, members)


def csr_reach(params: dict, budget_per_year: float) -> int:
    """Weavers a CSR partner works with: ``csr_members`` at the reference grant, growing with the
    budget with diminishing returns, ``(budget / csr_reference_grant) ^ csr_reach_elasticity``
    (a larger partner trains, equips and monitors more weavers, each at a cost)."""
    scale = budget_per_year / params["csr_reference_grant"]
    return max(1, int(round(params["csr_members"] * scale ** params["csr_reach_elasticity"])))


def _choose_members(model) -> None:
    """Members come from villages in random order (a cluster workshop), as many as the partner's
    budget reaches (:func:`csr_reach`)."""
    csr, w, rng = model.csr, model.weavers, model.streams["programmes"]
    active = w.active.nonzero()[0]
    village_order = rng.permutation(model.p["n_villages"])
    rank = np.empty_like(village_order)
    rank[village_order] = np.arange(village_order.size)
    ordered = active[np.argsort(rank[w.village[active]] + rng.random(active.size) * 0.5, kind="stable")]
    csr.members = ordered[: csr_reach(model.p, csr.budget_per_year)]
    w.csr_member[csr.members] = True
    csr.member_income_start = float(w.income_avg[csr.members].mean()) if csr.members.size else 0.0


def _csr_commitment(model, members: np.ndarray) -> None:
    """The partner stays while its members' income rises; it leaves after ``patience`` stalled months."""
    csr = model.csr
    now = float(model.weavers.income_avg[members].mean()) if members.size else 0.0
    csr.stalled_months = 0 if now > csr.member_income_start * 1.02 else csr.stalled_months + 1
    if csr.stalled_months >= csr.patience:
        csr.committed = False
        model.weavers.csr_member[csr.members] = False
