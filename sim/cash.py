"""Weavers' cash, thread bought before weaving, need-driven fast sales, and KUR credit
(docs/ODD.md §7.18).

Tuzzahra et al. (2026) trace the "sell fast whatever the price" habit to need: weavers need money
quickly, lack capital, and ask the dinas for help with thread and with KUR (Kredit Usaha Rakyat)
credit.  Here every weaver holds cash (Rp).  Thread is bought before weaving, so a weaver weaves
only as much of the month's work as its cash pays for.  Each month the household takes
``household_draw`` of the cash left.  A weaver whose cash is below ``cash_buffer`` is short, by
the shortage 1 - cash / cash_buffer in [0, 1], and prices as a fast seller to that degree: its
pricing mindset is its norm-driven mindset times (1 - shortage) (need overrides the norm while it
lasts).  The dinas can facilitate KUR loans for cash-short weavers: ``kur_loan`` Rp of working
capital, spent on thread bought ahead (out of the household's reach, which uses thread before
cash), repaid from cash over ``kur_months`` months at the flat yearly rate ``kur_rate``, no larger than
an instalment of ``kur_dsr`` of the weaver's income repays; an instalment the cash cannot pay
stays owed.
"""

from __future__ import annotations

import numpy as np


def shortage(cash: np.ndarray, buffer: float) -> np.ndarray:
    """[0,1] per weaver: how far its cash (Rp) falls short of ``buffer`` (Rp); 0 with no buffer."""
    if buffer <= 0:
        return np.zeros_like(cash, dtype=float)
    return (1.0 - cash / buffer).clip(0.0, 1.0)


def pricing_mindset(weavers, params: dict) -> np.ndarray:
    """[0,1] the mindset a weaver prices with this month: its own mindset, lowered by need."""
    return weavers.mindset * (1.0 - shortage(weavers.cash, params["cash_buffer"]))


def affordable_share(weavers, thread_bill: np.ndarray) -> np.ndarray:
    """[0,1] per weaver: share of this month's work whose thread (``thread_bill``, Rp, after any
    aid) its thread bought ahead and its cash (Rp) pay for; all of it without a bill.  Neither
    the means nor the bill is ever negative, so the share needs no lower bound."""
    means = weavers.thread_ahead + np.maximum(weavers.cash, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):  # no bill: x / 0 is inf and 0 / 0 NaN,
        return np.fmin(means / thread_bill, 1.0)          # and fmin takes 1 for both


def close_month(weavers, params: dict, revenue, thread_paid, fines) -> None:
    """Step 8: sales revenue in; thread (from thread bought ahead first), fines and any KUR
    instalment out (Rp); then the household's draw on what is left."""
    from_cash = thread_paid
    if weavers.thread_ahead.any():  # thread bought ahead (with a KUR loan) is used first
        from_ahead = np.minimum(weavers.thread_ahead, thread_paid)
        weavers.thread_ahead = weavers.thread_ahead - from_ahead
        from_cash = thread_paid - from_ahead
    cash = weavers.cash + revenue - from_cash - fines
    if weavers.kur_debt.any():  # without a loan outstanding nothing is due
        cash = repay_kur(weavers, cash)
    cash = cash - params["household_draw"] * np.maximum(cash, 0.0)
    weavers.cash = np.where(weavers.active, cash, weavers.cash)


def repay_kur(weavers, cash: np.ndarray) -> np.ndarray:
    """Active weavers pay this month's KUR instalment from ``cash`` (Rp), as far as it goes
    (an unpaid instalment stays owed); returns the cash left (Rp)."""
    due = np.where(weavers.active, np.minimum(weavers.kur_instalment, weavers.kur_debt), 0.0)
    paid = np.clip(cash, 0.0, due)
    weavers.kur_debt = weavers.kur_debt - paid
    weavers.kur_instalment = np.where(weavers.kur_debt > 0, weavers.kur_instalment, 0.0)
    return cash - paid


def opening_cash(income: np.ndarray, params: dict) -> np.ndarray:
    """Rp: the cash a weaver with this monthly net income holds when its household draws
    ``household_draw`` of it each month (the steady state of :func:`close_month`)."""
    return np.maximum(income, 0.0) / params["household_draw"]


def loan_size(params: dict, income: np.ndarray) -> np.ndarray:
    """Rp lent to weavers with this average net income (Rp/month): ``kur_loan``, or less where the
    instalment would exceed ``kur_dsr`` of the income (the bank's repayment-capacity check)."""
    owed_per_rp = 1.0 + params["kur_rate"] * params["kur_months"] / 12.0
    capacity = params["kur_dsr"] * np.maximum(income, 0.0) * params["kur_months"] / owed_per_rp
    return np.minimum(params["kur_loan"], capacity)


def facilitate_kur(model) -> None:
    """Step 2 (dinas): each month the dinas helps ``kur_facilitation`` / 12 of the cash-short
    weavers without a loan to a KUR loan, at ``kur_cost`` each from its budget, as far as the
    budget goes; the loan is cash at once, repaid in ``kur_months`` equal instalments."""
    p, w, dinas = model.p, model.weavers, model.dinas
    draws = model.streams["programmes"].random(len(w))  # one draw per weaver row (common random numbers)
    if p["kur_facilitation"] <= 0:
        return
    short = w.active & (shortage(w.cash, p["cash_buffer"]) > 0) & (w.kur_debt <= 0)
    bankable = loan_size(p, w.income_avg) > 0  # the bank lends only against income
    chosen = (short & bankable & (draws < p["kur_facilitation"] / 12.0)).nonzero()[0]
    chosen = chosen[: dinas.affordable(p["kur_cost"], chosen.size)]
    if chosen.size == 0:
        return
    dinas.spend(p["kur_cost"] * chosen.size)
    loan = loan_size(p, w.income_avg[chosen])
    owed = loan * (1.0 + p["kur_rate"] * p["kur_months"] / 12.0)
    w.thread_ahead[chosen] += loan
    w.kur_debt[chosen] = owed
    w.kur_instalment[chosen] = owed / p["kur_months"]
    model.now.flow["kur_loans"] += chosen.size
