"""The model's parameters as Mesa's typed ``Scenario``, generated from the parameter registry.

``CraftScenario`` has one annotated field per registry parameter with its default, so Mesa's own
tools (SolaraViz, batch runs) see every parameter; every value is checked by the registry when a
scenario is made, and its ``rng`` is checked as a seed.
"""

from __future__ import annotations

import numbers

import numpy as np
from mesa.experimental.scenarios import Scenario

from .params import PARAMS, InputError, resolve


def check_rng(rng) -> None:
    """An :class:`InputError` naming ``rng`` unless it is None, a whole number of at least 0, or a
    numpy Generator, BitGenerator or SeedSequence (what Mesa and numpy take as a seed)."""
    if rng is None or isinstance(rng, (np.random.Generator, np.random.BitGenerator, np.random.SeedSequence)):
        return
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)) and rng >= 0:
        return
    raise InputError(f"rng = {rng!r} is not a seed: a whole number of at least 0, or a numpy Generator")


def _scenario_class() -> type[Scenario]:
    """Mesa's typed Scenario for this model, generated from the parameter registry: one annotated
    field per parameter with its registry default, so Mesa's tools (SolaraViz, batch runs) see
    every parameter, and every value is checked by the registry when a scenario is made."""
    kinds = {"float": float, "int": int, "bool": bool, "choice": str}

    def __init__(self, *, rng=None, **params):
        check_rng(rng)
        Scenario.__init__(self, rng=rng, **resolve(params))

    namespace = {p.name: p.default for p in PARAMS}
    namespace.update(__annotations__={p.name: kinds[p.kind] for p in PARAMS}, __init__=__init__,
                     __module__=__name__, __qualname__="CraftScenario", __doc__=(
                         "Every registry parameter of the craft model, with its default (see "
                         "``sim.params``); ``rng`` is the seed. Unknown names and bad values raise "
                         "``InputError``."))
    return type("CraftScenario", (Scenario,), namespace)


CraftScenario = _scenario_class()
