"""An agent-based model of collaboration around craft UMKM (Mandar silk, Polewali Mandar).

``CraftModel`` is the Mesa model; ``run_scenario`` runs a scenario as a function and returns the
monthly outcomes; ``PARAMS`` is the parameter registry.
"""

from .model import CraftModel
from .outcomes import OUTCOMES
from .params import PARAMS, REGISTRY, InputError
from .run import run_scenario, simulate
from .scenarios import list_scenarios, load_scenario

__all__ = ["CraftModel", "OUTCOMES", "PARAMS", "REGISTRY", "InputError", "run_scenario", "simulate",
           "list_scenarios", "load_scenario"]
