"""Generated bad input: whatever file or argument list a user gives, the command line answers
with exit status 0 or 2, and 2 comes with exactly one line on stderr, never a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from analysis import cli
from analysis.runner import MODEL_ENV
from sim.params import PARAMS

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = [p.name for p in PARAMS][:25] + ["n_weavers", "months", "nosuch", "", "floor price"]


def answer(argv: list[str], folder: Path) -> tuple[int, str]:
    """Run the command line in ``folder`` (stand-in model): exit status and stderr."""
    err, out = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code = cli.main(argv)
            except SystemExit as exit_:
                code = exit_.code
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


def assert_answered(code: int, err: str) -> None:
    event(f"exit status {code}")
    assert "Traceback" not in err, err
    assert code in (0, 2), (code, err)
    if code == 2:
        assert len([line for line in err.splitlines() if line.strip()]) == 1, err


@pytest.fixture(autouse=True)
def stand_in_model(monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:simulate")


SMALL_RUN = ["--months", "2", "--reps", "1", "--workers", "1", "--set", "n_weavers=10"]


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_a_scenario_file(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "s.toml").write_bytes(data)
        for argv in (["params", "s.toml"], ["run", "s.toml", *SMALL_RUN]):
            assert_answered(*answer(argv, folder))


scalars = st.one_of(st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=12), st.dates())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


def toml_value(value) -> str:
    """A value in TOML syntax (the generated values are all representable)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, (int,)) or hasattr(value, "isoformat"):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\\\"') + '"'
    return "[" + ", ".join(toml_value(item) for item in value) + "]"


documents = st.fixed_dictionaries({}, optional={
    "description": values,
    "extends": st.one_of(st.sampled_from(["baseline", "s", "s.toml", "nosuch", "./s.toml"]), values),
    "experiment": st.just({}),
    "stray": values,
}).flatmap(lambda top: st.dictionaries(st.sampled_from(NAMES), values, max_size=4).map(lambda params: (top, params)))


def toml_document(top: dict, params: dict) -> str:
    lines = [f"{key} = {toml_value(value)}" for key, value in top.items() if key != "experiment"]
    if "experiment" in top:
        lines.append('[experiment]\nscenario = "baseline"')
    lines.append("[params]")
    lines += [f'"{key}" = {toml_value(value)}' for key, value in params.items()]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(documents)
def test_any_toml_document_as_a_scenario(document):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "s.toml").write_text(toml_document(*document), encoding="utf-8")
        for argv in (["params", "s.toml"], ["run", "s.toml", *SMALL_RUN], ["sweep", "s.toml", "--vary",
                     "floor_price=0,1000000", "--no-plot", *SMALL_RUN]):
            assert_answered(*answer(argv, folder))


TOKENS = ["run", "sweep", "compare", "plot", "params", "scenarios", "analytic", "baseline", "perda", "nosuch",
          "s.toml", "out", "--set", "--vary", "--reps", "--seed", "--months", "--design", "--samples",
          "--out", "--resume", "--lang", "--outcome", "--backend", "--precision", "--workers",
          "n_weavers=10", "floor_price=0:1000000:2", "floor_price=1,2", "x=1", "=", "1", "2", "0", "-1",
          "1e9", "abc", "grid", "lhs", "sobol", "morris", "en", "id", "xx", "local", "entrants", "months=2"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=8))
@example(["run", "run", "\r0"])  # argparse's message once carried the carriage return
@example(["run", "\x85"])  # and an unknown scenario's name a "next line" (U+0085)
@example(["run", "\u2028"])  # or a Unicode line separator
def test_any_argument_list(argv):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "s.toml").write_text('[params]\nn_weavers = 10\nmonths = 2\n')
        safe = argv + (["--max-runs", "40", "--workers", "1"]
                       if argv and argv[0] in ("run", "sweep", "compare") else [])
        assert_answered(*answer(safe, folder))
