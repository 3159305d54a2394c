"""Shared fixtures: the case configurations over 30 replications, run once per test session; a working folder
for command-line tests, with the stand-in model; the command line run in this process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

@pytest.fixture(scope="session")
def case_runs() -> dict:
    """Every configuration the patterns and case findings need (``analysis.validation.RUNS``),
    30 replications each at 10 years, run once per test session on 2 processes: one frame per
    configuration with a ``rep`` column (the seed)."""
    from analysis.validation import RUNS, all_runs

    return all_runs(list(RUNS), processes=2)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A working folder with a small scenario (``mini.toml``), the stand-in model selected."""
    from analysis.runner import MODEL_ENV

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:simulate")
    (tmp_path / "mini.toml").write_text('description = "small"\n[params]\nn_weavers = 100\nmonths = 12\n')
    return tmp_path


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit status, stdout, stderr)."""
    from analysis import cli

    try:
        code = cli.main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
