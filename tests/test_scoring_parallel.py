"""The scoring engine: the same rows in the same order for any number of worker processes, each
article's source and references prepared once per run, and failures that say what happened."""

from __future__ import annotations

import functools
import json
import os
import random
import sys
import time

import pytest
from helpers import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from briefing.text import sentence_texts
from eval.corpus.format import Item
from eval.corpus.loading import load_corpus
from eval.errors import EnvironmentProblem, UserError
from eval.metrics.base import Score
from eval.metrics.length import LengthMetric
from eval.metrics.rouge import RougeMetric
from eval.run import workers as scoring_workers
from eval.run.generation import Generation
from eval.run.scoring import score_systems

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="forked workers are tested on Linux"
)


@pytest.fixture
def always_parallel(monkeypatch) -> None:
    """Use worker processes even for a handful of articles."""
    monkeypatch.setattr(scoring_workers, "MIN_TASKS_PER_WORKER", 1)


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return load_corpus(CORPUS).items()[:12]


@functools.cache
def _sentences(source: str) -> tuple[str, ...]:
    return tuple(sentence_texts(source))


def _generations(items: list[Item], systems: int = 3) -> dict[str, list[Generation]]:
    rng = random.Random(5)
    out = {}
    for s in range(systems):
        gens = []
        for item in items:
            sentences = list(_sentences(item.source))
            rng.shuffle(sentences)
            fails = rng.random() < 0.15
            summary = None if fails else " ".join(sentences[: 1 + s])
            gens.append(Generation(item.id, summary, 0.0, False, "Boom" if fails else None))
        out[f"sys{s}"] = gens
    out["sys0"][0] = Generation(items[0].id, "", 0.0, False)  # an empty briefing is scored
    return out


def _metrics() -> list:
    metrics = [RougeMetric(), LengthMetric()]
    try:
        from eval.metrics.numbers import NumbersMetric
    except ImportError:
        return metrics
    return [*metrics, NumbersMetric()]


def test_rows_are_identical_for_any_number_of_workers(items, always_parallel) -> None:
    generations = _generations(items)
    results = {}
    for workers in (1, 2, 3):
        metrics = _metrics()
        rows = score_systems(generations, items, metrics, workers=workers)
        results[workers] = json.dumps(rows)
        assert metrics[0].signature()["nrefs"] == "3", "worker state reaches the signature"
    assert results[1] == results[2] == results[3]
    rows = json.loads(results[1])
    assert [(r["system"], r["id"]) for r in rows] == [
        (s, item.id) for s in generations for item in items
    ]
    failed = [r for r in rows if r["error"]]
    assert failed and all("rouge1" not in r for r in failed)
    assert rows[0]["rouge1"] == 0 and rows[0]["length.words"] == 0.0


class PreparationLog:
    """A metric caching per-article work, like the numeric check; it logs each preparation."""

    name = "prep"

    def __init__(self) -> None:
        self.prepared: dict[str, int] = {}
        self.log: list[tuple[int, str]] = []

    def signature(self):
        return {}

    def score(self, briefings, items):
        time.sleep(0.05)  # long enough that both workers get chunks
        for item in items:
            if item.source not in self.prepared:
                self.prepared[item.source] = len(item.source)
                self.log.append((os.getpid(), item.id))
        return [Score({"prep.n": float(self.prepared[i.source])}) for i in items]

    def worker_state(self):
        return set(self.log)

    def merge_worker_state(self, state) -> None:
        self.log = sorted(set(self.log) | state)


def test_each_source_is_prepared_once_per_run_by_one_process(items, always_parallel) -> None:
    metric = PreparationLog()
    score_systems(_generations(items, systems=5), items, [metric], workers=2)
    prepared_ids = [article for _, article in metric.log]
    assert sorted(prepared_ids) == sorted(item.id for item in items), "once each, never twice"
    assert len({pid for pid, _ in metric.log}) == 2, "two worker processes shared the articles"
    assert os.getpid() not in {pid for pid, _ in metric.log}


def test_in_process_scoring_prepares_each_source_once_too(items) -> None:
    metric = PreparationLog()
    score_systems(_generations(items, systems=5), items, [metric], workers=1)
    assert sorted(a for _, a in metric.log) == sorted(item.id for item in items)
    assert {pid for pid, _ in metric.log} == {os.getpid()}


class ParentOnly(PreparationLog):
    """Like a torch model: may not be sent to workers, so it sees every briefing in one call."""

    in_workers = False

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[int, int]] = []  # (pid, briefings in the call)

    def score(self, briefings, items):
        self.calls.append((os.getpid(), len(briefings)))
        return super().score(briefings, items)


def test_a_metric_kept_out_of_workers_is_scored_once_in_the_parent(items, always_parallel) -> None:
    generations = _generations(items)
    scored = sum(1 for gens in generations.values() for g in gens if g.error is None)
    parent = ParentOnly()
    mixed = score_systems(generations, items, [RougeMetric(), parent, LengthMetric()], workers=2)
    assert parent.calls == [(os.getpid(), scored)], "one batched call, here, every briefing"
    plain = score_systems(
        generations, items, [RougeMetric(), PreparationLog(), LengthMetric()], workers=1
    )
    assert json.dumps(mixed) == json.dumps(plain), "the same rows, keys in config order"


@pytest.mark.parametrize("bad", [0, -2, True])
def test_workers_must_be_a_positive_whole_number(bad) -> None:
    with pytest.raises(UserError, match="--workers must be a whole number of at least 1"):
        scoring_workers.resolve_workers(bad, 100)


def test_default_workers_use_every_core_but_not_for_tiny_jobs() -> None:
    cores = scoring_workers.available_cores()
    assert scoring_workers.resolve_workers(None, 10_000) == cores
    assert scoring_workers.resolve_workers(None, 3) == 1
    assert scoring_workers.resolve_workers(4, 10_000) == 4


@given(total=st.integers(0, 2_000), workers=st.integers(1, 16))
def test_ranges_cover_every_article_once_in_order(total: int, workers: int) -> None:
    ranges = scoring_workers.plan_ranges(total, workers)
    covered = [i for start, stop in ranges for i in range(start, stop)]
    assert covered == list(range(total))
    assert all(stop > start for start, stop in ranges)
    # Bounded chunks, one worker included: per-article caches must outlive a chunk.
    assert all(stop - start <= scoring_workers.MAX_CHUNK for start, stop in ranges)


class WrongCount:
    name = "wrong"

    def signature(self):
        return {}

    def score(self, briefings, items):
        return [Score({"x": 1.0})] * (len(briefings) + 1)


class DiesInWorker:
    name = "dies"

    def __init__(self) -> None:
        self.parent = os.getpid()

    def signature(self):
        return {}

    def score(self, briefings, items):
        if os.getpid() != self.parent:
            os._exit(3)  # as if killed by the out-of-memory killer
        return [Score({"x": 1.0}) for _ in briefings]


class RaisesUserError:
    name = "picky"

    def signature(self):
        return {}

    def score(self, briefings, items):
        raise UserError("the picky metric needs a title on every article")


@pytest.mark.parametrize("workers", [1, 2])
def test_broken_metric_plugin_is_named(items, always_parallel, workers) -> None:
    with pytest.raises(EnvironmentProblem, match=r"metric 'wrong' returned \d+ scores for"):
        score_systems(_generations(items), items, [WrongCount()], workers=workers)


def test_user_error_in_a_worker_reaches_the_user_intact(items, always_parallel) -> None:
    with pytest.raises(UserError, match="needs a title on every article"):
        score_systems(_generations(items), items, [RaisesUserError()], workers=2)


def test_worker_that_dies_is_an_environment_problem_not_a_hang(items, always_parallel) -> None:
    with pytest.raises(EnvironmentProblem, match="scoring worker process died"):
        score_systems(_generations(items), items, [DiesInWorker()], workers=2)
