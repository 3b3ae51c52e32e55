"""Multiples in words: "doubled", "more than tripled", "twice as many", "a fourfold rise".

Why a module of its own: the extractor reads figures, and none of these words is one, so a
briefing that says "sales tripled" where the article says "sales doubled" was never checked
(round 29 counted 29 such misses on the development sets). A multiple is a change or a ratio of
a figure ("doubled" = +100%, kind ``percent``), and the article mostly states it in words as
well ("almost twice the average", "more than three times the 560 counted in 2012"), so it is
judged against the multiples the article states, in the source sentence most about the same
thing: each multiple, with its hedge, is a range of ratios ("more than doubled" is 2 to 3,
"almost twice" 1.5 to 2, "tripled" about 3), and a claim whose range meets none of that
sentence's is contradicted. A claim the article states in the same words is backed when that
multiple is about the same thing: it compares with what the claim compares with ("three times
the seasonal average"), or its sentence is the one most about the claim; one about another
thing ("three times the 2019 figure" for "three times the national rise") leaves the claim to
the sentence most about it, or to an article multiple that compares with the same thing, or
unread (its count too). One with no stated multiple near enough in meaning is left unread, as
before (a faithful "doubled" from "rose from 40 to 80" is never flagged). Texts without any
of the words pay one regular-expression search.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.numeric.context import Span, sentence_words

# Every multiple holds one of these (the cheap precheck).
_QUICK = re.compile(r"doubl|tripl|trebl|quadrupl|fold|twice|thrice|halv|times|half", re.I)
_HEDGE = (
    r"(?:(?P<hedge>more\s+than|over|just\s+over|at\s+least|almost|nearly|close\s+to|"
    r"just\s+under|less\s+than|up\s+to|about|around|roughly|some|approximately)\s+)?"
)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}  # fmt: skip
_NUMBER = (
    r"(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a\s+hundred|hundred)"
)
# What follows a multiple that compares ("twice the average", "double its estimate", "three
# times as many"); "twice a week" and "three times since 2019" are counts of occasions.
_COMPARED = (
    r"(?=\s+(?:the|its|their|his|her|our|that|this|what|as|last|a\s+year|more|less|higher|"
    r"larger|bigger|greater|faster|longer|hotter|heavier|[a-z]+er\s+than|[\w-]+'s)\b)"
)
# After "N times", only what makes a ratio ("three times the national average", "2.5 times
# as many", "ten times more", "five times higher", "four times as likely to", "1.6 times
# Earth's"): "three times a week", "three times this season", "three times last winter",
# "scored three times as Rovers won" count occasions, and stay counts.
_RATIO = (
    r"(?=\s+(?:(?:the|its|their|his|her|our|what|average|more|less|higher|lower|larger|"
    r"bigger|greater|smaller|faster|slower|longer|hotter|heavier|oversubscribed|"
    r"[a-z]+er\s+than|over\s+the|[\w-]+'s|last\s+\w+'s|as\s+(?:many|much|likely|often)|"
    r"as\s+[\w-]+(?:\s+[\w-]+){0,3}\s+(?:as|than))\b|as\s+[\w-]+\s*(?:[.,;:]|$)))"
)
_MULTIPLE = re.compile(
    r"\b" + _HEDGE + r"(?:"
    r"(?P<verb>doubl|tripl|trebl|quadrupl|quintupl)(?:ed|ing)\b(?!\s+(?:down|up|back|over)\b)"
    r"|(?P<adjective>double|triple|treble|quadruple)"
    + _COMPARED
    + r"|(?P<halved>halv(?:ed|ing))\b(?!\s+(?:the\s+)?(?:gap|deficit|lead|arrears|margin)\b)"
    r"|(?P<fold>" + _NUMBER + r")[\s-]?fold\b"
    r"|(?P<twice>twice|thrice)"
    + _COMPARED
    + r"|(?P<times>"
    + _NUMBER
    + r")\s+times"
    + _RATIO
    + r"|(?P<half>half)(?=\s+(?:the|its|their|what|as)\b)"
    r")",
    re.IGNORECASE,
)
_STEM = {"doubl": 2.0, "double": 2.0, "twice": 2.0, "tripl": 3.0, "triple": 3.0, "trebl": 3.0,
         "treble": 3.0, "thrice": 3.0, "quadrupl": 4.0, "quadruple": 4.0,
         "quintupl": 5.0}  # fmt: skip
_ABOVE = ("more than", "over", "just over", "at least")
_BELOW = ("almost", "nearly", "close to", "just under", "less than", "up to")
_STRICT = ("more than", "over", "just over", "almost", "nearly", "just under", "less than")
_MIN_SHARE = 0.3  # of the claim's word weight the evidence sentence must have
_NEAR = 10  # claim words within this many characters' worth of words: its clause, roughly
_ROUND = 0.1  # a bare multiple: within 10%, at most half ("doubled" for 1.8 to 2.2 times)
_ABOUT = 0.15  # "about double": within 15%


@dataclass(frozen=True)
class Multiple:
    """One multiple: where it is, the ratio it states and the ratios it allows."""

    start: int
    end: int
    text: str
    ratio: float
    low: float
    high: float
    hedge: str | None
    # "half the": read in the article only (a briefing's "half the squad" is no ratio)
    evidence_only: bool = False
    # A change over time ("doubled", "halved", "a fourfold rise") has one direction; a ratio
    # ("twice the", "half the") may be stated from either side.
    change: bool = True
    # "three times the average": a ratio whose number the extractor also reads as a count; a
    # verdict on the ratio replaces the count's (``check._with_multiples``), and without one
    # the count stands as before
    counted: bool = False


def may_hold_multiple(text: str) -> bool:
    """Whether ``text`` has any of the words every multiple holds (the cheap precheck)."""
    return _QUICK.search(text) is not None


def _ratio(match: re.Match[str]) -> float | None:
    if match.group("halved") or match.group("half"):
        return 0.5
    for name in ("verb", "adjective", "twice"):
        if match.group(name):
            return _STEM[match.group(name).lower()]
    number = (match.group("fold") or match.group("times")).lower()
    number = number.split()[-1]  # "a hundred"
    value = float(_WORDS[number]) if number in _WORDS else float(number)
    return value if value > 1 else None


def _range(ratio: float, hedge: str | None, change: bool) -> tuple[float, float]:
    """The ratios a multiple allows: "more than tripled" up to the next whole multiple,
    "almost doubled" from half a multiple below (a quarter of it for large ones); a halving
    is a ratio below one, so "more than halved" is under a half, and "more than half the"
    over it."""
    step = max(0.5, 0.25 * ratio)
    if ratio < 1 and not change:  # "less than half the £421,000"
        if hedge in _ABOVE:
            return ratio + 1e-9, 1.0
        if hedge in _BELOW:
            return ratio / 2, ratio - 1e-9
    elif ratio < 1:  # halved
        if hedge in _ABOVE:
            return 0.0, ratio - 1e-9
        if hedge in _BELOW:
            return ratio + 1e-9, ratio + 0.15
        return ratio * (1 - _ROUND), ratio * (1 + _ROUND)
    if hedge in _ABOVE:
        return ratio + 1e-9, ratio + 1.0 if ratio < 10 else ratio * 1.5
    if hedge in _BELOW:
        return ratio - step, ratio - 1e-9
    spread = min(0.5, ratio * (_ROUND if hedge is None else _ABOUT))
    return ratio - spread, ratio + spread


def multiples(text: str, start: int = 0, end: int | None = None) -> list[Multiple]:
    """The multiples of ``text[start:end]`` in words (none without a multiple word)."""
    end = len(text) if end is None else end
    if not _QUICK.search(text, start, end):
        return []
    found = []
    for match in _MULTIPLE.finditer(text, start, end):
        ratio = _ratio(match)
        if ratio is None:
            continue
        hedge = match.group("hedge")
        hedge = " ".join(hedge.lower().split()) if hedge else None
        change = bool(match.group("verb") or match.group("halved") or match.group("fold"))
        low, high = _range(ratio, hedge, change)
        only = bool(match.group("half"))
        found.append(Multiple(match.start(), match.end(), match.group(0), ratio, low, high,
                              hedge, only, change, bool(match.group("times"))))  # fmt: skip
    return found


_ENDING = re.compile(r"(?:ed|ing|es|e|s)$")


def _words(multiple: Multiple) -> str:
    return _ENDING.sub("", " ".join(multiple.text.lower().replace("-", " ").split()))


def same_words(a: Multiple, b: Multiple) -> bool:
    """The same words but for their endings: "more than doubled", "more than doubling"
    ("twice" and "doubled" are other words, which may be about another figure)."""
    return _words(a) == _words(b)


def clause_weights(text: str, span: Span, around: tuple[int, int] | None) -> dict[str, float]:
    """Content-word stems of a sentence; of a claim's, those of its multiple's clause ("the
    area under vine has almost doubled in a decade", not the next clause's "picking began on
    16 September"), or the words near it when the clause has fewer than two."""
    tokens = sentence_words(text, span.start, span.end).tokens
    if around is not None:
        before = [t for t in tokens if t.start < around[0]][-_NEAR:]
        after = [t for t in tokens if t.start >= around[1]][:_NEAR]
        inside = [t for t in tokens if t.start < around[1]]
        if inside:
            clause = [t for t in (*before, *after) if t.clause == inside[-1].clause]
            tokens = tuple(clause) if len(clause) >= 2 else (*before, *after)
        else:
            tokens = (*before, *after)
    return {token.stem: 1.0 for token in tokens}


_OBJECT = re.compile(r"\s*([^,;.]{0,40})")


def _inverse_fits(claim: Multiple, stated: Multiple, summary: str, text: str) -> bool:
    """A ratio seen from the other side: "less than half the £421,000 in Ashcombe" for
    "Ashcombe's £421,000 is more than twice the £198,300" (one below one, the other above,
    compared with different things). "twice the monthly average" for "half the monthly
    average" compares with the same thing, and is no inverse."""
    if claim.change or stated.change or (claim.ratio - 1) * (stated.ratio - 1) >= 0:
        return False
    low = 1 / stated.high if stated.high else float("inf")
    high = 1 / stated.low if stated.low else float("inf")
    if not (claim.low <= high and low <= claim.high):
        return False
    ours, theirs = _OBJECT.match(summary, claim.end), _OBJECT.match(text, stated.end)
    return ours.group(1).strip().lower() != theirs.group(1).strip().lower()


# What a ratio compares with: to the next mark (a point only inside a number: "the 15.6 million")
_TAIL = re.compile(r"(?:[^,;:()\n.]|\.(?=\d)){0,60}")


def _object(text: str, ratio: Multiple) -> set[str]:
    """The content-word stems of what a ratio compares with, up to the next mark, without its
    figures: {"national", "rise"} for "three times the national rise", {"figure"} for "three
    times the 2019 figure". A change ("doubled to 640") compares with its own past: none."""
    if ratio.change:
        return set()
    tail = _TAIL.match(text, ratio.end)
    tokens = sentence_words(text, ratio.end, tail.end(), False).tokens
    return {t.stem for t in tokens if t.stem[0].isalpha() or t.stem[0] == "="}


def _same_about(claim: Multiple, same: Sequence[tuple[int, Multiple]], summary: str, text: str,
                best: tuple[int, float] | None, own: tuple[int, float] | None
                ) -> tuple[int, Multiple] | None:  # fmt: skip
    """The article's multiple in the claim's words that is about the same thing, with its
    sentence, or None: one that compares with at least half of what the claim compares with
    ("three times the seasonal average" for "That is three times the seasonal average", however
    few words the sentences share), or one in the sentence most about the claim's clause
    (``best``, at least 0.3 of its word weight; ``own``: the best of the same-worded ones).
    "three times the 2019 figure" is about another thing than "three times the national
    rise" in a claim about rents."""
    ours = _object(summary, claim)
    for index, multiple in same:
        if ours and 2 * len(ours & _object(text, multiple)) >= len(ours):
            return index, multiple
    if own is None:  # no words to weigh it by: the same words back it, as before
        return same[0]
    if best is None or own[1] < max(best[1], _MIN_SHARE):
        return None
    return next((index, multiple) for index, multiple in same if index == own[0])


def _by_object(claim: Multiple, stated: Sequence[tuple[int, Multiple]], summary: str,
               text: str) -> Verdict | None:  # fmt: skip
    """A verdict on a claim whose same-worded multiple is about another thing and whose clause
    no sentence is about enough, by the article's multiples that compare with all of what it
    compares with, two words at least ("twice the national increase of 3.9%" for "three
    times the national rise"); None without one (the claim is then left unread)."""
    ours = _object(summary, claim)
    alike = [(i, m) for i, m in stated if len(ours) >= 2 and ours <= _object(text, m)]
    if not alike:
        return None
    fits = [(i, m) for i, m in alike if _fits(claim, m, summary, text)]
    if fits:
        return Verdict(claim, "supported", *fits[0])
    return Verdict(claim, "contradicted", *alike[0])


@dataclass(frozen=True)
class Verdict:
    """A briefing's multiple, its verdict and the article's multiple it was judged by.
    "unread": no verdict, not even its count's ("three times as often as the old set" where
    the article's "three times its design life" is about another thing)."""

    multiple: Multiple
    verdict: str
    sentence: int
    evidence: Multiple


def _fits(claim: Multiple, stated: Multiple, summary: str, text: str) -> bool:
    if claim.hedge in _STRICT and stated.hedge is None and claim.ratio == stated.ratio:
        # a strict bound on the article's own exact multiple ("more than 2.5 times" for "2.5
        # times", "almost doubled" for "doubled"): as for figures, the article does not say
        # it ("at least" and "up to" allow the value itself)
        return False
    # ranges that only touch do not fit: "seven times" (6.5 to 7.5) is not "six times"
    return (claim.low < stated.high and stated.low < claim.high) or _inverse_fits(
        claim, stated, summary, text
    )


def best_sentence(words: Mapping[str, float], total: float, evidence: Sequence[tuple[int, object]],
          text: str, sentences: Sequence[Span], idf: Mapping[str, float], unknown: float
          ) -> tuple[int, float] | None:  # fmt: skip
    """The evidence sentence sharing the largest share of the claim's word weight."""
    scores: dict[int, float] = {}
    for index, _ in evidence:
        if index not in scores:
            theirs = clause_weights(text, sentences[index], None)
            shared = sum(idf.get(word, unknown) for word in words if word in theirs)
            scores[index] = shared / total
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return best, scores[best]


def judge(summary: str, spans: Sequence[Span], text: str, sentences: Sequence[Span],
          idf: Mapping[str, float], unknown: float, taken: Sequence[tuple[int, int]],
          stated: Sequence[tuple[int, Multiple]]) -> list[Verdict]:  # fmt: skip
    """A verdict for each multiple of ``summary`` the article has a stated multiple to judge
    by (``stated``: the article's multiples with their sentence; ``taken``: spans already read
    as figures, such as "twice" counted as two goals; an "N times" ratio is judged although
    its number is one). A multiple in words is never worked out from two figures of the
    article: which two it compares is a guess (see the README); "N times" ratios are, only
    where the guess is narrow (``ratios``)."""
    if not stated or not _QUICK.search(summary):
        return []
    verdicts = []
    for span in spans:
        for claim in multiples(summary, span.start, span.end):
            if claim.evidence_only or (not claim.counted and any(
                    start < claim.end and claim.start < end for start, end in taken)):  # fmt: skip
                continue
            words = clause_weights(summary, span, (claim.start, claim.end))
            total = sum(idf.get(word, unknown) for word in words)
            same = [(i, m) for i, m in stated if same_words(claim, m)]
            best = own = None
            if total:
                best = best_sentence(words, total, stated, text, sentences, idf, unknown)
                if same:
                    own = best_sentence(words, total, same, text, sentences, idf, unknown)
            if same:  # stated in the same words: backed when about the same thing
                backing = _same_about(claim, same, summary, text, best, own)
                if backing is not None:
                    verdicts.append(Verdict(claim, "supported", *backing))
                    continue
                if best is None or best[1] < _MIN_SHARE:
                    verdicts.append(_by_object(claim, stated, summary, text)
                                    or Verdict(claim, "unread", *same[0]))  # fmt: skip
                    continue
            if best is None or best[1] < _MIN_SHARE:
                continue
            here = [m for i, m in stated if i == best[0]]
            fits = [m for m in here if _fits(claim, m, summary, text)]
            if fits:
                verdicts.append(Verdict(claim, "supported", best[0], fits[0]))
            else:
                near = min(here, key=lambda m: abs(m.ratio - claim.ratio))
                verdicts.append(Verdict(claim, "contradicted", best[0], near))
    return verdicts
