"""The comparison report: files written, every image embedded, words in the chosen language, and
the HTML as a browser sees it (headless Chromium, skipped when it is not installed)."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import pandas as pd
from hypothesis import given, settings, strategies as st

from analysis import lang as words, policy, report, summary
from sim.params import REGISTRY, resolve
from tests import synthetic

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IMG = re.compile(r"<img\b[^>]*>")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    folder = synthetic.compare_folder(tmp_path_factory.mktemp("en"), reps=4, months=120)
    report.write_compare_report(folder, lang="en")
    return folder


@pytest.fixture(scope="module")
def indonesian(tmp_path_factory):
    folder = synthetic.compare_folder(tmp_path_factory.mktemp("id"), reps=3, months=30, ages=False)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["runs"][-1]["status"] = "failed"  # one unfinished run: left out and reported
    (folder / "manifest.json").write_text(json.dumps(manifest))
    report.write_compare_report(folder, lang="id")
    return folder


def test_report_files_and_embedded_images(english):
    md = (english / "report.md").read_text()
    html = (english / "report.html").read_text()
    images = IMG.findall(html)
    assert len(images) == 4  # trajectories, forest, scorecard, pyramid (ages.parquet present)
    for tag in images:
        data = re.search(r'src="data:image/png;base64,([^"]+)"', tag)
        assert data, tag
        assert base64.b64decode(data.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    for name in re.findall(r"\]\((figures/[^)]+)\)", md):
        assert (english / name).is_file()
    for name in ("forest", "scorecard", "pyramid", "trajectories"):
        assert (english / "figures" / f"{name}.svg").is_file()


def test_report_says_what_was_run(english):
    md = (english / "report.md").read_text()
    assert "Scenarios: baseline, perda; reference: baseline." in md
    assert "| floor_price | Rp | Rp 0 | Rp 1,000,000 |" in md
    assert "4 replications per scenario over 120 months (10 years)" in md
    assert "0: 1000; 1: 1001; 2: 1002; 3: 1003" in md
    assert "| mesa | 3.3.1 |" in md
    assert "**In year 5 (mean of months 49 to 60)**" in md and "**In year 10 (mean of months 109 to 120)**" in md


def test_report_sentences_follow_the_numbers(english):
    md = (english / "report.md").read_text()
    assert re.search(r"Under perda, the number of active weavers in year 10 \(mean of months 109 to 120\) is "
                     r"[\d.]+ % \([\d.]+ % to [\d.]+ %\) lower than in baseline\.", md)
    assert "compliance with the price floor" not in md  # the baseline has no floor to comply with


def test_indonesian_report(indonesian):
    md = (indonesian / "report.md").read_text()
    html = (indonesian / "report.html").read_text()
    for header in ("## Ringkasan", "### Yang dijalankan", "### Temuan", "### Hasil utama", "## Gambar",
                   "| Keluaran | Satuan | Skenario",
                   "Selisih (IK 95 %)", "Selisih relatif (IK 95 %)", "Ukuran efek d_z", "p (uji-t berpasangan)"):
        assert header in md, header
    assert "Dengan skenario perda, jumlah penenun aktif pada tahun ke-2 (rata-rata bulan ke-13 sampai 24)" in md
    assert "sutra asli tidak boleh dijual di bawah Rp 1.000.000; berlaku mulai tahun ke-2 (bulan ke-12)" in md
    assert "Run yang tidak selesai: 1" in md
    assert "| floor_price | Rp | Rp 0 | Rp 1.000.000 |" in md
    assert not re.search(r"\b(Outcome|Scenario|Findings|Headline results|Under perda|Summary|almost certain|"
                         r"What it means)\b", md)
    assert '<html lang="id">' in html and len(IMG.findall(html)) == 3  # no ages.parquet: no pyramid


def row(**values):
    base = {"scenario": "perda", "outcome": "active_weavers", "month": 120, "diff": -80.0, "ci_low": -107.0,
            "ci_high": -53.0, "rel": -0.12, "rel_low": -0.16, "rel_high": -0.08, "relative": True}
    return base | values


def test_sentences_from_numbers():
    assert report.sentence(row(), "baseline", "in year 10", "en") == (
        "Under perda, the number of active weavers in year 10 is 12 % (8 % to 16 %) lower than in baseline.")
    assert report.sentence(row(), "baseline", "pada tahun ke-10", "id") == (
        "Dengan skenario perda, jumlah penenun aktif pada tahun ke-10 12 % (8 % sampai 16 %) lebih rendah "
        "daripada baseline.")
    unclear = row(rel=0.02, rel_low=-0.03, rel_high=0.07)
    assert report.sentence(unclear, "baseline", "in year 10", "en") == (
        "Under perda, the number of active weavers in year 10 is not clearly different from baseline "
        "(difference +2.0 %, 95 % interval −3.0 % to +7.0 %).")
    money = row(outcome="weaver_income_mean", relative=False, diff=150_000.0, ci_low=100_000.0, ci_high=200_000.0)
    assert report.sentence(money, "baseline", "pada tahun ke-10", "id").endswith(
        "Rp 150.000 (Rp 100.000 sampai Rp 200.000) lebih tinggi daripada baseline.")
    same = row(diff=0.0, ci_low=0.0, ci_high=0.0, rel=0.0, rel_low=0.0, rel_high=0.0)
    assert "is the same as in baseline in every replication" in report.sentence(same, "baseline", "in year 10", "en")


def diffs_row(**values):
    """A paired-difference row as :func:`report.possible` reads it (an outcome that cannot go below 0)."""
    base = {"scenario": "perda", "outcome": "entrants", "year": 10, "n": 4, "ref_mean": 0.1, "mean": 0.6,
            "diff": 0.5, "ci_low": -0.108, "ci_high": 1.108, "rel": 5.0, "rel_low": -1.08, "rel_high": 11.08,
            "relative": True, "d_z": 0.9, "p": 0.2}
    return base | values


def test_intervals_never_show_impossible_values():
    frame = pd.DataFrame([diffs_row(), diffs_row(outcome="active_weavers", ref_mean=700.0, mean=130.0, diff=-570.0,
                                                 ci_low=-710.0, ci_high=-430.0, rel=-0.81, rel_low=-1.01,
                                                 rel_high=-0.61)])
    cut = report.possible(frame, {"entrants": (0.0, None), "active_weavers": (0.0, None)})
    assert not cut["relative"].any()  # a fall of more than 100 % is no relative difference to show
    assert (cut["ci_low"] >= -cut["ref_mean"]).all()  # no scenario mean below zero
    assert cut.loc[1, "ci_low"] == -700.0 and cut.loc[0, "ci_high"] == 1.108
    text = report.interval(*cut.loc[0, ["diff", "ci_low", "ci_high"]], "weavers/month", "en")
    assert text == "+0.50 (−0.10 to +1.11)"


def test_summary_first_then_statistics(english):
    md = (english / "report.md").read_text()
    order = [md.index(text) for text in ("## Summary", "**What each scenario does**", "What perda changes",
                                         "What it means for competitiveness", "What it means for regeneration",
                                         "## Figures", "### What was run", "### Headline results")]
    assert order == sorted(order)
    summary = md[md.index("## Summary"):md.index("## Figures")]
    assert "d_z" not in summary
    assert "genuine silk may not be sold below Rp 1,000,000; in force from year 2 (month 12)" in summary
    assert "a seller caught undercutting pays a fine of Rp 2,000,000" in summary
    findings = summary[summary.index("What perda changes"):summary.index("What it means")]
    sentences = [line for line in findings.splitlines() if line.startswith("- ")]
    assert 3 <= len(sentences) <= 5
    assert all(re.search(r": (almost certain|very likely|likely|not clear, could be chance)\.$", s) for s in sentences)


SCENARIO_LEVERS = st.fixed_dictionaries({}, optional={
    name: st.sampled_from([REGISTRY[name].lo, REGISTRY[name].hi, REGISTRY[name].default])
    if REGISTRY[name].kind in ("int", "float") else
    st.booleans() if REGISTRY[name].kind == "bool" else st.sampled_from(REGISTRY[name].choices)
    for name in policy.POLICY_LEVERS})


@settings(max_examples=40, deadline=None)
@given(SCENARIO_LEVERS, st.sampled_from(["en", "id"]))
def test_summary_names_every_policy_setting_that_differs_from_no_policy(levers, lang):
    no_policy = {name: policy.off_value(name) for name in policy.POLICY_LEVERS if policy.off_value(name) is not None}
    params = resolve(levers, base=no_policy)
    common, lines = summary.policy_lines({"none": resolve(no_policy), "chosen": params}, lang)
    text = " ".join(filter(None, [common, *lines]))
    described = dict(policy.describe(params, lang))
    named = {name for names in described for name in names}
    assert set(policy.differing(params)) <= named
    for phrase in described.values():
        assert phrase in text
    assert policy.differing(resolve(no_policy)) == []
    alone = summary.policy_lines({"none": resolve(no_policy)}, lang)[1]
    assert alone == [words.text("summary.scenario_policy", lang, scenario="none",
                                policy=words.text("policy.no_policy", lang))]


# ---- in a browser ------------------------------------------------------------------------------

PROBE = """<script>window.addEventListener("load", () => {
  const images = [...document.images];
  document.body.dataset.images = images.length;
  document.body.dataset.broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).length;
});</script>"""


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def image_counts(tmp_path, html: str) -> tuple[int, int]:
    """(images, broken images) of a page after it has loaded, from a copy with a small probe script."""
    page = tmp_path / f"probe-{len(list(tmp_path.iterdir()))}.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    out = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", page.as_uri()).stdout
    found = re.search(r'<body[^>]*data-images="(\d+)"[^>]*data-broken="(\d+)"', out)
    assert found, out[-2000:]
    return int(found.group(1)), int(found.group(2))


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")
def test_report_in_headless_chromium(english, tmp_path):
    html = (english / "report.html").read_text()
    assert image_counts(tmp_path, html) == (4, 0)
    assert image_counts(tmp_path, '<html><body><img src="missing.png"></body></html>') == (1, 1)  # the probe works

    shot = tmp_path / "report.png"
    run = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--window-size=1200,2400",
                   f"--screenshot={shot}", (english / "report.html").as_uri())
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console
    with Image.open(shot) as image:
        pixels = np.asarray(image.convert("L"))
    assert pixels.shape[0] > 1000 and pixels.std() > 10  # a page with content, not a blank one


FOLD = """<script>window.addEventListener("load", () => {
  const first = document.querySelector("h2");
  const item = document.querySelector("h2 ~ ul li");
  document.body.dataset.fold = [first.textContent, first.getBoundingClientRect().top < innerHeight,
                                item.getBoundingClientRect().bottom < innerHeight].join("|");
});</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("lang, heading", [("en", "Summary"), ("id", "Ringkasan")])
def test_first_screen_is_the_plain_summary(english, indonesian, tmp_path, lang, heading):
    """What a reader sees first in a 1280 x 900 window: the summary's heading and what the policies are.

    With REPORT_SHOTS set to a folder, the first screen is also saved there as report_<lang>.png."""
    folder = english if lang == "en" else indonesian
    html = (folder / "report.html").read_text()
    page = tmp_path / "fold.html"
    page.write_text(html.replace("</body>", FOLD + "</body>"), encoding="utf-8")
    out = chromium(tmp_path, "--window-size=1280,900", "--virtual-time-budget=5000", "--dump-dom",
                   page.as_uri()).stdout
    assert f'data-fold="{heading}|true|true"' in out, out[-500:]
    shot = tmp_path / f"report_{lang}.png"
    chromium(tmp_path, "--window-size=1280,900", "--hide-scrollbars", f"--screenshot={shot}",
             (folder / "report.html").as_uri())
    with Image.open(shot) as image:
        assert image.size == (1280, 900) and np.asarray(image.convert("L")).std() > 10
    if os.environ.get("REPORT_SHOTS"):
        target = Path(os.environ["REPORT_SHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / shot.name)


# ---- the sweep report --------------------------------------------------------------------------

def test_sweep_report_says_what_was_varied_and_what_moves_each_outcome(tmp_path):
    from analysis import sweep_report

    grid = {"floor_price": [0, 1_000_000, 2_000_000], "floor_enforcement": [0.0, 0.5, 1.0]}
    folder = synthetic.sweep_folder(tmp_path, grid, reps=2, months=24)
    md_path, lines = sweep_report.write_sweep_report(folder, "en", paths=[])
    md = md_path.read_text()
    assert "- `floor_price`: Floor price; the values Rp 0, Rp 1,000,000, Rp 2,000,000 (Rp)" in md
    assert "- `floor_enforcement`: Enforcement of the floor; the values 0, 0.50, 1 (share 0-1)" in md
    assert "Over scenario baseline: a full grid of 9 design points x 2 replications (18 runs)" in md
    assert "How the headline outcomes respond, in year 2 (mean of months 13 to 24):" in md
    assert re.search(r"- Active weavers: moved most by `floor_\w+`, which (raises|lowers) it by", md)
    assert lines[0].startswith("How the headline outcomes respond") and "`" not in "".join(lines)
    assert '<html lang="en">' in (folder / "report.html").read_text()


@pytest.mark.parametrize("method, column", [("sobol", "first order S1"), ("morris", "μ*")])
def test_sweep_report_of_a_sensitivity_design_shows_its_indices(tmp_path, method, column):
    from analysis import figures, sweep_report

    folder = synthetic.sobol_folder(tmp_path, method)
    paths = figures.plot_results(folder, outcomes=["active_weavers"])
    md = sweep_report.write_sweep_report(folder, "id" if method == "morris" else "en", paths=paths)[0].read_text()
    assert "`training_followup`" in md and "`floor_price`" in md
    indices = md[md.index("Sensitivity indices" if method == "sobol" else "Indeks sensitivitas"):]
    assert column in indices and re.search(r"\| (Active weavers|Penenun aktif) \| floor_price \| [\d.,]+ ± [\d.,]+ \|",
                                           indices)
    assert f"](figures/{method}_active_weavers.png)" in md and "](figures/scatter_active_weavers.png)" in md
    html = (folder / "report.html").read_text()
    assert len(IMG.findall(html)) == 2
