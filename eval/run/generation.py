"""Generate briefings for one system through the cache, isolating failures per article.

Work is handed to the summariser a chunk at a time and each chunk is stored in the cache as
soon as it is done, so an interrupted run loses at most one chunk. A chunk is the summariser's
``batch_size`` when it declares one (a model batches, an endpoint sends that many requests at
once), else one article: a plugin that says nothing about batching is called article by article,
so every article is cached the moment it is finished (``chunk_size_for``). If a chunk fails (the
summariser raises, or returns the wrong number or type of results) its articles are retried
one by one so that a single bad article costs one item, not the whole chunk. Once more articles
have failed than the run allows (``max_failures``), generation stops: a summariser that fails
on everything costs seconds, not a pass over the whole corpus.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tqdm import tqdm

from briefing.base import ReportsGenerationInfo, Summariser, SummarisesArticles
from eval.corpus.format import Item
from eval.errors import EXIT_FAILURE, UserError
from eval.run.cache import CachedGeneration, GenerationCache


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


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")


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
) -> list[Generation]:
    """Briefings for every item, in item order: cached ones first looked up, the rest made.

    Once more than ``max_failures`` articles have failed, the articles not yet attempted are
    returned as ``skipped`` generations (with an error saying so) instead of being generated.
    A briefing longer than ``max_briefing_chars`` (a runaway model, a precomputed file gone
    wrong) is a failure of its article, so no metric ever has to read ten megabytes.
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
    failed = 0
    with progress:
        for start in range(0, len(missing), chunk_size):
            chunk = missing[start : start + chunk_size]
            if max_failures is not None and failed > max_failures:
                for item in chunk:
                    results[item.id] = Generation(
                        item.id, None, 0.0, False, _SKIPPED.format(max_failures), skipped=True
                    )
                continue
            for made, item in zip(_generate_chunk(summariser, chunk), chunk, strict=True):
                generation = results[item.id] = _within_limit(made, max_briefing_chars)
                failed += generation.error is not None
                if (
                    generation.error is None
                    and cache is not None
                    and generation.summary is not None
                ):
                    cache.put(
                        item.source,
                        CachedGeneration(generation.summary, generation.seconds, generation.info),
                    )
            progress.update(len(chunk))
    _warn_unused_outputs(system_id, summariser, items)
    return [results[item.id] for item in items]


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
        problem = _describe(exc)
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
