"""The model as other tools drive it: Mesa's Scenario and batch_run, numpy and pandas values from
SALib, EMA Workbench, grids and data frames, and the installed command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.outcomes import OUTCOMES
from sim.params import InputError, resolve

SMALL = {"n_weavers": 120, "n_youth": 60, "n_firms": 3, "months": 6}


def monthly(model: sim.CraftModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


# ---- values other tools pass -----------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (np.int64(314), 314), (np.int32(314), 314), (np.uint16(314), 314), (314.0, 314),
    (np.float64(314.0), 314), (np.float32(314.0), 314),
])
def test_integer_parameters_take_numpy_integers_and_whole_floats(value, expected):
    checked = resolve({"n_weavers": value})["n_weavers"]
    assert checked == expected and type(checked) is int


@pytest.mark.parametrize("value", [np.float32(0.25), np.float64(0.25), np.int64(0), 0, np.int8(1)])
def test_float_parameters_take_any_real_number(value):
    checked = resolve({"floor_enforcement": value})["floor_enforcement"]
    assert checked == float(value) and type(checked) is float


@pytest.mark.parametrize("value", [np.bool_(True), np.bool_(False), True])
def test_boolean_parameters_take_numpy_booleans(value):
    checked = resolve({"floor_certified_only": value})["floor_certified_only"]
    assert checked is bool(value)


@pytest.mark.parametrize("value", [300.5, np.float64(300.5), np.float32(10.25)])
def test_a_fractional_value_for_an_integer_parameter_is_refused_in_one_line(value):
    with pytest.raises(InputError) as err:
        resolve({"n_weavers": value})
    message = str(err.value)
    assert "\n" not in message and "n_weavers" in message and "whole number" in message


@pytest.mark.parametrize("value", [np.bool_(True), True, np.nan, np.float64("inf"), "300", None])
def test_a_number_parameter_refuses_booleans_and_non_finite_values(value):
    with pytest.raises(InputError, match="n_weavers"):
        resolve({"n_weavers": value})


@settings(max_examples=60, deadline=None)
@given(st.integers(10, 20000), st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint32,
                                                  np.float32, np.float64, int, float]))
def test_any_numeric_type_holding_an_allowed_whole_number_is_the_same_parameter(n, kind):
    if kind is np.int8 and n > 127:
        n = 127
    if kind is np.int16 and n > 32767:
        n = 32767
    assert resolve({"n_weavers": kind(n)})["n_weavers"] == n


def test_a_salib_sample_matrix_runs_row_by_row():
    from SALib.sample import latin

    problem = {"num_vars": 3, "names": ["n_weavers", "floor_price", "floor_enforcement"],
               "bounds": [[100, 150], [0, 2_000_000], [0, 1]]}
    sample = latin.sample(problem, 3, seed=1)
    sample[:, 0] = np.round(sample[:, 0])  # SALib gives floats; whole ones are integers here
    for row in sample:
        values = dict(zip(problem["names"], row))  # numpy float64 values
        frame = sim.run_scenario("baseline", seed=1, **(SMALL | values))
        assert len(frame) == SMALL["months"] + 1 and frame["active_weavers"].iloc[0] == int(row[0])


def test_an_arange_grid_and_a_pandas_row_pass_straight_in():
    for price in np.arange(0, 2_000_001, 1_000_000):  # numpy int64
        assert resolve({"floor_price": price})["floor_price"] == float(price)
    table = pd.DataFrame({"n_weavers": [130, 140], "floor_enforcement": [0.1, 0.9],
                          "floor_certified_only": [True, False]})
    row = table.iloc[1]  # object Series of numpy scalars
    frame = sim.run_scenario("perda", seed=2, **(SMALL | row.to_dict()))
    assert frame["active_weavers"].iloc[0] == 140
    for record in table.to_dict("records"):
        assert resolve(record)["n_weavers"] == record["n_weavers"]


# ---- Mesa's Scenario, clock and batch runner -------------------------------------------------------


def test_scenario_form_equals_the_keyword_form():
    by_scenario = sim.CraftModel(scenario=sim.CraftScenario(rng=5, **SMALL))
    by_keywords = sim.CraftModel(rng=5, **SMALL)
    by_scenario.run_model()
    by_keywords.run_model()
    pd.testing.assert_frame_equal(monthly(by_scenario), monthly(by_keywords))
    assert by_scenario.scenario.n_weavers == SMALL["n_weavers"]


def test_a_scenario_checks_its_values_and_the_model_runs_with_them():
    """Values other tools pass to Mesa's Scenario (numpy scalars) arrive checked and converted, and
    the model built from it runs with them: its size and a floor in force from month 1."""
    scenario = sim.CraftScenario(rng=6, **(SMALL | {"n_weavers": np.int64(130), "floor_price": np.float64(1e6),
                                                    "floor_start_month": np.int32(1)}))
    assert type(scenario.n_weavers) is int and type(scenario.floor_price) is float
    model = sim.CraftModel(scenario=scenario)
    model.run_model()
    frame = monthly(model)
    assert frame["active_weavers"].iloc[0] == 130
    assert list(frame["floor_active"]) == [0] + [1] * SMALL["months"]
    plain = sim.CraftModel(rng=6, **SMALL)
    plain.run_model()
    assert (monthly(plain)["floor_active"] == 0).all()
    with pytest.raises(InputError, match="n_wevers"):
        sim.CraftScenario(n_wevers=10)
    with pytest.raises(InputError, match="floor_enforcement"):
        sim.CraftScenario(floor_enforcement=2.0)


def test_keywords_win_over_the_scenario():
    model = sim.CraftModel(scenario=sim.CraftScenario(rng=1, **SMALL), n_weavers=150)
    assert model.p["n_weavers"] == 150 and model.p["months"] == SMALL["months"]


def test_the_model_stops_by_itself_after_its_months_on_mesas_clock():
    model = sim.CraftModel(rng=3, **SMALL)
    assert model.month == 0 and model.time == 0 and model.running
    model.run_model()
    assert not model.running
    assert model.steps == SMALL["months"] and model.month == SMALL["months"] == model.time
    assert len(monthly(model)) == SMALL["months"] + 1


def test_run_for_gives_the_same_months_as_stepping():
    stepped, ran = sim.CraftModel(rng=4, **SMALL), sim.CraftModel(rng=4, **SMALL)
    for _ in range(SMALL["months"]):
        stepped.step()
    ran.run_for(SMALL["months"])
    pd.testing.assert_frame_equal(monthly(stepped), monthly(ran))


def test_mesa_batch_run_returns_every_collected_month_with_every_outcome():
    rows = mesa.batch_run(sim.CraftModel, parameters=SMALL | {"floor_price": [0, 1_000_000]},
                          rng=[1, 2], data_collection_period=1, display_progress=False)
    assert len(rows) == 2 * 2 * (SMALL["months"] + 1)
    frame = pd.DataFrame(rows)
    assert set(OUTCOMES) <= set(frame.columns)
    assert sorted(frame["Step"].unique()) == list(range(SMALL["months"] + 1))
    # Each row is the model's own month: the same numbers as a direct run with that seed.
    ours = frame[(frame["floor_price"] == 1_000_000) & (frame["rng"] == 1)].sort_values("Step")
    direct = sim.CraftModel(rng=1, **(SMALL | {"floor_price": 1_000_000}))
    direct.run_model()
    for name in ("active_weavers", "units_genuine", "weaver_income_mean"):
        np.testing.assert_array_equal(ours[name].to_numpy(), monthly(direct)[name].to_numpy())


def test_batch_run_without_max_steps_ends_at_months():
    rows = mesa.batch_run(sim.CraftModel, parameters=SMALL, rng=[7], display_progress=False)
    assert len(rows) == 1 and rows[0]["Step"] == SMALL["months"]


# ---- the installed command ------------------------------------------------------------------------


def test_the_installed_command_works_from_any_folder(tmp_path):
    command = Path(sys.executable).parent / "umkm-abm"
    if not command.exists():
        pytest.skip("the project is not installed in this environment (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    listing = subprocess.run([str(command), "scenarios"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert listing.returncode == 0 and "perda" in listing.stdout
    run = subprocess.run([str(command), "run", "perda", "--reps", "1", "--months", "3", "--workers", "1",
                          "--set", "n_weavers=60", "--out", "here"], cwd=tmp_path, capture_output=True,
                         text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "here" / "final.csv").is_file()
    bad = subprocess.run([str(command), "run", "nosuch"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "nosuch" in bad.stderr


def test_a_finished_model_is_freed():
    """No class-level registry keeps a model alive (Mesa 3.3's agent-id registry did), so a worker
    running thousands of runs does not grow with them."""
    import gc
    import weakref

    model = sim.CraftModel(rng=1, **SMALL)
    model.run_model()
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None


def test_the_few_actors_step_through_mesas_agent_sets():
    from sim.agents import CsrPartner, Dinas

    model = sim.CraftModel(rng=2, **(SMALL | {"csr_budget": 130_000_000, "csr_start_month": 0}))
    assert len(model.agents_by_type[Dinas]) == 1 and len(model.agents_by_type[CsrPartner]) == 1
    model.step()
    assert model.csr.first_month == 1 and model.csr.members.size > 0  # its step chose members
    assert model.dinas.spent_this_month > 0  # its step made visits


def test_a_step_on_a_population_view_never_silently_does_nothing():
    from sim.agents import Weaver

    with pytest.raises(TypeError, match="would never be called"):
        type("MyWeaver", (Weaver,), {"step": lambda self: None})
    model = sim.CraftModel(rng=2, **SMALL)
    weaver = next(iter(model.agents_by_type[Weaver]))
    with pytest.raises(TypeError, match="no step"):
        weaver.step()
