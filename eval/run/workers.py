"""Spread independent chunks of work over processes, returning results in submission order.

Scoring is pure Python (tokenising, stemming, sentence splitting, LCS), so threads would queue
on the GIL; processes are what use a second core. On Linux the workers are forked: they inherit
the job (metrics, items, briefings) without pickling it and start in milliseconds. Elsewhere
(macOS, Windows) they are spawned and the job is pickled once per worker.

Workers ignore Ctrl-C: the parent alone decides to stop, so an interrupt prints one message
(exit 130, or 143 for SIGTERM) instead of a traceback per process. Workers die with the parent
(``PR_SET_PDEATHSIG`` on Linux, a watcher thread elsewhere), so killing a run, even with SIGKILL,
never leaves scoring processes behind. A worker that dies (killed, out of memory)
becomes an ``EnvironmentProblem`` rather than a hang.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import time
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
# At most this many articles per chunk, with any number of workers (one included): metrics keep
# per-article work in bounded caches (the numeric check's prepared sources: 512), and a chunk's
# human-ceiling folds reuse what its scoring prepared only while the chunk fits in them.
MAX_CHUNK = 256


def available_cores() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity where the OS tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def check_workers(requested: int | None) -> int | None:
    """The one validation of ``--workers`` (the runner calls it before any work starts)."""
    if requested is not None and (
        isinstance(requested, bool) or not isinstance(requested, int) or requested < 1
    ):
        raise UserError(
            f"--workers must be a whole number of at least 1 (got {requested!r}); "
            f"leave it out to use every core ({available_cores()} here)."
        )
    return requested


def plan_workers(requested: int | None, tasks: int) -> int:
    """How many processes to use for ``tasks`` independent tasks (1 means in-process), for a
    ``requested`` count already checked by ``check_workers``."""
    wanted = available_cores() if requested is None else max(1, int(requested))
    useful = max(1, -(-tasks // MIN_TASKS_PER_WORKER))  # ceil(tasks / MIN_TASKS_PER_WORKER)
    return max(1, min(wanted, useful))


def resolve_workers(requested: int | None, tasks: int) -> int:
    """``check_workers`` then ``plan_workers``: for callers outside the runner."""
    return plan_workers(check_workers(requested), tasks)


def plan_ranges(total: int, workers: int) -> list[tuple[int, int]]:
    """Contiguous ``[start, stop)`` ranges covering ``range(total)``, in order, none longer
    than ``MAX_CHUNK``."""
    if total <= 0:
        return []
    count = 1 if workers <= 1 else min(workers * CHUNKS_PER_WORKER, total // MIN_CHUNK)
    count = max(1, count, -(-total // MAX_CHUNK))
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
_PROGRESS: list[tuple[str, bool]] = []  # (label, enabled) of the innermost ``progress`` block


@contextlib.contextmanager
def progress(label: str, *, enabled: bool) -> Iterator[None]:
    """Show a progress bar on stderr (when it is a terminal) for every ``map_in_processes``
    call inside the block: scoring a SummEval-size run takes tens of seconds, which should
    not look like a hang. ``enabled=False`` (``--quiet``) shows nothing."""
    _PROGRESS.append((label, enabled))
    try:
        yield
    finally:
        _PROGRESS.pop()


def _bar(total: int) -> Any:
    from tqdm import tqdm

    label, enabled = _PROGRESS[-1] if _PROGRESS else ("", False)
    return tqdm(
        total=total,
        desc=label,
        unit="chunk",
        file=sys.stderr,
        disable=not enabled or not sys.stderr.isatty(),
        leave=False,
    )


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Make sure this worker never outlives the run that started it.

    A worker blocked on its task pipe would otherwise live on forever (~180 MB each) when the
    parent is killed (SIGKILL, ``timeout``, ``docker stop``). On Linux the kernel sends SIGKILL
    to the worker the moment the parent dies (``PR_SET_PDEATHSIG``); elsewhere a daemon thread
    checks every second whether the parent is still the same process.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no prctl (unusual libc): fall back to polling
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _install(job: Any, parent: int | None = None) -> None:
    global _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent alone decides to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's Ctrl-C-like handler
    if parent is not None:
        _die_with_parent(parent)
    _JOB = job


def _call(function: Callable[[Any, T], R], task: T) -> R:
    return function(_JOB, task)


def _picklable(job: Any) -> bool:
    try:
        pickle.dumps(job)
    except Exception:
        return False
    return True


# Scoring makes millions of short-lived objects (every numeric mention, fact and context bag)
# while the metrics' caches grow, and each full collection walks all that is cached: at the
# collector's default first threshold (700) a whole run of 1,000 articles in one process ran 10
# full collections, 2.2 s of its 29 s of CPU (2.8 s of collections in all); at 50,000 none
# (0.6 s in all). Only when cyclic garbage is freed changes, never a score.
_SCORING_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector's first threshold raised to ``_SCORING_GC_THRESHOLD`` for
    the block (scoring, the human ceiling), as it was afterwards; workers forked inside the
    block inherit it. A threshold of 0 (collection off) or above it is left alone."""
    thresholds = gc.get_threshold()
    if 0 < thresholds[0] < _SCORING_GC_THRESHOLD:
        gc.set_threshold(_SCORING_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


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
        with _bar(len(tasks)) as bar:
            for task in tasks:
                yield function(job, task)
                bar.update(1)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=context,
        initializer=_install,
        initargs=(job, os.getpid()),
    )
    finished = False
    try:
        with _bar(len(tasks)) as bar:
            for result in pool.map(_call, [function] * len(tasks), tasks):
                yield result
                bar.update(1)
        finished = True
    except BrokenProcessPool:
        raise EnvironmentProblem(
            "a scoring worker process died unexpectedly (killed, or out of memory?). Run again "
            "with fewer processes (--workers 1 scores everything in one process)."
        ) from None
    finally:
        # On an error, Ctrl-C or SIGTERM, drop the chunks not yet started, and stop the chunks
        # in flight instead of waiting for them (their results would be thrown away).
        if not finished:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=finished, cancel_futures=not finished)
