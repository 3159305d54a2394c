"""Speed and memory of the experiment engine on the baseline scenario.

Prints (1) runs per second with 1 and with 2 worker processes on 200 baseline runs of 120
months, and their ratio (target 1.7 or more); (2) the parent process's resident memory while
1,000 runs go through all cores, sampled over time (target: flat, peak under 300 MB); (3) the
wall time of a Sobol' analysis of 8 parameters with 256 base samples, 4,608 runs, from sampling
to ``indices.csv`` (target under 5 minutes).  Figures only: nothing here fails on a slow machine.

    python benchmarks/bench_sweep.py            # the full benchmark (long: about 6,000 runs)
    python benchmarks/bench_sweep.py --quick    # the same measurements, smaller (a check that it
                                                # works: with 40 runs, start-up dominates the ratio)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SOBOL_RANGES = {
    "floor_price": "0:2000000",
    "floor_enforcement": "0:1",
    "floor_socialisation": "0:1",
    "training_followup": "0:1",
    "demand_scale": "0.5:1.5",
    "outside_wage": "2000000:4000000",
    "youth_programme": "0:1",
    "csr_budget": "0:300000000",
}
"""The 8 parameters of the Sobol' benchmark and their ranges (registry units: Rp, shares, ratio)."""


PARTS = ("throughput", "memory", "sobol")


class RssSampler:
    """Samples this process's resident set size (MB) every ``every`` seconds in a thread."""

    def __init__(self, every: float = 0.25):
        import psutil

        self.process, self.every = psutil.Process(), every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - start, self.process.memory_info().rss / 1e6))
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def study(folder: Path, *, runs: int, workers: int, months: int, design=None, reps: int | None = None) -> float:
    """Run ``runs`` baseline replications (or ``design`` x ``reps``) into ``folder``; wall seconds."""
    from analysis import runner
    from sim.scenarios import load_scenario

    params = load_scenario("baseline").params | {"months": months}
    plan = runner.Plan.build("sweep" if design else "run", {"baseline": params}, design, reps or runs, 0)
    start = time.perf_counter()
    results = runner.open_folder(plan, folder, ["bench_sweep.py"], resume=False)
    runner.run_study(plan, results, workers=workers)
    return time.perf_counter() - start


def throughput(tmp: Path, runs: int, months: int) -> None:
    rates = {}
    for workers in (1, 2):
        seconds = study(tmp / f"throughput-{workers}", runs=runs, workers=workers, months=months)
        rates[workers] = runs / seconds
        print(f"{runs} runs x {months} months, {workers} worker(s): {seconds:7.1f} s, {rates[workers]:.2f} runs/s")
    print(f"ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f} (target >= 1.7)")


def memory(tmp: Path, runs: int, months: int, workers: int) -> None:
    with RssSampler() as sampler:
        seconds = study(tmp / "memory", runs=runs, workers=workers, months=months)
    print(f"{runs} runs on {workers} workers in {seconds:.1f} s; parent RSS (MB) over time:")
    step = max(1, len(sampler.samples) // 10)
    for t, mb in sampler.samples[::step]:
        print(f"  t = {t:6.1f} s  {mb:6.1f}")
    peak = max(mb for _, mb in sampler.samples)
    print(f"  peak {peak:.1f} MB (target < 300); growth while runs go on (peak in the 9th tenth of "
          f"the time - peak in the 2nd): {_tenth(sampler, 8) - _tenth(sampler, 1):+.1f} MB (target: about 0)")


def _tenth(sampler: RssSampler, k: int) -> float:
    """Peak RSS (MB) in the k-th tenth (0-based) of the sampled time."""
    end = sampler.samples[-1][0]
    inside = [mb for t, mb in sampler.samples if k * end / 10 <= t <= (k + 1) * end / 10]
    return max(inside, default=float("nan"))


def sobol(tmp: Path, samples: int, months: int, workers: int) -> None:
    from analysis import designs, sensitivity

    start = time.perf_counter()
    axes = [designs.parse_spec(name, spec) for name, spec in SOBOL_RANGES.items()]
    design = designs.build("sobol", axes, samples, 0)
    study(tmp / "sobol", runs=len(design.points), workers=workers, months=months, design=design, reps=1)
    ran = time.perf_counter() - start
    sensitivity.write_indices(tmp / "sobol")
    total = time.perf_counter() - start
    print(f"Sobol', {len(axes)} parameters, N = {samples}: {len(design.points)} runs x {months} months on "
          f"{workers} workers; runs {ran:.1f} s, with indices {total:.1f} s = {total / 60:.1f} min (target < 5 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 / 200 runs and N = 16 instead of 200 / 1,000 / 256")
    parser.add_argument("--months", type=int, default=120, help="months per run (default 120)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)),
                        help="workers for the memory and Sobol' parts (default: all cores)")
    parser.add_argument("--only", choices=PARTS, help="run one part only (in this process)")
    args = parser.parse_args()
    if args.only is None:  # each part in a fresh process, so that none inherits another's memory
        for part in PARTS:
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--only", part], check=True)
        return
    runs, rss_runs, samples = (40, 200, 16) if args.quick else (200, 1000, 256)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"[{args.only}] load average {load} on {os.cpu_count()} cores (other processes slow every figure)")
    with tempfile.TemporaryDirectory(prefix="bench_sweep-") as tmp:
        tmp = Path(tmp)
        if args.only == "throughput":
            throughput(tmp, runs, args.months)
        elif args.only == "memory":
            memory(tmp, rss_runs, args.months, args.workers)
        else:
            sobol(tmp, samples, args.months, args.workers)


if __name__ == "__main__":
    main()
