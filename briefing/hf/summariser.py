"""Small open Hugging Face models as briefing writers (``use: hf``).

Seq2seq summarisers (BART, Pegasus, T5) read the article, optionally behind a prefix such as
``summarize: ``; instruction-tuned decoder-only models (Qwen, SmolLM) get the article inside a
briefing request rendered with their chat template. Either way the output goes through the same
budget as every other summariser, so comparisons stay fair.

torch and transformers are imported only when the first batch is generated: ``signature()``
reads a few JSON files at most, so a run whose generations are all cached never loads a model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NamedTuple

from briefing.base import Budget, ChatReply, GenerationInfo
from briefing.hf.chat import greedy_chat, render_conversation
from briefing.hf.decoding import Decoding, check_int, check_optional_int, check_optional_str
from briefing.hf.inputs import InputBuilder
from briefing.hf.loading import import_hf, load_model, pick_device, pick_dtype
from briefing.hf.resolve import ModelSource, resolve_gguf_model, resolve_model
from briefing.prompts import PromptTemplate, check_template, output_sentences
from briefing.text import fit_to_budget
from eval.errors import EnvironmentProblem, UserError

DTYPES = ("auto", "float32", "bfloat16", "float16")
_DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


class Loaded(NamedTuple):
    """Everything generation needs once the model is in memory."""

    torch: Any
    tokenizer: Any
    model: Any
    config: Any  # transformers.GenerationConfig with this summariser's decoding settings
    inputs: InputBuilder


class HFSummariser:
    """Briefings from a Hugging Face model given by Hub id or local folder.

    Decoding is deterministic unless ``do_sample`` is on, which then requires a ``seed``; each
    article gets its own seed derived from that seed and its text, so a sampled briefing does not
    depend on which other articles shared its batch (cached items are skipped on re-runs).
    """

    def __init__(
        self,
        budget: Budget,
        model: str | None = None,
        gguf: str | None = None,
        revision: str | None = None,
        num_beams: int = 4,
        max_new_tokens: int = 128,
        min_new_tokens: int | None = None,
        batch_size: int = 8,
        device: str = "auto",
        dtype: str = "auto",
        max_input_tokens: int | None = None,
        prompt: str | None = None,
        system_prompt: str | None = None,
        do_sample: bool = False,
        temperature: float | None = None,
        top_p: float | None = None,
        top_k: int | None = None,
        seed: int | None = None,
        repetition_penalty: float | None = None,
        no_repeat_ngram_size: int | None = None,
        length_penalty: float | None = None,
        base_dir: str | Path | None = None,
    ) -> None:
        """``base_dir`` is the config file's folder (passed by the harness, not the config)."""
        if gguf is not None and model is not None:
            raise UserError(
                "args.gguf: give either 'model' (a Hub id or folder) or 'gguf' (one GGUF file), "
                "not both."
            )
        if gguf is None and (not isinstance(model, str) or not model.strip()):
            raise UserError(
                "args.model: give a Hub id (org/name) or a local model folder, or 'gguf: FILE' "
                "for a GGUF file."
            )
        if gguf is not None and (not isinstance(gguf, str) or not gguf.strip()):
            raise UserError("args.gguf: give the path of a .gguf file or 'package/file.gguf'.")
        self.budget = budget
        self.gguf = gguf
        self.model_name: str = gguf if gguf is not None else model  # type: ignore[assignment]
        self.base_dir = base_dir
        self.revision = check_optional_str(revision, "revision")
        self.decoding = Decoding.from_args(
            num_beams=num_beams,
            max_new_tokens=max_new_tokens,
            min_new_tokens=min_new_tokens,
            do_sample=do_sample,
            seed=seed,
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            repetition_penalty=repetition_penalty,
            no_repeat_ngram_size=no_repeat_ngram_size,
            length_penalty=length_penalty,
        )
        self.batch_size = check_int(batch_size, "batch_size", minimum=1)
        if not isinstance(device, str) or not _DEVICE.match(device):
            raise UserError(f"args.device: {device!r} is not auto, cpu, mps, cuda or cuda:N.")
        self.device = device
        if dtype not in DTYPES:
            raise UserError(f"args.dtype: {dtype!r} is not one of {', '.join(DTYPES)}.")
        self.dtype = dtype
        self.max_input_tokens = check_optional_int(max_input_tokens, "max_input_tokens", minimum=1)
        self._prompt_arg = check_optional_str(prompt, "prompt")
        self._system_arg = check_optional_str(system_prompt, "system_prompt")
        # Template typos fail here, where the harness can name the config entry.
        if self._prompt_arg is not None:
            check_template(self._prompt_arg, key="prompt")
        if self._system_arg is not None:
            check_template(self._system_arg, key="system_prompt", allow_article=False)
        self._resolved: tuple[ModelSource, PromptTemplate] | None = None
        self._loaded: Loaded | None = None
        self._last_info: list[GenerationInfo] = []

    # -- what the output depends on ------------------------------------------------------------

    @property
    def source(self) -> ModelSource:
        return self._resolve()[0]

    @property
    def prompt(self) -> PromptTemplate:
        return self._resolve()[1]

    def _resolve(self) -> tuple[ModelSource, PromptTemplate]:
        if self._resolved is None:
            if self.gguf is not None:
                if self.revision is not None:
                    raise UserError(
                        "args.revision: a GGUF file has no revisions (its sha256 pins it); "
                        "remove 'revision'."
                    )
                source = resolve_gguf_model(self.gguf, self.base_dir)
            else:
                source = resolve_model(self.model_name, self.revision, self.base_dir)
            if source.kind == "seq2seq" and self._system_arg is not None:
                raise UserError(
                    f"args.system_prompt: {self.model_name!r} is a seq2seq model, which has no "
                    f"chat turns; remove system_prompt (use prompt for a prefix)."
                )
            prompt = PromptTemplate.build(
                self._prompt_arg, self._system_arg, causal=source.kind == "causal"
            )
            self._resolved = (source, prompt)
        return self._resolved

    @property
    def prompt_format(self) -> str:
        if self.source.kind == "seq2seq":
            return "text"
        return "chat" if self.source.has_chat_template else "plain-no-chat-template"

    def input_limit(self) -> int | None:
        """Longest model input in tokens; longer articles are cut at the end.

        A decoder-only model's context holds the prompt and the new tokens, so ``max_new_tokens``
        is reserved from it.
        """
        hard, default = self.source.context_limits()
        new = self.decoding.max_new_tokens
        causal = self.source.kind == "causal"
        if not causal and hard is not None and new >= hard:
            raise UserError(
                f"args.max_new_tokens: the decoder of {self.model_name!r} writes at most "
                f"{hard - 1} tokens; lower max_new_tokens."
            )
        reserve = new if causal else 0
        if hard is not None:
            hard -= reserve
        if self.max_input_tokens is not None:
            if hard is not None and self.max_input_tokens > hard:
                raise UserError(
                    f"args.max_input_tokens: {self.max_input_tokens} is more than "
                    f"{self.model_name!r} can read ({hard} tokens"
                    f"{' besides max_new_tokens' if causal else ''}); lower it."
                )
            return self.max_input_tokens
        if default is None:
            return None
        if default - reserve <= 0:
            raise UserError(
                f"args.max_new_tokens: {new} new tokens do not fit in the {default}-token "
                f"context of {self.model_name!r}; lower max_new_tokens."
            )
        return default - reserve

    def signature(self) -> Mapping[str, str]:
        """Model, exact revision, decoding, prompt and versions; never device or batch size."""
        source = self.source
        limit = self.input_limit()
        parts = {
            "summariser": "hf",
            "model": self.model_name,
            **({"format": "gguf"} if self.gguf is not None else {}),
            "revision": source.fingerprint,
            "kind": source.kind,
            "prompt_format": self.prompt_format,
            "prompt_sha": self.prompt.digest(),
            "max_input_tokens": "none" if limit is None else str(limit),
            **self.decoding.signature(),
            "dtype": self.resolved_dtype(),
            "transformers": _version("transformers"),
            "torch": _version("torch"),
            **self.budget.signature(),
        }
        return parts

    def resolved_dtype(self) -> str:
        """The dtype the weights will really have: ``auto`` means bf16 on capable GPUs and
        float32 elsewhere, and the two give different text, so the signature (and the cache
        key) must name the resolved one. Costs a torch import, never a model load."""
        if self.dtype != "auto":
            return self.dtype
        try:
            import torch
        except ImportError:
            import_hf()  # raises the install hint
            raise
        resolved = pick_dtype(torch, self.dtype, pick_device(torch, self.device))
        return str(resolved).removeprefix("torch.")

    # -- generation ---------------------------------------------------------------------------

    def last_generation_info(self) -> list[GenerationInfo]:
        return list(self._last_info)

    def summarise(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            self._last_info = []
            return []
        loaded = self._load()
        limit = self.input_limit()
        encoded = [loaded.inputs.encode(text, limit) for text in texts]
        raw: list[str] = [""] * len(texts)
        if self.decoding.do_sample:
            torch = loaded.torch
            for i, text in enumerate(texts):
                with torch.random.fork_rng(devices=_rng_devices(loaded.model)):
                    torch.manual_seed(self.decoding.item_seed(text))
                    raw[i] = self._generate(loaded, [encoded[i][0]])[0]
        else:
            # Longest first: similar lengths share a batch (little padding), and a batch that
            # does not fit in memory fails at once rather than at the end.
            order = sorted(range(len(texts)), key=lambda i: -len(encoded[i][0]))
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size]
                outputs = self._generate(loaded, [encoded[i][0] for i in chunk])
                for i, output in zip(chunk, outputs, strict=True):
                    raw[i] = output
        self._last_info = [info for _, info in encoded]
        return [
            fit_to_budget(output_sentences(r), self.budget.max_sentences, self.budget.max_words)
            for r in raw
        ]

    def chat(
        self,
        conversations: Sequence[Sequence[Mapping[str, str]]],
        *,
        max_tokens: int,
        logprobs: int = 0,
    ) -> list[ChatReply]:
        """Greedy replies of a decoder-only chat model (the ``Chats`` protocol), in order.

        ``logprobs > 0``: per generated position, that many most likely tokens with their
        natural log-probabilities from the model's raw distribution.
        """
        if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
            raise ValueError(f"max_tokens must be a whole number >= 1, got {max_tokens!r}")
        if isinstance(logprobs, bool) or not isinstance(logprobs, int) or logprobs < 0:
            raise ValueError(f"logprobs must be a whole number >= 0, got {logprobs!r}")
        if self.source.kind != "causal" or not self.source.has_chat_template:
            raise UserError(
                f"{self.model_name!r} is not a decoder-only model with a chat template, so it "
                f"cannot answer chat conversations; use an instruction-tuned chat model."
            )
        if not conversations:
            return []
        loaded = self._load()
        prompts = [
            loaded.tokenizer(
                render_conversation(loaded.tokenizer, messages, self.model_name),
                add_special_tokens=False,
            )["input_ids"]
            for messages in conversations
        ]
        return greedy_chat(
            torch=loaded.torch,
            tokenizer=loaded.tokenizer,
            model=loaded.model,
            generation_config=loaded.config,
            prompts=prompts,
            max_tokens=max_tokens,
            logprobs=logprobs,
            batch_size=self.batch_size,
        )

    def input_builder(self, tokenizer: Any) -> InputBuilder:
        """How articles become token ids for this model (also used by the speed benchmark)."""
        return InputBuilder(
            tokenizer=tokenizer,
            prompt=self.prompt,
            budget=self.budget,
            kind=self.source.kind,
            chat=self.source.has_chat_template,
            model_name=self.model_name,
        )

    def _generate(self, loaded: Loaded, batch: list[list[int]]) -> list[str]:
        torch, tokenizer, model = loaded.torch, loaded.tokenizer, loaded.model
        side = "left" if self.source.kind == "causal" else "right"
        padded = tokenizer.pad(
            {"input_ids": batch}, padding=True, padding_side=side, return_tensors="pt"
        )
        inputs = {key: value.to(model.device) for key, value in padded.items()}
        try:
            with torch.inference_mode():
                output = model.generate(**inputs, generation_config=loaded.config)
        except torch.cuda.OutOfMemoryError as exc:  # torch.OutOfMemoryError since 2.5
            raise EnvironmentProblem(
                f"{self.model_name!r} ran out of memory on {model.device} with batch_size "
                f"{len(batch)}; lower batch_size or max_input_tokens, or use a smaller dtype."
            ) from exc
        if self.source.kind == "causal":
            output = output[:, inputs["input_ids"].shape[1] :]  # left padding: prompts end here
        return tokenizer.batch_decode(output, skip_special_tokens=True)

    def _load(self) -> Loaded:
        if self._loaded is None:
            torch, _ = import_hf()
            device = pick_device(torch, self.device)
            tokenizer, model = load_model(
                self.source, device, pick_dtype(torch, self.dtype, device)
            )
            if self.source.kind == "causal" and tokenizer.pad_token is None:
                if tokenizer.eos_token is None:
                    raise UserError(
                        f"args.model: {self.model_name!r} has neither a padding nor an "
                        f"end-of-sequence token, so its inputs cannot be batched."
                    )
                tokenizer.pad_token = tokenizer.eos_token
            self._loaded = Loaded(
                torch=torch,
                tokenizer=tokenizer,
                model=model,
                config=self.decoding.generation_config(
                    model, tokenizer.pad_token_id, seq2seq=self.source.kind == "seq2seq"
                ),
                inputs=self.input_builder(tokenizer),
            )
        return self._loaded


def _rng_devices(model: Any) -> list[Any]:
    return [model.device] if model.device.type == "cuda" else []


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"
