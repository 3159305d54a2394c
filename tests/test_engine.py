"""The experiment engine: seeds, designs, experiment files, execution, storage and indices.

Runs use the stand-in models of ``tests/fakes.py`` so that the engine is tested apart from the
model and quickly.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import designs, experiments, runner, sensitivity, storage
from analysis.designs import parse_spec
from analysis.runner import Plan
from sim.outcomes import OUTCOMES
from sim.params import InputError, resolve
from tests import fakes

SMALL = {"n_weavers": 100, "months": 6}


def grid(*specs: str, seed: int = 0) -> designs.Design:
    return designs.build("grid", [parse_spec(*s.split("=")) for s in specs], None, seed)


def sweep_plan(design: designs.Design, reps: int = 2, seed: int = 0, outcomes=None) -> Plan:
    return Plan.build("sweep", {"base": resolve(SMALL)}, design, reps, seed, outcomes)


def execute(plan: Plan, path: Path, **kwargs) -> tuple[storage.ResultsFolder, pd.DataFrame]:
    folder = runner.open_folder(plan, path, ["test"], resume=kwargs.pop("resume", False))
    kwargs.setdefault("workers", 1)
    kwargs.setdefault("model", fakes.simulate)
    return folder, runner.run_study(plan, folder, **kwargs)


# ---- seeds and plans ---------------------------------------------------------------------------


def test_rep_seeds_are_stable_and_extendable():
    assert runner.rep_seeds(7, 3) == runner.rep_seeds(7, 5)[:3]
    assert len(set(runner.rep_seeds(7, 50))) == 50
    assert runner.rep_seeds(7, 3) != runner.rep_seeds(8, 3)


def test_common_random_numbers_across_points_and_scenarios():
    plan = Plan.build("compare", {"a": resolve(SMALL), "b": resolve({**SMALL, "floor_price": 1e6})},
                      grid("floor_enforcement=0,1"), 3, 11)
    runs = plan.runs()
    assert [run["run_id"] for run in runs] == list(range(12))
    seeds = runner.rep_seeds(11, 3)
    assert all(run["seed"] == seeds[run["rep"]] for run in runs)


def test_plan_rejects_points_that_do_not_resolve_and_unknown_outcomes():
    design = grid("apprentice_min_months=6,20")
    with pytest.raises(InputError, match="apprentice_min_months"):
        sweep_plan(design)
    with pytest.raises(InputError, match="unknown outcome 'nope'"):
        sweep_plan(grid("floor_price=0,1"), outcomes=["nope"])


# ---- designs -----------------------------------------------------------------------------------


def test_grid_is_cartesian_with_rounded_integers():
    design = grid("floor_price=0:2000000:3", "n_firms=1:4:4", "coverage_rule=needs,targeted")
    assert len(design.points) == 3 * 4 * 2
    assert design.points[0] == {"floor_price": 0.0, "n_firms": 1, "coverage_rule": "needs"}
    assert design.points[-1] == {"floor_price": 2e6, "n_firms": 4, "coverage_rule": "targeted"}
    assert all(isinstance(p["n_firms"], int) for p in design.points)


@pytest.mark.parametrize("name, samples, count", [("lhs", 20, 20), ("sobol", 8, 8 * (2 * 3 + 2)),
                                                  ("morris", 4, 4 * (3 + 1))])
def test_sampling_designs_size_bounds_and_determinism(name, samples, count):
    axes = [parse_spec("floor_price", "0:2000000"), parse_spec("floor_enforcement", "0:1"),
            parse_spec("n_firms", "1:30")]
    design = designs.build(name, axes, samples, 3)
    assert len(design.points) == count
    prices = [p["floor_price"] for p in design.points]
    assert min(prices) >= 0 and max(prices) <= 2e6
    assert all(isinstance(p["n_firms"], int) and 1 <= p["n_firms"] <= 30 for p in design.points)
    assert designs.build(name, axes, samples, 3).points == design.points
    assert designs.build(name, axes, samples, 4).points != design.points
    rebuilt = designs.from_description(json.loads(json.dumps(design.describe())), 3)
    assert rebuilt.points == design.points


@pytest.mark.parametrize("build, message", [
    (lambda: designs.build("sobol", [parse_spec("floor_price", "0:1000")], 10, 0), "power of two"),
    (lambda: designs.build("lhs", [parse_spec("coverage_rule", "needs,targeted")], 10, 0), "only in a grid"),
    (lambda: designs.build("lhs", [parse_spec("floor_price", "0,5")], 10, 0), "needs a range"),
    (lambda: designs.build("grid", [parse_spec("floor_price", "0:5")], None, 0), "grid needs LO:HI:N"),
    (lambda: parse_spec("floor_price", "9:1:3"), "empty range"),
    (lambda: parse_spec("floor_price", "0:1:0"), "empty range"),
    (lambda: parse_spec("floor_price", ""), "empty list"),
    (lambda: parse_spec("floor_enforcement", "0:2:3"), "floor_enforcement"),
    (lambda: parse_spec("bogus", "0:1:2"), "unknown parameter 'bogus'"),
    (lambda: parse_spec("months", "1:2:2"), "cannot be varied"),
    (lambda: designs.axis_from_toml("floor_price", {"lo": 0}), "lo and hi"),
])
def test_bad_designs_are_input_errors(build, message):
    with pytest.raises(InputError, match=message):
        build()


# ---- experiment files ---------------------------------------------------------------------------


def write_scenario(folder: Path) -> Path:
    path = folder / "mini.toml"
    path.write_text('description = "small"\n[params]\nn_weavers = 100\nmonths = 6\n')
    return path


def test_experiment_file_with_command_line_overrides(tmp_path):
    write_scenario(tmp_path)
    path = tmp_path / "exp.toml"
    path.write_text(
        '[experiment]\nscenario = "mini.toml"\nreps = 4\nseed = 3\noutcomes = ["active_weavers"]\n'
        '[experiment.params]\nn_firms = 5\n'
        '[experiment.vary]\nfloor_price = "0:2000000:5"\nfloor_enforcement = [0.0, 1.0]\n'
    )
    exp = experiments.load(str(path), experiments.Options())
    assert (exp.reps, exp.seed, exp.outcomes, len(exp.design.points)) == (4, 3, ["active_weavers"], 10)
    assert exp.params["n_firms"] == 5 and exp.params["n_weavers"] == 100
    options = experiments.Options(reps=2, months=3, axes=[parse_spec("floor_price", "0,1")])
    exp = experiments.load(str(path), options)
    assert (exp.reps, exp.params["months"], len(exp.design.points)) == (2, 3, 4)


@pytest.mark.parametrize("body, message", [
    ('[experiment]\nscenario = "mini.toml"\n[experiment.vary]\nbogus = [1]\n', "unknown parameter 'bogus'"),
    ('[experiment]\nscenario = "mini.toml"\nfoo = 1\n', "unknown key 'foo'"),
    ('[experiment]\n[experiment.vary]\nfloor_price = [1]\n', "needs scenario"),
    ('[experiment]\nscenario = "mini.toml"\nreps = 0\n[experiment.vary]\nfloor_price = [1]\n', "reps"),
    ('[experiment\n', "malformed TOML"),
])
def test_bad_experiment_files(tmp_path, body, message):
    write_scenario(tmp_path)
    path = tmp_path / "exp.toml"
    path.write_text(body)
    with pytest.raises(InputError, match=message):
        experiments.load(str(path), experiments.Options())


# ---- execution and storage ----------------------------------------------------------------------


def test_results_folder_layout(tmp_path):
    plan = sweep_plan(grid("floor_price=0,1000000", "floor_enforcement=0,1"), reps=3)
    folder, summary = execute(plan, tmp_path / "out")
    timeseries = pd.read_parquet(tmp_path / "out" / storage.TIMESERIES)
    meta = ["run_id", "scenario", "rep", "seed", "floor_price", "floor_enforcement", "month"]
    assert list(timeseries.columns) == meta + list(OUTCOMES)
    assert len(timeseries) == 12 * 7
    final = storage.read_final(tmp_path / "out")
    assert list(final.columns) == meta[:-1] + list(OUTCOMES)
    assert list(final["run_id"]) == list(range(12))
    assert list(summary.columns[:4]) == ["scenario", "point", "floor_price", "floor_enforcement"]
    assert len(summary) == 4 * len(OUTCOMES) and (summary["n"] == 3).all()
    manifest = storage.read_manifest(tmp_path / "out")
    assert manifest["finished"] and all(run["status"] == "done" for run in manifest["runs"])
    assert {"python", "mesa", "numpy"} <= set(manifest["versions"])


def test_rows_appended_as_runs_finish_equal_the_rebuilt_final_csv(tmp_path):
    """final.csv rows written one by one (column arrays from the model, NaN included) read back
    the same as the table rebuilt from the parts."""
    plan = Plan.build("sweep", {"base": resolve(SMALL)}, grid("coverage_rule=needs,rotating"), 2, 0)
    folder = runner.open_folder(plan, tmp_path / "out", ["test"], resume=False)
    for run in plan.runs():
        monthly = {"month": np.arange(4), **{name: np.linspace(0.5, 2.0, 4) * (run["run_id"] + 1)
                                             for name in OUTCOMES}}
        monthly["price_ratio"] = np.array([1.0, np.nan, 2.0, np.nan])
        monthly["active_weavers"] = np.arange(4) * 7
        folder.record(run["run_id"], monthly, {"month": np.zeros(3, np.int32), "age": np.ones(3, np.float32)})
    appended = storage.read_final(tmp_path / "out")
    folder.rebuild()
    rebuilt = storage.read_final(tmp_path / "out")
    pd.testing.assert_frame_equal(appended, rebuilt)
    assert appended["price_ratio"].isna().all() and list(appended["coverage_rule"]) == ["needs", "rotating"] * 2
    assert appended["active_weavers"].dtype == np.int64 and (appended["active_weavers"] == 21).all()


def test_summary_is_a_t_interval(tmp_path):
    plan = sweep_plan(grid("floor_price=0"), reps=5)
    _, summary = execute(plan, tmp_path / "out")
    values = storage.read_final(tmp_path / "out")["active_weavers"]
    row = summary[summary["outcome"] == "active_weavers"].iloc[0]
    half = sps.t.ppf(0.975, 4) * values.std(ddof=1) / np.sqrt(5)
    assert row["mean"] == pytest.approx(values.mean())
    assert row["ci_high"] - row["mean"] == pytest.approx(half)


def test_same_results_with_one_and_two_workers(tmp_path):
    plan = sweep_plan(grid("floor_price=0:2000000:3", "floor_enforcement=0,1"), reps=2)
    execute(plan, tmp_path / "one", workers=1)
    execute(plan, tmp_path / "two", workers=2, model="tests.fakes:simulate")
    assert (tmp_path / "one" / storage.FINAL).read_bytes() == (tmp_path / "two" / storage.FINAL).read_bytes()
    one = pd.read_parquet(tmp_path / "one" / storage.TIMESERIES)
    two = pd.read_parquet(tmp_path / "two" / storage.TIMESERIES)
    pd.testing.assert_frame_equal(one, two)


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask.distributed is not installed")
def test_dask_backend_gives_the_same_results(tmp_path):
    plan = sweep_plan(grid("floor_price=0:2000000:3"), reps=2)
    execute(plan, tmp_path / "local", workers=1)
    execute(plan, tmp_path / "dask", workers=2, backend="dask", model="tests.fakes:simulate")
    assert (tmp_path / "local" / storage.FINAL).read_bytes() == (tmp_path / "dask" / storage.FINAL).read_bytes()


def test_a_failing_point_is_recorded_and_the_rest_goes_on(tmp_path):
    plan = sweep_plan(grid("floor_price=0:2000000:5"), reps=2)
    folder, summary = execute(plan, tmp_path / "out", model=fakes.failing)
    runs = storage.read_manifest(tmp_path / "out")["runs"]
    failed = [run for run in runs if run["status"] == "failed"]
    assert {run["values"]["floor_price"] for run in failed} == {2e6}
    assert all("ValueError" in run["error"] and run["seed"] for run in failed)
    assert folder.counts() == {"done": 8, "failed": 2, "pending": 0}
    assert len(storage.read_final(tmp_path / "out")) == 8
    assert set(summary["point"]) == {0, 1, 2, 3}
    assert storage.read_manifest(tmp_path / "out")["finished"]


def test_resume_retries_only_unfinished_runs(tmp_path):
    plan = sweep_plan(grid("floor_price=0:2000000:5"), reps=2)
    execute(plan, tmp_path / "out", model=fakes.failing)
    parts = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out" / storage.TIMESERIES).iterdir()}
    folder, _ = execute(plan, tmp_path / "out", resume=True)
    assert folder.counts() == {"done": 10, "failed": 0, "pending": 0}
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out" / storage.TIMESERIES).iterdir()}
    assert all(after[name] == stamp for name, stamp in parts.items())
    execute(plan, tmp_path / "ref")
    assert (tmp_path / "out" / storage.FINAL).read_bytes() == (tmp_path / "ref" / storage.FINAL).read_bytes()


def test_resume_refuses_a_different_study(tmp_path):
    execute(sweep_plan(grid("floor_price=0,1")), tmp_path / "out")
    with pytest.raises(InputError, match="different study"):
        execute(sweep_plan(grid("floor_price=0,2")), tmp_path / "out", resume=True)
    with pytest.raises(InputError, match="already exists"):
        execute(sweep_plan(grid("floor_price=0,1")), tmp_path / "out")


def test_more_reps_hook_adds_replications(tmp_path):
    asked = []

    def one_more_once(final: pd.DataFrame) -> int:
        asked.append(len(final))
        return 1 if len(asked) == 1 else 0

    plan = sweep_plan(grid("floor_price=0,1"), reps=2, seed=5)
    folder, summary = execute(plan, tmp_path / "out", more_reps=one_more_once)
    assert asked == [4, 6]
    manifest = storage.read_manifest(tmp_path / "out")
    assert manifest["reps"] == 3 and len(manifest["runs"]) == 6
    assert [run["seed"] for run in manifest["runs"][::2]] == runner.rep_seeds(5, 3)
    assert (summary["n"] == 3).all()


# ---- sensitivity indices -------------------------------------------------------------------------


@pytest.mark.parametrize("name, samples, columns", [
    ("sobol", 16, ["outcome", "parameter", "other", "S1", "S1_conf", "ST", "ST_conf", "S2", "S2_conf"]),
    ("morris", 6, ["outcome", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"]),
])
def test_indices(tmp_path, name, samples, columns):
    axes = [parse_spec("floor_price", "0:2000000"), parse_spec("floor_enforcement", "0:1"),
            parse_spec("demand_scale", "0.5:1.5")]
    plan = sweep_plan(designs.build(name, axes, samples, 0), reps=1, outcomes=["active_weavers", "entrants"])
    execute(plan, tmp_path / "out", workers=2, model="tests.fakes:simulate")
    path, skipped = sensitivity.write_indices(tmp_path / "out")
    indices = pd.read_csv(path)
    assert list(indices.columns) == columns and not skipped
    assert set(indices["outcome"]) == {"active_weavers", "entrants"}
    main = indices[indices["other"].isna()] if name == "sobol" else indices
    ranked = main[main["outcome"] == "active_weavers"].set_index("parameter")
    key = "ST" if name == "sobol" else "mu_star"
    # the stand-in's outcome depends on the floor (range 2) and enforcement (range 1), not demand
    assert ranked[key].idxmax() == "floor_price"
    assert ranked.loc["demand_scale", key] == pytest.approx(0, abs=1e-9)
    if name == "sobol":
        assert indices["other"].notna().sum() == 2 * 3


def test_no_indices_for_a_grid(tmp_path):
    execute(sweep_plan(grid("floor_price=0,1")), tmp_path / "out")
    assert sensitivity.write_indices(tmp_path / "out") == (None, [])


def test_an_axis_over_the_registrys_plausible_range():
    from sim.params import REGISTRY

    axis = designs.parse_spec("price_sens_local", "plausible:3")
    assert (axis.lo, axis.hi, axis.n) == tuple(REGISTRY["price_sens_local"].plausible) + (3,)
    assert designs.parse_spec("price_sens_local", "plausible").n is None
    with pytest.raises(InputError, match="no plausible range"):
        designs.parse_spec("ag_threshold", "plausible")
