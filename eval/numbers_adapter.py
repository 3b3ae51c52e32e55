"""The numeric fact check (``eval.numeric``), seen from corpus curation.

Curation only needs two questions answered: which numbers of a reference does its article not
back, and what kinds of numbers does an article hold. Keeping the translation here means the
quality checks and the datasheet do not depend on the fact check's internals, and a corpus can
still be validated (with a clear note) where the fact check is unavailable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from types import ModuleType

from eval.corpus import Article, Item
from eval.quality import NumberCheck, UnbackedNumber

NOT_AVAILABLE = (
    "the numeric fact check (eval.numeric) is not available in this installation, so numbers "
    "were not checked"
)
#: The verdict that means "the article backs this number"; contradicted and unsupported do not.
BACKED = "supported"


def _numeric() -> ModuleType | None:
    """``eval.numeric``, or None when this installation has no fact check.

    Only the absence of ``eval.numeric`` itself (or of its public functions) means "not
    available"; a missing third-party package inside it is a real error and propagates.
    """
    try:
        import eval.numeric as numeric
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == "eval.numeric" or exc.name.startswith("eval.numeric.")):
            return None
        raise
    needed = ("prepare_source", "check_against", "extract_mentions")
    return numeric if all(hasattr(numeric, name) for name in needed) else None


def load_number_check() -> tuple[NumberCheck | None, str]:
    """(reference, item) -> unbacked numbers; or None and the reason it cannot run."""
    numeric = _numeric()
    if numeric is None:
        return None, NOT_AVAILABLE

    @lru_cache(maxsize=4)  # an article's references arrive one after another
    def prepared(source: str, published: date | None):
        return numeric.prepare_source(source, published)

    def number_check(text: str, item: Item) -> list[UnbackedNumber]:
        result = numeric.check_against(prepared(item.source, item.published), text)
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

    return number_check, ""


def load_number_kinds() -> Callable[[Article], list[str]] | None:
    """Article -> the kind of every number its text states (for the datasheet), if available."""
    numeric = _numeric()
    if numeric is None:
        return None

    def kinds(article: Article) -> list[str]:
        mentions = numeric.extract_mentions(article.source.text, article.published)
        return [str(mention.kind) for mention in mentions]

    return kinds
