"""Income and accounts (docs/ODD.md §3, step 8): what the month's sales leave each weaver.

Net income is sales revenue less the thread bought for the month's weaving (less any material
aid the dinas pays) and any fine; the weaver's cash follows (``cash.close_month``); unsold pieces are
carried as stock; the floor's sellers remember how well pieces at the floor sold; and each
weaver's asking price adjusts to its sales, between its reservation price and its value price
(``market.adjust_prices``), with the mindset its cash allows (``cash.pricing_mindset``).
"""

from __future__ import annotations

import numpy as np

from . import cash, floor, market, production


def close_month(model, received, made, offered, sold, fines) -> None:
    """Incomes, stock, aid paid; prices adjust to this month's sales; the month's market record.

    ``received`` is what each weaver gets per piece sold (Rp), ``fines`` what it paid (Rp)."""
    p, w, now = model.p, model.weavers, model.now
    bill = now.work * now.piece_cost  # Rp of thread for the month's weaving, before any aid
    aid = float((bill * now.aid_share).sum())
    if aid > 0:  # checked against the budget before weaving; inspections since may have spent some
        now.aid_share *= model.dinas.spend(aid) / aid
    money = production.settle(w, p, received, production.thread_paid(bill, now.aid_share, aid), sold, fines)
    cash.close_month(w, p, money["gross"], money["thread"], fines)
    w.stock = offered - sold
    floor.remember_sell_through(model, offered, sold)
    value = np.where(w.genuine, p["value_price_genuine"], p["value_price_imitation"])
    mindset = cash.pricing_mindset(w, p)
    reservation = market.reservation_price(now.piece_cost, value, mindset)
    w.price = market.adjust_prices(w.price, offered, sold, mindset, reservation, p["price_cut"], p["price_raise"])
    model.market = {"sold": sold, "offered": offered, "made": made, "buyer_price": now.offers.price,
                    "genuine": w.genuine.copy(), "quality": now.offers.quality, "gross": money["gross"],
                    "substitute_units": now.substitutes, "compliance": now.compliance}


def opening_market(model) -> dict:
    """The market record of month 0, before any sale: stock on offer at today's prices."""
    w = model.weavers
    zeros = np.zeros(len(w), np.int64)
    quality = production.piece_quality(w, model.firms, model.p, np.zeros(len(w), bool))
    return {"sold": zeros, "offered": w.stock.astype(np.int64), "made": zeros, "genuine": w.genuine.copy(),
            "buyer_price": production.buyer_price(w, model.p, w.price), "quality": quality, "gross": np.zeros(len(w)),
            "substitute_units": 0, "compliance": 1.0}
