"""The one orchestrator: config -> generate (cached) -> score -> aggregate -> write a run folder.

Everything that can fail because of the user's input (config, corpus, plugin arguments, the
output folder) is checked before any model is loaded or any article generated.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from briefing import registry
from eval import runfolder, stats
from eval.config import RunConfig, config_line, load_config
from eval.corpus.format import Item
from eval.corpus.loading import load_corpus
from eval.errors import EnvironmentProblem, UserError
from eval.metrics.base import Metric, describe_all, format_signature
from eval.run.aggregate import aggregate
from eval.run.cache import CacheUnwritable, GenerationCache, default_cache_dir
from eval.run.ceiling import human_ceiling
from eval.run.generation import Generation, TooManyFailures, chunk_size_for, generate_system
from eval.run.manifest import build_manifest
from eval.run.scoring import score_systems
from eval.run.staging import (
    check_writable,
    claim_run_folder,
    folder_for_failed_run,
    release_run_folders,
    staged_run_folder,
)
from eval.run.workers import check_workers, fewer_collections, progress


@dataclass
class RunOptions:
    out: Path | None = None
    overwrite: bool = False
    quiet: bool = False
    use_cache: bool = True
    cache_dir: Path | None = None
    workers: int | None = None  # scoring (and extractive generation) processes; None = all cores


@dataclass
class RunResult:
    out: Path
    aggregate: dict[str, Any]
    failures: dict[str, int]


def _where(config_path: Path, text: str, location: tuple) -> str:
    line = config_line(text, location)
    key = location[0] + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in location[1:])
    return f"{config_path}, line {line}, {key}" if line else f"{config_path}, {key}"


def _located(exc: UserError, where: str) -> UserError:
    message = str(exc)
    if message.startswith(str(where).split(",")[0]):
        return exc
    try:
        return type(exc)(f"{where}: {message}", exit_code=exc.exit_code)
    except TypeError:  # a plugin's own UserError subclass with another constructor
        return UserError(f"{where}: {message}", exit_code=exc.exit_code)


def build_plugins(config: RunConfig, config_path: Path, text: str):
    """Construct every summariser and metric, or fail naming the config key."""
    budget = config.budget.to_budget()
    summarisers = {}
    for index, system in enumerate(config.summarisers):
        where = _where(config_path, text, ("summarisers", index))
        try:
            summarisers[system.id] = registry.summarisers.build(
                system.use, system.args, where=where, budget=budget, base_dir=config_path.parent
            )
        except TypeError as exc:
            raise UserError(f"{where}: {system.use!r} rejected its arguments: {exc}") from None
        except UserError as exc:  # the plugin's own check: add which config entry it was
            raise _located(exc, where) from None
        except Exception as exc:  # a plugin's constructor failed: its problem, not a traceback
            raise _construction_failed(where, system.use, exc) from None
    metrics: list[Metric] = []
    for index, metric in enumerate(config.metrics):
        where = _where(config_path, text, ("metrics", index))
        try:
            metrics.append(registry.metrics.build(metric.use, metric.args, where=where))
        except TypeError as exc:
            raise UserError(f"{where}: {metric.use!r} rejected its arguments: {exc}") from None
        except UserError as exc:  # the plugin's own check: add which config entry it was
            raise _located(exc, where) from None
        except Exception as exc:  # a plugin's constructor failed: its problem, not a traceback
            raise _construction_failed(where, metric.use, exc) from None
    return summarisers, metrics


def _construction_failed(where: str, use: str, exc: Exception) -> EnvironmentProblem:
    detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return EnvironmentProblem(
        f"{where}: {use!r} could not be set up ({detail}). Check its arguments and the files "
        f"or packages it needs; if they are right, the plugin is broken: report it to its "
        f"author, or leave it out of the config."
    )


def prepare_out_dir(config: RunConfig, options: RunOptions) -> Path:
    if options.out is None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        out = Path("runs") / f"{config.name}-{stamp}"
    else:
        out = Path(options.out)
    # Claim the folder before looking at it, so that a run finishing meanwhile cannot slip in.
    check_writable(out, protected=[config.data])  # replaced only once the new run is complete
    claim_run_folder(out)  # another live run writing it: exit 2; leftovers of dead runs removed
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not options.overwrite:
        raise UserError(
            f"the run folder {out} already exists and is not empty. Choose another --out, "
            f"or pass --overwrite to replace it (its current contents will be deleted once "
            f"the new run has finished)."
        )
    return out


def run_evaluation(config_path: Path, options: RunOptions) -> RunResult:
    try:
        return _run_evaluation(config_path, options)
    finally:
        release_run_folders()  # the claim on --out ends with the run, whatever its outcome


def _run_evaluation(config_path: Path, options: RunOptions) -> RunResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    config, config_text = load_config(config_path)
    corpus = load_corpus(config.data, config.limits.max_article_chars)  # size: before any work
    items: list[Item] = corpus.items()
    summarisers, metrics = build_plugins(config, config_path, config_text)
    descriptions = describe_all(metrics)  # a plugin metric that describes itself badly fails here
    locations = {
        system.id: _where(config_path, config_text, ("summarisers", index))
        for index, system in enumerate(config.summarisers)
    }
    signatures = {}
    for system_id, summariser in summarisers.items():  # a model that cannot be found fails here
        try:
            signatures[system_id] = dict(summariser.signature())
        except UserError as exc:
            raise _located(exc, locations[system_id]) from None
    out = prepare_out_dir(config, options)
    check_workers(options.workers)  # a bad --workers fails before any generation
    timings["setup"] = time.perf_counter() - started

    cache_root = options.cache_dir or config.cache or default_cache_dir()
    for index, metric in enumerate(metrics):  # a metric that caches (judge) uses the run's cache
        use_run_cache = getattr(metric, "use_run_cache", None)
        if callable(use_run_cache):
            try:
                use_run_cache(cache_root if options.use_cache else None)
            except UserError as exc:
                raise _located(exc, _where(config_path, config_text, ("metrics", index))) from None
    generations: dict[str, list[Generation]] = {}
    failures_so_far = 0
    phase = time.perf_counter()
    for system_id, summariser in summarisers.items():
        cache = GenerationCache(cache_root, signatures[system_id]) if options.use_cache else None
        if cache is not None:
            cache.ensure_writable()  # the cache's problem, not this summariser's: not located
        chunk = chunk_size_for(summariser, locations[system_id])  # batch_size, else 1 article
        try:
            generations[system_id] = generate_system(
                system_id,
                summariser,
                items,
                cache,
                chunk_size=chunk,
                quiet=options.quiet,
                max_failures=config.max_failures - failures_so_far,
                max_briefing_chars=config.limits.max_briefing_chars,
                workers=options.workers,  # used by summarisers that run in workers (extractive)
            )
        except CacheUnwritable:
            raise  # about the cache folder, whichever summariser was running
        except UserError as exc:  # e.g. the model cannot be loaded: say which config entry
            raise _located(exc, locations[system_id]) from None
        failures_so_far += sum(1 for g in generations[system_id] if g.error and not g.skipped)
        if failures_so_far > config.max_failures:
            kept = folder_for_failed_run(out)  # never the finished run --overwrite would replace
            with staged_run_folder(kept) as folder:
                _write_generations(folder, generations)
            first = next(g for gens in generations.values() for g in gens if g.error)
            raise TooManyFailures(
                f"{failures_so_far} article(s) failed to generate, more than max_failures="
                f"{config.max_failures} (first: article {first.id!r}: {first.error}). The "
                f"generations made so far are in {kept / 'generations'} and in the cache"
                f"{'' if kept == out else f'; the previous run in {out} is untouched'}; fix the "
                f"summariser or raise max_failures in {config_path}."
            )
    timings["generate"] = time.perf_counter() - phase

    phase = time.perf_counter()
    pooled_ceiling: list = []  # the scoring workers also compute the ceiling's folds
    # A bar on stderr (not a silent wait); fewer garbage collections (``fewer_collections``).
    with progress("score", enabled=not options.quiet), fewer_collections():
        rows = score_systems(
            generations, items, metrics, workers=options.workers, ceiling=pooled_ceiling
        )
    timings["score"] = time.perf_counter() - phase

    phase = time.perf_counter()
    systems = list(summarisers)
    failures = {s: sum(1 for g in gens if g.error) for s, gens in generations.items()}
    empty = {
        s: sum(1 for g in gens if g.error is None and not (g.summary or "").strip())
        for s, gens in generations.items()
    }
    # The one resample matrix of the run: the leaderboard's intervals and tests and the ceiling's.
    indices = stats.resample_indices(len(items), config.report.bootstrap, config.seed)
    aggregated = aggregate(
        rows,
        systems=systems,
        article_ids=[item.id for item in items],
        baseline=config.baseline,
        seed=config.seed,
        indices=indices,
        confidence=config.report.confidence,
        empty=empty,
    )
    aggregated["signatures"] = {
        metric.name: format_signature(metric.name, metric.signature()) for metric in metrics
    }
    timings["aggregate"] = time.perf_counter() - phase

    phase = time.perf_counter()  # the human ceiling: people vs people on N-1 references
    with progress("human ceiling", enabled=not options.quiet), fewer_collections():
        ceiling_rows, aggregated["ceiling"] = human_ceiling(
            items,
            generations,
            metrics,
            indices=indices,
            seed=config.seed,
            confidence=config.report.confidence,
            workers=options.workers,
            pooled_rows=pooled_ceiling,
        )
    timings["ceiling"] = time.perf_counter() - phase

    final = out  # written into a staging folder that becomes `final` when complete
    # Writing allocates a lot (JSON text, the report's imports and plots) while every row,
    # claim and generation of the run is alive, and the cyclic garbage collector's full
    # collections walk them all: issue 14 measured 0.22 s of collections here at 1,000
    # articles (one full collection during the report's matplotlib import alone: 0.13 s), and
    # 0.1 s with the collector paused (one collection of what the block made, at its end).
    with staged_run_folder(final) as out, runfolder.paused_gc():
        _write_generations(out, generations)
        runfolder.write_config(out, config_text)
        runfolder.write_scores(out, rows)
        runfolder.write_ceiling(out, ceiling_rows)
        runfolder.write_aggregate(out, aggregated)
        runfolder.write_metrics(out, descriptions)
        manifest = build_manifest(
            config=json.loads(config.model_dump_json()),
            config_path=str(config_path),
            seed=config.seed,
            data_path=str(config.data),
            data_fingerprint=corpus.fingerprint(),
            articles=len(items),
            summariser_signatures={
                system: format_signature(system, signatures[system]) for system in summarisers
            },
            metric_signatures=aggregated["signatures"],
            timings={**timings, "total": time.perf_counter() - started},
            failures=failures,
        )
        runfolder.write_manifest(out, manifest)

        from eval.report import write_reports

        write_reports(out, config.report.formats, corpus=corpus.articles)  # not read again
    return RunResult(out=final, aggregate=aggregated, failures=failures)


def _write_generations(out: Path, generations: dict[str, list[Generation]]) -> None:
    runfolder.write_generations(
        out, {system: [g.record() for g in gens] for system, gens in generations.items()}
    )
