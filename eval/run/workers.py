"""Spread independent chunks of work over processes, returning results in submission order.

Scoring is pure Python (tokenising, stemming, sentence splitting, LCS), so threads would queue
on the GIL; processes are what use a second core. On Linux the workers are forked: they inherit
the job (metrics, items, briefings) without pickling it and start in milliseconds. Elsewhere
(macOS, Windows) they are spawned and the job is pickled once per worker.

Workers ignore Ctrl-C: the parent alone decides to stop, so an interrupt prints one message
(exit 130) instead of a traceback per process. A worker that dies (killed, out of memory)
becomes an ``EnvironmentProblem`` rather than a hang.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from eval.errors import EnvironmentProblem, UserError

T = TypeVar("T")
R = TypeVar("R")

# Below this many tasks per worker, starting processes costs more than it saves.
MIN_TASKS_PER_WORKER = 8
# Chunks per worker: enough that no worker idles long while another finishes its last chunk,
# few enough that sending chunks back and forth stays negligible.
CHUNKS_PER_WORKER = 16
MIN_CHUNK = 4


def available_cores() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity where the OS tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve_workers(requested: int | None, tasks: int) -> int:
    """How many processes to use for ``tasks`` independent tasks; 1 means in-process."""
    if requested is not None and (isinstance(requested, bool) or requested < 1):
        raise UserError(
            f"--workers must be a whole number of at least 1 (got {requested!r}); "
            f"leave it out to use every core ({available_cores()} here)."
        )
    wanted = available_cores() if requested is None else requested
    useful = max(1, -(-tasks // MIN_TASKS_PER_WORKER))  # ceil(tasks / MIN_TASKS_PER_WORKER)
    return max(1, min(wanted, useful))


def plan_ranges(total: int, workers: int) -> list[tuple[int, int]]:
    """Contiguous ``[start, stop)`` ranges covering ``range(total)``, in order."""
    if total <= 0:
        return []
    if workers <= 1:
        return [(0, total)]
    count = max(1, min(workers * CHUNKS_PER_WORKER, total // MIN_CHUNK))
    size, extra = divmod(total, count)
    ranges, start = [], 0
    for index in range(count):
        stop = start + size + (1 if index < extra else 0)
        ranges.append((start, stop))
        start = stop
    return ranges


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_JOB: Any = None


def _install(job: Any) -> None:
    global _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _JOB = job


def _call(function: Callable[[Any, T], R], task: T) -> R:
    return function(_JOB, task)


def _picklable(job: Any) -> bool:
    try:
        pickle.dumps(job)
    except Exception:
        return False
    return True


def map_in_processes(
    function: Callable[[Any, T], R], job: Any, tasks: Sequence[T], workers: int
) -> Iterator[R]:
    """``function(job, task)`` for every task, results in task order.

    ``function`` must be a module-level function. ``job`` is shared read-mostly state: each
    worker gets its own copy once (its caches then live for the rest of the worker's tasks).
    With one worker, or a job that cannot be sent to another process, everything runs here.
    """
    context = _context()
    if workers > 1 and context.get_start_method() != "fork" and not _picklable(job):
        warnings.warn(
            "the scoring job cannot be sent to worker processes (a metric is not picklable); "
            "scoring in this process instead",
            stacklevel=2,
        )
        workers = 1
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield function(job, task)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=context,
        initializer=_install,
        initargs=(job,),
    )
    finished = False
    try:
        yield from pool.map(_call, [function] * len(tasks), tasks)
        finished = True
    except BrokenProcessPool:
        raise EnvironmentProblem(
            "a scoring worker process died unexpectedly (killed, or out of memory?). Run again "
            "with fewer processes (--workers 1 scores everything in one process)."
        ) from None
    finally:
        # On an error or Ctrl-C, drop the chunks not yet started instead of waiting for them.
        pool.shutdown(wait=finished, cancel_futures=not finished)
