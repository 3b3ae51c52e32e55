"""What every importer shares: column maps, ids, titles, dates, and writing a collection.

An import turns outside rows into ordinary corpus files, so everything downstream (validate,
run, reports) treats them like the project's own articles. Each file records where its text came
from and under which licence; the folder gets a ``.gitignore`` that keeps it out of git, since
the project does not own the data; and nothing is written unless the whole collection validates.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from eval.corpus.format import ID_PATTERN, Article, Reference, Source, dump_article, normalise_space
from eval.corpus.loading import corpus_files, validate_corpus
from eval.errors import UserError
from eval.files import atomic_write_text

MAP_KEYS = ("source", "reference", "id", "title", "published", "url", "topic")
UNKNOWN_LICENCE = "unknown: not stated at import; check the original dataset's terms before sharing"
DEFAULT_OUT_HINT = "data/imported/<name>/"
TITLE_WORDS = 12
GITIGNORE = (
    "# Written by briefing-eval import: this collection is data the project does not own.\n"
    "# Delete this file only if you are sure the licence allows committing it.\n"
    "*\n"
)


@dataclass(frozen=True)
class ColumnMap:
    """Which input column feeds which corpus field; ``reference`` may name several columns."""

    source: str
    references: tuple[str, ...]
    optional: Mapping[str, str] = field(default_factory=dict)

    def columns(self) -> list[str]:
        return [self.source, *self.references, *self.optional.values()]


def parse_map(text: str) -> ColumnMap:
    """``source=article,reference=highlights[,reference=other][,id=..,title=..,published=..]``."""
    source: str | None = None
    references: list[str] = []
    optional: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, column = (s.strip() for s in part.partition("="))
        if not sep or not column:
            raise UserError(f"--map: {part!r} is not FIELD=COLUMN (e.g. source=article)")
        if key not in MAP_KEYS:
            close = difflib.get_close_matches(key, MAP_KEYS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise UserError(f"--map: unknown field {key!r}.{hint} Fields: {', '.join(MAP_KEYS)}")
        if key == "reference":
            references.append(column)
        elif key == "source":
            source = column
        else:
            optional[key] = column
    if source is None or not references:
        raise UserError(
            "--map must name at least the source and reference columns, e.g. "
            "--map source=article,reference=highlights"
        )
    return ColumnMap(source=source, references=tuple(references), optional=optional)


def sanitise_id(raw: str) -> str:
    """A corpus id (``eval.corpus.format.ID_PATTERN``) derived from any string, stably.

    Ids that change on the way (case, odd characters, length) get a short hash of the original so
    that two different raw ids cannot collapse into the same file name.
    """
    text = str(raw).strip()
    if ID_PATTERN.match(text):
        return text
    cleaned = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    cleaned = cleaned[:100].rstrip("-._")
    return f"{cleaned}-{digest}" if cleaned else f"item-{digest}"


def title_from(source: str) -> str:
    words = source.split()
    head = " ".join(words[:TITLE_WORDS])
    return head + (" ..." if len(words) > TITLE_WORDS else "")


def parse_published(value: object, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise UserError(
            f"{where}: published {text!r} is not a date; the column must hold YYYY-MM-DD "
            "(ISO) dates, or leave it unmapped and pass --published"
        ) from exc


@dataclass
class Record:
    """One row, already mapped to corpus fields, before it becomes an ``Article``."""

    raw_id: str
    source: str
    references: list[str]
    where: str  # "data.jsonl line 12": how to find the row again
    title: str | None = None
    published: date | None = None
    url: str | None = None
    topic: str | None = None
    authors: list[str] | None = None  # one per reference; default ref1, ref2, ...


@dataclass
class ImportResult:
    articles: list[Article]
    skipped: list[str] = field(default_factory=list)  # one line per skipped row, with reason
    notes: list[str] = field(default_factory=list)  # dropped references, renamed ids, ...
    ids: dict[str, str] = field(default_factory=dict)  # Record.where -> article id


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _missing_column(column: str, row: Mapping[str, object], where: str) -> UserError:
    available = sorted(str(k) for k in row)
    close = difflib.get_close_matches(column, available, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return UserError(
        f"{where}: no column {column!r}.{hint} Columns there: {', '.join(available)}. Fix --map."
    )


def map_row(row: Mapping[str, object], mapping: ColumnMap, where: str, default_id: str) -> Record:
    """Apply the column map to one row; a missing column is a mapping mistake, so it stops."""
    for column in mapping.columns():
        if column not in row:
            raise _missing_column(column, row, where)
    references: list[str] = []
    for column in mapping.references:
        value = row[column]
        if isinstance(value, (list, tuple)):
            references.extend(_text(v) for v in value)
        else:
            references.append(_text(value))
    opt = mapping.optional

    def optional(key: str) -> str | None:
        return (_text(row[opt[key]]).strip() or None) if key in opt else None

    published = row[opt["published"]] if "published" in opt else None
    return Record(
        raw_id=optional("id") or default_id,
        source=_text(row[mapping.source]),
        references=references,
        where=where,
        title=optional("title"),
        published=parse_published(published, where) if published not in (None, "") else None,
        url=optional("url"),
        topic=optional("topic"),
    )


def build_articles(
    records: Iterable[Record],
    *,
    provenance: str,
    licence: str,
    published: date | None,
) -> ImportResult:
    """Records -> valid articles; rows that cannot make one are skipped and listed, never lost
    silently."""
    result = ImportResult(articles=[])
    used: set[str] = set()
    for record in records:
        source = record.source.strip()
        if not source:
            result.skipped.append(f"{record.where}: empty source text")
            continue
        refs: list[tuple[str, str]] = []
        seen: set[str] = set()
        authors = record.authors or [f"ref{i + 1}" for i in range(len(record.references))]
        for author, text in zip(authors, (r.strip() for r in record.references), strict=True):
            key = normalise_space(text)
            if not key:
                continue
            if key in seen:
                result.notes.append(f"{record.where}: dropped a duplicate reference")
                continue
            if len(text.split()) > len(source.split()):
                result.notes.append(f"{record.where}: dropped a reference longer than its source")
                continue
            seen.add(key)
            refs.append((author, text))
        if not refs:
            result.skipped.append(f"{record.where}: no non-empty reference")
            continue
        when = record.published or published
        article_id = sanitise_id(record.raw_id)
        if article_id in used:
            number = 2
            while f"{article_id}-{number}" in used:
                number += 1
            result.notes.append(
                f"{record.where}: id {article_id!r} was already used; this row is "
                f"{article_id}-{number}"
            )
            article_id = f"{article_id}-{number}"
        used.add(article_id)
        result.ids[record.where] = article_id
        row_provenance = f"{provenance}; {record.where}"
        if record.raw_id != article_id:
            row_provenance += f"; original id {record.raw_id!r}"
        if when is None:
            row_provenance += "; no publication date in the data (relative dates not resolved)"
        elif record.published is None:
            row_provenance += f"; publication date assumed ({when.isoformat()}), not in the data"
        result.articles.append(
            Article(
                id=article_id,
                title=record.title or title_from(source),
                published=when,
                topic=record.topic,
                source=Source(
                    text=source, provenance=row_provenance, licence=licence, url=record.url
                ),
                references=[Reference(author=a, text=t) for a, t in refs],
            )
        )
    return result


def check_out_folder(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file; name a folder (e.g. {DEFAULT_OUT_HINT})")
    if out.is_dir() and corpus_files(out) and not overwrite:
        raise UserError(
            f"--out {out} already holds {len(corpus_files(out))} article file(s); choose a new "
            "folder, or pass --overwrite to replace files of the same name"
        )


def write_collection(
    out: Path,
    result: ImportResult,
    *,
    description: Sequence[str],
    extra_files: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write every article (atomically, one by one), the provenance note and the git guard,
    then validate the folder; returns the files written."""
    check_out_folder(out, overwrite)
    if not result.articles:
        raise UserError(
            "nothing to import: every row was skipped.\n  " + "\n  ".join(result.skipped[:10])
        )
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for article in result.articles:
        path = out / f"{article.id}.json"
        atomic_write_text(path, dump_article(article))
        written.append(path)
    for name, text in (extra_files or {}).items():
        path = out / name
        atomic_write_text(path, text)
        written.append(path)
    n_refs = sum(len(a.references) for a in result.articles)
    note = [
        "# Imported collection",
        "",
        *description,
        "",
        f"- articles: {len(result.articles)}; references: {n_refs}",
        f"- rows skipped: {len(result.skipped)}",
        *(f"  - {line}" for line in result.skipped),
        *(f"- note: {line}" for line in result.notes),
        "",
        "Every article file records its provenance and licence in `source`. This folder holds a "
        "`.gitignore` that keeps it out of git: the project does not own this data.",
        "",
    ]
    atomic_write_text(out / "PROVENANCE.md", "\n".join(note))
    atomic_write_text(out / ".gitignore", GITIGNORE)
    _, problems = validate_corpus(out)
    if problems:  # pragma: no cover - build_articles only makes valid articles
        listing = "\n".join(f"  - {p}" for p in problems[:20])
        raise UserError(f"the imported collection in {out} does not validate:\n{listing}")
    return written


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()[:16]
