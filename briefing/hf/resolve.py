"""Pinning a Hugging Face model down to exact files, without torch.

A summariser's signature must name the exact model (a commit hash, the sha256 of a GGUF file,
or a digest of a local folder), and computing it must be cheap: this module reads a few small
JSON files (or a GGUF header) and never imports torch or touches the weights. Resolution talks
to the Hub at most once, with a short timeout, and otherwise uses the local cache; loading
(``briefing.hf.loading``) then reads from the resolved snapshot so the weights used are the
ones the signature names.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from briefing.hf.gguf import file_sha256, read_header, resolve_gguf
from eval.errors import EnvironmentProblem, UserError

INSTALL_HINT = "pip install 'briefing-eval[hf]' torch==2.13.0"

# Small files that say what a model is and how its tokenizer and chat template behave.
DESCRIPTION_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "chat_template.jinja",
    "chat_template.json",
)
# Hub look-ups give up after this many seconds (HF_HUB_ETAG_TIMEOUT, the Hub's own knob).
DEFAULT_HUB_TIMEOUT_S = 10.0
# Model types whose config may omit ``is_encoder_decoder`` although they are seq2seq.
SEQ2SEQ_TYPES = frozenset(
    {
        "bart",
        "mbart",
        "t5",
        "mt5",
        "umt5",
        "longt5",
        "pegasus",
        "pegasus_x",
        "led",
        "marian",
        "bigbird_pegasus",
        "prophetnet",
        "blenderbot",
        "blenderbot-small",
        "m2m_100",
        "fsmt",
        "plbart",
        "switch_transformers",
        "encoder-decoder",
    }
)
_WHOLE_FILE_LIMIT = 64 * 1024 * 1024
_SAMPLE = 1024 * 1024
_TRUE = {"1", "on", "yes", "true"}


def _import_hub() -> ModuleType:
    try:
        import huggingface_hub
        import huggingface_hub.constants
        import huggingface_hub.errors
    except ImportError as exc:
        raise EnvironmentProblem(
            f"Hugging Face summarisers need huggingface_hub, which is not installed. "
            f"Install it with: {INSTALL_HINT}"
        ) from exc
    return huggingface_hub


@dataclass(frozen=True)
class ModelSource:
    """A model pinned down: where its files are and how to name it in a signature."""

    name: str  # as written in the config
    folder: Path  # holds config.json and the tokenizer files
    load_from: str  # what from_pretrained gets: a folder, or a Hub id when downloading
    revision: str | None  # commit hash for from_pretrained when ``load_from`` is a Hub id
    fingerprint: str  # commit hash, or "local-sha256:..." for a folder
    origin: str  # "folder", "hub" (downloading) or "hub cache" (offline)
    config: dict[str, Any] = field(repr=False)
    tokenizer_config: dict[str, Any] = field(repr=False)
    gguf_file: str | None = None  # file name inside ``folder`` when the model is one GGUF file

    @property
    def kind(self) -> str:
        """``seq2seq`` or ``causal``, from the config, as transformers decides it."""
        flag = self.config.get("is_encoder_decoder")
        if isinstance(flag, bool):
            return "seq2seq" if flag else "causal"
        return "seq2seq" if self.config.get("model_type") in SEQ2SEQ_TYPES else "causal"

    @property
    def has_chat_template(self) -> bool:
        return (
            (self.folder / "chat_template.jinja").is_file()
            or (self.folder / "chat_template.json").is_file()
            or bool(self.tokenizer_config.get("chat_template"))
        )

    def context_limits(self) -> tuple[int | None, int | None]:
        """(hard limit, default truncation length) of the model input, in tokens.

        The hard limit comes from absolute position embeddings; models with relative positions
        (T5) have none, only the length their tokenizer was configured for.
        """
        hard = None
        if "relative_attention_num_buckets" not in self.config:
            sizes = [
                self.config[k]
                for k in ("max_position_embeddings", "n_positions", "max_seq_len", "seq_length")
                if isinstance(self.config.get(k), int) and self.config[k] > 0
            ]
            hard = min(sizes) if sizes else None
        declared = self.tokenizer_config.get("model_max_length")
        soft = declared if isinstance(declared, int) and 0 < declared < 10**7 else None
        if soft is None and "n_positions" in self.config:
            soft = self.config["n_positions"]
        candidates = [n for n in (hard, soft) if n is not None]
        return hard, (min(candidates) if candidates else None)


def resolve_model(
    name: str, revision: str | None, base_dir: str | Path | None = None
) -> ModelSource:
    """Pin ``name`` (a folder or a Hub id) to exact files, failing fast when it cannot be had.

    A relative folder is looked up beside the config first (``base_dir``), then in the
    working directory; anything that is not a folder is a Hub id.
    """
    path = Path(name).expanduser()
    if not path.is_absolute() and base_dir is not None and (Path(base_dir) / path).is_dir():
        path = Path(base_dir) / path
    if path.is_dir():
        if revision is not None:
            raise UserError(
                f"args.revision: {name!r} is a local folder, which has no revisions; remove "
                f"'revision' or point 'model' at a Hub id."
            )
        return _source(name, path, str(path), None, fingerprint_folder(path), "folder")
    if _looks_like_path(name):
        raise UserError(
            f"args.model: {name!r} is not a folder (relative folders are read from the config's "
            f"folder). Point 'model' at a folder written "
            f"by save_pretrained or 'hf download MODEL --local-dir DIR', or at a Hub id such as "
            f"'sshleifer/distilbart-cnn-12-6'."
        )
    return _resolve_hub(name, revision)


def resolve_gguf_model(name: str, base_dir: str | Path | None = None) -> ModelSource:
    """Pin a GGUF file: its sha256 is the fingerprint, its header says what the model is.

    Only decoder-only architectures come as GGUF files, so the kind is always ``causal``; the
    chat template and context length are read from the header, never from the weights.
    """
    path = resolve_gguf(name, base_dir)
    header = read_header(path)
    config: dict[str, Any] = {"model_type": header.architecture, "is_encoder_decoder": False}
    if header.context_length is not None:
        config["max_position_embeddings"] = header.context_length
    tokenizer_config = {"chat_template": header.chat_template} if header.chat_template else {}
    return ModelSource(
        name=name,
        folder=path.parent,
        load_from=str(path.parent),
        revision=None,
        fingerprint=f"sha256:{file_sha256(path)}",
        origin="gguf",
        config=config,
        tokenizer_config=tokenizer_config,
        gguf_file=path.name,
    )


def hub_offline() -> bool:
    hub = _import_hub()
    env = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return hub.constants.is_offline_mode() or env.strip().lower() in _TRUE


def _resolve_hub(name: str, revision: str | None) -> ModelSource:
    hub = _import_hub()
    errors = hub.errors
    if hub_offline():
        reason = "HF_HUB_OFFLINE is set, so the Hub is not asked"
    else:
        timeout = float(os.environ.get("HF_HUB_ETAG_TIMEOUT") or DEFAULT_HUB_TIMEOUT_S)
        try:
            info = hub.HfApi().model_info(name, revision=revision, timeout=timeout)
        except errors.RevisionNotFoundError as exc:
            raise UserError(
                f"args.revision: the model {name!r} has no revision {revision!r} on the Hub. "
                f"Use a branch, tag or commit hash listed on its page."
            ) from exc
        except errors.RepositoryNotFoundError as exc:
            raise EnvironmentProblem(
                f"The model {name!r} was not found on the Hugging Face Hub (or it is private or "
                f"gated). Check the name; for a gated model accept its terms on the Hub and run "
                f"'hf auth login'."
            ) from exc
        except Exception as exc:  # any network failure: use the cache
            reason = f"the Hub could not be reached ({type(exc).__name__}: {exc})"
        else:
            present = {sibling.rfilename for sibling in info.siblings or ()}
            if "config.json" not in present:
                raise UserError(
                    f"args.model: {name!r} on the Hub has no config.json; it is not a "
                    f"transformers model."
                )
            try:
                for filename in DESCRIPTION_FILES:
                    if filename in present:
                        hub.hf_hub_download(name, filename, revision=info.sha)
                folder = Path(hub.hf_hub_download(name, "config.json", revision=info.sha)).parent
            except Exception as exc:
                raise EnvironmentProblem(
                    f"Downloading the configuration of {name!r} from the Hub failed: {exc}"
                ) from exc
            return _source(name, folder, name, info.sha, str(info.sha), "hub")
    try:
        snapshot = Path(hub.snapshot_download(name, revision=revision, local_files_only=True))
    except (errors.LocalEntryNotFoundError, FileNotFoundError, OSError) as exc:
        raise EnvironmentProblem(fetch_instructions(name, revision, reason)) from exc
    if not (snapshot / "config.json").is_file():
        raise EnvironmentProblem(fetch_instructions(name, revision, reason, incomplete=True))
    # A cached snapshot folder is named after its commit; load it directly, never via the Hub.
    return _source(name, snapshot, str(snapshot), None, snapshot.name, "hub cache")


def fetch_instructions(
    name: str, revision: str | None, reason: str, *, incomplete: bool = False
) -> str:
    pin = f" --revision {revision}" if revision else ""
    state = "is only partly in" if incomplete else "is not in"
    return (
        f"The model {name!r}{f' at revision {revision!r}' if revision else ''} {state} the local "
        f"Hugging Face cache and {reason}. On a machine with internet access run "
        f"'hf download {name}{pin}' (older huggingface_hub: 'huggingface-cli download "
        f"{name}{pin}') and copy the cache folder (~/.cache/huggingface/hub, or $HF_HUB_CACHE) "
        f"here, or run 'hf download {name}{pin} --local-dir DIR' and set 'model: DIR' in the "
        f"config."
    )


def _looks_like_path(name: str) -> bool:
    return (
        name.startswith(("/", "./", "../", "~", ".\\"))
        or "\\" in name
        or name.count("/") > 1
        or Path(name).exists()
    )


def _source(
    name: str, folder: Path, load_from: str, revision: str | None, fingerprint: str, origin: str
) -> ModelSource:
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise UserError(
            f"args.model: {name!r} has no config.json, so it is not a transformers model folder. "
            f"Write one with save_pretrained or 'hf download MODEL --local-dir DIR'."
        )
    return ModelSource(
        name=name,
        folder=folder,
        load_from=load_from,
        revision=revision,
        fingerprint=fingerprint,
        origin=origin,
        config=_read_json(config_path, name),
        tokenizer_config=_read_json(folder / "tokenizer_config.json", name, missing_ok=True),
    )


def _read_json(path: Path, name: str, *, missing_ok: bool = False) -> dict[str, Any]:
    if missing_ok and not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"args.model: cannot read {path} of {name!r}: {exc}") from exc
    if not isinstance(data, dict):
        raise UserError(f"args.model: {path} of {name!r} is not a JSON object.")
    return data


def fingerprint_folder(folder: Path) -> str:
    """A digest that changes when a local model's files change, cheap enough for a signature.

    Small files (configs, tokenizers, templates) are hashed whole. Weight files can be gigabytes,
    so they contribute their size plus their first, middle and last MiB: retraining or
    re-quantising touches every part of a weight file, and the safetensors header at the start
    lists every tensor's name, shape and dtype. Paths are relative, so a moved copy keeps its
    fingerprint.
    """
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        size = path.stat().st_size
        digest.update(f"{path.relative_to(folder).as_posix()}\0{size}\0".encode())
        with path.open("rb") as handle:
            if size <= _WHOLE_FILE_LIMIT:
                digest.update(handle.read())
                continue
            for offset in (0, size // 2, size - _SAMPLE):
                handle.seek(offset)
                digest.update(handle.read(_SAMPLE))
    return f"local-sha256:{digest.hexdigest()[:16]}"
