"""Summarisers for tests that run briefing-eval in real processes and stop or race them.

They coordinate with the test through files (no sockets): ``log`` gets one line per article
as soon as that article is done, ``started`` is created when the first call begins, and
``gate`` makes a call wait until that file exists.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path


def _lead(text: str) -> str:
    return " ".join(text.split()[:25])


class SlowNoBatch:
    """Sleeps ``delay`` per article and has no ``batch_size``: the harness picks the chunks."""

    def __init__(self, budget, log: str, delay: float = 0.3) -> None:
        self.budget, self.log, self.delay = budget, log, delay

    def signature(self):
        return {"name": "slow-no-batch", "v": "1"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        out = []
        for text in texts:
            time.sleep(self.delay)
            out.append(_lead(text))
            with open(self.log, "a", encoding="utf-8") as handle:
                handle.write(text[:30].replace("\n", " ") + "\n")
        return out


class Gate:
    """Creates ``started`` on its first call, then waits (up to 60 s) for ``gate`` to exist."""

    batch_size = 1

    def __init__(self, budget, started: str, gate: str) -> None:
        self.budget, self.started, self.gate = budget, Path(started), Path(gate)

    def signature(self):
        return {"name": "gate", "v": "1"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        self.started.touch()
        deadline = time.monotonic() + 60
        while not self.gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return [_lead(text) for text in texts]


class BrokenInit:
    """A plugin whose constructor fails the way real ones do (a bug, a missing file)."""

    def __init__(self, budget, path: str = "weights.bin") -> None:
        raise FileNotFoundError(2, "No such file or directory", path)

    def signature(self):  # pragma: no cover - never constructed
        return {"name": "broken-init"}

    def summarise(self, texts: Sequence[str]) -> list[str]:  # pragma: no cover
        return list(texts)


class SleepyMetric:
    """A metric that records the PID of each process it scores in (one file per process in
    ``pids``) and then sleeps, so a test can signal a run while its workers are busy."""

    name = "sleepy"
    compares_with = "source"

    def __init__(self, pids: str, sleep: float = 120.0) -> None:
        from eval.metrics.base import Value

        self.values = (Value("sleepy.x", "Sleepy"),)
        self.pids, self.sleep = Path(pids), sleep

    def signature(self):
        return {"v": "1"}

    def score(self, briefings, items):
        from eval.metrics.base import Score

        self.pids.mkdir(parents=True, exist_ok=True)
        (self.pids / str(os.getpid())).touch()
        time.sleep(self.sleep)
        return [Score({"sleepy.x": 0.0}) for _ in briefings]


def install_dist(site: Path, metrics: dict[str, str] | None = None, **plugins: str) -> Path:
    """A fake installed distribution under ``site`` exposing ``name = module:Class`` plugins."""
    dist = site / "process_summarisers_dist-0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: process-dist\nVersion: 0\n")
    lines = "".join(f"{name.replace('_', '-')} = {target}\n" for name, target in plugins.items())
    text = "[briefing.summarisers]\n" + lines
    if metrics:
        text += "[briefing.metrics]\n" + "".join(f"{k} = {v}\n" for k, v in metrics.items())
    (dist / "entry_points.txt").write_text(text)
    return site
