"""How building and opening the report scales with the number of articles.

    python benchmarks/report_scale.py [--sizes 300,1000,3000,10000] [--code DIR] [--no-browser]

For each size a run folder is synthesised (no generation, no scoring): N distinct articles
(``distinct_corpus.py``), three fake systems whose briefings are cut from each article, scores
drawn from a seeded generator, numbers checked as the numeric fact check reports them (claims
with offsets, verdicts and evidence) and about 0.5% failed generations, all written through
``eval.runfolder`` with an ``aggregate.json`` from ``eval.run.aggregate``. Then, in a fresh
process importing the code under ``--code`` (default: this checkout), ``write_reports`` renders
report.md and report.html; printed per size: load time (``load_run``), whole build time (load,
plots, drill-down, rendering, writing), us per article and per article added since the size
before ("marginal": flat when the build is linear, while us/article also spreads fixed costs
over N), gc collections during the build, report.html size, and the time headless Chromium
takes to open it (the page's ``loadEventEnd - navigationStart``) with its DOM nodes.

To compare two versions, run it once per version with ``--code`` pointing at a copy of each
tree (e.g. ``git archive <commit> | tar -x -C /tmp/old``). The browser part needs the Debian
packages ``chromium`` and ``chromium-driver`` and selenium; without them it says so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")
SYSTEMS = ("lead3", "tail2", "mixed")


def _briefing(system: str, source: str, rng: random.Random) -> str:
    sentences = _SENTENCE_END.split(source.strip())
    if system == "lead3":
        return " ".join(sentences[:3])
    if system == "tail2":
        return " ".join(sentences[-2:])
    picked = sentences[1:2] + sentences[3:4]
    return " ".join(picked) + f" About {rng.randint(2, 95)} people were involved."


def _claims(briefing: str, source: str) -> list[dict]:
    claims = []
    for match in _DIGITS.finditer(briefing):
        found = source.find(match.group())
        sentence = source[max(0, found - 100) : found + 100] if found >= 0 else ""
        verdict = "supported" if found >= 0 else "contradicted"
        claims.append(
            {
                "text": match.group(),
                "start": match.start(),
                "end": match.end(),
                "kind": "number",
                "value": match.group(),
                "unit": None,
                "verdict": verdict,
                "evidence": sentence,
                "explanation": "same value in the article"
                if found >= 0
                else "the article gives another value",
            }
        )
    return claims


def synthesise(folder: Path, size: int, seed: int = 7, drilldown: int | None = None) -> Path:
    """A finished run folder of ``size`` articles at ``folder / 'run'`` (see the module doc);
    ``drilldown`` is recorded as the config's ``report.drilldown`` when given."""
    sys.path[:0] = [str(HERE)]
    from distinct_corpus import distinct_articles, write

    from eval import runfolder
    from eval.corpus.format import corpus_fingerprint
    from eval.corpus.loading import validate_corpus
    from eval.run.aggregate import aggregate
    from eval.stats import resample_indices

    corpus = folder / "corpus"
    articles = distinct_articles(size)
    write(articles, corpus)
    fingerprint = corpus_fingerprint(validate_corpus(corpus)[0])
    descriptions = runfolder.builtin_descriptions(["rouge", "numbers", "length"])
    values = [v for d in descriptions for v in d.values]
    rng = random.Random(seed)
    out = folder / "run"
    (out / runfolder.GENERATIONS).mkdir(parents=True)
    generations: dict[str, list[dict]] = {s: [] for s in SYSTEMS}
    rows = []
    for article in articles:
        for system in SYSTEMS:
            failed = system == "mixed" and rng.random() < 0.005
            text = None if failed else _briefing(system, article.source, rng)
            error = "timed out after 60 s" if failed else None
            generations[system].append(
                {
                    "id": article.id,
                    "summary": text,
                    "seconds": 0.01,
                    "cached": False,
                    "error": error,
                }
            )
            row: dict = {"system": system, "id": article.id, "error": error}
            if failed:
                rows.append(row)
                continue
            claims = _claims(text, article.source)
            flagged = sum(c["verdict"] != "supported" for c in claims)
            for value in values:
                if value.name == "numbers.flagged":
                    row[value.name] = float(flagged)
                elif value.name == "numbers.claims":
                    row[value.name] = float(len(claims))
                elif value.name == "numbers.precision":
                    row[value.name] = (len(claims) - flagged) / len(claims) if claims else None
                elif value.name == "length.words":
                    row[value.name] = float(len(text.split()))
                elif value.higher_is_better is None:
                    row[value.name] = rng.uniform(1.0, 20.0)
                else:
                    row[value.name] = rng.uniform(0.05, 0.9)
            row["evidence"] = {"numbers": {"claims": claims}}
            rows.append(row)
    runfolder.write_generations(out, generations)
    runfolder.write_scores(out, rows)
    runfolder.write_metrics(out, descriptions)
    ids = [a.id for a in articles]
    aggregated = aggregate(
        rows,
        systems=list(SYSTEMS),
        article_ids=ids,
        baseline=SYSTEMS[0],
        seed=seed,
        indices=resample_indices(len(ids), 100, seed),
        confidence=0.95,
        empty={},
    )
    aggregated["signatures"] = {d.name: f"{d.name}|synthetic" for d in descriptions}
    runfolder.write_aggregate(out, aggregated)
    report: dict = {"baseline": SYSTEMS[0], "bootstrap": 100, "confidence": 0.95}
    if drilldown is not None:
        report["drilldown"] = drilldown
    runfolder.write_manifest(
        out,
        {
            "format": 1,
            "config": {"name": f"scale-{size}", "data": str(corpus), "report": report},
            "seed": seed,
            "data": {"path": str(corpus), "fingerprint": fingerprint, "articles": size},
            "signatures": {"summarisers": {s: f"{s}|synthetic" for s in SYSTEMS}},
            "versions": {},
            "code": {"commit": None, "dirty": False},
        },
    )
    return out


_BUILD = """
import gc, json, sys, time
from pathlib import Path
import eval.report
from eval.report.data import load_run
from eval.report import write_reports
folder = Path(sys.argv[1])
started = time.perf_counter(); load_run(folder); loaded = time.perf_counter() - started
collections = sum(s["collections"] for s in gc.get_stats())
started = time.perf_counter(); write_reports(folder, ["md", "html"])
built = time.perf_counter() - started
print(json.dumps({"load": loaded, "build": built, "code": eval.report.__file__,
                  "gc": sum(s["collections"] for s in gc.get_stats()) - collections}))
"""


def build(out: Path, code: Path) -> dict:
    """Load and build the report in a fresh process importing ``code`` (its own heap and gc)."""
    env = {**os.environ, "PYTHONPATH": str(code), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(out)],
        env=env,
        cwd=code,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"building the report failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000,10000")
    parser.add_argument("--code", type=Path, default=REPO, help="tree whose eval/ is measured")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(HERE), str(args.code.resolve())]
    from chromium_timing import open_in_chromium

    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"code measured: {args.code.resolve()}; cores: {os.cpu_count()}")
    header = (
        f"{'articles':>8} {'load s':>7} {'build s':>8} {'us/article':>10} {'marginal':>8} "
        f"{'gc runs':>7} "
        f"{'html MB':>8} {'md KB':>6} {'open s':>7} {'get s':>6} {'DOM nodes':>9}"
    )
    lines = []
    previous: tuple[int, float] | None = None  # (size, build s) of the size before
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"report-scale-{size}-") as scratch:
            out = synthesise(Path(scratch), size)
            timing = build(out, args.code.resolve())
            html = out / "report.html"
            html_mb = html.stat().st_size / 1e6
            md_kb = (out / "report.md").stat().st_size / 1e3
            print(
                f"{size} articles: load {timing['load']:.2f} s, build {timing['build']:.2f} s, "
                f"report.html {html_mb:.2f} MB; load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            opened = "not measured" if args.no_browser else open_in_chromium(html)
        if isinstance(opened, str):
            browser = f"{'-':>7} {'-':>6} {'-':>9}"
            print(f"  browser: {opened}")
        else:
            browser = f"{opened[0]:7.2f} {opened[1]:6.2f} {opened[2]:9d}"
        # us per article added since the size before: flat when the build is linear (the
        # us/article column also spreads the fixed cost, imports and plots, over N).
        marginal = (
            f"{1e6 * (timing['build'] - previous[1]) / (size - previous[0]):8.0f}"
            if previous and size > previous[0]
            else f"{'-':>8}"
        )
        previous = (size, timing["build"])
        line = (
            f"{size:8d} {timing['load']:7.2f} {timing['build']:8.2f} "
            f"{1e6 * timing['build'] / size:10.0f} {marginal} {timing['gc']:7d} {html_mb:8.2f} "
            f"{md_kb:6.1f} {browser}"
        )
        lines.append(line)
        print(line, flush=True)
    print("\n" + header)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
