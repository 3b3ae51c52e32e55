"""Reading a corpus from disk: parse and check every article file, then load the valid corpus.

A separate job from the format itself (``eval.corpus.format``): this is where files are read,
decoded and parsed, and where every way a file can be wrong becomes a ``Problem`` that says
what to fix. Loading never stops at the first problem: ``validate_corpus`` reports every problem
of every file at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eval.corpus.format import Article, Corpus, normalise_space
from eval.errors import UserError

# Longest article (or reference) text accepted, in characters; a run config may change it
# (``limits.max_article_chars``). A news article is 2-20 KB: anything near this is a mistake
# (a whole dump pasted in) and would take minutes to split and check.
DEFAULT_MAX_ARTICLE_CHARS = 500_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one corpus file."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return f"{where}: {self.message}"


def _field_path(location: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for piece in location:
        if isinstance(piece, int):
            parts.append(f"[{piece}]")
        else:
            parts.append(("." if parts else "") + piece)
    return "".join(parts)


def _friendly(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see reference_summaries/README.md)"
    message = error.get("msg", "invalid value")
    return message.removeprefix("Value error, ")


def _oversized(article: Article, limit: int, shown: str) -> list[Problem]:
    texts = [("source.text", article.source.text)]
    texts += [(f"references[{i}].text", ref.text) for i, ref in enumerate(article.references)]
    return [
        Problem(
            shown,
            field,
            f"{len(text):,} characters, over the limit of {limit:,} (limits.max_article_chars "
            f"in the run config); shorten or split the text, or raise the limit",
        )
        for field, text in texts
        if len(text) > limit
    ]


class DuplicateKey(ValueError):
    """The same key twice in one JSON object: ``json`` would silently keep the last one."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads`` that refuses a key given twice."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def _looks_like_json_lines(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict) and text.strip().count("\n") > 0
    except ValueError:
        return False


def parse_article_file(
    path: Path, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS
) -> tuple[Article | None, list[Problem]]:
    """Read and validate one file; return the article or every problem found in it."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, "", f"cannot be read ({exc.strerror})")]
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows editors) is fine
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                shown,
                "",
                f"is not UTF-8 (bad byte at offset {exc.start}); re-save the file as UTF-8",
            )
        ]
    if not text.strip():
        return None, [Problem(shown, "", "is empty; an article file holds one JSON object")]
    try:
        data = json.loads(text, object_pairs_hook=reject_duplicate_keys)
    except DuplicateKey as exc:
        return None, [
            Problem(
                shown,
                "",
                f"the key {exc.key!r} appears twice in one object (JSON would silently keep "
                f"the last); keep one",
            )
        ]
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _looks_like_json_lines(text):
            return None, [
                Problem(
                    shown,
                    "",
                    "is a JSON-lines file (one object per line), not an article file; a corpus "
                    "is a folder with one JSON file per article: import it first with "
                    "briefing-eval import jsonl FILE --map source=...,reference=... --out "
                    "data/imported/NAME",
                )
            ]
        return None, [
            Problem(shown, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")
        ]
    except RecursionError:
        return None, [Problem(shown, "", "invalid JSON: nested too deeply to be an article")]
    except ValueError as exc:  # e.g. a number with more digits than Python will convert
        return None, [Problem(shown, "", f"invalid JSON: {str(exc).split(';')[0]}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, "", "must hold one JSON object (an article)")]
    try:  # "\ud800" escapes parse into strings that cannot be written back as UTF-8
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError):
        return None, [
            Problem(
                shown,
                "",
                "holds an escaped lone surrogate (such as \\ud800), which is not a character; "
                "remove it or write the character itself",
            )
        ]
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        return None, [
            Problem(shown, _field_path(tuple(err["loc"])), _friendly(err)) for err in exc.errors()
        ]
    problems: list[Problem] = _oversized(article, max_chars, shown)
    if path.stem != article.id:
        owner = path.with_name(f"{article.id}.json")
        hint = (
            f"; {owner.name} already uses this id: give this article a new id and name the file "
            f"after it"
            if owner.is_file()
            else f"; rename the file to {article.id}.json or change the id"
        )
        problems.append(
            Problem(
                shown,
                "id",
                f"id {article.id!r} does not match the file name {path.name!r}{hint}",
            )
        )
    source_words = len(article.source.text.split())
    for index, ref in enumerate(article.references):
        if len(ref.text.split()) > source_words:
            problems.append(
                Problem(
                    shown,
                    f"references[{index}].text",
                    f"the reference ({len(ref.text.split())} words) is longer than its article "
                    f"({source_words} words); a briefing must be shorter than its source",
                )
            )
    seen: dict[str, int] = {}
    for index, ref in enumerate(article.references):
        key = normalise_space(ref.text)
        if key in seen:
            problems.append(
                Problem(
                    shown,
                    f"references[{index}].text",
                    f"duplicates references[{seen[key]}]; remove one of them",
                )
            )
        seen.setdefault(key, index)
    return (None if problems else article), problems


def corpus_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.glob("*.json") if p.is_file())


def _broken_links(root: Path) -> list[Problem]:
    """``*.json`` entries that are symbolic links to nothing (dangling, or looping): reported,
    because skipping them silently would shrink the corpus without anyone noticing."""
    if root.is_file():
        return []
    problems = []
    for path in sorted(root.glob("*.json")):
        if path.is_symlink() and not path.is_file():
            try:
                target = str(path.readlink())
            except OSError:
                target = "?"
            problems.append(
                Problem(
                    str(path),
                    "",
                    f"is a symbolic link to {target}, which does not exist or loops back on "
                    f"itself; fix the link or delete it",
                )
            )
    return problems


def validate_corpus(
    root: Path, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS
) -> tuple[list[Article], list[Problem]]:
    """Every valid article and every problem, across all files, in file-name order."""
    if not root.exists():
        return [], [Problem(str(root), "", "does not exist; pass a corpus folder or file")]
    files = corpus_files(root)
    broken = _broken_links(root)
    if not files:
        return [], [*broken, Problem(str(root), "", "holds no *.json article files")]
    articles: list[Article] = []
    problems: list[Problem] = list(broken)
    first_file_of_id: dict[str, Path] = {}
    for path in files:
        article, found = parse_article_file(path, max_chars)
        problems.extend(found)
        if article is None:
            continue
        if article.id in first_file_of_id:
            problems.append(
                Problem(
                    str(path),
                    "id",
                    f"duplicate id {article.id!r}, also used by {first_file_of_id[article.id]}",
                )
            )
            continue
        first_file_of_id[article.id] = path
        articles.append(article)
    return articles, problems


def load_corpus(root: Path, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS) -> Corpus:
    """Load a corpus or raise one ``UserError`` that lists every problem."""
    articles, problems = validate_corpus(root, max_chars)
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise UserError(
            f"The corpus at {root} has {len(problems)} problem(s):\n{listing}\n"
            f"Fix them and check with: briefing-eval validate {root}"
        )
    return Corpus(articles=tuple(sorted(articles, key=lambda a: a.id)), root=root)
