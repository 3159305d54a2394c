"""The command line: commands, exit statuses, bad input, interruption and resumption.

Most runs use the stand-in models of ``tests/fakes.py``, selected through the environment
variable the runner reads (``RUN_EXPERIMENTS_MODEL``); one test runs the real model, small.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli as run_experiments
from analysis import storage
from analysis.runner import MODEL_ENV
from tests.conftest import run_cli
from sim.outcomes import OUTCOMES

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(ROOT / "run_experiments.py")
SWEEP = ["sweep", "mini.toml", "--vary", "floor_price=0:2000000:5", "--vary", "floor_enforcement=0,1",
         "--reps", "3", "--no-plot"]
"""30 runs of the stand-in model."""


cli = run_cli


# ---- import weight --------------------------------------------------------------------------------


def test_import_is_light():
    code = (
        "import sys\nfrom analysis import cli as run_experiments\n"
        "heavy = [m for m in ('matplotlib', 'sympy', 'SALib', 'dask', 'distributed', 'mesa', 'pandas') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "run_experiments.main(['params'])\n"
        "heavy = [m for m in ('matplotlib', 'sympy', 'SALib', 'dask', 'distributed', 'mesa') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ---- listing commands ----------------------------------------------------------------------------


def test_scenarios_and_params(here, capsys):
    code, out, _ = cli(capsys, "scenarios")
    assert code == 0 and out.splitlines()[0].startswith("baseline")
    assert "perda_sweep" not in out  # experiment files are not scenarios
    code, out, _ = cli(capsys, "params", "mini.toml")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["name", "value", "unit", "valid", "range", "plausible", "range",
                                              "status", "source"]
    row = next(line for line in lines if line.startswith("n_weavers "))
    assert row.split()[1] == "100" and "10 to 100,000" in row and "200 to 5,000" in row and "assumed (lever)" in row


# ---- bad input --------------------------------------------------------------------------------------


BAD = [
    (["bogus"], "bogus"),
    (["run", "nosuch"], "nosuch"),
    (["run", "mini.toml", "--set", "bogus=1"], "bogus"),
    (["run", "mini.toml", "--set", "n_weavers=abc"], "n_weavers"),
    (["run", "mini.toml", "--set", "n_weavers=5"], "n_weavers"),
    (["run", "mini.toml", "--set", "coverage_rule=sometimes"], "coverage_rule"),
    (["run", "mini.toml", "--reps", "x"], "--reps"),
    (["run", "broken.toml"], "broken.toml"),
    (["sweep", "exp_unknown.toml"], "bogus"),
    (["sweep", "exp_empty.toml"], "floor_price"),
    (["sweep", "exp_sobol.toml"], "--samples 10"),
    (["sweep", "exp_outside.toml"], "floor_enforcement"),
    (["sweep", "mini.toml"], "--vary"),
    (["sweep", "mini.toml", "--vary", "floor_price=0:3e7:3"], "floor_price"),
    (["sweep", "mini.toml", "--vary", "floor_price=0:1"], "floor_price"),
    (["sweep", "mini.toml", "--vary", "coverage_rule=needs,targeted", "--design", "lhs"], "coverage_rule"),
    (["sweep", "mini.toml", "--vary", "floor_price=0,1", "--resume"], "--resume"),
    (["compare", "mini.toml"], "two scenarios"),
    (["plot", "."], "manifest.json"),
]


@pytest.mark.parametrize("args, name", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_no_folder(here, capsys, args, name):
    (here / "broken.toml").write_text('description = "x"\n[params\n')
    exp = '[experiment]\nscenario = "mini.toml"\n{}[experiment.vary]\n{}\n'
    (here / "exp_unknown.toml").write_text(exp.format("", "bogus = [1]"))
    (here / "exp_empty.toml").write_text(exp.format("", 'floor_price = "5:1:3"'))
    (here / "exp_sobol.toml").write_text(exp.format('design = "sobol"\nsamples = 10\n', 'floor_price = "0:1"'))
    (here / "exp_outside.toml").write_text(exp.format("", "floor_enforcement = [0, 2]"))
    code, _, err = cli(capsys, *args, "--out", "out") if args[0] in ("run", "sweep") else cli(capsys, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and name in err, err
    assert not (here / "results").exists() and not (here / "out").exists()


def test_existing_out_without_resume_is_refused(here, capsys):
    (here / "out").mkdir()
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "1", "--out", "out")
    assert code == 2 and "already exists" in err
    assert not any((here / "out").iterdir())


# ---- commands ----------------------------------------------------------------------------------------


def test_run_writes_the_results_folder_and_a_table(here, capsys):
    code, out, _ = cli(capsys, "run", "mini.toml", "--reps", "3", "--seed", "4", "--workers", "1")
    assert code == 0
    folder = next((here / "results").iterdir())
    assert folder.name.startswith("run-mini-") and str(folder.relative_to(here)) in out
    assert "active_weavers" in out and "weaver_income_mean" in out
    manifest = storage.read_manifest(folder)
    assert (manifest["kind"], manifest["root_seed"], manifest["reps"], manifest["months"]) == ("run", 4, 3, 12)
    assert manifest["command"][1:3] == ["run", "mini.toml"]
    assert {"final.csv", "summary.csv", "timeseries.parquet", "manifest.json"} <= {p.name for p in folder.iterdir()}


def test_a_run_changed_with_set_is_labelled_by_what_it_is(here, capsys):
    code, out, _ = cli(capsys, "run", "mini.toml", "--set", "floor_price=1000000", "--reps", "2", "--workers", "1",
                       "--lang", "id")
    assert code == 0
    folder = next((here / "results").iterdir())
    assert folder.name.startswith("run-mini+floor_price=1000000-")
    assert set(pd.read_csv(folder / "final.csv")["scenario"]) == {"mini + floor_price = Rp 1,000,000"}
    assert out.startswith("hasil: ") and "run selesai" in out and "tahun ke-1 (rata-rata bulan ke-1 sampai 12)" in out


def test_intervals_of_counts_and_shares_stay_possible(here, capsys, monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:rare_events")
    code, out, _ = cli(capsys, "run", "mini.toml", "--reps", "2", "--seed", "5", "--workers", "1", "--out", "out")
    summary = pd.read_csv(here / "out" / "summary.csv").set_index("outcome")
    assert code == 0
    assert summary.loc["entrants", "ci_low"] == 0 and summary.loc["entrants", "ci_high"] > 0
    assert summary.loc["local_market_share", "ci_high"] == 1
    row = next(line for line in out.splitlines() if line.startswith("mini"))
    assert row.split()[-2] == "[0,"  # new weavers, the last column: no negative lower bound


def test_listing_commands_speak_indonesian(here, capsys):
    from analysis import lang
    from sim.scenarios import list_scenarios

    code, out, _ = cli(capsys, "scenarios", "--lang", "id")
    assert code == 0 and out.splitlines()[0].startswith("baseline") and "Sutra Polewali Mandar saat ini" in out
    for name, description in list_scenarios():  # every scenario is translated, from its own words
        assert lang.glossary()["scenario"][name]["en"] == description, name
    code, out, _ = cli(capsys, "params", "mini.toml", "--lang", "id")
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert code == 0 and lines["nama"].split()[:4] == ["nama", "nilai", "satuan", "rentang"]
    assert "0 s.d. 10.000.000" in lines["floor_price"] and "diukur (tuas kebijakan)" in lines["floor_price"]
    assert " 100 *" in lines["n_weavers"] and "penenun" in lines["n_weavers"]
    assert out.rstrip().endswith("* ditetapkan oleh skenario 'mini'; nilai lain adalah nilai bawaan registri")
    code, out, _ = cli(capsys, "run", "mini.toml", "--reps", "2", "--workers", "1", "--out", "out", "--lang", "id")
    header = next(line for line in out.splitlines() if line.startswith("skenario"))
    assert code == 0 and "penenun aktif" in header and "pendapatan bersih" in header and "active_weavers" not in out


def test_params_marks_what_the_scenario_sets(here, capsys):
    code, out, _ = cli(capsys, "params", "mini.toml")
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert code == 0 and " 100 *" in lines["n_weavers"] and "*" not in lines["floor_price"].split("Rp")[0]
    assert out.rstrip().endswith("* set by scenario 'mini'; other values are the registry defaults")


def test_compare_uses_common_seeds_and_calls_the_report(here, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(run_experiments, "_optional", lambda module, name: lambda *a, **k: calls.append((name, a, k)))
    (here / "high.toml").write_text('description = "x"\nextends = "baseline"\n[params]\nn_weavers = 100\n'
                                    'months = 12\nfloor_price = 1_000_000\n')
    code, out, _ = cli(capsys, "compare", "mini.toml", "high.toml", "--reps", "2", "--out", "cmp", "--lang", "id")
    assert code == 0 and "mini" in out and "high" in out
    final = pd.read_csv(here / "cmp" / "final.csv")
    assert final.groupby("rep")["seed"].nunique().eq(1).all()
    assert list(final["scenario"].unique()) == ["mini", "high"]
    assert calls == [("write_compare_report", (Path("cmp"),), {"lang": "id"})]
    assert storage.read_manifest(here / "cmp")["lang"] == "id"


def test_missing_figures_module_leaves_data_and_a_note(here, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "analysis.figures", None)
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "2", "--plot", "--out", "out")
    assert code == 0 and "analysis.figures" in err
    assert (here / "out" / "final.csv").is_file()
    code, _, err = cli(capsys, "plot", "out")
    assert code == 1 and "analysis.figures" in err


def test_plot_checks_outcomes_and_passes_them_on(here, capsys, monkeypatch):
    cli(capsys, "run", "mini.toml", "--reps", "2", "--out", "out")
    calls = []
    monkeypatch.setattr(run_experiments, "_optional", lambda module, name: lambda *a, **k: calls.append(k))
    code, _, err = cli(capsys, "plot", "out", "--outcome", "nope")
    assert code == 2 and "nope" in err
    assert cli(capsys, "plot", "out", "--outcome", "entrants")[0] == 0
    assert [{key: call[key] for key in ("outcomes", "lang")} for call in calls] == [
        {"outcomes": ["entrants"], "lang": "en"}]
    assert calls[0]["results"].skipped == ()


def test_sweep_of_an_experiment_file_with_a_failing_point(here, capsys, monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "tests.fakes:failing")
    (here / "exp.toml").write_text('[experiment]\nscenario = "mini.toml"\nreps = 2\n'
                                   '[experiment.vary]\nfloor_price = "0:2000000:5"\n')
    code, out, err = cli(capsys, "sweep", "exp.toml", "--workers", "1", "--no-plot", "--out", "out")
    assert code == 1 and "2 runs failed" in err
    assert "8 runs done, 2 failed" in out


def test_sweep_writes_a_report_in_the_chosen_language(here, capsys):
    code, out, _ = cli(capsys, *SWEEP, "--workers", "1", "--out", "out", "--lang", "id")
    assert code == 0
    md = (here / "out" / "report.md").read_text()
    assert md.startswith("# Eksperimen parameter: mini\n")
    assert "- `floor_price`: Harga dasar; dari Rp 0 sampai Rp 2.000.000 dalam 5 nilai berjarak sama (Rp)" in md
    assert "- `floor_enforcement`: Penegakan harga dasar; nilai 0, 1 (proporsi 0-1)" in md
    assert "Bagaimana keluaran utama menanggapi, pada tahun ke-1" in out and "Penenun aktif: " in out
    assert f"laporan: {Path('out') / 'report.html'}" in out
    assert (here / "out" / "report.html").is_file() and (here / "out" / "summary.csv").is_file()


def test_project_experiment_file_plans(here, capsys, monkeypatch):
    code, out, _ = cli(capsys, "sweep", "perda_sweep", "--reps", "1", "--months", "2", "--no-plot", "--out", "out")
    assert code == 0 and "45 points" in out
    manifest = storage.read_manifest(here / "out")
    assert manifest["varied"] == ["floor_price", "floor_enforcement"]
    assert set(manifest["scenarios"]) == {"perda_strict"}


def test_real_model_small_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(MODEL_ENV, raising=False)
    code, out, _ = cli(capsys, "run", "baseline", "--set", "n_weavers=100", "--months", "24", "--reps", "2",
                       "--plot", "--out", "out")
    assert code == 0, out
    final = pd.read_csv(tmp_path / "out" / "final.csv")
    assert list(final.columns) == ["run_id", "scenario", "rep", "seed", *OUTCOMES]
    series = pd.read_parquet(tmp_path / "out" / "timeseries.parquet")
    assert len(series) == 2 * 25
    # the regeneration pyramid's data: every active weaver's age at month 0 and at the last month
    ages = pd.read_parquet(tmp_path / "out" / "ages.parquet")
    assert list(ages.columns) == ["run_id", "scenario", "rep", "month", "age"]
    counts = ages.groupby(["run_id", "month"]).size()
    expected = series.set_index(["run_id", "month"])["active_weavers"]
    assert counts.to_dict() == expected.loc[counts.index].to_dict()
    assert set(ages["month"]) == {0, 24} and ages["age"].between(15, 90).all()
    assert (tmp_path / "out" / "figures" / "pyramid.png").is_file()


# ---- interruption -------------------------------------------------------------------------------------


def sweep_process(here: Path, out: str, log: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), FAKE_LOG=str(here / log), FAKE_SLEEP="0.25")
    env[MODEL_ENV] = "tests.fakes:sleepy"
    # Ctrl-C at a terminal: the sweep starts with SIGINT at its default, even if this test process
    # ignores it when it forks (seen in full-suite runs: SIGINT and SIGQUIT ignored, as during a
    # system() call, and the sweep then ran to the end)
    return subprocess.Popen([sys.executable, SCRIPT, *SWEEP, "--workers", "2", "--out", out, *extra], cwd=here, env=env,
                            start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def parts(folder: Path) -> set[str]:
    return {p.name for p in (folder / storage.TIMESERIES).glob("part-*.parquet")}


def run_keys(folder: Path) -> set[str]:
    frame = pd.read_parquet(folder / storage.TIMESERIES, columns=["seed", "floor_price", "floor_enforcement"])
    return {f"{s} {p:.0f} {e:.3f}" for s, p, e in frame.drop_duplicates().itertuples(index=False)}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_interrupt_then_resume_equals_an_uninterrupted_sweep(here, capsys, sig):
    process = sweep_process(here, "out", "first.log")
    deadline = time.monotonic() + 60
    while len(parts(here / "out")) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the sweep ended before it could be interrupted"
    if sig == signal.SIGKILL:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    expected = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -signal.SIGKILL}[sig]
    assert process.returncode == expected, (out, err)
    if sig != signal.SIGKILL:
        assert "Traceback" not in err
        assert "--resume" in err
        manifest = storage.read_manifest(here / "out")
        assert sum(run["status"] == "done" for run in manifest["runs"]) == len(parts(here / "out"))
    kept = run_keys(here / "out")
    assert 8 <= len(kept) < 30

    resumed = sweep_process(here, "out", "second.log", "--resume")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    second = (here / "second.log").read_text().splitlines()
    assert len(second) == len(set(second)) == 30 - len(kept) and not kept & set(second)

    code, _, _ = cli(capsys, *SWEEP, "--workers", "1", "--out", "ref")
    assert code == 0
    assert (here / "out" / "final.csv").read_bytes() == (here / "ref" / "final.csv").read_bytes()
    assert (here / "out" / "summary.csv").read_bytes() == (here / "ref" / "summary.csv").read_bytes()
    manifest = json.loads((here / "out" / "manifest.json").read_text())
    assert [run["run_id"] for run in manifest["runs"]] == list(range(30))
    assert all(run["status"] == "done" for run in manifest["runs"]) and manifest["finished"]
