"""Trust, participation and social influence (docs/ODD.md §7).

- Trust moves toward experience E, falling faster than it rises (Luna-Reyes et al. 2004, 2008):
  ``T + g_up (E - T)`` if E > T, else ``T + g_down (E - T)`` with ``g_down > g_up``; without
  contact it drifts slowly toward a base level.
- Participation in a programme is a logit choice:
  ``P = logistic(b0 + b1 T + b2 (expected gain - opportunity cost) / income)``.
- Mindset and understanding move toward the neighbours' mean (DeGroot), programme information
  spreads over ties.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from . import floor, networks



def update_trust(trust: np.ndarray, experience: float, g_up: float, g_down: float) -> np.ndarray:
    """Asymmetric trust update of the actors in ``trust`` toward one shared ``experience`` in [0,1]."""
    gap = experience - trust
    rate = np.where(gap > 0, g_up, g_down)
    return (trust + rate * gap).clip(0.0, 1.0)


def drift_trust(trust: np.ndarray, base: float, drift: float, untouched: np.ndarray) -> np.ndarray:
    """Trust of actors without contact this month drifts a share ``drift`` toward ``base``."""
    return np.where(untouched, trust + drift * (base - trust), trust)


def visit_experience(p: dict, delivery_ratio: float, broken_promise: bool) -> float:
    """Experience E a face-to-face visit leaves: good when the dinas keeps its promises.

    ``delivery_ratio`` in [0,1] is the share of announced programmes carried out over the last
    year; an overdue Perda makes every visit remind the actor of a promise not kept.
    """
    neutral = p["experience_neutral"]
    e = neutral + (p["experience_delivered"] - neutral) * delivery_ratio
    return p["experience_broken"] if broken_promise else e


def participation_probability(trust: np.ndarray, net_gain_ratio: np.ndarray, b0: float, b1: float,
                              b2: float) -> np.ndarray:
    """Probability of taking part: logistic(b0 + b1 T + b2 (gain - opportunity cost)/income)."""
    return expit(b0 + b1 * trust + b2 * net_gain_ratio)


def pull_toward(values: np.ndarray, targets: np.ndarray, weight: float) -> np.ndarray:
    """Move ``values`` a share ``weight`` toward ``targets`` (DeGroot averaging)."""
    return values + weight * (targets - values)


def influence(model) -> None:
    """Step 9: mindset and understanding move toward neighbours'; information spreads; beliefs
    about detection follow the fines seen among undercutting neighbours; trust drifts."""
    p, w, net, now = model.p, model.weavers, model.network, model.now
    month, active = model.month, w.active
    columns = [w.mindset, w.understanding, (w.informed > month - 3).astype(float)]
    if now.floor_on:
        columns += [w.undercut.astype(float), now.caught.astype(float)]
    if net.enabled or now.floor_on:
        count, sums = net.neighbour_sums(columns, active)  # one sparse product for all
    if net.enabled:
        mindset, understanding, share = networks.means(count, sums[:3], [w.mindset, w.understanding, 0.0])
        w.mindset = np.where(active, pull_toward(w.mindset, mindset, p["influence"]), w.mindset)
        w.understanding = pull_toward(w.understanding, understanding, p["influence"])
        hears = active & (model.streams["programmes"].random(len(w)) < p["information_spread"] * share)
        w.informed = np.where(hears & (w.informed < month), month, w.informed)
    if now.floor_on:
        w.detect_belief = floor.update_beliefs(w.detect_belief, sums[3], sums[4], w.undercut, now.caught,
                                              p["belief_learning"])
        floor.firm_beliefs(model)
    w.understanding = w.understanding * (1.0 - p["understanding_decay"])
    w.trust = drift_trust(w.trust, p["trust_base"], p["trust_drift"], w.last_contact < month)
    if len(model.firms):
        f = model.firms
        f.trust = drift_trust(f.trust, p["trust_base"], p["trust_drift"], f.last_contact < month)
        f.understanding = f.understanding * (1.0 - p["understanding_decay"])
