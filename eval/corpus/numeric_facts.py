"""The numeric fact check (``eval.numeric``), seen from corpus curation.

Curation asks two questions of it: which numbers of a reference does its article not back, and
what kinds of numbers does an article hold. Answering them here keeps the quality checks and
the datasheet independent of the fact check's internals.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from eval.corpus.format import Article, Item
from eval.corpus.quality import UnbackedNumber
from eval.numeric import SourceFacts, check_against, extract_mentions, prepare_source

#: The verdict that means "the article backs this number"; contradicted and unsupported do not.
BACKED = "supported"


@lru_cache(maxsize=4)  # an article's references arrive one after another
def _prepared(source: str, published: date | None) -> SourceFacts:
    return prepare_source(source, published)


def unbacked_numbers(text: str, item: Item) -> list[UnbackedNumber]:
    """The numbers of ``text`` (a reference) that ``item``'s article does not back."""
    result = check_against(_prepared(item.source, item.published), text)
    return [
        UnbackedNumber(
            text=claim.text,
            verdict=claim.verdict,
            explanation=claim.explanation,
            value=None if claim.value is None else str(claim.value),
            unit=claim.unit,
        )
        for claim in result.claims
        if claim.verdict != BACKED
    ]


def number_kinds(article: Article) -> list[str]:
    """The kind of every number the article's text states (for the datasheet)."""
    mentions = extract_mentions(article.source.text, article.published)
    return [str(mention.kind) for mention in mentions]
