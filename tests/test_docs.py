"""The documentation cannot drift from the registry: every default value the ODD states for a
parameter is the registry's (or the value a named scenario file sets), and docs/parameters.md is
what the registry generates."""

from __future__ import annotations

import re
from pathlib import Path

from sim.params import REGISTRY, markdown_table
from sim.scenarios import list_scenarios, load_scenario

ROOT = Path(__file__).resolve().parent.parent
MENTION = re.compile(r"`([a-z_0-9]+)`\s*=\s*(Rp\s*)?(-?[0-9][0-9,_]*(?:\.[0-9]+)?)(\s*(?:million|billion))?(\s*[×x*+/-])?")


def _number(text: str, multiplier: str | None) -> float:
    value = float(text.replace(",", "").replace("_", ""))
    return value * {"million": 1e6, "billion": 1e9}.get((multiplier or "").strip(), 1)


def test_every_parameter_value_the_odd_states_is_the_registrys_or_a_scenarios():
    text = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    scenario_values: dict[str, set] = {}
    for name, _ in list_scenarios():
        for key, value in load_scenario(name).values.items():
            scenario_values.setdefault(key, set()).add(value)
    checked, wrong = 0, []
    for match in MENTION.finditer(text):
        name, _, number, multiplier, arithmetic = match.groups()
        param = REGISTRY.get(name)
        if param is None or arithmetic or param.kind not in ("int", "float"):
            continue
        value = _number(number, multiplier)
        checked += 1
        allowed = {float(param.default)} | {float(v) for v in scenario_values.get(name, ())}
        if not any(abs(value - a) <= 1e-9 * max(1.0, abs(a)) for a in allowed):
            line = text[: match.start()].count("\n") + 1
            wrong.append(f"line {line}: {match.group(0)!r}, registry default {param.default}")
    assert checked >= 80
    assert not wrong, "\n".join(wrong)


def test_the_parameter_document_is_the_registrys():
    assert (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8") == markdown_table(), \
        "regenerate: python docs/make_parameters.py"
