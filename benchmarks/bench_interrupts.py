"""Stress test of interrupts: Ctrl-C and SIGTERM at random moments of a sweep, then --resume.

Each trial starts a sweep of ``--runs`` runs (the stand-in model ``tests.fakes:sleepy`` with
601 months, so each result is a few hundred kilobytes and a worker is often killed while
sending one), waits a random time, sends SIGINT or SIGTERM to the sweep alone or to its whole
process group (as a terminal or a batch scheduler does), with one or two workers, and checks
that the sweep ends within ``--limit`` seconds with exit status 130 or 143, that every run the
manifest counts as done has its part, and that ``--resume`` then does exactly the missing runs
and gives a ``final.csv`` identical to an uninterrupted sweep.  Prints the counts of hangs, lost,
duplicated and unequal results.  Figures only: nothing here fails.

    python benchmarks/bench_interrupts.py [--trials 200] [--seed 1] [--burst]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = 'description = "stress"\n[params]\nn_weavers = 100\nmonths = 600\n'


def sweep(folder: Path, out: str, workers: int, log: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RUN_EXPERIMENTS_MODEL="tests.fakes:sleepy",
               FAKE_SLEEP="0.05", FAKE_LOG=str(folder / log))
    command = [sys.executable, str(ROOT / "run_experiments.py"), "sweep", "stress.toml", "--vary",
               "floor_price=0:2000000:12", "--vary", "floor_enforcement=0,0.5,1", "--reps", "2",
               "--no-plot", "--workers", str(workers), "--out", out, *extra]
    return subprocess.Popen(command, cwd=folder, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def trial(folder: Path, rng: random.Random, limit: float, reference: bytes, burst: bool = False) -> str:
    """One interrupt (with ``burst``, two to four signals in quick succession) and resume; the
    outcome's name."""
    for path in ("out", "first.log", "second.log"):
        shutil.rmtree(folder / path, ignore_errors=True) if path == "out" else (folder / path).unlink(missing_ok=True)
    workers, sig, group = rng.choice([1, 2]), rng.choice([signal.SIGINT, signal.SIGTERM]), rng.random() < 0.5
    process = sweep(folder, "out", workers, "first.log")
    time.sleep(rng.uniform(0.8, 3.5))
    if process.poll() is not None:
        return "ended before the signal"
    for k in range(rng.randint(2, 4) if burst else 1):
        (os.killpg if group else os.kill)(process.pid, sig if k == 0 else rng.choice([signal.SIGINT, signal.SIGTERM]))
    try:
        _, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "hang"
    expected = {130, 143} if burst else {130 if sig == signal.SIGINT else 143}
    if process.returncode not in expected or "Traceback" in err:
        print(f"  exit {process.returncode} after {'SIGINT' if sig == signal.SIGINT else 'SIGTERM'}: "
              f"{err.strip()[-300:]}", flush=True)
        return f"exit {process.returncode}"
    manifest = json.loads((folder / "out" / "manifest.json").read_text())
    parts = {int(p.stem.split("-")[1]) for p in (folder / "out" / "timeseries.parquet").glob("part-*.parquet")}
    done = {run["run_id"] for run in manifest["runs"] if run["status"] == "done"}
    if not done <= parts:
        return "lost"  # the manifest counts a run as done whose part is missing
    if done != parts:
        print(f"  note: the manifest lags its parts ({len(done)} of {len(parts)} done; --resume reads the parts)",
              flush=True)
    resumed = sweep(folder, "out", workers, "second.log", "--resume")
    _, err = resumed.communicate(timeout=600)
    if resumed.returncode != 0:
        print(f"  resume exit {resumed.returncode}: {err.strip()[-400:]}", flush=True)
        return f"resume exit {resumed.returncode}"
    second = (folder / "second.log").read_text().splitlines() if (folder / "second.log").exists() else []
    total = len(manifest["runs"])
    if len(second) != total - len(parts) or len(set(second)) != len(second):
        return "duplicated"
    if (folder / "out" / "final.csv").read_bytes() != reference:
        return "unequal"
    return "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=30.0, help="seconds after which a sweep counts as hung")
    parser.add_argument("--burst", action="store_true", help="send two to four signals in quick succession")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "stress.toml").write_text(SCENARIO)
        ref = sweep(folder, "ref", 2, "ref.log")
        ref.communicate(timeout=600)
        reference = (folder / "ref" / "final.csv").read_bytes()
        outcomes, start = Counter(), time.perf_counter()
        for k in range(1, args.trials + 1):
            outcomes[trial(folder, rng, args.limit, reference, args.burst)] += 1
            if k % 20 == 0:
                print(f"{k:4d} trials ({time.perf_counter() - start:5.0f} s): {dict(outcomes)}", flush=True)
    kind = "bursts of 2-4 signals" if args.burst else "interrupts"
    print(f"{args.trials} {kind} (SIGINT and SIGTERM, to the sweep or its process group, 1 and 2 workers):")
    for name in ("ok", "hang", "lost", "duplicated", "unequal"):
        print(f"  {name:10s} {outcomes.pop(name, 0)}")
    for name, count in outcomes.items():
        print(f"  {name:10s} {count}")


if __name__ == "__main__":
    main()
