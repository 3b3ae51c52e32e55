"""The contract every summariser honours.

Summarisers never see references: they get article texts and a length budget and return
briefings, one per text, in order. Everything that can change their output goes into
``signature()`` so cached generations and reports can be traced to exactly how they were made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Budget:
    """The length limit shared by every summariser so that comparisons are fair.

    ``None`` means "no limit" for that knob; when both are set the briefing must satisfy both.
    """

    max_sentences: int | None = 3
    max_words: int | None = 80

    def signature(self) -> dict[str, str]:
        return {
            "max_sentences": "none" if self.max_sentences is None else str(self.max_sentences),
            "max_words": "none" if self.max_words is None else str(self.max_words),
        }


@runtime_checkable
class Summariser(Protocol):
    """Writes briefings for a batch of article texts.

    Implementations receive ``budget: Budget`` as a constructor keyword (the registry passes it)
    plus their own arguments from the config.

    Optional attributes the harness reads:

    ``batch_size: int``
        Articles per ``summarise`` call (a model batches them); absent: one article per call,
        so each is cached the moment it is finished.
    ``in_workers: bool`` (default ``False``)
        ``True`` promises pure CPU work whose output for an article does not depend on which
        other articles share its call, and an object cheap to fork or pickle (the extractive
        baselines): the harness may then generate in the run's worker processes (``--workers``),
        as it scores. A summariser holding a model, a GPU or a server connection leaves it out.
    """

    def signature(self) -> Mapping[str, str]:
        """Everything that can change the output. Must be cheap: never load a model here."""
        ...

    def summarise(self, texts: Sequence[str]) -> list[str]:
        """One briefing per text, same length and order as ``texts``."""
        ...


@dataclass(frozen=True)
class GenerationInfo:
    """Per-item facts a summariser may report beside the text (e.g. input truncation)."""

    truncated: bool = False
    input_tokens: int | None = None
    tokens_cut: int = 0


@runtime_checkable
class ReportsGenerationInfo(Protocol):
    """Optional: summarisers that can say per item whether the input was truncated.

    ``last_generation_info()`` returns one ``GenerationInfo`` per text of the most recent
    ``summarise`` call; the runner stores it in ``generations/<system>.jsonl``.
    """

    def last_generation_info(self) -> list[GenerationInfo]: ...


@runtime_checkable
class SummarisesArticles(Protocol):
    """Optional: summarisers that need each article's id (precomputed outputs, remote services).

    The harness calls ``summarise_articles`` instead of ``summarise`` when a summariser has it.
    ``ids[i]`` is the id of the article whose text is ``texts[i]``; one briefing per text.
    """

    def summarise_articles(self, ids: Sequence[str], texts: Sequence[str]) -> list[str]: ...


@runtime_checkable
class SummarisesEach(Protocol):
    """Optional: summarisers that finish articles one by one within a call (concurrent requests
    to a server, a queue of remote jobs) and can hand each over the moment it is done.

    The harness calls ``summarise_each(texts)`` instead of ``summarise`` and stores every
    finished briefing in the generation cache as soon as it is yielded, so a run killed while
    many requests are in flight loses none that finished. It yields ``(index, result)`` once per
    text, in any order: ``index`` is the position in ``texts``; ``result`` is the briefing, or
    the exception that made this article fail for good (retries, if any, already spent: the
    harness records it as that article's error and does not ask again). A ``UserError`` (a wrong
    key, a model that does not exist) stops the run as from ``summarise``. The harness hands
    over every article it still needs in one call, so no article waits for a slower one of its
    batch; it may stop iterating early (``close()``: too many failures), after which queued
    work should be cancelled. Articles the stream never yields (it raised, or yielded something
    malformed) are generated again one at a time through ``summarise``, which a summariser
    must still provide. Per-item ``GenerationInfo`` is not collected on this path.
    """

    def summarise_each(self, texts: Sequence[str]) -> Iterator[tuple[int, str | Exception]]: ...


@dataclass(frozen=True)
class ChatReply:
    """One answer of a chat backend.

    ``top_logprobs`` holds, for each generated token position, the log-probabilities of the most
    likely alternatives (token text -> natural log-probability), or ``None`` when the backend
    cannot return them. The judge metric uses them to weight grades by probability (G-Eval).
    """

    text: str
    top_logprobs: list[dict[str, float]] | None = None


@runtime_checkable
class Chats(Protocol):
    """Optional: a backend that answers chat conversations (``hf`` instruction models, endpoints).

    Metrics that need a model's judgement (``judge``) take any summariser that also implements
    this. Decoding is greedy / temperature 0 so the answers are deterministic; ``signature()``
    describes the model exactly as for summarising.
    """

    def signature(self) -> Mapping[str, str]: ...

    def chat(
        self,
        conversations: Sequence[Sequence[Mapping[str, str]]],
        *,
        max_tokens: int,
        logprobs: int = 0,
    ) -> list[ChatReply]:
        """One reply per conversation (a list of ``{"role", "content"}`` messages), in order.

        ``logprobs > 0`` asks for that many alternatives per generated position where supported.
        """
        ...
