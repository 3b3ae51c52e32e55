"""Loading a pinned Hugging Face model with torch: device, dtype, tokenizer and weights.

Kept apart from resolution (``briefing.hf.resolve``) so that naming a model in a signature
never imports torch; only generating does. Every failure says what to install or fetch.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

from briefing.hf.resolve import INSTALL_HINT, ModelSource, fetch_instructions
from eval.errors import EnvironmentProblem, UserError


def import_hf() -> tuple[ModuleType, ModuleType]:
    """torch and transformers, imported only when a model is really needed."""
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise EnvironmentProblem(
            f"Hugging Face summarisers need torch and transformers, but {exc.name or exc} is not "
            f"installed. Install them with: {INSTALL_HINT}"
        ) from exc
    return torch, transformers


def _check_gguf_support() -> None:
    """transformers reads GGUF files through the ``gguf`` package (and places the de-quantised
    weights with ``accelerate``); say so before a long load fails halfway."""
    for package in ("gguf", "accelerate"):
        if importlib.util.find_spec(package) is None:
            raise EnvironmentProblem(
                f"args.gguf: loading a GGUF file needs the Python package {package!r}, which is "
                f"not installed. Install it with: {INSTALL_HINT}"
            )


def pick_device(torch: ModuleType, requested: str) -> Any:
    """``auto`` prefers CUDA, then Apple's MPS, then the CPU."""
    if requested == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise EnvironmentProblem(
            f"args.device: {requested!r} was asked for but torch sees no CUDA device (torch "
            f"{torch.__version__}). Use device: auto or cpu, or install a CUDA build of torch."
        )
    if requested == "mps" and not torch.backends.mps.is_available():
        raise EnvironmentProblem("args.device: 'mps' is not available here; use auto or cpu.")
    return torch.device(requested)


def pick_dtype(torch: ModuleType, requested: str, device: Any) -> Any:
    """``auto`` is bfloat16 on CUDA devices that support it, float32 everywhere else."""
    if requested != "auto":
        return getattr(torch, requested)
    if device.type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.float32


def load_model(source: ModelSource, device: Any, dtype: Any) -> tuple[Any, Any]:
    """Tokenizer and model of ``source``, in eval mode on ``device``."""
    _, transformers = import_hf()
    where: dict[str, Any] = {"revision": source.revision} if source.revision else {}
    if source.gguf_file is not None:
        _check_gguf_support()
        where["gguf_file"] = source.gguf_file
    auto = (
        transformers.AutoModelForSeq2SeqLM
        if source.kind == "seq2seq"
        else transformers.AutoModelForCausalLM
    )
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source.load_from, **where)
        model = auto.from_pretrained(source.load_from, dtype=dtype, **where)
    except OSError as exc:
        hint = ""
        if source.origin == "hub cache":
            reason = "cannot be completed offline"
            hint = " " + fetch_instructions(source.name, None, reason, incomplete=True)
        raise EnvironmentProblem(
            f"Could not load the model {source.name!r} ({source.fingerprint}): {exc}.{hint}"
        ) from exc
    except (ValueError, KeyError) as exc:
        raise UserError(
            f"args.model: transformers {transformers.__version__} cannot load {source.name!r} "
            f"as a {source.kind} language model: {exc}"
        ) from exc
    model.to(device)
    model.eval()
    return tokenizer, model
