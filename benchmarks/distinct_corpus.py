"""A corpus of N distinct articles for speed benchmarks, built from the shipped corpus.

Speed figures on repeated texts flatter any engine that remembers a text it has seen (the
project's ROUGE caches per distinct text), so the whole-run and scaling benchmarks need texts
that do not repeat. The project ships 30 articles; this makes any number of distinct ones:

* article ``k`` is shipped article ``k mod 30`` with its paragraphs shuffled, the sentences of
  about half of its paragraphs shuffled, and two words dropped from every sentence of six
  words or more (never a word with a digit, so the numbers the numeric check reads stay);
* its 3 references get the same treatment.

Every source, and almost every paragraph, is a string no other article has (``distinctness``
measures it: print it beside any figure); single sentences do repeat across variants of the
same shipped article, which is worth knowing for any cache keyed by sentence. The text stays
English news prose (shipped text only, nothing from ``/work/shared/data``), deterministic for a
given seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "reference_summaries"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")


@dataclass(frozen=True)
class Article:
    """What a benchmark needs of one article (the corpus file form is written by ``write``)."""

    id: str
    title: str
    published: str | None
    source: str
    references: tuple[str, ...]


def shipped_articles(root: Path = CORPUS) -> list[Article]:
    """The shipped corpus, read straight from its JSON files (no project code involved)."""
    articles = []
    for path in sorted(root.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        articles.append(
            Article(
                id=data["id"],
                title=data["title"],
                published=data.get("published"),
                source=data["source"]["text"],
                references=tuple(ref["text"] for ref in data["references"]),
            )
        )
    if not articles:
        raise SystemExit(f"no *.json articles in {root}: run from a checkout of the project")
    return articles


def _drop_words(sentence: str, rng: random.Random, count: int = 2) -> str:
    words = sentence.split(" ")
    # Never the first or last word (capital letter, final punctuation) nor one with a digit.
    eligible = [i for i in range(1, len(words) - 1) if not any(c.isdigit() for c in words[i])]
    if len(words) < 6 or len(eligible) < count:
        return sentence
    dropped = set(rng.sample(eligible, count))
    return " ".join(w for i, w in enumerate(words) if i not in dropped)


def perturb(text: str, rng: random.Random) -> str:
    """Shuffle paragraphs (and some paragraphs' sentences) and drop two words per sentence."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    rng.shuffle(paragraphs)
    out = []
    for paragraph in paragraphs:
        sentences = _SENTENCE_END.split(paragraph)
        if len(sentences) > 1 and rng.random() < 0.5:
            rng.shuffle(sentences)
        out.append(" ".join(_drop_words(s, rng) for s in sentences))
    return "\n\n".join(out)


def distinct_articles(count: int, seed: int = 2026) -> list[Article]:
    """``count`` distinct articles derived from the shipped corpus (see the module docstring)."""
    base = shipped_articles()
    rng = random.Random(seed)
    made = []
    for index in range(count):
        original = base[index % len(base)]
        made.append(
            Article(
                id=f"{original.id}-d{index:05d}",
                title=original.title,
                published=original.published,
                source=perturb(original.source, rng),
                references=tuple(perturb(r, rng) for r in original.references),
            )
        )
    return made


def distinctness(articles: Sequence[Article]) -> str:
    """One line: how many sources, paragraphs and sentences are distinct strings."""
    sources = [a.source for a in articles]
    paragraphs = [p for s in sources for p in s.split("\n\n")]
    sentences = [x for p in paragraphs for x in _SENTENCE_END.split(p)]
    return (
        f"distinct sources {len(set(sources))}/{len(sources)}, "
        f"paragraphs {len(set(paragraphs))}/{len(paragraphs)}, "
        f"sentences {len(set(sentences))}/{len(sentences)}"
    )


def write(articles: Sequence[Article], folder: Path) -> None:
    """Write the articles as corpus files (``reference_summaries`` format) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        data = {
            "id": article.id,
            "title": article.title,
            "source": {
                "text": article.source,
                "provenance": "benchmark variant of a shipped article",
                "licence": "CC BY 4.0",
            },
            "references": [
                {"author": f"r{i + 1:02d}", "text": text}
                for i, text in enumerate(article.references)
            ],
        }
        if article.published:
            data["published"] = article.published
        (folder / f"{article.id}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
