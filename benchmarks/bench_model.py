"""Speed of the model against Mesa's own BoltzmannWealth example, in one process.

Prints (1) the median wall time of the baseline (1,000 weavers, 120 months, monthly collection)
and of Mesa's ``BoltzmannWealth`` with 1,000 agents on its default 10x10 grid for 120 steps, and
their ratio (target 0.25 or less); (2) the time of 10,000 weavers against 1,000 (target: at most
10 times); (3) the wall and CPU time and the peak resident memory of one run of 100,000 weavers
(``--big``), in a fresh process so that its peak is its own.  Figures only: nothing here fails
on a slow machine.

    python benchmarks/bench_model.py [--repeats 5] [--big 100000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn, repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process for ``fn()``, in seconds.

    CPU time is what the ratios use: it does not grow when other programs share the cores."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def run_boltzmann(steps: int = 120) -> None:
    """Mesa's BoltzmannWealth built as the installed Mesa's example asks (a typed Scenario)."""
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

    model = BoltzmannWealth(scenario=BoltzmannScenario(n=1000, rng=1))
    for _ in range(steps):
        model.step()


def run_baseline(n_weavers: int = 1000, months: int = 120) -> None:
    """The baseline scenario (scenarios/baseline.toml) through ``sim.run.simulate``, which builds
    the monthly DataFrame as a user's call does."""
    from sim.params import resolve
    from sim.run import simulate
    from sim.scenarios import load_scenario

    simulate(resolve(load_scenario("baseline").params | {"n_weavers": n_weavers, "months": months}), seed=1)


def peak_memory_mb() -> float:
    """This process's peak resident memory (MB): VmHWM of its own address space where Linux
    gives it (``ru_maxrss`` also counts the parent's pages a child held before ``exec``)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def big_run(n_weavers: int) -> str:
    """One baseline run of ``n_weavers`` in a child process: its wall and CPU seconds and peak
    resident memory (MB), imports included."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
            f"from bench_model import run_baseline, peak_memory_mb; run_baseline(n_weavers={n_weavers}); "
            "print(peak_memory_mb())")
    start = time.perf_counter()
    peak = float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return f"{wall:.1f} / {usage.ru_utime + usage.ru_stime:.1f} s, peak memory {peak:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--big", type=int, default=100_000, help="weavers of the single large run (0: none)")
    args = parser.parse_args()
    run_baseline(months=2)  # warm imports
    run_boltzmann(steps=2)
    boltz = timed(run_boltzmann, args.repeats)
    base = timed(run_baseline, args.repeats)
    big = timed(lambda: run_baseline(n_weavers=10_000), max(1, args.repeats // 2))
    print(f"median of {args.repeats} runs; seconds as wall / CPU of this process")
    print(f"BoltzmannWealth(n=1000), 120 steps : {boltz[0]:.3f} / {boltz[1]:.3f}")
    print(f"baseline, 1,000 weavers, 120 months: {base[0]:.3f} / {base[1]:.3f}")
    print(f"baseline, 10,000 weavers           : {big[0]:.3f} / {big[1]:.3f}")
    print(f"ratio baseline / Boltzmann (CPU)   : {base[1] / boltz[1]:.2f} (target <= 0.25)")
    print(f"ratio 10,000 / 1,000 weavers (CPU) : {big[1] / base[1]:.2f} (target <= 10)")
    if args.big:
        print(f"baseline, {args.big:,} weavers, one run: {big_run(args.big)}")


if __name__ == "__main__":
    main()
