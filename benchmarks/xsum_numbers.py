"""The numeric fact check against human hallucination marks on XSum (Maynez et al., 2020).

For every annotated summary in ``../shared/data/xsum_hallucinations/`` the checker lists the
summary's numbers and flags those its article does not back. Annotators marked hallucinated
spans (intrinsic or extrinsic) in the same summaries. This script reports:

* of the marked spans that contain a number, how many contain a number the checker flags;
* of the numbers the checker flags, how many lie in no marked span at all (flags no annotator
  agrees with), and how many lie in a span marked by at least two annotators;
* the same per system and per number kind, and claim-level precision/recall against the marks.

Summaries there are lower-cased and tokenised ("£30, 000", "7. 5 %"); articles have no
publication date, so relative dates stay unresolved. Use it to learn; do not tune to examples.

    python benchmarks/xsum_numbers.py [--data PATH] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.numeric import check_against, prepare_source  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "xsum_hallucinations" / "xsum_hallucinations.jsonl"


def span_occurrences(summary: str, span: str) -> list[tuple[int, int]]:
    found, start = [], summary.find(span)
    while start >= 0 and span:
        found.append((start, start + len(span)))
        start = summary.find(span, start + 1)
    return found


def analyse(rows: list[dict], examples: int) -> dict:
    prepared: dict[str, object] = {}
    spans_with_number = spans_flagged = 0
    claims_total = flagged_total = flagged_unmarked = flagged_majority = 0
    marked_claims = marked_flagged = 0
    by_system: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    shown_unmarked: list[str] = []
    shown_missed: list[str] = []
    for row in rows:
        if row["id"] not in prepared:
            prepared[row["id"]] = prepare_source(row["source"], None)
        result = check_against(prepared[row["id"]], row["summary"])
        summary = row["summary"]
        marks: dict[tuple[int, int], set[str]] = defaultdict(set)
        for span in row["hallucinated_spans"]:
            for occurrence in span_occurrences(summary, span["span"]):
                marks[occurrence].add(span["worker"])
        system = by_system[row["system"]]
        for (start, end), _workers in marks.items():
            inside = [c for c in result.claims if start <= c.start and c.end <= end]
            if inside:
                spans_with_number += 1
                system["spans_with_number"] += 1
                if any(c.verdict != "supported" for c in inside):
                    spans_flagged += 1
                    system["spans_flagged"] += 1
                elif len(shown_missed) < examples:
                    shown_missed.append(
                        f"{row['id']}/{row['system']}: span {summary[start:end]!r}"
                        f" numbers {[(c.text, c.explanation) for c in inside]}"
                    )
        for claim in result.claims:
            workers = set()
            for (start, end), who in marks.items():
                if start <= claim.start and claim.end <= end:
                    workers |= who
            flagged = claim.verdict != "supported"
            claims_total += 1
            system["claims"] += 1
            kind = by_kind[claim.kind]
            kind["claims"] += 1
            if workers:
                marked_claims += 1
                kind["marked"] += 1
            if flagged:
                flagged_total += 1
                system["flagged"] += 1
                kind["flagged"] += 1
                if workers:
                    marked_flagged += 1
                    kind["flagged_marked"] += 1
                if not workers:
                    flagged_unmarked += 1
                    system["flagged_unmarked"] += 1
                    if len(shown_unmarked) < examples:
                        shown_unmarked.append(
                            f"{row['id']}/{row['system']}: {claim.text!r} in "
                            f"{summary!r}: {claim.explanation}"
                        )
                if len(workers) >= 2:
                    flagged_majority += 1
    return {
        "documents": len(prepared), "summaries": len(rows), "claims": claims_total,
        "spans_with_number": spans_with_number, "spans_flagged": spans_flagged,
        "flagged": flagged_total, "flagged_unmarked": flagged_unmarked,
        "flagged_majority": flagged_majority, "marked_claims": marked_claims,
        "marked_flagged": marked_flagged, "by_system": by_system, "by_kind": by_kind,
        "shown_unmarked": shown_unmarked, "shown_missed": shown_missed,
    }  # fmt: skip


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else f"{part}/0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--examples", type=int, default=0, help="print N examples of each")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} not found: the XSum hallucination data lives in ../shared/data/")
        return 2
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    r = analyse(rows, args.examples)
    print(
        f"XSum hallucination annotations: {r['summaries']} summaries of {r['documents']} "
        f"articles, {r['claims']} numbers in the summaries"
    )
    print(
        f"  marked spans containing a number: {r['spans_with_number']}; the checker flags a "
        f"number in {pct(r['spans_flagged'], r['spans_with_number'])}"
    )
    print(
        f"  numbers flagged: {r['flagged']}; in no marked span: "
        f"{pct(r['flagged_unmarked'], r['flagged'])}; in a span marked by >= 2 annotators: "
        f"{pct(r['flagged_majority'], r['flagged'])}"
    )
    print(
        f"  claim level: precision {pct(r['marked_flagged'], r['flagged'])}, recall "
        f"{pct(r['marked_flagged'], r['marked_claims'])} (marked = inside any marked span)"
    )
    for system, c in sorted(r["by_system"].items()):
        print(
            f"  {system:9} spans flagged {pct(c['spans_flagged'], c['spans_with_number'])}; "
            f"flagged numbers {c['flagged']}, unmarked {c['flagged_unmarked']}"
        )
    for kind, c in sorted(r["by_kind"].items()):
        print(
            f"  {kind:9} numbers {c['claims']}, marked {c['marked']}, flagged {c['flagged']} "
            f"({c['flagged_marked']} of them marked)"
        )
    for line in r["shown_unmarked"]:
        print("  unmarked flag:", line)
    for line in r["shown_missed"]:
        print("  missed span:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
