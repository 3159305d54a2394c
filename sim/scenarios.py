"""Scenario files: TOML in ``scenarios/`` that name parameter values, checked against the registry.

A scenario file has a ``description`` (one line), an optional ``extends`` (another scenario's name
whose values it starts from) and a ``[params]`` table.  Experiment files (with an
``[experiment]`` table) live in the same folder; they are read by ``analysis``.
"""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .params import InputError, resolve

def _scenario_dir() -> Path:
    """``scenarios/`` beside the package in a checkout, else the copy installed with the package
    (as ``sim.scenario_files``), so the installed command finds them from any folder."""
    checkout = Path(__file__).resolve().parent.parent / "scenarios"
    if (checkout / "baseline.toml").is_file():
        return checkout
    spec = importlib.util.find_spec("sim.scenario_files")
    return Path(next(iter(spec.submodule_search_locations))) if spec else checkout


SCENARIO_DIR = _scenario_dir()
SCENARIO_KEYS = {"description", "extends", "params"}


@dataclass(frozen=True)
class Scenario:
    """A named set of parameter values (only those the file sets; ``params`` resolves the rest)."""

    name: str
    description: str
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def params(self) -> dict[str, Any]:
        """Every parameter, resolved: defaults overlaid with this scenario's values."""
        return resolve(self.values)


def scenario_path(name_or_path: str | Path) -> Path:
    """The file for a scenario name (``scenarios/NAME.toml``) or a path to a ``.toml`` file."""
    text = str(name_or_path)
    candidate = Path(text)
    if text.endswith(".toml"):
        if not candidate.is_file():
            raise InputError(f"scenario file '{text}' does not exist")
        return candidate
    path = SCENARIO_DIR / f"{text}.toml"
    if not path.is_file():
        known = ", ".join(name for name, _ in list_scenarios()) or "none"
        raise InputError(f"unknown scenario '{text}' (known: {known})")
    return path


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's content, or an :class:`InputError` naming the file and the fault (not
    TOML, not UTF-8 text, nested too deeply, unreadable)."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"malformed TOML in '{path}': {err}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"'{path}' is not UTF-8 text (byte {err.start}): a scenario file is TOML") from None
    except RecursionError:
        raise InputError(f"malformed TOML in '{path}': nested too deeply") from None
    except OSError as err:
        raise InputError(f"cannot read '{path}': {err.strerror or err}") from None


def check_keys(found, allowed, where: str) -> None:
    """An :class:`InputError` naming the first key of ``found`` that is not ``allowed``."""
    unknown = set(found) - set(allowed)
    if unknown:
        raise InputError(f"unknown key '{sorted(unknown)[0]}' in {where} (allowed: {', '.join(sorted(allowed))})")


def load_scenario(name_or_path: str | Path, _seen: tuple[Path, ...] = ()) -> Scenario:
    """Read and check a scenario; unknown keys, names and out-of-range values are errors, and so
    is a chain of ``extends`` that comes back to a file already in it."""
    path = scenario_path(name_or_path)
    if path.resolve() in _seen:
        raise InputError(f"scenario '{path.name}' extends itself (through {' -> '.join(p.name for p in _seen)})")
    data = read_toml(path)
    if "experiment" in data:
        raise InputError(f"'{path.name}' is an experiment file, not a scenario (use 'sweep')")
    check_keys(data, SCENARIO_KEYS, f"scenario '{path.name}'")
    values: dict[str, Any] = {}
    parent = data.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            raise InputError(f"key 'extends' in '{path.name}' must be a scenario name")
        values.update(load_scenario(parent, _seen + (path.resolve(),)).values)
    own = data.get("params", {})
    if not isinstance(own, dict):
        raise InputError(f"key 'params' in '{path.name}' must be a table")
    values.update(own)
    resolve(values)  # raises on unknown names, wrong types and out-of-range values
    description = data.get("description", "")
    if not isinstance(description, str):
        raise InputError(f"key 'description' in '{path.name}' must be a string (one line of text)")
    return Scenario(path.stem, description, values, path)


def list_scenarios() -> list[tuple[str, str]]:
    """(name, description) of every scenario file in ``scenarios/``, experiments left out."""
    out = []
    for path in sorted(SCENARIO_DIR.glob("*.toml")):
        try:
            data = read_toml(path)
        except InputError:
            out.append((path.stem, "(malformed file)"))
            continue
        if "experiment" not in data:
            description = data.get("description", "")
            out.append((path.stem, description if isinstance(description, str) else "(malformed description)"))
    return out
