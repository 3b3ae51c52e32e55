"""Prompt templates for model summarisers and the clean-up of what models write back.

A template is plain ``str.format`` text with a few named placeholders, validated when the config
is read so that a typo fails before any model loads. Its digest goes into the summariser
signature: changing one word of a prompt changes the cache key.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import dataclass

from briefing.base import Budget
from briefing.text import sentence_texts
from eval.errors import UserError

PLACEHOLDERS = ("article", "limit", "max_words", "max_sentences")

# Decoder-only (instruction) models: the user turn of the chat.
DEFAULT_INSTRUCTION = (
    "Write a short, factual news briefing of the article below{limit}. "
    "Use only facts and numbers stated in the article; do not invent, estimate or change any "
    "number. Reply with the briefing only.\n\nArticle:\n{article}"
)
# Seq2seq summarisers were fine-tuned on bare articles; anything else changes what they see.
DEFAULT_SEQ2SEQ = "{article}"
# Models without a chat template get the instruction as plain text followed by this cue.
PLAIN_CUE = "\n\nBriefing:\n"

_LIST_MARKER = re.compile(r"^(?:[-*\u2022]|\d+[.)])\s+")
_SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class PromptTemplate:
    """What the model reads: ``template`` around the article, plus an optional system turn.

    A template without ``{article}`` is a prefix (``"summarize: "`` for T5 models), so the
    common case needs no placeholder syntax.
    """

    template: str
    system: str | None = None

    @classmethod
    def build(cls, template: str | None, system: str | None, *, causal: bool) -> PromptTemplate:
        if template is None:
            template = DEFAULT_INSTRUCTION if causal else DEFAULT_SEQ2SEQ
        check_template(template, key="prompt")
        if system is not None:
            check_template(system, key="system_prompt", allow_article=False)
        if "article" not in template_fields(template):
            template += "{article}"
        return cls(template, system)

    def render(self, article: str, budget: Budget) -> str:
        return self.template.format(article=article, **_budget_fields(budget))

    def render_system(self, budget: Budget) -> str | None:
        return None if self.system is None else self.system.format(**_budget_fields(budget))

    def digest(self) -> str:
        """Short content hash for signatures (the text itself may be long)."""
        payload = json.dumps({"template": self.template, "system": self.system}, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def check_template(template: str, *, key: str, allow_article: bool = True) -> None:
    """Reject unknown placeholders and stray braces now rather than halfway through a run."""
    allowed = PLACEHOLDERS if allow_article else PLACEHOLDERS[1:]
    try:
        fields = template_fields(template)
    except ValueError as exc:
        raise UserError(
            f"args.{key}: cannot read the template ({exc}). Write literal braces as '{{{{' and "
            f"'}}}}'; placeholders are {', '.join('{' + p + '}' for p in allowed)}."
        ) from exc
    for name in fields:
        if name not in allowed:
            raise UserError(
                f"args.{key}: unknown placeholder {{{name}}}. Use "
                f"{', '.join('{' + p + '}' for p in allowed)}, or write literal braces as "
                f"'{{{{' and '}}}}'."
            )


def template_fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def limit_phrase(budget: Budget) -> str:
    """`` in at most 3 sentences and 80 words`` (empty when the budget has no limits)."""
    parts = []
    if budget.max_sentences is not None:
        parts.append(f"{budget.max_sentences} sentence{'s' if budget.max_sentences != 1 else ''}")
    if budget.max_words is not None:
        parts.append(f"{budget.max_words} words")
    return f" in at most {' and '.join(parts)}" if parts else ""


def _budget_fields(budget: Budget) -> dict[str, str]:
    return {
        "limit": limit_phrase(budget),
        "max_words": "any number of" if budget.max_words is None else str(budget.max_words),
        "max_sentences": "any number of"
        if budget.max_sentences is None
        else str(budget.max_sentences),
    }


def output_sentences(raw: str) -> list[str]:
    """Sentences of a model's raw output, with model-specific noise removed.

    BART emits leading spaces, Pegasus writes ``<n>`` for a line break and chat models like
    bullet lists; each line is treated as ending a sentence so a bullet never merges into the
    next one when the shared budget is applied.
    """
    lines = raw.replace("<n>", "\n").splitlines()
    kept = [_SPACES.sub(" ", _LIST_MARKER.sub("", line.strip())).strip() for line in lines]
    return sentence_texts("\n\n".join(line for line in kept if line))
