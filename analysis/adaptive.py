"""``--reps auto``: add replications until the headline outcomes are estimated precisely enough.

Following Lee et al. 2015 (JASSS 18(4)4): start from a pilot of ``PILOT`` replications; after
each batch, stop when the 95 % interval half-width of every headline outcome at the last month is
within ``rel_precision`` of its mean in every scenario (at most ``max_reps`` replications);
otherwise add the replications the current spread says are still needed (at most ``BATCH``).
The decisions are kept in ``history`` and written to the manifest.
"""

from __future__ import annotations

import pandas as pd

from . import stats
from .compare_stats import MAX_REPS, should_stop

PILOT = 10
"""Replications run before the rule is first applied."""
BATCH = 50
"""Most replications added in one step."""
HEADLINE = tuple(name for name in stats.HEADLINE if name not in stats.EVENT_COUNTS)
"""Outcomes whose precision decides when to stop: the headline outcomes but rare-event counts."""


class AdaptiveReps:
    """The stopping rule as the runner's ``more_reps`` hook: final values in, replications to add out."""

    def __init__(self, rel_precision: float = 0.05, max_reps: int = MAX_REPS,
                 outcomes: tuple[str, ...] = HEADLINE):
        self.rel_precision = rel_precision
        self.max_reps = max_reps
        self.outcomes = list(outcomes)
        self.history: list[dict] = []

    def __call__(self, final: pd.DataFrame) -> int:
        stop, info = should_stop(final, self.outcomes, self.rel_precision, self.max_reps)
        worst = info["worst"]
        self.history.append({
            "reps": info["reps"], "reason": info["reason"], "reps_needed": info["reps_needed"],
            "worst": {k: worst[k] for k in ("outcome", "rel_half_width") if k in worst},
        })
        if stop:
            return 0
        return max(1, min(info["reps_needed"] - info["reps"], BATCH, self.max_reps - info["reps"]))

    def record(self) -> dict:
        """What the manifest keeps: the rule, the outcomes, every decision and the result."""
        last = self.history[-1] if self.history else {}
        return {"rule": "Lee et al. 2015: 95 % half-width within rel_precision of the mean",
                "rel_precision": self.rel_precision, "max_reps": self.max_reps, "outcomes": self.outcomes,
                "reps": last.get("reps"), "reason": last.get("reason"), "steps": self.history}
