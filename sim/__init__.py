"""An agent-based model of collaboration around craft UMKM (Mandar silk, Polewali Mandar).

``CraftModel`` is the Mesa model; ``run_scenario`` runs a scenario as a function and returns the
monthly outcomes; ``PARAMS`` is the parameter registry.  The model and Mesa are imported on first
use, so that reading parameters and scenarios (``run_experiments.py params``) stays quick.
"""

from .outcomes import OUTCOMES
from .params import PARAMS, REGISTRY, InputError
from .scenarios import list_scenarios, load_scenario

_LAZY = {"CraftModel": "model", "CraftScenario": "craft_scenario", "run_scenario": "run", "simulate": "run"}

__all__ = ["CraftModel", "CraftScenario", "OUTCOMES", "PARAMS", "REGISTRY", "InputError", "run_scenario", "simulate",
           "list_scenarios", "load_scenario"]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
