"""The minimum-price regulation (Perda) for genuine silk: compliance, undercutting, detection.

Tuzzahra et al. (2026): the dinas proposed that genuine silk sarongs may not be sold below
Rp 1,000,000. A seller bound by the floor whose own asking price is below it undercuts when
undercutting pays (docs/ODD.md §7):

    gain from undercutting  >  P(detect) * penalty + norm cost

The gain is what the month's offered pieces would fetch at the seller's own price beyond what they
fetch at the floor, given the share of pieces offered at the floor that sold last month (in the
floor's first month, the share sellers expect from the market they know,
:func:`expected_sell_through`).  The
believed P(detect) starts from the announced enforcement and moves toward the share of
undercutting neighbours (and the seller itself) who were caught.  The norm cost grows with the
seller's understanding of the floor's purpose and with the share of neighbours complying.

Enforcement is work the dinas does: each month its field staff inspect a random sample of the
bound sellers' sales, as many as ``dinas_staff`` x ``perda_staff_share`` x ``floor_enforcement``
x ``inspections_per_officer`` and the budget left (``inspection_cost`` each) allow; an undercutter
is caught only if inspected, and fined ``floor_penalty`` (at most Rp 50 million, Law 23/2014
art. 238), which is regional revenue.  Staff time the Perda takes is not available for visits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import indicators, social



def in_force(params: dict, month: int) -> bool:
    """The floor is in force from its start month when its level is above zero."""
    return params["floor_price"] > 0 and month >= params["floor_start_month"]


def overdue(params: dict, month: int) -> bool:
    """A Perda announced at month 0 and still not enacted after ``perda_patience`` months."""
    return (params["floor_price"] > 0 and month < params["floor_start_month"]
            and month > params["perda_patience"])


def bound_sellers(weavers, firms, params: dict) -> np.ndarray:
    """Weavers whose pieces the floor covers: genuine silk (through a certified firm if so set)."""
    bound = weavers.active & weavers.genuine
    if params["floor_certified_only"]:
        firm = weavers.firm
        certified = np.zeros(firm.size, bool)
        tied = firm >= 0
        if len(firms):
            certified[tied] = firms.certified[firm[tied]]
        bound &= certified
    return bound


def staff_share(params: dict, floor_on: bool) -> float:
    """Share of the field staff's time that inspections take this month (the rest is for visits)."""
    return params["perda_staff_share"] * params["floor_enforcement"] if floor_on else 0.0


def inspection_capacity(params: dict, staff: int, floor_on: bool) -> int:
    """Inspections the field staff can make this month: officers x their Perda time x
    ``inspections_per_officer`` (0 without staff, without enforcement or without a floor)."""
    return int(staff * staff_share(params, floor_on) * params["inspections_per_officer"])


def inspect(rng, model, sellers: np.ndarray) -> np.ndarray:
    """Rows inspected this month: a random sample of ``sellers`` (bound sellers offering pieces),
    as many as the staff can do and the budget left pays for; the dinas pays for them."""
    p, dinas = model.p, model.dinas
    draws = rng.random(len(model.weavers))  # one draw per weaver row every month (common random numbers)
    wanted = min(inspection_capacity(p, dinas.staff, model.now.floor_on), sellers.size)
    n = dinas.affordable(p["inspection_cost"], wanted)
    dinas.spend(p["inspection_cost"] * n)
    return sellers[np.argsort(draws[sellers], kind="stable")[:n]]


@dataclass
class FloorState:
    """What sellers remember of the floor between months."""

    sell_through_at_floor: float = 1.0
    """Share of the pieces offered at the floor that sold last month (set from expectations in the
    floor's first month, :func:`expected_sell_through`)."""
    complied: np.ndarray | None = None
    """Which sellers complied last month (None before the floor's first month)."""
    announced_detection: float = 0.0
    """The monthly detection probability sellers first believe (0 before the floor)."""


def first_beliefs(model, selling: np.ndarray) -> None:
    """The floor's first month: what sellers expect before any experience of it.  They expect to
    sell at the floor what :func:`expected_sell_through` says, and believe an undercutter is
    caught as often as the announced inspections can reach the sellers (inspection capacity /
    bound sellers offering pieces), times ``detect_belief_init``."""
    p, fl, w = model.p, model.floor, model.weavers
    fl.sell_through_at_floor = expected_sell_through(model)
    reach = inspection_capacity(p, model.dinas.staff, True) / max(int(np.count_nonzero(selling)), 1)
    fl.announced_detection = min(1.0, p["detect_belief_init"] * reach)
    w.detect_belief = np.full(len(w), fl.announced_detection)


def expected_sell_through(model) -> float:
    """What sellers expect to sell at the floor before any month at it: last month's share of
    genuine pieces sold at their own prices, scaled by how buyers answer a price rise, (median
    genuine price / floor) ^ ``price_sens_local`` (the local buyers' price response, which weavers
    see in their own sales), so that the first month of a floor follows from the market weavers
    know instead of an assumption that every piece sells."""
    m, w, p = model.market, model.weavers, model.p
    offered_genuine = m["genuine"] & (m["offered"] > 0)
    offered = int(m["offered"][offered_genuine].sum())
    share = float(m["sold"][offered_genuine].sum() / offered) if offered else 1.0
    genuine = w.active & w.genuine
    if not genuine.any():
        return share
    price = indicators.median(w.price[genuine])
    return share * min(1.0, price / p["floor_price"]) ** p["price_sens_local"]


def decide_undercut(desired, offered, bound, floor, sell_through_at_floor, belief, penalty, norm_cost,
                    understanding, neighbour_compliance) -> np.ndarray:
    """Which bound sellers whose desired price is below the floor undercut it this month."""
    gain = offered * (desired - floor * sell_through_at_floor)
    cost = belief * penalty + norm_cost * understanding * neighbour_compliance
    return bound & (offered > 0) & (desired < floor) & (gain > cost)


def update_beliefs(belief, seen_cut, seen_caught, undercut, caught, learning: float) -> np.ndarray:
    """Move believed detection toward the caught share among undercutting neighbours and oneself.

    ``seen_cut`` and ``seen_caught`` count the active neighbours who undercut and who were caught
    this month (``WeaverNetwork.neighbour_sums``)."""
    seen_cut = seen_cut + undercut
    seen_caught = seen_caught + caught
    observed = np.divide(seen_caught, seen_cut, out=np.zeros_like(belief), where=seen_cut > 0)
    return np.where(seen_cut > 0, belief + learning * (observed - belief), belief)


def price_under_floor(model, offered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Step 6: every weaver's asking price (Rp) under the floor, and the fine (Rp) it pays.

    Bound sellers whose own price is below the floor ask the floor unless undercutting pays;
    field staff inspect a sample of the bound sellers' sales, as many as they can do and pay for,
    and an inspected undercutter is fined, which costs it trust.  Nobody is fined uninspected, so
    the fines of a month never exceed its inspections."""
    p, w, fl, now = model.p, model.weavers, model.floor, model.now
    desired = w.price.copy()
    bound = bound_sellers(w, model.firms, p) if now.floor_on else np.zeros(len(w), bool)
    undercut = np.zeros(len(w), bool)
    if now.floor_on:
        if fl.complied is None:
            first_beliefs(model, bound & (offered > 0))
        known = 0 if fl.complied is None else fl.complied.size
        complied = np.concatenate([fl.complied if known else np.zeros(0, bool), bound[known:]])
        neighbours = model.network.neighbour_mean(np.where(bound, complied, 0.0), bound)
        undercut = decide_undercut(desired, offered, bound, p["floor_price"], fl.sell_through_at_floor,
                                   w.detect_belief, p["floor_penalty"], p["floor_norm_cost"], w.understanding,
                                   neighbours)
    caught = np.zeros(len(w), bool)
    if now.floor_on:
        inspected = inspect(model.streams["floor"], model, (bound & (offered > 0)).nonzero()[0])
        caught[inspected] = undercut[inspected]
        now.flow["inspections"] += inspected.size
        now.flow["fines"] += int(np.count_nonzero(caught))
        now.flow["fines_rp"] += float(np.count_nonzero(caught) * p["floor_penalty"])
    w.undercut = undercut
    now.caught = caught
    if now.floor_on:
        fl.complied = bound & ~undercut
        fined = caught.nonzero()[0]
        w.trust[fined] = social.update_trust(w.trust[fined], p["experience_fined"], p["trust_up"], p["trust_down"])
    selling = int(np.count_nonzero(bound & (offered > 0)))
    now.compliance = 1.0 - int(np.count_nonzero(undercut)) / selling if selling else 1.0
    now.at_floor = bound & ~undercut & (desired < p["floor_price"])
    asking = np.where(now.at_floor, p["floor_price"], desired)
    return asking, np.where(caught, p["floor_penalty"], 0.0)


def remember_sell_through(model, offered: np.ndarray, sold: np.ndarray) -> None:
    """Step 8: sellers' expected sell-through at the floor moves toward the share of pieces
    offered at the floor that sold this month, by ``sell_through_learning`` (adaptive
    expectations: one month's sales among the few at the floor do not replace what sellers knew)."""
    on_floor = model.now.at_floor & (offered > 0)
    if on_floor.any():
        seen = float(sold[on_floor].sum() / offered[on_floor].sum())
        fl = model.floor
        fl.sell_through_at_floor += model.p["sell_through_learning"] * (seen - fl.sell_through_at_floor)
