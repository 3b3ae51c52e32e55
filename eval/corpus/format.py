"""The reference corpus's data model: one JSON file per article in ``reference_summaries/``.

JSON rather than YAML so that no value changes type behind the author's back ("no" -> false),
and one file per article so that a new reference is a reviewable one-file diff. This module is
what an article *is* (its fields and their rules, the ``Item`` metrics see, the fingerprint, the
canonical on-disk form); reading files from disk and reporting their problems is
``eval.corpus.loading``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    provenance: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    url: str | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the article text is empty")
        return value


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    author: str = Field(min_length=1)
    text: str = Field(min_length=1)
    written: date | None = None
    guidelines: str | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the reference text is empty")
        return value


class Article(BaseModel):
    """One corpus file, as stored on disk."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = Field(min_length=1)
    # Anchors relative dates ("on Monday") for the numeric check. Optional because imported
    # data often has none, and a made-up date would anchor them wrongly; without one, such
    # words are compared as written.
    published: date | None = None
    topic: str | None = None
    source: Source
    references: list[Reference] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(
                "ids are lower-case letters, digits, '.', '_' and '-', starting with a letter "
                f"or digit (got {value!r})"
            )
        return value


@dataclass(frozen=True)
class Item:
    """What metrics see: an article with its references, detached from the file format."""

    id: str
    source: str
    references: tuple[str, ...]
    published: date | None = None
    title: str = ""


@dataclass(frozen=True)
class Corpus:
    articles: tuple[Article, ...]
    root: Path

    def items(self) -> list[Item]:
        return [article_to_item(article) for article in self.articles]

    def fingerprint(self) -> str:
        return corpus_fingerprint(self.articles)


def article_to_item(article: Article) -> Item:
    return Item(
        id=article.id,
        source=article.source.text,
        references=tuple(ref.text for ref in article.references),
        published=article.published,
        title=article.title,
    )


def corpus_fingerprint(articles: Iterable[Article]) -> str:
    """A hash of everything that can change a score: ids, sources and references, in id order.

    Titles, dates of writing and provenance are left out on purpose: editing them cannot change
    any number, so it should not make two runs look incomparable.
    """
    digest = hashlib.sha256()
    for article in sorted(articles, key=lambda a: a.id):
        payload = [article.id, article.source.text, [ref.text for ref in article.references]]
        digest.update(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()[:16]


def normalise_space(text: str) -> str:
    """The form in which two texts count as the same reference (spacing and line breaks aside)."""
    return " ".join(text.split())


def dump_article(article: Article) -> str:
    """The canonical on-disk form: stable key order, 2-space indent, UTF-8, trailing newline."""
    data = article.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
