"""Summarisers for tests: each misbehaves (or counts) in one precise way."""

from __future__ import annotations

from collections.abc import Sequence


class EmptyForSome:
    """Returns an empty briefing for articles whose text contains ``marker``, else the lead."""

    def __init__(self, budget, marker: str = "EMPTY") -> None:
        self.budget, self.marker = budget, marker

    def signature(self):
        return {"name": "empty-for-some", "marker": self.marker}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return ["" if self.marker in t else t.split(".")[0] + "." for t in texts]


class Counting:
    """Counts calls in a class attribute so tests can prove a warm cache makes none."""

    calls = 0
    texts_seen = 0

    def __init__(self, budget) -> None:
        self.budget = budget

    def signature(self):
        return {"name": "counting", "v": "1"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        Counting.calls += 1
        Counting.texts_seen += len(texts)
        return [" ".join(t.split()[:20]) for t in texts]


class Slow:
    """Sleeps per article and logs every text it generates for to ``log`` (one line each), so
    a test can kill a real run midway and count what was generated across processes."""

    batch_size = 1

    def __init__(self, budget, log: str, delay: float = 0.15) -> None:
        self.budget, self.log, self.delay = budget, log, delay

    def signature(self):
        return {"name": "slow", "v": "1"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        import time

        out = []
        for text in texts:
            time.sleep(self.delay)
            out.append(" ".join(text.split()[:25]))
        with open(self.log, "a", encoding="utf-8") as handle:
            for text in texts:
                handle.write(text[:40].replace("\n", " ") + "\n")
        return out
