"""The craft cluster in the browser, month by month, with the policy levers on sliders (Mesa's SolaraViz).

    pip install -e ".[viz]" && solara run app.py

Choose the scenario to start from (its values set the sliders), move the levers, press Reset to
build the model with them, then Step or Play.  With the side-by-side switch the baseline scenario
runs beside the chosen policy under the same seed, cluster size and horizon, and every plot draws
it dashed.  The toggle in the top bar switches every label between English and Indonesian
(analysis/glossary.toml).
"""

from __future__ import annotations

import math

import mesa
import numpy as np
import solara
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from mesa.experimental.scenarios import Scenario
from mesa.visualization import Slider, SolaraViz

import sim
from analysis import lang as words
from analysis import style
from analysis.figures import AGE_BINS, START_COLOUR
from sim.floor import bound_sellers
from sim.outcomes import MONTH_FLOWS, unit
from sim.params import REGISTRY, resolve
from sim.scenarios import list_scenarios, load_scenario

START = "perda"
"""The scenario the dashboard opens with."""

BASELINE = "baseline"
"""The scenario the side-by-side mode runs beside the chosen policy."""

LEVERS = ("n_weavers", "months", "floor_price", "floor_start_month", "floor_enforcement", "floor_penalty",
          "floor_socialisation", "floor_certified_only", "training_followup", "dinas_staff", "dinas_budget",
          "csr_budget", "youth_programme")
"""The parameters on the controls: the cluster's size, the horizon and the policy levers."""

REGENERATION = (("active_weavers",), ("median_age",), ("entrants",), ("weaver_gross_mean", "weaver_income_mean"))
MARKET = (("units_genuine", "units_imitation"), ("price_genuine",), ("floor_compliance",), ("trust_mean",))
"""The headline plots, four panels each, a panel the outcome columns drawn in it."""

PANEL_TITLES = {("weaver_gross_mean", "weaver_income_mean"): "dashboard.income",
                ("units_genuine", "units_imitation"): "dashboard.sales"}
"""Glossary keys of the titles of panels with more than one outcome (one outcome: its label)."""

THREAD_COLOURS = (style.OKABE_ITO[1], style.OKABE_ITO[0])
"""Weaver dots by thread: imitation, genuine silk."""

COMPLIANCE_COLOURS = ("#CCCCCC", style.OKABE_ITO[2], style.OKABE_ITO[4])
"""Weaver dots by the floor: none binds, sells at or above it, undercuts it."""

LANG = solara.reactive("en")
"""The language of every label (``en`` or ``id``), chosen in the top bar."""

FIGURE_SIZE = (7.0, 4.7)
"""Width and height of each plot, inches: a cell of SolaraViz's grid, two to a row."""

MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.12, "top": 0.88}
"""Where the axes of a plot sit, as shares of the figure (a panel may set its own)."""

SCREEN_DPI = 80
"""Dots per inch of the plots on screen (the project's figure files use 300)."""

style.apply()

KINDS = {"float": float, "int": int, "bool": bool}



def _settings_class() -> type[Scenario]:
    """Mesa's typed Scenario of the dashboard: the scenario file to start from, the side-by-side
    switch and one field per lever, so that SolaraViz's Reset hands the controls' values to it."""
    fields = {"start_from": str, "compare": bool, **{name: KINDS[REGISTRY[name].kind] for name in LEVERS}}
    defaults = {"start_from": START, "compare": False, **{name: REGISTRY[name].default for name in LEVERS}}
    return type("DashboardScenario", (Scenario,), {**defaults, "__annotations__": fields, "__module__": __name__,
                                                   "__doc__": "The dashboard's settings; ``rng`` is the seed."})


DashboardScenario = _settings_class()


def settings(start_from: str = START, seed: int = 0, compare: bool = False) -> Scenario:
    """The dashboard's settings with the levers at the values of scenario ``start_from``."""
    values = resolve(load_scenario(start_from).values)
    return DashboardScenario(rng=seed, start_from=start_from, compare=compare,
                             **{name: values[name] for name in LEVERS})


def craft_params(scenario: str, levers: dict) -> dict:
    """Parameters of ``scenario`` with ``levers`` set; its youth and firms scale with the number
    of weavers, so that the cluster keeps its make-up at any size."""
    values = load_scenario(scenario).values
    base = resolve(values)
    scale = levers["n_weavers"] / base["n_weavers"]
    firms = round(base["n_firms"] * scale) or min(base["n_firms"], 1)
    return {**values, "n_youth": round(base["n_youth"] * scale), "n_firms": firms, **levers}


class Dashboard(mesa.Model):
    """The chosen policy and, side by side, the baseline under the same seed, a month per step.

    ``policy`` is the craft model of the settings' scenario with their levers; with ``compare``,
    ``baseline`` is the baseline scenario's at the same cluster size and horizon (else None).
    ``start_ages`` holds the ages (years) of the weavers at month 0.
    """

    def __init__(self, scenario: Scenario | None = None):
        super().__init__(scenario=scenario or settings())
        s = self.scenario
        levers = {name: getattr(s, name) for name in LEVERS}
        self.policy = sim.CraftModel(rng=s.rng, **craft_params(s.start_from, levers))
        self.baseline = (sim.CraftModel(rng=s.rng, **craft_params(BASELINE, {
            name: levers[name] for name in ("n_weavers", "months")})) if s.compare else None)
        self.start_ages = self.policy.weavers.age[self.policy.weavers.active].copy()

    def step(self):
        """One month of the policy and of any baseline."""
        for craft in self.runs():
            craft.step()
        self.running = self.policy.running

    def runs(self) -> list[sim.CraftModel]:
        """The craft models shown: the policy, then any baseline."""
        return [self.policy] + ([self.baseline] if self.baseline is not None else [])


# ---- controls ------------------------------------------------------------------------------------

def control(name: str, value, lang: str):
    """A slider (a switch for a flag) for parameter ``name`` at ``value``: its range is the
    plausible range of the registry widened to hold ``value``, its label the glossary's with the unit."""
    param, label = REGISTRY[name], words.text(f"param.{name}", lang)
    if param.kind == "bool":
        return {"type": "Checkbox", "value": value, "label": label}
    label = words.text("axis.with_unit", lang, label=label, unit=words.unit_text(param.unit, lang))
    low = max(param.lo, min(param.plausible_range[0], value))
    high = min(param.hi, max(param.plausible_range[1], value))
    step = 10.0 ** math.floor(math.log10((high - low) / 100)) if high > low else 1.0
    if param.kind == "int":
        return Slider(label, int(value), int(low), int(high), max(int(step), 1))
    return Slider(label, float(value), float(low), float(high), step, dtype=float)


def controls(start_from: str, lang: str) -> dict:
    """SolaraViz's model parameters: the scenario (fixed, chosen above them), the side-by-side
    switch, the seed and the levers at the scenario's values."""
    start = settings(start_from)
    return {"start_from": start_from,
            "compare": {"type": "Checkbox", "value": False, "label": words.text("dashboard.compare", lang)},
            "rng": Slider(words.text("dashboard.seed", lang), 0, 0, 99),
            **{name: control(name, getattr(start, name), lang) for name in LEVERS}}


# ---- plots ---------------------------------------------------------------------------------------
# Matplotlib figures of fixed layout (no layout engine: it would draw every figure twice).

def figure(rows: int, columns: int, **margins):
    """A figure of FIGURE_SIZE with ``rows`` x ``columns`` axes and fixed margins."""
    fig = Figure(figsize=FIGURE_SIZE, layout="none")
    fig.subplots_adjust(**{**MARGINS, **margins})
    return fig, fig.subplots(rows, columns, squeeze=False)


def on_screen(fig):
    """``fig`` as a PNG on the page."""
    return solara.FigureMatplotlib(fig, format="png", dpi=SCREEN_DPI)


def run_styles(model: Dashboard, lang: str) -> list[tuple[sim.CraftModel, str, str]]:
    """(craft model, line style, legend name) of each run shown: the chosen policy, then any baseline."""
    names = [f"{words.text('dashboard.policy', lang)}: {model.scenario.start_from}", words.text("dashboard.baseline", lang)]
    return list(zip(model.runs(), ("-", "--"), names))


def draw_panel(ax, columns: tuple[str, ...], model: Dashboard, lang: str) -> None:
    """One headline panel: each outcome column of every run over the months (flows from month 1,
    the baseline dashed), the floor price over the price of genuine silk, the unit on the y axis."""
    for craft, dash, _ in run_styles(model, lang):
        frame = craft.datacollector.get_model_vars_dataframe()
        for colour, column in zip(style.OKABE_ITO, columns):
            values = frame[column].iloc[1:] if column in MONTH_FLOWS else frame[column]
            ax.plot(values.index, values.to_numpy(), dash, color=colour, linewidth=1.2)
    if "price_genuine" in columns:
        draw_floor(ax, model.policy, lang)
    ax.set_title(words.text(PANEL_TITLES[columns], lang) if len(columns) > 1 else words.label(columns[0], lang),
                 fontsize=9)
    ax.set_ylabel(words.unit_text(unit(columns[0]), lang))
    ax.set_xlim(0, max(model.policy.month, 1))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    style.value_axis(ax.yaxis, unit(columns[0]), lang)
    if len(columns) > 1:
        handles = [Line2D([], [], color=colour) for colour in style.OKABE_ITO[:len(columns)]]
        ax.legend(handles, [words.label(column, lang) for column in columns], fontsize=6, loc="lower left")


def draw_floor(ax, craft: sim.CraftModel, lang: str) -> None:
    """The policy's floor price (Rp) as a dotted line from the month it starts, once it has."""
    floor, start = craft.p["floor_price"], craft.p["floor_start_month"]
    if floor > 0 and craft.month >= start:
        rule = ax.hlines(floor, start, max(craft.month, start + 1), colors=style.NEUTRAL, linestyles=":")
        ax.legend([rule], [words.text("param.floor_price", lang)], fontsize=7, loc="lower left")


def outcome_plots(panels):
    """A component of four headline ``panels`` over the months, two to a row."""

    def OutcomePlots(model: Dashboard):
        lang = LANG.value
        fig, axes = figure(2, 2, hspace=0.45, wspace=0.45)
        for ax, columns in zip(axes.ravel(), panels):
            draw_panel(ax, columns, model, lang)
        for ax in axes[-1]:
            ax.set_xlabel(words.text("dashboard.time", lang))
        runs = run_styles(model, lang)
        fig.legend([Line2D([], [], color="black", linestyle=dash) for _, dash, _ in runs],
                   [name for *_, name in runs], loc="upper center", ncols=len(runs), fontsize=8, frameon=False)
        return on_screen(fig)

    return OutcomePlots


def village_layout(village: np.ndarray, villages: int) -> np.ndarray:
    """x, y of each weaver row: the villages are discs on a ring, and a village's weavers fill its
    disc along a sunflower spiral in the order they joined, so that a weaver keeps its place."""
    order = np.argsort(village, kind="stable")
    ranked = village[order]
    rank = np.empty(village.size)
    rank[order] = np.arange(village.size) - np.searchsorted(ranked, ranked)
    radius, angle = np.sqrt(rank + 0.5), rank * math.pi * (3 - math.sqrt(5))
    disc = math.sqrt(rank.max() + 1) if village.size else 1.0
    ring = 1.15 * disc / math.sin(math.pi / max(villages, 2))
    centre = 2 * math.pi * village / villages
    return np.column_stack([ring * np.cos(centre) + radius * np.cos(angle),
                            ring * np.sin(centre) + radius * np.sin(angle)])


def floor_state(craft: sim.CraftModel) -> np.ndarray:
    """Per weaver row this month: 0 no floor binds it, 1 it sold at or above the floor, 2 it (or
    the firm it sells through) undercut the floor."""
    w, f = craft.weavers, craft.firms
    state = np.zeros(len(w), int)
    if not craft.now.floor_on or craft.floor.complied is None:
        return state
    complied = np.zeros(len(w), bool)
    complied[:craft.floor.complied.size] = craft.floor.complied[:len(w)]
    firm_undercut = np.zeros(len(w), bool)
    tied = w.firm >= 0
    firm_undercut[tied] = f.undercut[w.firm[tied]]
    state[complied] = 1
    state[bound_sellers(w, f, craft.p) & ~complied & (w.undercut | firm_undercut)] = 2
    return state


def dashboard_words(keys, lang: str) -> list[str]:
    """The dashboard's glossary entries ``keys`` in ``lang``."""
    return [words.text(f"dashboard.{key}", lang) for key in keys]


def draw_network(ax, xy: np.ndarray, ties: np.ndarray, state: np.ndarray, colours, names, title: str) -> None:
    """Weavers as dots at ``xy`` coloured by ``state`` (an index into ``colours``) over their ``ties``."""
    ax.add_collection(LineCollection(xy[ties], colors="#BBBBBB", linewidths=0.3, zorder=1))
    ax.scatter(*xy.T, c=np.asarray(colours)[state], s=5, linewidths=0, zorder=2)
    ax.legend([Line2D([], [], marker="o", linestyle="", color=colour) for colour in colours], names,
              fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False)
    ax.set_title(title, fontsize=9)
    ax.set_aspect("equal")
    ax.set_axis_off()


def network_plots(model: Dashboard):
    """The policy's weaver network by thread and by compliance with the floor, one dot a weaver."""
    lang, craft = LANG.value, model.policy
    w = craft.weavers
    rows = w.active.nonzero()[0]
    where = np.full(len(w), -1)
    where[rows] = np.arange(rows.size)
    ties = craft.network.ties()
    ties = where[ties[w.active[ties].all(axis=1)]]
    xy = village_layout(w.village, craft.p["n_villages"])[rows]
    fig, (axes,) = figure(1, 2, left=0.02, right=0.98, bottom=0.2, wspace=0.05)
    for ax, key, state, keys, colours in (
            (axes[0], "network_thread", w.genuine.astype(int), ("imitation", "genuine"), THREAD_COLOURS),
            (axes[1], "network_compliance", floor_state(craft), ("not_bound", "complies", "undercuts"),
             COMPLIANCE_COLOURS)):
        draw_network(ax, xy, ties, state[rows], colours, dashboard_words(keys, lang), words.text(f"dashboard.{key}", lang))
    fig.suptitle(words.text("dashboard.month", lang, month=craft.month), fontsize=9)
    return on_screen(fig)


def age_counts(ages: np.ndarray) -> np.ndarray:
    """Weavers per five-year age class (ages in years; the last class holds the oldest)."""
    return np.histogram(np.clip(ages, AGE_BINS[0], AGE_BINS[-1] - 1e-9), AGE_BINS)[0]


def age_pyramid(model: Dashboard):
    """Weavers per five-year age class at month 0 (grey) and now (colour; the baseline outlined)."""
    lang = LANG.value
    fig, ((ax,),) = figure(1, 1, left=0.12)
    centres = AGE_BINS[:-1] + np.diff(AGE_BINS) / 2
    ax.barh(centres, age_counts(model.start_ages), height=4.6, color=START_COLOUR,
            label=words.text("dashboard.month", lang, month=0))
    for craft, dash, name in run_styles(model, lang):
        now = age_counts(craft.weavers.age[craft.weavers.active])
        label = f"{words.text('dashboard.month', lang, month=craft.month)}, {name}"
        if dash == "-":
            ax.barh(centres, now, height=2.6, color=style.OKABE_ITO[0], label=label)
        else:
            ax.step(now, centres, where="mid", color="black", linestyle=dash, linewidth=1, label=label)
    ax.set_xlabel(words.text("dashboard.weavers", lang))
    ax.set_ylabel(words.text("axis.age", lang))
    ax.set_title(words.text("dashboard.pyramid", lang, month=model.policy.month), fontsize=9)
    style.number_axis(ax.xaxis, lang)
    ax.legend(fontsize=7, loc="upper right")
    return on_screen(fig)


# ---- the page ------------------------------------------------------------------------------------

@solara.component
def Page():
    """The dashboard: language toggle, scenario chooser, SolaraViz's controls and the plots."""
    start_from = solara.use_reactive(START)
    model = solara.use_memo(lambda: Dashboard(settings(start_from.value)), [start_from.value])
    lang = LANG.value
    with solara.AppBar():
        solara.ToggleButtonsSingle(value=LANG, values=list(words.LANGS))
    with solara.Sidebar(), solara.Card(words.text("dashboard.scenario", lang)):
        solara.Select(label=words.text("dashboard.scenario", lang), value=start_from,
                      values=[name for name, _ in list_scenarios()])
    SolaraViz(model, components=[outcome_plots(REGENERATION), outcome_plots(MARKET), network_plots, age_pyramid],
              model_params=controls(start_from.value, lang), name=words.text("dashboard.title", lang)
              ).key(start_from.value)
