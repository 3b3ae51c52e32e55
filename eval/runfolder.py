"""The run folder: the only code that knows its file names, and how each file is written and read.

``run`` writes a folder, ``report``, ``compare`` and ``meta-eval`` read one back; all of them go
through here, so a file's name and format live in one place::

    config.yaml                the config exactly as given
    manifest.json              resolved config, signatures, versions, commit, data fingerprint
    metrics.json               every metric's self-description (values, labels, scales,
                               direction, what it compares with): the report is drawn from it
    generations/<system>.jsonl one line per article
    scores.jsonl               one row per system and article: every value, evidence
    aggregate.json             means, intervals, paired tests, the human ceiling's summary
    ceiling.jsonl              leave-one-out rows of the human ceiling
    meta_eval.json             after ``briefing-eval meta-eval``
    report.md, report.html, leaderboard.csv

Writing is atomic per file (``eval.files``); a whole run appears at once through
``eval.run.staging``. A run folder written before ``metrics.json`` existed still reads: the
descriptions of the built-in metrics are rebuilt from the metric names in its signatures.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.errors import EnvironmentProblem, UserError
from eval.files import atomic_write_text, dump_json_lines, read_json_lines
from eval.metrics.base import MetricDescription, Value

CONFIG = "config.yaml"
MANIFEST = "manifest.json"
METRICS = "metrics.json"
GENERATIONS = "generations"
SCORES = "scores.jsonl"
AGGREGATE = "aggregate.json"
CEILING = "ceiling.jsonl"
META_EVAL = "meta_eval.json"
LEADERBOARD = "leaderboard.csv"
REPORT_FORMATS = ("md", "html")
METRICS_FORMAT = 1


def report_path(folder: Path, fmt: str) -> Path:
    return Path(folder) / f"report.{fmt}"


def generations_path(folder: Path, system: str) -> Path:
    return Path(folder) / GENERATIONS / f"{system}.jsonl"


# --- writing -------------------------------------------------------------------------------


def _json_text(data: Any, *, ascii_only: bool) -> str:
    return json.dumps(data, indent=2, ensure_ascii=ascii_only) + "\n"


def write_config(folder: Path, text: str) -> None:
    atomic_write_text(Path(folder) / CONFIG, text)


def write_generations(folder: Path, records: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    for system, rows in records.items():
        atomic_write_text(generations_path(folder, system), dump_json_lines(rows))


def write_scores(folder: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    atomic_write_text(Path(folder) / SCORES, dump_json_lines(rows))


def write_ceiling(folder: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """ceiling.jsonl, only when there is a ceiling (an absent file reads as no rows)."""
    if rows:
        atomic_write_text(Path(folder) / CEILING, dump_json_lines(rows))


def write_aggregate(folder: Path, aggregate: Mapping[str, Any]) -> None:
    atomic_write_text(Path(folder) / AGGREGATE, _json_text(aggregate, ascii_only=False))


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> None:
    atomic_write_text(Path(folder) / MANIFEST, _json_text(manifest, ascii_only=True))


def write_metrics(folder: Path, descriptions: Sequence[MetricDescription]) -> None:
    data = {"format": METRICS_FORMAT, "metrics": [d.to_json() for d in descriptions]}
    atomic_write_text(Path(folder) / METRICS, _json_text(data, ascii_only=False))


def write_meta_eval(folder: Path, result: Mapping[str, Any]) -> None:
    atomic_write_text(Path(folder) / META_EVAL, _json_text(result, ascii_only=True))


# --- reading -------------------------------------------------------------------------------


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, back as it was afterwards.

    Reading a run makes several objects per claim and row and keeps them all: the collections
    their allocations trigger walk everything read so far again, so with the collector on,
    reading (and building a report from) a run can grow faster than linear in its size (issue
    14 measured 74 -> 229 us per article from 300 to 10,000 articles, flat with it off; a
    10,000-article report build ran 3,493 collections, none now). What is read holds no
    reference cycles, so reference counting frees it without the collector.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_json(path: Path) -> Any:
    """A run folder's JSON file, or a message saying the folder is not a finished run."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"{path} not found: {Path(path).parent} is not a finished run folder (it needs "
            f"{AGGREGATE}, {MANIFEST} and {SCORES}; 'briefing-eval run' writes them)."
        ) from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg}).") from None


def read_manifest(folder: Path) -> dict[str, Any]:
    return read_json(Path(folder) / MANIFEST)


def read_aggregate(folder: Path) -> dict[str, Any]:
    return read_json(Path(folder) / AGGREGATE)


def read_scores(folder: Path) -> list[dict[str, Any]]:
    path = Path(folder) / SCORES
    if not path.exists():
        read_json(path)  # raises the 'not a finished run' message
    return read_json_lines(path)


def builtin_descriptions(names: Sequence[str]) -> list[MetricDescription]:
    """Descriptions of the built-in metrics among ``names``, built with default arguments: how
    a run folder from before ``metrics.json`` is shown (values it lacks are dropped later)."""
    from briefing import registry
    from eval.metrics.base import describe

    found = []
    for name in names:
        if name not in registry.BUILTIN_METRICS:
            continue
        try:
            metric = registry.metrics.build(name, {}, where=f"built-in metric {name!r}")
        except (UserError, EnvironmentProblem, TypeError):
            continue  # one that needs arguments: its values are shown undescribed (CSV only)
        found.append(describe(metric))
    return found


def read_metric_descriptions(folder: Path, aggregate: Mapping[str, Any]) -> list[MetricDescription]:
    """What ``metrics.json`` recorded, or the built-ins' descriptions for an older folder."""
    path = Path(folder) / METRICS
    if path.exists():
        data = read_json(path)
        try:
            return [MetricDescription.from_json(entry) for entry in data["metrics"]]
        except (KeyError, TypeError) as exc:
            raise UserError(
                f"{path}: not a metrics description written by briefing-eval ({exc}); re-run "
                f"the evaluation, or delete {path.name} to fall back to the built-in metrics."
            ) from None
    return builtin_descriptions(list(aggregate.get("signatures", {})))


def stored_value_names(aggregate: Mapping[str, Any]) -> list[str]:
    """Every value name in the aggregate, in first-seen order."""
    return list(dict.fromkeys(n for values in aggregate["systems"].values() for n in values))


def values_of(
    descriptions: Sequence[MetricDescription], present: Sequence[str]
) -> list[tuple[MetricDescription, Value]]:
    """(metric, value) for every value that was actually produced, in the metrics' order,
    then values nobody described (shown in the CSV only)."""
    produced = set(present)
    found = [(d, v) for d in descriptions for v in d.values if v.name in produced]
    described = {v.name for _, v in found}
    other = MetricDescription("undescribed", "source", True, ())
    found += [(other, Value.undescribed(n)) for n in present if n not in described]
    return found


@dataclass
class RunFolder:
    """Everything a finished run folder holds, read back."""

    folder: Path
    aggregate: dict[str, Any]
    manifest: dict[str, Any]
    rows: list[dict[str, Any]]
    generations: dict[str, dict[str, dict[str, Any]]]  # system -> article id -> record
    ceiling_rows: list[dict[str, Any]]
    metrics: list[MetricDescription]
    meta_eval: dict[str, Any] | None = None


def read_run(folder: Path) -> RunFolder:
    """Read a finished run (or comparison) folder; a message a user can act on otherwise."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(
            f"{folder} is not a folder; pass a run folder written by 'briefing-eval run'."
        )
    with paused_gc():
        return _read_run(folder)


def _read_run(folder: Path) -> RunFolder:
    aggregate = read_aggregate(folder)
    manifest = read_manifest(folder)
    rows = read_scores(folder)
    generations = {
        system: {r["id"]: r for r in read_json_lines(generations_path(folder, system))}
        for system in aggregate["systems"]
    }
    meta_path = folder / META_EVAL
    return RunFolder(
        folder=folder,
        aggregate=aggregate,
        manifest=manifest,
        rows=rows,
        generations=generations,
        ceiling_rows=read_json_lines(folder / CEILING),
        metrics=read_metric_descriptions(folder, aggregate),
        meta_eval=read_json(meta_path) if meta_path.exists() else None,
    )
