"""Gold labels for the numeric-accuracy benchmark: one shape for every labelled collection.

``benchmarks/numeric_accuracy.py`` scores the numeric fact check on the project's own labelled
sets and on three human-annotated public collections in ``../shared/data/``. Each collection
labels numbers differently (per number, per hallucinated span, per summary), so this module
turns each into :class:`Item` rows with the same fields: character spans of numbers that are
errors, spans of numbers that are faithful, spans to ignore, and a summary-level gold label.
The scorer then never needs to know where a row came from.

Numbers in the external collections are found by :func:`number_spans`, a deliberately simple
reader that is independent of the checker (digits, spelled cardinals but "one", ordinals,
once, twice),
so that a change to the checker's extraction cannot change the denominators.

The FaithBench rule (which annotated span is a *number error*) is :func:`faithbench_item`;
its docstring and ``tests/data/numeric/README.md`` state it in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "tests" / "data" / "numeric"
SHARED = ROOT.parent / "shared" / "data"
FAITHBENCH = SHARED / "faithbench_dev" / "faithbench_dev.jsonl"
XSUM = SHARED / "xsum_hallucinations" / "xsum_hallucinations.jsonl"
SUMMEVAL = SHARED / "summeval" / "summeval.jsonl"

OWN_FAITHFUL = frozenset({"ok", "para", "hedge", "arith"})
OWN_ERRORS = frozenset({"alt", "swap", "moved", "inv", "hbad"})

#: SummEval consistency (mean of three experts, 1-5 in thirds): 5 is "consistent";
#: below 4 (at least one expert gave 3 or less and the mean is under 4) is "inconsistent".
SUMMEVAL_CONSISTENT = 5.0
SUMMEVAL_INCONSISTENT_BELOW = 4.0

#: FaithBench: a span of at most this many words that holds a number is about that number.
SHORT_SPAN_WORDS = 6

Span = tuple[int, int]

CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6,
    "billion": 10**9, "trillion": 10**12, "dozen": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "once": 1, "twice": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20,
}  # fmt: skip
MULTIPLIERS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
#: "one" is left out of summaries' numbers: it is far more often a pronoun ("one of the")
#: than a quantity, and counting it would pad the faithful denominator with easy passes.
NOT_A_NUMBER_IN_SUMMARY = frozenset({"one"})
#: In an annotator's note these words are prose ("only the first film", "one of them"), not
#: the figure the note is about.
NOT_A_FIGURE_IN_NOTE = frozenset({"one", "first", "second", "once", "twice"})

_WORD = "|".join(sorted({*CARDINALS, *ORDINALS}, key=len, reverse=True))
#: Digits not glued to a letter (codes such as "A96", "MH370", "M1" are names, not numbers),
#: with thousands ("1,200", tokenised "30, 000") and decimals ("2.5", tokenised "7. 5 %").
_TOKEN = re.compile(
    r"(?<![A-Za-z\d.,])(?:\d{1,3}(?:, ?\d{3}(?!\d))+|\d+)(?:\.\d+|\. \d+(?= ?%))?"
    r"(?:st|nd|rd|th|s)?"
    rf"|\b(?:{_WORD})\b",
    re.IGNORECASE,
)
#: What may sit between two number tokens of one number: "$ 160 million", "twenty - five".
_JOIN = re.compile(r"^[ \-]+$")


@dataclass(frozen=True)
class Item:
    """One summary checked against one source, with gold labels as character spans.

    ``errors``: numbers the gold says are wrong; ``faithful``: numbers the gold says are right;
    ``ignore``: numbers the gold leaves undecided (flags there count for nothing).
    ``marked``: annotated regions; a flagged claim the simple number reader did not see counts
    for nothing inside them. ``error_spans``: annotated spans that hold a number error (the
    span-level recall of the XSum target).
    ``summary_error``: the summary-level gold (True: has a number error, False: none, None:
    left out of the summary-level figures). ``outside_gold`` says whether a flagged claim that
    touches no labelled number counts as a false alarm (true where every number is labelled).
    """

    collection: str
    id: str
    group: str
    source: str
    summary: str
    published: date | None
    errors: tuple[Span, ...] = ()
    faithful: tuple[Span, ...] = ()
    ignore: tuple[Span, ...] = ()
    summary_error: bool | None = None
    outside_gold: bool = True
    marked: tuple[Span, ...] = ()
    error_spans: tuple[Span, ...] = ()
    notes: dict = field(default_factory=dict, compare=False)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --- numbers, read independently of the checker -----------------------------------------


def number_spans(text: str, *, skip: frozenset[str] = NOT_A_NUMBER_IN_SUMMARY) -> list[Span]:
    """Character spans of the numbers of ``text``; adjacent parts of one number are merged.

    "$ 160 million" -> "160 million"; "twenty - five" -> one span; "2010 - 11" -> one span;
    "November 28 , 1972" -> "28" and "1972".
    """
    spans: list[Span] = []
    for match in _TOKEN.finditer(text):
        if match.group(0).lower() in skip:
            continue
        start, end = match.span()
        if spans and _joins(
            text[spans[-1][0] : spans[-1][1]], text[spans[-1][1] : start], match.group(0)
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})


def _joins(before: str, gap: str, token: str) -> bool:
    """Whether ``token`` continues the number ``before``: "160 million", "twenty - five",
    "twenty five", "2010 - 11"; not "35 million two (years later)"."""
    if not _JOIN.match(gap):
        return False
    last = before.split()[-1].lower() if before.split() else ""
    return (
        "-" in gap
        or token.lower() in MULTIPLIERS
        or (last in TENS and CARDINALS.get(token.lower(), 10) < 10)
    )


def token_values(text: str, *, skip: frozenset[str] = frozenset()) -> set[float]:
    """The values of the number tokens of ``text`` ("61", "seven-time", "3rd", "1,200")."""
    values: set[float] = set()
    for match in _TOKEN.finditer(text):
        token = match.group(0).lower()
        if token in skip:
            continue
        if token in CARDINALS:
            values.add(float(CARDINALS[token]))
        elif token in ORDINALS:
            values.add(float(ORDINALS[token]))
        else:
            bare = re.sub(r"(st|nd|rd|th|s)$", "", token)
            digits = re.sub(r"(?<=\d), ?(?=\d)", "", bare).replace(". ", ".")
            try:
                values.add(float(digits))
            except ValueError:
                continue
    return values


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- the project's own sets ---------------------------------------------------------------


def own_items(path: Path, collection: str | None = None) -> list[Item]:
    """Rows of a labelled case file (format: tests/data/numeric/README.md); all labelled.

    Spans listed under ``not_claims`` (names, URLs, counts of the document's own entries) must
    never be flagged, so they count as faithful numbers.
    """
    items = []
    for case in read_jsonl(path):
        errors = tuple((e["start"], e["end"]) for e in case["expect"] if e["label"] in OWN_ERRORS)
        faithful = tuple(
            (e["start"], e["end"]) for e in case["expect"] if e["label"] in OWN_FAITHFUL
        ) + tuple((n["start"], n["end"]) for n in case.get("not_claims", ()))
        published = date.fromisoformat(case["published"]) if case.get("published") else None
        items.append(
            Item(
                collection=collection or path.stem,
                id=case["id"],
                group=case["id"].rsplit("-", 1)[0],
                source=case["source"],
                summary=case["summary"],
                published=published,
                errors=errors,
                faithful=faithful,
                summary_error=bool(errors) if (errors or faithful) else None,
                outside_gold=False,
            )
        )
    return items


# --- FaithBench ---------------------------------------------------------------------------


def is_unwanted(labels: list[str]) -> bool:
    """An annotation is Unwanted when any of its labels is Unwanted or Unwanted.*."""
    return any(label.split(".")[0] == "Unwanted" for label in labels)


def is_questionable(labels: list[str]) -> bool:
    return not is_unwanted(labels) and "Questionable" in labels


def number_errors_in_span(summary: str, start: int, end: int, note: str | None) -> list[Span]:
    """The numbers of one Unwanted span whose error is the number itself (the FaithBench rule).

    Of the numbers inside the span (:func:`number_spans`):

    1. if the annotator's note names a value that one of them has ("2017", "four", "4" for
       "four"), exactly those numbers are errors;
    2. else, if the note names some other number ("should be seven-time" for "three-time"),
       every number of the span is an error: the note is about a figure;
    3. else (the note names no number, or there is none), every number of a short span (at
       most ``SHORT_SPAN_WORDS`` words: the number is most of what was marked) is an error,
       and no number of a longer span is.

    A long span whose note names no figure is about something else: a wrong place, a name, a
    genre, a whole invented clause. An earlier version also took the numbers of such a span
    whose value occurs nowhere in the source; on FaithBench dev that picked 8 numbers, of
    which 6 were right (meta counts such as "the passage describes two individuals", a count
    of films the source lists) and 1 was a name, so it was dropped.
    """
    inside = [
        (start + a, start + b)
        for a, b in number_spans(summary[start:end])
        if summary[start + a : start + b].strip()
    ]
    if not inside:
        return []
    note_values = token_values(note or "", skip=NOT_A_FIGURE_IN_NOTE)
    if note_values:
        named = [s for s in inside if token_values(summary[s[0] : s[1]]) & note_values]
        return named or inside
    return inside if len(summary[start:end].split()) <= SHORT_SPAN_WORDS else []


def faithbench_item(row: dict) -> Item:
    """Gold labels of one FaithBench summary.

    * number errors: the numbers :func:`number_errors_in_span` picks out of any annotator's
      Unwanted span (labels with "Unwanted" anywhere, also when mixed with Questionable or
      Benign); one annotator is enough.
    * faithful numbers: every number of a summary with no Unwanted span (a summary judged
      consistent), except numbers inside a Questionable span, which are ignored. Benign spans
      (true or harmless additions) do not make a number doubtful.
    * numbers of a summary that has Unwanted spans but no number error are neither: they are
      ignored at claim level (the annotators did not judge them one way or the other), but the
      summary counts as having no number error at summary level.
    * summary level: has a number error, or not; summaries without numbers are left out.
    """
    summary, source = row["summary"], row["source"]
    numbers = number_spans(summary)
    unwanted = [a for a in row["annotations"] if is_unwanted(a["label"])]
    questionable = [
        (a["summary_start"], a["summary_end"])
        for a in row["annotations"]
        if is_questionable(a["label"])
    ]
    errors: set[Span] = set()
    error_spans: set[Span] = set()
    for ann in unwanted:
        found = number_errors_in_span(
            summary, ann["summary_start"], ann["summary_end"], ann.get("note")
        )
        errors.update(found)
        if found:
            error_spans.add((ann["summary_start"], ann["summary_end"]))
    if unwanted:
        faithful: list[Span] = []
        ignore = [n for n in numbers if n not in errors]
    else:
        ignore = [n for n in numbers if any(_overlaps(n, q) for q in questionable)]
        faithful = [n for n in numbers if n not in ignore]
    return Item(
        collection="faithbench_dev",
        id=row["id"],
        group=row["summarizer"].split("/")[-1],
        source=source,
        summary=summary,
        published=None,
        errors=tuple(sorted(errors)),
        faithful=tuple(faithful),
        ignore=tuple(ignore),
        summary_error=bool(errors) if numbers else None,
        outside_gold=not unwanted,
        marked=tuple(
            (a["summary_start"], a["summary_end"])
            for a in row["annotations"]
            if is_unwanted(a["label"]) or is_questionable(a["label"])
        ),
        error_spans=tuple(sorted(error_spans)),
        notes={"consistent": not unwanted},
    )


# --- XSum hallucination annotations ------------------------------------------------------


def span_occurrences(summary: str, span: str) -> list[Span]:
    found, start = [], summary.find(span)
    while start >= 0 and span:
        found.append((start, start + len(span)))
        start = summary.find(span, start + 1)
    return found


def xsum_item(row: dict) -> Item:
    """Gold labels of one XSum summary (Maynez et al., 2020).

    Marked spans are located by their text (the release's offsets are unreliable). A number
    inside any annotator's marked span (intrinsic or extrinsic) is an error; a number in no
    marked span is faithful. Summary level: has a marked span that holds a number.
    """
    summary = row["summary"]
    marks: list[Span] = sorted(
        {
            found
            for span in row["hallucinated_spans"]
            for found in span_occurrences(summary, span["span"])
        }
    )
    numbers = number_spans(summary)
    errors = [n for n in numbers if any(m[0] <= n[0] and n[1] <= m[1] for m in marks)]
    partial = [n for n in numbers if n not in errors and any(_overlaps(n, m) for m in marks)]
    faithful = [n for n in numbers if n not in errors and n not in partial]
    return Item(
        collection="xsum",
        id=row["id"],
        group=row["system"],
        source=row["source"],
        summary=summary,
        published=None,
        errors=tuple(errors),
        faithful=tuple(faithful),
        ignore=tuple(partial),
        summary_error=bool(errors) if numbers else None,
        outside_gold=True,
        marked=tuple(marks),
        error_spans=tuple(m for m in marks if any(m[0] <= n[0] and n[1] <= m[1] for n in errors)),
    )


# --- SummEval -----------------------------------------------------------------------------


def summeval_items(row: dict) -> Iterator[Item]:
    """Gold labels of one SummEval article's system summaries (no span annotations).

    Consistency 5 (all three experts): every number is faithful. Consistency below 4: the
    summary is inconsistent, but nothing says the error is a number, so its numbers are
    ignored at claim level and it counts at summary level only (a weak proxy for recall).
    Summaries in between are left out.
    """
    for system, entry in sorted(row["systems"].items()):
        summary = entry["summary"]
        consistency = entry["human"]["consistency"]
        numbers = number_spans(summary)
        if consistency >= SUMMEVAL_CONSISTENT - 1e-6:
            gold, faithful, ignore = False, numbers, []
        elif consistency < SUMMEVAL_INCONSISTENT_BELOW:
            gold, faithful, ignore = True, [], numbers
        else:
            continue
        yield Item(
            collection="summeval",
            id=f"{row['id']}/{system}",
            group=system,
            source=row["source"],
            summary=summary,
            published=None,
            faithful=tuple(faithful),
            ignore=tuple(ignore),
            summary_error=gold if numbers else None,
            outside_gold=not gold,
        )


def summeval_reference_items(row: dict) -> Iterator[Item]:
    """SummEval's human references of one article, every number taken as faithful.

    The first reference is the article's CNN/DailyMail highlight (written by the newsroom), the
    other ten were written by crowd workers for SummEval. Human references are mostly but not
    always faithful (highlights can state what only a photo caption or the wider story says;
    crowd workers misread), so a flag here is a false alarm or a real slip: the rate bounds
    the false alarms from above on human text as users' references are written.
    """
    for index, reference in enumerate(row["references"]):
        numbers = number_spans(reference)
        yield Item(
            collection="summeval_refs",
            id=f"{row['id']}/ref{index}",
            group="highlight" if index == 0 else "crowd",
            source=row["source"],
            summary=reference,
            published=None,
            faithful=tuple(numbers),
            summary_error=False if numbers else None,
            outside_gold=True,
        )


def load_external(name: str, path: Path) -> tuple[list[Item], str | None]:
    """Items of one external collection, or ([], reason) when its file is absent."""
    if not path.exists():
        return [], f"{path} not found (the shared data lives in ../shared/data/)"
    rows = read_jsonl(path)
    if name == "faithbench_dev":
        return [faithbench_item(row) for row in rows], None
    if name == "xsum":
        return [xsum_item(row) for row in rows], None
    if name == "summeval":
        return [item for row in rows for item in summeval_items(row)], None
    if name == "summeval_refs":
        return [item for row in rows for item in summeval_reference_items(row)], None
    raise ValueError(f"unknown collection {name!r}")
