"""HFSummariser end to end on tiny random models built offline (see tiny_models.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("transformers", reason="Hugging Face summarisers need the [hf] extra")

from tiny_models import (  # noqa: F401
    fixture_tiny_causal_model,
    fixture_tiny_causal_plain_model,
    fixture_tiny_seq2seq_model,
)
from transformers import AutoTokenizer

from briefing.base import Budget, GenerationInfo, ReportsGenerationInfo, Summariser
from briefing.hf.summariser import HFSummariser
from briefing.registry import summarisers
from briefing.text import count_words, sentence_texts
from eval.errors import UserError

TEXTS = [
    "The council approved 12 new homes on Tuesday.",
    "Prices rose by 3.5 per cent in March, the statistics office said. The minister spoke.",
    "Hi.",
    "The harbour strike ended when workers accepted a 4 per cent pay rise. " * 3,
    "Police closed the road for two hours.",
]
LONG = "Scientists found that the lake had warmed by 1.2 degrees since 1990. " * 40


def make(path: Path, **args: object) -> HFSummariser:
    settings_ = {"num_beams": 1, "max_new_tokens": 12, "device": "cpu"}
    settings_.update(args)
    return HFSummariser(Budget(max_sentences=None, max_words=None), model=str(path), **settings_)


@pytest.fixture(params=["seq2seq", "chat", "plain"])
def model_path(
    request: pytest.FixtureRequest,
    tiny_seq2seq_model: Path,
    tiny_causal_model: Path,
    tiny_causal_plain_model: Path,
) -> Path:
    return {
        "seq2seq": tiny_seq2seq_model,
        "chat": tiny_causal_model,
        "plain": tiny_causal_plain_model,
    }[request.param]


def test_batched_outputs_equal_one_by_one_in_input_order(model_path: Path) -> None:
    batched = make(model_path, batch_size=2)
    outputs = batched.summarise(TEXTS)
    assert len(outputs) == len(TEXTS)
    assert all(isinstance(output, str) for output in outputs)
    single = make(model_path, batch_size=1)
    assert outputs == [single.summarise([text])[0] for text in TEXTS]
    assert len(set(outputs)) > 1, "tiny model gives one answer for every input; test is blind"


def test_protocols_and_empty_input(tiny_seq2seq_model: Path) -> None:
    summariser = make(tiny_seq2seq_model)
    assert isinstance(summariser, Summariser)
    assert isinstance(summariser, ReportsGenerationInfo)
    assert summariser.summarise([]) == []
    assert summariser.last_generation_info() == []
    assert summariser._loaded is None  # nothing to generate, nothing loaded


def test_beam_search_runs(model_path: Path) -> None:
    outputs = make(model_path, num_beams=2, batch_size=3).summarise(TEXTS[:3])
    assert [type(o) for o in outputs] == [str, str, str]


def test_kind_is_read_from_the_config(
    tiny_seq2seq_model: Path, tiny_causal_model: Path, tiny_causal_plain_model: Path
) -> None:
    assert make(tiny_seq2seq_model).signature()["kind"] == "seq2seq"
    assert make(tiny_causal_model).signature()["kind"] == "causal"
    assert make(tiny_causal_model).signature()["prompt_format"] == "chat"
    plain = make(tiny_causal_plain_model).signature()["prompt_format"]
    assert plain == "plain-no-chat-template"


def test_truncation_is_reported_per_item(tiny_seq2seq_model: Path) -> None:
    summariser = make(tiny_seq2seq_model)
    summariser.summarise([TEXTS[0], LONG])
    short, long = summariser.last_generation_info()
    tokenizer = AutoTokenizer.from_pretrained(tiny_seq2seq_model)
    assert short == GenerationInfo(
        truncated=False, input_tokens=len(tokenizer(TEXTS[0])["input_ids"]), tokens_cut=0
    )
    assert long.truncated
    assert long.input_tokens == len(tokenizer(LONG, verbose=False)["input_ids"])
    assert 0 < long.input_tokens - long.tokens_cut <= 64  # the tiny BART tokenizer's limit
    assert summariser.signature()["max_input_tokens"] == "64"


def test_chat_prompt_survives_truncation(tiny_causal_model: Path) -> None:
    summariser = make(tiny_causal_model, max_input_tokens=200)
    tokenizer = AutoTokenizer.from_pretrained(tiny_causal_model)
    ids, info = summariser.input_builder(tokenizer).encode(LONG, 200)
    assert info.truncated and len(ids) <= 200
    text = tokenizer.decode(ids)
    assert text.startswith("<|im_start|>user\nWrite a short, factual news briefing")
    assert text.endswith("<|im_end|>\n<|im_start|>assistant\n")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    article=st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=600),
    limit=st.integers(min_value=3, max_value=80),
)
def test_encoded_input_is_a_prefix_within_the_limit(
    tiny_seq2seq_model: Path, article: str, limit: int
) -> None:
    summariser = make(tiny_seq2seq_model, max_input_tokens=limit)
    tokenizer = AutoTokenizer.from_pretrained(tiny_seq2seq_model)
    ids, info = summariser.input_builder(tokenizer).encode(article, limit)
    assert len(ids) <= limit
    assert article.startswith(tokenizer.decode(ids, skip_special_tokens=True))
    assert info.input_tokens == len(tokenizer(article, verbose=False)["input_ids"])
    assert info.tokens_cut == info.input_tokens - len(ids)
    assert info.truncated == (info.tokens_cut > 0)


def test_prompt_longer_than_the_limit_is_a_user_error(tiny_causal_model: Path) -> None:
    summariser = make(tiny_causal_model, max_input_tokens=10)
    with pytest.raises(UserError, match=r"args\.max_input_tokens: the prompt alone"):
        summariser.summarise([LONG])


def test_max_input_tokens_beyond_the_context_is_refused(tiny_seq2seq_model: Path) -> None:
    with pytest.raises(UserError, match=r"args\.max_input_tokens: 300 is more than"):
        make(tiny_seq2seq_model, max_input_tokens=300).signature()


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        (Budget(max_sentences=2, max_words=4), "One two. Three four."),
        (Budget(max_sentences=1, max_words=80), "One two."),
        (Budget(max_sentences=None, max_words=None), "One two. Three four. Five six."),
    ],
)
def test_shared_budget_is_applied_to_cleaned_model_output(
    tiny_seq2seq_model: Path, monkeypatch: pytest.MonkeyPatch, budget: Budget, expected: str
) -> None:
    summariser = HFSummariser(budget, model=str(tiny_seq2seq_model))
    raw = " One  two.<n>Three four. Five six."  # BART's leading space, Pegasus' <n>
    monkeypatch.setattr(summariser, "_generate", lambda *args: [raw] * len(args[-1]))
    assert summariser.summarise(["a", "b"]) == [expected, expected]


def test_budget_holds_for_real_generations(model_path: Path) -> None:
    budget = Budget(max_sentences=1, max_words=3)
    summariser = HFSummariser(budget, model=str(model_path), num_beams=1, max_new_tokens=30)
    for briefing in summariser.summarise(TEXTS):
        assert count_words(briefing) <= 3
        assert len(sentence_texts(briefing)) <= 1


def test_signature_is_stable_and_ignores_device_and_batch_size(model_path: Path) -> None:
    first = make(model_path, device="cpu", batch_size=1).signature()
    assert first == make(model_path, device="auto", batch_size=32).signature()
    assert not {"device", "batch_size"} & set(first)
    assert first["revision"].startswith("local-sha256:")
    for key in ("model", "prompt_sha", "max_input_tokens", "transformers", "num_beams"):
        assert first[key]


@pytest.mark.parametrize(
    "change",
    [
        {"num_beams": 2},
        {"max_new_tokens": 13},
        {"min_new_tokens": 2},
        {"max_input_tokens": 40},
        {"prompt": "Briefly: {article}"},
        {"repetition_penalty": 1.2},
        {"dtype": "bfloat16"},
        {"do_sample": True, "seed": 1},
    ],
)
def test_signature_changes_with_what_changes_output(
    tiny_causal_model: Path, change: dict[str, object]
) -> None:
    assert make(tiny_causal_model, **change).signature() != make(tiny_causal_model).signature()


def test_signature_changes_with_budget_and_model_files(
    tiny_seq2seq_model: Path, tmp_path: Path
) -> None:
    base = make(tiny_seq2seq_model).signature()
    tighter = HFSummariser(
        Budget(2, 40), model=str(tiny_seq2seq_model), num_beams=1, max_new_tokens=12, device="cpu"
    )
    assert tighter.signature() != base
    edited = tmp_path / "edited"
    shutil.copytree(tiny_seq2seq_model, edited)
    config = edited / "generation_config.json"
    config.write_text(config.read_text().replace("{", '{\n  "no_repeat_ngram_size": 3,', 1))
    assert make(edited).signature()["revision"] != base["revision"]


def test_sampling_needs_a_seed() -> None:
    with pytest.raises(UserError, match=r"args\.seed"):
        HFSummariser(Budget(), model="any/model", do_sample=True)


def test_sampling_is_reproducible_and_independent_of_batching(tiny_causal_model: Path) -> None:
    args = {"do_sample": True, "seed": 7, "temperature": 1.5}
    first = make(tiny_causal_model, batch_size=1, **args).summarise(TEXTS)
    assert first == make(tiny_causal_model, batch_size=4, **args).summarise(TEXTS[::-1])[::-1]


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ({"temperature": 0.7}, "temperature"),
        ({"top_p": 0.9}, "top_p"),
        ({"dtype": "fp99"}, "dtype"),
        ({"device": "gpu"}, "device"),
        ({"num_beams": 0}, "num_beams"),
        ({"batch_size": "8"}, "batch_size"),
        ({"max_new_tokens": 10, "min_new_tokens": 20}, "min_new_tokens"),
        ({"do_sample": "yes", "seed": 1}, "do_sample"),
        ({"prompt": "Summarise {text}"}, "prompt"),
        ({"system_prompt": "About {article}"}, "system_prompt"),
    ],
)
def test_bad_arguments_name_their_key(args: dict[str, object], key: str) -> None:
    with pytest.raises(UserError, match=rf"args\.{key}"):
        HFSummariser(Budget(), model="any/model", **args)


def test_system_prompt_on_a_seq2seq_model_is_refused(tiny_seq2seq_model: Path) -> None:
    with pytest.raises(UserError, match=r"args\.system_prompt"):
        make(tiny_seq2seq_model, system_prompt="Be brief.").signature()


def test_system_prompt_reaches_the_chat_template(tiny_causal_model: Path) -> None:
    summariser = make(tiny_causal_model, system_prompt="Be brief: {max_words} words.")
    tokenizer = AutoTokenizer.from_pretrained(tiny_causal_model)
    ids, _ = summariser.input_builder(tokenizer).encode("Body.", None)
    assert "<|im_start|>system\nBe brief: any number of words.<|im_end|>" in tokenizer.decode(ids)


def test_registry_builds_hf_from_config_arguments(tiny_seq2seq_model: Path) -> None:
    built = summarisers.build(
        "hf",
        {"model": str(tiny_seq2seq_model), "num_beams": 1, "max_new_tokens": 5},
        where="summarisers[0]",
        budget=Budget(),
    )
    assert isinstance(built, HFSummariser)
    assert built.signature()["max_new_tokens"] == "5"


def test_model_length_defaults_give_way_to_the_summariser(
    tiny_seq2seq_model: Path, tmp_path: Path
) -> None:
    """distilbart-cnn ships max_length 142 and min_length 56; max_new_tokens must win."""
    folder = tmp_path / "like-distilbart"
    shutil.copytree(tiny_seq2seq_model, folder)
    shipped = {
        "decoder_start_token_id": 2,
        "eos_token_id": 2,
        "pad_token_id": 1,
        "max_length": 142,
        "min_length": 56,
        "no_repeat_ngram_size": 3,
        "num_beams": 4,
    }
    (folder / "generation_config.json").write_text(json.dumps(shipped))
    capped = make(folder, max_new_tokens=20)
    capped.summarise(TEXTS[:2])
    config = capped._loaded.config
    assert (config.max_length, config.min_length, config.no_repeat_ngram_size) == (None, 21, 3)
    explicit = make(folder, max_new_tokens=20, min_new_tokens=5)
    explicit.summarise(TEXTS[:2])
    assert (explicit._loaded.config.min_length, explicit._loaded.config.min_new_tokens) == (None, 5)


def test_max_new_tokens_beyond_the_decoder_positions_is_refused(tiny_seq2seq_model: Path) -> None:
    with pytest.raises(UserError, match=r"args\.max_new_tokens: .* at most 255 tokens"):
        make(tiny_seq2seq_model, max_new_tokens=256).signature()
