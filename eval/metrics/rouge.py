"""ROUGE with rouge-score's numbers, the traps closed and the repeated work done once.

The numbers are rouge-score's numbers: exactly what
``RougeScorer(types, use_stemmer=True).score_multi(references, briefing)`` gives when every text
is written one sentence per line. Two engines compute them (``engine`` argument, named in the
signature):

* ``rouge-score-rs`` (the default): a Rust port of rouge-score's tokenizer, Porter stemmer and
  scorer, about 120x faster than rouge-score in one process. It is bit-identical to rouge-score
  on every value the project checks (``tests/test_rouge_engine_agreement.py``,
  ``benchmarks/rouge_engines.py``) except that it returns ``0.0`` where rouge-score returns the
  integer ``0`` (ROUGE-L/Lsum with a side without tokens); that is turned back into ``0`` here,
  so ``scores.jsonl`` is byte-identical whichever engine ran.
* ``python``: the project's own engine below (rouge-score's tokenizer, a memoised stemmer and a
  bit-parallel LCS), kept as an independent second implementation that the tests compare.

What changes is the plumbing around the arithmetic:

* ROUGE-Lsum needs one sentence per line and rouge-score only splits on newlines; briefings and
  references are split with the project's sentence splitter (``briefing.text``) first, and
  ROUGE-1/2/L see the same one-sentence-per-line text (its tokens are the same as the raw
  text's whenever the splitter keeps every character).
* Each distinct text (a reference scored against 5 systems, say) is split once, and each
  briefing-reference pair is scored once for all the human ceiling's folds it is in.
* The Python engine tokenises and stems each text once, memoises the Porter stemmer per word,
  and computes the longest common subsequences of ROUGE-L and ROUGE-Lsum bit-parallel
  (``eval.metrics.lcs``), walking the same path as rouge-score's table, so the same tokens count.
* Several references are combined like ``RougeScorer.score_multi``: per ROUGE type, the
  reference with the highest F1 (the first one on ties), or their mean with ``references: mean``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from rouge_score import scoring
from rouge_score import tokenize as rouge_tokenize

from briefing.text import SPLITTER_NAME, sentence_texts
from eval.corpus.format import Item
from eval.errors import UserError
from eval.metrics.base import Score, Value
from eval.metrics.lcs import lcs_length, match_masks, summary_level_hits

ENGINES = ("rouge-score-rs", "python")
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
REFERENCE_POLICIES = ("max", "mean")
_TYPE_LABELS = {"rouge1": "1", "rouge2": "2", "rougeL": "L", "rougeLsum": "Lsum"}
_TYPE_HELP = {
    "rouge1": "unigram F1 x100",
    "rouge2": "bigram F1 x100",
    "rougeL": "longest common subsequence F1 x100",
    "rougeLsum": "sentence-level LCS F1 x100",
}
# The drill-down shows a few values per briefing; ROUGE-L is left to the leaderboard there.
_PER_ARTICLE = ("rouge1", "rouge2", "rougeLsum")
# rouge-score returns integer zeros when either side has no tokens; so do we.
_ZERO = scoring.Score(precision=0, recall=0, fmeasure=0)
_PAIR_MEMO = 50_000


class MemoStemmer:
    """rouge-score's Porter stemmer with a per-word memory (same stems, computed once)."""

    def __init__(self) -> None:
        from nltk.stem import porter

        self._stem = lru_cache(maxsize=None)(porter.PorterStemmer().stem)

    def stem(self, word: str) -> str:
        return self._stem(word)


class CachingTokenizer:
    """rouge-score's default tokenisation, remembered per distinct text (the interface of
    ``rouge_score.tokenizers.Tokenizer``, not its subclass: importing that module imports all of
    NLTK, with scikit-learn and SciPy, about 1.3 s; so does the Porter stemmer, made only when
    this engine first tokenises, never with the rouge-score-rs engine)."""

    def __init__(self, use_stemmer: bool) -> None:
        self._use_stemmer = use_stemmer
        self._stemmer: MemoStemmer | None = None
        self._memo: dict[str, tuple[str, ...]] = {}

    def tokenize(self, text: str) -> list[str]:
        return list(self.tokens(text))

    def tokens(self, text: str) -> tuple[str, ...]:
        found = self._memo.get(text)
        if found is None:
            if self._use_stemmer and self._stemmer is None:
                self._stemmer = MemoStemmer()
            found = tuple(rouge_tokenize.tokenize(text, self._stemmer))
            self._memo[text] = found
        return found


class NgramCounts:
    """An n-gram Counter with its total, so scoring a pair does not re-sum it."""

    __slots__ = ("counts", "total")

    def __init__(self, tokens: Sequence[str], n: int) -> None:
        self.counts = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        self.total = sum(self.counts.values())


class PreparedText:
    """A text's tokens and per-sentence tokens, with lazily built n-grams and LCS bit masks."""

    __slots__ = ("_masks", "_ngrams", "_sentence_masks", "sentences", "tokens")

    def __init__(self, sentences: list[tuple[str, ...]]) -> None:
        self.sentences = sentences
        # Tokenising lines joined by "\n" gives the lines' tokens one after another.
        self.tokens: tuple[str, ...] = tuple(token for line in sentences for token in line)
        self._ngrams: dict[int, NgramCounts] = {}
        self._masks: dict[str, int] | None = None
        self._sentence_masks: list[dict[str, int]] | None = None

    def ngrams(self, n: int) -> NgramCounts:
        found = self._ngrams.get(n)
        if found is None:
            found = self._ngrams[n] = NgramCounts(self.tokens, n)
        return found

    def masks(self) -> dict[str, int]:
        if self._masks is None:
            self._masks = match_masks(self.tokens)
        return self._masks

    def sentence_masks(self) -> list[dict[str, int]]:
        if self._sentence_masks is None:
            self._sentence_masks = [match_masks(sentence) for sentence in self.sentences]
        return self._sentence_masks


def lsum_lines(text: str) -> str:
    """The text with one sentence per line: the form rouge-score's ROUGE-Lsum expects."""
    return "\n".join(sentence_texts(text))


def score_ngrams(target: NgramCounts, prediction: NgramCounts) -> scoring.Score:
    """``rouge_scorer._score_ngrams`` on pre-counted n-grams (same integers, same divisions)."""
    predicted = prediction.counts
    overlap = 0
    for ngram, count in target.counts.items():
        other = predicted.get(ngram, 0)
        overlap += count if count < other else other
    precision = overlap / max(prediction.total, 1)
    recall = overlap / max(target.total, 1)
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


def score_lcs(target: PreparedText, prediction: PreparedText) -> scoring.Score:
    """``rouge_scorer._score_lcs`` with a bit-parallel LCS length."""
    if not target.tokens or not prediction.tokens:
        return _ZERO
    length = lcs_length(target.tokens, prediction.masks(), len(prediction.tokens))
    precision = length / len(prediction.tokens)
    recall = length / len(target.tokens)
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


def score_summary_lcs(target: PreparedText, prediction: PreparedText) -> scoring.Score:
    """``rouge_scorer._summary_level_lcs``: same hits, same guards, same divisions."""
    if not target.sentences or not prediction.sentences:
        return _ZERO
    m, n = len(target.tokens), len(prediction.tokens)
    if not n or not m:
        return _ZERO
    hits = summary_level_hits(target.sentences, prediction.sentences, prediction.sentence_masks())
    recall = hits / m
    precision = hits / n
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


class RougeMetric:
    """ROUGE-N / ROUGE-L / ROUGE-Lsum F1, precision and recall for each briefing."""

    name = "rouge"
    compares_with = "references"

    def __init__(
        self,
        types: Sequence[str] = ROUGE_TYPES,
        stemmer: bool = True,
        references: str = "max",
        engine: str = "rouge-score-rs",
    ) -> None:
        unknown = [t for t in types if t not in ROUGE_TYPES]
        if unknown or not types:
            raise UserError(
                f"args.types: unknown ROUGE type(s) {unknown or types!r}; "
                f"choose from {', '.join(ROUGE_TYPES)}"
            )
        if references not in REFERENCE_POLICIES:
            raise UserError(
                f"args.references: must be one of {', '.join(REFERENCE_POLICIES)} "
                f"(got {references!r})"
            )
        if engine not in ENGINES:
            raise UserError(
                f"args.engine: must be one of {', '.join(ENGINES)} (got {engine!r}); both give "
                f"rouge-score's numbers, rouge-score-rs about 100x faster"
            )
        self.engine = engine
        self.types = tuple(types)
        self.stemmer = bool(stemmer)
        self.references = references
        self._reference_counts: set[int] = set()
        self.values = self._describe()
        self._fresh_caches()

    def _describe(self) -> tuple[Value, ...]:
        """F1 per type on the leaderboard; precision and recall in scores and CSV only."""
        combined = "best reference" if self.references == "max" else "mean over references"
        values: list[Value] = []
        for rouge_type in self.types:
            label = f"ROUGE-{_TYPE_LABELS[rouge_type]}"
            help_text = _TYPE_HELP[rouge_type]
            if rouge_type in ("rouge1", "rouge2"):
                help_text += f", {combined}"
            values.append(
                Value(
                    rouge_type,
                    label,
                    100.0,
                    True,
                    1,
                    help_text,
                    per_article=rouge_type in _PER_ARTICLE,
                )
            )
            for part in ("precision", "recall"):
                values.append(
                    Value(
                        f"{rouge_type}.{part}",
                        f"{label} {part}",
                        100.0,
                        True,
                        1,
                        f"{label} {part} x100 (of the reference chosen for F1)",
                        leaderboard=False,
                        per_article=False,
                    )
                )
        return tuple(values)

    def _fresh_caches(self) -> None:
        self._tokenizer = CachingTokenizer(self.stemmer)
        self._prepared: dict[str, PreparedText] = {}
        # Per (briefing, reference): scores by type. The human ceiling scores each pair once
        # per fold it appears in; this makes it once in all (its "fast path").
        self._pairs: dict[tuple[str, str], dict[str, scoring.Score]] = {}
        self._fast = FastPairs(self.types, self.stemmer) if self.engine != "python" else None

    # Worker processes get a copy without the caches (they are rebuilt where they are used) and
    # hand back what the signature needs: see eval.run.workers.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_tokenizer", None)
        state.pop("_prepared", None)
        state.pop("_pairs", None)
        state.pop("_fast", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._fresh_caches()

    def worker_state(self) -> set[int]:
        return set(self._reference_counts)

    def merge_worker_state(self, state: set[int]) -> None:
        self._reference_counts |= state

    def signature(self) -> Mapping[str, str]:
        counts = sorted(self._reference_counts)
        if not counts:
            nrefs = "?"
        elif len(counts) == 1:
            nrefs = str(counts[0])
        else:
            nrefs = f"{counts[0]}-{counts[-1]}"
        return {
            "types": ",".join(_TYPE_LABELS[t] for t in self.types),
            "stem": "yes" if self.stemmer else "no",
            "tok": "default",
            "split": SPLITTER_NAME,
            "refs": self.references,
            "nrefs": nrefs,
            "v": version("rouge-score"),
            "engine": "python"
            if self.engine == "python"
            else f"rouge-score-rs-{version('rouge-score-rs')}",
        }

    def value_names(self) -> list[str]:
        return [value.name for value in self.values]

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        if len(briefings) != len(items):
            raise ValueError("briefings and items must have the same length")
        return self.score_against(briefings, items, [item.references for item in items])

    def score_against(
        self,
        briefings: Sequence[str],
        items: Sequence[Item],
        references: Sequence[Sequence[str]],
    ) -> list[Score]:
        """Score each briefing against its own list of references (the human ceiling passes
        N-1); ``items`` are not needed by ROUGE beyond their count."""
        if len(items) != len(briefings):
            raise ValueError("briefings and items must have the same length")
        results: list[Score] = []
        for briefing, against in zip(briefings, references, strict=True):
            if not against:
                raise UserError("ROUGE needs at least one reference per article")
            self._reference_counts.add(len(against))
            per_type = self.score_one(briefing, against)
            values: dict[str, float | None] = {}
            for rouge_type in self.types:
                best = per_type[rouge_type]
                values[rouge_type] = best.fmeasure
                values[f"{rouge_type}.precision"] = best.precision
                values[f"{rouge_type}.recall"] = best.recall
            results.append(Score(values=values))
        return results

    def score_one(self, briefing: str, references: Sequence[str]) -> dict[str, scoring.Score]:
        per_reference = [self._pair(briefing, reference) for reference in references]
        combined: dict[str, scoring.Score] = {}
        for rouge_type in self.types:
            scores = [result[rouge_type] for result in per_reference]
            if self.references == "max":
                # Like numpy.argmax in score_multi: the first maximum wins.
                best = 0
                for index in range(1, len(scores)):
                    if scores[index].fmeasure > scores[best].fmeasure:
                        best = index
                combined[rouge_type] = scores[best]
            else:
                combined[rouge_type] = scoring.Score(
                    precision=sum(s.precision for s in scores) / len(scores),
                    recall=sum(s.recall for s in scores) / len(scores),
                    fmeasure=sum(s.fmeasure for s in scores) / len(scores),
                )
        return combined

    def prepare(self, text: str) -> PreparedText:
        """Split, tokenise and stem ``text`` once; later calls return the same object."""
        prepared = self._prepared.get(text)
        if prepared is None:
            lines = [line for line in lsum_lines(text).split("\n") if line]
            prepared = PreparedText([self._tokenizer.tokens(line) for line in lines])
            self._prepared[text] = prepared
        return prepared

    def _pair(self, briefing: str, reference: str) -> dict[str, scoring.Score]:
        key = (briefing, reference)
        found = self._pairs.get(key)
        if found is None:
            if self._fast is not None:
                found = self._fast.pair(reference, briefing)
            else:
                found = self._score_pair(self.prepare(reference), self.prepare(briefing))
            if len(self._pairs) >= _PAIR_MEMO:
                self._pairs.clear()  # bounded: a memo, not an archive
            self._pairs[key] = found
        return found

    def _score_pair(self, target: PreparedText, prediction: PreparedText) -> dict:
        result = {}
        for rouge_type in self.types:
            if rouge_type == "rougeL":
                result[rouge_type] = score_lcs(target, prediction)
            elif rouge_type == "rougeLsum":
                result[rouge_type] = score_summary_lcs(target, prediction)
            else:
                n = int(rouge_type[5:])
                result[rouge_type] = score_ngrams(target.ngrams(n), prediction.ngrams(n))
        return result


class FastPairs:
    """rouge-score-rs on one-sentence-per-line text, with rouge-score's integer zeros."""

    def __init__(self, types: Sequence[str], stemmer: bool) -> None:
        from rouge_score_rs import RougeScorer as RsScorer
        from rouge_score_rs.tokenizers import DefaultTokenizer

        self._scorer = RsScorer(list(types), use_stemmer=stemmer)
        self._tokenizer = DefaultTokenizer(stemmer)
        self._lcs_types = [t for t in types if t in ("rougeL", "rougeLsum")]
        self._lines: dict[str, str] = {}
        self._empty: dict[str, bool] = {}

    def lines(self, text: str) -> str:
        """``lsum_lines(text)``, once per distinct text (splitting is the costly part)."""
        found = self._lines.get(text)
        if found is None:
            found = self._lines[text] = lsum_lines(text)
        return found

    def pair(self, reference: str, briefing: str) -> dict[str, Any]:
        target, prediction = self.lines(reference), self.lines(briefing)
        result = self._scorer.score(target, prediction)
        for rouge_type in self._lcs_types:
            # rouge-score's LCS scores return the integer 0 when either side has no tokens
            # (and a float 0.0 for sides with tokens in common none): keep its JSON form.
            if result[rouge_type].fmeasure == 0 and (
                self._no_tokens(target) or self._no_tokens(prediction)
            ):
                result[rouge_type] = _ZERO
        return result

    def _no_tokens(self, text: str) -> bool:
        found = self._empty.get(text)
        if found is None:
            found = self._empty[text] = not self._tokenizer.tokenize(text)
        return found
