"""How a whole run scales with the number of articles: time, memory, report size and open time.

    python benchmarks/scaling.py [--sizes 300,1000,3000] [--workers N] [--no-browser]

For each size: N distinct articles (``distinct_corpus.py``), the same config as
``whole_run.py`` (lead, ROUGE-1/2/L/Lsum, numbers, default report), run in a subprocess with
``--no-cache``. Printed per size: wall, CPU per article (whole process tree), peak RSS of the
tree (psutil, sampled every 50 ms), the manifest's phase timings, ``report.html`` size, and the
time headless Chromium takes to open it (``loadEventEnd - navigationStart`` of the page, plus
the wall time of ``driver.get``) with its number of DOM nodes. The browser part needs the
Debian packages ``chromium`` and ``chromium-driver`` and selenium; without them it says so.

10,000 articles takes many minutes on a 2-core machine and more than 2 GB: pass it explicitly.
The code measured is the checkout this file is in (run it from ``git archive HEAD`` to measure a
commit while the working tree is being edited).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from chromium_timing import open_in_chromium  # noqa: E402
from distinct_corpus import REPO, distinct_articles, write  # noqa: E402
from process_meter import run_measured  # noqa: E402
from whole_run import CONFIG  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"code measured: {REPO}; cores: {os.cpu_count()}; workers: {args.workers or 'all'}")
    header = (
        f"{'articles':>8} {'wall s':>8} {'CPU s':>8} {'CPU ms/art':>10} {'peak RSS MB':>11} "
        f"{'report MB':>9} {'open s':>7} {'get s':>6} {'DOM nodes':>9}  load avg (before -> after)"
    )
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"scaling-{size}-") as scratch:
            folder = Path(scratch)
            write(distinct_articles(size), folder / "corpus")
            (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
            out = folder / "run"
            command = [sys.executable, "-m", "eval", "run", str(folder / "config.yaml")]
            command += ["--out", str(out), "--no-cache", "--quiet"]
            if args.workers is not None:
                command += ["--workers", str(args.workers)]
            run = run_measured(command, env={"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
            if run.returncode != 0:
                raise SystemExit(f"the run of {size} articles failed:\n{run.output[-3000:]}")
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            phases = manifest.get("timings_seconds") or manifest.get("timings") or {}
            report = out / "report.html"
            size_mb = report.stat().st_size / 1e6
            opened = "not measured" if args.no_browser else open_in_chromium(report)
        if isinstance(opened, str):
            browser = f"{'-':>7} {'-':>6} {'-':>9}"
        else:
            browser = f"{opened[0]:7.2f} {opened[1]:6.2f} {opened[2]:9d}"
        row = (
            f"{size:8d} {run.wall:8.1f} {run.cpu:8.1f} {1000 * run.cpu / size:10.1f} "
            f"{run.peak_rss_mb or float('nan'):11.0f} {size_mb:9.2f} {browser}  "
            f"{run.load_before[0]:.1f} -> {run.load_after[0]:.1f}"
        )
        rows.append((row, phases, opened))
        print(f"{size} articles: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()))
        print(f"  {header.strip()}\n  {row.strip()}")
        if isinstance(opened, str):
            print(f"  browser: {opened}")
        sys.stdout.flush()
    print("\n" + header)
    for row, _, _ in rows:
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
