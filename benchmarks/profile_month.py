"""Where a run's time goes, process by process of docs/ODD.md §3.

Times every process of ``CraftModel.step`` (and the spin-up, the market's parts and the
collection) over whole baseline runs, and prints each one's CPU milliseconds per run (median over
the runs) with its share of the run, then how many NumPy and other C-level function calls a month
makes.  A flat table, where no process holds much of the run, says that the cost is the number of
small array calls, not any one rule's arithmetic.  Figures only: nothing here fails.

    python benchmarks/profile_month.py [--weavers 1000] [--runs 10]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mesa  # noqa: E402

from sim import (accounts, collaboration, demography, floor, indicators, market, model,  # noqa: E402
                 production, programmes, social, threads)

PROCESSES = (
    ("dinas and CSR partner (1-3)", model.CraftModel, "_act"),
    ("training kept or lost (3)", programmes, "keep_or_lose_training"),
    ("youth and apprentices (4)", demography, "youth_month"),
    ("production (5)", production, "produce"),
    ("prices under the floor (6)", floor, "price_under_floor"),
    ("offers (6)", production, "bring_to_market"),
    ("market clearing (7)", market, "sell"),
    ("income and accounts (8)", accounts, "close_month"),
    ("choice of thread (8)", threads, "choose_thread"),
    ("social influence (9)", social, "influence"),
    ("ties among organisations (9)", collaboration.Collaboration, "update"),
    ("retirement and exit (10)", demography, "exits"),
    ("measurement (11)", indicators, "measure"),
    ("collection (11, Mesa's DataCollector)", mesa.DataCollector, "collect"),
)
"""(label, owner, attribute): each process as ``CraftModel.step`` calls it, through the module or
class attribute it reads at call time.  Production, prices, offers, market and accounts also run
in the spin-up; their figures include it."""


@contextlib.contextmanager
def timers(spent: dict[str, float]):
    """Wrap every process of ``PROCESSES`` so that its CPU seconds add up in ``spent`` (by label);
    the originals come back on exit."""
    originals = [(owner, name, getattr(owner, name)) for _, owner, name in PROCESSES]
    for (label, owner, name), (_, _, original) in zip(PROCESSES, originals):
        setattr(owner, name, _timed(original, label, spent))
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def _timed(function, label: str, spent: dict[str, float]):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
    return wrapper


def one_run(params: dict, seed: int) -> tuple[float, dict[str, float]]:
    """CPU seconds of one run (building the model included) and of each process in it."""
    from sim.run import simulate_columns

    spent: dict[str, float] = defaultdict(float)
    with timers(spent):
        start = time.process_time()
        simulate_columns(params, seed)
        total = time.process_time() - start
    return total, spent


def calls_per_month(params: dict, months: int = 12) -> float:
    """C-level function calls (NumPy functions and methods, builtins; not array operators) a
    month makes, counted over ``months`` months after a year has run."""
    crafted = model.CraftModel(rng=0, **params)
    for _ in range(12):
        crafted.step()
    count = 0

    def counter(frame, event, arg):
        nonlocal count
        count += event == "c_call"

    sys.setprofile(counter)
    try:
        for _ in range(months):
            crafted.step()
    finally:
        sys.setprofile(None)
    return count / months


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weavers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from sim.params import resolve
    from sim.scenarios import load_scenario

    params = resolve(load_scenario("baseline").params | {"n_weavers": args.weavers, "months": 120})
    one_run(params, 0)  # warm imports and caches
    runs = [one_run(params, seed) for seed in range(args.runs)]
    total = statistics.median(t for t, _ in runs)
    print(f"baseline, {args.weavers:,} weavers, 120 months: median CPU of {args.runs} runs "
          f"{1000 * total:.1f} ms (the model built, spun up and run)")
    rows = [(label, statistics.median(spent[label] for _, spent in runs)) for label, _, _ in PROCESSES]
    for label, seconds in sorted(rows, key=lambda row: -row[1]):
        print(f"  {label:40s} {1000 * seconds:7.1f} ms  {100 * seconds / total:5.1f} %")
    rest = total - sum(seconds for _, seconds in rows)
    print(f"  {'the rest (building, spin-up bookkeeping)':40s} {1000 * rest:7.1f} ms  {100 * rest / total:5.1f} %")
    print(f"C-level function calls a month: {calls_per_month(params):.0f}")


if __name__ == "__main__":
    main()
