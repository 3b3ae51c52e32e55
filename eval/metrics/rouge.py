"""ROUGE through Google's rouge-score, with the traps closed and the repeated work done once.

The numbers come from rouge-score's own scoring functions, so they are rouge-score's numbers;
what changes is the plumbing around them:

* ROUGE-Lsum needs one sentence per line and rouge-score only splits on newlines; briefings and
  references are split with the project's sentence splitter (pysbd) first.
* Each distinct text (a reference scored against 5 systems, say) is tokenised and stemmed once,
  and the Porter stemmer is memoised per word: the plain loop spends most of its time there.
* Several references are combined like ``RougeScorer.score_multi``: per ROUGE type, the
  reference with the highest F1 (the first one on ties), or their mean with ``references: mean``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.metadata import version

from rouge_score import rouge_scorer, scoring
from rouge_score import tokenize as rouge_tokenize
from rouge_score.tokenizers import Tokenizer

from briefing.text import SPLITTER_NAME, sentence_texts
from eval.corpus import Item
from eval.errors import UserError
from eval.metrics.base import Score

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
REFERENCE_POLICIES = ("max", "mean")
_TYPE_LABELS = {"rouge1": "1", "rouge2": "2", "rougeL": "L", "rougeLsum": "Lsum"}


class MemoStemmer:
    """rouge-score's Porter stemmer with a per-word memory (same stems, computed once)."""

    def __init__(self) -> None:
        from nltk.stem import porter

        self._stem = lru_cache(maxsize=None)(porter.PorterStemmer().stem)

    def stem(self, word: str) -> str:
        return self._stem(word)


class CachingTokenizer(Tokenizer):
    """rouge-score's default tokenisation, remembered per distinct text."""

    def __init__(self, use_stemmer: bool) -> None:
        self._stemmer = MemoStemmer() if use_stemmer else None
        self._memo: dict[str, tuple[str, ...]] = {}

    def tokenize(self, text: str) -> list[str]:
        return list(self.tokens(text))

    def tokens(self, text: str) -> tuple[str, ...]:
        found = self._memo.get(text)
        if found is None:
            found = tuple(rouge_tokenize.tokenize(text, self._stemmer))
            self._memo[text] = found
        return found


class PreparedText:
    """A text's tokens and per-sentence tokens: everything ROUGE needs from it."""

    __slots__ = ("ngrams", "sentences", "tokens")

    def __init__(self, tokens: tuple[str, ...], sentences: list[tuple[str, ...]]) -> None:
        self.tokens = tokens
        self.sentences = sentences
        self.ngrams: dict[int, object] = {}

    def ngram_counts(self, n: int):
        if n not in self.ngrams:
            self.ngrams[n] = rouge_scorer._create_ngrams(self.tokens, n)
        return self.ngrams[n]


def lsum_lines(text: str) -> str:
    """The text with one sentence per line: the form rouge-score's ROUGE-Lsum expects."""
    return "\n".join(sentence_texts(text))


class RougeMetric:
    """ROUGE-N / ROUGE-L / ROUGE-Lsum F1, precision and recall for each briefing."""

    name = "rouge"

    def __init__(
        self,
        types: Sequence[str] = ROUGE_TYPES,
        stemmer: bool = True,
        references: str = "max",
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
        self.types = tuple(types)
        self.stemmer = bool(stemmer)
        self.references = references
        self._tokenizer = CachingTokenizer(self.stemmer)
        self._prepared: dict[str, PreparedText] = {}
        self._reference_counts: set[int] = set()

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
        }

    def value_names(self) -> list[str]:
        names: list[str] = []
        for rouge_type in self.types:
            names += [rouge_type, f"{rouge_type}.precision", f"{rouge_type}.recall"]
        return names

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        if len(briefings) != len(items):
            raise ValueError("briefings and items must have the same length")
        return self.score_against(briefings, [item.references for item in items])

    def score_against(
        self, briefings: Sequence[str], reference_sets: Sequence[Sequence[str]]
    ) -> list[Score]:
        """Score each briefing against its own set of references (used for leave-one-out too)."""
        results: list[Score] = []
        for briefing, references in zip(briefings, reference_sets, strict=True):
            if not references:
                raise UserError("ROUGE needs at least one reference per article")
            self._reference_counts.add(len(references))
            per_type = self.score_one(briefing, references)
            values: dict[str, float | None] = {}
            for rouge_type in self.types:
                best = per_type[rouge_type]
                values[rouge_type] = best.fmeasure
                values[f"{rouge_type}.precision"] = best.precision
                values[f"{rouge_type}.recall"] = best.recall
            results.append(Score(values=values))
        return results

    def score_one(self, briefing: str, references: Sequence[str]) -> dict[str, scoring.Score]:
        candidate = self._prepare(briefing)
        per_reference = [self._score_pair(self._prepare(ref), candidate) for ref in references]
        combined: dict[str, scoring.Score] = {}
        for rouge_type in self.types:
            scores = [result[rouge_type] for result in per_reference]
            if self.references == "max":
                # Like numpy.argmax in score_multi: the first maximum wins.
                best = max(range(len(scores)), key=lambda i: (scores[i].fmeasure, -i))
                combined[rouge_type] = scores[best]
            else:
                combined[rouge_type] = scoring.Score(
                    precision=sum(s.precision for s in scores) / len(scores),
                    recall=sum(s.recall for s in scores) / len(scores),
                    fmeasure=sum(s.fmeasure for s in scores) / len(scores),
                )
        return combined

    def _prepare(self, text: str) -> PreparedText:
        prepared = self._prepared.get(text)
        if prepared is None:
            sentences = [s for s in lsum_lines(text).split("\n") if s]
            prepared = PreparedText(
                self._tokenizer.tokens(text),
                [self._tokenizer.tokens(s) for s in sentences],
            )
            self._prepared[text] = prepared
        return prepared

    def _score_pair(self, target: PreparedText, prediction: PreparedText) -> dict:
        result = {}
        for rouge_type in self.types:
            if rouge_type == "rougeL":
                result[rouge_type] = rouge_scorer._score_lcs(target.tokens, prediction.tokens)
            elif rouge_type == "rougeLsum":
                result[rouge_type] = rouge_scorer._summary_level_lcs(
                    target.sentences, prediction.sentences
                )
            else:
                n = int(rouge_type[5:])
                result[rouge_type] = rouge_scorer._score_ngrams(
                    target.ngram_counts(n), prediction.ngram_counts(n)
                )
        return result
