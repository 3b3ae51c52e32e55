"""Adding articles and reference briefings to a corpus, safely.

The command line (``eval.commands.curate``) only parses arguments; everything that decides what
is written lives here so it can be tested without a shell. Two rules hold for every change:

* a file is validated before it is touched and the new content is validated before it is
  written, so a refusal (exit 2) leaves every byte as it was;
* the write goes through ``eval.files`` (temporary file + rename), so Ctrl-C or a crash leaves
  either the old file or the new one, never half of either.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from eval.corpus.format import (
    ID_PATTERN,
    Article,
    Reference,
    Source,
    article_to_item,
    dump_article,
    normalise_space,
)
from eval.corpus.loading import corpus_files, parse_article_file
from eval.corpus.quality import NumberCheck
from eval.errors import UserError
from eval.files import atomic_write_text, parse_date

GUIDELINES_VERSION = "v1"
DEFAULT_PROVENANCE = "written for this project"
DEFAULT_LICENCE = "CC BY 4.0"
#: Slugs longer than this are cut at a word boundary; the id keeps room for "-YYYY" and "-NN".
MAX_SLUG_CHARS = 60


@dataclass(frozen=True)
class Change:
    """What a curation step did, in words a person can check."""

    path: Path
    action: str  # "added reference" / "created article"
    article_id: str
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        head = f"{self.action}: {self.path}"
        return "\n".join([head, *(f"  {line}" for line in self.lines)])


def today(override: str | None = None) -> date:
    """The date stamped on a new reference.

    ``--date`` wins; otherwise ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) is
    honoured so tests and scripted imports produce byte-identical files on any day.
    """
    if override:
        return parse_date(override, "--date")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise UserError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds; unset it or fix it"
            ) from exc
    return date.today()


# --------------------------------------------------------------------------- finding files


def article_ids(corpus: Path) -> dict[str, Path]:
    """id -> file for every file whose name is a valid id (the file name *is* the id)."""
    return {path.stem: path for path in corpus_files(corpus)}


def _require_corpus_folder(corpus: Path) -> None:
    if not corpus.exists():
        raise UserError(
            f"the corpus folder {corpus} does not exist; pass --corpus DIR or run from the "
            "repository root (the default is reference_summaries/)"
        )
    if not corpus.is_dir():
        raise UserError(f"--corpus {corpus} is a file; pass the folder that holds the articles")


def find_article_file(corpus: Path, article_id: str) -> Path:
    """The file of ``article_id``, or a refusal that suggests the closest ids."""
    _require_corpus_folder(corpus)
    known = article_ids(corpus)
    if article_id in known:
        return known[article_id]
    close = difflib.get_close_matches(article_id, list(known), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    listing = "" if close else f" Known ids are listed by: briefing-eval validate {corpus}"
    raise UserError(f"no article {article_id!r} in {corpus}.{hint}{listing}")


def load_valid(path: Path) -> Article:
    """The article in ``path``; a file that does not validate is refused, never patched."""
    article, problems = parse_article_file(path)
    if article is None or problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise UserError(
            f"{path} is not a valid article file, so nothing was changed:\n{listing}\n"
            "Fix the file first (briefing-eval validate shows every problem)."
        )
    return article


def _checked_text(article: Article, target: Path) -> str:
    """Serialise ``article`` and run the same checks ``validate`` would run on the result."""
    text = dump_article(article)
    with tempfile.TemporaryDirectory(prefix="briefing-eval-check-") as tmp:
        probe = Path(tmp) / target.name
        probe.write_text(text, encoding="utf-8")
        parsed, problems = parse_article_file(probe)
    if parsed is None or problems:
        listing = "\n".join(f"  - {p.field}: {p.message}" for p in problems)
        raise UserError(
            f"the change would make {target} invalid, so nothing was written:\n{listing}"
        )
    return text


def _number_warnings(article: Article, text: str, number_check: NumberCheck | None) -> list[str]:
    """Unbacked numbers do not block a write (validate --quality fails on them) but are shown
    at once, while the writer still has the article in mind."""
    if number_check is None:
        return []
    unbacked = number_check(text, article_to_item(article))
    return [
        f"the article does not back {u.text!r} ({u.explanation or u.verdict}); check the value "
        "against the article (guidelines: never round, convert or compute)"
        for u in unbacked
    ]


def _write_and_recheck(path: Path, text: str) -> None:
    atomic_write_text(path, text)
    parsed, problems = parse_article_file(path)
    if parsed is None or problems:  # pragma: no cover - only if the disk lies to us
        raise UserError(f"{path} was written but does not read back as valid: {problems}")


# --------------------------------------------------------------------------- add-reference


def add_reference(
    corpus: Path,
    article_id: str,
    *,
    author: str,
    text: str,
    written: date,
    guidelines: str = GUIDELINES_VERSION,
    number_check: NumberCheck | None = None,
) -> Change:
    """Append one reference to an article's file, or refuse without touching anything."""
    author = author.strip()
    if not author:
        raise UserError("--author is empty; give the id of the person who wrote the reference")
    if not text.strip():
        raise UserError("the reference text is empty; nothing was added")
    path = find_article_file(corpus, article_id)
    article = load_valid(path)
    text = text.strip()
    new_key = normalise_space(text)
    for index, ref in enumerate(article.references):
        if normalise_space(ref.text) == new_key:
            raise UserError(
                f"{path}: this text is already references[{index}] (by {ref.author}); "
                "nothing was added"
            )
    reference = Reference(author=author, text=text, written=written, guidelines=guidelines)
    updated = article.model_copy(update={"references": [*article.references, reference]})
    new_text = _checked_text(updated, path)
    _write_and_recheck(path, new_text)
    warnings = _number_warnings(article, text, number_check)
    if any(ref.author == author for ref in article.references):
        warnings.append(
            f"{author} already wrote a reference for {article.id}; references should come from "
            "different people so that they are independent"
        )
    words = len(text.split())
    return Change(
        path=path,
        action="added reference",
        article_id=article.id,
        lines=[
            f"references[{len(article.references)}] by {author}, written {written.isoformat()}, "
            f"guidelines {guidelines}, {words} words",
            f"{article.id} now has {len(updated.references)} reference(s)",
        ],
        warnings=warnings,
    )


# --------------------------------------------------------------------------- add-article


def slugify(title: str) -> str:
    """ASCII, lower case, words joined by '-', cut at a word boundary; '' if nothing is left."""
    title = re.sub(r"['\u2019]", "", title)  # "Zurich's" -> "zurichs", not "zurich-s"
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_CHARS:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:MAX_SLUG_CHARS]
    return slug


def stable_id(title: str, published: date, source_text: str) -> str:
    """slug of the title + year: the same title and year always give the same id."""
    slug = slugify(title)
    if not slug:
        slug = "article-" + hashlib.sha256(normalise_space(source_text).encode()).hexdigest()[:10]
    return f"{slug}-{published.year}"


def _choose_id(corpus: Path, wanted: str | None, proposed: str) -> tuple[str, str | None]:
    """The id to use and, when it differs from the first choice, a sentence saying why."""
    known = article_ids(corpus)
    if wanted is not None:
        if not ID_PATTERN.match(wanted):
            raise UserError(
                f"--id {wanted!r} is not a valid id: use lower-case letters, digits, '.', '_' "
                "and '-', starting with a letter or digit (at most 120 characters)"
            )
        if wanted in known:
            raise UserError(f"--id {wanted!r} is already used by {known[wanted]}; pick another")
        return wanted, None
    if proposed not in known:
        return proposed, None
    number = 2
    while f"{proposed}-{number}" in known:
        number += 1
    chosen = f"{proposed}-{number}"
    return chosen, (
        f"the id {proposed!r} is taken by {known[proposed].name} (a different article), so this "
        f"one is {chosen!r}; pass --id to choose another"
    )


def add_article(
    corpus: Path,
    *,
    source_text: str,
    title: str,
    published: date,
    author: str,
    reference_text: str,
    written: date,
    source_url: str | None = None,
    licence: str = DEFAULT_LICENCE,
    provenance: str = DEFAULT_PROVENANCE,
    topic: str | None = None,
    article_id: str | None = None,
    guidelines: str = GUIDELINES_VERSION,
    number_check: NumberCheck | None = None,
) -> Change:
    """Create a new article file with its first reference (an article needs at least one)."""
    _require_corpus_folder(corpus)
    source_text = source_text.strip()
    if not source_text:
        raise UserError("the article text is empty; nothing was created")
    if not title.strip():
        raise UserError("--title is empty; give the article's headline")
    if not reference_text.strip():
        raise UserError(
            "the first reference is empty: an article needs at least one reference briefing "
            "(--reference-text, --reference-file or --reference-editor)"
        )
    if not author.strip():
        raise UserError("--author is empty; give the id of the person who wrote the reference")
    source_key = normalise_space(source_text)
    for path in corpus_files(corpus):
        existing, _ = parse_article_file(path)
        if existing is not None and normalise_space(existing.source.text) == source_key:
            raise UserError(
                f"this article text is already in the corpus as {existing.id!r} ({path}); "
                f"add references to it with: briefing-eval add-reference {existing.id} ..."
            )
    chosen, note = _choose_id(corpus, article_id, stable_id(title, published, source_text))
    try:
        article = Article(
            id=chosen,
            title=title.strip(),
            published=published,
            topic=topic.strip() if topic and topic.strip() else None,
            source=Source(
                text=source_text,
                provenance=provenance.strip(),
                licence=licence.strip(),
                url=source_url.strip() if source_url else None,
            ),
            references=[
                Reference(
                    author=author.strip(),
                    text=reference_text.strip(),
                    written=written,
                    guidelines=guidelines,
                )
            ],
        )
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise UserError(f"the new article is not valid, so nothing was created: {details}") from exc
    path = corpus / f"{chosen}.json"
    text = _checked_text(article, path)
    _write_and_recheck(path, text)
    lines = [
        f"id {chosen}, published {published.isoformat()}, {len(source_text.split())} words",
        f"licence {article.source.licence!r}, provenance {article.source.provenance!r}",
        f"references[0] by {article.references[0].author}, "
        f"{len(article.references[0].text.split())} words",
    ]
    warnings = [note] if note else []
    warnings += _number_warnings(article, article.references[0].text, number_check)
    return Change(
        path=path,
        action="created article",
        article_id=chosen,
        lines=lines,
        warnings=warnings,
    )
