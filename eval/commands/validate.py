"""``briefing-eval validate [PATH] [--quality] [--stats] [--json]``.

Plain mode checks the format of every file and lists every problem at once as
``file: field: message`` (exit 2 if there is any). ``--quality`` adds the reference checks of
``eval.corpus.quality`` (table per article; the kinds named by ``--fail-on`` make the exit code 2).
``--stats`` prints the datasheet numbers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eval.corpus import quality
from eval.corpus.format import Article
from eval.corpus.loading import Problem, validate_corpus
from eval.corpus.numeric_facts import number_kinds, unbacked_numbers
from eval.corpus.stats import corpus_stats, render_markdown
from eval.errors import EXIT_BAD_INPUT, EXIT_OK, UserError

DEFAULT_CORPUS = Path("reference_summaries")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a corpus folder (format; --quality: the references themselves)",
        description="Check every article file of a corpus and list every problem. With "
        "--quality, also check the references: unbacked numbers, verbatim copies, length "
        "outliers, near-duplicates and agreement between references.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        metavar="PATH",
        help="corpus folder or one article file (default: %(default)s)",
    )
    parser.add_argument("--quality", action="store_true", help="check the references too")
    parser.add_argument(
        "--fail-on",
        default=",".join(quality.DEFAULT_FAIL_ON),
        metavar="KINDS",
        help="with --quality: finding kinds that make the exit code 2, comma-separated, or "
        f"'none' / 'all' (kinds: {', '.join(quality.KINDS)}; default: %(default)s)",
    )
    parser.add_argument(
        "--flagged-only",
        action="store_true",
        help="with --quality: show tables only for articles with findings",
    )
    parser.add_argument("--stats", action="store_true", help="print corpus statistics")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.set_defaults(func=run)


def parse_fail_on(value: str) -> tuple[str, ...]:
    value = value.strip()
    if value == "none":
        return ()
    if value == "all":
        return quality.KINDS
    kinds = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [kind for kind in kinds if kind not in quality.KINDS]
    if unknown:
        raise UserError(
            f"--fail-on: unknown kind(s) {', '.join(unknown)}; choose from "
            f"{', '.join(quality.KINDS)}, or 'none' / 'all'"
        )
    return kinds


def run(args: argparse.Namespace) -> int:
    fail_on = parse_fail_on(args.fail_on)
    root: Path = args.path
    articles, problems = validate_corpus(root)
    n_refs = sum(len(article.references) for article in articles)
    payload: dict = {
        "path": str(root),
        "articles": len(articles),
        "references": n_refs,
        "problems": [{"path": p.path, "field": p.field, "message": p.message} for p in problems],
    }
    report = None
    if args.quality and articles:
        pairs = [(article, quality.path_of(article, root)) for article in articles]
        report = quality.assess(pairs, unbacked_numbers, fail_on)
        payload["quality"] = report.to_json()
    if args.stats and articles:
        payload["stats"] = corpus_stats(articles, number_kinds)
    failed = bool(problems) or (report is not None and report.fails)
    if args.json:
        payload["ok"] = not failed
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_BAD_INPUT if failed else EXIT_OK
    _print_plain(root, articles, problems, n_refs)
    if report is not None:
        print(render_quality(report, flagged_only=args.flagged_only), end="")
    if "stats" in payload:
        print(render_markdown(payload["stats"]), end="")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _print_plain(root: Path, articles: list[Article], problems: list[Problem], n_refs: int) -> None:
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} problem(s) in {root}; {len(articles)} article(s) are valid. "
            "See reference_summaries/README.md for the format."
        )
    else:
        print(f"{len(articles)} articles, {n_refs} references: OK")


# --------------------------------------------------------------------------- quality tables


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in rows) for i in range(len(headers))]

    def fmt(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return cell == "-"
    return True


def render_quality(report: quality.QualityReport, *, flagged_only: bool = False) -> str:
    headers = [
        "ref",
        "author",
        "words",
        "unbacked",
        "span",
        "copied",
        "coverage",
        "density",
        "agree",
    ]
    out: list[str] = []
    for article in report.articles:
        if flagged_only and not article.findings:
            continue
        agreement = "-" if article.agreement is None else f"{article.agreement:.2f}"
        out.append("")
        out.append(f"{article.id}  ({article.path}; mean agreement ROUGE-L F1 {agreement})")
        rows = [
            [
                str(ref.index),
                ref.author,
                str(ref.words),
                "-" if ref.unbacked is None else str(len(ref.unbacked)),
                str(ref.copied_span),
                f"{ref.copied_share:.2f}",
                f"{ref.coverage:.2f}",
                f"{ref.density:.1f}",
                "-" if ref.agreement is None else f"{ref.agreement:.2f}",
            ]
            for ref in article.references
        ]
        out.extend("  " + line for line in _table(headers, rows))
        for finding in article.findings:
            tag = "FAIL" if finding.fails else "warn"
            out.append(f"  {tag} {finding.kind}: {finding.message}")
    counts = report.counts()
    out.append("")
    out.append(
        "columns: unbacked = numbers the article does not back; span = longest span copied from "
        f"the article (words); copied = share of words in copied spans of "
        f"{quality.VERBATIM_FRAGMENT}+ words; coverage/density = extractive fragments (Grusky et "
        "al. 2018); agree = mean ROUGE-L F1 against the other references"
    )
    if not report.numbers_checked:
        out.append("numbers: NOT CHECKED")
    summary = ", ".join(
        f"{kind} {c['findings']} ({c['references']} refs, {c['articles']} articles)"
        for kind, c in counts.items()
        if c["findings"]
    )
    fail_on = ", ".join(report.fail_on) or "nothing"
    verdict = "FAILED" if report.fails else "OK"
    out.append(f"quality: {summary or 'no findings'}; failing on {fail_on}: {verdict}")
    return "\n".join(out) + "\n"
