"""Extractive generation in worker processes (issue 14, item 5): summarisers that declare
``in_workers = True`` generate over the run's ``--workers`` processes, with output identical to
one process and in article order; the others (models, servers) stay in the parent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import copy_corpus, write_config

from briefing.extractive import LeadSummariser, TextRankSummariser
from eval.corpus.format import Item
from eval.errors import UserError
from eval.run.cache import GenerationCache
from eval.run.generation import generate_system, runs_in_workers

ITEMS = [Item(f"a{index:03d}", f"Article {index}. More text.", ("Ref.",)) for index in range(40)]


class PidReporter:
    """Writes which process made each briefing (only for this test: the text says so)."""

    in_workers = True

    def signature(self) -> dict[str, str]:
        return {"name": "pid"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return [f"{text} made by {os.getpid()}" for text in texts]


class FailsOnOdd(PidReporter):
    def summarise(self, texts: Sequence[str]) -> list[str]:
        if any(int(text.split()[1].rstrip(".")) % 2 for text in texts):
            raise ValueError("odd article")
        return super().summarise(texts)


def test_only_summarisers_that_say_so_run_in_workers() -> None:
    from briefing.base import Budget

    assert runs_in_workers(LeadSummariser(Budget())) and runs_in_workers(
        TextRankSummariser(Budget())
    )
    assert not runs_in_workers(object()) and not runs_in_workers(type("T", (), {"in_workers": 1})())


def test_generation_is_spread_over_workers_and_returned_in_order(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path, {"name": "pid"})
    gens = generate_system("pid", PidReporter(), ITEMS, cache, quiet=True, workers=2)
    assert [g.id for g in gens] == [item.id for item in ITEMS]
    assert all(g.summary.startswith(item.source) for g, item in zip(gens, ITEMS, strict=True))
    pids = {g.summary.rsplit(" ", 1)[1] for g in gens}
    assert len(pids) == 2 and str(os.getpid()) not in pids, "two worker processes did the work"
    assert all(cache.get(item.source) is not None for item in ITEMS), "every briefing cached"
    one = generate_system("pid", PidReporter(), ITEMS, None, quiet=True, workers=1)
    assert {g.summary.rsplit(" ", 1)[1] for g in one} == {str(os.getpid())}


def test_failures_in_workers_are_per_article() -> None:
    gens = generate_system("odd", FailsOnOdd(), ITEMS, None, quiet=True, workers=2)
    assert [g.error is None for g in gens] == [index % 2 == 0 for index in range(40)]
    assert all("odd article" in g.error for g in gens[1::2])
    many = generate_system("odd", FailsOnOdd(), ITEMS, None, quiet=True, workers=2, max_failures=3)
    assert [g.error is None for g in many] == [g.error is None for g in gens], (
        "in workers every article is attempted; the runner then stops on the failures"
    )


def test_workers_are_validated_in_one_place() -> None:
    with pytest.raises(UserError, match="--workers must be a whole number"):
        generate_system("pid", PidReporter(), ITEMS, None, quiet=True, workers=0)


def _run(tmp_path: Path, config: Path, out: str, workers: int) -> Path:
    command = [sys.executable, "-m", "eval", "run", str(config), "--quiet", "--no-cache"]
    done = subprocess.run(
        [*command, "--workers", str(workers), "--out", out],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 0, done.stderr
    return tmp_path / out


def test_one_and_two_workers_write_the_same_run(tmp_path: Path) -> None:
    """Real processes, the shipped articles: lead and textrank generated with --workers 1 and
    --workers 2 give the same generations (apart from the timings) and byte-identical scores."""
    copy_corpus(tmp_path / "corpus")
    config = write_config(
        tmp_path,
        "data: corpus/\nseed: 5\nsummarisers:\n  - {id: lead3, use: lead}\n"
        "  - {id: textrank, use: textrank}\n"
        "metrics: [{use: rouge}, {use: numbers}, {use: length}]\n"
        "report: {bootstrap: 100, formats: [md]}\n",
    )
    one = _run(tmp_path, config, "one", 1)
    two = _run(tmp_path, config, "two", 2)
    for system in ("lead3", "textrank"):
        rows = {}
        for run in (one, two):
            lines = (run / "generations" / f"{system}.jsonl").read_text().splitlines()
            rows[run.name] = [{**json.loads(line), "seconds": None} for line in lines]
        assert rows["one"] == rows["two"] and len(rows["one"]) >= 30
        assert all(row["summary"] and row["error"] is None for row in rows["one"])
    assert (one / "scores.jsonl").read_bytes() == (two / "scores.jsonl").read_bytes()
