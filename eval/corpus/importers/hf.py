"""Any Hugging Face dataset, through ``datasets.load_dataset``, as rows.

Offline use must fail at once with a message, not after half a minute of retries: unless the
name is a local folder or file, or offline mode is on (then ``datasets`` uses its cache or
fails quickly), the Hub is probed with one short connection first.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

from eval.errors import EnvironmentProblem, UserError

Loader = Callable[..., object]
PROBE_TIMEOUT_S = 3.0
_OFFLINE_VARS = ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE")


def _offline_mode() -> bool:
    return any(
        os.environ.get(var, "").strip().lower() in {"1", "true", "yes", "on"}
        for var in _OFFLINE_VARS
    )


def _hub_host() -> tuple[str, int]:
    parsed = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    return parsed.hostname or "huggingface.co", parsed.port or 443


def probe_hub(timeout: float = PROBE_TIMEOUT_S) -> None:
    """Raise EnvironmentProblem within ``timeout`` seconds if the Hub cannot be reached."""
    host, port = _hub_host()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot reach the Hugging Face Hub ({host}: {exc.strerror or exc}). If the dataset "
            "is already in your datasets cache, run again with HF_DATASETS_OFFLINE=1 to use it; "
            "otherwise download it on a connected machine, or import a local copy with "
            "'briefing-eval import jsonl|csv' or 'briefing-eval import hf PATH_TO_FOLDER'."
        ) from exc


def _default_loader() -> Loader:
    try:
        from datasets import load_dataset
    except ImportError as exc:
        raise EnvironmentProblem(
            "importing from Hugging Face needs the 'datasets' package: "
            "pip install 'briefing-eval[hf]' (or pip install datasets)"
        ) from exc
    return load_dataset


def load_rows(
    name: str,
    *,
    config: str | None,
    split: str,
    limit: int | None,
    loader: Loader | None = None,
    probe: Callable[[], None] | None = probe_hub,
) -> tuple[Iterator[tuple[dict, str]], dict[str, str]]:
    """(rows with "name split row N", facts for provenance: version, fingerprint, licence)."""
    local = Path(name).exists()
    if loader is None:
        loader = _default_loader()
        if not local and not _offline_mode() and probe is not None:
            probe()
    # Slicing in the split name spares datasets from preparing rows we would drop; a split that
    # is already sliced ("test[:10%]") is passed as is and cut after loading.
    wanted = split if limit is None or "[" in split else f"{split}[:{limit}]"
    try:
        dataset = loader(name, config, split=wanted) if config else loader(name, split=wanted)
    except (ConnectionError, TimeoutError) as exc:
        raise EnvironmentProblem(
            f"could not load {name!r} from the Hugging Face Hub ({exc}). Offline, only datasets "
            "already in the cache load (with HF_DATASETS_OFFLINE=1); or import a local copy."
        ) from exc
    except FileNotFoundError as exc:
        raise UserError(f"no dataset {name!r} ({exc}); check the name or the local path") from exc
    except ValueError as exc:  # unknown split / config names
        raise UserError(f"could not load {name!r} split {split!r}: {exc}") from exc
    if not hasattr(dataset, "column_names") or not hasattr(dataset, "__len__"):
        raise UserError(f"{name!r} did not give one split; pass --split (e.g. --split test)")
    total = len(dataset)
    count = total if limit is None else min(limit, total)
    label = f"{name}{'/' + config if config else ''} {split}"

    def rows() -> Iterator[tuple[dict, str]]:
        for index in range(count):
            yield dict(dataset[index]), f"{label} row {index}"

    info = getattr(dataset, "info", None)
    facts = {
        "dataset": name,
        "config": config or "",
        "split": split,
        "rows": str(count),
        "fingerprint": str(getattr(dataset, "_fingerprint", "") or ""),
        "licence": str(getattr(info, "license", "") or "").strip(),
    }
    return rows(), facts
