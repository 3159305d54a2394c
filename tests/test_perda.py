"""Economics of the minimum-price Perda (docs/ODD.md §7 "Price floor"), common random numbers.

Every comparison runs the same seeds with and without the floor (n_weavers 250, money in Rp,
time in months).  That a non-binding floor changes nothing is tested in
tests/test_mechanisms.py::test_a_floor_far_below_market_prices_changes_nothing.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.run import run_scenario

REPS = 30
SMALL = dict(n_weavers=250)
FLOOR = dict(floor_price=1_000_000, floor_start_month=12)
STRICT = dict(FLOOR, floor_enforcement=1.0, floor_penalty=5_000_000)
WEAK = dict(FLOOR, floor_enforcement=0.1, floor_penalty=500_000, floor_norm_cost=0)


def runs(months: int, reps: int = REPS, **values) -> list:
    return [run_scenario("baseline", seed=seed, months=months, **SMALL, **values) for seed in range(reps)]


def window_mean(frames, column: str, window: slice) -> np.ndarray:
    return np.array([f[column].iloc[window].mean() for f in frames])


@pytest.fixture(scope="module")
def sixty():
    """Baseline, strict and weak floors, 60 months, seeds 0..29."""
    return {"free": runs(60), "strict": runs(60, **STRICT), "weak": runs(60, **WEAK)}


def test_a_binding_strictly_enforced_floor_lowers_genuine_sales_and_raises_unsold_share(sixty):
    late = slice(24, 61)
    free, strict = sixty["free"], sixty["strict"]
    sold_gap = window_mean(strict, "units_genuine", late) - window_mean(free, "units_genuine", late)
    unsold_gap = window_mean(strict, "unsold_share", late) - window_mean(free, "unsold_share", late)
    assert (sold_gap < 0).mean() > 0.9 and sold_gap.mean() < -0.3 * window_mean(free, "units_genuine", late).mean()
    assert (unsold_gap > 0).mean() > 0.9 and unsold_gap.mean() > 0.05


def test_weak_enforcement_shows_undercutting(sixty):
    late = slice(24, 61)
    assert window_mean(sixty["weak"], "floor_compliance", late).mean() < 0.5
    assert window_mean(sixty["strict"], "floor_compliance", late).mean() > 0.8


def test_producers_escape_a_floor_that_prices_genuine_silk_out_by_switching_thread(sixty):
    free, strict = sixty["free"], sixty["strict"]
    share_gap = (np.array([f.genuine_weaver_share.iloc[-1] for f in strict])
                 - np.array([f.genuine_weaver_share.iloc[-1] for f in free]))
    assert share_gap.mean() < -0.05 and (share_gap < 0).mean() > 0.8


def test_a_floor_rent_is_dissipated_when_entry_responds():
    """de Janvry, McIntosh and Sadoulet (2015): free entry dissipates a floor's rent.

    Design: demand made price-inelastic (every segment's price sensitivity 0.7), with the market
    resized so that today's genuine price still clears (``analytic.demand_scale_for``; otherwise
    inelastic buyers would bid prices far above the floor before it starts), so that a floor of
    Rp 1,000,000, strictly enforced from month 12, raises income per weaver at first; youth entry
    made common (youth_b0 = -2).  Gain = income per weaver (Rp/month) with the floor minus
    without it, same seeds (15 replications, 120 months: the late gains differ by about Rp 200,000
    a month between the two entry responses, far beyond their noise).  The gain in years 2-3 (months 13-36)
    is positive whatever the entry response; when youth entry responds strongly to craft income
    (youth_b_income 12) it shrinks by years 9-10 (months 97-120), and it is then smaller than when
    entry does not respond (0; without an entry response nothing dissipates the rent).
    """
    from sim import analytic
    from sim.params import resolve

    inelastic = dict(price_sens_local=0.7, price_sens_regional=0.7, price_sens_national=0.7, youth_b0=-2.0)
    today = analytic.two_type_prices(resolve(SMALL))["price_genuine"]
    inelastic["demand_scale"] = analytic.demand_scale_for(resolve({**SMALL, **inelastic}), today)
    early, late = slice(13, 37), slice(97, 121)
    gains = {}
    for b in (0.0, 12.0):
        free = runs(120, reps=15, youth_b_income=b, **inelastic)
        floor = runs(120, reps=15, youth_b_income=b, floor_price=1_000_000, floor_enforcement=1.0,
                     floor_penalty=20_000_000, **inelastic)
        gains[b] = {name: (window_mean(floor, "weaver_income_mean", w) - window_mean(free, "weaver_income_mean", w)).mean()
                    for name, w in (("early", early), ("late", late))}
    for b in gains:
        assert gains[b]["early"] > 0
    assert gains[12.0]["late"] < gains[12.0]["early"]
    assert gains[12.0]["late"] < gains[0.0]["late"]


def test_enforcement_is_work_four_officers_can_do():
    """Inspections are bounded by staff time and budget (sim/floor.py): with the default four
    officers, perda_staff_share 0.25 and 40 inspections an officer-month, full enforcement makes
    at most 4 x 0.25 x 40 = 40 inspections a month; nobody is fined uninspected; without staff or
    without budget there are no inspections and no fines; fines are bounded by law."""
    import pytest

    from sim.params import InputError

    perda = dict(SMALL, floor_price=1_000_000, floor_start_month=3, floor_penalty=2_000_000)
    for seed in range(3):
        full = run_scenario("baseline", seed=seed, months=24, floor_enforcement=1.0, **perda)
        on = full[full.floor_active == 1]
        assert (on.inspections <= 40).all() and on.inspections.max() == 40
        assert (full.fines <= full.inspections).all() and (on.fines > 0).any()
        assert (full.fines_rp == full.fines * 2_000_000).all()
        assert (full[full.floor_active == 0].inspections == 0).all()
        half = run_scenario("baseline", seed=seed, months=24, floor_enforcement=0.5, **perda)
        assert half[half.floor_active == 1].inspections.max() == 20
        for nobody in (dict(dinas_staff=0), dict(dinas_budget=0)):
            idle = run_scenario("baseline", seed=seed, months=24, floor_enforcement=1.0, **perda, **nobody)
            assert idle.inspections.sum() == 0 and idle.fines.sum() == 0
    with pytest.raises(InputError, match="floor_penalty"):
        run_scenario("baseline", months=1, floor_penalty=60_000_000)


def test_no_first_month_jump_when_the_floor_starts():
    """Sellers' first expectations at the floor come from the market they know (sim/floor.py,
    first_beliefs), not from an assumption that every piece sells: under zero enforcement the
    floor's first month is not a month of full compliance but near the months that follow
    (before: 1.0 in the first month, about 0.02 after)."""
    first, after = [], []
    for seed in range(8):
        frame = run_scenario("baseline", seed=seed, months=30, floor_enforcement=0.0, **SMALL, **FLOOR)
        compliance = frame.set_index("month").floor_compliance
        start = FLOOR["floor_start_month"]
        first.append(compliance[start])
        after.append(compliance[start + 1:start + 13].mean())
    assert np.mean(first) < 0.4
    assert abs(np.mean(first) - np.mean(after)) < 0.25


def _at_floor_month(**values):
    """A model stepped into the floor's first month (month 2), so that the month's pricing can
    be redone for the checks."""
    from sim import CraftModel

    model = CraftModel(rng=3, **SMALL, months=12, **{**FLOOR, "floor_start_month": 2, **values})
    for _ in range(2):
        model.step()
    return model


def test_firms_decide_for_all_their_weavers_pieces():
    """The floor binds the sale to the buyer (docs/ODD.md s7.5): a firm decides for all its
    weavers' genuine pieces, so every bound weaver of one firm is either at the floor or below it
    with the firm; independent weavers decide for themselves.  Firms are inspected and fined too,
    never uninspected, and fines never exceed inspections."""
    from sim import CraftModel

    model = CraftModel(rng=5, **SMALL, months=36, firm_tie_share=0.6, floor_enforcement=1.0, **FLOOR)
    firm_fines = 0
    for _ in range(36):
        model.step()
        if not model.now.floor_on:
            continue
        w, f, offers = model.weavers, model.firms, model.now.offers
        selling = w.active & w.genuine & (offers.units > 0)
        below = selling & (offers.price < FLOOR["floor_price"])
        for firm in range(len(f)):
            ours = w.firm == firm
            assert not (below[ours].any() and model.now.at_floor[ours].any()), f"firm {firm} both complied and undercut"
            assert below[ours].any() == bool(f.undercut[firm] and below[ours].any())
            assert not w.undercut[ours].any(), "a tied weaver decided for itself"
        assert not (f.caught & ~f.undercut).any()
        firm_fines += int(f.caught.sum())
        assert model.now.flow["fines"] <= model.now.flow["inspections"]
    assert firm_fines > 0, "no firm was ever caught under full enforcement"


def test_a_collectors_buying_price_is_where_the_floor_can_hide():
    """A complying firm sells at the floor; what its weaver receives is the weaver's own price
    plus floor_pass_through of what the firm added (docs/ODD.md s7.5).  With pass-through 0 the
    weaver's price per piece is untouched by the floor; with 1 the weaver gets all of it."""
    from sim import floor

    for share in (0.0, 0.5, 1.0):
        model = _at_floor_month(firm_tie_share=0.8, floor_norm_cost=1e8, floor_pass_through=share)
        offered = model.weavers.stock + 1
        own = model.weavers.price.copy()
        received, price, _ = floor.price_under_floor(model, offered)
        at = model.now.at_floor & (model.weavers.firm >= 0)
        assert at.any()
        assert (price[at] == FLOOR["floor_price"]).all()
        marked_up = own[at] * (1 + model.p["firm_markup"])
        np.testing.assert_allclose(received[at], own[at] + share * (FLOOR["floor_price"] - marked_up))
        alone = model.now.at_floor & (model.weavers.firm < 0)
        assert (received[alone] == FLOOR["floor_price"]).all()
