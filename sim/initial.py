"""Initialisation (ODD 'Initialisation'): the weavers, youth and firms at month 0 (January).

Distributions are assumptions documented in docs/ODD.md; their centres and spreads are registry
parameters (docs/ODD.md §5).  Every draw comes from the generator passed in.
"""

from __future__ import annotations

import numpy as np

from .agents import NEVER, firm_table, weaver_table, youth_table
from .cash import opening_cash
from .market import GENUINE, IMITATION
from .population import Table

AGE_RANGE = (16.0, 85.0)
"""Years: ages of weavers at month 0 are clipped to this range."""


def beta_draws(rng: np.random.Generator, mean: float, n: int, concentration: float = 5.0) -> np.ndarray:
    """Beta-distributed values in [0,1] with the given mean."""
    m = float(np.clip(mean, 0.01, 0.99))
    return rng.beta(concentration * m, concentration * (1 - m), n)


def clipped_normal(rng, mean, sd, n, lo=0.0, hi=1.0) -> np.ndarray:
    return np.clip(rng.normal(mean, sd, n), lo, hi)


def expected_pieces(params: dict, skill, product) -> np.ndarray:
    """Pieces a month in the dry season for a weaver of this skill and product type."""
    w = params["skill_productivity"]
    speed = np.where(product == IMITATION, params["imitation_speedup"], 1.0)
    return params["pieces_full_skill"] * (1.0 - w + w * np.asarray(skill)) * speed


def thread_cost(params: dict, product) -> np.ndarray:
    """Thread cost of one piece of each weaver's product type, Rp."""
    return np.where(product == GENUINE, params["thread_cost_genuine"], params["thread_cost_imitation"])


def village_groups(village: np.ndarray, group_size: int) -> np.ndarray:
    """Weaver-group ids: consecutive weavers of a village form groups of ``group_size``."""
    first = np.searchsorted(village, village, side="left")
    within = (np.arange(village.size) - first) // group_size
    per_village = np.bincount(village, minlength=village.max() + 1 if village.size else 1)
    groups_per_village = -(-per_village // group_size)
    offset = np.concatenate([[0], np.cumsum(groups_per_village)[:-1]])
    return offset[village] + within


def create_weavers(rng: np.random.Generator, params: dict) -> Table:
    """The weavers of month 0, numbered village by village."""
    n = params["n_weavers"]
    table = weaver_table()
    village = np.sort(rng.integers(0, params["n_villages"], n))
    age = clipped_normal(rng, params["weaver_age_median"], params["weaver_age_sd"], n, *AGE_RANGE)
    skill = clipped_normal(rng, params["skill_mean"] + params["skill_per_year_of_age"] * (age - params["weaver_age_median"]),
                           params["skill_sd"], n, 0.05, 1.0)
    product = np.where(rng.random(n) < params["genuine_share"], GENUINE, IMITATION)
    base_price = np.where(product == GENUINE, params["price_genuine_init"], params["price_imitation_init"])
    price = base_price * np.exp(params["price_skill_spread"] * (skill - skill.mean()))
    pieces = expected_pieces(params, skill, product)
    income = pieces * (price - thread_cost(params, product))
    n_firms = params["n_firms"]
    tied = (rng.random(n) < params["firm_tie_share"]) & (n_firms > 0)
    firm = np.where(tied, rng.integers(0, max(n_firms, 1), n), -1)
    table.append(
        n, active=True, age=age, village=village,
        group=village_groups(village, params["group_size"]),
        skill_base=skill, genuine=product == GENUINE,
        trust=clipped_normal(rng, params["trust_init"], params["trust_sd"], n),
        understanding=clipped_normal(rng, params["understanding_init"], params["understanding_sd"], n),
        mindset=clipped_normal(rng, params["mindset_mean"], params["mindset_sd"], n),
        price=price, stock=1, income=income, income_avg=income, firm=firm, cash=opening_cash(income, params),
        last_contact=NEVER, informed=NEVER, joined=NEVER, invited_at=NEVER,
        detect_belief=0.0,
        entered=-np.round((age - AGE_RANGE[0]) * 12), progress=rng.random(n),
    )
    return table


def youth_cohort(rng: np.random.Generator, params: dict, n: int, ages: np.ndarray) -> dict:
    """Column values for ``n`` youth of the given ages, spread over the villages."""
    return dict(active=True, age=ages, village=rng.integers(0, params["n_villages"], n),
                interest=beta_draws(rng, params["youth_interest_mean"], n), apprentice=False,
                months_done=0, duration=0, mentor=-1, entered=NEVER)


def create_youth(rng: np.random.Generator, params: dict) -> Table:
    """The youth (15-29) of the weaving villages at month 0."""
    n = params["n_youth"]
    table = youth_table()
    table.append(n, **youth_cohort(rng, params, n, rng.uniform(15.0, 30.0, n)))
    return table


def create_firms(rng: np.random.Generator, params: dict) -> Table:
    """The firms (UMKM/IKM and collectors) at month 0."""
    n = params["n_firms"]
    table = firm_table()
    quality = rng.uniform(params["firm_quality_min"], params["firm_quality_max"], n)
    table.append(
        n, quality=quality, digital=beta_draws(rng, params["firm_digital_mean"], n),
        licensed=rng.random(n) < params["firm_licensed_share"], certified=False,
        regional=quality > params["firm_regional_quality"],
        trust=clipped_normal(rng, params["trust_init"], params["trust_sd"], n),
        understanding=clipped_normal(rng, params["understanding_init"], params["understanding_sd"], n),
        last_contact=NEVER,
        joined=NEVER, detect_belief=0.0, undercut=False, caught=False,
    )
    return table
