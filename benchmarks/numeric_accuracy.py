"""Recall and false-alarm rates of the numeric fact check, on own and human-annotated data.

One run prints one markdown table (paste it into a note as is) with, for each collection:

* claim level: the share of gold *error* numbers the checker flags (recall), the share of gold
  *faithful* numbers it flags (false alarms), and the share of its flags that land on a
  faithful number (flags no annotator agrees with);
* summary level: the share of summaries with a number error that get at least one flag, the
  share of summaries without one that get a flag, and their balanced accuracy.

"Flagged" means the checker's verdict is contradicted or unsupported; a gold number counts as
flagged when a flagged claim overlaps it. The checker is called exactly as ``briefing-eval
check-numbers`` calls it (``eval.numeric.prepare_source`` once per source and publication
date, then ``eval.numeric.check_against``), so the script measures whatever checker is
installed: ``PYTHONPATH=/path/to/other/checkout python benchmarks/numeric_accuracy.py``
measures another version with the same yardstick.

Collections (gold labels are built in ``benchmarks/numeric_data.py``):

* ``cases``, ``holdout``, ``classes``, ``realtext`` (``tests/data/numeric/``): every number
  labelled by the project (ok/para/hedge/arith faithful; alt/swap/moved/inv/hbad errors;
  ``not_claims`` spans, such as names and counts of the document's own entries, faithful).
  Targets: >= 95% of errors flagged, <= 3% of faithful numbers flagged. ``unseen-2026-12``,
  ``-12b`` to ``-12zd`` and ``smollm2-corpus`` (real SmolLM2 briefings of the shipped
  corpus), former held-out sets now used for development, have their own rows. ``--unseen``
  adds the held-out set named by ``UNSEEN`` when one is waiting to be scored (none is now:
  write a new one before the next round of changes), off by default so that nobody tunes to
  it by accident.
* ``faithbench_dev`` (340 summaries by 10 LLMs, human-marked spans). A *number error* is a
  number inside an Unwanted span (any label "Unwanted"/"Unwanted.*", also when mixed with
  Questionable or Benign) that the span is about: (1) if the annotator's note names a value
  one of the span's numbers has, exactly those numbers; else (2) if the note names any other
  number, all the span's numbers; else (3) the span's numbers if the span has at most six
  words, none if it is longer (the span is about something else). *Faithful numbers* are
  the numbers of summaries with no Unwanted span, except those inside a Questionable span
  (ignored); Benign spans change nothing. Numbers of summaries with Unwanted spans that are
  not number errors are ignored at claim level; at summary level such a summary has no number
  error. In a note, "one", "first", "second", "once" and "twice" are prose, not figures.
  Numbers are read by a simple reader independent of the checker (digits not glued to
  letters, so "A96" is a name; spelled cardinals except "one"; ordinals; once, twice; parts of
  one number merged: "$ 160 million", "twenty - five"), plus any claim the checker extracts
  beyond them in a consistent summary. Targets: >= 85% of number errors
  flagged, <= 5% of consistent summaries' numbers flagged, balanced accuracy >= 0.85.
* ``xsum`` (Maynez et al., 2020): a number inside any annotator's marked span is an error, a
  number in no marked span is faithful (numbers a span only partly covers are ignored).
  Targets: >= 90% of marked numeric spans flagged (the "error spans" column), <= 5% of flags
  outside any marked span (the "flags on faithful" column).
* ``summeval``: system summaries with expert consistency 5 are consistent (all their numbers
  faithful); consistency below 4 is inconsistent, counted at summary level only (the error
  need not be a number, so that recall is only a proxy). No target in the issue.
* ``summeval_refs``: SummEval's human references (the CNN/DailyMail highlight of each article
  and ten crowd-written ones), every number taken as faithful: the share flagged bounds the
  false alarms on human-written briefings from above (a reference can itself be wrong). Rows
  per kind of reference follow.

A collection whose file is absent is skipped with a printed reason.

    HF_HUB_OFFLINE=1 python benchmarks/numeric_accuracy.py [--unseen] [--only NAME ...]
        [--cases PATH ...] [--show N | --errors] [--by-group] [--parse]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Appended, not prepended: PYTHONPATH=/other/checkout must win, so that the same script can
# measure another version of the checker.
sys.path.append(str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from numeric_data import (  # noqa: E402
    FAITHBENCH,
    OWN,
    SUMMEVAL,
    XSUM,
    Item,
    Span,
    load_external,
    own_items,
)

import eval.numeric  # noqa: E402
from eval.numeric import check_against, prepare_source  # noqa: E402

OWN_SETS = ("cases", "holdout", "classes", "realtext")
# The held-out set: scored only with --unseen, once at the end of a round of changes. None
# while none is waiting (every set written so far has been scored and read).
UNSEEN: str | None = None
_WAITING = [UNSEEN] if UNSEEN else []
# Held-out sets that have been scored and then used to find failure classes: development data
# now, shown on their own rows and not counted in "own sets together".
USED_HOLDOUTS = (
    "unseen-2026-12",
    "unseen-2026-12b",
    "unseen-2026-12c",
    "unseen-2026-12d",
    "unseen-2026-12e",
    "unseen-2026-12f",
    "unseen-2026-12g",
    "unseen-2026-12h",
    "unseen-2026-12i",
    "unseen-2026-12j",
    "unseen-2026-12k",
    "unseen-2026-12l",
    "unseen-2026-12m",
    "unseen-2026-12n",
    "unseen-2026-12o",
    "unseen-2026-12p",
    "unseen-2026-12q",
    "unseen-2026-12r",
    "unseen-2026-12s",
    "unseen-2026-12t",
    "unseen-2026-12u",
    "unseen-2026-12v",
    "unseen-2026-12w",
    "unseen-2026-12x",
    "unseen-2026-12y",
    "unseen-2026-12z",
    "unseen-2026-12za",
    "unseen-2026-12zb",
    "unseen-2026-12zc",
    "unseen-2026-12zd",
    "smollm2-corpus",
)
EXTERNAL = {"faithbench_dev": FAITHBENCH, "xsum": XSUM, "summeval": SUMMEVAL,
            "summeval_refs": SUMMEVAL}  # fmt: skip
TARGETS = {
    "own": "err >= 95%, faithful <= 3%",
    "faithbench_dev": "err >= 85%, consistent <= 5%, bal. acc >= 0.85",
    "xsum": "err >= 90%, flags outside marks <= 5%",
    "summeval": "(none)",
    "summeval_refs": "(none: references are mostly, not always, faithful)",
}


@dataclass
class Tally:
    """Counts behind one row of the table."""

    summaries: int = 0
    errors: int = 0
    errors_flagged: int = 0
    spans: int = 0
    spans_flagged: int = 0
    faithful: int = 0
    faithful_flagged: int = 0
    flags: int = 0
    flags_false: int = 0
    pos: int = 0
    pos_flagged: int = 0
    neg: int = 0
    neg_flagged: int = 0
    seconds: float = 0.0
    missed: list[tuple[Item, Span, object]] = field(default_factory=list)
    false_alarms: list[tuple[Item, object]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "summaries",
            "errors",
            "errors_flagged",
            "spans",
            "spans_flagged",
            "faithful",
            "faithful_flagged",
            "flags",
            "flags_false",
            "pos",
            "pos_flagged",
            "neg",
            "neg_flagged",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))  # fmt: skip
        self.seconds += other.seconds
        self.missed.extend(other.missed)
        self.false_alarms.extend(other.false_alarms)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ``--parse``: prepare sources with the optional dependency parse (empty: the default checker,
# and a checker from before the option existed can still be measured).
PREPARE_OPTIONS: dict[str, bool] = {}


def score(items: Iterable[Item], group_of: Callable[[Item], str] | None = None) -> dict:
    """Check every item through the public API and tally it (per group when asked)."""
    prepared: dict = {}
    tallies: dict[str, Tally] = defaultdict(Tally)
    for item in items:
        started = time.perf_counter()
        key = (item.source, item.published)
        if key not in prepared:
            prepared[key] = prepare_source(item.source, item.published, **PREPARE_OPTIONS)
        claims = check_against(prepared[key], item.summary).claims
        tally = tallies[group_of(item) if group_of else "all"]
        tally.seconds += time.perf_counter() - started
        tally.summaries += 1
        flagged = [c for c in claims if c.verdict != "supported"]
        spans = [(c.start, c.end) for c in flagged]
        for gold in item.errors:
            tally.errors += 1
            hit = any(_overlaps(gold, s) for s in spans)
            tally.errors_flagged += hit
            if not hit:
                near = [c for c in claims if _overlaps(gold, (c.start, c.end))]
                tally.missed.append((item, gold, near[0] if near else None))
        for region in item.error_spans:
            tally.spans += 1
            tally.spans_flagged += any(_overlaps(region, s) for s in spans)
        for gold in item.faithful:
            tally.faithful += 1
            tally.faithful_flagged += any(_overlaps(gold, s) for s in spans)
        labelled = (*item.errors, *item.faithful, *item.ignore)
        for claim in claims:
            where = (claim.start, claim.end)
            outside = not any(_overlaps(where, g) for g in (*labelled, *item.marked))
            is_flag = claim.verdict != "supported"
            if outside and item.outside_gold:  # a number the simple reader did not see
                tally.faithful += 1
                tally.faithful_flagged += is_flag
            if not is_flag:
                continue
            tally.flags += 1
            on_faithful = any(_overlaps(where, g) for g in item.faithful)
            if on_faithful or (outside and item.outside_gold):
                tally.flags_false += 1
                tally.false_alarms.append((item, claim))
        if item.summary_error is True:
            tally.pos += 1
            tally.pos_flagged += bool(flagged)
        elif item.summary_error is False:
            tally.neg += 1
            tally.neg_flagged += bool(flagged)
    return dict(tallies)


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "n/a"


def balanced(t: Tally) -> str:
    if not t.pos or not t.neg:
        return "n/a"
    return f"{(t.pos_flagged / t.pos + 1 - t.neg_flagged / t.neg) / 2:.3f}"


HEADER = (
    "| set | summaries | errors flagged (claims) | faithful flagged (claims) | "
    "error spans flagged | flags on faithful | summaries w/ number error flagged | "
    "summaries w/o flagged | bal. acc | ms/summary | target |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def row(name: str, t: Tally, target: str) -> str:
    ms = 1000 * t.seconds / t.summaries if t.summaries else 0.0
    return (
        f"| {name} | {t.summaries} | {pct(t.errors_flagged, t.errors)} | "
        f"{pct(t.faithful_flagged, t.faithful)} | {pct(t.spans_flagged, t.spans)} | "
        f"{pct(t.flags_false, t.flags)} | "
        f"{pct(t.pos_flagged, t.pos)} | {pct(t.neg_flagged, t.neg)} | {balanced(t)} | "
        f"{ms:.1f} | {target} |"
    )


def show(name: str, t: Tally, count: int) -> list[str]:
    """Up to ``count`` misses and false alarms (for reading, never for pasting)."""
    lines = []
    for item, gold, claim in t.missed[:count]:
        got = f"{claim.verdict}: {claim.explanation}" if claim else "not extracted"
        text = item.summary[gold[0] : gold[1]]
        lines.append(f"MISS {name} {item.id} [{item.group}] {text!r}: {got}")
    for item, claim in t.false_alarms[:count]:
        lines.append(f"FALSE {name} {item.id} [{item.group}] {claim.text!r}: {claim.explanation}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--unseen",
        action="store_true",
        help=f"also score {UNSEEN}.jsonl" if UNSEEN else "(no held-out set is waiting now)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[*OWN_SETS, *USED_HOLDOUTS, *_WAITING, *EXTERNAL],
        help="score only these collections (repeatable)",
    )
    parser.add_argument(
        "--cases",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="also score this labelled JSONL file (format: tests/data/numeric/README.md)",
    )
    parser.add_argument(
        "--parse",
        action="store_true",
        help="measure the checker with its optional dependency parse (needs the parse extra)",
    )
    parser.add_argument("--show", type=int, default=0, help="print N misses and false alarms")
    parser.add_argument("--errors", action="store_true", help="print every miss and false alarm")
    parser.add_argument(
        "--by-group", action="store_true", help="per-system rows for xsum and summeval too"
    )
    args = parser.parse_args(argv)
    shown = sys.maxsize if args.errors else args.show
    if args.parse:
        PREPARE_OPTIONS["parse"] = True
    if args.only:
        wanted = args.only
    elif args.cases:
        wanted = []
    else:
        wanted = [*OWN_SETS, *USED_HOLDOUTS, *(_WAITING if args.unseen else []), *EXTERNAL]
    extra: list[tuple[str, list[Item]]] = []
    for path in args.cases:
        try:
            extra.append((path.stem, own_items(path)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"--cases {path}: cannot read it as labelled cases ({exc!r}); see "
                  "tests/data/numeric/README.md for the format", file=sys.stderr)  # fmt: skip
            return 2
    lines = [HEADER]
    details: list[str] = []
    skipped: list[str] = []
    own_total = Tally()
    own_sets = [n for n in OWN_SETS if n in wanted]
    labelled: list[tuple[str, list[Item]]] = []
    used = [n for n in USED_HOLDOUTS if n in wanted]
    for name in [*own_sets, *used, *(n for n in _WAITING if n in wanted)]:
        path = OWN / f"{name}.jsonl"
        if path.exists():
            labelled.append((name, own_items(path)))
        else:
            skipped.append(f"{name}: {path} not found")
    for i, (name, items) in enumerate([*labelled, *extra]):
        tally = score(items)["all"]
        if i < len(labelled) and name in own_sets:
            own_total.add(tally)
        lines.append(row(name, tally, TARGETS["own"]))
        details += show(name, tally, shown)
    if len(own_sets) > 1:
        lines.append(row("own sets together", own_total, TARGETS["own"]))
    for name, path in EXTERNAL.items():
        if name not in wanted:
            continue
        items, reason = load_external(name, path)
        if reason:
            skipped.append(f"{name}: skipped, {reason}")
            continue
        groups = score(items, lambda item: item.group)
        tally = Tally()
        for part in groups.values():
            tally.add(part)
        lines.append(row(name, tally, TARGETS[name]))
        details += show(name, tally, shown)
        if name in ("faithbench_dev", "summeval_refs") or args.by_group:
            for group, part in sorted(groups.items()):
                lines.append(row(f"&nbsp;&nbsp;{name} / {group}", part, ""))
    print("\n".join(lines))
    print(f"\nchecker: {Path(eval.numeric.__file__).parent}")
    for line in skipped:
        print(f"\n{line}")
    if details:
        print("\n" + "\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
