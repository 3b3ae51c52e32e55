"""Speed of the numeric fact check: one briefing against a prepared 1,000-word article.

The article side (``prepare_source``: sentence splitting, date parsing, derived arithmetic) is
done once per article and reused for every system's briefing, so the figure that matters is the
per-briefing time of ``check_against``. The article is built from the passages of the labelled
set (written for this project) up to about 1,000 words; the briefings are three-sentence
briefings assembled from the labelled set's briefings, each with several numbers.

    python benchmarks/numeric_speed.py [--words 1000] [--briefings 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.numeric import check_against, extract_mentions, prepare_source  # noqa: E402


def build(words: int, briefings: int) -> tuple[str, list[str]]:
    cases = [json.loads(line) for line in (ROOT / "tests/data/numeric/cases.jsonl").open()]
    sources, seen = [], set()
    for case in cases:
        if case["source"] not in seen:
            seen.add(case["source"])
            sources.append(case["source"])
    article: list[str] = []
    while sum(len(p.split()) for p in article) < words:
        article.append(sources[len(article) % len(sources)])
    summaries = [case["summary"] for case in cases]
    out = []
    for i in range(briefings):
        out.append(" ".join(summaries[(3 * i + k) % len(summaries)] for k in range(3)))
    return "\n\n".join(article), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--briefings", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    article, briefings = build(args.words, args.briefings)
    published = date(2024, 5, 10)

    start = time.perf_counter()
    source = prepare_source(article, published)
    first_prepare = time.perf_counter() - start
    prepare_runs, derive_runs = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        prepared = prepare_source(article, published)
        prepare_runs.append(time.perf_counter() - start)
        # Derived facts are built on the first claim that asks for them, once per article:
        # timed apart, so that neither figure hides them.
        start = time.perf_counter()
        _ = prepared.derived
        derive_runs.append(time.perf_counter() - start)

    for briefing in briefings[:20]:  # warm caches (dateparser, lemma tables)
        check_against(source, briefing)
    runs, cpu_runs, explain_runs = [], [], []
    claims = 0
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        for briefing in briefings:
            claims += len(check_against(source, briefing).claims)
        runs.append((time.perf_counter() - start) / len(briefings))
        cpu_runs.append((time.process_time() - cpu) / len(briefings))
        start = time.perf_counter()
        for briefing in briefings:
            check_against(source, briefing, explain=True)
        explain_runs.append((time.perf_counter() - start) / len(briefings))
    per_briefing = statistics.median(runs)
    mentions = len(extract_mentions(article, published))
    print(
        f"article: {len(article.split())} words, {mentions} numeric facts, "
        f"{len(source.derived)} derived facts"
    )
    print(
        f"prepare_source: first {first_prepare * 1000:.1f} ms (cold caches), then median "
        f"{statistics.median(prepare_runs) * 1000:.1f} ms, and its derived facts (built on "
        f"first use, once per article) {statistics.median(derive_runs) * 1000:.1f} ms"
    )
    print(
        f"check_against: {per_briefing * 1000:.2f} ms per briefing (median of {args.repeat} "
        f"runs over {len(briefings)} briefings, {claims / args.repeat / len(briefings):.1f} "
        "claims each)"
    )
    # On a shared machine wall time includes waiting for a core; CPU time does not.
    print(
        f"check_against: {statistics.median(cpu_runs) * 1000:.2f} ms CPU per briefing; with "
        f"explain=True (check-numbers --explain): {statistics.median(explain_runs) * 1000:.2f} ms"
    )
    print("target: well under 10 ms per briefing with the source prepared once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
