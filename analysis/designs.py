"""Experimental designs: the parameter values of each design point.

A varied parameter is an :class:`Axis`, either explicit values (``v1,v2,...`` on the command line,
a list in an experiment file) or a range (``LO:HI:N`` or ``LO:HI``; ``{lo = .., hi = .., n = ..}``
in a file), in the parameter's own unit (rupiah, months, shares ...).  The designs:

- ``grid``: the cartesian product of every axis's values; a range gives N evenly spaced values,
  both ends included; the first axis varies slowest.
- ``lhs``: ``samples`` points of a Latin hypercube over the ranges (``scipy.stats.qmc``).
- ``sobol``: Saltelli's scheme on a scrambled Sobol' sequence (SALib), ``samples`` = N base
  samples, a power of two; N * (2D + 2) points for D parameters (second-order indices included).
- ``morris``: ``samples`` Morris trajectories on a ``MORRIS_LEVELS``-level grid (SALib);
  N * (D + 1) points.

Sampling designs use only the range of an axis (N is ignored).  Integer parameters are rounded
to the nearest integer; choice and boolean parameters can be varied only in a grid.  Every value
is checked against the parameter registry; the design's random numbers come from the root seed.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.params import InputError, Param, check_name

DESIGNS = ("grid", "lhs", "sobol", "morris")
DEFAULT_SAMPLES = {"lhs": 64, "sobol": 64, "morris": 10}
MORRIS_LEVELS = 4
DESIGN_STREAM = 2**31
"""Spawn key of the design's random stream; replication seeds use keys 0, 1, 2, ..."""
MAX_POINTS = 100_000
"""Most design points a design may have unless the caller allows more (``--max-runs``): checked
before any point is built, so a mistyped N fails at once instead of filling the memory."""
FIXED = ("months",)
"""Parameters that set the horizon of the whole experiment and cannot be varied."""


@dataclass(frozen=True)
class Axis:
    """One varied parameter: explicit ``values``, or a range ``lo``..``hi`` (``n`` grid values)."""

    name: str
    values: tuple[Any, ...] = ()
    lo: float | None = None
    hi: float | None = None
    n: int | None = None

    @property
    def is_range(self) -> bool:
        return self.lo is not None

    @property
    def grid_size(self) -> int:
        """How many values this axis takes in a grid, at most (before rounding drops duplicates)."""
        return len(self.values) if not self.is_range else (self.n or 1)

    def grid_values(self) -> list[Any]:
        """The values this axis takes in a grid (integers rounded, duplicates dropped)."""
        if not self.is_range:
            return list(self.values)
        if self.n is None:
            raise InputError(f"parameter '{self.name}': a grid needs LO:HI:N or a list of values")
        param = check_name(self.name)
        raw = np.linspace(self.lo, self.hi, self.n)
        return list(dict.fromkeys(_cast(param, x) for x in raw))

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description (for the manifest)."""
        if self.is_range:
            return {"lo": self.lo, "hi": self.hi, "n": self.n}
        return {"values": list(self.values)}


@dataclass(frozen=True)
class Design:
    """The points of an experiment: ``points[i]`` maps each varied parameter to its value.

    ``matrix`` holds the unrounded sample (rows = points) for sampling designs, else ``None``.
    """

    name: str
    axes: tuple[Axis, ...]
    samples: int | None
    points: list[dict[str, Any]]
    matrix: np.ndarray | None = None

    @property
    def names(self) -> list[str]:
        return [axis.name for axis in self.axes]

    def problem(self) -> dict[str, Any]:
        """The SALib problem definition of a sampling design."""
        return {
            "num_vars": len(self.axes),
            "names": self.names,
            "bounds": [[axis.lo, axis.hi] for axis in self.axes],
        }

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description (for the manifest); :func:`from_description` inverts it."""
        return {
            "name": self.name,
            "samples": self.samples,
            "axes": {axis.name: axis.describe() for axis in self.axes},
            "points": len(self.points),
            "morris_levels": MORRIS_LEVELS if self.name == "morris" else None,
        }


def parse_spec(name: str, text: str) -> Axis:
    """An axis from a command-line SPEC: ``LO:HI:N``, ``LO:HI``, ``v1,v2,...``, or ``plausible``
    (the registry's plausible range, ``plausible:N`` for N grid values)."""
    param = check_name(name)
    text = text.strip()
    if text == "plausible" or text.startswith("plausible:"):
        if param.plausible is None or param.kind not in ("int", "float"):
            raise InputError(f"--vary {name}=plausible: '{name}' has no plausible range to vary (see 'params')")
        n = _count(name, text.partition(":")[2]) if ":" in text else None
        return range_axis(param, *param.plausible, n)
    if ":" in text:
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise InputError(f"--vary {name}={text!r}: expected LO:HI:N, LO:HI or v1,v2,...")
        lo, hi = (_number(name, part) for part in parts[:2])
        n = _count(name, parts[2]) if len(parts) == 3 else None
        return range_axis(param, lo, hi, n)
    items = [item for item in text.split(",") if item.strip()]
    return values_axis(param, [param.parse(item) for item in items])


def axis_from_toml(name: str, value: Any) -> Axis:
    """An axis from an experiment file entry: a SPEC string, a list of values or ``{lo, hi, n}``."""
    param = check_name(name)
    if isinstance(value, str):
        return parse_spec(name, value)
    if isinstance(value, list):
        return values_axis(param, [param.check(item) for item in value])
    if isinstance(value, dict):
        unknown = set(value) - {"lo", "hi", "n"}
        if unknown or not {"lo", "hi"} <= set(value):
            raise InputError(f"vary '{name}': a table needs keys lo and hi (and optionally n)")
        n = value.get("n")
        if n is not None and (isinstance(n, bool) or not isinstance(n, int)):
            raise InputError(f"vary '{name}': n = {n!r} is not an integer")
        return range_axis(param, param.check(value["lo"]), param.check(value["hi"]), n)
    raise InputError(f"vary '{name}' = {value!r}: expected \"LO:HI:N\", a list or {{lo, hi, n}}")


def values_axis(param: Param, values: list[Any]) -> Axis:
    """An axis of explicit values (already checked)."""
    _check_variable(param)
    if not values:
        raise InputError(f"parameter '{param.name}': empty list of values")
    return Axis(param.name, values=tuple(dict.fromkeys(values)))


def range_axis(param: Param, lo: float, hi: float, n: int | None) -> Axis:
    """An axis over [lo, hi] (both checked against the registry), ``n`` values in a grid."""
    _check_variable(param)
    if param.kind in ("choice", "bool"):
        raise InputError(f"parameter '{param.name}' is a {param.kind}: give its values as v1,v2,...")
    lo, hi = param.check(lo), param.check(hi)
    if hi < lo or (n is not None and n < 1):
        raise InputError(f"parameter '{param.name}': empty range {lo}:{hi}" + (f":{n}" if n is not None else ""))
    return Axis(param.name, lo=float(lo), hi=float(hi), n=n)


def build(name: str, axes: list[Axis], samples: int | None, root_seed: int,
          max_points: int = MAX_POINTS) -> Design:
    """The design ``name`` over ``axes``; ``samples`` for sampling designs (default per design).

    A design of more than ``max_points`` points is refused before it is built."""
    if name not in DESIGNS:
        raise InputError(f"unknown design '{name}' (known: {', '.join(DESIGNS)})")
    if not axes:
        raise InputError("nothing to vary: give --vary NAME=SPEC or an experiment file")
    names = [axis.name for axis in axes]
    if len(set(names)) != len(names):
        raise InputError(f"parameter '{_first_duplicate(names)}' is varied twice")
    if name == "grid":
        _check_size(math.prod(axis.grid_size for axis in axes), max_points)
        grids = [axis.grid_values() for axis in axes]
        points = [dict(zip(names, combo)) for combo in itertools.product(*grids)]
        return Design(name, tuple(axes), None, points)
    samples = DEFAULT_SAMPLES[name] if samples is None else samples
    _check_sampling(name, axes, samples)
    per_sample = {"lhs": 1, "sobol": 2 * len(axes) + 2, "morris": len(axes) + 1}[name]
    _check_size(samples * per_sample, max_points)
    design = Design(name, tuple(axes), samples, [])
    matrix = _sample(design, _design_rng(root_seed))
    params = [check_name(axis.name) for axis in axes]
    points = [{p.name: p.check(_cast(p, x)) for p, x in zip(params, row)} for row in matrix]
    return Design(name, tuple(axes), samples, points, matrix)


def from_description(description: dict[str, Any], root_seed: int) -> Design:
    """Rebuild the design a manifest describes (same points, same unrounded sample)."""
    axes = [axis_from_toml(name, spec) for name, spec in _axis_specs(description["axes"])]
    return build(description["name"], axes, description["samples"], root_seed)


def _axis_specs(axes: dict[str, dict[str, Any]]):
    for name, spec in axes.items():
        if "values" in spec:
            yield name, spec["values"]
        else:
            yield name, {key: spec[key] for key in ("lo", "hi", "n") if spec[key] is not None}


def _sample(design: Design, rng: np.random.Generator) -> np.ndarray:
    """The unrounded sample of a sampling design, one row per point."""
    problem = design.problem()
    if design.name == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=problem["num_vars"], rng=rng).random(design.samples)
        bounds = np.array(problem["bounds"])
        return qmc.scale(unit, bounds[:, 0], bounds[:, 1])
    if design.name == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, design.samples, calc_second_order=True, seed=rng)
    from SALib.sample import morris

    return morris.sample(problem, design.samples, num_levels=MORRIS_LEVELS, seed=rng)


def _check_sampling(name: str, axes: list[Axis], samples: int) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise InputError(f"--samples {samples!r}: must be a positive integer")
    if name == "sobol" and samples & (samples - 1):
        raise InputError(f"--samples {samples}: a sobol design needs a power of two (e.g. 64, 128, 256)")
    for axis in axes:
        kind = check_name(axis.name).kind
        if kind in ("choice", "bool"):
            raise InputError(f"parameter '{axis.name}' is a {kind}: it can be varied only in a grid design")
        if not axis.is_range:
            raise InputError(f"parameter '{axis.name}': a {name} design needs a range LO:HI, not a list")
        if not axis.lo < axis.hi:
            raise InputError(f"parameter '{axis.name}': empty range {axis.lo:g}:{axis.hi:g} for a {name} design")


def _check_size(points: int, max_points: int) -> None:
    if points > max_points:
        raise InputError(f"the design has {points:,} points, more than the maximum of {max_points:,}: "
                         "use fewer values or samples, or allow more with --max-runs")


def _check_variable(param: Param) -> None:
    if param.name in FIXED:
        raise InputError(f"parameter '{param.name}' cannot be varied (set it with --months)")


def _design_rng(root_seed: int) -> np.random.Generator:
    """The design's generator: a stream of the root seed apart from the replication seeds."""
    return np.random.default_rng(np.random.SeedSequence(root_seed, spawn_key=(DESIGN_STREAM,)))


def _cast(param: Param, x: Any) -> Any:
    if param.kind == "int":
        return int(np.floor(float(x) + 0.5))
    return float(x)


def _number(name: str, text: str) -> float:
    try:
        return float(text.replace("_", ""))
    except ValueError:
        raise InputError(f"--vary {name}: {text!r} is not a number") from None


def _count(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(f"--vary {name}: N = {text!r} is not an integer") from None


def _first_duplicate(names: list[str]) -> str:
    return next(n for n in names if names.count(n) > 1)
