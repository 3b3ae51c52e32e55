"""Summarisers that misbehave in one precise way each, for the bad-input tests.

Each returns the first 12 words of an article when it behaves, so the good articles of a run
get ordinary, non-zero scores.
"""

from __future__ import annotations

from collections.abc import Sequence


def _first_words(text: str) -> str:
    return " ".join(text.split()[:12])


class _Base:
    name = "base"

    def __init__(self, budget, marker: str = "") -> None:
        self.budget, self.marker = budget, marker

    def signature(self):
        return {"name": self.name, "marker": self.marker}


class RaisesOn(_Base):
    """Raises for any batch holding an article whose text contains ``marker``."""

    name = "raises-on"

    def summarise(self, texts: Sequence[str]) -> list[str]:
        if any(self.marker in text for text in texts):
            raise ValueError(f"cannot summarise a text containing {self.marker!r}")
        return [_first_words(text) for text in texts]


class WrongCount(_Base):
    """Always returns one briefing too many."""

    name = "wrong-count"

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return [_first_words(text) for text in texts] + ["an extra briefing"]


class NonStrings(_Base):
    """Returns None for articles containing ``marker``, strings for the rest."""

    name = "non-strings"

    def summarise(self, texts: Sequence[str]) -> list:
        return [None if self.marker in text else _first_words(text) for text in texts]


class EmptyStrings(_Base):
    """Returns an empty briefing for every article."""

    name = "empty-strings"

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return ["" for _ in texts]


class Interrupted(_Base):
    """Behaves as if the user pressed Ctrl-C during generation."""

    name = "interrupted"

    def summarise(self, texts: Sequence[str]) -> list[str]:
        raise KeyboardInterrupt


class FirstWords(_Base):
    """Behaves: the first 12 words of each article."""

    name = "first-words"

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return [_first_words(text) for text in texts]


class AlwaysFails(_Base):
    """Raises on every call and counts the calls."""

    name = "always-fails"

    def __init__(self, budget, marker: str = "") -> None:
        super().__init__(budget, marker)
        self.calls = 0

    def summarise(self, texts: Sequence[str]) -> list[str]:
        self.calls += 1
        raise RuntimeError("this summariser always fails")
