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
from .storage import FINAL, TIMESERIES, read_manifest


@dataclass(frozen=True)
class Results:
    """The contents of one results folder."""

    folder: Path
    manifest: dict
    final: pd.DataFrame
    timeseries: pd.DataFrame | None
    ages: pd.DataFrame | None
    indices: pd.DataFrame | None

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
    """Read a results folder; :class:`InputError` when it has no (valid) manifest or no final values."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    final_path = folder / FINAL
    if not final_path.is_file():
        raise InputError(f"'{folder}' has no finished runs (no {FINAL})")
    done = {run["run_id"] for run in manifest.get("runs", []) if run.get("status") == "done"}
    return Results(
        folder=folder,
        manifest=manifest,
        final=_finished(pd.read_csv(final_path), done),
        timeseries=_optional(folder / TIMESERIES, done),
        ages=_optional(folder / "ages.parquet", done),
        indices=pd.read_csv(folder / INDICES) if (folder / INDICES).is_file() else None,
    )


def _finished(frame: pd.DataFrame, done: set) -> pd.DataFrame:
    """Rows of finished runs (all rows when the manifest lists no run statuses)."""
    return frame[frame["run_id"].isin(done)].reset_index(drop=True) if done else frame


def _optional(path: Path, done: set) -> pd.DataFrame | None:
    """A parquet file or folder of parts, sorted by run and month; None when absent."""
    if not path.exists():
        return None
    frame = _finished(pd.read_parquet(path), done)
    keys = [key for key in ("run_id", "month") if key in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)
