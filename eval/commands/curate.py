"""``briefing-eval add-reference`` and ``briefing-eval add-article``: thin wrappers over
``eval.corpus.curation`` that turn options into text and print what changed."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from eval.corpus import curation
from eval.corpus.numeric_facts import unbacked_numbers
from eval.errors import UserError
from eval.files import parse_date, read_text_file

DEFAULT_CORPUS = Path("reference_summaries")

_EDITOR_TEMPLATE = """\

# Write the reference briefing above this line (guidelines: reference_summaries/GUIDELINES.md).
# Lines starting with '#' are ignored; save an empty text to cancel.
#
# Article: {title}
#
{article}
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    ref = subparsers.add_parser(
        "add-reference",
        help="append a reference briefing to an article",
        description="Append a reference briefing to one article's file, validated before and "
        "after and written atomically. Refuses duplicates, empty text and unknown ids.",
    )
    ref.add_argument("article_id", metavar="ARTICLE_ID", help="the article's id (its file name)")
    ref.add_argument("--author", required=True, help="id of the person who wrote it, e.g. r04")
    given = ref.add_mutually_exclusive_group(required=True)
    given.add_argument("--text", help="the reference text")
    given.add_argument("--file", type=Path, help="a UTF-8 file holding the reference text")
    given.add_argument(
        "--editor", action="store_true", help="write it in $VISUAL / $EDITOR next to the article"
    )
    _common(ref)
    ref.set_defaults(func=run_add_reference)

    art = subparsers.add_parser(
        "add-article",
        help="create a new article file with its first reference",
        description="Create a new article file with a stable id (slug of the title + year). "
        "An article needs at least one reference briefing, so the first one is given here; "
        "add more with add-reference.",
    )
    art.add_argument("--file", type=Path, required=True, help="the article text (UTF-8)")
    art.add_argument("--title", required=True, help="the headline")
    art.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    art.add_argument("--source-url", help="where the article was published, if anywhere")
    art.add_argument("--licence", default=curation.DEFAULT_LICENCE, help="default: %(default)s")
    art.add_argument(
        "--provenance", default=curation.DEFAULT_PROVENANCE, help="default: %(default)s"
    )
    art.add_argument("--topic", help="e.g. economy, sport, science-health")
    art.add_argument("--id", dest="article_id", help="choose the id instead of the title slug")
    art.add_argument("--author", required=True, help="who wrote the first reference")
    first = art.add_mutually_exclusive_group(required=True)
    first.add_argument("--reference-text", help="the first reference briefing")
    first.add_argument("--reference-file", type=Path, help="a file holding the first reference")
    first.add_argument(
        "--reference-editor", action="store_true", help="write the first reference in $EDITOR"
    )
    _common(art)
    art.set_defaults(func=run_add_article)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: %(default)s)"
    )
    parser.add_argument(
        "--guidelines",
        default=curation.GUIDELINES_VERSION,
        help="guidelines version the reference follows (default: %(default)s)",
    )
    parser.add_argument(
        "--date",
        help="date written, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH when set)",
    )


def text_from_editor(title: str, article: str) -> str:
    """Open the user's editor on a template that shows the article; '#' lines are dropped."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UserError("neither $VISUAL nor $EDITOR is set; set one, or use --text / --file")
    shown = "\n".join(f"# {line}" if line else "#" for line in article.splitlines())
    with tempfile.TemporaryDirectory(prefix="briefing-eval-") as tmp:
        path = Path(tmp) / "REFERENCE.txt"
        path.write_text(_EDITOR_TEMPLATE.format(title=title, article=shown), encoding="utf-8")
        try:
            completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise UserError(f"could not start the editor {editor!r}: {exc.strerror}") from exc
        if completed.returncode != 0:
            raise UserError(
                f"the editor {editor!r} exited with status {completed.returncode}; nothing added"
            )
        written = path.read_text(encoding="utf-8")
    kept = [line for line in written.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(kept).strip()


def _report(change: curation.Change) -> None:
    print(change.describe())
    for warning in change.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def run_add_reference(args: argparse.Namespace) -> int:
    written = curation.today(args.date)
    if args.editor:
        path = curation.find_article_file(args.corpus, args.article_id)
        article = curation.load_valid(path)
        text = text_from_editor(article.title, article.source.text)
    elif args.file is not None:
        text = read_text_file(args.file, "--file")
    else:
        text = args.text
    change = curation.add_reference(
        args.corpus,
        args.article_id,
        author=args.author,
        text=text,
        written=written,
        guidelines=args.guidelines,
        number_check=unbacked_numbers,
    )
    _report(change)
    return 0


def run_add_article(args: argparse.Namespace) -> int:
    written = curation.today(args.date)
    published = parse_date(args.published, "--published")
    source_text = read_text_file(args.file, "--file")
    if args.reference_editor:
        reference = text_from_editor(args.title, source_text)
    elif args.reference_file is not None:
        reference = read_text_file(args.reference_file, "--reference-file")
    else:
        reference = args.reference_text
    change = curation.add_article(
        args.corpus,
        source_text=source_text,
        title=args.title,
        published=published,
        author=args.author,
        reference_text=reference,
        written=written,
        source_url=args.source_url,
        licence=args.licence,
        provenance=args.provenance,
        topic=args.topic,
        article_id=args.article_id,
        guidelines=args.guidelines,
        number_check=unbacked_numbers,
    )
    _report(change)
    return 0
