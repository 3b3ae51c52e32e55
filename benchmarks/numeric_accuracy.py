"""Precision and recall of the numeric fact check on the project's labelled set.

Reads ``tests/data/numeric/cases.jsonl``, ``holdout.jsonl`` and ``classes.jsonl`` (written
for this project: a source passage, a briefing, and for each number of the briefing its label
and expected verdict; see the README there) and prints how often the checker flags the numbers
it should (altered, moved, invented, swapped units, wrong hedges) and how often it flags faithful
ones.
"Flag" means contradicted or unsupported; precision and recall are those of the flags.

    python benchmarks/numeric_accuracy.py [--cases PATH ...] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.numeric import prepare_source  # noqa: E402
from eval.numeric.check import check_against  # noqa: E402

DATA = ROOT / "tests" / "data" / "numeric"
FAITHFUL = ("ok", "para", "hedge", "arith")
ERRORS = ("alt", "swap", "moved", "inv", "hbad")


def load_cases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(cases: list[dict]) -> dict:
    """Match each expected number to the claim whose span overlaps it; tally the outcomes."""
    rows = []
    extra = []
    prepared = {}
    for case in cases:
        published = date.fromisoformat(case["published"]) if case.get("published") else None
        key = (case["source"], published)
        if key not in prepared:
            prepared[key] = prepare_source(case["source"], published)
        result = check_against(prepared[key], case["summary"])
        used = set()
        for expected in case["expect"]:
            hits = [
                i
                for i, claim in enumerate(result.claims)
                if claim.start < expected["end"] and expected["start"] < claim.end
            ]
            claim = result.claims[hits[0]] if hits else None
            used.update(hits)
            rows.append({"case": case["id"], "expected": expected, "claim": claim})
        for i, claim in enumerate(result.claims):
            if i not in used:
                extra.append({"case": case["id"], "claim": claim})
    return {"rows": rows, "extra": extra}


def report(outcome: dict, show_errors: bool) -> dict:
    rows, extra = outcome["rows"], outcome["extra"]
    by_label: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    verdict_ok = 0
    kind_ok = 0
    missing = 0
    for row in rows:
        expected, claim = row["expected"], row["claim"]
        flagged = claim is not None and claim.verdict != "supported"
        by_label[expected["label"]]["n"] += 1
        by_label[expected["label"]]["flagged"] += flagged
        by_kind[expected["kind"]]["n"] += 1
        should_flag = expected["label"] in ERRORS
        by_kind[expected["kind"]]["right"] += flagged == should_flag
        if claim is None:
            missing += 1
        else:
            verdict_ok += claim.verdict == expected["verdict"]
            kind_ok += claim.kind == expected["kind"]
    errors = sum(by_label[label]["n"] for label in ERRORS)
    caught = sum(by_label[label]["flagged"] for label in ERRORS)
    faithful = sum(by_label[label]["n"] for label in FAITHFUL)
    false_flags = sum(by_label[label]["flagged"] for label in FAITHFUL)
    extra_flags = sum(1 for item in extra if item["claim"].verdict != "supported")
    flagged_total = caught + false_flags + extra_flags
    summary = {
        "cases": len({row["case"] for row in rows}),
        "numbers": len(rows),
        "errors_flagged": caught / errors if errors else None,
        "faithful_flagged": false_flags / faithful if faithful else None,
        "precision": caught / flagged_total if flagged_total else None,
        "recall": caught / errors if errors else None,
        "verdict_accuracy": verdict_ok / len(rows) if rows else None,
        "kind_accuracy": kind_ok / (len(rows) - missing) if rows else None,
        "not_extracted": missing,
        "extra_claims": len(extra),
        "extra_flagged": extra_flags,
    }
    print(f"labelled set: {summary['cases']} cases, {summary['numbers']} labelled numbers")
    print(
        f"  errors (altered/moved/invented/swapped/bad hedge) flagged: {caught}/{errors} "
        f"= {summary['errors_flagged']:.1%}   (target >= 95%)"
    )
    print(
        f"  faithful numbers flagged: {false_flags}/{faithful} "
        f"= {summary['faithful_flagged']:.1%}   (target <= 3%)"
    )
    print(f"  flag precision: {summary['precision']:.1%}  flag recall: {summary['recall']:.1%}")
    print(
        f"  exact verdict agreement: {summary['verdict_accuracy']:.1%}; kind agreement: "
        f"{summary['kind_accuracy']:.1%}; not extracted: {missing}; unlabelled claims: "
        f"{len(extra)} ({extra_flags} flagged)"
    )
    print(
        "  by label: "
        + ", ".join(
            f"{label} {c['flagged']}/{c['n']} flagged" for label, c in sorted(by_label.items())
        )
    )
    print(
        "  by kind (right flag decision): "
        + ", ".join(f"{kind} {c['right']}/{c['n']}" for kind, c in sorted(by_kind.items()))
    )
    if show_errors:
        for row in rows:
            expected, claim = row["expected"], row["claim"]
            got = claim.verdict if claim else "NOT EXTRACTED"
            if got != expected["verdict"] or (claim and claim.kind != expected["kind"]):
                print(
                    f"- {row['case']}: {expected['text']!r} [{expected['label']}/"
                    f"{expected['kind']}] expected {expected['verdict']}, got {got}"
                    + (f" ({claim.kind}: {claim.explanation})" if claim else "")
                )
        for item in extra:
            claim = item["claim"]
            print(
                f"+ {item['case']}: unlabelled {claim.text!r} {claim.kind} {claim.verdict}: "
                f"{claim.explanation}"
            )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases",
        type=Path,
        action="append",
        help="a labelled JSONL file (repeatable; default: cases, holdout and classes)",
    )
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    paths = args.cases or [
        DATA / name for name in ("cases.jsonl", "holdout.jsonl", "classes.jsonl")
    ]
    for path in paths:
        print(f"== {path.name}")
        report(evaluate(load_cases(path)), args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
