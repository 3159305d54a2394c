"""Run the documented robust study and keep its tables for docs/validation.md.

    python docs/make_robust.py [--workers 2] [--out DIR]

The Perda variants and the policy package against the baseline in 200 plausible worlds x 3
replications (4,800 runs of 120 months; see the README's "How sure is the answer").  An
interrupted study is finished by running the same command again with the same ``--out``.  The
tables (``robust_summary.csv``, ``robust_deciding.csv``, ``robust_rules.csv``) and the command
are copied to ``docs/robust/``, which ``docs/make_validation.py`` renders.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import cli  # noqa: E402

POLICIES = ("perda", "perda_strict", "perda_weak", "perda_unenforced", "perda_socialised", "perda_certified",
            "policy_package")
WORLDS, REPS = 200, 3
TABLES = ("robust_summary.csv", "robust_deciding.csv", "robust_rules.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "results" / "robust-documented"))
    args = parser.parse_args()
    study = ["robust", *POLICIES, "--worlds", str(WORLDS), "--reps", str(REPS)]
    command = [*study, "--workers", str(args.workers), "--out", args.out]
    if (Path(args.out) / "manifest.json").is_file():
        command.append("--resume")
    code = cli.main(command)
    if code != 0:
        sys.exit(code)
    target = ROOT / "docs" / "robust"
    target.mkdir(exist_ok=True)
    for name in TABLES:
        shutil.copyfile(Path(args.out) / name, target / name)
    manifest = json.loads((Path(args.out) / "manifest.json").read_text())
    about = {"command": "python run_experiments.py " + " ".join(study),
             "worlds": WORLDS, "reps": REPS, "runs": len(manifest["runs"]), "git_commit": manifest.get("git_commit")}
    (target / "about.json").write_text(json.dumps(about, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
