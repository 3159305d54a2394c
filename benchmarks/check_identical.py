"""Check that a change to the code leaves the model's results unchanged, bit for bit.

Runs every scenario of ``scenarios/`` (``sim.list_scenarios``) for seeds 0, 1 and 2 at its own
months, plus a few larger or policy-heavy cases (``EXTRA``), and hashes (SHA-256) each run's
monthly table (column names, dtypes and values) and weaver-age table.  Record the hashes before a
change, check them after:

    python benchmarks/check_identical.py --write /tmp/reference_hashes.json
    python benchmarks/check_identical.py --check /tmp/reference_hashes.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEEDS = (0, 1, 2)
EXTRA = {
    "baseline@5000": ("baseline", {"n_weavers": 5000, "months": 60}),
    "perda@sobol_corner": ("perda", {"floor_enforcement": 1.0, "floor_socialisation": 1.0, "training_followup": 1.0,
                                     "demand_scale": 1.5, "youth_programme": 1.0, "csr_budget": 300_000_000}),
    "baseline@low_demand": ("baseline", {"demand_scale": 0.5, "outside_wage": 2_000_000, "floor_price": 2_000_000,
                                         "floor_enforcement": 0.5}),
    "baseline@kur_aid": ("baseline", {"kur_facilitation": 0.5, "material_aid": 0.5}),
}
"""Cases beyond the scenario files: name -> (scenario, overriding values)."""


def digest(columns: dict[str, np.ndarray]) -> str:
    """SHA-256 of a table given as name -> array: each column's name, dtype and raw bytes."""
    sha = hashlib.sha256()
    for name, values in columns.items():
        values = np.ascontiguousarray(values)
        sha.update(f"{name}:{values.dtype.str}:{values.shape}".encode())
        sha.update(values.tobytes())
    return sha.hexdigest()


def cases() -> dict[str, tuple[str, dict]]:
    """Every case to run: scenario name -> (scenario, overrides), the extra cases included."""
    from sim.scenarios import list_scenarios

    return {name: (name, {}) for name, _ in list_scenarios()} | EXTRA


def hashes() -> dict[str, dict[str, str]]:
    """Case@seed -> the digests of its monthly table and its weaver-age table."""
    from sim.params import resolve
    from sim.run import simulate_with_ages
    from sim.scenarios import load_scenario

    out = {}
    for name, (scenario, overrides) in cases().items():
        params = resolve(load_scenario(scenario).values | overrides)
        for seed in SEEDS:
            monthly, ages = simulate_with_ages(params, seed)
            out[f"{name}@{seed}"] = {"monthly": digest({c: monthly[c].to_numpy() for c in monthly}),
                                     "ages": digest({c: ages[c].to_numpy() for c in ages})}
            print(f"{name}@{seed}: {out[f'{name}@{seed}']['monthly'][:12]}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="record the hashes into this JSON file")
    group.add_argument("--check", type=Path, help="compare with the hashes recorded in this JSON file")
    args = parser.parse_args()
    now = hashes()
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"{len(now)} runs recorded in {args.write}")
        return
    reference = json.loads(args.check.read_text())
    differ = sorted(key for key in reference.keys() | now.keys() if reference.get(key) != now.get(key))
    for key in differ:
        print(f"DIFFERENT {key}: reference {reference.get(key)}, now {now.get(key)}")
    print(f"{len(now) - len(differ)} of {len(reference)} runs identical" + ("" if differ else ": all identical"))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
