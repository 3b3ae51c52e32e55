"""ROUGE speed, side by side with the plain rouge-score loop, then the full metric suite.

    python benchmarks/scoring_speed.py [--briefings 500] [--workers N] [--skip-full]

(a) N briefings x 3 references (N/5 synthetic articles x 5 systems, see full_suite.py) scored
    by the plain loop ``RougeScorer(['rouge1','rouge2','rougeL','rougeLsum'],
    use_stemmer=True).score_multi`` and by the project (``eval.run.scoring.score_systems`` with the
    ROUGE metric). The plain loop is given every text already split one sentence per line, and
    that split is not timed; the project's time includes its own splitting. Every value of every
    briefing is compared, and must be identical.
(b) The full suite (ROUGE + numeric check + length) on 2,000 articles x 5 systems x 3 references
    (``full_suite.py``).

Prints figures; checks nothing into the test suite. Deterministic inputs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from full_suite import machine, run_full_suite, synthetic_generations, synthetic_items
from rouge_score.rouge_scorer import RougeScorer

from briefing.text import sentence_texts
from eval.metrics.rouge import ROUGE_TYPES, RougeMetric
from eval.run.scoring import score_systems
from eval.run.workers import available_cores

SYSTEMS = 5


def _lines(text: str) -> str:
    return "\n".join(sentence_texts(text))


def _names() -> list[str]:
    names = []
    for rouge_type in ROUGE_TYPES:
        names += [rouge_type, f"{rouge_type}.precision", f"{rouge_type}.recall"]
    return names


def compare_rouge(briefings: int, workers: int | None) -> None:
    articles = max(1, -(-briefings // SYSTEMS))
    items = synthetic_items(articles)
    generations = synthetic_generations(items, SYSTEMS)
    pairs = [
        (g.summary or "", item)
        for gens in generations.values()
        for g, item in zip(gens, items, strict=True)
    ]
    n_refs = sum(len(item.references) for _, item in pairs)
    print(
        f"(a) ROUGE-1/2/L/Lsum, stemmer on: {len(pairs)} briefings x "
        f"{n_refs / len(pairs):.0f} references = {n_refs} pairs "
        f"({articles} articles x {SYSTEMS} systems)"
    )

    # The plain loop's inputs, split one sentence per line in advance (not timed).
    ref_lines = {item.id: [_lines(r) for r in item.references] for item in items}
    brief_lines = [_lines(briefing) for briefing, _ in pairs]
    scorer = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    started = time.perf_counter()
    plain = [
        scorer.score_multi(ref_lines[item.id], lines)
        for lines, (_, item) in zip(brief_lines, pairs, strict=True)
    ]
    plain_s = time.perf_counter() - started

    timings = {}
    rows_by_workers = {}
    for label, count in (("project, all cores", workers), ("project, 1 process", 1)):
        started = time.perf_counter()
        rows = score_systems(generations, items, [RougeMetric()], workers=count)
        timings[label] = time.perf_counter() - started
        rows_by_workers[label] = rows

    rows = rows_by_workers["project, all cores"]
    mismatches, worst = 0, 0.0
    for row, score in zip(rows, plain, strict=True):
        for rouge_type in ROUGE_TYPES:
            want = score[rouge_type]
            for name, value in (
                (rouge_type, want.fmeasure),
                (f"{rouge_type}.precision", want.precision),
                (f"{rouge_type}.recall", want.recall),
            ):
                worst = max(worst, abs(row[name] - value))
                mismatches += row[name] != value
    same_serial = rows_by_workers["project, 1 process"] == rows

    shown = workers if workers is not None else available_cores()
    print(f"    plain rouge-score loop (pre-split input)   {plain_s:7.2f} s   1.00x")
    for label, seconds in timings.items():
        procs = shown if label.endswith("all cores") else 1
        print(
            f"    {label + f' ({procs})':<42} {seconds:7.2f} s   {plain_s / seconds:5.2f}x faster"
        )
    print(
        f"    values identical to rouge-score: {mismatches == 0} "
        f"({mismatches} of {len(rows) * len(_names())} values differ; max |diff| {worst:.1e}); "
        f"1-process rows identical: {same_serial}"
    )
    met = plain_s / timings["project, all cores"] >= 3 and not mismatches
    print(f"    target >= 3x with identical values: {'met' if met else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=int, default=500)
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--skip-full", action="store_true", help="only (a)")
    parser.add_argument("--articles", type=int, default=2000, help="(b) corpus size")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    compare_rouge(args.briefings, args.workers)
    if not args.skip_full:
        run_full_suite(args.articles, SYSTEMS, args.workers, "rouge,numbers,length", False, False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
