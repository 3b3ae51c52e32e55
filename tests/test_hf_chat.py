"""The ``Chats`` protocol on the hf summariser: greedy, deterministic, with top-k log-probs.

The log-probabilities are checked against an independent computation: a plain forward pass of
the model over the prompt plus the reply, log-softmaxed at each reply position.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

pytest.importorskip("transformers", reason="Hugging Face summarisers need the [hf] extra")

from tiny_models import (  # noqa: F401
    fixture_tiny_causal_model,
    fixture_tiny_seq2seq_model,
)

from briefing.base import Budget, ChatReply, Chats
from briefing.hf.summariser import HFSummariser
from eval.errors import UserError

CONVERSATIONS = [
    [{"role": "user", "content": "The council approved 12 new homes. Grade it from 1 to 5."}],
    [
        {"role": "system", "content": "You grade briefings."},
        {"role": "user", "content": "Prices rose by 3.5 per cent in March."},
    ],
    [{"role": "user", "content": "About 10,000 people attended the festival."}],
]


def chat_model(path: Path, batch_size: int = 8) -> HFSummariser:
    return HFSummariser(Budget(), model=str(path), num_beams=1, batch_size=batch_size)


def test_hf_is_a_chat_backend_with_deterministic_replies(tiny_causal_model: Path) -> None:
    model = chat_model(tiny_causal_model)
    assert isinstance(model, Chats)
    first = model.chat(CONVERSATIONS, max_tokens=6)
    again = chat_model(tiny_causal_model, batch_size=1).chat(CONVERSATIONS, max_tokens=6)
    assert [r.text for r in first] == [r.text for r in again]
    assert all(isinstance(r, ChatReply) and r.top_logprobs is None for r in first)
    assert len({r.text for r in first}) > 1  # replies follow their own conversation
    assert model.chat([], max_tokens=3) == []


def test_top_logprobs_match_an_independent_forward_pass(tiny_causal_model: Path) -> None:
    import torch

    model = chat_model(tiny_causal_model)
    (reply,) = model.chat(CONVERSATIONS[:1], max_tokens=5, logprobs=3)
    loaded = model._load()
    tokenizer, network = loaded.tokenizer, loaded.model
    prompt = tokenizer.apply_chat_template(
        CONVERSATIONS[0], tokenize=False, add_generation_prompt=True
    )
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    greedy: list[int] = []
    expected: list[dict[str, float]] = []
    with torch.inference_mode():
        for _ in range(5):
            logits = network(torch.tensor([prompt_ids + greedy])).logits[0, -1]
            logp = torch.log_softmax(logits.float(), dim=-1)
            best = int(torch.argmax(logp))
            if best == network.generation_config.eos_token_id:
                break
            values, indices = torch.topk(logp, 3)
            expected.append(
                {
                    tokenizer.decode([i]): v
                    for i, v in zip(indices.tolist(), values.tolist(), strict=True)
                }
            )
            greedy.append(best)
    assert reply.text == tokenizer.decode(greedy, skip_special_tokens=True)
    assert reply.top_logprobs is not None and len(reply.top_logprobs) == len(expected)
    for got, want in zip(reply.top_logprobs, expected, strict=True):
        assert set(got) == set(want)
        for token, value in want.items():
            assert math.isclose(got[token], value, abs_tol=1e-4)
        assert all(v <= 0 for v in got.values())


def test_a_seq2seq_model_is_not_a_chat_model(tiny_seq2seq_model: Path) -> None:
    with pytest.raises(UserError, match="chat template"):
        chat_model(tiny_seq2seq_model).chat(CONVERSATIONS[:1], max_tokens=3)


def test_bad_messages_are_refused(tiny_causal_model: Path) -> None:
    with pytest.raises(ValueError, match="role"):
        chat_model(tiny_causal_model).chat([[{"role": "robot", "content": "x"}]], max_tokens=2)
