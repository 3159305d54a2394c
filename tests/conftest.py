"""Shared fixtures: the baseline over 30 replications, run once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPS = 30


@pytest.fixture(scope="session")
def baseline_runs() -> pd.DataFrame:
    """The baseline scenario, 120 months, seeds 0..29: one frame with a ``rep`` column."""
    from sim.run import run_scenario

    frames = [run_scenario("baseline", seed=rep).assign(rep=rep) for rep in range(REPS)]
    return pd.concat(frames, ignore_index=True)
