"""The robust command: effects across plausible worlds, the parameters that decide them, resumption.

The known-answer model (``tests.fakes.policy_sign``) makes the policy's effect on active weavers
positive exactly where price_sens_local is below 2 and negative above it; everything else is
noise shared by the scenarios.  The command must find that input and that threshold.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io

import numpy as np
import pandas as pd
import pytest

from analysis import robust
from analysis.runner import MODEL_ENV
from tests import fakes
from tests.conftest import run_cli

ROBUST = ("robust", "perda", "--worlds", "60", "--reps", "1", "--months", "60", "--workers", "1")


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """One robust study of the known-answer model: (folder, printed output)."""
    from analysis import cli

    folder = tmp_path_factory.mktemp("results") / "robust-known"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(MODEL_ENV, "tests.fakes:policy_sign")
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main([*ROBUST, "--out", str(folder)])
    assert code == 0
    return folder, output.getvalue()


@pytest.fixture
def known(here, monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:policy_sign")
    return here


def test_finds_the_input_and_threshold_that_set_the_effects_sign(study):
    folder, out = study
    decide = pd.read_csv(folder / "robust_deciding.csv")
    weavers = decide[(decide.outcome == "active_weavers") & (decide.year == 5)].sort_values("pawn")
    assert weavers.parameter.iloc[-1] == "price_sens_local" and weavers.decides.iloc[-1]
    assert weavers.decides.sum() <= 3, "noise inputs pass for deciding ones"
    rule = pd.read_csv(folder / "robust_rules.csv").query("outcome == 'active_weavers' and year == 5").iloc[0]
    assert rule.rule_parameter == "price_sens_local"
    # it mostly lowers weavers, and raises them below the threshold
    assert rule.rule_side == "<" and abs(rule.rule_threshold - fakes.KNOWN_THRESHOLD) < 0.15
    assert rule.rule_density > 0.9 and rule.rule_coverage > 0.9
    summary = pd.read_csv(folder / "robust_summary.csv").query("outcome == 'active_weavers'").iloc[0]
    sampled = robust.world_values(robust.world_design(*_scenarios(), 60, 0)).price_sens_local
    assert summary.helps == pytest.approx(float(np.mean(sampled < fakes.KNOWN_THRESHOLD)))
    assert "price_sens_local` is below 2" in out
    assert (folder / "report.html").is_file() and (folder / "figures" / "robust_effects.png").is_file()


@pytest.mark.skipif(importlib.util.find_spec("ema_workbench") is None, reason="EMA Workbench (the robust extra) is not installed")
def test_prim_box_bounds_the_same_input(study):
    box = pd.read_csv(study[0] / "robust_rules.csv").query("outcome == 'active_weavers'").iloc[0].prim
    assert box.startswith("price_sens_local ") and ";" not in box
    assert abs(float(box.split("-")[-1]) - fakes.KNOWN_THRESHOLD) < 0.2


def test_resume_after_an_interrupt_equals_an_uninterrupted_run(study, known, capsys, monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:policy_sign_interrupted")
    monkeypatch.setitem(fakes.INTERRUPT_AFTER, "runs", 33)
    code, _, err = run_cli(capsys, *ROBUST, "--out", "cut")
    assert code == 130 and "--resume" in err
    assert not (known / "cut" / "robust_summary.csv").exists()
    monkeypatch.setitem(fakes.INTERRUPT_AFTER, "runs", None)
    assert run_cli(capsys, *ROBUST, "--out", "cut", "--resume")[0] == 0
    for name in ("final.csv", "robust_effects.csv", "robust_summary.csv", "robust_deciding.csv", "robust_rules.csv"):
        assert (known / "cut" / name).read_bytes() == (study[0] / name).read_bytes(), name


def test_too_few_worlds_is_refused_with_the_rule(known, capsys):
    code, _, err = run_cli(capsys, "robust", "perda", "--worlds", "5", "--out", "r")
    assert code == 2 and "--worlds 5" in err and len(err.strip().splitlines()) == 1
    assert not (known / "r").exists()


def test_parameters_the_scenarios_set_differently_are_the_policys_not_the_worlds():
    from sim.params import resolve

    base = resolve({})
    policy = resolve({"price_sens_local": 1.234, "floor_price": 1_000_000})
    names = robust.sampled_names({"baseline": base, "policy": policy})
    assert "price_sens_local" not in names and "firm_markup" in names


def test_helps_and_hurts_follow_the_outcomes_good_direction():
    effects = pd.DataFrame({"policy": "p", "outcome": ["median_age"] * 4, "year": 10, "point": range(4),
                            "effect": [-1.0, -2.0, 0.5, -0.1], "low": np.nan, "high": np.nan, "n": 1,
                            "reference": 50.0})
    row = robust.summarise(effects).iloc[0]
    assert row.helps == 0.75 and row.hurts == 0.25       # a younger workforce helps


def _scenarios():
    from sim.params import resolve
    from sim.scenarios import load_scenario

    base = load_scenario("baseline").values | {"months": 60}
    perda = load_scenario("perda").values | {"months": 60}
    return ({"baseline": resolve(base), "perda": resolve(perda)},)


def test_compare_says_how_often_its_finding_holds_across_worlds(study):
    from analysis.robust_report import holds_across_worlds

    folder = study[0]
    summary = pd.read_csv(folder / "robust_summary.csv").query("outcome == 'active_weavers'").iloc[0]
    english = holds_across_worlds("baseline", ["perda"], "en", root=folder.parent)
    weavers = [line for line in english if "active weavers" in line]
    assert weavers == [f"Across 60 plausible worlds ({folder}), perda lowers the number of active weavers in "
                       f"year 5 in {round(100 * summary.hurts)} % of them."]
    assert any("penenun aktif" in line for line in holds_across_worlds("baseline", ["perda"], "id", root=folder.parent))
    assert holds_across_worlds("baseline", ["perda_strict"], "en", root=folder.parent) == []
    assert holds_across_worlds("perda", ["baseline"], "en", root=folder.parent) == []


def test_the_compare_report_carries_the_robust_lines(study, capsys, monkeypatch):
    """A compare run in the folder that holds the robust study names it in its summary."""
    from analysis import cli

    results = study[0].parent
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:policy_sign")
    monkeypatch.chdir(results)
    code = cli.main(["compare", "baseline", "perda", "--reps", "2", "--months", "60", "--workers", "1",
                     "--out", str(results / "compare-here")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Across 60 plausible worlds" in out
    report = (results / "compare-here" / "report.md").read_text()
    assert "How sure across plausible worlds" in report and "perda lowers the number of active weavers" in report
