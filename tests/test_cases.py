"""The five source cases as scenarios, checked against what each study found.

30 replications (seeds 0..29, common to every configuration) at 10 years; annual figures average
the tenth year (months 109-120).  Measures and tolerances live in ``analysis/validation.py``,
which ``docs/make_validation.py`` also uses, so ``docs/validation.md`` reports exactly what these
tests check.  Every case runs at its own size.
"""

from __future__ import annotations

import pytest

from analysis.validation import FINDING, indicator_table


def check(key, runs):
    measures, ok, detail = FINDING[key].check(runs)
    summary = "; ".join(f"{m.label} {m.summary()}" for m in measures)
    assert ok, f"{FINDING[key].statement}: {detail}; {summary}"


@pytest.mark.xfail(strict=True, reason="a finding: with intermediate outcomes measured against invited "
                   "non-participants, ag_outcomes (mean 0.54) falls below 0.5 in over a third of the "
                   "replications, so 4 of 5 are achieved in about 73 %, not 80 % (docs/validation.md)")
def test_polewali_commitment_weakest_and_four_of_five(case_runs):
    """Tuzzahra et al. (2026), Polewali Mandar silk: four of the five Ansell & Gash indicators run well;
    commitment to process (consistent training and mentoring) does not.

    Tolerance: ag_commitment is the weakest indicator in >= 80 % of replications; ag_achieved
    (threshold 0.5, tenth-year mean) averages 3.5-4.5 and rounds to 4 in >= 80 %."""
    check("polewali", case_runs)


KNOWN_MISSES = {"tumang_no_youth": {"ds_trust"}}
"""Indicators on which model and study are known to disagree, each a finding in docs/validation.md."""


@pytest.mark.parametrize("key", ["baseline", "kotagede", "tumang_no_youth"])
def test_each_indicator_the_study_names_is_achieved_as_it_found(key, case_runs):
    """Tuzzahra et al. (2026) for Polewali Mandar (Ansell & Gash) and Indrawati & Pambudi (n.d.) for
    Kotagede (DeSeve): every indicator the study names is achieved in most of the 30 replications
    exactly when the study found it achieved (commitment to process weak in Polewali; all eight
    run quite well in Kotagede; in Tumang all but trust and distributive accountability).  In
    Tumang the model achieves trust, which the study finds weak: that one indicator is
    expected to disagree, and the test checks every other."""
    table = indicator_table(case_runs, key)
    wrong = table[~table.agrees]
    assert set(wrong.indicator) == KNOWN_MISSES.get(key, set()), wrong[["indicator", "study", "achieved_share"]].to_string()


def test_sangatta_csr_keeps_skill_and_trainees_produce(case_runs):
    """Saputra et al. (2023), Sangatta batik: PT KPC monitors monthly and makes trainees practise, so trainees
    keep their skill and can make and sell their own batik; one department does not follow up.

    Compared with the same scenario without the CSR partner (csr_budget = 0), same seeds: trained
    skill still held by active trainees, and the number of active trainees who made and sold
    pieces in the month (tenth-year means).  Tolerance: both differences have a 95 % interval
    above 0; skill held higher in >= 80 % of replications, more producing trainees in >= 70 %."""
    check("sangatta", case_runs)


@pytest.mark.xfail(strict=True, reason="a finding: the artisans decide to take part by the registry's rule "
                   "and take part more often than the study reports (participation about 0.53, docs/"
                   "validation.md); the scenario no longer lowers their participation intercept to match")
def test_kotagede_network_runs_well_with_passive_artisans(case_runs):
    """Indrawati & Pambudi (n.d.), Kotagede silver: all eight DeSeve indicators "run quite well", yet the artisans
    take little active part in the programmes.

    Tolerance: ds_achieved (threshold 0.5, tenth-year mean) >= 7 on average and >= 7 (rounded)
    in >= 80 % of replications; participation < 0.5 on average and in >= 80 %."""
    check("kotagede", case_runs)


@pytest.mark.xfail(strict=True, reason="a finding: by indicator 7 of 8 agree (docs/validation.md); the model "
                   "achieves trust, which the study finds weak, so it achieves 7, not 6: its trust is trust "
                   "in the dinas, built by visits and forums, and it has no trust among the IKM, whose "
                   "closedness about their sales the study blames")
def test_tumang_six_of_eight_deseve(case_runs):
    """Lasmana & Ratminto (n.d.), Tumang metal crafts: 6 of 8 DeSeve indicators achieved "fairly well" (network,
    commitment to a common purpose, governance, access to authority, information sharing, access
    to resources), before any youth programme (youth_programme = 0).

    Tolerance: ds_achieved (threshold 0.5, tenth-year mean) averages 5.5-6.5 and rounds to 6 in
    >= 70 % of replications."""
    check("tumang_deseve", case_runs)


def test_tumang_youth_education_regenerates(case_runs):
    """Lasmana & Ratminto (n.d.), Tumang: the study recommends basic craft education for local youth against the
    regeneration problem.  With the programme, entrants over ten years and the tenth-year share of
    craftsmen under 35 are higher than without it (same seeds).

    Tolerance: the 95 % interval of both paired differences lies above 0."""
    check("tumang_youth", case_runs)


def test_bekasi_certification_and_digital_marketing_raise_quality_and_reach(case_runs):
    """Bintarti & Enjelina (n.d.), Bekasi UMKM: quality is the barrier; certification, procurement and digital
    marketing let products compete beyond the local market.

    Compared with the baseline, same seeds: firms_beyond_local and mean_quality (tenth-year
    means).  Tolerance: both differences have a 95 % interval above 0 and are positive in >= 80 %
    of replications."""
    check("bekasi", case_runs)
