"""Check the format of labelled numeric case files (offsets, labels, kinds), never the checker.

The labelled sets in this folder are only worth something if every span indexes its summary
exactly and every number of a summary is labelled: a shifted offset silently turns a case into a
different one, and an unlabelled number is never scored. This script checks that by hand-written
rules of its own (it does not import the numeric checker, so running it on a held-out set shows
nothing of how the checker does on it).

Usage::

    python tests/data/numeric/validate_labels.py tests/data/numeric/unseen-2026-12b.jsonl [...]

Exit status 0 when every file is well formed, 2 (with one line per problem: file, line, id,
what is wrong) when not. Numbers in a summary that no span covers are problems too, unless the
summary word is one of the common prose words listed in ``_PROSE_OK``.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

KINDS = frozenset(
    {"count", "money", "percent", "date", "year", "duration", "age", "ordinal", "score"}
)
# Each label's allowed verdicts (README.md of this folder: the label table).
VERDICTS: dict[str, frozenset[str]] = {
    "ok": frozenset({"supported"}),
    "para": frozenset({"supported"}),
    "hedge": frozenset({"supported"}),
    "arith": frozenset({"supported"}),
    "alt": frozenset({"contradicted", "unsupported"}),
    "swap": frozenset({"contradicted", "unsupported"}),
    "moved": frozenset({"contradicted", "unsupported"}),
    "inv": frozenset({"unsupported"}),
    "hbad": frozenset({"contradicted", "unsupported"}),
}
REQUIRED = ("id", "published", "source", "summary", "expect")
SPAN_KEYS = ("text", "start", "end", "kind", "label", "verdict")

# Number words a summary may use; each occurrence must be inside a labelled span.
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|thousand|million|billion|dozen|twice|half|second|third|fourth|fifth|sixth|seventh|"
    "eighth|ninth|tenth"
)
# Words that look like numbers but are prose in the sentences of these files ("a second
# branch" is labelled; "one of" and "first" as plain prose need not be; "half-time" is a
# moment, not a quantity).
_PROSE_OK = frozenset({"one", "first", "once"})
_NUMBER_RE = re.compile(r"\d+|\b(?:" + _NUMBER_WORDS + r")(?:s|ths?)?\b(?!-time)", re.IGNORECASE)


def _problems_of_spans(summary: str, spans: object, *, full: bool) -> list[str]:
    """Why the spans of one summary are malformed (empty list when they are fine)."""
    if not isinstance(spans, list):
        return ["must be a list"]
    out: list[str] = []
    previous_end = -1
    for n, span in enumerate(spans):
        where = f"span {n}"
        if not isinstance(span, dict):
            out.append(f"{where}: not an object")
            continue
        keys = SPAN_KEYS if full else ("text", "start", "end")
        missing = [k for k in keys if k not in span]
        if missing:
            out.append(f"{where}: missing {', '.join(missing)}")
            continue
        start, end, text = span["start"], span["end"], span["text"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            out.append(f"{where}: start/end must be integers with 0 <= start < end")
            continue
        if summary[start:end] != text:
            out.append(f"{where}: summary[{start}:{end}] is {summary[start:end]!r}, not {text!r}")
        if start < previous_end:
            out.append(f"{where}: overlaps or precedes the span before it (sort by start)")
        previous_end = end
        if full:
            if span["kind"] not in KINDS:
                out.append(f"{where}: kind {span['kind']!r} is not one of {sorted(KINDS)}")
            allowed = VERDICTS.get(span["label"])
            if allowed is None:
                out.append(f"{where}: label {span['label']!r} is not one of {sorted(VERDICTS)}")
            elif span["verdict"] not in allowed:
                out.append(
                    f"{where}: verdict {span['verdict']!r} does not fit label {span['label']!r}"
                    f" (one of {sorted(allowed)})"
                )
    return out


def _unlabelled(summary: str, covered: list[tuple[int, int]]) -> list[str]:
    """Numbers of the summary (digits, number words) that no span covers."""
    out = []
    for m in _NUMBER_RE.finditer(summary):
        if m.group(0).lower() in _PROSE_OK:
            continue
        if not any(s <= m.start() and m.end() <= e for s, e in covered):
            out.append(f"{m.group(0)!r} at {m.start()} is not labelled")
    return out


def problems_of_case(case: object) -> list[str]:
    """Why one decoded line is not a well-formed case (empty list when it is)."""
    if not isinstance(case, dict):
        return ["a line must be a JSON object"]
    missing = [k for k in REQUIRED if k not in case]
    if missing:
        return [f"missing key(s) {', '.join(missing)}"]
    out: list[str] = []
    for key in ("id", "source", "summary"):
        if not isinstance(case[key], str) or not case[key].strip():
            out.append(f"{key} must be a non-empty string")
    if out:
        return out
    published = case["published"]
    if published is not None:
        try:
            date.fromisoformat(published)
        except (TypeError, ValueError):
            out.append(f"published {published!r} is neither null nor an ISO date (YYYY-MM-DD)")
    summary = case["summary"]
    out += [f"expect: {p}" for p in _problems_of_spans(summary, case["expect"], full=True)]
    not_claims = case.get("not_claims", [])
    out += [f"not_claims: {p}" for p in _problems_of_spans(summary, not_claims, full=False)]
    if not out:
        covered = [(s["start"], s["end"]) for s in case["expect"] + not_claims]
        out += _unlabelled(summary, covered)
    return out


def validate(path: Path) -> list[str]:
    """Every problem of one file, each as 'file:line: id: what'."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        return [f"{path}: cannot read it ({err.strerror}); check the path"]
    out: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            out.append(f"{path}:{number}: empty line (one JSON object per line)")
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as err:
            out.append(f"{path}:{number}: not JSON ({err.msg} at column {err.colno})")
            continue
        ident = case.get("id", "?") if isinstance(case, dict) else "?"
        if ident in seen:
            out.append(f"{path}:{number}: {ident}: id already used on line {seen[ident]}")
        seen[ident] = number
        out += [f"{path}:{number}: {ident}: {p}" for p in problems_of_case(case)]
    return out


def main(argv: list[str]) -> int:
    """Validate the files named on the command line; 0 if all are fine, 2 otherwise."""
    if not argv:
        print("usage: validate_labels.py FILE.jsonl [FILE.jsonl ...]", file=sys.stderr)
        return 2
    problems = [p for name in argv for p in validate(Path(name))]
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s); fix them in the files named above", file=sys.stderr)
        return 2
    print(f"{len(argv)} file(s) well formed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
