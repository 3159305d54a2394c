"""Command line of the craft-collaboration model (``python run_experiments.py --help``).

The commands live in :mod:`analysis.cli`; the same commands are installed as ``umkm-abm``.
"""

import sys

from analysis.cli import main

if __name__ == "__main__":
    sys.exit(main())
