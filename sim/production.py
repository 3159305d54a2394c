"""Production, offers and accounts (docs/ODD.md §3 steps 5 and 8).

Output per month is ``pieces_full_skill * (1 - w + w * skill) * season * speed`` pieces; a sarong
takes more than a week (1 week to 10 days, 2-3 weeks for complex motifs), so work on the next
piece carries over from month to month.  A weaver whose unsold stock has reached ``stock_cap``
stops weaving and takes other work.  Net income is sales revenue less thread bought for the
month's pieces (less any thread aid) and less any fine.
"""

from __future__ import annotations

import numpy as np

from . import cash
from .initial import expected_pieces, thread_cost
from .market import GENUINE, IMITATION, Offers

RAINY_MONTHS = (11, 0, 1, 2)
"""Months of the year (0 = January) of the rainy season: December to March (docs/ODD.md §5)."""


def season_factor(month: int, rainy_factor: float) -> float:
    """Production relative to the dry season in this month (month 0 is January)."""
    return rainy_factor if month % 12 in RAINY_MONTHS else 1.0


def skill(weavers, rows=slice(None)) -> np.ndarray:
    """Effective skill [0,1] of the weavers at ``rows`` (all by default): experience plus
    trained skill still held (docs/ODD.md §2), capped at 1."""
    return np.minimum(1.0, weavers.skill_base[rows] + weavers.trained[rows])


def product_of(weavers) -> np.ndarray:
    return np.where(weavers.genuine, GENUINE, IMITATION)


def planned_work(weavers, params: dict, month: int, boost: np.ndarray | float, product: np.ndarray) -> np.ndarray:
    """Pieces' worth of weaving each weaver would do this month at the pace of its ``product``
    type, faster by the share ``boost`` (per weaver, or one number for all); 0 for one not
    weaving (inactive, or its unsold stock at ``stock_cap``)."""
    rate = expected_pieces(params, skill(weavers), product)
    rate *= season_factor(month, params["rainy_factor"]) * (1.0 + boost)
    return np.where(weavers.active & (weavers.stock < params["stock_cap"]), rate, 0.0)


def weave(weavers, work: np.ndarray) -> np.ndarray:
    """This month's finished pieces per weaver (ints) after ``work`` pieces' worth of weaving;
    advances work in progress in place."""
    progress = weavers.progress + work
    pieces = np.floor(progress)
    weavers.progress = progress - pieces
    return pieces.astype(np.int64)


def by_firm(firm: np.ndarray, per_firm: np.ndarray, alone) -> np.ndarray:
    """Per weaver, the value of its firm in ``per_firm`` (one value per firm), ``alone`` for a
    weaver without a firm; ``firm`` holds each weaver's firm row, -1 for none (which picks the
    appended last element)."""
    return np.concatenate((per_firm, (alone,)))[firm]


def piece_quality(weavers, firms, params: dict, csr_tools: np.ndarray) -> np.ndarray:
    """Quality [0,1] of each weaver's pieces as buyers see them: skill times a firm's finishing
    (``firm_finish_base`` + ``firm_finish_quality`` x the firm's quality, 1 selling alone), plus
    the CSR partner's tools."""
    finish = by_firm(weavers.firm, params["firm_finish_base"] + params["firm_finish_quality"] * firms.quality, 1.0)
    quality = skill(weavers) * finish
    if csr_tools.any():
        quality += params["csr_tools_quality"] * csr_tools
    return quality.clip(0.0, 1.0)


def buyer_price(weavers, params: dict, price: np.ndarray) -> np.ndarray:
    """Rp buyers pay for a piece a weaver prices at ``price``: plus ``firm_markup`` when a firm
    sells it."""
    return price * np.where(weavers.firm >= 0, 1.0 + params["firm_markup"], 1.0)


def make_offers(weavers, firms, params: dict, price: np.ndarray, product: np.ndarray, units: np.ndarray,
                exhibitors: np.ndarray | None, csr_tools: np.ndarray) -> Offers:
    """What each weaver brings to market, itself or through its firm: buyer price (Rp), quality,
    product, units and reach."""
    firm = weavers.firm
    regional = by_firm(firm, firms.regional, False)
    channels = {"national": by_firm(firm, (firms.digital >= 0.5) & firms.licensed, False),
                "regional": regional if exhibitors is None else regional | exhibitors,
                "certified": by_firm(firm, firms.certified, False)}
    units = np.where(weavers.active, units, 0)
    return Offers(price, piece_quality(weavers, firms, params, csr_tools), product, units, channels)


def thread_paid(bill: np.ndarray, aid_share: np.ndarray, aid: float) -> np.ndarray:
    """Rp of each weaver's thread ``bill`` it pays itself, the share ``aid_share`` of it paid by
    thread aid; the whole bill in a month without aid (``aid``, Rp, the month's aid in all)."""
    return bill * (1.0 - aid_share) if aid > 0 else bill


def settle(weavers, params: dict, received, thread, sold, fines) -> dict:
    """Net incomes and their moving averages after the market; returns each weaver's gross
    revenue, net income and thread bought (Rp).

    ``received`` is what the weaver gets for a piece sold (Rp: its own price, or what its firm
    pays), ``thread`` what it paid itself for the thread (Rp) of the weaving done this month (its
    thread bought before weaving, :func:`thread_paid`)."""
    revenue = sold * received
    income = np.where(weavers.active, revenue - thread - fines, 0.0)
    weavers.income = income
    weavers.income_avg = np.where(
        weavers.active, weavers.income_avg + params["income_memory"] * (income - weavers.income_avg), weavers.income_avg)
    return {"gross": revenue, "income": income, "thread": thread}


def produce(model, csr_members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Step 5: pieces made this month (CSR members weave faster with the partner's tools) and
    pieces offered (stock carried plus made); weaving raises experience skill.

    Thread is bought before weaving (docs/ODD.md §7.18): the dinas's thread aid is cut to what
    its budget left can pay, and each weaver weaves as much of its planned work as its thread
    bought ahead and its cash pay for; the work done is kept in ``model.now.work``, the month's
    product types and thread cost per piece in ``model.now.product`` and ``model.now.piece_cost``."""
    w, p, now = model.weavers, model.p, model.now
    now.product = product_of(w)
    now.piece_cost = thread_cost(p, now.product)
    boost = p["csr_productivity"] * csr_members if csr_members.any() else 0.0  # the same for all without members
    plan = planned_work(w, p, model.month, boost, now.product)
    bill = plan * now.piece_cost  # Rp of thread for the planned work, before any aid
    aid_due = float((bill * now.aid_share).sum())
    if aid_due > 0:
        now.aid_share *= min(1.0, model.dinas.budget_left / aid_due)
    now.work = plan * cash.affordable_share(w, thread_paid(bill, now.aid_share, aid_due))
    made = weave(w, now.work)
    w.skill_base = np.where(made > 0, w.skill_base + p["skill_learning"] * (1 - w.skill_base), w.skill_base)
    return made, w.stock + made


def bring_to_market(model, price: np.ndarray, offered: np.ndarray, csr_members: np.ndarray) -> Offers:
    """Step 7 (first half): what every weaver offers at buyer price ``price`` (Rp), through its
    firm if it has one."""
    return make_offers(model.weavers, model.firms, model.p, price, model.now.product, offered,
                       model.now.exhibitors, csr_members)
