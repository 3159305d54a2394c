"""A results folder as figures and reports read it (manifest, final values, timeseries, extras).

Only runs whose status in the manifest is ``done`` are kept.  Optional files: ``ages.parquet``
(weaver ages at some months: run_id, scenario, rep, month, age) and ``indices.csv`` (sensitivity
indices of a Sobol or Morris design).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.params import InputError

from .sensitivity import INDICES
from .storage import AGES, FINAL, TIMESERIES, read_manifest


@dataclass(frozen=True)
class Results:
    """The contents of one results folder; ``skipped`` names the files that could not be read."""

    folder: Path
    manifest: dict
    final: pd.DataFrame
    timeseries: pd.DataFrame | None
    ages: pd.DataFrame | None
    indices: pd.DataFrame | None
    skipped: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.manifest.get("kind", "run")

    @property
    def varied(self) -> list[str]:
        return list(self.manifest.get("varied") or [])

    @property
    def months(self) -> int:
        return int(self.manifest["months"])

    @property
    def reps(self) -> int:
        return int(self.final.groupby("scenario")["rep"].nunique().max())

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in the order of the manifest (the first is the reference)."""
        present = set(self.final["scenario"])
        return [name for name in self.manifest["scenarios"] if name in present]


def load(folder) -> Results:
    """Read a results folder; :class:`InputError` when it has no (valid) manifest or no finished run.

    A damaged folder is read as far as it can be: each Parquet part is checked on its own and a
    damaged one skipped (named in ``skipped``), and an unreadable ``final.csv`` is rebuilt from
    the last month of the timeseries parts."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _check_manifest(folder, manifest)
    done = {run["run_id"] for run in manifest["runs"] if run.get("status") == "done"}
    if not done:
        raise InputError(f"'{folder}' has no finished runs (every run in its manifest is pending or failed)")
    skipped: list[str] = []
    timeseries = _parts(folder / TIMESERIES, done, skipped)
    ages = _parts(folder / AGES, done, skipped)
    final = _final(folder, done, timeseries, skipped)
    if final is None or final.empty or not {"run_id", "scenario", "rep"} <= set(final.columns):
        raise InputError(f"'{folder}' has no finished runs that can be read (no usable {FINAL} or parts)")
    indices = None
    if (folder / INDICES).is_file():
        indices = _csv(folder / INDICES, skipped)
    return Results(folder=folder, manifest=manifest, final=final, timeseries=timeseries, ages=ages,
                   indices=indices, skipped=tuple(skipped))


def _check_manifest(folder: Path, manifest: dict) -> None:
    """The manifest fields the figures read, each of the form this project writes."""
    months = manifest.get("months")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InputError(f"malformed manifest.json in '{folder}': months = {months!r}, expected a whole number of months")
    varied = manifest.get("varied") or []
    if not isinstance(varied, list) or not all(isinstance(name, str) for name in varied):
        raise InputError(f"malformed manifest.json in '{folder}': varied = {varied!r}, expected a list of parameter names")
    if not isinstance(manifest.get("scenarios", {}), dict):
        raise InputError(f"malformed manifest.json in '{folder}': scenarios is not a table of scenarios")


def _final(folder: Path, done: set, timeseries: pd.DataFrame | None, skipped: list[str]) -> pd.DataFrame | None:
    """``final.csv``'s finished rows, or the last month of each run's timeseries if it cannot be read."""
    path = folder / FINAL
    frame = _csv(path, skipped) if path.is_file() else None
    if frame is not None and "run_id" in frame.columns:
        return _finished(frame, done)
    if timeseries is None or timeseries.empty:
        return None
    last = timeseries.groupby("run_id", sort=True).tail(1)
    return last.drop(columns="month").reset_index(drop=True)


def _csv(path: Path, skipped: list[str]) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path)
    except (ValueError, UnicodeDecodeError, OSError) as err:  # pandas' parser errors are ValueErrors
        skipped.append(f"{path.name} ({type(err).__name__})")
        return None


def _finished(frame: pd.DataFrame, done: set) -> pd.DataFrame:
    """Rows of finished runs."""
    return frame[frame["run_id"].isin(done)].reset_index(drop=True)


def timeseries(folder, columns) -> pd.DataFrame:
    """The monthly rows of a folder's finished runs, only ``run_id``, ``scenario``, ``rep``,
    ``month`` and ``columns``: a study of many runs and varied parameters is read without the
    columns it does not need.  Damaged parts are skipped (:func:`load` names them)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    done = {run["run_id"] for run in manifest["runs"] if run.get("status") == "done"}
    frame = _parts(folder / TIMESERIES, done, [], ["run_id", "scenario", "rep", "month", *columns])
    if frame is None:
        raise InputError(f"'{folder}' has no finished runs that can be read")
    return frame


def _parts(path: Path, done: set, skipped: list[str], columns=None) -> pd.DataFrame | None:
    """A Parquet file or folder of parts, sorted by run and month, damaged parts skipped (and
    named in ``skipped``); None when absent or when no part can be read.  ``columns``: read only
    these."""
    import pyarrow.parquet as pq

    if not path.exists():
        return None
    files = sorted(path.glob("part-*.parquet")) if path.is_dir() else [path]
    frames = []
    for file in files:
        try:
            frames.append(pq.read_table(file, columns=columns, use_threads=False).to_pandas())
        except Exception as err:  # pyarrow raises several types for a damaged file
            skipped.append(f"{path.name}/{file.name} ({type(err).__name__})")
    frames = [frame for frame in frames if "run_id" in frame.columns]
    if not frames:
        return None
    frame = _finished(pd.concat(frames, ignore_index=True), done)
    keys = [key for key in ("run_id", "month") if key in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)
