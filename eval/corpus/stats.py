"""Descriptive statistics of a corpus, as printed by ``briefing-eval validate --stats``.

They are the numbers of the datasheet (``reference_summaries/README.md``): generating them
rather than counting by hand keeps the datasheet honest as articles are added.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence

from eval.corpus.format import Article

#: source text -> kinds of the numbers in it (e.g. "percent", "money"); optional.
NumberKinds = Callable[[Article], list[str]]


def _spread(values: Sequence[int]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "min": min(values),
        "median": statistics.median(values),
        "mean": round(statistics.fmean(values), 1),
        "max": max(values),
        "total": sum(values),
    }


def corpus_stats(articles: Sequence[Article], number_kinds: NumberKinds | None = None) -> dict:
    refs = [ref for article in articles for ref in article.references]
    written = sorted(ref.written for ref in refs if ref.written is not None)
    published = sorted(article.published for article in articles)
    stats: dict = {
        "articles": len(articles),
        "references": len(refs),
        "references_per_article": _spread([len(a.references) for a in articles]),
        "topics": dict(sorted(Counter(a.topic or "(none)" for a in articles).items())),
        "source_words": _spread([len(a.source.text.split()) for a in articles]),
        "reference_words": _spread([len(ref.text.split()) for ref in refs]),
        "authors": dict(sorted(Counter(ref.author for ref in refs).items())),
        "licences": dict(sorted(Counter(a.source.licence for a in articles).items())),
        "provenance": dict(sorted(Counter(a.source.provenance for a in articles).items())),
        "guidelines": dict(sorted(Counter(ref.guidelines or "(none)" for ref in refs).items())),
        "published": [published[0].isoformat(), published[-1].isoformat()] if published else [],
        "written": [written[0].isoformat(), written[-1].isoformat()] if written else [],
    }
    if number_kinds is not None:
        per_article = [number_kinds(article) for article in articles]
        stats["source_numbers"] = _spread([len(kinds) for kinds in per_article])
        stats["source_number_kinds"] = dict(
            sorted(Counter(kind for kinds in per_article for kind in kinds).items())
        )
    return stats


def _line(name: str, spread: dict) -> str:
    if not spread:
        return f"- {name}: none"
    return (
        f"- {name}: min {spread['min']:g}, median {spread['median']:g}, mean {spread['mean']:g}, "
        f"max {spread['max']:g} (total {spread['total']:g})"
    )


def _counts(name: str, counts: dict) -> str:
    return f"- {name}: " + ", ".join(f"{key} {value}" for key, value in counts.items())


def render_markdown(stats: dict) -> str:
    """A markdown block to paste into the datasheet."""
    lines = [
        f"- articles: {stats['articles']}; references: {stats['references']}",
        _line("references per article", stats["references_per_article"]),
        _counts("topics", stats["topics"]),
        _line("article length (words)", stats["source_words"]),
        _line("reference length (words)", stats["reference_words"]),
        f"- reference authors: {len(stats['authors'])} "
        f"({', '.join(f'{k} {v}' for k, v in stats['authors'].items())})",
        _counts("licences", stats["licences"]),
        _counts("provenance", stats["provenance"]),
        _counts("guidelines versions", stats["guidelines"]),
    ]
    if stats["published"]:
        lines.append(f"- published: {stats['published'][0]} to {stats['published'][1]}")
    if stats["written"]:
        lines.append(f"- references written: {stats['written'][0]} to {stats['written'][1]}")
    if "source_numbers" in stats:
        lines.append(_line("numbers per article (found by eval.numeric)", stats["source_numbers"]))
        lines.append(_counts("number kinds in articles", stats["source_number_kinds"]))
    return "\n".join(lines) + "\n"
