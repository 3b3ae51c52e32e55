"""Tiny randomly initialised Hugging Face models, built offline for tests.

They exercise the real loading, tokenising, batching and decoding code of ``briefing.hf.summariser``
without downloading anything: a BART with a freshly trained byte-level BPE tokenizer, and a
Qwen2-style decoder with a chat template (and one without). Weights are random, so the output
is gibberish, but it is deterministic and differs between inputs, which is what the tests need.

The fixtures are session-scoped and registered under the names ``tiny_seq2seq_model``,
``tiny_causal_model`` and ``tiny_causal_plain_model``; import the ``fixture_*`` functions into
``conftest.py`` (or a test module) to use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

# Invented sentences, enough for the BPE trainer to learn whole words and numbers.
TRAINING_TEXT = (
    "The council approved 12 new homes on Tuesday after a long debate.",
    "Prices rose by 3.5 per cent in March, the statistics office said.",
    "The harbour strike ended when workers accepted a 4 per cent pay rise.",
    "About 10,000 people attended the festival, organisers said on Sunday.",
    "The minister said the new bridge would open in 2027 and cost 85 million euros.",
    "Police closed the road for two hours while the fire was put out.",
    "Scientists found that the lake had warmed by 1.2 degrees since 1990.",
    "The club signed a striker from Lyon for an undisclosed fee.",
)
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def _byte_level_tokenizer(
    special_tokens: list[str], vocab_size: int = 400, texts: list[str] | None = None
) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special_tokens,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts or list(TRAINING_TEXT) * 4, trainer)
    return tokenizer


def bart_tokenizer(
    model_max_length: int, *, vocab_size: int = 400, texts: list[str] | None = None
) -> Any:
    """A BART-style byte-level BPE tokenizer (ids: <s> 0, <pad> 1, </s> 2) trained offline.

    Also used by ``benchmarks/generation_speed.py`` with a realistic vocabulary size.
    """
    from tokenizers import processors
    from transformers import PreTrainedTokenizerFast

    raw = _byte_level_tokenizer(["<s>", "<pad>", "</s>", "<unk>", "<mask>"], vocab_size, texts)
    raw.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=raw,
        bos_token="<s>",
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=model_max_length,
    )


def build_tiny_seq2seq(
    folder: Path, *, max_positions: int = 256, tokenizer_max_length: int = 64, seed: int = 0
) -> Path:
    """A 1+1-layer BART (d_model 16) with its own byte-level BPE tokenizer, saved to ``folder``.

    The tokenizer's 64-token limit (below the 256 positions) makes truncation easy to reach.
    """
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    tokenizer = bart_tokenizer(tokenizer_max_length)
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=max_positions,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_bos_token_id=None,
        forced_eos_token_id=None,
        init_std=0.5,  # large weights: outputs that differ between inputs
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_tiny_causal(
    folder: Path, *, chat_template: bool = True, max_positions: int = 256, seed: int = 0
) -> Path:
    """A 1-layer Qwen2-style decoder (hidden 16) with a ChatML template, saved to ``folder``."""
    import torch
    from transformers import (
        GenerationConfig,
        PreTrainedTokenizerFast,
        Qwen2Config,
        Qwen2ForCausalLM,
    )

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=_byte_level_tokenizer(specials),
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        model_max_length=max_positions,
    )
    if chat_template:
        tokenizer.chat_template = CHAT_TEMPLATE
    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=max_positions,
        bos_token_id=None,
        eos_token_id=2,
        pad_token_id=0,
        tie_word_embeddings=True,
        initializer_range=0.5,
    )
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config)
    # Like Qwen's own release: sampling defaults that greedy decoding must override.
    model.generation_config = GenerationConfig(
        do_sample=True, temperature=0.7, top_p=0.8, top_k=20, eos_token_id=2, pad_token_id=0
    )
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session", name="tiny_seq2seq_model")
def fixture_tiny_seq2seq_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers", reason="tiny models need transformers ([hf] extra)")
    return build_tiny_seq2seq(tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="session", name="tiny_causal_model")
def fixture_tiny_causal_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers", reason="tiny models need transformers ([hf] extra)")
    return build_tiny_causal(tmp_path_factory.mktemp("tiny-qwen2"))


@pytest.fixture(scope="session", name="tiny_causal_plain_model")
def fixture_tiny_causal_plain_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The decoder without a chat template: exercises the plain-prompt fallback."""
    pytest.importorskip("transformers", reason="tiny models need transformers ([hf] extra)")
    return build_tiny_causal(tmp_path_factory.mktemp("tiny-qwen2-plain"), chat_template=False)


def build_tiny_bert(folder: Path, *, layers: int = 3, seed: int = 0) -> Path:
    """A 3-layer BERT encoder (hidden 32) with a WordPiece vocabulary of the training words.

    Used by the ``similarity`` tests, which compare it with the ``bert-score`` package: a real
    ``[CLS] ... [SEP]`` tokenizer (slow and fast load the same ``vocab.txt``) and real layers.
    """
    import re

    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    words = sorted({w.lower() for text in TRAINING_TEXT for w in re.findall(r"\w+|[^\w\s]", text)})
    pieces = sorted({f"##{c}" for w in words for c in w} | {c for w in words for c in w})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *dict.fromkeys(words + pieces)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(str(folder / "vocab.txt"), model_max_length=128)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        pad_token_id=0,
    )
    torch.manual_seed(seed)
    model = BertModel(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session", name="tiny_bert_model")
def fixture_tiny_bert_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers", reason="tiny models need transformers ([hf] extra)")
    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))
