"""How long a report takes to open in headless Chromium: the load event, wall time, DOM nodes.

Shared by the benchmarks that print report open times (``scaling.py``, ``report_scale.py``).
Selenium's HTTP timeout (120 s by default) is raised to ``timeout_s`` so that even a page that
is far too big still gives a figure instead of an error.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path


def open_in_chromium(html: Path, timeout_s: int = 900) -> tuple[float, float, int] | str:
    """(load event in s, ``driver.get`` wall in s, DOM nodes) in headless Chromium, or why not."""
    chromium = next(
        (shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None
    )
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        return "headless Chromium not found (apt-get install chromium chromium-driver)"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return "selenium is not installed"
    profile = tempfile.mkdtemp(prefix="report-open-chromium-")
    options = Options()
    options.binary_location = chromium
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    flags += ["--no-first-run", "--disable-background-networking", f"--user-data-dir={profile}"]
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.command_executor._client_config.timeout = timeout_s
        driver.set_page_load_timeout(timeout_s)
        started = time.perf_counter()
        driver.get(html.as_uri())
        wall = time.perf_counter() - started
        load = driver.execute_script(
            "const t = performance.timing; return t.loadEventEnd - t.navigationStart;"
        )
        nodes = driver.execute_script("return document.getElementsByTagName('*').length;")
        return load / 1000, wall, int(nodes)
    except Exception as exc:  # any browser failure is a result to print
        return f"did not open: {type(exc).__name__} {str(exc)[:120]}"
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
