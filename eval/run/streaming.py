"""Reading a streaming summariser (``SummarisesEach``) without trusting it.

A plugin's ``summarise_each`` yields ``(index, briefing or exception)`` as each article
finishes. This module checks every entry (a known index, not seen before; a valid string or an
exception), times it, and closes the plugin's stream whenever the reader stops early, so queued
requests are cancelled. What the stream does wrong is the plugin's fault and must not cost the
run: an entry for one article that is not a string is that article's error, and a stream that
raises or yields something that is not an entry ends with a warning, leaving the articles it
did not finish to the caller.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from briefing.base import SummarisesEach
from eval.errors import UserError


@dataclass(frozen=True)
class Finished:
    """One article the stream finished: its briefing, or the error that ended it."""

    index: int
    summary: str | None
    seconds: float  # time since the previous entry: the entries add up to the wall time
    error: str | None


class _BrokenStream(RuntimeError):
    """``summarise_each`` yielded something that is not ``(index, result)`` for a new index."""


def read_stream(summariser: SummarisesEach, texts: Sequence[str]) -> Iterator[Finished]:
    """Each article ``summariser.summarise_each(texts)`` finishes, checked, as it finishes.

    A yielded ``UserError`` (a wrong key, an unknown model) is raised: no article can succeed.
    Close this iterator (or let it be collected) to close the plugin's stream.
    """
    done: set[int] = set()
    stream = summariser.summarise_each(texts)
    last = time.perf_counter()
    try:
        for entry in stream:
            index, result = _entry(entry, len(texts), done)
            now = time.perf_counter()
            seconds, last = now - last, now
            if isinstance(result, UserError):
                raise result
            if isinstance(result, BaseException):
                yield Finished(index, None, seconds, describe(result))
                continue
            problem = _problem(result)
            summary = result if isinstance(result, str) and problem is None else None
            yield Finished(index, summary, seconds, problem)
    except (UserError, KeyboardInterrupt, GeneratorExit):
        raise
    except Exception as exc:
        warnings.warn(
            f"summarise_each() failed ({describe(exc)}); the articles it did not finish are "
            f"generated one at a time instead",
            stacklevel=2,
        )
    finally:
        close = getattr(stream, "close", None)
        if callable(close):
            close()  # cancels what is queued: nothing more is wanted from this call


def describe(exc: BaseException) -> str:
    """An exception as one line: its type and message."""
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")


def _entry(entry: object, count: int, done: set[int]) -> tuple[int, object]:
    if not isinstance(entry, tuple) or len(entry) != 2:
        raise _BrokenStream(f"yielded {type(entry).__name__} {entry!r:.80}, not (index, result)")
    index, result = entry
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        raise _BrokenStream(f"yielded index {index!r:.40} for {count} article(s)")
    if index in done:
        raise _BrokenStream(f"yielded article {index} twice")
    done.add(index)
    return index, result


def _problem(value: object) -> str | None:
    """What is wrong with one briefing a summariser handed over, or None."""
    if not isinstance(value, str):
        return f"summarise_each() yielded a {type(value).__name__} instead of a string"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "summarise_each() yielded a string that is not valid Unicode (a lone surrogate)"
    return None
