"""Figures from synthetic results folders: files written (PNG at 300 dpi and SVG), style and glossary."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest
from PIL import Image

from analysis import figures, lang, style
from sim.outcomes import OUTCOMES, UNITS
from sim.params import InputError
from tests import synthetic

ONE = ["active_weavers"]


@pytest.fixture(scope="module")
def compare_dir(tmp_path_factory):
    return synthetic.compare_folder(tmp_path_factory.mktemp("compare"), reps=3, months=24)


def names(paths) -> set[str]:
    return {path.name for path in paths}


def assert_written(paths) -> None:
    """Every file exists and is non-empty; each PNG has an SVG twin and print resolution."""
    assert paths
    for path in paths:
        assert path.is_file() and path.stat().st_size > 1000, path
    pngs = [path for path in paths if path.suffix == ".png"]
    assert {path.with_suffix(".svg") for path in pngs} <= set(paths)
    for path in pngs:
        with Image.open(path) as image:
            assert image.info["dpi"] == pytest.approx((style.DPI, style.DPI), abs=0.5)


def test_default_trajectories_of_a_compare(compare_dir):
    paths = figures.plot_results(compare_dir)
    assert_written(paths)
    expected = {"trajectories.png", "pyramid.png"} | {f"trajectory_{name}.png" for name in figures.MAIN_OUTCOMES}
    assert expected <= names(paths)
    assert all(path.parent == compare_dir / "figures" for path in paths)


def test_named_outcomes_in_indonesian(compare_dir):
    figures.plot_results(compare_dir)
    overview = (compare_dir / "figures" / "trajectories.png").read_bytes()
    paths = figures.plot_results(compare_dir, outcomes=["median_age"], lang="id")
    assert names(paths) == {"trajectory_median_age.png", "trajectory_median_age.svg"}
    assert (compare_dir / "figures" / "trajectories.png").read_bytes() == overview  # not overwritten
    svg = (compare_dir / "figures" / "trajectory_median_age.svg").read_text()
    assert "Waktu (tahun)" in svg and "Median usia penenun (tahun)" in svg


def test_unknown_outcome_or_language_is_bad_input(compare_dir):
    with pytest.raises(InputError, match="no_such_outcome"):
        figures.plot_results(compare_dir, outcomes=["no_such_outcome"])
    with pytest.raises(InputError, match="'fr'"):
        figures.plot_results(compare_dir, lang="fr")


def test_not_a_results_folder(tmp_path):
    with pytest.raises(InputError):
        figures.plot_results(tmp_path)


def test_sweep_of_one_parameter_gives_response_curves(tmp_path):
    folder = synthetic.sweep_folder(tmp_path, {"floor_price": [0, 500_000, 1_000_000]}, reps=2, months=12)
    paths = figures.plot_results(folder, outcomes=ONE)
    assert_written(paths)
    assert {"response_floor_price.png", "trajectory_active_weavers.png"} <= names(paths)


def test_sweep_of_two_parameters_gives_heatmaps(tmp_path):
    grid = {"floor_price": [0, 1_000_000, 1_500_000], "training_followup": [0.1, 0.4, 0.7]}
    paths = figures.plot_results(synthetic.sweep_folder(tmp_path, grid, reps=2, months=12), outcomes=ONE)
    assert_written(paths)
    assert "heatmap_active_weavers.png" in names(paths)
    assert "trajectories.png" not in names(paths)  # nine design points: too many lines


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_sensitivity_designs_give_index_charts(tmp_path, method):
    paths = figures.plot_results(synthetic.sobol_folder(tmp_path, method), outcomes=ONE)
    assert_written(paths)
    assert {f"{method}_active_weavers.png", "scatter_active_weavers.png"} <= names(paths)
    assert f"{method}_weaver_income_mean.png" not in names(paths)  # only the outcomes asked for
    assert "trajectories.png" not in names(paths)  # twelve design points: too many lines


def test_svg_is_reproducible(compare_dir):
    first = figures.plot_results(compare_dir, outcomes=["entrants"])
    text = {path: path.read_bytes() for path in first if path.suffix == ".svg"}
    figures.plot_results(compare_dir, outcomes=["entrants"])
    assert all(path.read_bytes() == content for path, content in text.items())


# ---- style -------------------------------------------------------------------------------------

def test_rupiah_and_numbers_by_language():
    assert style.format_rupiah(1_000_000, "id") == "Rp 1.000.000"
    assert style.format_rupiah(1_000_000, "en") == "Rp 1,000,000"
    assert style.format_rupiah(-5_000.4, "en") == "−Rp 5,000"
    assert style.format_number(1234.5, "id", 1) == "1.234,5"
    assert style.format_number(-0.0001, "en", 2) == "0.00"
    assert style.format_number(float("nan"), "en") == "–"


def test_scenario_colours_are_distinct_and_stable_and_years_are_months_over_twelve():
    """Up to eight scenarios get eight different colours; the reference scenario keeps its colour
    whatever it is compared with; the ninth repeats the first.  Months become years for axes."""
    eight = [f"s{i}" for i in range(8)]
    colours = style.colours(eight)
    assert list(colours) == eight and len(set(colours.values())) == 8
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in colours.values())
    assert style.colours(["baseline", "perda"])["baseline"] == style.colours(["baseline", "x", "y"])["baseline"]
    assert style.colours([*eight, "s8"])["s8"] == colours["s0"]
    assert list(style.years(np.array([0, 6, 30, 120]))) == [0.0, 0.5, 2.5, 10.0]


# ---- glossary ----------------------------------------------------------------------------------

def leaves(table: dict, prefix: str = ""):
    """(dotted key, {en, id}) for every entry of the glossary."""
    for key, value in table.items():
        if set(value) == set(lang.LANGS):
            yield prefix + key, value
        else:
            yield from leaves(value, f"{prefix}{key}.")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_glossary_entry_has_both_languages_with_the_same_placeholders():
    entries = list(leaves(lang.glossary()))
    assert len(entries) > 150
    for key, value in entries:
        assert value["en"].strip() and value["id"].strip(), key
        assert placeholders(value["en"]) == placeholders(value["id"]), key


def test_every_outcome_and_unit_has_words():
    for name in OUTCOMES:
        assert lang.label(name, "id") and lang.phrase(name, "id")
    for unit in set(UNITS.values()) | {"share [0,1]"}:
        assert unit in lang.glossary()["unit"], unit
    assert lang.axis_label("weaver_income_mean", "id") == "Rata-rata pendapatan bersih penenun (Rp/bulan)"
    assert re.fullmatch(r".+ \(.+\)", lang.axis_label("active_weavers", "en"))


def test_a_monthly_flow_is_drawn_from_month_one_and_a_state_from_month_zero():
    """Month 0 is the state at initialisation, with no month behind it, so flows (pieces sold,
    market share) read 0 there; a trajectory draws them from month 1, lest every line dive to 0
    at the origin, while states (weavers, prices) start at month 0."""
    import matplotlib.pyplot as plt
    import pandas as pd

    frame = pd.DataFrame({"group": "baseline", "rep": np.repeat([0, 1], 3), "month": np.tile([0, 1, 2], 2),
                          "units_genuine": [0, 900, 950, 0, 880, 940], "active_weavers": [1000, 990, 985] * 2})
    fig = figures.trajectory_grid(frame, ["units_genuine", "active_weavers"], {"baseline": "C0"}, "en", 2)
    flow, state = (ax.get_lines()[0].get_xdata() for ax in fig.axes[:2])
    plt.close(fig)
    assert flow.min() == pytest.approx(1 / 12) and state.min() == 0


def test_a_planner_reads_the_trajectories_right(compare_dir):
    """The floor is a reference line on the price panel, compliance is drawn only for the scenario
    with a floor, counts start at zero and income says it is net."""
    import matplotlib.pyplot as plt

    from analysis.resultset import load

    frame = figures.grouped_timeseries(load(compare_dir), "en")
    outcomes = ["price_genuine", "floor_compliance", "active_weavers", "weaver_income_mean"]
    fig = figures.trajectory_grid(frame, outcomes, style.colours(["baseline", "perda"]), "en", 3)
    price, compliance, weavers, income = fig.axes[:4]
    floor = [line for line in price.get_lines() if set(line.get_ydata()) == {1_000_000}]
    texts = [text.get_text() for text in price.texts]
    plt.close(fig)
    assert floor and "floor Rp 1,000,000" in texts
    assert [line.get_label() for line in compliance.get_lines()] == ["perda"]
    assert weavers.get_ylim()[0] == 0
    assert "net" in income.get_title()


def test_forest_panels_keep_every_effect_visible():
    """An outcome with a huge difference gets its own scale: a small effect elsewhere still spans its panel."""
    import matplotlib.pyplot as plt
    import pandas as pd

    rows = [{"scenario": "perda", "outcome": outcome, "year": year, "diff": diff, "ci_low": diff - half,
             "ci_high": diff + half}
            for outcome, diff, half in (("entrants", 50.0, 40.0), ("active_weavers", -3.0, 1.0))
            for year in (5, 10)]
    fig = figures.forest_figure(pd.DataFrame(rows), "baseline", {"perda": "C1"}, "en")
    small = fig.axes[1]
    low, high = small.get_xlim()
    plt.close(fig)
    assert small.get_title() == "Active weavers"
    assert (high - low) < 10  # not stretched to the other panel's 90


def test_short_rupiah_for_ticks_and_cells():
    assert style.short_rupiah(1_200_000, "en") == "Rp 1.2M" and style.short_rupiah(1_200_000, "id") == "Rp 1,2 jt"
    assert style.short_rupiah(350_000, "en") == "Rp 350k" and style.short_rupiah(-80_000, "id") == "−Rp 80 rb"
    assert style.short_rupiah(1_050_000, "en") == "Rp 1.05M" and style.short_rupiah(0, "en") == "Rp 0"


@pytest.mark.parametrize("lang, pattern", [("en", r"Rp \d+(\.\d+)?[kM]"), ("id", r"Rp \d+(,\d+)? (rb|jt)")])
def test_heatmap_cells_show_abbreviated_rupiah_that_fit_their_cells(tmp_path, lang, pattern):
    """Nine floor levels by five enforcement levels: every price cell reads "Rp 1.2M" ("Rp 1,2 jt"),
    and no label is wider than its cell."""
    import matplotlib.pyplot as plt

    from analysis.resultset import load

    grid = {"floor_price": [250_000 * k for k in range(9)], "floor_enforcement": [0, 0.25, 0.5, 0.75, 1]}
    results = load(synthetic.sweep_folder(tmp_path, grid, reps=2, months=12))
    style.apply()
    fig = figures.heatmap_figure(results, "weaver_income_mean", lang)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    cell = ax.get_window_extent(renderer).width / 9
    labels = [(text.get_text(), text.get_window_extent(renderer).width) for text in ax.texts]
    plt.close(fig)
    assert len(labels) == 45
    assert all(re.fullmatch(pattern, text) for text, _ in labels), labels[:3]
    assert max(width for _, width in labels) < cell
