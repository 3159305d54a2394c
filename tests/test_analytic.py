"""The simulation agrees with the representative-seller market and the mean-field population.

With heterogeneity switched off (genuine silk only, no switching; equal skill and no learning;
one mindset; no networks, firms or programmes; no rainy season; no shortage of cash, which the
representative seller does not know; no entry or retirement where the test is about the market), the long-run mean over 30 replications of the simulated price (Rp),
pieces sold a month and unsold share lies within 5 % of ``sim.analytic`` for no floor and two
binding floors; with entry and exit on, the simulated weavers after 240 months lie within 10 % of
the ODE's.  The analytic market is evaluated at the simulated mean number of active weavers (the
market given its sellers).  The unsold share compared is the share of potential pieces
(weavers * expected pieces) that find no buyer: in the simulation a weaver whose stock reaches
``stock_cap`` stops weaving, so excess supply shows as pieces not woven.  No floor gives an
analytic unsold share of 0, where the test allows 0.05 absolute.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stats import mean_ci
from sim import analytic
from sim.params import resolve
from sim.run import run_scenario

REPS = 30
MONTHS = 96
WINDOW = slice(48, MONTHS + 1)
HOMOGENEOUS = dict(
    n_weavers=250, genuine_share=1.0, switch_rate=0.0, skill_sd=0.0, skill_learning=0.0, weaver_age_sd=1.0,
    network_degree=0, mindset_mean=0.0, mindset_sd=0.0, n_firms=0, firm_tie_share=0.0, training_month=-1,
    training_seats=0, exhibition=0.0, rainy_factor=1.0, visibility_init=0.0, household_draw=0.01, cash_buffer=0,
)
NO_DEMOGRAPHY = dict(n_youth=0, retirement_age_max=120, low_income_exit=0.0)
STRICT = dict(floor_start_month=0, floor_enforcement=1.0, floor_penalty=50_000_000)
FLOORS = (0, 400_000, 500_000)


def market_agreement(floor: float, reps: int = REPS) -> dict:
    """Simulated (mean, low, high) and analytic price (Rp), pieces sold a month and unsold share."""
    values = dict(HOMOGENEOUS, **NO_DEMOGRAPHY, floor_price=floor, **(STRICT if floor else {}))
    params = resolve(dict(values, months=MONTHS))
    per_weaver = analytic.pieces_per_weaver(params)
    price, sold, unsold, weavers = [], [], [], []
    for seed in range(reps):
        run = run_scenario("baseline", seed=seed, months=MONTHS, **values).iloc[WINDOW]
        price.append(run.price_genuine.mean())
        sold.append(run.units_genuine.mean())
        unsold.append(1.0 - (run.units_genuine / (run.active_weavers * per_weaver)).mean())
        weavers.append(run.active_weavers.mean())
    state = analytic.market_state(params, float(np.mean(weavers)), floor)
    return {"price": (mean_ci(price), state.price), "sold": (mean_ci(sold), state.quantity),
            "unsold": (mean_ci(unsold), state.unsold_share)}


def population_agreement(reps: int = REPS, months: int = 240) -> tuple[tuple, float]:
    """Simulated (mean, low, high) and ODE weavers after ``months`` months, entry and exit on.

    Every weaver is a master (skill 0.85 >= master_skill), so apprenticeship seats do not bind,
    and graduates weave at the same skill; ages are nearly equal (sd 1 year) so that the
    retirement hazard at the mean age is the mean hazard.
    """
    values = dict(HOMOGENEOUS, skill_mean=0.85, graduate_skill=0.85, n_youth=600, youth_b0=-3.0)
    params = resolve(dict(values, months=months))
    sim = [run_scenario("baseline", seed=seed, months=months, **values).active_weavers.iloc[-1]
           for seed in range(reps)]
    return mean_ci(sim), float(analytic.solve_population(params).y[0, -1])


def test_closed_form_clearing_price_matches_the_numerical_root():
    params = resolve(dict(HOMOGENEOUS))
    for weavers in (100, 250, 1000):
        assert analytic.clearing_price(params, weavers) == pytest.approx(
            analytic.clearing_price_numeric(params, weavers), rel=1e-8)


def test_a_floor_above_the_clearing_price_rations_and_revenue_peaks_at_no_floor():
    params = resolve(dict(HOMOGENEOUS))
    free = analytic.market_state(params, 250, 0)
    floored = analytic.market_state(params, 250, 500_000)
    assert not free.binding and floored.binding
    assert floored.quantity < free.quantity and floored.unsold_share > 0.3
    best = analytic.best_floors(params, 250)
    assert best["revenue_max_floor"] == pytest.approx(free.price, rel=1e-6)


@pytest.mark.parametrize("floor", FLOORS)
def test_long_run_market_agrees_with_the_representative_seller(floor):
    result = market_agreement(floor)
    for name, ((mean, _, _), exact) in result.items():
        if name == "unsold" and exact < 0.05:
            assert abs(mean - exact) < 0.05, (name, mean, exact)
        else:
            assert mean == pytest.approx(exact, rel=0.05), (name, mean, exact)


def test_weavers_after_240_months_agree_with_the_population_ode():
    (mean, _, _), ode = population_agreement()
    assert mean == pytest.approx(ode, rel=0.10)
