"""The numeric fact check as a metric: how many of a briefing's numbers its article backs.

Values per briefing:

* ``numbers.precision``: supported claims / numeric claims; ``None`` when the briefing has no
  numbers (it is then left out of the mean, and the report shows the n).
* ``numbers.flagged``: contradicted + unsupported claims (0 for a briefing without numbers).
* ``numbers.claims``: numeric claims in the briefing.
* ``numbers.recall``: share of the distinct numeric facts of the item's human references that
  the briefing keeps (states a consistent value for a fact of the same kind and unit);
  ``None`` when the references hold no numbers.

The evidence of each briefing is the list of its claims with verdict, source sentence and a
one-line explanation. The article side of the check is prepared once per (text, publication
date) and kept in the metric instance, so every system's briefing of an article reuses it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from datetime import date
from importlib.metadata import version
from typing import Any

from eval.corpus.format import Item
from eval.errors import UserError
from eval.metrics.base import Score, Value
from eval.numeric import (
    ALIGN_VERSION,
    EXTRACT_VERSION,
    CheckResult,
    Claim,
    Mention,
    SourceFacts,
    check_mentions,
    extract_mentions,
    prepare_source,
)
from eval.numeric.agreement import agrees
from eval.numeric.lexicon import BOUND_SPAN, HEDGE_FAMILIES
from eval.numeric.parse import available as parser_available
from eval.numeric.parse import signature as parser_signature
from eval.numeric.scoring import unit_relation

_CACHE_SIZE = 512
_KEPT_CACHE_SIZE = 65536  # (mention, fact) pairs: a chunk of articles' recall and folds
_MENTION_CACHE_SIZE = 8192  # short texts: every reference and briefing of a chunk of articles
_YEAR_OR_DATE = {"year": "date", "date": "year"}  # kinds ``keeps`` lets meet
_RECALL_KINDS = ("count", "money", "percent", "date", "year", "duration", "age", "ordinal", "score")


class NumbersMetric:
    """Numeric precision, flagged numbers and reference-number recall for each briefing."""

    name = "numbers"
    # The source for precision and flagged, the references for recall: so a human ceiling too.
    compares_with = "both"

    def __init__(self, recall: bool = True, evidence: str = "all", parse: bool = False) -> None:
        if evidence not in ("all", "flagged"):
            raise UserError(
                f"args.evidence: must be 'all' (every claim) or 'flagged' (only claims the "
                f"article does not back), got {evidence!r}"
            )
        if not isinstance(parse, bool):
            raise UserError(f"args.parse: must be true or false, got {parse!r}")
        if parse and not parser_available():
            raise UserError(
                "args.parse: true needs spaCy and its English model, which are not installed; "
                "install them with pip install 'briefing-eval[parse]', or set parse: false"
            )
        self.recall = bool(recall)
        self.evidence = evidence
        self.parse = parse
        self.values = describe_values(self.recall)
        self._fresh_caches()

    def _fresh_caches(self) -> None:
        self._sources: OrderedDict[tuple[str, date | None], SourceFacts] = OrderedDict()
        self._references: OrderedDict[tuple[tuple[str, ...], date | None], list[Mention]] = (
            OrderedDict()
        )
        # Mentions per (text, date): the human ceiling reads a reference as a text, in the full
        # reference set and in each N-1 subset, and a briefing once per fold.
        self._mentions: OrderedDict[tuple[str, date | None], list[Mention]] = OrderedDict()
        # Check results per (briefing, source, date): the human ceiling asks for a system
        # briefing's precision again, right after the run scored it.
        # The last key part: whether the claims carry their reasons (``score_values`` needs none).
        self._checks: OrderedDict[tuple[str, str, date | None, bool], CheckResult] = OrderedDict()
        # ``keeps`` per (briefing mention, reference fact), by identity: the ceiling's folds
        # ask again of a system briefing what its full-reference recall asked (each reference
        # fact is in N-2 folds too). An entry holds both objects, so no id is reused under it.
        self._kept: dict[tuple[int, int], tuple[Mention, Mention, bool]] = {}

    # Worker processes get a copy without the caches (rebuilt where they are used).
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_sources", None)
        state.pop("_references", None)
        state.pop("_mentions", None)
        state.pop("_checks", None)
        state.pop("_kept", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._fresh_caches()

    def signature(self) -> Mapping[str, str]:
        approx = HEDGE_FAMILIES["approx"]
        nearly = HEDGE_FAMILIES["nearly"]
        return {
            "extract": EXTRACT_VERSION,
            "align": ALIGN_VERSION,
            "tol": f"round2.5%|about{round((approx[1] - 1) * 100)}%|"
            f"nearly{round((1 - nearly[0]) * 100)}%|bounds{round(BOUND_SPAN * 100)}%",
            "recall": "refs" if self.recall else "off",
            **({"parse": parser_signature()} if self.parse else {}),
            "text2num": version("text2num"),
            "dateparser": version("dateparser"),
        }

    def prepared(self, source: str, published: date | None) -> SourceFacts:
        """The article side of the check, computed once per (text, publication date)."""
        key = (source, published)
        found = self._sources.get(key)
        if found is None:
            found = prepare_source(source, published, self.parse)
            self._sources[key] = found
            if len(self._sources) > _CACHE_SIZE:
                self._sources.popitem(last=False)
        else:
            self._sources.move_to_end(key)
        return found

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        pairs = zip(briefings, items, strict=True)  # one item per briefing, same order
        return [self._score_one(briefing, item) for briefing, item in pairs]

    def score_values(
        self, briefings: Sequence[str], items: Sequence[Item]
    ) -> list[dict[str, float | None]]:
        """``score``'s values without its evidence (the human ceiling's per-text values): the
        check then writes no reason per claim."""
        values = []
        for briefing, item in zip(briefings, items, strict=True):
            briefing = briefing or ""
            mentions = self._mentions_of(briefing, item.published)
            result = self._checked(briefing, item, mentions, reasons=False)
            values.append(self._values(result, mentions, item)[0])
        return values

    def _score_one(self, briefing: str, item: Item) -> Score:
        briefing = briefing or ""
        mentions = self._mentions_of(briefing, item.published)  # for the check and recall
        result = self._checked(briefing, item, mentions)
        values, kept, missed = self._values(result, mentions, item)
        evidence: dict[str, Any] = {
            "claims": [
                _claim_fields(claim)
                for claim in result.claims
                if self.evidence == "all" or claim.verdict != "supported"
            ]
        }
        if kept or missed:
            evidence["reference_numbers"] = {"kept": kept, "missed": missed}
        return Score(values, evidence)

    def _values(self, result: CheckResult, mentions: list[Mention], item: Item
                ) -> tuple[dict[str, float | None], list[str], list[str]]:  # fmt: skip
        """The values of one briefing, and the reference facts it keeps and misses."""
        claims = len(result.claims)
        values: dict[str, float | None] = {
            "numbers.precision": result.supported / claims if claims else None,
            "numbers.flagged": float(result.flagged),
            "numbers.claims": float(claims),
        }
        kept: list[str] = []
        missed: list[str] = []
        if self.recall:
            kept, missed = self._recall(mentions, item)
            total = len(kept) + len(missed)
            values["numbers.recall"] = len(kept) / total if total else None
        return values, kept, missed

    def score_against(
        self, briefings: Sequence[str], items: Sequence[Item], references: Sequence[Sequence[str]]
    ) -> list[Score]:
        """The human ceiling's folds: recall against ``references[i]``. The other values do not
        use references (``uses_references=False``): they are ``None`` here, and the ceiling takes
        them from ``score``, once per text, instead of checking the briefing once per fold."""
        scores = []
        for briefing, item, refs in zip(briefings, items, references, strict=True):
            values: dict[str, float | None] = {name: None for name in self._source_values()}
            if self.recall:
                mentions = self._mentions_of(briefing or "", item.published)
                kept, missed = self._recall(mentions, replace(item, references=tuple(refs)))
                total = len(kept) + len(missed)
                values["numbers.recall"] = len(kept) / total if total else None
            scores.append(Score(values))
        return scores

    def _source_values(self) -> list[str]:
        return [value.name for value in self.values if not value.uses_references]

    def _checked(self, briefing: str, item: Item, mentions: list[Mention],
                 reasons: bool = True) -> CheckResult:  # fmt: skip
        """``check_mentions`` against the item's prepared source, once per distinct briefing
        of an article (a bounded memo). ``reasons=False``: the verdicts are all the caller
        reads, so a result with reasons serves it too."""
        key = (briefing, item.source, item.published)
        found = self._checks.get((*key, True))
        if found is None and not reasons:
            found = self._checks.get((*key, False))
        if found is None:
            source = self.prepared(item.source, item.published)
            found = check_mentions(source, briefing, mentions, reasons=reasons)
            self._checks[(*key, reasons)] = found
            if len(self._checks) > _MENTION_CACHE_SIZE:
                self._checks.popitem(last=False)
        return found

    def _mentions_of(self, text: str, published: date | None) -> list[Mention]:
        """``extract_mentions(text, published)``, once per distinct text (a bounded memo)."""
        key = (text, published)
        found = self._mentions.get(key)
        if found is None:
            found = self._mentions[key] = extract_mentions(text, published)
            if len(self._mentions) > _MENTION_CACHE_SIZE:
                self._mentions.popitem(last=False)
        return found

    def _reference_facts(self, item: Item) -> list[Mention]:
        key = (tuple(item.references), item.published)
        found = self._references.get(key)
        if found is None:
            found = distinct_facts(
                mention
                for reference in item.references
                for mention in self._mentions_of(reference, item.published)
            )
            self._references[key] = found
            if len(self._references) > _CACHE_SIZE:
                self._references.popitem(last=False)
        return found

    def _recall(self, mentions: list[Mention], item: Item) -> tuple[list[str], list[str]]:
        """Reference facts the briefing's ``mentions`` keep, and those it misses."""
        facts = self._reference_facts(item)
        if not facts:
            return [], []
        by_kind: dict[str, list[Mention]] = {}
        for mention in mentions:
            by_kind.setdefault(mention.kind, []).append(mention)
        kept, missed = [], []
        for fact in facts:
            # ``keeps`` needs the same kind, or a year and a date: only those are tried.
            same = by_kind.get(fact.kind, [])
            if fact.kind in _YEAR_OR_DATE:
                same = same + by_kind.get(_YEAR_OR_DATE[fact.kind], [])
            found = any(self._keeps(mention, fact) for mention in same)
            (kept if found else missed).append(fact.phrase)
        return kept, missed

    def _keeps(self, mention: Mention, fact: Mention) -> bool:
        """``keeps(mention, fact)``, remembered for the pair (see ``_kept``)."""
        key = (id(mention), id(fact))
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= _KEPT_CACHE_SIZE:
                self._kept.clear()
            found = self._kept[key] = (mention, fact, keeps(mention, fact))
        return found[2]


def describe_values(recall: bool) -> tuple[Value, ...]:
    """How the report shows each value (see eval.metrics.base.Value), in display order."""
    values = [
        Value(
            "numbers.precision",
            "Num. precision",
            100.0,
            True,
            1,
            "share of the briefing's numbers the article backs, x100 (briefings with numbers)",
            uses_references=False,
        ),
        Value(
            "numbers.flagged",
            "Flagged / briefing",
            1.0,
            False,
            2,
            "numbers the article does not back",
            uses_references=False,
        ),
    ]
    if recall:
        values.append(
            Value(
                "numbers.recall",
                "Num. recall",
                100.0,
                True,
                1,
                "share of the references' numbers the briefing repeats, x100",
                per_article=False,
            )
        )
    values.append(
        Value(
            "numbers.claims",
            "Numeric claims",
            1.0,
            None,
            1,
            "numbers in the briefing",
            leaderboard=False,
            per_article=False,
            uses_references=False,
        )
    )
    return tuple(values)


_CLAIM_FIELDS = tuple(field.name for field in fields(Claim))


def _claim_fields(claim: Claim) -> dict[str, Any]:
    """``dataclasses.asdict(claim)`` without its deep copies: every field is a str or number."""
    return {name: getattr(claim, name) for name in _CLAIM_FIELDS}


def _key(mention: Mention) -> tuple:
    value = mention.key or mention.value
    if isinstance(value, float):
        value = round(mention.amount, 6)
    return (mention.kind, value, mention.unit, mention.currency, mention.hedge)


def distinct_facts(mentions) -> list[Mention]:
    """Reference mentions with repeats removed (three references saying "10,000 troops")."""
    seen: dict[tuple, Mention] = {}
    for mention in mentions:
        if mention.kind in _RECALL_KINDS:
            seen.setdefault(_key(mention), mention)
    return list(seen.values())


def keeps(briefing: Mention, fact: Mention) -> bool:
    """Whether a briefing mention states a value consistent with a reference fact."""
    if briefing.kind != fact.kind and {briefing.kind, fact.kind} != {"year", "date"}:
        return False
    if unit_relation(briefing, fact) is None:
        return False
    return agrees(briefing, fact) or agrees(fact, briefing)
