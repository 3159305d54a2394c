"""Experiment files: a designed sweep written down as TOML in ``scenarios/``.

An experiment file is told from a scenario by its ``[experiment]`` table::

    description = "Perda floor level x enforcement"      # one line, optional

    [experiment]
    scenario = "perda_strict"   # base scenario: a name in scenarios/ or a path (required)
    design = "grid"             # grid, lhs, sobol or morris (default grid)
    samples = 64                # lhs: points; sobol: base samples N (a power of two);
                                # morris: trajectories (default 64, 64, 10; unused by grid)
    reps = 10                   # replications per design point (default 10)
    months = 120                # horizon in months (default: the base scenario's)
    seed = 0                    # root seed (default 0)
    outcomes = ["active_weavers", "weaver_income_mean"]
                                # outcomes analysed in summary.csv and indices.csv (default all;
                                # final.csv and the time series always keep every outcome)

    [experiment.params]         # fixed values on top of the base scenario (optional)
    n_weavers = 500

    [experiment.vary]           # the varied parameters, in their registry units
    floor_price = "0:2000000:9"            # LO:HI:N (N evenly spaced values; a range for lhs,
                                           # sobol and morris, where N is not used)
    floor_enforcement = [0.0, 0.5, 1.0]   # explicit values (grid only)
    demand_scale = { lo = 0.5, hi = 1.5 } # a range ({lo, hi, n} for a grid)

Command-line options win over the file: ``--design``, ``--samples``, ``--reps``, ``--months``,
``--seed``; ``--set NAME=VALUE`` adds to ``[experiment.params]``; ``--vary NAME=SPEC`` replaces
the file's entry for NAME or adds one.  A plain scenario can be swept with ``--vary`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.params import REGISTRY, InputError, check_name, resolve
from sim.scenarios import Scenario, check_keys, load_scenario, read_toml, scenario_path

from . import designs
from .designs import Axis

EXPERIMENT_KEYS = {"scenario", "design", "samples", "reps", "months", "seed", "outcomes", "params", "vary"}
TOP_KEYS = {"description", "experiment"}
DEFAULT_REPS = 10
DEFAULT_SEED = 0


@dataclass
class Options:
    """What the command line says (None = not given)."""

    design: str | None = None
    samples: int | None = None
    reps: int | None = None
    months: int | None = None
    seed: int | None = None
    fixed: dict[str, Any] = field(default_factory=dict)
    axes: list[Axis] = field(default_factory=list)
    max_runs: int = designs.MAX_POINTS


@dataclass
class Experiment:
    """A sweep, fully specified and checked: base scenario, fixed values, design and settings."""

    name: str
    scenario: Scenario
    params: dict[str, Any]
    design: designs.Design
    reps: int
    seed: int
    outcomes: list[str] | None


def load(target: str, options: Options) -> Experiment:
    """The sweep of ``target`` (an experiment file or a scenario) with ``options`` applied."""
    path = scenario_path(target)
    data = read_toml(path)
    if "experiment" not in data:
        scenario = load_scenario(target)
        return _build(scenario.name, scenario, {}, options)
    table = _experiment_table(path, data)
    return _build(path.stem, load_scenario(_base_name(table, path)), table, options)


def _experiment_table(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    check_keys(data, TOP_KEYS, f"experiment '{path.name}'")
    table = data["experiment"]
    if not isinstance(table, dict):
        raise InputError(f"'experiment' in '{path.name}' must be a table")
    check_keys(table, EXPERIMENT_KEYS, f"[experiment] of '{path.name}'")
    for key in ("params", "vary"):
        if not isinstance(table.get(key, {}), dict):
            raise InputError(f"'experiment.{key}' in '{path.name}' must be a table")
    return table


def _base_name(table: dict[str, Any], path: Path) -> str:
    base = table.get("scenario")
    if not isinstance(base, str):
        raise InputError(f"experiment '{path.name}' needs scenario = \"NAME\" in [experiment]")
    if base.endswith(".toml") and not Path(base).is_absolute():
        return str(path.parent / base)
    return base


def _build(name: str, scenario: Scenario, table: dict[str, Any], options: Options) -> Experiment:
    fixed = {key: check_name(key).check(value) for key, value in table.get("params", {}).items()}
    fixed.update(options.fixed)
    months = _pick(options.months, table, "months", None)
    if months is not None:
        fixed["months"] = REGISTRY["months"].check(months)
    axes = {key: designs.axis_from_toml(key, value) for key, value in table.get("vary", {}).items()}
    given = [axis.name for axis in options.axes]
    for axis_name in given:
        if given.count(axis_name) > 1:
            raise InputError(f"--vary {axis_name} is given {given.count(axis_name)} times: give it once")
    axes.update((axis.name, axis) for axis in options.axes)
    seed = _integer("seed", _pick(options.seed, table, "seed", DEFAULT_SEED), minimum=0)
    design = designs.build(
        _pick(options.design, table, "design", "grid"), list(axes.values()),
        _pick(options.samples, table, "samples", None), seed, options.max_runs,
    )
    return Experiment(
        name=name,
        scenario=scenario,
        params=resolve(fixed, base=scenario.values),
        design=design,
        reps=_integer("reps", _pick(options.reps, table, "reps", DEFAULT_REPS), minimum=1),
        seed=seed,
        outcomes=_outcomes(table.get("outcomes")),
    )


def _pick(cli: Any, table: dict[str, Any], key: str, default: Any) -> Any:
    if cli is not None:
        return cli
    return table.get(key, default)


def _integer(key: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{key} = {value!r}: must be an integer of at least {minimum}")
    return value


def _outcomes(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise InputError("outcomes in [experiment] must be a list of at least one outcome name")
    return value
