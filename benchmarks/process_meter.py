"""Run a command and measure it: wall time, CPU of the whole process tree, peak tree RSS.

CPU comes from ``getrusage(RUSAGE_CHILDREN)`` (children and the grandchildren they waited for,
so worker processes count); peak RSS is the largest sum over the process and its descendants,
sampled every 50 ms with psutil (a short spike between samples can be missed). The machine's
load average is recorded before and after, because on a shared machine it explains a lot.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    wall: float
    cpu: float
    peak_rss_mb: float | None
    returncode: int
    output: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]

    def load(self) -> str:
        b, a = self.load_before, self.load_after
        return (
            f"load average before {b[0]:.2f} {b[1]:.2f} {b[2]:.2f}, "
            f"after {a[0]:.2f} {a[1]:.2f} {a[2]:.2f}"
        )


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total
    except psutil.Error:
        return 0


def run_measured(command: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to completion; its combined output is kept for error messages."""
    try:
        import psutil  # noqa: F401

        sample = True
    except ImportError:
        sample = False
    load_before = os.getloadavg()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    watcher = threading.Thread(target=watch, daemon=True) if sample else None
    if watcher:
        watcher.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    if watcher:
        watcher.join()
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage_after.ru_utime - usage_before.ru_utime) + (
        usage_after.ru_stime - usage_before.ru_stime
    )
    return Measured(
        wall=wall,
        cpu=cpu,
        peak_rss_mb=peak[0] / 2**20 if sample else None,
        returncode=process.returncode,
        output=output,
        load_before=load_before,
        load_after=os.getloadavg(),
    )
