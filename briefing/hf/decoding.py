"""Decoding settings of a model summariser: checked once, then written into the signature and
into the transformers ``GenerationConfig`` used for every batch.

Kept apart from model loading so that everything that decides *which* tokens are chosen is in
one place, and so that what the signature records is exactly what generation uses.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from eval.errors import UserError

# Neutral sampling values: set when decoding greedily so that a model's own sampling defaults
# (Qwen ships temperature 0.7) neither apply nor trigger transformers' "ignored flag" warnings.
_GREEDY_NEUTRAL = {"temperature": 1.0, "top_p": 1.0, "top_k": 50}


@dataclass(frozen=True)
class Decoding:
    num_beams: int
    max_new_tokens: int
    min_new_tokens: int | None
    do_sample: bool
    seed: int | None
    sampling: dict[str, float | int | None]  # temperature, top_p, top_k: only when sampling
    overrides: dict[str, float | int | None]  # None: the model's own default

    @classmethod
    def from_args(
        cls,
        *,
        num_beams: object,
        max_new_tokens: object,
        min_new_tokens: object,
        do_sample: object,
        seed: object,
        temperature: object,
        top_p: object,
        top_k: object,
        repetition_penalty: object,
        no_repeat_ngram_size: object,
        length_penalty: object,
    ) -> Decoding:
        """Validate config values; every error names its key and how to fix it."""
        beams = check_int(num_beams, "num_beams", minimum=1)
        most = check_int(max_new_tokens, "max_new_tokens", minimum=1)
        least = check_optional_int(min_new_tokens, "min_new_tokens", minimum=0)
        if least is not None and least > most:
            raise UserError(
                f"args.min_new_tokens: {least} is more than max_new_tokens ({most}); lower it "
                f"or raise max_new_tokens."
            )
        if not isinstance(do_sample, bool):
            raise UserError(f"args.do_sample: expected true or false, got {do_sample!r}.")
        checked_seed = check_optional_int(seed, "seed", minimum=0)
        if do_sample and checked_seed is None:
            raise UserError(
                "args.seed: do_sample: true needs a seed so that briefings can be reproduced; "
                "add 'seed: 1234' under args (or drop do_sample for deterministic decoding)."
            )
        sampling = {
            "temperature": check_optional_float(temperature, "temperature"),
            "top_p": check_optional_float(top_p, "top_p"),
            "top_k": check_optional_int(top_k, "top_k", minimum=1),
        }
        if not do_sample:
            for key, value in sampling.items():
                if value is not None:
                    raise UserError(
                        f"args.{key}: only applies when sampling; add 'do_sample: true' and a "
                        f"'seed', or remove {key!r}."
                    )
        overrides = {
            "repetition_penalty": check_optional_float(repetition_penalty, "repetition_penalty"),
            "no_repeat_ngram_size": check_optional_int(
                no_repeat_ngram_size, "no_repeat_ngram_size", minimum=0
            ),
            "length_penalty": check_optional_float(length_penalty, "length_penalty"),
        }
        return cls(beams, most, least, do_sample, checked_seed, sampling, overrides)

    def signature(self) -> dict[str, str]:
        parts = {
            "num_beams": str(self.num_beams),
            "max_new_tokens": str(self.max_new_tokens),
            "min_new_tokens": _show(self.min_new_tokens),
            "do_sample": "yes" if self.do_sample else "no",
            **{key: _show(value) for key, value in self.overrides.items()},
        }
        if self.do_sample:
            parts.update({key: _show(value) for key, value in self.sampling.items()})
            parts["seed"] = str(self.seed)
        return parts

    def generation_config(self, model: Any, pad_token_id: int | None, *, seq2seq: bool) -> Any:
        """The model's own decoding defaults, overridden by these settings.

        ``max_new_tokens`` replaces the model's total-length limit, and ``min_new_tokens`` (when
        set) its minimum; both are cleared on the model as well, since transformers compares
        against those and warns on every batch. A seq2seq model's own ``min_length`` (56 for
        distilbart-cnn) is kept but never beyond what ``max_new_tokens`` allows.
        """
        defaults = model.generation_config
        config = copy.deepcopy(defaults)
        defaults.max_length = config.max_length = None
        if self.min_new_tokens is not None:
            defaults.min_length = config.min_length = None
        elif config.min_length and seq2seq:
            config.min_length = min(config.min_length, self.max_new_tokens + 1)  # + start token
        settings: dict[str, Any] = {
            "num_beams": self.num_beams,
            "max_new_tokens": self.max_new_tokens,
            "do_sample": self.do_sample,
            **{key: value for key, value in self.overrides.items() if value is not None},
        }
        if self.min_new_tokens is not None:
            settings["min_new_tokens"] = self.min_new_tokens
        if self.do_sample:
            settings.update({k: v for k, v in self.sampling.items() if v is not None})
        else:
            settings.update(_GREEDY_NEUTRAL)
        if config.pad_token_id is None:
            settings["pad_token_id"] = pad_token_id
        config.update(**settings)
        return config

    def item_seed(self, text: str) -> int:
        """A per-article seed: a sampled briefing must not depend on its batch companions."""
        digest = hashlib.sha256(f"{self.seed}\n{text}".encode()).digest()
        return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def _show(value: object) -> str:
    return "default" if value is None else str(value)


def check_int(value: object, key: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise UserError(f"args.{key}: expected a whole number >= {minimum}, got {value!r}.")
    return value


def check_optional_int(value: object, key: str, *, minimum: int) -> int | None:
    return None if value is None else check_int(value, key, minimum=minimum)


def check_optional_float(value: object, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise UserError(f"args.{key}: expected a non-negative number, got {value!r}.")
    return float(value)


def check_optional_str(value: object, key: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise UserError(f"args.{key}: expected text, got {value!r}.")
    return value
