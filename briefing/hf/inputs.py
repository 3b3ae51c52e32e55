"""Model inputs from articles: the prompt around the article, tokenised, cut to fit.

Only the article is ever cut, at its end, so a chat template or prompt around it survives
intact. The cut point is searched on the text and the result tokenised as a whole, so the
model sees the same tokens it would for a naturally shorter article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.base import Budget, GenerationInfo
from briefing.prompts import PLAIN_CUE, PromptTemplate
from eval.errors import UserError

# How far back from a mid-word cut to look for the end of the previous word.
_WORD_BOUNDARY_REACH = 80


@dataclass(frozen=True)
class InputBuilder:
    """Token ids for one model: ``kind`` is ``seq2seq`` or ``causal``."""

    tokenizer: Any
    prompt: PromptTemplate
    budget: Budget
    kind: str
    chat: bool  # causal models: use the tokenizer's chat template
    model_name: str

    def ids(self, article: str) -> list[int]:
        user = self.prompt.render(article, self.budget)
        if self.kind == "seq2seq":
            return self._tokenise(user, special=True)
        if not self.chat:
            return self._tokenise(user + PLAIN_CUE, special=True)
        messages = []
        system = self.prompt.render_system(self.budget)
        if system is not None:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": user})
        try:
            text = self.tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True
            )
        except Exception as exc:  # jinja2 TemplateError: e.g. a template without system turns
            raise UserError(
                f"args.system_prompt: the chat template of {self.model_name!r} rejected the "
                f"messages ({exc}); remove system_prompt or put it into prompt."
            ) from exc
        # The template already wrote any BOS token; adding special tokens would double it.
        return self._tokenise(text, special=False)

    def encode(self, article: str, limit: int | None) -> tuple[list[int], GenerationInfo]:
        """Ids of the model input for ``article`` with at most ``limit`` tokens.

        Binary search over the article's length: about log2(characters) tokenisations, and
        only for articles that are too long.
        """
        ids = self.ids(article)
        if limit is None or len(ids) <= limit:
            return ids, GenerationInfo(truncated=False, input_tokens=len(ids), tokens_cut=0)
        best = self.ids("")
        if len(best) > limit:
            raise UserError(
                f"args.max_input_tokens: the prompt alone takes {len(best)} tokens, more than the "
                f"{limit} allowed; raise max_input_tokens or shorten the prompt."
            )
        fits, too_long = 0, len(article)
        while too_long - fits > 1:
            middle = (fits + too_long) // 2
            candidate = self.ids(article[:middle])
            if len(candidate) <= limit:
                fits, best = middle, candidate
            else:
                too_long = middle
        if not article[fits].isspace():  # mid-word: end on the previous word if one is close
            space = max(article.rfind(" ", 0, fits), article.rfind("\n", 0, fits))
            if space > 0 and fits - space < _WORD_BOUNDARY_REACH:
                shorter = self.ids(article[:space])
                best = shorter if len(shorter) <= limit else best
        cut = len(ids) - len(best)
        return best, GenerationInfo(truncated=True, input_tokens=len(ids), tokens_cut=cut)

    def _tokenise(self, text: str, *, special: bool) -> list[int]:
        # verbose=False: over-long inputs are expected here and reported per item instead.
        encoded = self.tokenizer(text, add_special_tokens=special, verbose=False)
        return list(encoded["input_ids"])
