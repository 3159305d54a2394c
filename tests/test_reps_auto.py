"""--reps auto: replications are added until the headline outcomes are precise enough."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from analysis.adaptive import BATCH, HEADLINE, PILOT, AdaptiveReps

ROOT = Path(__file__).resolve().parent.parent


def _final(values: dict[str, np.ndarray]) -> pd.DataFrame:
    n = len(next(iter(values.values())))
    return pd.DataFrame({"scenario": ["a"] * n, **values})


def test_rule_stops_when_precise_and_asks_for_more_when_not():
    precise = _final({name: np.full(10, 100.0) + np.arange(10) * 0.01 for name in HEADLINE})
    assert AdaptiveReps(rel_precision=0.05)(precise) == 0
    rng = np.random.default_rng(0)
    noisy = _final({name: rng.normal(100, 40, 10) for name in HEADLINE})
    rule = AdaptiveReps(rel_precision=0.05)
    more = rule(noisy)
    assert 1 <= more <= 50
    assert rule.history[-1]["reason"] == "continue"


def test_rule_never_exceeds_the_maximum():
    rng = np.random.default_rng(1)
    noisy = _final({name: rng.normal(100, 80, 195) for name in HEADLINE})
    assert AdaptiveReps(rel_precision=0.01, max_reps=200)(noisy) == 5


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_experiments.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _precise(final: pd.DataFrame, rel: float) -> bool:
    """Every stopping outcome's 95 % half-width within ``rel`` of its mean (computed here)."""
    n = len(final)
    half = stats.t.ppf(0.975, n - 1) * final[list(HEADLINE)].std(ddof=1) / np.sqrt(n)
    return bool((half <= rel * final[list(HEADLINE)].mean().abs()).all())


def test_reps_auto_end_to_end_adds_replications_until_precise(tmp_path):
    """The real model, small: the pilot is not precise enough, replications are added, and the run
    stops as soon as a decision finds the headline outcomes within 10 % in the final table."""
    out = tmp_path / "auto"
    done = _cli("run", "baseline", "--reps", "auto", "--precision", "0.1", "--months", "6",
                "--set", "n_weavers=60", "--workers", "1", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    record = manifest["reps_auto"]
    final = pd.read_csv(out / "final.csv").sort_values("rep")
    assert len(final) == record["reps"] == manifest["reps"]
    assert record["reason"] == "precision" and record["reps"] > PILOT
    decided = [step["reps"] for step in record["steps"]]
    assert decided[0] == PILOT and decided[-1] == record["reps"]
    for step, following in zip(record["steps"], decided[1:]):  # each batch: what the spread said was needed
        assert following - step["reps"] == max(1, min(step["reps_needed"] - step["reps"], BATCH))
    assert _precise(final, 0.1)
    assert not any(_precise(final.iloc[:n], 0.1) for n in decided[:-1])


def test_bad_precision_is_refused_before_any_run(tmp_path):
    out = tmp_path / "never"
    done = _cli("run", "baseline", "--reps", "auto", "--precision", "2", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2
    assert "--precision" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()
