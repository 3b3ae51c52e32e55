"""Sentence splitter candidates side by side: speed, agreement with pysbd, PTB sentence counts.

    python benchmarks/splitters.py [--only NAME,...] [--limit N]

Run it with an interpreter that has the candidates (they are not project dependencies), e.g.

    python3 -m venv /tmp/splitvenv && /tmp/splitvenv/bin/pip install --only-binary=:all: \\
        pysbd==0.3.4 sentencex nupunkt nupunkt-rs blingfire numpy syntok
    /tmp/splitvenv/bin/python benchmarks/splitters.py

A candidate that is not installed is skipped with a line saying so. It needs no project code.

Corpora (each text once): the shipped corpus (sources and references, clean English), XSum
sources (``/work/shared/data/xsum_hallucinations/``, paragraphs on new lines), SummEval sources
and references (``/work/shared/data/summeval/``, Penn Treebank tokenised: ``it 's`` and a
stand-alone ``.``), and SummEval sources lower-cased. Shared data that is absent is skipped.

For each splitter and corpus: texts per second and characters per second (one process, CPU
time of this process, after one untimed warm-up call: on a busy machine compare rows, not
absolute figures); on natural text, the agreement of
its sentence boundaries with pysbd's (boundary precision/recall against pysbd, and the share of
texts split exactly like pysbd); on PTB text, sentences found against the true count and the
boundary F1 against the true boundaries, where the truth is one sentence after each
stand-alone ``.``, ``!`` or ``?`` token (closing quotes and brackets after it belong to the
sentence). SummEval sources also contain photo captions with no full stop at all, glued to the
next sentence; no splitter can find those, so the "true" count is a floor.

``project`` is the checkout's own splitter (``briefing/text.py``: since issue 14, sentencex per
line with two repairs, the PTB rule and windows; run with the project's interpreter).
``NAME/lines`` is a candidate applied line by line (a line break always ends a sentence, as it
does in pysbd; XSum puts each paragraph on its own line), ``pysbd-paragraphs`` is pysbd per
blank-line paragraph and per 4,000-character window inside longer ones (the project's approach).

Boundaries are compared as counts of non-space characters before each boundary, so splitters
that trim or normalise whitespace are compared fairly; a splitter that drops or changes other
characters is reported (``text changed``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared/data")
WINDOW = 4000
_SPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence end in PTB text: a stand-alone end token, with closing quotes/brackets after it.
_PTB_END = re.compile(r"(?<!\S)[.!?]+(?:\s+(?:''|'|\"|\)|-rrb-|-rsb-))*(?=\s|$)")


def _pysbd() -> Callable[[str], list[str]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return segmenter.segment


def _pysbd_windowed() -> Callable[[str], list[str]]:
    """pysbd per paragraph, and per window of WINDOW characters inside a longer paragraph.

    In a window every sentence but the last is kept, and the next window starts where that
    last sentence starts (the approach of the project's splitter).
    """
    import pysbd

    spans = pysbd.Segmenter(language="en", clean=False, char_span=True).segment

    def split(text: str) -> list[str]:
        out: list[str] = []
        for paragraph in _PARAGRAPH.split(text):
            rest = paragraph
            while len(rest) > WINDOW:
                found = spans(rest[:WINDOW])
                if len(found) < 2:
                    break
                out += [span.sent for span in found[:-1]]
                rest = rest[found[-1].start :]
            out += [span.sent for span in spans(rest)]
        return out

    return split


def _sentencex() -> Callable[[str], list[str]]:
    import sentencex

    return lambda text: list(sentencex.segment("en", text))


def _nupunkt() -> Callable[[str], list[str]]:
    import nupunkt

    return nupunkt.sent_tokenize


def _nupunkt_rs() -> Callable[[str], list[str]]:
    import nupunkt_rs

    return nupunkt_rs.sent_tokenize


def _blingfire() -> Callable[[str], list[str]]:
    import blingfire

    return lambda text: blingfire.text_to_sentences(text).split("\n")


def _syntok() -> Callable[[str], list[str]]:
    from syntok import segmenter

    def split(text: str) -> list[str]:
        return [
            "".join(token.spacing + token.value for token in sentence)
            for paragraph in segmenter.process(text)
            for sentence in paragraph
        ]

    return split


def _by_line(make: Callable[[], Callable[[str], list[str]]]) -> Callable[[], Callable]:
    """The splitter applied to each line: a line break always ends a sentence (as in pysbd)."""

    def made() -> Callable[[str], list[str]]:
        split = make()
        return lambda text: [s for line in text.split("\n") if line.strip() for s in split(line)]

    return made


def _project() -> Callable[[str], list[str]]:
    """The splitter of the checkout this file is in (``briefing/text.py``), each text split
    afresh (its per-text memory left out, so the time is the splitting's)."""
    sys.path.insert(0, str(REPO))
    from briefing import text

    fresh = getattr(getattr(text, "_split", None), "__wrapped__", None)
    if fresh is None:  # a checkout from before the memory: nothing to leave out
        return text.sentence_texts
    return lambda t: [sentence.text for sentence in fresh(t)]


SPLITTERS: dict[str, Callable[[], Callable[[str], list[str]]]] = {
    "pysbd": _pysbd,
    "project": _project,
    "pysbd-paragraphs": _pysbd_windowed,
    "sentencex": _sentencex,
    "sentencex/lines": _by_line(_sentencex),
    "nupunkt": _nupunkt,
    "nupunkt/lines": _by_line(_nupunkt),
    "nupunkt-rs": _nupunkt_rs,
    "blingfire": _blingfire,
    "blingfire/lines": _by_line(_blingfire),
    "syntok": _syntok,
}


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    package = {"pysbd-paragraphs": "pysbd"}.get(name, name.split("/")[0])
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


@dataclass
class Corpus:
    name: str
    texts: list[str]
    ptb: bool


def load_corpora(limit: int | None, distinct: int = 0) -> tuple[list[Corpus], list[str]]:
    corpora, skipped = [], []
    if distinct:
        from distinct_corpus import distinct_articles

        made = distinct_articles(distinct)
        corpora.append(Corpus(f"{distinct} distinct sources", [a.source for a in made], False))
        refs = [r for a in made for r in a.references]
        corpora.append(Corpus(f"their {len(refs)} references", refs, ptb=False))
    shipped = []
    for path in sorted((REPO / "reference_summaries").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        shipped += [data["source"]["text"], *(r["text"] for r in data["references"])]
    corpora.append(Corpus("shipped (sources+refs)", shipped, ptb=False))
    xsum = SHARED / "xsum_hallucinations" / "xsum_hallucinations.jsonl"
    if xsum.exists():
        rows = [json.loads(x) for x in xsum.read_text(encoding="utf-8").splitlines() if x]
        corpora.append(
            Corpus("XSum sources", list(dict.fromkeys(r["source"] for r in rows)), False)
        )
    else:
        skipped.append(f"XSum: {xsum} absent")
    summeval = SHARED / "summeval" / "summeval.jsonl"
    if summeval.exists():
        rows = [json.loads(x) for x in summeval.read_text(encoding="utf-8").splitlines() if x]
        sources = [r["source"] for r in rows]
        corpora.append(Corpus("SummEval sources (PTB)", sources, ptb=True))
        corpora.append(Corpus("SummEval sources (PTB, lower)", [s.lower() for s in sources], True))
        refs = list(dict.fromkeys(ref for r in rows for ref in r["references"]))
        corpora.append(Corpus("SummEval references (PTB)", refs, ptb=True))
    else:
        skipped.append(f"SummEval: {summeval} absent")
    if limit:
        for corpus in corpora:
            corpus.texts = corpus.texts[:limit]
    return corpora, skipped


def boundaries(sentences: list[str]) -> tuple[set[int], int]:
    """Non-space characters before each boundary (the end excluded), and the total."""
    found, total = set(), 0
    for sentence in sentences:
        total += len(_SPACE.sub("", sentence))
        found.add(total)
    found.discard(total)
    found.discard(0)
    return found, total


def true_boundaries(text: str) -> set[int]:
    found = set()
    for match in _PTB_END.finditer(text):
        found.add(len(_SPACE.sub("", text[: match.end()])))
    found.discard(len(_SPACE.sub("", text)))
    return found


@dataclass
class Row:
    splitter: str
    corpus: str
    seconds: float
    texts: int
    chars: int
    sentences: int
    changed: int
    # against pysbd (natural text) or the truth (PTB)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    identical: int = 0
    truth: int = 0
    examples: list[str] = field(default_factory=list)

    def line(self, ptb: bool) -> str:
        rate = self.texts / self.seconds
        speed = f"{rate:8.1f} texts/s {self.chars / self.seconds / 1e3:7.1f} kchar/s"
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        f = 2 * p * r / max(p + r, 1e-12)
        if ptb:
            quality = (
                f"sentences {self.sentences:6d} / true {self.truth:6d} "
                f"({self.sentences / max(self.truth, 1):5.2f}x), boundary F1 vs truth {f:.3f}"
            )
        else:
            quality = (
                f"sentences {self.sentences:6d}, vs pysbd: P {p:.3f} R {r:.3f}, "
                f"identical {self.identical / self.texts:6.1%}"
            )
        changed = f", text changed in {self.changed}" if self.changed else ""
        return f"  {self.splitter:17s} {speed}  {quality}{changed}"


def disagreements(text: str, ours: set[int], theirs: set[int], limit: int = 2) -> list[str]:
    """A few boundaries one side has and the other lacks, with 30 characters either side."""
    wanted = sorted((ours - theirs) | (theirs - ours))[:limit]
    out, count = [], 0
    for index, char in enumerate(text):
        if char.isspace():
            continue
        count += 1
        if count in wanted:
            side = "only pysbd" if count in theirs else "only this"
            left, right = text[max(0, index - 29) : index + 1], text[index + 1 : index + 31]
            out.append(f"{side}: {left!r} | {right!r}")
    return out


def measure(name: str, split: Callable[[str], list[str]], corpus: Corpus, reference) -> Row:
    started = time.process_time()
    results = [split(text) for text in corpus.texts]
    seconds = max(time.process_time() - started, 1e-9)
    row = Row(name, corpus.name, seconds, len(corpus.texts), sum(map(len, corpus.texts)), 0, 0)
    for index, (text, sentences) in enumerate(zip(corpus.texts, results, strict=True)):
        sentences = [s for s in sentences if s.strip()]
        row.sentences += len(sentences)
        found, total = boundaries(sentences)
        if total != len(_SPACE.sub("", text)):
            row.changed += 1
        if corpus.ptb:
            expected = true_boundaries(text)
            row.truth += len(expected) + 1
        else:
            expected = reference[index]
        row.tp += len(found & expected)
        row.fp += len(found - expected)
        row.fn += len(expected - found)
        row.identical += found == expected
        if found != expected and len(row.examples) < 4 and not corpus.ptb:
            row.examples += disagreements(text, found, expected)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated splitter names (default: all installed)")
    parser.add_argument("--limit", type=int, help="at most N texts per corpus (a quick look)")
    parser.add_argument("--examples", action="store_true", help="show where splitters disagree")
    parser.add_argument(
        "--distinct", type=int, default=0, help="also N distinct articles as whole_run.py makes"
    )
    args = parser.parse_args(argv)
    wanted = args.only.split(",") if args.only else list(SPLITTERS)
    if "pysbd" not in wanted:
        wanted.insert(0, "pysbd")  # the reference for agreement
    splitters = {}
    for name in wanted:
        if name not in SPLITTERS:
            raise SystemExit(f"unknown splitter {name!r}; choose from {', '.join(SPLITTERS)}")
        try:
            splitters[name] = SPLITTERS[name]()
        except ImportError as error:
            print(f"skipped {name}: not installed ({error})")
            continue
        splitters[name]("Warm up. Models and rules load on the first call, untimed.")
    corpora, skipped = load_corpora(args.limit, args.distinct)
    for line in skipped:
        print(f"skipped {line}")
    print(
        "versions: "
        + ", ".join(
            f"{name} {_version(name)}"
            for name in splitters
            if "/" not in name and "-p" not in name and name != "project"
        )
    )
    if "project" in splitters:
        from briefing.text import SPLITTER_NAME

        print(f"project: {SPLITTER_NAME} ({REPO})")
    print(f"Python {sys.version.split()[0]}; one process; speeds from CPU time (process_time)")
    for corpus in corpora:
        chars = sum(map(len, corpus.texts))
        longest = max(map(len, corpus.texts))
        print(f"\n{corpus.name}: {len(corpus.texts)} texts, {chars:,} chars (longest {longest:,})")
        reference = None
        if not corpus.ptb:
            started = time.perf_counter()
            split = splitters["pysbd"]
            reference = [boundaries([s for s in split(t) if s.strip()])[0] for t in corpus.texts]
            print(f"  (pysbd reference computed in {time.perf_counter() - started:.1f} s)")
        for name, split in splitters.items():
            row = measure(name, split, corpus, reference)
            print(row.line(corpus.ptb), flush=True)
            if args.examples:
                for example in row.examples:
                    print(f"      {example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
