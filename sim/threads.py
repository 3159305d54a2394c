"""Choice of thread (docs/ODD.md §7, step 8): genuine silk or mixed/imitation thread.

Each thread type's seen income is a moving average of that type's mean net income (Rp/month).
When the other type pays clearly better (by ``switch_threshold`` of one's own income, at least a
tenth of the outside wage), weavers of the worse-paid type switch with monthly probability
``switch_rate``; a switcher sets its unsold stock of the old type aside and asks the new type's
going (median) price.
"""

from __future__ import annotations

import numpy as np

from . import indicators



def type_incomes(model, blend: bool = False) -> np.ndarray:
    """Mean net income (Rp/month) of genuine and of imitation weavers, blended into the moving
    average held in ``model.type_income`` when ``blend``."""
    w = model.weavers
    current = np.array([indicators.mean(w.income_avg.compress(w.active & w.genuine)),
                        indicators.mean(w.income_avg.compress(w.active & ~w.genuine))])
    if not blend:
        return current
    return model.type_income + model.p["type_income_memory"] * (current - model.type_income)


def pays_better(params: dict, other: float, own: float) -> bool:
    """The other thread type's income (Rp/month) beats one's own by the switching threshold,
    relative to one's own income (at least a tenth of the outside wage)."""
    scale = max(abs(own), 0.1 * params["outside_wage"] + 1.0)
    return other - own > params["switch_threshold"] * scale


def choose_thread(model) -> None:
    """Weavers whose other thread type pays clearly better switch with a small monthly probability."""
    p, w = model.p, model.weavers
    model.type_income = type_incomes(model, blend=True)
    genuine_income, imitation_income = model.type_income.tolist()
    leave_genuine = pays_better(p, imitation_income, genuine_income)
    leave_imitation = pays_better(p, genuine_income, imitation_income)
    draws = model.streams["switch"].random(len(w))
    if not (leave_genuine or leave_imitation):
        return
    movers = w.active & (w.genuine == leave_genuine)
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
