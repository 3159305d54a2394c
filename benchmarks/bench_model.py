"""Speed of the model against Mesa's own BoltzmannWealth example, in one process.

Prints (1) the median wall time of the baseline (1,000 weavers, 120 months, monthly collection)
and of ``mesa.examples.BoltzmannWealth(n=1000)`` on its default 10x10 grid for 120 steps, and
their ratio (target 0.5 or less); (2) the time of 10,000 weavers against 1,000 (target: at most
10 times).  Figures only: nothing here fails on a slow machine.

    python benchmarks/bench_model.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn, repeats: int) -> float:
    """Median wall time of ``fn()`` in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_boltzmann(steps: int = 120) -> None:
    from mesa.examples import BoltzmannWealth

    model = BoltzmannWealth(n=1000, seed=1)
    for _ in range(steps):
        model.step()


def run_baseline(n_weavers: int = 1000, months: int = 120) -> None:
    from sim.params import resolve
    from sim.run import simulate

    simulate(resolve({"n_weavers": n_weavers, "months": months}), seed=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    run_baseline(months=2)  # warm imports
    run_boltzmann(steps=2)
    boltz = timed(run_boltzmann, args.repeats)
    base = timed(run_baseline, args.repeats)
    print(f"BoltzmannWealth(n=1000), 120 steps : {boltz:.3f} s (median of {args.repeats})")
    print(f"baseline, 1,000 weavers, 120 months: {base:.3f} s")
    print(f"ratio baseline / Boltzmann         : {base / boltz:.2f} (target <= 0.5)")
    big = timed(lambda: run_baseline(n_weavers=10_000), max(1, args.repeats // 2))
    print(f"baseline, 10,000 weavers           : {big:.3f} s")
    print(f"ratio 10,000 / 1,000 weavers       : {big / base:.2f} (target <= 10)")


if __name__ == "__main__":
    main()
