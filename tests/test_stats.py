"""Comparison statistics against hand-computed values, and the replication stopping rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import compare_stats as cs

T3 = 3.182446305284263  # t quantile 0.975 with 3 degrees of freedom (tables)
T4 = 2.7764451051977987  # ... with 4 degrees of freedom


def small_table() -> pd.DataFrame:
    """Four replications of two scenarios, rows shuffled; perda - baseline = -2, -1, -2, -3."""
    rows = [
        ("perda", 2, 9.0), ("baseline", 0, 10.0), ("baseline", 3, 13.0), ("perda", 0, 8.0),
        ("baseline", 1, 12.0), ("perda", 3, 10.0), ("baseline", 2, 11.0), ("perda", 1, 11.0),
    ]
    return pd.DataFrame(rows, columns=["scenario", "rep", "active_weavers"])


def test_mean_ci_matches_hand_computation():
    mean, low, high = cs.mean_ci([1, 2, 3, 4, 5])
    half = T4 * math.sqrt(2.5) / math.sqrt(5)  # sd of 1..5 is sqrt(2.5)
    assert mean == 3
    assert (low, high) == pytest.approx((3 - half, 3 + half), rel=1e-12)
    assert (low, high) == pytest.approx((1.036757, 4.963243), abs=1e-6)


def test_mean_ci_of_one_value_has_no_interval():
    mean, low, high = cs.mean_ci([7.0, np.nan])
    assert mean == 7.0 and math.isnan(low) and math.isnan(high)


def test_paired_difference_matches_hand_computation():
    row = cs.paired_differences(small_table(), "active_weavers", reference="baseline").iloc[0]
    sd = math.sqrt(2 / 3)  # differences -2, -1, -2, -3 around their mean -2
    half = T3 * sd / math.sqrt(4)
    assert row["scenario"] == "perda" and row["n"] == 4
    assert row["ref_mean"] == 11.5 and row["mean"] == 9.5
    assert row["diff"] == pytest.approx(-2.0)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((-2 - half, -2 + half), rel=1e-12)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((-3.299228, -0.700772), abs=1e-6)
    assert (row["rel"], row["rel_low"], row["rel_high"]) == pytest.approx(
        (-2 / 11.5, (-2 - half) / 11.5, (-2 + half) / 11.5), rel=1e-12)
    assert row["relative"]
    assert row["d_z"] == pytest.approx(-2 / sd, rel=1e-12)
    assert row["p"] == pytest.approx(2 * stats.t.sf(2 / (sd / 2), 3), rel=1e-9)
    assert row["p"] == pytest.approx(0.0162766, abs=1e-6)


def test_paired_difference_picks_the_month_of_a_timeseries():
    table = small_table()
    noise = table.assign(month=0, active_weavers=table["active_weavers"] * 100)
    frame = pd.concat([noise, table.assign(month=24)], ignore_index=True)
    row = cs.paired_differences(frame, "active_weavers", month=24, reference="baseline").iloc[0]
    assert row["month"] == 24 and row["diff"] == pytest.approx(-2.0)


def test_reference_defaults_to_the_first_scenario_in_the_frame():
    row = cs.paired_differences(small_table(), "active_weavers").iloc[0]
    assert row["scenario"] == "baseline" and row["diff"] == pytest.approx(2.0)


def test_reference_near_zero_gives_absolute_difference_only():
    frame = pd.DataFrame({"scenario": ["baseline"] * 3 + ["perda"] * 3, "rep": [0, 1, 2] * 2,
                          "floor_compliance": [0.0, 0.01, 0.0, 0.6, 0.7, 0.65]})
    row = cs.paired_differences(frame, "floor_compliance").iloc[0]
    assert not row["relative"]
    assert row["diff"] == pytest.approx(0.6466667, abs=1e-6)


def test_negative_reference_mean_gives_absolute_difference_only():
    frame = pd.DataFrame({"scenario": ["a"] * 3 + ["b"] * 3, "rep": [0, 1, 2] * 2,
                          "weaver_income_mean": [-100.0, -120.0, -110.0, -90.0, -100.0, -95.0]})
    row = cs.paired_differences(frame, "weaver_income_mean").iloc[0]
    assert not row["relative"] and row["diff"] == pytest.approx(15.0)
    assert row["rel_low"] < row["rel"] < row["rel_high"]  # still ordered, for whoever uses them


def test_constant_difference_has_no_effect_size_or_p():
    frame = pd.DataFrame({"scenario": ["a"] * 3 + ["b"] * 3, "rep": [0, 1, 2] * 2,
                          "price_genuine": [0.1, 0.2, 0.3, 0.3, 0.4, 0.5]})
    row = cs.paired_differences(frame, "price_genuine").iloc[0]
    assert row["diff"] == pytest.approx(0.2)
    assert math.isnan(row["d_z"]) and math.isnan(row["p"])


def test_band_per_group_and_month():
    frame = pd.DataFrame({"scenario": ["a"] * 5, "month": [0] * 5, "x": [1, 2, 3, 4, 5]})
    band = cs.band(frame, "x").iloc[0]
    assert band["n"] == 5 and band["mean"] == 3
    assert band["ci_high"] == pytest.approx(3 + T4 * math.sqrt(2.5) / math.sqrt(5))


@pytest.mark.parametrize("months, expected", [(24, [24]), (90, [60, 90]), (120, [60, 120]),
                                              (240, [60, 120, 240]), (300, [60, 120, 240])])
def test_horizons_are_5_10_20_years_capped(months, expected):
    assert cs.horizons(months) == expected


# ---- the replication rule ----------------------------------------------------------------------

def T(n: int) -> float:
    """The 95 % two-sided t quantile for n observations."""
    return stats.t.ppf(0.975, n - 1)


def alternating(n: int) -> np.ndarray:
    """100 + 10, 100 - 10, ...: half-widths shrink predictably with n."""
    return 100 + 10 * (-1.0) ** np.arange(n)


def first_precise(values: np.ndarray, rel: float, min_reps: int) -> int:
    """The first n at which the 95 % half-width is within ``rel`` of the mean (by hand)."""
    for n in range(min_reps, len(values) + 1):
        x = values[:n]
        if T(n) * x.std(ddof=1) / math.sqrt(n) <= rel * abs(x.mean()):
            return n
    raise AssertionError("never precise")


def test_should_stop_exactly_where_the_rule_says():
    values = alternating(40)
    expected = first_precise(values, 0.05, 3)
    assert expected == 19  # hand check: t(18) * 10.27 / sqrt(19) = 4.945 <= 5.03 while n = 18 gives 5.12 > 5
    decisions = []
    for n in range(2, 30):
        frame = pd.DataFrame({"scenario": "baseline", "rep": range(n), "active_weavers": values[:n],
                              "median_age": 50.0})
        stop, info = cs.should_stop(frame, ["active_weavers", "median_age"], rel_precision=0.05)
        decisions.append((n, stop, info["reason"]))
    first = next(n for n, stop, _ in decisions if stop)
    assert first == expected
    assert all(reason == "precision" for n, stop, reason in decisions if n >= expected)


def test_should_stop_waits_for_every_scenario_and_reports_the_worst():
    precise = pd.DataFrame({"scenario": "baseline", "rep": range(6), "x": 100.0 + np.arange(6) * 0.01})
    noisy = pd.DataFrame({"scenario": "perda", "rep": range(6), "x": alternating(6)})
    stop, info = cs.should_stop(pd.concat([precise, noisy]), ["x"])
    assert not stop and info["reason"] == "continue" and info["reps"] == 6
    assert info["worst"]["scenario"] == "perda"
    sd = alternating(6).std(ddof=1)
    assert info["reps_needed"] == next(n for n in range(2, 200) if T(n) * sd / math.sqrt(n) <= 5) == 21


def test_should_stop_at_max_reps():
    frame = pd.DataFrame({"scenario": "a", "rep": range(5), "x": alternating(5)})
    stop, info = cs.should_stop(frame, ["x"], max_reps=5)
    assert stop and info["reason"] == "max_reps"


def test_should_stop_needs_min_reps_even_for_constant_outcomes():
    frame = pd.DataFrame({"scenario": "a", "rep": range(2), "x": [1.0, 1.0]})
    assert cs.should_stop(frame, ["x"])[0] is False
    assert cs.should_stop(pd.concat([frame, frame.iloc[[0]]]), ["x"])[0] is True


def test_reps_needed_from_a_pilot():
    pilot = alternating(10)  # mean 100, sd 10.54
    sd = pilot.std(ddof=1)
    by_hand = next(n for n in range(2, 200) if T(n) * sd / math.sqrt(n) <= 5)
    assert cs.reps_needed({"active_weavers": pilot}) == by_hand == 20
    assert cs.reps_needed({"x": [1.0, 1.0], "y": pilot}, rel_precision=0.5) == 3  # 4.30 * 10.54 / 1.73 <= 50
    assert cs.reps_needed({"zero_mean": [-1.0, 1.0]}, max_reps=50) == 50


def test_annual_means_average_the_twelve_months_of_the_year_per_run():
    from analysis.compare_stats import annual_means

    months = np.arange(0, 25)
    frame = pd.DataFrame({"scenario": "a", "rep": np.repeat([0, 1], months.size),
                          "month": np.tile(months, 2), "x": np.tile(months * 1.0, 2) + np.repeat([0, 100], months.size)})
    year2 = annual_means(frame, 2, ["x"])
    assert year2["x"].tolist() == [18.5, 118.5]          # months 13..24, not month 24 alone
    assert annual_means(frame, 3, ["x"]).empty            # a year the run does not reach is absent


def test_summary_intervals_keep_to_the_values_an_outcome_can_take():
    """Two replications of a rare count (0 and 1 new weavers) give a t-interval reaching far below
    zero; a share near 1 one reaching above 1: summary.csv cuts them, and leaves open what can be negative."""
    from analysis.stats import summarise

    final = pd.DataFrame({"scenario": "s", "entrants": [0.0, 1.0], "local_market_share": [0.99, 1.0],
                          "revenue_total": [-5.0, 5.0]})
    rows = summarise(final, ["scenario"], ["entrants", "local_market_share", "revenue_total"]).set_index("outcome")
    assert rows.loc["entrants", "ci_low"] == 0 and rows.loc["entrants", "ci_high"] > 1
    assert rows.loc["local_market_share", "ci_high"] == 1 and rows.loc["local_market_share", "ci_low"] < 0.99
    assert rows.loc["revenue_total", "ci_low"] < -5
