"""Bad input and machine faults end in one line and the promised exit status, never a traceback,
and never lose or half-write results (README, "What happens when something goes wrong")."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim
from analysis import cli as command_line
from analysis import storage
from analysis.runner import MODEL_ENV
from tests.conftest import run_cli
from sim.params import InputError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(ROOT / "run_experiments.py")
SMALL = ["--months", "3", "--reps", "2", "--workers", "1", "--set", "n_weavers=60"]


cli = run_cli


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def refused(capsys, *args: str, naming: str) -> None:
    """The command exits 2 with one line naming ``naming``, and leaves no results folder."""
    before = set(Path.cwd().rglob("*"))
    code, _, err = cli(capsys, *args)
    assert code == 2, err
    assert naming in one_line(err)
    assert not (Path.cwd() / "results").exists()
    assert {p for p in Path.cwd().rglob("*") if p not in before} == set()


# ---- bad scenario files --------------------------------------------------------------------------


def test_a_non_utf8_scenario_file_is_one_line(here, capsys):
    (here / "latin1.toml").write_bytes('description = "kain sutra Mandar \xe9"\n'.encode("latin-1"))
    refused(capsys, "run", "latin1.toml", *SMALL, naming="latin1.toml")
    refused(capsys, "params", "latin1.toml", naming="latin1.toml")
    with pytest.raises(InputError, match="UTF-8"):
        sim.run_scenario(str(here / "latin1.toml"), months=2)


def test_a_non_utf8_file_among_the_scenarios_breaks_no_listing(here, capsys, monkeypatch):
    import sim.scenarios as scenarios

    folder = here / "scenarios"
    folder.mkdir()
    (folder / "baseline.toml").write_text('description = "base"\n')
    (folder / "broken.toml").write_bytes(b"description = \"\xff\xfe\"\n")
    monkeypatch.setattr(scenarios, "SCENARIO_DIR", folder)
    code, out, err = cli(capsys, "scenarios")
    assert code == 0 and "broken" in out and "malformed" in out and not err
    refused(capsys, "run", "nosuch", naming="nosuch")


@pytest.mark.parametrize("files, start", [
    ({"self.toml": 'extends = "self.toml"\n'}, "self.toml"),
    ({"a.toml": 'extends = "b.toml"\n', "b.toml": 'extends = "a.toml"\n'}, "a.toml"),
    ({"c.toml": 'extends = "./c.toml"\n'}, "c.toml"),
])
def test_a_scenario_that_extends_itself_is_one_line(here, capsys, files, start):
    for name, text in files.items():
        (here / name).write_text(text)
    refused(capsys, "params", start, naming="extends itself")
    refused(capsys, "run", start, *SMALL, naming="extends itself")


def test_deeply_nested_params_are_one_line(here, capsys):
    (here / "deep.toml").write_text("[params]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    refused(capsys, "params", "deep.toml", naming="deep.toml")


def test_a_description_must_be_text(here, capsys):
    (here / "listy.toml").write_text('description = ["a", "b"]\n')
    refused(capsys, "params", "listy.toml", naming="description")


# ---- bad designs and command lines ---------------------------------------------------------------


def test_a_huge_grid_is_refused_at_once(here, capsys):
    start = time.monotonic()
    refused(capsys, "sweep", "mini.toml", "--vary", "floor_price=0:2000000:100000000", naming="--max-runs")
    assert time.monotonic() - start < 5


def test_the_run_maximum_can_be_raised_and_lowered(here, capsys):
    refused(capsys, "run", "mini.toml", "--reps", "30", "--max-runs", "20", naming="30 runs")
    refused(capsys, "sweep", "mini.toml", "--design", "sobol", "--samples", "1024", "--vary",
            "floor_price=0:2000000", "--vary", "floor_enforcement=0:1", "--max-runs", "6000",
            naming="6,144 points")
    code, _, err = cli(capsys, "sweep", "mini.toml", "--vary", "floor_price=0:2000000:3", "--reps", "2",
                       "--max-runs", "6", "--workers", "1", "--no-plot")
    assert code == 0, err


def test_a_parameter_varied_twice_is_refused(here, capsys):
    refused(capsys, "sweep", "mini.toml", "--vary", "floor_price=0:1:2", "--vary", "floor_price=0:5:2",
            naming="floor_price")


@pytest.mark.parametrize("seed", [-1, "abc", 1.5, True, None])
def test_a_bad_seed_is_an_input_error_naming_the_seed(seed):
    with pytest.raises(InputError, match="seed"):
        sim.run_scenario("baseline", seed=seed, months=1, n_weavers=20)


# ---- the results folder --------------------------------------------------------------------------


def test_out_below_a_file_or_too_long_is_one_line(here, capsys):
    (here / "afile").write_text("x")
    refused(capsys, "run", "mini.toml", *SMALL, "--out", "afile/sub", naming="afile/sub")
    refused(capsys, "run", "mini.toml", *SMALL, "--out", "x" * 300, naming="too long")


def test_a_read_only_file_system_is_a_machine_fault(here, capsys, monkeypatch):
    original = Path.mkdir

    def read_only(self, *args, **kwargs):
        if "ro" in self.parts:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    code, _, err = cli(capsys, "run", "mini.toml", *SMALL, "--out", "ro/out")
    assert code == 1
    assert "Read-only file system" in one_line(err)
    assert not (here / "ro").exists()


def test_two_studies_never_write_one_folder(here, capsys):
    code, _, _ = cli(capsys, "run", "mini.toml", *SMALL, "--out", "out")
    assert code == 0
    holder = storage.ResultsFolder.reopen(here / "out")  # another process holding the folder
    try:
        script = ("import sys; from analysis import cli; "
                  "sys.exit(cli.main(['run', 'mini.toml', '--months', '3', '--reps', '2', '--workers', '1', "
                  "'--set', 'n_weavers=60', '--out', 'out', '--resume']))")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        second = subprocess.run([sys.executable, "-c", script], cwd=here, env=env, capture_output=True, text=True)
        assert second.returncode == 2
        assert "in use by another process" in one_line(second.stderr)
    finally:
        holder._lock.close()
    with pytest.raises(InputError, match="already exists"):
        storage.ResultsFolder.create(here / "out", {"runs": []})


def test_a_full_disk_is_one_line_with_a_log_and_no_temporary_files(here, capsys, monkeypatch):
    import pyarrow.parquet as pq

    written, original = [], pq.write_table

    def fill_up(table, where, *args, **kwargs):
        if len(written) >= 3:
            Path(where).write_bytes(b"PAR1 half")
            raise OSError(errno.ENOSPC, "No space left on device", str(where))
        written.append(where)
        return original(table, where, *args, **kwargs)

    monkeypatch.setattr(pq, "write_table", fill_up)
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "6", "--workers", "1", "--out", "out")
    line = one_line(err)
    assert code == 1 and "No space left on device" in line and "--resume" in line
    assert "out/error.log" in line and "Traceback" in (here / "out" / "error.log").read_text()
    assert not [p for p in (here / "out").rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.setattr(pq, "write_table", original)
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "6", "--workers", "1", "--out", "out", "--resume")
    assert code == 0, err
    code, _, _ = cli(capsys, "run", "mini.toml", "--reps", "6", "--workers", "1", "--out", "ref")
    assert (here / "out" / "final.csv").read_bytes() == (here / "ref" / "final.csv").read_bytes()


# ---- damaged folders: plot and --resume ----------------------------------------------------------


@pytest.fixture
def finished(here, capsys):
    """A finished run of 4 replications in ``out`` and an identical copy's final.csv bytes."""
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "4", "--workers", "1", "--out", "out")
    assert code == 0, err
    return here / "out"


def _part(folder: Path, k: int = 1) -> Path:
    return sorted((folder / storage.TIMESERIES).glob("part-*.parquet"))[k]


DAMAGE = {
    "truncated part": lambda f: _part(f).write_bytes(_part(f).read_bytes()[:100]),
    "junk part": lambda f: _part(f).write_bytes(b"not parquet at all"),
    "binary final.csv": lambda f: (f / "final.csv").write_bytes(bytes(range(256)) * 4),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_plot_reads_a_damaged_folder_and_names_what_it_skipped(finished, capsys, monkeypatch, damage):
    DAMAGE[damage](finished)
    calls = []
    monkeypatch.setattr(command_line, "_optional", lambda module, name: lambda *a, **k: calls.append(k))
    code, out, err = cli(capsys, "plot", "out")
    assert code == 0, err
    assert "skipped" in one_line(err)
    results = calls[0]["results"]
    assert len(results.final) >= 3 and results.skipped


@pytest.mark.parametrize("manifest", [b'{"foo": 1}', b"[1, 2, 3]", bytes(range(256)), b""],
                         ids=["object", "list", "binary", "empty"])
def test_plot_refuses_a_foreign_manifest_in_one_line(finished, capsys, manifest):
    (finished / "manifest.json").write_bytes(manifest)
    code, _, err = cli(capsys, "plot", "out")
    assert code == 2 and "manifest.json" in one_line(err)
    assert not (finished / "figures").exists()


def test_plot_of_a_file_or_of_a_folder_without_parts_is_one_line(finished, capsys):
    (Path.cwd() / "plain").write_text("x")
    code, _, err = cli(capsys, "plot", "plain")
    assert code == 2 and "plain" in one_line(err)
    for part in (finished / storage.TIMESERIES).iterdir():
        part.unlink()
    (finished / "final.csv").unlink()
    code, _, err = cli(capsys, "plot", "out")
    assert code == 2 and "no finished runs" in one_line(err)


@pytest.mark.parametrize("damage", ["truncated", "junk", "other run"])
def test_resume_reruns_a_damaged_part(finished, capsys, damage):
    reference = (finished / "final.csv").read_bytes()
    part = _part(finished, 2)
    if damage == "truncated":
        part.write_bytes(part.read_bytes()[:200])
    elif damage == "junk":
        part.write_bytes(b"\x00" * 500)
    else:
        part.write_bytes(_part(finished, 0).read_bytes())
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "4", "--workers", "1", "--out", "out", "--resume")
    assert code == 0
    assert part.name in err and "damaged" in err
    assert (finished / "final.csv").read_bytes() == reference


# ---- workers, signals and schedulers -------------------------------------------------------------


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(x) for x in text.split()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _sweep(here: Path, out: str, *extra: str, sleep: str = "0.3") -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), FAKE_SLEEP=sleep)
    env[MODEL_ENV] = "tests.fakes:sleepy"
    return subprocess.Popen([sys.executable, SCRIPT, "sweep", "mini.toml", "--vary", "floor_price=0:2000000:10",
                             "--reps", "3", "--no-plot", "--workers", "2", "--out", out, *extra],
                            cwd=here, env=env, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_parts(folder: Path, n: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while len(list((folder / storage.TIMESERIES).glob("part-*"))) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the sweep ended before the test could act"


def test_workers_die_with_their_parent(here):
    process = _sweep(here, "out")
    _wait_for_parts(here / "out", 2, process)
    workers = _children(process.pid)
    assert len(workers) >= 2
    process.kill()
    process.communicate(timeout=30)  # the pipes close: no worker holds them open
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def test_a_killed_worker_is_a_machine_fault_and_resume_finishes(here):
    process = _sweep(here, "out")
    _wait_for_parts(here / "out", 2, process)
    workers = sorted(pid for pid in _children(process.pid) if "resource_tracker" not in
                     Path(f"/proc/{pid}/cmdline").read_text(errors="replace"))
    os.kill(workers[-1], signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    line = one_line(err)
    assert "worker process died" in line and "--resume" in line
    assert (here / "out" / "error.log").is_file()
    resumed = _sweep(here, "out", "--resume", sleep="0")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert len(pd.read_csv(here / "out" / "final.csv")) == 30


needs_dask = pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                reason="dask.distributed is not installed (pip install -e '.[dask]')")


@needs_dask
def test_a_malformed_or_silent_scheduler_is_one_line_and_no_folder(here, capsys):
    refused(capsys, "sweep", "mini.toml", "--vary", "floor_price=0:1:2", "--backend", "dask",
            "--scheduler", "::not an address::", naming="::not an address::")
    code, _, err = cli(capsys, "sweep", "mini.toml", "--vary", "floor_price=0:1:2", "--backend", "dask",
                       "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "1", "--out", "out")
    assert code == 1 and "no Dask scheduler answers" in one_line(err) and "within 1 s" in err
    assert not (here / "out").exists()


@needs_dask
def test_ctrl_c_on_the_dask_backend_is_one_line(here):
    process = _sweep(here, "out", "--backend", "dask")
    _wait_for_parts(here / "out", 2, process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "--resume" in one_line(err)
    manifest = json.loads((here / "out" / "manifest.json").read_text())
    done = sum(run["status"] == "done" for run in manifest["runs"])
    assert done == len(list((here / "out" / storage.TIMESERIES).glob("part-*")))


# ---- found by attacking the command line ---------------------------------------------------------


def test_a_burst_of_signals_ends_the_sweep_without_a_hang_or_a_traceback(here):
    """Ctrl-C pressed again and a scheduler's SIGTERM after a wrapper's SIGINT, to the whole
    process group with no gap: the first stops the study, the others are ignored."""
    for _ in range(2):
        process = _sweep(here, "burst")
        _wait_for_parts(here / "burst", 2, process)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
            os.killpg(process.pid, sig)
        _, err = process.communicate(timeout=30)
        assert process.returncode in (130, 143)
        assert "--resume" in one_line(err)
        resumed = _sweep(here, "burst", "--resume", sleep="0")
        assert resumed.communicate(timeout=120)[0] is not None and resumed.returncode == 0
        assert len(pd.read_csv(here / "burst" / "final.csv")) == 30
        import shutil

        shutil.rmtree(here / "burst")


@needs_dask
@pytest.mark.parametrize("address", ["not a url", "x", ""])
def test_a_scheduler_that_is_not_an_address_is_refused_at_once(here, capsys, address):
    start = time.monotonic()
    refused(capsys, "sweep", "mini.toml", "--vary", "floor_price=0:1:2", "--backend", "dask",
            "--scheduler", address, naming="--scheduler")
    assert time.monotonic() - start < 5


def test_more_bad_input_is_refused_in_one_line(here, capsys):
    (here / "none.toml").write_text('[experiment]\nscenario = "mini.toml"\noutcomes = []\n'
                                    '[experiment.vary]\nfloor_price = [0, 1]\n')
    refused(capsys, "sweep", "none.toml", "--workers", "1", "--no-plot", naming="outcome")
    refused(capsys, "run", "base\nline", *SMALL, naming="base\\nline")
    refused(capsys, "run", "mini.toml", *SMALL, "--out", "", naming="--out")
    code, _, err = cli(capsys, "analytic", "baseline", "--set", "n_weavers=10", "--set", "demand_scale=0")
    assert code == 2 and "no solution" in one_line(err)


@pytest.mark.parametrize("field, value", [("months", "six"), ("months", None), ("varied", 5),
                                          ("varied", ["nope"]), ("runs", "failed")])
def test_plot_refuses_a_manifest_that_does_not_fit_its_tables(finished, capsys, field, value):
    manifest = json.loads((finished / "manifest.json").read_text())
    if field == "runs":
        for run in manifest["runs"]:
            run["status"] = "failed"
    else:
        manifest[field] = value
    (finished / "manifest.json").write_text(json.dumps(manifest))
    code, _, err = cli(capsys, "plot", "out")
    assert code == 2 and one_line(err)


def test_plot_refuses_when_figures_is_a_file(finished, capsys):
    (finished / "figures").write_text("x")
    code, _, err = cli(capsys, "plot", "out")
    assert code == 2 and "figures" in one_line(err)


def test_resume_refuses_a_manifest_with_runs_not_of_this_study(finished, capsys):
    manifest = json.loads((finished / "manifest.json").read_text())
    manifest["runs"].append(dict(manifest["runs"][0], run_id=99))
    (finished / "manifest.json").write_text(json.dumps(manifest))
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "4", "--workers", "1", "--out", "out", "--resume")
    assert code == 2 and "different study" in one_line(err)


def test_resume_refuses_parts_that_are_not_a_folder(finished, capsys):
    import shutil

    shutil.rmtree(finished / storage.TIMESERIES)
    (finished / storage.TIMESERIES).write_text("x")
    code, _, err = cli(capsys, "run", "mini.toml", "--reps", "4", "--workers", "1", "--out", "out", "--resume")
    assert code == 2 and "not a folder" in one_line(err)


@pytest.mark.parametrize("kwargs", [dict(rng="abc"), dict(rng=-5), dict(rng=1.5), dict(scenario="perda"),
                                    dict(scenario={"n_weavers": 20}), dict(scenario=5)])
def test_the_model_class_refuses_bad_seeds_and_scenarios_with_an_input_error(kwargs):
    with pytest.raises(InputError, match="rng|scenario"):
        sim.CraftModel(**kwargs)
