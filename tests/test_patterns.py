"""The six patterns the baseline must reproduce (docs/ODD.md §1), over 30 replications.

Each pattern's statement, source, measure and tolerance live once, in ``analysis/validation.py``
(``FINDINGS``), which ``docs/make_validation.py`` also reports in ``docs/validation.md``; these
tests check the same measurement.  Annual figures average the 12 months of the tenth year
(months 109-120) so that the rainy season does not decide the result.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.validation import FINDING, MONTHS

PATTERNS = [key for key in FINDING if key.startswith("pattern")]


def _no_decline(b: pd.DataFrame) -> pd.DataFrame:
    start = b[b.month == 0].set_index("rep").active_weavers
    return b.assign(active_weavers=b.rep.map(start))


def _rainless(b: pd.DataFrame) -> pd.DataFrame:
    dry = b[~(b.month % 12).isin([11, 0, 1, 2])].groupby("rep").units_produced.mean()
    return b.assign(units_produced=b.rep.map(dry))


ABSENT = {
    # pattern: the baseline runs changed so that the pattern is not there
    "pattern1": _no_decline,
    "pattern2": lambda b: b.assign(income_to_ump=b.income_to_ump + 0.6),
    "pattern3": lambda b: b.assign(price_imitation=b.price_genuine),
    "pattern4": lambda b: b.assign(participation=b.participation.where(b.month != MONTHS, 0.9)),
    "pattern5": lambda b: b.assign(ag_commitment=1.0),
    "pattern6": _rainless,
}


@pytest.mark.parametrize("key", list(ABSENT))
def test_each_pattern_check_rejects_runs_without_the_pattern(case_runs, key):
    """The six patterns are all checked, and each check can fail: the baseline runs, changed so
    that the pattern is absent (no decline, income at the minimum wage, equal prices, high
    participation, commitment the strongest indicator, no rainy-season dip), fail it."""
    assert sorted(PATTERNS) == sorted(ABSENT)
    absent = dict(case_runs, baseline=ABSENT[key](case_runs["baseline"].copy()))
    _, ok, detail = FINDING[key].check(absent)
    assert not ok, f"{key} still passes without the pattern: {detail}"


@pytest.mark.parametrize("key", PATTERNS)
def test_pattern(case_runs, key):
    finding = FINDING[key]
    measures, ok, detail = finding.check(case_runs)
    summary = "; ".join(f"{m.label} {m.summary()}" for m in measures)
    assert ok, f"{finding.statement} ({finding.tolerance}): {detail}; {summary}"
