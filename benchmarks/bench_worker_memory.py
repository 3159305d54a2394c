"""Memory of one worker process over many baseline runs, without replacing the process.

Runs the baseline scenario (scenarios/baseline.toml) ``--runs`` times in this process through
``sim.run.simulate_columns``, the function the sweep engine's workers call, and prints the
resident memory (MB) at checkpoints, its growth per run over the second half, and the resident
memory after glibc's ``malloc_trim`` hands free heap pages back (what is left is held by live
objects).  Figures only: nothing here fails.

    python benchmarks/bench_worker_memory.py [--runs 2000] [--n-weavers 1000] [--months 120]
"""

from __future__ import annotations

import argparse
import ctypes
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def resident_mb() -> float:
    """Resident set size of this process now, in MB (Linux /proc)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def trimmed_mb() -> float:
    """Resident memory after returning free heap pages to the system (glibc only)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return float("nan")
    return resident_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--n-weavers", type=int, default=1000)
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    from sim.params import resolve
    from sim.run import simulate_columns
    from sim.scenarios import load_scenario

    params = resolve(load_scenario("baseline").values | {"n_weavers": args.n_weavers, "months": args.months})
    checkpoints = sorted({1, 10, args.runs // 2, args.runs} | set(range(250, args.runs, 250)))
    start, seen = time.perf_counter(), {}
    print(f"baseline, {args.n_weavers:,} weavers, {args.months} months, {args.runs:,} runs in one process")
    for run in range(1, args.runs + 1):
        simulate_columns(params, seed=run)
        if run in checkpoints:
            seen[run] = resident_mb()
            print(f"after {run:6,} runs: resident {seen[run]:7.1f} MB  ({time.perf_counter() - start:6.0f} s)", flush=True)
    half = args.runs // 2
    if args.runs > 1 and half in seen:
        growth = (seen[args.runs] - seen[half]) / (args.runs - half) * 1024
        print(f"growth over the second half: {growth:.1f} KB per run")
    print(f"resident after malloc_trim: {trimmed_mb():.1f} MB")


if __name__ == "__main__":
    main()
