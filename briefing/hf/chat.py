"""Chat replies from a loaded decoder-only model (the ``Chats`` protocol of ``briefing.base``).

Used by metrics that need a model's judgement. Decoding is greedy and the log-probabilities come
from the raw logits (before any processor), log-softmaxed, so they are the model's own
distribution over the next token at each generated position. Conversations are generated in
batches sorted by length, like briefings.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from briefing.base import ChatReply
from eval.errors import UserError

_ROLES = frozenset({"system", "user", "assistant"})


def render_conversation(tokenizer: Any, messages: Sequence[Mapping[str, str]], name: str) -> str:
    """The conversation in the model's chat template, ending where the assistant starts."""
    checked = []
    for message in messages:
        role, content = message.get("role"), message.get("content")
        if role not in _ROLES or not isinstance(content, str):
            raise ValueError(f"a chat message needs a role in {sorted(_ROLES)} and text content")
        checked.append({"role": role, "content": content})
    try:
        return tokenizer.apply_chat_template(checked, tokenize=False, add_generation_prompt=True)
    except Exception as exc:  # jinja2 TemplateError: e.g. a template without system turns
        raise UserError(
            f"the chat template of {name!r} rejected the conversation ({exc}); models whose "
            f"template has no system turn need the instructions in the user message."
        ) from exc


def greedy_chat(
    *,
    torch: Any,
    tokenizer: Any,
    model: Any,
    generation_config: Any,
    prompts: Sequence[list[int]],
    max_tokens: int,
    logprobs: int,
    batch_size: int,
) -> list[ChatReply]:
    """One greedy reply per token-id prompt, with the top ``logprobs`` alternatives per step."""
    config = copy.deepcopy(generation_config)
    config.update(
        num_beams=1,
        do_sample=False,
        max_new_tokens=max_tokens,
        min_new_tokens=None,
        repetition_penalty=None,
        no_repeat_ngram_size=None,
        temperature=1.0,
        top_p=1.0,
        top_k=50,
        # In the config, not beside it: transformers 5 deprecates generate(generation_config=
        # ..., **generation_kwargs) together.
        return_dict_in_generate=True,
        output_logits=logprobs > 0,
    )
    replies: list[ChatReply | None] = [None] * len(prompts)
    order = sorted(range(len(prompts)), key=lambda i: -len(prompts[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        padded = tokenizer.pad(
            {"input_ids": [prompts[i] for i in chunk]},
            padding=True,
            padding_side="left",
            return_tensors="pt",
        )
        inputs = {key: value.to(model.device) for key, value in padded.items()}
        with torch.inference_mode():
            output = model.generate(**inputs, generation_config=config)
        new = output.sequences[:, inputs["input_ids"].shape[1] :]
        for row, index in enumerate(chunk):
            ids = _until_end(new[row].tolist(), config.eos_token_id)
            text = tokenizer.decode(ids, skip_special_tokens=True)
            tops = None
            if logprobs > 0:
                steps = output.logits[: len(ids)]
                tops = [_top(torch, tokenizer, step[row], logprobs) for step in steps]
            replies[index] = ChatReply(text=text, top_logprobs=tops)
    return [reply for reply in replies if reply is not None]


def _until_end(ids: list[int], eos: int | list[int] | None) -> list[int]:
    """Generated ids before the first end token (after it comes batch padding).

    Like OpenAI's ``logprobs``, positions cover the reply's own tokens, not the end token.
    """
    ends = set(eos if isinstance(eos, list) else [eos] if eos is not None else [])
    for position, token in enumerate(ids):
        if token in ends:
            return ids[:position]
    return ids


def _top(torch: Any, tokenizer: Any, logits: Any, k: int) -> dict[str, float]:
    logp = torch.log_softmax(logits.float(), dim=-1)
    values, indices = torch.topk(logp, k=min(k, logp.shape[-1]))
    top: dict[str, float] = {}
    for value, index in zip(values.tolist(), indices.tolist(), strict=True):
        token = tokenizer.decode([index])
        top.setdefault(token, value)  # two ids can decode alike: keep the likelier
    return top
