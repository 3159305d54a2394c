"""The six patterns the baseline must reproduce (MODEL.md s1), over 30 replications.

Each test states the pattern, its source and the tolerance.  Annual figures average the 12
months of the tenth year (months 109-120) so that the rainy season does not decide the result.
"""

from __future__ import annotations

import numpy as np

LAST_YEAR = range(109, 121)


def last_year(runs, column):
    """Per replication, the mean of ``column`` over the tenth year."""
    return runs[runs.month.isin(LAST_YEAR)].groupby("rep")[column].mean()


def at(runs, month, column):
    return runs[runs.month == month].set_index("rep")[column]


def test_pattern1_weavers_fall_and_age_rises(baseline_runs):
    """Seed 000 (weaver numbers falling, youth not interested); Wajo 5,000 -> 2,000.

    Tolerance: in every replication fewer active weavers after 10 years than at the start, the
    mean at least 10 % lower; median age at least 3 years higher on average."""
    start, end = at(baseline_runs, 0, "active_weavers"), at(baseline_runs, 120, "active_weavers")
    assert (end < start).all()
    assert end.mean() <= 0.9 * start.mean()
    age0, age10 = at(baseline_runs, 0, "median_age"), at(baseline_runs, 120, "median_age")
    assert (age10 - age0).mean() >= 3.0


def test_pattern2_income_well_below_minimum_wage(baseline_runs):
    """Mean weaver income stays well below the UMP of West Sulawesi (Rp 3,104,430/month).

    Tolerance: net income below half the UMP in every replication; gross sales per weaver between
    Rp 0.6 and 1.8 million a month (observed 0.9-1.8 million for genuine silk; the model's mean
    includes the lower-earning mixed-thread weavers)."""
    assert (last_year(baseline_runs, "income_to_ump") < 0.5).all()
    gross = last_year(baseline_runs, "weaver_gross_mean")
    assert 600_000 <= gross.mean() <= 1_800_000


def test_pattern3_genuine_silk_about_twice_imitation(baseline_runs):
    """Genuine silk sells at about twice the price of mixed/imitation sarongs (ratio 1.5-2.5)."""
    ratio = last_year(baseline_runs, "price_genuine") / last_year(baseline_runs, "price_imitation")
    assert ratio.between(1.5, 2.5).all()
    genuine = last_year(baseline_runs, "price_genuine")
    assert genuine.between(300_000, 600_000).mean() >= 0.9


def test_pattern4_participation_is_low(baseline_runs):
    """Seeds 000, 001, 004: low active participation.  Tolerance: under half of those invited in
    the last year took part, in the mean and in at least 90 % of replications.  (The effect size
    and fading of training are tested in test_mechanisms.py.)"""
    part = at(baseline_runs, 120, "participation")
    assert part.mean() < 0.5
    assert (part < 0.5).mean() >= 0.9


def test_pattern5_commitment_is_the_weakest_process_indicator(baseline_runs):
    """Seed 000: of the five Ansell & Gash indicators, commitment to process is the weakest.

    Tolerance: weakest in the mean over the tenth year and in at least 80 % of replications."""
    names = ["ag_dialogue", "ag_trust", "ag_commitment", "ag_understanding", "ag_outcomes"]
    means = {n: last_year(baseline_runs, n) for n in names}
    table = np.column_stack([means[n] for n in names])
    weakest = np.array(names)[table.argmin(axis=1)]
    assert (weakest == "ag_commitment").mean() >= 0.8
    assert min(names, key=lambda n: means[n].mean()) == "ag_commitment"


def test_pattern6_production_dips_in_rainy_months(baseline_runs):
    """Production dips in the rainy months, December to March (the thread sticks).

    Tolerance: mean pieces made in rainy months at most 80 % of the dry months' mean, in every
    calendar year after the first (the first year is the model's burn-in from its initial stock)."""
    runs = baseline_runs[(baseline_runs.month >= 12) & (baseline_runs.month < 120)].copy()
    runs["rainy"] = (runs.month % 12).isin([11, 0, 1, 2])
    runs["year"] = runs.month // 12
    by_year = runs.groupby(["year", "rainy"]).units_produced.mean().unstack()
    assert (by_year[True] <= 0.8 * by_year[False]).all()
