"""The minimum-price regulation (Perda) for genuine silk: compliance, undercutting, detection.

Tuzzahra et al. (2026): the dinas proposed that genuine silk sarongs may not be sold below
Rp 1,000,000.  The floor binds the sale of a genuine piece to its buyer, whoever sells it: a
weaver selling on its own decides for its pieces, a firm (collector or IKM) for the pieces of its
weavers, each with the same rule (docs/ODD.md §7.5):

    gain from undercutting  >  P(detect) * penalty + norm cost

The gain is what the offered pieces bring at the seller's own buyer price beyond what they are
expected to bring at the floor (the share ``sell_through_at_floor`` of them), net of what a firm
pays its weavers per piece sold.  A firm's buying price from its weavers is not bound: a complying
firm pays the weaver's own price plus ``floor_pass_through`` of what it added to meet the floor,
which is where undercutting can hide.  The believed P(detect) starts from the announced
inspections and moves toward the caught share among undercutters the seller sees; the norm cost
grows with the seller's understanding of the floor's purpose and with others' compliance.

Enforcement is work the dinas does: each month its field staff inspect a random sample of the
sellers, as many as ``dinas_staff`` x ``perda_staff_share`` x ``floor_enforcement`` x
``inspections_per_officer`` and the budget left (``inspection_cost`` each) allow; an undercutter
is caught only if inspected, and fined ``floor_penalty`` (at most Rp 50 million, Law 23/2014
art. 238), which is regional revenue.  Staff time the Perda takes is not available for visits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import cash, indicators, production, social



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


def inspect(rng, model, weavers_selling: np.ndarray, firms_selling: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sellers inspected this month: a random sample of the bound sellers with genuine pieces on
    offer (weaver rows selling on their own, firm rows selling for their weavers), as many as the
    staff can do and the budget left pays for; the dinas pays for them.  Returns the inspected
    weaver rows and firm rows."""
    p, dinas, n_weavers = model.p, model.dinas, len(model.weavers)
    # one draw per weaver row and firm row every month (common random numbers)
    draws = rng.random(n_weavers + len(model.firms))
    sellers = np.concatenate([weavers_selling, n_weavers + firms_selling])
    wanted = min(inspection_capacity(p, dinas.staff, model.now.floor_on), sellers.size)
    n = dinas.affordable(p["inspection_cost"], wanted)
    dinas.spend(p["inspection_cost"] * n)
    chosen = sellers[np.argsort(draws[sellers], kind="stable")[:n]]
    return chosen[chosen < n_weavers], chosen[chosen >= n_weavers] - n_weavers


@dataclass
class FloorState:
    """What sellers remember of the floor between months."""

    sell_through_at_floor: float = 1.0
    """Share of the pieces offered at the floor that sold last month (set from expectations in the
    floor's first month, :func:`expected_sell_through`)."""
    complied: np.ndarray | None = None
    """Per weaver row: its genuine pieces were sold at or above the floor last month, by itself
    or by its firm (None before the floor's first month)."""
    firm_complied: np.ndarray | None = None
    """Per firm: it sold its weavers' genuine pieces at or above the floor last month."""
    genuine_sell_through: float = 1.0
    """Share of the genuine pieces offered last month that sold, at whatever price (what sellers
    know of the market before a floor; kept while a floor is to come)."""
    announced_detection: float = 0.0
    """The monthly detection probability sellers first believe (0 before the floor)."""


def first_beliefs(model, weavers_selling: np.ndarray, firms_selling: np.ndarray) -> None:
    """The floor's first month: what sellers expect before any experience of it.  They expect to
    sell at the floor what :func:`expected_sell_through` says, and believe an undercutter is
    caught as often as the announced inspections can reach the sellers (inspection capacity /
    sellers with genuine pieces on offer), times ``detect_belief_init``."""
    p, fl = model.p, model.floor
    fl.sell_through_at_floor = expected_sell_through(model)
    sellers = max(weavers_selling.size + firms_selling.size, 1)
    reach = inspection_capacity(p, model.dinas.staff, True) / sellers
    fl.announced_detection = min(1.0, p["detect_belief_init"] * reach)
    model.weavers.detect_belief = np.full(len(model.weavers), fl.announced_detection)
    model.firms.detect_belief = np.full(len(model.firms), fl.announced_detection)


def expected_sell_through(model) -> float:
    """What sellers expect to sell at the floor before any month at it: last month's share of
    genuine pieces sold at their own prices, scaled by how buyers answer a price rise, (median
    genuine price / floor) ^ ``price_sens_local`` (the local buyers' price response, which weavers
    see in their own sales), so that the first month of a floor follows from the market weavers
    know instead of an assumption that every piece sells."""
    w, p = model.weavers, model.p
    share = model.floor.genuine_sell_through
    genuine = w.active & w.genuine
    if not genuine.any():
        return share
    price = indicators.median(w.price[genuine])
    return share * min(1.0, price / p["floor_price"]) ** p["price_sens_local"]


def undercut_gain(offered, own_price, floor, sell_through, paid_at_own, paid_at_floor):
    """Rp a seller expects to gain by selling its offered pieces at its own buyer price instead of
    at the floor: all of them at the own price, against the share ``sell_through`` at the floor,
    each net of what the seller pays out per piece sold (a firm's buying price from the weaver at
    either price; 0 for a weaver, whose thread is already bought)."""
    return offered * ((own_price - paid_at_own) - sell_through * (floor - paid_at_floor))


def decide_undercut(gain, belief, penalty, norm_cost, understanding, neighbour_compliance) -> np.ndarray:
    """Sellers who undercut: the gain beats the expected fine plus the norm cost (docs/ODD.md §7.5)."""
    return gain > belief * penalty + norm_cost * understanding * neighbour_compliance


def update_beliefs(belief, seen_cut, seen_caught, undercut, caught, learning: float) -> np.ndarray:
    """Move believed detection toward the caught share among undercutting neighbours and oneself.

    ``seen_cut`` and ``seen_caught`` count the active neighbours who undercut and who were caught
    this month (``WeaverNetwork.neighbour_sums``)."""
    seen_cut = seen_cut + undercut
    seen_caught = seen_caught + caught
    observed = np.divide(seen_caught, seen_cut, out=np.zeros_like(belief), where=seen_cut > 0)
    return np.where(seen_cut > 0, belief + learning * (observed - belief), belief)


def last_compliance(previous: np.ndarray | None, n: int) -> np.ndarray:
    """Last month's compliance per row, rows added since counting as complying."""
    known = 0 if previous is None else previous.size
    return np.concatenate([previous if known else np.zeros(0, bool), np.ones(n - known, bool)])


def firms_undercut(model, rows: np.ndarray, gain_rows: np.ndarray) -> np.ndarray:
    """Per firm: it sells below the floor this month.  ``rows`` are the tied weaver rows whose
    pieces the firm would have to lift to the floor, ``gain_rows`` the firm's gain on each; the
    firm weighs the summed gain against its own believed fine and its norm cost, with the other
    firms' compliance last month as its neighbours'."""
    p, f, fl = model.p, model.firms, model.floor
    n = len(f)
    gain = np.bincount(model.weavers.firm[rows], gain_rows, minlength=n)
    deciding = np.bincount(model.weavers.firm[rows], minlength=n) > 0
    complied = last_compliance(fl.firm_complied, n)
    others = (complied.sum() - complied) / (n - 1) if n > 1 else np.ones(n)
    return deciding & decide_undercut(gain, f.detect_belief, p["floor_penalty"], p["floor_norm_cost"],
                                      f.understanding, others)


def price_under_floor(model, offered: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step 6: per weaver row, the price (Rp) it receives for a piece sold, the price buyers pay,
    and the fine (Rp) it pays.

    The floor binds the sale of a genuine piece to its buyer: a weaver selling on its own decides
    for its pieces, a firm for the pieces of its weavers (docs/ODD.md §7.5).  A complying firm
    sells at the floor and pays its weaver the weaver's own price plus ``floor_pass_through`` of
    what it added.  Field staff inspect a sample of the sellers, as many as they can do and pay
    for; an inspected undercutter is fined, which costs it trust.  Nobody is fined uninspected,
    so the fines of a month never exceed its inspections."""
    p, w, f, fl, now = model.p, model.weavers, model.firms, model.floor, model.now
    own = w.price.copy()
    buyer = production.buyer_price(w, p, own)
    n_w, n_f = len(w), len(f)
    w.undercut, f.undercut = np.zeros(n_w, bool), np.zeros(n_f, bool)
    w_caught, f.caught = np.zeros(n_w, bool), np.zeros(n_f, bool)
    now.caught, now.at_floor, now.compliance = w_caught, np.zeros(n_w, bool), 1.0
    if not now.floor_on:
        return own, buyer, np.zeros(n_w)
    F, tied = p["floor_price"], w.firm >= 0
    bound = bound_sellers(w, f, p) & (offered > 0)
    alone, through_firm = bound & ~tied, bound & tied
    firms_selling = np.unique(w.firm[through_firm])
    if fl.complied is None:
        first_beliefs(model, alone.nonzero()[0], firms_selling)
    complied = last_compliance(fl.complied, n_w)
    neighbours = model.network.neighbour_mean(np.where(bound, complied, 0.0), bound)
    sigma = fl.sell_through_at_floor
    lifted = bound & (buyer < F)
    need = 1.0 - cash.shortage(w.cash, p["cash_buffer"])  # a cash-short weaver feels the norm less
    w.undercut = alone & lifted & decide_undercut(
        undercut_gain(offered, own, F, sigma, 0.0, 0.0), w.detect_belief, p["floor_penalty"],
        p["floor_norm_cost"], w.understanding * need, neighbours)
    rows = (through_firm & lifted).nonzero()[0]
    paid_at_floor = own[rows] + p["floor_pass_through"] * (F - buyer[rows])
    f.undercut = firms_undercut(model, rows, undercut_gain(offered[rows], buyer[rows], F, sigma, own[rows],
                                                           paid_at_floor))
    undercut_row = w.undercut | (through_firm & lifted & production.by_firm(w.firm, f.undercut, False))
    inspected_w, inspected_f = inspect(model.streams["floor"], model, alone.nonzero()[0], firms_selling)
    w_caught[inspected_w] = w.undercut[inspected_w]
    f.caught[inspected_f] = f.undercut[inspected_f]
    fined = int(np.count_nonzero(w_caught) + np.count_nonzero(f.caught))
    now.flow["inspections"] += inspected_w.size + inspected_f.size
    now.flow["fines"] += fined
    now.flow["fines_rp"] += float(fined * p["floor_penalty"])
    fl.complied, fl.firm_complied = bound & ~undercut_row, ~f.undercut
    for table, caught in ((w, w_caught), (f, f.caught)):
        table.trust[caught] = social.update_trust(table.trust[caught], p["experience_fined"], p["trust_up"],
                                                  p["trust_down"])
    selling = int(np.count_nonzero(bound))
    now.compliance = 1.0 - int(np.count_nonzero(undercut_row & bound)) / selling if selling else 1.0
    now.at_floor = lifted & ~undercut_row
    received = np.where(now.at_floor, np.where(tied, own + p["floor_pass_through"] * (F - buyer), F), own)
    return received, np.where(now.at_floor, F, buyer), np.where(w_caught, p["floor_penalty"], 0.0)


def firm_beliefs(model) -> None:
    """Step 9 for firms: a firm's believed detection moves toward the caught share among the
    undercutting firms, itself included (collectors of one regency know of each other's fines)."""
    f = model.firms
    cut, caught = f.undercut.astype(float), f.caught.astype(float)
    f.detect_belief = update_beliefs(f.detect_belief, cut.sum() - cut, caught.sum() - caught, cut, caught,
                                     model.p["belief_learning"])


def remember_sell_through(model, offered: np.ndarray, sold: np.ndarray) -> None:
    """Step 8: what sellers remember of this month's sales.  Under a floor, their expected
    sell-through at the floor moves toward the share of pieces offered at the floor that sold this
    month, by ``sell_through_learning`` (adaptive expectations: one month's sales among the few at
    the floor do not replace what sellers knew).  Before a floor that is to come, the share of
    genuine pieces offered that sold, which the floor's first month reads
    (:func:`expected_sell_through`); without a floor to come nothing reads it."""
    fl = model.floor
    if model.now.floor_on:
        on_floor = model.now.at_floor
        offered_at_floor = offered[on_floor].sum()
        if offered_at_floor > 0:
            seen = float(sold[on_floor].sum() / offered_at_floor)
            fl.sell_through_at_floor += model.p["sell_through_learning"] * (seen - fl.sell_through_at_floor)
    elif model.p["floor_price"] > 0:
        genuine = model.weavers.genuine
        genuine_offered = offered[genuine].sum()
        if genuine_offered > 0:
            fl.genuine_sell_through = float(sold[genuine].sum() / genuine_offered)
