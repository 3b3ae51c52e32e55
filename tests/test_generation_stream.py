"""Streaming generation (``SummarisesEach``): every finished briefing is cached the moment it is
handed over, whatever the concurrency, so a run killed with requests in flight loses nothing
finished; and the endpoint summariser streams with at most ``concurrency`` requests in flight.

The kill test runs the harness as a real process against a real HTTP server (``fake_openai``)
that answers a fixed number of briefings and then holds every further request, so the number
of briefings the harness received is known exactly when it is killed.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fake_openai import MODEL, FakeOpenAI
from helpers import copy_corpus, write_config

from briefing.base import Budget, SummarisesEach
from eval.corpus.format import Item
from eval.errors import UserError
from eval.run.cache import GenerationCache
from eval.run.generation import generate_system

ITEMS = [Item(f"a{index:02d}", f"Article number {index}.", ("Ref.",)) for index in range(8)]


class Streamer:
    """Yields briefings in the order given, records what it was asked and whether it was
    closed; ``summarise`` (the one-by-one fallback) is counted."""

    def __init__(self, order: Sequence[int], results: dict[int, object] | None = None) -> None:
        self.order = list(order)
        self.results = results or {}
        self.closed = False
        self.summarise_calls: list[list[str]] = []
        self.stream_calls = 0

    def signature(self) -> dict[str, str]:
        return {"name": "streamer"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        self.summarise_calls.append(list(texts))
        return [f"one by one: {text}" for text in texts]

    def summarise_each(self, texts: Sequence[str]) -> Iterator[tuple[int, object]]:
        self.stream_calls += 1
        try:
            for index in self.order:
                yield index, self.results.get(index, f"briefing of {texts[index]}")
        finally:
            self.closed = True


def test_a_streaming_summariser_is_recognised() -> None:
    assert isinstance(Streamer([]), SummarisesEach)


def test_each_briefing_is_cached_as_it_is_yielded_in_any_order(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path, {"name": "streamer"})
    seen_in_cache: list[int] = []

    class Watching(Streamer):
        def summarise_each(self, texts):
            for index, result in super().summarise_each(texts):
                # what the harness cached before asking for the next one
                seen_in_cache.append(sum(cache.get(item.source) is not None for item in ITEMS))
                yield index, result

    order = [5, 0, 7, 2, 1, 6, 3, 4]
    summariser = Watching(order)
    gens = generate_system("s", summariser, ITEMS, cache, quiet=True)
    assert [g.id for g in gens] == [item.id for item in ITEMS]  # item order, not finish order
    assert [g.summary for g in gens] == [f"briefing of {item.source}" for item in ITEMS]
    assert seen_in_cache == list(range(8)), "each briefing was cached before the next came"
    assert summariser.stream_calls == 1 and summariser.summarise_calls == []
    assert sum(g.seconds for g in gens) >= 0 and all(g.error is None for g in gens)
    again = Streamer(order)
    assert [g.cached for g in generate_system("s", again, ITEMS, cache, quiet=True)] == [True] * 8
    assert again.stream_calls == 0, "nothing left to ask for"


def test_a_yielded_error_is_that_articles_failure_and_is_not_asked_again() -> None:
    summariser = Streamer(range(8), {3: RuntimeError("HTTP 503 after 5 attempts"), 6: 42})
    gens = generate_system("s", summariser, ITEMS, None, quiet=True)
    assert gens[3].summary is None and gens[3].error == "RuntimeError: HTTP 503 after 5 attempts"
    assert gens[6].summary is None and "yielded a int instead of a string" in gens[6].error
    assert [g.error is None for g in gens].count(True) == 6
    assert summariser.summarise_calls == [], "a failure after its retries is final"


def test_a_user_error_stops_the_run() -> None:
    summariser = Streamer(range(8), {2: UserError("args.model: the server does not serve 'x'")})
    with pytest.raises(UserError, match="does not serve"):
        generate_system("s", summariser, ITEMS, None, quiet=True)
    assert summariser.closed


def test_too_many_failures_close_the_stream_and_skip_the_rest() -> None:
    failing = {index: RuntimeError("down") for index in range(8)}
    summariser = Streamer(range(8), failing)
    gens = generate_system("s", summariser, ITEMS, None, quiet=True, max_failures=2)
    assert [g.skipped for g in gens] == [False] * 3 + [True] * 5
    assert summariser.closed, "the stream was closed: queued requests are cancelled"
    assert "max_failures=2" in gens[-1].error


@pytest.mark.parametrize("bad", [(9, "x"), ("0", "x"), "not a pair", (1, "again")], ids=str)
def test_a_malformed_stream_falls_back_to_one_by_one(bad: object) -> None:
    class Malformed(Streamer):
        def summarise_each(self, texts):
            yield 0, "first"
            yield 1, "second"
            yield bad
            yield 2, "never read"

    summariser = Malformed([])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gens = generate_system("s", summariser, ITEMS, None, quiet=True)
    assert [g.summary for g in gens[:2]] == ["first", "second"]
    assert [g.summary for g in gens[2:]] == [f"one by one: {i.source}" for i in ITEMS[2:]]
    assert len(summariser.summarise_calls) == 6 and all(
        len(call) == 1 for call in summariser.summarise_calls
    )
    assert any("summarise_each() failed" in str(w.message) for w in caught)


# -- the endpoint summariser against a real HTTP server -------------------------------------

httpx = pytest.importorskip(
    "httpx", reason="the endpoint summariser needs httpx: pip install 'briefing-eval[endpoint]'"
)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


def endpoint(base_url: str, **args: object):
    from briefing.endpoint import EndpointSummariser

    return EndpointSummariser(Budget(), base_url=base_url, model=MODEL, **args)  # type: ignore[arg-type]


def test_endpoint_streams_with_bounded_requests_in_flight(fake: FakeOpenAI) -> None:
    texts = [f"Article {index}. It has a sentence." for index in range(12)]
    fake.delays = {"Article 0.": 1.5}  # the first article is slow
    summariser = endpoint(fake.base_url, concurrency=3)
    assert not hasattr(summariser, "batch_size"), "the harness streams; no chunks"
    order = [index for index, _ in summariser.summarise_each(texts)]
    assert sorted(order) == list(range(12))
    assert order[0] != 0 and order[-1] == 0, "a slow article does not hold back the others"
    assert fake.most_in_flight <= 3 and fake.requested == 12
    assert summariser.summarise(texts) == [
        result for _, result in sorted(summariser.summarise_each(texts))
    ]


def test_closing_the_endpoint_stream_sends_nothing_more(fake: FakeOpenAI) -> None:
    texts = [f"Article {index}. It has a sentence." for index in range(20)]
    summariser = endpoint(fake.base_url, concurrency=2)
    stream = summariser.summarise_each(texts)
    next(stream)
    stream.close()
    asked = fake.requested
    assert asked <= 1 + 2 + 1, "only what was in flight when the stream closed"
    time.sleep(0.3)
    assert fake.requested == asked


def test_sigkill_at_concurrency_4_keeps_every_finished_briefing_and_resumes(
    tmp_path: Path,
) -> None:
    """The harness at concurrency 4 gets exactly 6 briefings (the fake server then holds every
    request), is killed with SIGKILL, and has all 6 in the cache (chunks of 4 would have kept
    4). A resumed run asks only for the 4 missing articles and writes the same ``scores.jsonl``
    as an uninterrupted run."""
    copy_corpus(tmp_path / "corpus", 10)
    fake = FakeOpenAI(gate=6).start()
    config = write_config(
        tmp_path,
        "data: corpus/\nseed: 3\nsummarisers:\n"
        f"  - {{id: fake, use: endpoint, args: {{base_url: '{fake.base_url}', model: {MODEL}, "
        "concurrency: 4, max_tokens: 40}}\n"
        "metrics: [{use: rouge, args: {types: [rouge1]}}, {use: numbers}]\n"
        "report: {bootstrap: 100, formats: [md]}\n",
    )
    command = [sys.executable, "-m", "eval", "run", str(config), "--quiet", "--workers", "1"]
    cache = tmp_path / "cache"

    def cached() -> int:
        return len(list(cache.rglob("*.json")))

    try:
        run = subprocess.Popen(
            [*command, "--out", str(tmp_path / "killed"), "--cache", str(cache)],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (fake.answered < 6 or fake.in_flight < 1):
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            time.sleep(0.05)
        assert fake.answered == 6 and fake.in_flight >= 1, "the run never reached the gate"
        settle = time.monotonic() + 20  # generous: only for the harness to write what it has
        while time.monotonic() < settle and (cached() < 6 or fake.in_flight < 4):
            time.sleep(0.05)
        in_flight = fake.in_flight
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert cached() == fake.answered == 6, f"{fake.answered} finished, {cached()} cached"
        assert in_flight == 4, "the other 4 articles were in flight: no batch barrier"

        fake.release()
        asked_before = fake.requested
        resumed = subprocess.run(
            [*command, "--out", str(tmp_path / "resumed"), "--cache", str(cache)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert resumed.returncode == 0, resumed.stderr
        assert fake.requested - asked_before == 4, "only the missing articles were asked for"
        whole = subprocess.run(
            [*command, "--out", str(tmp_path / "whole"), "--cache", str(tmp_path / "fresh")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert whole.returncode == 0, whole.stderr
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        fake.stop()
    rows = [json.loads(line) for line in (tmp_path / "resumed/generations/fake.jsonl").open()]
    assert sum(row["cached"] for row in rows) == 6
    resumed_scores = (tmp_path / "resumed/scores.jsonl").read_bytes()
    assert resumed_scores == (tmp_path / "whole/scores.jsonl").read_bytes()
