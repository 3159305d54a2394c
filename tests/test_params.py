"""The parameter registry and scenario files reject bad input with one clear message."""

from __future__ import annotations

import pytest

from sim.params import PARAMS, REGISTRY, InputError, parse_assignments, resolve
from sim.scenarios import list_scenarios, load_scenario

CONTRACT_PARAMS = ["months", "n_weavers", "n_youth", "n_firms", "floor_price", "floor_start_month",
                   "floor_enforcement", "floor_penalty", "floor_socialisation", "dinas_budget", "dinas_staff",
                   "training_followup", "outside_wage", "demand_scale", "csr_budget", "youth_programme"]


def test_contract_parameters_exist_and_every_default_passes_its_own_check():
    """Every default is a value the registry itself accepts (kind, range, choices), so the full
    resolved parameter set, as a manifest stores it, resolves again unchanged."""
    for name in CONTRACT_PARAMS:
        assert name in REGISTRY
    for p in PARAMS:
        assert p.unit and p.source and p.doc
        checked = p.check(p.default)
        assert checked == p.default, p.name
    stored = resolve()
    assert resolve(dict(stored)) == stored


@pytest.mark.parametrize("overrides, words", [
    ({"n_wevers": 10}, ["unknown parameter", "n_wevers"]),
    ({"floor_enforcement": 1.5}, ["floor_enforcement", "1.5", "0 to 1"]),
    ({"n_weavers": "many"}, ["n_weavers", "wrong type"]),
    ({"n_weavers": 10.5}, ["n_weavers", "whole number"]),
    ({"coverage_rule": "random"}, ["coverage_rule", "needs, rotating, targeted"]),
    ({"floor_certified_only": 1}, ["floor_certified_only", "wrong type"]),
    ({"apprentice_min_months": 13}, ["apprentice_min_months", "apprentice_max_months"]),
])
def test_bad_values_name_the_key_the_value_and_the_range(overrides, words):
    with pytest.raises(InputError) as err:
        resolve(overrides)
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_command_line_assignments_are_parsed_by_kind():
    got = parse_assignments(["floor_price=1_000_000", "coverage_rule=targeted", "floor_certified_only=true",
                             "n_weavers=200"])
    assert got == {"floor_price": 1_000_000.0, "coverage_rule": "targeted", "floor_certified_only": True,
                   "n_weavers": 200}
    for bad in ["floor_price", "floor_price=abc", "=3"]:
        with pytest.raises(InputError):
            parse_assignments([bad])


def test_every_scenario_file_loads_describes_itself_and_differs_from_the_baseline():
    names = [name for name, _ in list_scenarios()]
    assert "baseline" in names
    baseline = load_scenario("baseline").params
    for name in names:
        scenario = load_scenario(name)
        assert scenario.description, name
        if name != "baseline":
            changed = {k for k, v in scenario.params.items() if v != baseline[k]}
            assert changed, f"scenario '{name}' sets nothing the baseline does not"


def test_scenario_file_errors(tmp_path):
    bad_toml = tmp_path / "broken.toml"
    bad_toml.write_text("description = 'x'\n[params\n")
    unknown_key = tmp_path / "key.toml"
    unknown_key.write_text("description = 'x'\ncolour = 'red'\n")
    unknown_param = tmp_path / "param.toml"
    unknown_param.write_text("description = 'x'\n[params]\nn_wevers = 3\n")
    out_of_range = tmp_path / "range.toml"
    out_of_range.write_text("description = 'x'\n[params]\nfloor_enforcement = 2\n")
    cases = {bad_toml: "malformed TOML", unknown_key: "unknown key 'colour'", unknown_param: "n_wevers",
             out_of_range: "floor_enforcement"}
    for path, words in cases.items():
        with pytest.raises(InputError, match=words):
            load_scenario(str(path))
    with pytest.raises(InputError, match="unknown scenario 'nope'"):
        load_scenario("nope")


def test_every_default_lies_in_its_plausible_range_and_assumed_sources_are_assumed():
    for p in PARAMS:
        lo, hi = p.plausible_range
        if p.kind in ("int", "float"):
            assert lo <= p.default <= hi, p.name
        if "assumed" in p.source.lower().split(";")[0]:
            assert p.status == "assumed", f"{p.name}: its source says assumed"


def test_a_salib_problem_of_the_assumed_parameters_samples_only_plausible_worlds():
    from SALib.sample import latin

    from sim.params import salib_problem, uncertain

    problem = salib_problem()
    assert problem["num_vars"] == len(problem["names"]) >= 40
    chosen = [REGISTRY[name] for name in problem["names"]]
    assert all(p.status == "assumed" and not p.lever for p in chosen)
    assert "floor_price" not in problem["names"] and "outside_wage" not in problem["names"]
    sample = latin.sample(problem, 8, seed=3)
    for row in sample:
        values = {p.name: (round(x) if p.kind == "int" else x) for p, x in zip(chosen, row)}
        checked = resolve(values)
        for p in chosen:
            lo, hi = p.plausible_range
            assert lo <= checked[p.name] <= hi
    assert {p.name for p in uncertain(("measured", "estimated"))} & {"price_genuine_init", "trust_up"}
