"""Robust answers: each policy's effect across the plausible worlds, and what decides its sign.

Many of the model's numbers are assumed (status ``assumed`` in the registry).  A *world* is one
setting of them: a point of a Latin hypercube over their plausible ranges (``sim/params.py``).
A robust study runs the reference scenario and each policy in every world with common random
numbers: it is a sweep whose scenarios are the reference and the policies and whose design
points are the worlds, so its runs are stored, resumed and spread over processes or a Dask
cluster like any other study's (:mod:`analysis.runner`).  Parameters on which the scenarios
differ belong to the policies and are not sampled; measured parameters stay at their values
unless asked for.

For each policy, headline outcome and year (the annual mean of years 5 and 10):

- the paired effect in each world: the mean over replications of policy minus reference
  (:func:`world_effects`), in the outcome's unit, and relative to the reference;
- its distribution across worlds (median, 5 % and 95 % quantiles) and the shares of worlds in
  which the policy helps or hurts, by the sign of the effect in the outcome's good direction
  (:data:`HEADLINES`); "clearly" when the world's 95 % interval over replications excludes 0
  (:func:`summarise`);
- the parameters that decide it: PAWN indices (SALib, moment-independent, valid on any sample)
  of the effect against those of as many random dummy inputs as sampled parameters; a parameter
  decides when its index exceeds every dummy's, so that about one uninfluential parameter in a
  hundred passes by chance (:func:`deciding`);
- where the policy goes against its usual direction: the one-parameter threshold that best
  separates those worlds (:func:`threshold_rule`, computed here), and with EMA Workbench
  installed (``pip install -e ".[robust]"``) a PRIM box (:func:`prim_box`).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.params import REGISTRY, InputError, salib_problem

from . import designs
from .compare_stats import RELATIVE_MIN, annual_means
from .stats import mean_ci

HEADLINES = {"active_weavers": 1, "median_age": -1, "entrants": 1, "weaver_gross_mean": 1,
             "weaver_income_mean": 1, "units_genuine": 1, "local_market_share": 1, "trust_mean": 1}
"""Headline outcomes and the direction in which a change helps (+1 more is better, -1 less is
better: a younger workforce is regeneration)."""
YEARS = (5, 10)
"""Horizons: annual means of these years of the run."""
DEFAULT_WORLDS = 200
DEFAULT_REPS = 3
PAWN_SLICES = 10
"""PAWN's conditioning slices at most; fewer when there are fewer than 12 worlds a slice."""
RULE_DENSITY = 0.5
"""A threshold rule is kept only when most worlds inside it go against the usual direction."""
PRIM_INPUTS = 5
"""PRIM searches the strongest deciding parameters only: peeling over every sampled parameter
with a few hundred worlds restricts noise dimensions as readily as the deciding ones."""
PRIM_DENSITY = 0.8
"""A PRIM box is chosen as the one of largest coverage whose density reaches this share."""
MIN_WORLDS = 20
"""Fewer worlds cannot rank parameters (PAWN needs several worlds in each of its slices)."""


# ---- the worlds -------------------------------------------------------------------------------

def sampled_names(scenarios: dict[str, dict], statuses=("assumed",)) -> list[str]:
    """The uncertain parameters of ``statuses`` (``sim.params.uncertain``) on which every scenario agrees."""
    names = salib_problem(tuple(statuses))["names"]
    return [name for name in names if len({json.dumps(s[name]) for s in scenarios.values()}) == 1]


def world_design(scenarios: dict[str, dict], worlds: int, root_seed: int, statuses=("assumed",),
                 max_points: int = designs.MAX_POINTS) -> designs.Design:
    """A Latin hypercube of ``worlds`` points over the plausible ranges of :func:`sampled_names`."""
    if worlds < MIN_WORLDS:
        raise InputError(f"--worlds {worlds}: at least {MIN_WORLDS} are needed to tell which parameters decide")
    names = sampled_names(scenarios, statuses)
    axes = [designs.range_axis(REGISTRY[name], *REGISTRY[name].plausible_range, None) for name in names]
    return designs.build("lhs", axes, worlds, root_seed, max_points=max_points)


def world_values(design: designs.Design) -> pd.DataFrame:
    """The sampled values of every world (one row per world, integers as run), floats."""
    return pd.DataFrame(design.points, columns=design.names).astype(float)


# ---- effects per world ------------------------------------------------------------------------

def world_effects(timeseries: pd.DataFrame, reference: str, outcomes=tuple(HEADLINES),
                  years=YEARS) -> pd.DataFrame:
    """Per policy, outcome, year and world: ``effect`` (mean over replications of the paired
    difference of annual means, outcome units), ``low``/``high`` (its 95 % interval over
    replications; nan with one replication), ``reference`` (the reference's mean) and ``n``."""
    rows = []
    for year in years:
        means = annual_means(timeseries, year, list(outcomes))
        if means.empty:
            continue
        for outcome in outcomes:
            wide = means.pivot_table(index=["point", "rep"], columns="scenario", values=outcome)
            for policy in [c for c in wide.columns if c != reference]:
                diff = (wide[policy] - wide[reference]).dropna()
                for point, d in diff.groupby(level="point"):
                    effect, low, high = mean_ci(d.to_numpy())
                    rows.append({"policy": policy, "outcome": outcome, "year": year, "point": int(point),
                                 "effect": effect, "low": low, "high": high, "n": int(d.size),
                                 "reference": float(wide.loc[point, reference].mean())})
    return pd.DataFrame(rows)


def summarise(effects: pd.DataFrame) -> pd.DataFrame:
    """Per policy, outcome and year: the effect's ``median``, ``q05`` and ``q95`` across worlds
    (outcome units), ``rel_median`` (median of effect / reference when in every world the
    reference is positive and large enough for a relative change to mean something, see
    ``compare_stats.RELATIVE_MIN``; else nan) with ``rel_q05`` and ``rel_q95``, and the shares
    of worlds ``helps``, ``hurts``, ``clearly_helps``, ``clearly_hurts``."""
    rows = []
    for (policy, outcome, year), group in effects.groupby(["policy", "outcome", "year"], sort=False):
        sign = HEADLINES.get(outcome, 1)
        good = sign * group["effect"].to_numpy()
        ends = sign * group[["low", "high"]].to_numpy().T   # the interval in the good direction
        clear_low, clear_high = ends.min(axis=0), ends.max(axis=0)
        ref, effect = group["reference"].to_numpy(), group["effect"].to_numpy()
        relative = bool(np.all((ref > 0) & (ref >= RELATIVE_MIN * np.abs(ref + effect))))
        rows.append({
            "policy": policy, "outcome": outcome, "year": year, "worlds": len(group),
            "median": float(group["effect"].median()), "q05": float(group["effect"].quantile(0.05)),
            "q95": float(group["effect"].quantile(0.95)),
            "rel_median": float(np.median(effect / ref)) if relative else np.nan,
            "rel_q05": float(np.quantile(effect / ref, 0.05)) if relative else np.nan,
            "rel_q95": float(np.quantile(effect / ref, 0.95)) if relative else np.nan,
            "helps": float(np.mean(good > 0)), "hurts": float(np.mean(good < 0)),
            "clearly_helps": float(np.mean(clear_low > 0)), "clearly_hurts": float(np.mean(clear_high < 0)),
        })
    return pd.DataFrame(rows)


# ---- what decides it --------------------------------------------------------------------------

def deciding(effects: pd.DataFrame, design: designs.Design, seed: int) -> pd.DataFrame:
    """Per policy, outcome, year and sampled parameter: its PAWN index (median over slices) of the
    world effect, the largest dummy input's index (``dummy``), and ``decides`` (above it).
    ``seed`` draws the dummies and PAWN's own sampling."""
    from SALib.analyze import pawn

    x, names = world_values(design).to_numpy(), design.names
    rng = np.random.default_rng(seed)
    dummies = rng.random((x.shape[0], len(names)))
    problem = {"num_vars": 2 * len(names), "names": [*names, *(f"dummy{i}" for i in range(len(names)))],
               "bounds": [*design.problem()["bounds"], *([[0.0, 1.0]] * len(names))]}
    full = np.hstack([x, dummies])
    slices = int(np.clip(x.shape[0] // 12, 3, PAWN_SLICES))
    rows = []
    for (policy, outcome, year), group in effects.groupby(["policy", "outcome", "year"], sort=False):
        y = group.set_index("point")["effect"].reindex(range(x.shape[0])).to_numpy()
        keep = np.isfinite(y)
        if keep.sum() < MIN_WORLDS or np.ptp(y[keep]) == 0:
            continue
        index = np.asarray(pawn.analyze(problem, full[keep], y[keep], S=slices, seed=seed)["median"])
        level = float(index[len(names):].max())
        rows += [{"policy": policy, "outcome": outcome, "year": year, "parameter": name, "pawn": float(value),
                  "dummy": level, "decides": bool(value > level)} for name, value in zip(names, index)]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Rule:
    """Worlds where ``parameter`` is below (``side`` "<") or above (">") ``threshold``;
    ``density``: share of them in which the policy goes against its usual direction;
    ``coverage``: share of all such worlds that the rule holds."""

    parameter: str
    side: str
    threshold: float
    density: float
    coverage: float


def threshold_rule(x: np.ndarray, minority: np.ndarray, parameter: str) -> Rule | None:
    """The threshold on ``x`` that best separates the ``minority`` worlds (largest balanced accuracy
    of the rule "minority exactly where x is below / above it"); None without both kinds."""
    if minority.all() or not minority.any():
        return None
    order = np.argsort(x)
    xs, ms = x[order], minority[order].astype(float)
    below = np.cumsum(ms)[:-1]                      # minority worlds among the i+1 smallest
    count = np.arange(1, xs.size)
    total, other = ms.sum(), xs.size - ms.sum()
    scores = {"<": 0.5 * (below / total + (other - (count - below)) / other),
              ">": 0.5 * ((total - below) / total + (count - below) / other)}
    side = max(scores, key=lambda s: scores[s].max())
    i = int(scores[side].argmax())
    threshold = 0.5 * (xs[i] + xs[i + 1])
    inside = x < threshold if side == "<" else x > threshold
    return Rule(parameter, side, float(threshold), float(minority[inside].mean()),
                float(inside[minority].mean()))


def usually_helps(helps: float, hurts: float) -> bool:
    """Whether a policy's usual direction on an outcome is to help: it helps in at least as many
    worlds as it hurts (worlds with no change count for neither)."""
    return helps >= hurts


def minority_worlds(group: pd.DataFrame) -> np.ndarray:
    """bool per world: the policy goes against its usual direction there (hurts where it mostly
    helps, helps where it mostly hurts)."""
    good = HEADLINES.get(group["outcome"].iloc[0], 1) * group["effect"].to_numpy()
    return good < 0 if usually_helps(np.mean(good > 0), np.mean(good < 0)) else good > 0


def deciding_names(decide: pd.DataFrame, policy: str, outcome: str, year: int) -> list[str]:
    """The parameters that decide a policy's effect on an outcome in a year, strongest first."""
    rows = decide[(decide.policy == policy) & (decide.outcome == outcome) & (decide.year == year) & decide.decides]
    return list(rows.sort_values("pawn", ascending=False).parameter)


def rules(effects: pd.DataFrame, decide: pd.DataFrame, design: designs.Design, top: int = 3) -> pd.DataFrame:
    """Per policy, outcome and year: the best one-parameter rule for the minority worlds among the
    ``top`` deciding parameters (density above :data:`RULE_DENSITY`, then largest density x
    coverage), with a PRIM box over the :data:`PRIM_INPUTS` strongest deciding parameters when EMA Workbench is installed (``prim``: "name lo-hi; ..." or empty)."""
    x = world_values(design)
    rows = []
    for (policy, outcome, year), group in effects.groupby(["policy", "outcome", "year"], sort=False):
        group = group.sort_values("point")
        minority = minority_worlds(group)
        ranked = deciding_names(decide, policy, outcome, year)
        found = [threshold_rule(x.loc[group.point, name].to_numpy(), minority, name) for name in ranked[:top]]
        found = [rule for rule in found if rule is not None]
        best = max((r for r in found if r.density > RULE_DENSITY), key=lambda r: r.density * r.coverage, default=None)
        box = prim_box(x.loc[group.point, ranked[:PRIM_INPUTS]].reset_index(drop=True), minority)
        rows.append({"policy": policy, "outcome": outcome, "year": year, "minority": int(minority.sum()),
                     **({f"rule_{k}": v for k, v in asdict(best).items()} if best else {}),
                     "prim": box})
    return pd.DataFrame(rows)


def prim_box(x: pd.DataFrame, minority: np.ndarray) -> str:
    """A PRIM box (EMA Workbench) for the minority worlds: on the peeling trajectory, among the boxes
    whose density reaches :data:`PRIM_DENSITY`, those restricting the fewest parameters, and of
    them the one of largest coverage; as "name lo-hi; ...", restricted parameters only; "" without
    EMA Workbench or without such a box."""
    try:
        with warnings.catch_warnings():  # it warns about optional parts it does without
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:
        return ""
    if minority.sum() < 2 or minority.all() or x.shape[1] == 0:
        return ""
    with warnings.catch_warnings():  # pandas deprecations inside EMA Workbench, not ours to fix
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        box = prim.Prim(x, minority).find_box()
    if box is None:
        return ""
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory["density"] >= PRIM_DENSITY]
    if dense.empty:
        return ""
    fewest = dense[dense["res_dim"] == dense["res_dim"].min()]
    chosen = int(fewest.sort_values(["coverage", "density"]).index[-1])
    lims, initial = box.box_lims[chosen], box.box_lims[0]
    restricted = [name for name in x.columns if not np.allclose(lims[name], initial[name])]
    return "; ".join(f"{name} {lims[name][0]:.4g}-{lims[name][1]:.4g}" for name in restricted)


# ---- the whole analysis -----------------------------------------------------------------------

def analyse(folder: Path) -> dict[str, pd.DataFrame]:
    """Read a finished robust study and write ``robust_effects.csv`` (per world),
    ``robust_summary.csv``, ``robust_deciding.csv`` and ``robust_rules.csv``; returns those tables."""
    from . import resultset
    from .storage import read_manifest

    manifest = read_manifest(Path(folder))
    design = designs.from_description(manifest["design"], manifest["root_seed"])
    frame = resultset.timeseries(folder, list(HEADLINES))
    point = {run["run_id"]: run["point"] for run in manifest["runs"]}
    frame["point"] = frame["run_id"].map(point)
    effects = world_effects(frame, next(iter(manifest["scenarios"])))
    if effects.empty:
        raise InputError(f"'{folder}': the runs are shorter than {YEARS[0]} years, so no horizon can be read")
    decide = deciding(effects, design, manifest["root_seed"])
    tables = {"effects": effects, "summary": summarise(effects), "deciding": decide,
              "rules": rules(effects, decide, design)}
    for name, table in tables.items():
        table.to_csv(Path(folder) / f"robust_{name}.csv", index=False)
    return tables
