"""Time the full metric suite (ROUGE + numeric check + length) on a large synthetic corpus.

    python benchmarks/full_suite.py [--articles 2000] [--systems 5] [--workers N] [--also-serial]

The corpus is made from the shipped one (reference_summaries/*.json): each synthetic article is
a shipped article with its paragraphs and sentences shuffled by a seeded generator and an id
suffix, and keeps the shipped article's 3 references, their sentences shuffled likewise. The
systems' briefings are picked from the shuffled source the way extractive systems would (lead,
every other sentence, last sentences...), so they contain the source's numbers. Nothing here
is a test: it prints figures. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from briefing import registry  # noqa: E402
from eval.corpus.format import Item  # noqa: E402
from eval.corpus.loading import load_corpus  # noqa: E402
from eval.errors import UserError  # noqa: E402
from eval.run.generation import Generation  # noqa: E402
from eval.run.scoring import score_systems  # noqa: E402
from eval.run.workers import available_cores  # noqa: E402

CORPUS = REPO / "reference_summaries"


def machine() -> str:
    """One line a reader can compare with their own machine."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{available_cores()} usable core(s) of {os.cpu_count()} ({model}); "
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}; "
        f"rouge-score {version('rouge-score')}, pysbd {version('pysbd')}"
    )


def _shuffle_text(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    rng.shuffle(paragraphs)
    out = []
    for paragraph in paragraphs:
        sentences = paragraph.split(". ")
        if len(sentences) > 1 and rng.random() < 0.5:
            rng.shuffle(sentences)
        out.append(". ".join(sentences))
    return "\n\n".join(out)


def synthetic_items(count: int, seed: int = 2025) -> list[Item]:
    """``count`` articles derived from the shipped corpus (see the module docstring)."""
    base = load_corpus(CORPUS).items()
    rng = random.Random(seed)
    items = []
    for index in range(count):
        original = base[index % len(base)]
        items.append(
            Item(
                id=f"{original.id}-v{index:05d}",
                source=_shuffle_text(original.source, rng),
                references=tuple(_shuffle_text(r, rng) for r in original.references),
                published=original.published,
                title=original.title,
            )
        )
    return items


def _rough_sentences(text: str) -> list[str]:
    pieces = [s.strip() for p in text.split("\n\n") for s in p.split(". ") if s.strip()]
    return [p if p.endswith((".", "?", "!", '"')) else p + "." for p in pieces]


def _briefing(sentences: list[str], system: int, rng: random.Random) -> str:
    picks = [
        sentences[:3],  # lead-3
        sentences[::2][:3],  # every other sentence
        sentences[-3:],  # the end
        rng.sample(sentences, min(3, len(sentences))),  # random extract
        [" ".join(s.split()[:12]) for s in sentences[:4]],  # cut sentences (abstractive-ish)
    ]
    chosen = picks[system % len(picks)]
    return " ".join(chosen)


def synthetic_generations(
    items: list[Item], systems: int, seed: int = 7
) -> dict[str, list[Generation]]:
    rng = random.Random(seed)
    # A cheap split is enough to make plausible extracts; scoring does the real splitting.
    split = [_rough_sentences(item.source) for item in items]
    return {
        f"sys{s}": [
            Generation(item.id, _briefing(sentences, s, rng), 0.0, False)
            for item, sentences in zip(items, split, strict=True)
        ]
        for s in range(systems)
    }


def build_metrics(names: list[str]) -> tuple[list, list[str]]:
    """The named metrics with default arguments; those that cannot be built are reported."""
    metrics, missing = [], []
    for name in names:
        try:
            metrics.append(registry.metrics.build(name, {}, where=f"metric {name}"))
        except UserError as exc:
            missing.append(f"{name} ({str(exc).splitlines()[0][:160]})")
    return metrics, missing


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_suite(
    items: list[Item],
    generations: dict[str, list[Generation]],
    names: list[str],
    workers: int | None,
) -> tuple[float, float, dict[str, float], list[str], list[dict]]:
    """Wall seconds, CPU seconds (all processes), CPU seconds per metric, missing, rows."""
    metrics, missing = build_metrics(names)
    per_metric: dict[str, float] = {}
    cpu, started = _cpu(), time.perf_counter()
    rows = score_systems(generations, items, metrics, workers=workers, cpu_seconds=per_metric)
    wall = time.perf_counter() - started
    return wall, _cpu() - cpu, per_metric, missing, rows


def load_note() -> str:
    """Other work on the machine slows a run down; say how busy it was."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average before the run {one:.1f} (1 min), {five:.1f} (5 min)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--systems", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--also-serial", action="store_true", help="time --workers 1 as well")
    parser.add_argument("--metrics", default="rouge,numbers,length")
    args = parser.parse_args(argv)
    run_full_suite(args.articles, args.systems, args.workers, args.metrics, args.also_serial)
    return 0


def run_full_suite(
    articles: int,
    systems: int,
    workers: int | None,
    metric_names: str,
    also_serial: bool,
    show_machine: bool = True,
) -> float:
    if show_machine:
        print(f"machine: {machine()}")
    started = time.perf_counter()
    items = synthetic_items(articles)
    generations = synthetic_generations(items, systems)
    refs = sum(len(item.references) for item in items)
    print(
        f"(b) full suite: {articles} articles x {systems} systems x "
        f"{refs / max(articles, 1):.0f} references = {articles * systems} briefings "
        f"(corpus built in {time.perf_counter() - started:.1f} s, not timed below)"
    )
    names = [n.strip() for n in metric_names.split(",") if n.strip()]
    print(f"    {load_note()}")
    elapsed, cpu, per_metric, missing, rows = time_suite(items, generations, names, workers)
    used = [n for n in names if not any(m.startswith(n + " ") for m in missing)]
    shown = workers if workers is not None else f"all cores = {available_cores()}"
    print(f"    metrics: {', '.join(used)}; workers: {shown}")
    for note in missing:
        print(f"    NOT RUN: {note}")
    print(
        f"    scored {len(rows)} rows in {elapsed:.1f} s wall "
        f"({len(rows) / elapsed:.0f} briefings/s), {cpu:.1f} s CPU over all processes; "
        f"target < 60 s: {'met' if elapsed < 60 else 'MISSED'}"
    )
    breakdown = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in per_metric.items())
    print(f"    CPU per metric: {breakdown}")
    if also_serial:
        serial, _, _, _, serial_rows = time_suite(items, generations, names, 1)
        same = serial_rows == rows
        print(
            f"    workers=1: {serial:.1f} s (parallel speed-up {serial / elapsed:.2f}x); "
            f"rows identical to the parallel run: {same}"
        )
    return elapsed


if __name__ == "__main__":
    raise SystemExit(main())
