"""The six patterns the baseline must reproduce (MODEL.md s1), over 30 replications.

Each pattern's statement, source, measure and tolerance live once, in ``analysis/validation.py``
(``FINDINGS``), which ``docs/make_validation.py`` also reports in ``docs/validation.md``; these
tests check the same measurement.  Annual figures average the 12 months of the tenth year
(months 109-120) so that the rainy season does not decide the result.
"""

from __future__ import annotations

import pytest

from analysis.validation import FINDING

PATTERNS = [key for key in FINDING if key.startswith("pattern")]


def test_the_six_patterns_are_all_checked():
    assert PATTERNS == [f"pattern{k}" for k in range(1, 7)]


@pytest.mark.parametrize("key", PATTERNS)
def test_pattern(case_runs, key):
    finding = FINDING[key]
    measures, ok, detail = finding.check(case_runs)
    summary = "; ".join(f"{m.label} {m.summary()}" for m in measures)
    assert ok, f"{finding.statement} ({finding.tolerance}): {detail}; {summary}"
