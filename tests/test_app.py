"""The dashboard (app.py) in headless Chromium: it starts, a slider moves, the model steps, the
plots follow, the labels switch to Indonesian, and neither the page nor the server reports an error.

Skipped, with the reason, without the viz extra (pip install -e ".[viz,test]") or Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("solara", reason="the viz extra is not installed (pip install -e '.[viz]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parent.parent
IMAGES = "() => Array.from(document.querySelectorAll('img')).map(image => image.src)"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``solara run app.py`` on a free local port; yields its address and its log file."""
    port, log = free_port(), tmp_path_factory.mktemp("app") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "solara", "run", "app.py", "--port", str(port),
                                    "--host", "127.0.0.1", "--production"], cwd=ROOT, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.5)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=20)


def images_changed(page, before: list[str]) -> None:
    """Wait until every plot on the page is redrawn."""
    page.wait_for_function("(before) => { const now = (" + IMAGES + ")();"
                           " return now.length === before.length && now.every((src, i) => src !== before[i]); }",
                           arg=before, timeout=30_000)


def test_slider_step_and_language_update_the_dashboard_without_errors(server):
    url, log = server
    errors = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1600, "height": 1100})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_function("document.querySelectorAll('img').length === 4", timeout=60_000)
        page.get_by_text("Floor price (Rp)", exact=True).wait_for()

        seed = page.locator(".v-slider").nth(2)  # after the play and render intervals
        seed.click()
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")
        before = page.evaluate(IMAGES)
        page.get_by_role("button", name="Reset").click()
        images_changed(page, before)
        for month in (1, 2):
            before = page.evaluate(IMAGES)
            page.get_by_role("button", name="Step").click()
            images_changed(page, before)
            page.get_by_text(f"Time: {month}.0").wait_for()

        before = page.evaluate(IMAGES)
        page.get_by_role("button", name="ID").click()
        images_changed(page, before)
        page.get_by_text("Harga dasar (Rp)", exact=True).wait_for()
        assert "Traceback" not in page.inner_text("body")
        browser.close()
    assert errors == []
    assert "Traceback" not in log.read_text()
