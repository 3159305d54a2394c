"""Command line of the craft-collaboration model (``python run_experiments.py --help``).

The commands live in :mod:`analysis.cli`; the same commands are installed as ``umkm-abm``.
"""

import sys

if sys.version_info < (3, 12):
    sys.exit(f"error: this project needs Python 3.12 or newer; this is Python {sys.version.split()[0]} "
             "(see the README's Quickstart)")

from analysis.cli import console  # noqa: E402  (after the version check)

if __name__ == "__main__":
    console()
