"""report.html in a real browser (headless Chromium): readable, and no model text runs.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and
selenium; skipped with the reason when they are missing. A full-page PNG screenshot is written
next to the report (``report.png``) for people to look at.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from report_support import make_run, register_fakes

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None
)
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(
            "headless Chromium not found: install the Debian packages chromium and "
            "chromium-driver (apt-get install -y chromium chromium-driver) to run the browser test"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="briefing-eval-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        register_fakes(monkeypatch)
        monkeypatch.setenv("BRIEFING_EVAL_CACHE", str(tmp_path_factory.mktemp("cache")))
        folder = make_run(tmp_path_factory.mktemp("browser"))
    return folder / "report.html"


def test_report_reads_well_and_runs_no_model_script(browser, report: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    expected_title = "report-test: briefing evaluation"
    assert browser.title == expected_title, "a script from a briefing changed the title"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it is the check
    assert browser.execute_script("return document.scripts.length") == 0

    leaderboard = browser.find_element(By.ID, "leaderboard-table")
    assert leaderboard.is_displayed()
    rows = leaderboard.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert {r.find_element(By.CSS_SELECTOR, "th code").text for r in rows} == {
        "lead3",
        "textrank",
        "hostile",
    }
    assert leaderboard.find_elements(By.CSS_SELECTOR, "td.best")
    assert browser.find_element(By.ID, "significance-table").is_displayed()
    assert browser.find_element(By.ID, "ceiling-table").is_displayed()

    plots = browser.find_elements(By.CSS_SELECTOR, "figure.plot svg")
    assert len(plots) >= 4
    for plot in plots:
        assert plot.is_displayed() and plot.size["width"] > 200 and plot.size["height"] > 100

    first = browser.find_elements(By.CSS_SELECTOR, "details.article")[0]
    assert first.get_attribute("open") is not None and first.is_displayed()
    briefings = first.find_elements(By.CSS_SELECTOR, "td.brief")
    assert briefings and all(b.is_displayed() for b in briefings)
    # The hostile briefing is shown as the text it is, not executed or hidden.
    page_text = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>document.title='pwned'</script>" in page_text
    assert "<img src=x onerror=" in page_text
    marks = first.find_elements(By.CSS_SELECTOR, "mark.claim.v-bad")
    assert marks and "contradicted" in marks[0].get_attribute("title")
    assert browser.find_element(By.ID, "provenance").is_displayed()

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(int(height) + 100, 16000))
    screenshot = report.with_name("report.png")
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    assert browser.title == expected_title
    print(f"screenshot: {screenshot}")


@pytest.fixture(scope="module")
def plugin_report(tmp_path_factory) -> Path:
    from plugin_support import make_plugin_run

    return make_plugin_run(tmp_path_factory.mktemp("plugin-browser")) / "report.html"


def test_a_plugin_metric_is_shown_like_a_built_in_one(browser, plugin_report: Path) -> None:
    """The metric of tests/plugin_support.py (another distribution, one entry point) in every
    table of the page, with its label, direction and help, and in the plots' axes."""
    from selenium.webdriver.common.by import By

    browser.get(plugin_report.as_uri())
    assert browser.execute_script("return document.scripts.length") == 0

    def headers(table_id: str) -> list[str]:
        table = browser.find_element(By.ID, table_id)
        assert table.is_displayed(), table_id
        return [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]

    leaderboard = headers("leaderboard-table")
    assert "Word overlap ↑" in leaderboard and "Batch size" not in " ".join(leaderboard)
    header = browser.find_element(By.CSS_SELECTOR, "#leaderboard-table th[title*='Jaccard']")
    assert header.get_attribute("title").startswith("best Jaccard overlap")
    significance = browser.find_element(By.ID, "significance-table").text
    assert "Word overlap" in significance
    assert "Word overlap" in headers("ceiling-table")
    meta = browser.find_element(By.ID, "meta-eval")
    assert meta.is_displayed() and "Word overlap" in meta.text
    legend = browser.find_element(By.ID, "leaderboard").text
    assert "best Jaccard overlap of word sets with a reference" in legend
    first = browser.find_elements(By.CSS_SELECTOR, "details.article")[0]
    assert "Word overlap" in first.text, "per-article scores in the drill-down"
    screenshot = plugin_report.with_name("report.png")
    assert browser.save_screenshot(str(screenshot))


@pytest.fixture(scope="module")
def big_report(tmp_path_factory) -> Path:
    """A run of more articles than its drill-down count, plots drawn with raster dots (the
    threshold lowered so that a small run crosses it)."""
    import sys

    from eval.report import plots, write_reports

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from report_scale import synthesise

    folder = synthesise(tmp_path_factory.mktemp("big-browser"), 620, drilldown=10)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(plots, "VECTOR_DOTS", 10)
        write_reports(folder, ["html"])
    return folder / "report.html"


def test_a_big_run_shows_some_articles_in_full_and_lists_the_rest(browser, big_report) -> None:
    from selenium.webdriver.common.by import By

    browser.get(big_report.as_uri())
    assert browser.execute_script("return document.scripts.length") == 0
    full = browser.find_elements(By.CSS_SELECTOR, "details.article")
    assert len(full) == 10 and full[0].get_attribute("open") is not None
    listing = browser.find_element(By.ID, "article-list")
    rows = listing.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 610
    browser.execute_script("arguments[0].scrollIntoView()", rows[-1])
    cells = rows[-1].find_elements(By.TAG_NAME, "td")
    assert rows[-1].is_displayed() and len(cells) == 8
    # Lines in blocks the browser has not laid out yet are still found by its search.
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.execute_script("return window.find(arguments[0])", cells[2].text)
    # The raster dots are an <image> inside the SVG: the page's policy (img-src data:) lets
    # them load, and the browser logs no policy violation.
    images = browser.find_elements(By.CSS_SELECTOR, "figure.plot svg image")
    assert images and all(i.size["width"] > 50 for i in images)
    log = " ".join(entry.get("message", "") for entry in browser.get_log("browser"))
    assert "Content Security Policy" not in log, log
    screenshot = big_report.with_name("report.png")
    assert browser.save_screenshot(str(screenshot))
