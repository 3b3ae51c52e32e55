"""``briefing-eval check-numbers``: check the numbers of a briefing against its source.

Single pair::

    briefing-eval check-numbers --source SOURCE.txt --summary SUMMARY.txt \
        [--published YYYY-MM-DD] [--json] [--explain]

Batch::

    briefing-eval check-numbers --pairs PAIRS.jsonl [--json]

where each line of PAIRS.jsonl is ``{"id", "source", "summary", "published"?}`` (texts, not
paths). With ``--json`` one JSON object per pair is printed: ``{"id", "claims": [{"text",
"start", "end", "kind", "value", "unit", "verdict", "evidence"}], "flagged": N}``; without it,
a table a person can read. With ``--explain`` each claim also shows why its verdict was
reached: how the number was read (value, unit or counted noun, hedge, the words it is attached
to), the source mentions that were candidates with their own attachment and how much each is
about the same thing, which one won and by which rule; in JSON the same is under ``explain``
(one object per claim, same order as ``claims``). The exit code is 0 whatever the verdicts
(flagged numbers are a finding, not a failure) and 2 on bad input (an empty source included:
with nothing to check against every number would be flagged), with the file and line at fault.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eval.errors import EXIT_OK, UserError
from eval.files import iter_json_objects, parse_date, read_text_file
from eval.numeric import CheckResult, SourceFacts, check_against, prepare_source
from eval.numeric.parse import available as parser_available

CLAIM_FIELDS = ("text", "start", "end", "kind", "value", "unit", "verdict", "evidence")
_EMPTY_SOURCE = (
    "{where}: the source is empty, so there is nothing to check the briefing's numbers against "
    "(every number would be flagged); give the article's text"
)


@dataclass(frozen=True)
class Pair:
    id: str
    source: str
    summary: str
    published: date | None


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-numbers",
        help="check every number of a briefing against its source article",
        description="Extract every numeric claim of a briefing (counts, money, percentages, "
        "dates, years, durations, ages, ordinals, scores) and say whether the source supports, "
        "contradicts or does not back it. Exit code 0 whatever the verdicts.",
    )
    parser.add_argument("--source", type=Path, metavar="SOURCE.txt", help="the article text")
    parser.add_argument("--summary", type=Path, metavar="SUMMARY.txt", help="the briefing")
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication date of the article; anchors 'Monday', 'last June' (optional)",
    )
    parser.add_argument(
        "--pairs",
        type=Path,
        metavar="PAIRS.jsonl",
        help='many pairs, one JSON object per line: {"id", "source", "summary", "published"?}',
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per pair")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="for every claim: how it was read, the candidate source mentions and why the "
        "verdict was reached (in --json: under the key 'explain')",
    )
    parser.add_argument(
        "--parse",
        action="store_true",
        help="also attach each number to its clause's subject with spaCy's parser (needs "
        "pip install 'briefing-eval[parse]'; off by default, see eval/numeric/README.md)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    pairs = list(_pairs(args))
    if args.parse and not parser_available():
        raise UserError(
            "--parse needs spaCy and its English model, which are not installed; install "
            "them with pip install 'briefing-eval[parse]', or leave out --parse"
        )
    prepared: dict[tuple[str, date | None], SourceFacts] = {}
    for pair in pairs:
        key = (pair.source, pair.published)
        if key not in prepared:
            prepared[key] = prepare_source(pair.source, pair.published, args.parse)
        result = check_against(prepared[key], pair.summary, explain=args.explain)
        if args.json:
            print(json.dumps(as_json(pair.id, result, args.explain), ensure_ascii=False))
        else:
            print(render_table(pair.id, result))
    return EXIT_OK


def _pairs(args: argparse.Namespace) -> Iterator[Pair]:
    if args.pairs is not None:
        if args.source is not None or args.summary is not None or args.published is not None:
            raise UserError(
                "use either --pairs PAIRS.jsonl or --source/--summary [--published], not both "
                '(in PAIRS.jsonl each line carries its own "published")'
            )
        yield from read_pairs(args.pairs)
        return
    if args.source is None or args.summary is None:
        raise UserError(
            "give both --source SOURCE.txt and --summary SUMMARY.txt, or --pairs PAIRS.jsonl"
        )
    published = parse_date(args.published, "--published") if args.published else None
    source = read_text_file(args.source, "--source")
    if not source.strip():
        raise UserError(_EMPTY_SOURCE.format(where=f"--source {args.source}"))
    yield Pair(args.summary.stem, source, read_text_file(args.summary, "--summary"), published)


def read_pairs(path: Path) -> list[Pair]:
    """Validate every line before any is checked, so that a bad line costs no work."""
    pairs: list[Pair] = []
    seen: set[str] = set()
    expected = '{"id", "source", "summary", "published"?}'
    for number, row in iter_json_objects(path, label="--pairs", expected=expected):
        where = f"{path}, line {number}"
        unknown = sorted(set(row) - {"id", "source", "summary", "published"})
        if unknown:
            raise UserError(f"{where}: unknown key(s) {', '.join(unknown)}; the keys are id, "
                            "source, summary and (optional) published")  # fmt: skip
        for key in ("id", "source", "summary"):
            if not isinstance(row.get(key), str):
                problem = "is missing" if key not in row else f"must be a string, got {row[key]!r}"
                raise UserError(f"{where}: {key!r} {problem}")
        if row["id"] in seen:
            raise UserError(f"{where}: id {row['id']!r} appears twice; ids must be unique")
        seen.add(row["id"])
        if not row["source"].strip():
            raise UserError(_EMPTY_SOURCE.format(where=where))
        published = row.get("published")
        when = parse_date(published, f"{where}: published") if published is not None else None
        pairs.append(Pair(row["id"], row["source"], row["summary"], when))
    if not pairs:
        raise UserError(f"{path}: no pairs (the file is empty)")
    return pairs


def as_json(pair_id: str, result: CheckResult, explain: bool = False) -> dict:
    """One pair's JSON object; with ``explain``, an ``explain`` list parallel to ``claims``
    (empty when the briefing has no numbers)."""
    claims = [{field: getattr(claim, field) for field in CLAIM_FIELDS} for claim in result.claims]
    out = {"id": pair_id, "claims": claims, "flagged": result.flagged}
    if explain:
        out["explain"] = list(result.explain)
    return out


def render_table(pair_id: str, result: CheckResult) -> str:
    """A plain-text table: one row per claim, its verdict and a one-line explanation."""
    lines = [
        f"{pair_id}: {len(result.claims)} numeric claim(s), {result.flagged} flagged "
        "(contradicted or unsupported)"
    ]
    if not result.claims:
        return "\n".join([*lines, "  (no numbers in the briefing)", ""])
    rows = [("verdict", "kind", "claim", "value", "explanation")]
    for claim in result.claims:
        unit = f" {claim.unit}" if claim.unit else ""
        value = f"{_show(claim.value)}{unit}"
        rows.append((claim.verdict, claim.kind, claim.text, value, claim.explanation))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for number, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  " + "  ".join([*cells, row[4]]).rstrip())
        if number and result.explain:
            lines.extend(render_explain(result.explain[number - 1]))
    lines.append("")
    return "\n".join(lines)


def render_explain(explain: dict) -> list[str]:
    """The ``--explain`` block under one claim's row."""
    read = explain["reading"]
    lines = [f"      reading: {_reading(read)}"]
    if explain["candidates"]:
        lines.append("      candidates in the source (most about the same thing first):")
    for candidate in explain["candidates"]:
        mark = "*" if candidate["chosen"] else "-"
        lines.append(f"        {mark} sentence {candidate['sentence']}: {_reading(candidate)}; "
                     f"about the same thing {candidate['about']:.2f}; value "
                     f"{candidate['value_check']}")  # fmt: skip
    if not explain["candidates"]:
        lines.append("      candidates in the source: none of this kind")
    winner = explain["winner"]
    if winner is not None:
        lines.append(f"      chosen: {winner['text']} (sentence {winner['sentence']}, "
                     f"{winner['role']})")  # fmt: skip
    lines.append(f"      why: {explain['why']}")
    lines.append(f"      verdict: {explain['verdict']}: {explain['reason']}")
    return lines


def _reading(read: dict) -> str:
    unit = f" {read['unit']}" if read["unit"] and read["unit"] not in read["text"] else ""
    hedge = f"{read['hedge']} " if read["hedge"] not in (None, "vague", "range") else ""
    value = _show(read["value"])
    interval = read["interval"]
    span = ""
    if interval and interval[0] != interval[1]:
        span = f", range {_show(interval[0])} to {_show(interval[1])}"
    attached = ", ".join(read["attached"]) or "nothing"
    return (f"{hedge}{read['text']}{unit} = {value} ({read['kind']}{span}); "
            f"attached to: {attached}")  # fmt: skip


def _show(value: float | str) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"
    return str(value)
