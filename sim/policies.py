"""The minimum-price regulation (Perda) for genuine silk: compliance, undercutting, detection.

Seed 000: the dinas proposed that genuine silk sarongs may not be sold below Rp 1,000,000.
A seller bound by the floor whose own asking price is below it undercuts when undercutting pays
(MODEL.md s4):

    gain from undercutting  >  P(detect) * penalty + norm cost

The gain is what the month's offered pieces would fetch at the seller's own price beyond what they
fetch at the floor, given the share of pieces offered at the floor that sold last month.  The
believed P(detect) starts from the announced enforcement and moves toward the share of
undercutting neighbours (and the seller itself) who were caught.  The norm cost grows with the
seller's understanding of the floor's purpose and with the share of neighbours complying.  The
true detection probability grows with enforcement and with field-staff coverage of the groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BELIEF_LEARNING = 0.3
"""Share of the gap to observed detection closed by a seller's belief each month (assumed)."""
INSPECTION_SHARE = 0.5
"""Share of detection that does not depend on field-staff coverage (market inspection; assumed)."""


def floor_active(params: dict, month: int) -> bool:
    """The floor is in force from its start month when its level is above zero."""
    return params["floor_price"] > 0 and month >= params["floor_start_month"]


def floor_overdue(params: dict, month: int) -> bool:
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


def detection_probability(enforcement: float, staff_visits: float, n_groups: int) -> float:
    """Monthly probability that an undercutting seller is caught and fined."""
    coverage = min(1.0, staff_visits / max(n_groups, 1))
    return enforcement * (INSPECTION_SHARE + (1.0 - INSPECTION_SHARE) * coverage)


@dataclass
class FloorState:
    """What sellers remember of the floor between months."""

    sell_through_at_floor: float = 1.0
    complied: np.ndarray | None = None


def decide_undercut(desired, offered, bound, floor, sell_through_at_floor, belief, penalty, norm_cost,
                    understanding, neighbour_compliance) -> np.ndarray:
    """Which bound sellers whose desired price is below the floor undercut it this month."""
    gain = offered * (desired - floor * sell_through_at_floor)
    cost = belief * penalty + norm_cost * understanding * neighbour_compliance
    return bound & (offered > 0) & (desired < floor) & (gain > cost)


def update_beliefs(belief, seen_cut, seen_caught, undercut, caught) -> np.ndarray:
    """Move believed detection toward the caught share among undercutting neighbours and oneself.

    ``seen_cut`` and ``seen_caught`` count the active neighbours who undercut and who were caught
    this month (``WeaverNetwork.neighbour_sums``)."""
    seen_cut = seen_cut + undercut
    seen_caught = seen_caught + caught
    observed = np.divide(seen_caught, seen_cut, out=np.zeros_like(belief), where=seen_cut > 0)
    return np.where(seen_cut > 0, belief + BELIEF_LEARNING * (observed - belief), belief)
