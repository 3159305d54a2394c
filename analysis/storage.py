"""The results folder (README, "Using it"), written run by run so nothing finished is lost.

Layout::

    manifest.json          the plan and the status of every run (rewritten atomically)
    timeseries.parquet/    part-<run_id>.parquet, one per finished run (written atomically)
    ages.parquet/          part-<run_id>.parquet: run_id, scenario, rep, month, age (years) of
                           every active weaver at month 0 and at the last month, when the model
                           returns them
    final.csv              one row per finished run, at the last month
    summary.csv            mean and 95 % t-interval across replications, at the last month

A run counts as done exactly when its timeseries part exists (its ages part is written first):
parts are written to a hidden temporary name and renamed, so a kill leaves either a whole part
or none.  ``final.csv`` gets a row as each run finishes and is rebuilt, in run order, from the
parts at the end and when a folder is resumed; ``summary.csv`` is rebuilt from ``final.csv``.  The manifest's ``finished`` is the time the
last run ended (done or failed), null while runs are pending; ``--resume`` retries failed runs.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.params import InputError

from . import stats

MANIFEST = "manifest.json"
TIMESERIES = "timeseries.parquet"
AGES = "ages.parquet"
FINAL = "final.csv"
SUMMARY = "summary.csv"
LOCK = ".lock"
LOG = "error.log"
RESULTS_DIR = Path("results")
META = ["run_id", "scenario", "rep", "seed"]
DEPENDENCIES = ("mesa", "numpy", "pandas", "scipy", "pyarrow", "networkx", "SALib", "tqdm", "dask",
                "distributed", "matplotlib", "sympy")
Columns = pd.DataFrame | dict[str, np.ndarray]
"""A run's table: a DataFrame, or a mapping of column name to array (as ``sim.run.simulate_columns``
returns it)."""
SAVE_EVERY = 10.0
"""Seconds between manifest rewrites while runs finish (always rewritten at the end).  The parts
on disk, not the manifest, say which runs are done, so a kill loses no run between rewrites; a
manifest of thousands of runs takes tens of milliseconds to write."""


def default_folder(command: str, label: str) -> Path:
    """A new folder ``results/<command>-<label>-<timestamp>`` (suffixed if it exists)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = RESULTS_DIR / f"{command}-{label[:60]}-{stamp}"
    path, k = base, 1
    while path.exists():
        k += 1
        path = base.with_name(f"{base.name}-{k}")
    return path


def check_out(path: Path, resume: bool) -> None:
    """Refuse an existing folder without ``--resume`` and a missing one with it (before writing)."""
    if resume and not (path / MANIFEST).is_file():
        raise InputError(f"--resume: '{path}' is not a results folder (no {MANIFEST})")
    if not resume and path.exists():
        raise InputError(f"results folder '{path}' already exists: use --resume or another --out")


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a results folder, or an :class:`InputError` if there is none or it is not
    a manifest this project wrote (not JSON, not UTF-8, not an object with its runs)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"'{path}' is a file, not a results folder")
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"'{path}' is not a results folder (no {MANIFEST})") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        raise InputError(f"malformed {MANIFEST} in '{path}': {str(err).splitlines()[0]}") from None
    except OSError as err:
        raise InputError(f"cannot read {MANIFEST} in '{path}': {err.strerror or err}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("runs"), list) or not all(
            isinstance(run, dict) and isinstance(run.get("run_id"), int) for run in manifest["runs"]):
        raise InputError(f"malformed {MANIFEST} in '{path}': not the manifest of a study (no list of runs)")
    return manifest


def folder_error(path: Path, err: OSError) -> Exception:
    """What a failure to make results folder ``path`` is: a bad ``--out`` (:class:`InputError`:
    the folder exists, lies below a file, or has too long a name) or a machine fault (the
    ``OSError`` itself: a read-only or full disk, no permission)."""
    if isinstance(err, FileExistsError):
        return InputError(f"results folder '{path}' already exists: use --resume or another --out")
    if isinstance(err, NotADirectoryError) or err.errno == errno.ENOTDIR:
        return InputError(f"--out '{path}': a part of the path is a file, not a folder")
    if err.errno == errno.ENAMETOOLONG:
        return InputError(f"--out '{path}': the name is too long for the file system")
    return err


def environment() -> dict[str, Any]:
    """Versions of Python and of each installed dependency, and the git commit (or None)."""
    versions = {"python": sys.version.split()[0]}
    for name in DEPENDENCIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {"versions": versions, "git_commit": _git_commit()}


def _git_commit() -> str | None:
    repo = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=10, check=False)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def now() -> str:
    """The current local time, ISO 8601 to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


class ResultsFolder:
    """A results folder being written: its manifest in memory, parts and rows on disk."""

    def __init__(self, path: Path, manifest: dict[str, Any]):
        self.path = Path(path)
        self.manifest = manifest
        self.runs = {run["run_id"]: run for run in manifest["runs"]}
        self.damaged: list[str] = []
        self._saved = 0.0
        self._lock = None

    def lock(self) -> None:
        """Hold the folder for this process (released when it ends), so that two processes never
        write one folder: a second gets an :class:`InputError`."""
        import fcntl

        handle = open(self.path / LOCK, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise InputError(f"results folder '{self.path}' is in use by another process: "
                             "wait for it to end, or use another --out") from None
        self._lock = handle

    def remove_damaged_parts(self) -> list[str]:
        """Delete every timeseries part that cannot be trusted, and its ages part; their names."""
        rows = int(self.manifest.get("months", -1)) + 1
        damaged = []
        for part in sorted(self.parts_dir.glob("part-*.parquet")):
            run_id = _part_run_id(part)
            ages = self.path / AGES / part.name
            fault = (check_part(part, run_id, rows) if run_id in self.runs else "not a run of this study")
            if fault is None and ages.exists():
                fault = check_part(ages, run_id, None)
            if fault is not None:
                damaged.append(f"{part.name} ({fault})")
                part.unlink()
                ages.unlink(missing_ok=True)
        return damaged

    @classmethod
    def create(cls, path: Path, manifest: dict[str, Any]) -> ResultsFolder:
        """Make the folder (it must not exist), lock it and write the manifest; if any of that
        fails, nothing is left behind."""
        path = Path(path)
        try:
            path.mkdir(parents=True, exist_ok=False)
        except OSError as err:
            raise folder_error(path, err) from None
        try:
            (path / TIMESERIES).mkdir()
            folder = cls(path, manifest)
            folder.lock()
            folder.save(force=True)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        return folder

    @classmethod
    def reopen(cls, path: Path) -> ResultsFolder:
        """An existing folder, each run's status set from the parts on disk, failed runs to retry.

        Every part is checked (readable Parquet, its own run, one row per month); a damaged part
        is removed, with its ages part, and its run is done again."""
        folder = cls(path, read_manifest(path))
        for name in (TIMESERIES, AGES):
            if (folder.path / name).exists() and not (folder.path / name).is_dir():
                raise InputError(f"--resume: '{folder.path / name}' is a file, not a folder of parts")
        folder.lock()
        for stale in [*folder.parts_dir.glob(".part-*"), *(folder.path / AGES).glob(".part-*"),
                      *folder.path.glob(".*.tmp")]:
            stale.unlink()
        folder.parts_dir.mkdir(exist_ok=True)
        folder.damaged = folder.remove_damaged_parts()
        done = folder.done_ids()
        for run in folder.manifest["runs"]:
            finished = run["run_id"] in done
            run["status"], run["error"] = ("done" if finished else "pending"), None
        folder.manifest["finished"] = None
        folder.rebuild_final()
        folder.save(force=True)
        return folder

    @property
    def parts_dir(self) -> Path:
        return self.path / TIMESERIES

    @property
    def varied(self) -> list[str]:
        return list(self.manifest["varied"])

    def done_ids(self) -> set[int]:
        """Run ids whose part is on disk."""
        ids = (_part_run_id(p) for p in self.parts_dir.glob("part-*.parquet"))
        return {run_id for run_id in ids if run_id is not None}

    def pending(self) -> list[dict[str, Any]]:
        """Manifest entries of the runs still to do, in run order."""
        return [run for run in self.manifest["runs"] if run["status"] != "done"]

    def add_runs(self, runs: list[dict[str, Any]], reps: int) -> None:
        """Append planned runs (more replications) to the manifest."""
        self.manifest["runs"].extend(runs)
        self.manifest["reps"] = reps
        self.runs.update((run["run_id"], run) for run in runs)
        self.save(force=True)

    def record(self, run_id: int, monthly: Columns, ages: Columns | None = None) -> None:
        """Store a finished run: its ages part (if any), its part, its row of ``final.csv``, its status.

        ``monthly`` (``month`` and the outcomes) and ``ages`` are DataFrames or mappings of column
        name to array."""
        run = self.runs[run_id]
        if ages is not None:
            (self.path / AGES).mkdir(exist_ok=True)
            meta = {key: run[key] for key in ("run_id", "scenario", "rep")}
            _write_part(_arrow_table(meta, _columns(ages)), self.path / AGES, run_id)
        meta = {key: run[key] for key in META} | run["values"]
        columns = _columns(monthly)
        columns = {"month": columns.pop("month"), **columns}
        _write_part(_arrow_table(meta, columns), self.parts_dir, run_id)
        _append_csv_row(self.path / FINAL, meta | {name: values[-1] for name, values in columns.items()
                                                   if name != "month"})
        run["status"], run["error"] = "done", None
        self.save()

    def record_failure(self, run_id: int, error: str) -> None:
        """Mark a run failed, keeping its error message (its seed is in the manifest)."""
        run = self.runs[run_id]
        run["status"], run["error"] = "failed", error
        self.save()

    def save(self, force: bool = False) -> None:
        """Rewrite the manifest atomically, at most every ``SAVE_EVERY`` seconds unless forced."""
        if not force and time.monotonic() - self._saved < SAVE_EVERY:
            return
        text = json.dumps(self.manifest, indent=1, default=_json_default)
        _atomic(self.path / MANIFEST, lambda temp: temp.write_text(text, encoding="utf-8"))
        self._saved = time.monotonic()

    def rebuild_final(self) -> pd.DataFrame:
        """Rewrite ``final.csv`` from the parts, one row per finished run in run order.

        With no finished run there is no ``final.csv`` (rows are appended to a new one).
        """
        final = read_last_rows(self.parts_dir)
        if final.empty:
            (self.path / FINAL).unlink(missing_ok=True)
        else:
            _replace_csv(final, self.path / FINAL)
        return final

    def rebuild(self) -> pd.DataFrame:
        """Rewrite ``final.csv``, ``summary.csv`` and the manifest; return the summary.

        The parts on disk are the record: a run whose part was written just before an
        interrupt is marked done here even if its status had not been set yet.
        """
        for run_id in self.done_ids():
            self.runs[run_id]["status"], self.runs[run_id]["error"] = "done", None
        final = self.rebuild_final()
        by = ["scenario", "point", *self.varied]
        final = final.assign(point=final["run_id"].map(lambda i: self.runs[i]["point"]))
        summary = stats.summarise(final, by, self.manifest["outcomes"])
        _replace_csv(summary, self.path / SUMMARY)
        if not self.counts()["pending"]:
            self.manifest["finished"] = now()
        self.save(force=True)
        return summary

    def counts(self) -> dict[str, int]:
        """How many runs are done, failed and pending."""
        out = {"done": 0, "failed": 0, "pending": 0}
        for run in self.manifest["runs"]:
            out[run["status"]] += 1
        return out


def _part_run_id(path: Path) -> int | None:
    """The run id in a part's name (``part-000012.parquet`` is 12), or None for another name."""
    try:
        return int(path.stem.split("-")[1])
    except (IndexError, ValueError):
        return None


def check_part(path: Path, run_id: int | None, rows: int | None) -> str | None:
    """Why the part at ``path`` cannot be trusted (unreadable, another run's, a wrong number of
    rows), or None when it is sound."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=["run_id"], use_threads=False)
    except Exception as err:  # pyarrow raises several types for a damaged file
        return f"unreadable: {type(err).__name__}"
    ids = set(table.column("run_id").to_pylist())
    if ids != {run_id}:
        return "another run's rows"
    if rows is not None and table.num_rows != rows:
        return f"{table.num_rows} rows, expected {rows}"
    return None


def read_last_rows(parts_dir: Path) -> pd.DataFrame:
    """The last month of every part, sorted by run id, without the month column.

    Parts are read one at a time (a dataset scan of thousands of parts holds on to hundreds
    of megabytes), so memory stays flat however many runs there are, each as a plain Parquet
    file (``pq.read_table`` sets up a dataset per file: 2.4 against 1.5 ms a part).
    """
    import pyarrow.parquet as pq

    rows = []
    for path in sorted(parts_dir.glob("part-*.parquet")):
        table = pq.ParquetFile(path).read(use_threads=False)
        rows.append(table.slice(table.num_rows - 1).to_pylist()[0])
    if not rows:
        return pd.DataFrame(columns=META)
    return pd.DataFrame(rows).drop(columns="month").sort_values("run_id").reset_index(drop=True)


def _arrow_table(meta: dict[str, Any], arrays: dict[str, np.ndarray]):
    """Constant ``meta`` columns, then ``arrays`` (equal lengths), as an Arrow table.

    Built column by column from numpy arrays: half the time of pandas' own conversion, which
    counts when the parent process stores thousands of runs while the workers compute.
    """
    import pyarrow as pa

    n = len(next(iter(arrays.values())))
    columns = {key: pa.array([value] * n) for key, value in meta.items()}
    columns.update((name, pa.array(values)) for name, values in arrays.items())
    return pa.table(columns)


def _columns(data: Columns) -> dict[str, np.ndarray]:
    """The columns of a DataFrame or of a mapping of column name to array, as numpy arrays."""
    if isinstance(data, pd.DataFrame):
        return {name: data[name].to_numpy() for name in data.columns}
    return {name: np.asarray(values) for name, values in data.items()}


def _append_csv_row(path: Path, row: dict[str, Any]) -> None:
    """Append one row to a CSV file, with a header line if the file is new; NaN and None are
    written as empty fields, as pandas writes them (the csv module, not a one-row DataFrame:
    the parent process appends a row for every finished run)."""
    new = not path.exists()
    with path.open("a", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(row)
        writer.writerow(_csv_value(value) for value in row.values())


def _csv_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return value


def _write_part(table, folder: Path, run_id: int) -> None:
    """Write an Arrow table to ``folder/part-<run_id>.parquet`` atomically (a hidden temporary
    file, then a rename)."""
    import pyarrow.parquet as pq

    _atomic(folder / f"part-{run_id:06d}.parquet", lambda temp: pq.write_table(table, temp))


def _replace_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV file atomically (a hidden temporary file, then a rename)."""
    _atomic(path, lambda temp: frame.to_csv(temp, index=False))


def _atomic(path: Path, write) -> None:
    """``write(temp)`` to a hidden temporary file beside ``path``, then rename it to ``path``; if
    writing fails (a full disk, an interrupt) the temporary file is removed and ``path`` is as
    it was."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def read_final(path: Path) -> pd.DataFrame:
    """``final.csv`` of a results folder."""
    return pd.read_csv(Path(path) / FINAL)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
