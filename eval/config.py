"""YAML config -> validated ``RunConfig``; every error names the file, line and key.

YAML names plugins and their arguments and never contains code (``yaml.safe_load`` only).
Relative paths (``data``, ``cache``) are resolved against the config file's folder, so a config
means the same thing whatever directory it is run from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from briefing.base import Budget
from eval.corpus.format import ID_PATTERN
from eval.corpus.loading import DEFAULT_MAX_ARTICLE_CHARS
from eval.errors import UserError

DEFAULT_METRICS = [{"use": "rouge"}, {"use": "numbers"}, {"use": "length"}]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BudgetConfig(_Strict):
    max_sentences: int | None = Field(default=3, ge=1)
    max_words: int | None = Field(default=80, ge=1)

    def to_budget(self) -> Budget:
        return Budget(max_sentences=self.max_sentences, max_words=self.max_words)


class LimitsConfig(_Strict):
    """Sizes beyond which a text is refused rather than processed (issue 13: a 46 MB article
    or a 10 MB briefing must not hang a run). Characters, not bytes. An article (or reference)
    over ``max_article_chars`` stops the run before any work, naming it; a briefing over
    ``max_briefing_chars`` is a failure of that one article, recorded like any other."""

    max_article_chars: int = Field(default=DEFAULT_MAX_ARTICLE_CHARS, ge=1)
    max_briefing_chars: int = Field(default=20_000, ge=1)


class SummariserConfig(_Strict):
    id: str
    use: str
    args: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(
                "system ids are lower-case letters, digits, '.', '_' and '-' (they become file "
                f"names), got {value!r}"
            )
        return value


class MetricConfig(_Strict):
    use: str
    args: dict[str, Any] = Field(default_factory=dict)


class ReportConfig(_Strict):
    baseline: str | None = None
    bootstrap: int = Field(default=1000, ge=100, le=100_000)
    confidence: float = Field(default=0.95, gt=0.5, lt=1.0)
    formats: list[Literal["md", "html"]] = Field(default_factory=lambda: ["md", "html"])
    # Articles report.html shows in full (the ones that matter most); the rest are one line
    # each, so a big run's page stays small enough to open.
    drilldown: int = Field(default=50, ge=0, le=100_000)


class RunConfig(_Strict):
    name: str = "run"
    data: Path
    seed: int = 12345
    budget: BudgetConfig = Field(default_factory=BudgetConfig)
    summarisers: list[SummariserConfig] = Field(min_length=1)
    # The defaults go through the same validation as a user's list (they are plain dicts).
    metrics: list[MetricConfig] = Field(
        default_factory=lambda: [dict(m) for m in DEFAULT_METRICS], validate_default=True
    )
    report: ReportConfig = Field(default_factory=ReportConfig)
    max_failures: int = Field(default=5, ge=0)
    cache: Path | None = None
    limits: LimitsConfig = Field(default_factory=LimitsConfig)

    @model_validator(mode="after")
    def _cross_checks(self) -> RunConfig:
        seen: set[str] = set()
        for system in self.summarisers:
            if system.id in seen:
                raise ValueError(f"two summarisers share the id {system.id!r}; ids must differ")
            seen.add(system.id)
        if system_ids := [s.id for s in self.summarisers]:
            baseline = self.report.baseline
            if baseline is not None and baseline not in system_ids:
                raise ValueError(
                    f"report.baseline {baseline!r} is not a summariser id "
                    f"(ids: {', '.join(system_ids)})"
                )
        return self

    @property
    def baseline(self) -> str:
        return self.report.baseline or self.summarisers[0].id


def _line_index(node: yaml.Node, path: tuple = (), found: dict | None = None) -> dict:
    """(key, index, ...) path -> 1-based line, for every value in the YAML document."""
    found = {} if found is None else found
    found.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            found[(*path, key)] = key_node.start_mark.line + 1
            _line_index(value_node, (*path, key), found)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _line_index(child, (*path, index), found)
    return found


def _dotted(location: tuple) -> str:
    text = ""
    for piece in location:
        text += f"[{piece}]" if isinstance(piece, int) else (f".{piece}" if text else str(piece))
    return text


def _nearest_line(lines: dict, location: tuple) -> int | None:
    for cut in range(len(location), -1, -1):
        if location[:cut] in lines:
            return lines[location[:cut]]
    return None


def _cross_check_raw(data: dict, lines: dict, path: Path) -> None:
    """Duplicate system ids and an unknown baseline, reported at their own lines (the model's
    own check, which has no location, stays for configs built in code)."""
    summarisers = data.get("summarisers")
    if not isinstance(summarisers, list):
        return
    messages = []
    first: dict[str, int] = {}
    for index, entry in enumerate(summarisers):
        system_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(system_id, str):
            continue
        if system_id in first:
            line = _nearest_line(lines, ("summarisers", index, "id"))
            messages.append(
                f"{path}, line {line}, key summarisers[{index}].id: the id {system_id!r} is "
                f"already used by summarisers[{first[system_id]}]; ids must differ"
            )
        else:
            first[system_id] = index
    report = data.get("report")
    baseline = report.get("baseline") if isinstance(report, dict) else None
    if isinstance(baseline, str) and first and baseline not in first:
        line = _nearest_line(lines, ("report", "baseline"))
        messages.append(
            f"{path}, line {line}: report.baseline {baseline!r} is not a summariser id "
            f"(ids: {', '.join(first)})"
        )
    if messages:
        raise UserError("invalid config:\n  " + "\n  ".join(messages))


def parse_config(text: str, path: Path) -> RunConfig:
    """Validate YAML text; ``path`` is used for messages and to resolve relative paths."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise UserError(f"{where}: not valid YAML ({problem}).") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: a config is a YAML mapping (keys such as data, summarisers).")
    lines = _line_index(root) if root is not None else {}
    data.setdefault("name", path.stem)
    _cross_check_raw(data, lines, path)
    try:
        config = RunConfig.model_validate(data)
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            location = tuple(error["loc"])
            line = _nearest_line(lines, location)
            where = f"{path}, line {line}" if line else str(path)
            key = _dotted(location) or "(top level)"
            if error["type"] == "missing":
                detail = "is required but missing"
            elif error["type"] == "extra_forbidden":
                detail = "is not a known key (check the spelling; see configs/default.yaml)"
            else:
                detail = error["msg"].removeprefix("Value error, ")
            messages.append(f"{where}, key {key}: {detail}")
        raise UserError("invalid config:\n  " + "\n  ".join(messages)) from None
    base = path.parent
    config.data = (base / config.data).resolve() if not config.data.is_absolute() else config.data
    if config.cache is not None and not config.cache.is_absolute():
        config.cache = (base / config.cache).resolve()
    if not config.data.exists():
        line = lines.get(("data",))
        raise UserError(
            f"{path}, line {line}, key data: {config.data} does not exist. Relative paths are "
            f"read from the config file's folder ({base}); point data at a corpus folder such "
            f"as reference_summaries/."
        )
    if config.data.is_file() and config.data.suffix.lower() != ".json":
        line = lines.get(("data",))
        raise UserError(
            f"{path}, line {line}, key data: data must be a folder (one JSON file per "
            f"article), and {config.data} is a file. Import the file first, e.g. "
            f"briefing-eval import jsonl {config.data} --map source=...,reference=... --out "
            f"data/imported/NAME, and point data at that folder."
        )
    return config


def load_config(path: Path) -> tuple[RunConfig, str]:
    """The validated config and the exact text it came from (kept in the run folder)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"config file {path} not found; see configs/ for examples.") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text; re-save it as UTF-8.") from None
    except OSError as exc:
        raise UserError(f"cannot read config {path}: {exc.strerror}.") from None
    return parse_config(text, Path(path)), text


def config_line(text: str, location: tuple) -> int | None:
    """The line of a key in config text (used for errors raised while building plugins)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return _nearest_line(_line_index(root), location) if root is not None else None
