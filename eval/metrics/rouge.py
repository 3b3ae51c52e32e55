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
* ``python``: the project's own engine (rouge-score's tokenizer, a memoised stemmer and a
  bit-parallel LCS), kept as an independent second implementation that the tests compare.

Both live in ``eval.metrics.rouge_engines``.

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

from collections.abc import Mapping, Sequence
from importlib.metadata import version
from typing import Any

from rouge_score import scoring

from briefing.text import SPLITTER_NAME
from eval.corpus.format import Item
from eval.errors import UserError
from eval.metrics.base import Score, Value
from eval.metrics.rouge_engines import (
    CachingTokenizer,
    FastPairs,
    PreparedText,
    lsum_lines,
    score_lcs,
    score_ngrams,
    score_summary_lcs,
)

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
_PAIR_MEMO = 50_000


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
