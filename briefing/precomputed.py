"""Briefings written elsewhere (another team's system, a published dataset), read from a file.

``use: file`` with ``args: {path: OUTPUTS.jsonl}``; each line is ``{"id": ..., "summary": ...}``.
Relative paths are read from the config file's folder (the harness passes ``base_dir``).

Precomputed outputs are keyed by article id, but ``Summariser.summarise`` only receives texts.
Rather than guess the article from its text (two articles may share a text; a re-tokenised
source would not match), this summariser also implements the optional ``SummarisesArticles``
protocol: the harness hands it each article's id beside its text. Summarisers still never see
references, and every other summariser keeps the plain ``summarise(texts)`` contract.

The outputs are scored exactly as written: the length budget is not applied unless
``fit_budget: true``, because precomputed outputs are usually scored to compare with human
ratings of those very texts. The signature says which.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from briefing.base import Budget
from briefing.text import SPLITTER_NAME, fit_to_budget, iter_sentence_texts
from eval.errors import UserError
from eval.files import iter_json_objects


class MissingOutput(LookupError):
    """An article has no line in the outputs file (one article fails, not the run)."""


def _read_outputs(path: Path) -> dict[str, str]:
    outputs: dict[str, str] = {}
    first_line: dict[str, int] = {}
    rows = iter_json_objects(
        path,
        label="args.path",
        expected='{"id": ..., "summary": ...}',
        missing_hint="Relative paths are read from the config file's folder.",
    )
    for number, row in rows:
        where = f"{path}, line {number}"
        article_id, summary = row.get("id"), row.get("summary")
        if not isinstance(article_id, str) or not article_id:
            raise UserError(f'{where}: "id" must be a non-empty string (the article id).')
        if not isinstance(summary, str):
            raise UserError(f'{where}: "summary" must be a string (article {article_id!r}).')
        if article_id in outputs:
            raise UserError(
                f"{where}: a second summary for article {article_id!r} (first on line "
                f"{first_line[article_id]}); keep one line per article."
            )
        outputs[article_id] = summary
        first_line[article_id] = number
    if not outputs:
        raise UserError(f"args.path: {path} holds no summaries.")
    return outputs


class FileSummariser:
    """Looks up each article's briefing, by id, in a JSON-lines file."""

    def __init__(
        self,
        budget: Budget,
        path: str,
        base_dir: str | Path | None = None,
        fit_budget: bool = False,
    ) -> None:
        resolved = Path(path).expanduser()
        if not resolved.is_absolute() and base_dir is not None:
            resolved = Path(base_dir) / resolved
        self.path = resolved
        self.budget = budget
        self.fit_budget = bool(fit_budget)
        self._outputs = _read_outputs(resolved)
        self._digest = hashlib.sha256(resolved.read_bytes()).hexdigest()[:16]

    def signature(self) -> Mapping[str, str]:
        # The file name and content hash, not its absolute path: moving the file changes nothing.
        parts = {
            "name": "file",
            "file": self.path.name,
            "sha256": self._digest,
            "lines": str(len(self._outputs)),
        }
        if self.fit_budget:
            parts.update(self.budget.signature())
            parts["split"] = SPLITTER_NAME
        else:
            parts["budget"] = "not-applied"
        return parts

    def __len__(self) -> int:
        return len(self._outputs)

    def ids_not_in(self, article_ids: Iterable[str]) -> list[str]:
        """Ids in the outputs file that no article of the run has (a file meant for another
        corpus, or ids that drifted): the harness reports them instead of ignoring them."""
        known = set(article_ids)
        return [article_id for article_id in self._outputs if article_id not in known]

    def summarise_articles(self, ids: Sequence[str], texts: Sequence[str]) -> list[str]:
        if len(ids) != len(texts):
            raise ValueError("ids and texts must have the same length")
        briefings = []
        for article_id in ids:
            if article_id not in self._outputs:
                raise MissingOutput(
                    f"{self.path.name} has no summary for article {article_id!r}; add a line "
                    f'{{"id": "{article_id}", "summary": ...}} or leave the article out'
                )
            briefings.append(self._shape(self._outputs[article_id]))
        return briefings

    def summarise(self, texts: Sequence[str]) -> list[str]:
        raise UserError(
            f"the 'file' summariser ({self.path.name}) looks briefings up by article id, so it "
            "must be called through summarise_articles(ids, texts); the briefing-eval runner "
            "does this for you."
        )

    def _shape(self, summary: str) -> str:
        if not self.fit_budget:
            return summary
        return fit_to_budget(  # lazily: a huge output is split only as far as the budget reads
            iter_sentence_texts(summary), self.budget.max_sentences, self.budget.max_words
        )
