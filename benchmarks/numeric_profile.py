"""Where the numeric check's time goes in a whole run: one cProfile run over distinct articles.

    python benchmarks/numeric_profile.py [--articles 300] [--top 25]

What the ``numbers`` metric does per article in ``whole_run.py``, in one process, on the
distinct articles it uses (``distinct_corpus.py``): prepare the source (``prepare_source``), then
check the lead-3 briefing against it and its recall against the 3 references. Prints the CPU
milliseconds per article of each step (and per text of reading the numbers of the briefings and
references, ``extract_mentions``), then the functions that take the most time inside
``prepare_source`` (own time and cumulative), so whoever speeds it up knows where to look. The
split into sentences is done first, untimed, as a run does it once per text and shares it.
Nothing here is a test, and it changes nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from distinct_corpus import REPO, distinct_articles  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    from briefing.base import Budget
    from briefing.extractive import LeadSummariser
    from briefing.text import split_sentences
    from eval.corpus.format import Item
    from eval.metrics.numbers import NumbersMetric
    from eval.numeric import extract_mentions, prepare_source

    articles = distinct_articles(args.articles)
    items = [
        Item(
            a.id,
            a.source,
            tuple(a.references),
            date.fromisoformat(a.published) if a.published else None,
        )
        for a in articles
    ]
    briefings = LeadSummariser(Budget(3, 80), sentences=3).summarise([i.source for i in items])
    for item in items:  # the run splits each text once and shares it: not timed here
        split_sentences(item.source)
    print(f"code measured: {REPO}; {len(items)} distinct articles, one process")

    started = time.process_time()
    prepared = [prepare_source(item.source, item.published) for item in items]
    prepare_ms = (time.process_time() - started) * 1000 / len(items)
    metric = NumbersMetric()
    for item, facts in zip(items, prepared, strict=True):  # the metric's cache, pre-filled
        metric._sources[(item.source, item.published)] = facts
    started = time.process_time()
    metric.score(briefings, items)
    score_ms = (time.process_time() - started) * 1000 / len(items)
    # The claims side reads numbers from short texts: the briefing and the 3 references.
    shorts = [(text, item.published) for item, briefing in zip(items, briefings, strict=True)
              for text in (briefing, *item.references)]  # fmt: skip
    started = time.process_time()
    for text, published in shorts:
        extract_mentions(text, published)
    short_ms = (time.process_time() - started) * 1000 / len(shorts)
    words = sum(len(i.source.split()) for i in items) / len(items)
    short_words = sum(len(text.split()) for text, _ in shorts) / len(shorts)
    print(f"prepare_source: {prepare_ms:.2f} ms CPU per article (mean {words:.0f} words)")
    print(f"check + recall of one lead-3 briefing, source prepared: {score_ms:.2f} ms per article")
    print(f"extract_mentions of a briefing or reference: {short_ms:.3f} ms CPU per text "
          f"({len(shorts)} texts, mean {short_words:.0f} words)")  # fmt: skip

    source_profile = cProfile.Profile()  # again, profiled (cProfile slows it: read the shares)
    source_profile.runcall(lambda: [prepare_source(i.source, i.published) for i in items])
    fresh = NumbersMetric()
    for item, facts in zip(items, prepared, strict=True):
        fresh._sources[(item.source, item.published)] = facts
    check_profile = cProfile.Profile()
    check_profile.runcall(fresh.score, briefings, items)
    for label, profile in (("prepare_source", source_profile), ("check + recall", check_profile)):
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order)
            stats.print_stats(args.top)
            print(f"\n{label}, top {args.top} by {order} (seconds for {len(items)} articles):")
            print(out.getvalue().split("ncalls", 1)[-1].join(["   ncalls", ""]).rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
