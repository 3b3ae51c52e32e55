"""Generate briefings for one system through the cache, isolating failures per article.

Every finished briefing is stored in the cache the moment the harness has it, so an interrupted
run loses nothing finished. How work reaches the summariser decides when that moment is:

* **Streaming** (``SummarisesEach``, e.g. ``endpoint``): every article still needed is handed
  over in one call and each briefing is cached as it is yielded, whatever order the concurrent
  requests finish in. No article waits for a slower one of its batch.
* **Chunks** (everything else): a chunk is the summariser's ``batch_size`` when it declares one
  (a model batches), else one article, so a plugin that says nothing about batching has every
  article cached the moment it is finished (``chunk_size_for``). A chunk is cached when it
  returns.
* **Worker processes**: a summariser that declares ``in_workers = True`` (pure CPU work in
  Python that does not depend on which articles share a call: the extractive baselines) runs in
  chunks spread over the run's ``--workers`` processes, as scoring does; results come back,
  and are cached, in article order, so the output is the same as in one process.

If a chunk fails (the summariser raises, or returns the wrong number or type of results) its
articles are retried one by one so that a single bad article costs one item, not the whole
chunk. Once more articles have failed than the run allows (``max_failures``), generation stops:
a summariser that fails on everything costs seconds, not a pass over the whole corpus.
"""

from __future__ import annotations

import contextlib
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tqdm import tqdm

from briefing.base import (
    ReportsGenerationInfo,
    Summariser,
    SummarisesArticles,
    SummarisesEach,
)
from eval.corpus.format import Item
from eval.errors import EXIT_FAILURE, UserError
from eval.run.cache import CachedGeneration, GenerationCache
from eval.run.streaming import describe, read_stream
from eval.run.workers import map_in_processes, plan_ranges, resolve_workers


@dataclass
class Generation:
    """One article's briefing (or failure) from one system."""

    id: str
    summary: str | None
    seconds: float
    cached: bool
    error: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False  # never attempted: the run had already failed too often

    def record(self) -> dict[str, Any]:
        row: dict[str, Any] = {"id": self.id, "summary": self.summary}
        row["seconds"] = round(self.seconds, 6)
        row["cached"] = self.cached
        row["error"] = self.error
        row.update(self.info)
        return row


class TooManyFailures(UserError):
    exit_code = EXIT_FAILURE


def _check_output(output: object, expected: int) -> str | None:
    if not isinstance(output, list | tuple):
        return f"summarise() returned {type(output).__name__}, expected a list of strings"
    if len(output) != expected:
        return f"summarise() returned {len(output)} summaries for {expected} articles"
    for value in output:
        if not isinstance(value, str):
            return f"summarise() returned a {type(value).__name__} instead of a string"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "summarise() returned a string that is not valid Unicode (a lone surrogate)"
    return None


# Articles per summarise() call for a summariser that declares no ``batch_size``: one, so each
# article is cached as soon as it is finished and an interrupted run loses nothing finished.
DEFAULT_CHUNK = 1


def chunk_size_for(summariser: object, where: str = "") -> int:
    """How many articles one ``summarise`` call gets: ``batch_size`` if declared, else 1.

    A ``batch_size`` that is not a whole number of at least 1 is a broken plugin: say so,
    rather than guess.
    """
    size = getattr(summariser, "batch_size", None)
    if size is None:
        return DEFAULT_CHUNK
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise UserError(
            f"{where + ': ' if where else ''}the summariser's batch_size is {size!r}; it must be "
            f"a whole number of at least 1 (or absent: the harness then calls it one article "
            f"at a time)."
        )
    return size


_SKIPPED = "not generated: the run stopped after more than max_failures={} failures"


def _infos(summariser: Summariser, count: int) -> list[dict[str, Any]]:
    if isinstance(summariser, ReportsGenerationInfo):
        infos = summariser.last_generation_info()
        if len(infos) == count:
            return [asdict(info) for info in infos]
    return [{} for _ in range(count)]


def runs_in_workers(summariser: object) -> bool:
    """Whether the harness may generate with ``summariser`` in worker processes: only when it
    says so (``in_workers = True``); a model or a server client must stay in this process."""
    return getattr(summariser, "in_workers", False) is True


@dataclass
class _Recorder:
    """Takes each finished generation: applies the size limit, counts failures, caches it."""

    results: dict[str, Generation]
    cache: GenerationCache | None
    max_failures: int | None
    max_briefing_chars: int | None
    advance: Callable[[int], object]
    failed: int = 0

    def record(self, item: Item, made: Generation) -> None:
        generation = self.results[item.id] = _within_limit(made, self.max_briefing_chars)
        self.failed += generation.error is not None
        if generation.error is None and self.cache is not None and generation.summary is not None:
            self.cache.put(
                item.source,
                CachedGeneration(generation.summary, generation.seconds, generation.info),
            )
        self.advance(1)

    @property
    def stopped(self) -> bool:
        """More articles failed than the run allows: attempt no more."""
        return self.max_failures is not None and self.failed > self.max_failures


def generate_system(
    system_id: str,
    summariser: Summariser,
    items: Sequence[Item],
    cache: GenerationCache | None,
    *,
    chunk_size: int | None = None,
    quiet: bool,
    max_failures: int | None = None,
    max_briefing_chars: int | None = None,
    workers: int | None = 1,
) -> list[Generation]:
    """Briefings for every item, in item order: cached ones first looked up, the rest made.

    Once more than ``max_failures`` articles have failed, the articles not yet attempted are
    returned as ``skipped`` generations (with an error saying so) instead of being generated.
    A briefing longer than ``max_briefing_chars`` (a runaway model, a precomputed file gone
    wrong) is a failure of its article, so no metric ever has to read ten megabytes.
    ``workers`` (``None``: every core) is used only by summarisers that run in workers.
    """
    if chunk_size is None:
        chunk_size = chunk_size_for(summariser, system_id)
    results: dict[str, Generation] = {}
    missing: list[Item] = []
    for item in items:
        hit = cache.get(item.source) if cache is not None else None
        if hit is not None:
            results[item.id] = _within_limit(
                Generation(item.id, hit.summary, hit.seconds, True, None, hit.info),
                max_briefing_chars,
            )
        else:
            missing.append(item)

    progress = tqdm(
        total=len(missing),
        desc=f"generate {system_id}",
        unit="article",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        leave=False,
    )
    with progress:
        recorder = _Recorder(results, cache, max_failures, max_briefing_chars, progress.update)
        processes = resolve_workers(workers, len(missing)) if runs_in_workers(summariser) else 1
        if isinstance(summariser, SummarisesEach) and not isinstance(
            summariser, SummarisesArticles
        ):
            leftover = _stream(summariser, missing, recorder)
            _in_chunks(summariser, leftover, 1, recorder)  # what the stream did not yield
        elif processes > 1:
            _in_processes(summariser, missing, chunk_size, processes, recorder)
        else:
            _in_chunks(summariser, missing, chunk_size, recorder)
    for item in missing:
        if item.id not in results:
            results[item.id] = Generation(
                item.id, None, 0.0, False, _SKIPPED.format(max_failures), skipped=True
            )
    _warn_unused_outputs(system_id, summariser, items)
    return [results[item.id] for item in items]


def _in_chunks(
    summariser: Summariser, missing: Sequence[Item], chunk_size: int, recorder: _Recorder
) -> None:
    """``chunk_size`` articles per call, each chunk recorded (and cached) when it returns."""
    for start in range(0, len(missing), chunk_size):
        if recorder.stopped:
            return
        chunk = missing[start : start + chunk_size]
        for made, item in zip(_generate_chunk(summariser, chunk), chunk, strict=True):
            recorder.record(item, made)


def _stream(summariser: SummarisesEach, missing: Sequence[Item], recorder: _Recorder) -> list[Item]:
    """Every missing article in one ``summarise_each`` call, each recorded as it is yielded.

    Returns the articles the stream never yielded (it raised or misbehaved), for the caller to
    generate one at a time; none once the run has failed too often (the stream is then closed,
    which cancels the requests not yet sent).
    """
    if not missing:
        return []
    received: set[int] = set()
    with contextlib.closing(read_stream(summariser, [item.source for item in missing])) as stream:
        for finished in stream:
            received.add(finished.index)
            item = missing[finished.index]
            made = Generation(item.id, finished.summary, finished.seconds, False, finished.error)
            recorder.record(item, made)
            if recorder.stopped:
                return []
    return [item for index, item in enumerate(missing) if index not in received]


def _generate_range(job: tuple[Summariser, Sequence[Item], int], task: tuple[int, int]):
    """In a worker: the articles ``missing[start:stop]``, ``chunk_size`` per call."""
    summariser, missing, chunk_size = job
    start, stop = task
    made: list[Generation] = []
    with _one_blas_thread():
        for first in range(start, stop, chunk_size):
            made += _generate_chunk(summariser, missing[first : min(first + chunk_size, stop)])
    return made


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """One BLAS thread per worker: the workers already use the cores, and numpy's BLAS threads
    on top of them (TextRank's small matrix products) cost more than they give (measured:
    textrank over 1,000 articles 14.1 s with 2 workers x 2 BLAS threads, 8.8 s with 1)."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _in_processes(
    summariser: Summariser,
    missing: Sequence[Item],
    chunk_size: int,
    processes: int,
    recorder: _Recorder,
) -> None:
    """The articles in contiguous ranges over ``processes`` workers; each range is recorded
    (and cached) here, in article order, as it comes back, so the output and the cache are
    those of one process.

    Every article is attempted even once the run has failed too often (the runner then stops
    with the failures): the work is cheap CPU work, and stopping a process pool in the middle
    of its tasks is not clean (CPython 3.11's pool reports cancelled tasks as a crash)."""
    ranges = plan_ranges(len(missing), processes)
    job = (summariser, list(missing), chunk_size)  # forked workers inherit it: nothing copied
    for (start, stop), generations in zip(
        ranges, map_in_processes(_generate_range, job, ranges, processes), strict=True
    ):
        for item, generation in zip(missing[start:stop], generations, strict=True):
            recorder.record(item, generation)


def _warn_unused_outputs(system_id: str, summariser: object, items: Sequence[Item]) -> None:
    """Precomputed outputs for ids the corpus does not have are reported, not ignored."""
    ids_not_in = getattr(summariser, "ids_not_in", None)
    if not callable(ids_not_in):
        return
    unused = list(ids_not_in([item.id for item in items]))
    if unused:
        shown = ", ".join(repr(i) for i in unused[:5]) + (" ..." if len(unused) > 5 else "")
        warnings.warn(
            f"{system_id}: the outputs hold {len(unused)} summary(ies) for article ids that are "
            f"not in the corpus ({shown}); they are ignored. Check that the file belongs to "
            f"this corpus.",
            stacklevel=2,
        )


def _within_limit(generation: Generation, limit: int | None) -> Generation:
    size = len(generation.summary or "")
    if limit is None or generation.error is not None or size <= limit:
        return generation
    generation.error = (
        f"the briefing is {size:,} characters, over limits.max_briefing_chars={limit:,}; "
        f"it is not scored (raise the limit in the config if such briefings are intended)"
    )
    generation.summary = None
    return generation


def _generate_chunk(summariser: Summariser, chunk: Sequence[Item]) -> list[Generation]:
    texts = [item.source for item in chunk]
    started = time.perf_counter()
    try:
        if isinstance(summariser, SummarisesArticles):  # e.g. precomputed outputs, keyed by id
            output = summariser.summarise_articles([item.id for item in chunk], texts)
        else:
            output = summariser.summarise(texts)
        problem = _check_output(output, len(texts))
    except UserError:
        raise  # the model cannot load, a dependency is missing: no article can succeed
    except Exception as exc:
        problem = describe(exc)
    elapsed = time.perf_counter() - started
    if problem is None:
        per_item = elapsed / max(len(texts), 1)
        infos = _infos(summariser, len(texts))
        return [
            Generation(item.id, summary, per_item, False, None, info)
            for item, summary, info in zip(chunk, output, infos, strict=True)
        ]
    if len(chunk) == 1:
        return [Generation(chunk[0].id, None, elapsed, False, problem)]
    return [generation for item in chunk for generation in _generate_chunk(summariser, [item])]
