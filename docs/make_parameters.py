"""Write docs/parameters.md from the parameter registry: python docs/make_parameters.py"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.params import markdown_table  # noqa: E402

if __name__ == "__main__":
    (ROOT / "docs" / "parameters.md").write_text(markdown_table(), encoding="utf-8")
