"""Several runs in one report, when and only when their numbers are comparable.

Runs are comparable when they were scored on the same articles (same ids, same data
fingerprint) with the same metric signatures; anything else is refused with a message that
names the setting that differs. Comparable runs are merged at the level of per-article scores
and re-aggregated together, so every system is tested against one baseline on one resample
matrix, exactly as if they had been evaluated in a single run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval import runfolder, stats
from eval.errors import UserError
from eval.metrics.base import MetricDescription
from eval.run.aggregate import aggregate
from eval.run.ceiling import HUMAN, summarise_ceiling
from eval.run.manifest import code_revision, package_versions
from eval.run.staging import check_writable, staged_run_folder


@dataclass
class RunFiles:
    folder: Path
    label: str
    aggregate: dict[str, Any]
    manifest: dict[str, Any]
    rows: list[dict[str, Any]]
    generations: dict[str, list[dict[str, Any]]]
    ceiling_rows: list[dict[str, Any]]
    metrics: list[MetricDescription]

    @property
    def ids(self) -> list[str]:
        return list(dict.fromkeys(row["id"] for row in self.rows))


def _label(folder: Path, manifest: dict[str, Any]) -> str:
    raw = folder.resolve().name or str(manifest.get("config", {}).get("name", "run"))
    return re.sub(r"[^a-z0-9._-]+", "-", raw.lower()).strip("-._") or "run"


def read_run(folder: Path) -> RunFiles:
    run = runfolder.read_run(Path(folder))  # the same checks and messages as a report
    return RunFiles(
        folder=folder,
        label=_label(folder, run.manifest),
        aggregate=run.aggregate,
        manifest=run.manifest,
        rows=run.rows,
        generations={system: list(by_id.values()) for system, by_id in run.generations.items()},
        ceiling_rows=run.ceiling_rows,
        metrics=run.metrics,
    )


def _ceiling_signatures(ceiling: dict[str, Any]) -> dict[str, str | None]:
    """The ceiling's signatures by metric (an older folder holds one ``signature``)."""
    if "signatures" in ceiling:
        return dict(ceiling["signatures"])
    single = ceiling.get("signature")
    return {single.split("|")[0]: single} if single else {}


def signature_parts(signature: str) -> tuple[str, dict[str, str]]:
    name, *parts = signature.split("|")
    found: dict[str, str] = {}
    for part in parts:
        key, _, value = part.partition(":")
        found[key] = value
    return name, found


def signature_difference(name: str, first: str, second: str) -> str:
    """'rouge signature differs: stem:yes vs stem:no' (every differing setting, in order)."""
    _, a = signature_parts(first)
    _, b = signature_parts(second)
    keys = list(dict.fromkeys([*a, *b]))
    diffs = [
        f"{k}:{a.get(k, '(absent)')} vs {k}:{b.get(k, '(absent)')}"
        for k in keys
        if a.get(k) != b.get(k)
    ]
    return f"{name} signature differs: {'; '.join(diffs) or f'{first} vs {second}'}"


def check_comparable(runs: list[RunFiles]) -> None:
    first = runs[0]
    for other in runs[1:]:
        pair = f"{first.folder} and {other.folder}"
        ids_a, ids_b = set(first.ids), set(other.ids)
        if ids_a != ids_b:
            only_a, only_b = sorted(ids_a - ids_b), sorted(ids_b - ids_a)
            parts = []
            if only_a:
                parts.append(f"{len(only_a)} only in {first.folder} ({', '.join(only_a[:3])}…)")
            if only_b:
                parts.append(f"{len(only_b)} only in {other.folder} ({', '.join(only_b[:3])}…)")
            raise UserError(
                f"cannot compare {pair}: article ids differ: {'; '.join(parts)}. Runs must be "
                "scored on the same articles; re-run both on the same corpus."
            )
        fp_a = first.manifest.get("data", {}).get("fingerprint")
        fp_b = other.manifest.get("data", {}).get("fingerprint")
        if fp_a != fp_b:
            raise UserError(
                f"cannot compare {pair}: data fingerprint differs: {fp_a} vs {fp_b} (same "
                "article ids, but article texts or references changed). Re-run both on the same "
                "corpus."
            )
        sig_a = first.aggregate.get("signatures", {})
        sig_b = other.aggregate.get("signatures", {})
        for name in dict.fromkeys([*sig_a, *sig_b]):
            if name not in sig_b or name not in sig_a:
                has, lacks = (first, other) if name in sig_a else (other, first)
                raise UserError(
                    f"cannot compare {pair}: metric {name!r} was scored in {has.folder} but not "
                    f"in {lacks.folder}. Use the same metrics in both configs."
                )
            if sig_a[name] != sig_b[name]:
                raise UserError(
                    f"cannot compare {pair}: {signature_difference(name, sig_a[name], sig_b[name])}"
                    f". Scores made with different settings are not comparable; re-run one with "
                    "the other's metric settings."
                )


def _system_names(runs: list[RunFiles]) -> tuple[list[tuple[RunFiles, str, str]], list[str]]:
    """(run, original id, id in the comparison) for every system kept, and notes."""
    kept: list[tuple[RunFiles, str, str]] = []
    notes: list[str] = []
    signature_of: dict[str, str] = {}
    used: set[str] = set()
    for run in runs:
        sigs = run.manifest.get("signatures", {}).get("summarisers", {})
        for system in run.aggregate["systems"]:
            signature = sigs.get(system, "")
            if system in signature_of and signature_of[system] == signature:
                notes.append(
                    f"{system} in {run.folder} has the same signature as in an earlier run; "
                    "it is shown once."
                )
                continue
            name = system if system not in used else f"{system}.{run.label}"
            counter = 2
            while name in used:
                name, counter = f"{system}.{run.label}{counter}", counter + 1
            if name != system:
                notes.append(
                    f"{system} from {run.folder} differs from an earlier {system}: shown as {name}."
                )
            used.add(name)
            signature_of.setdefault(system, signature)
            kept.append((run, system, name))
    return kept, notes


def merge_runs(runs: list[RunFiles], baseline: str | None = None) -> dict[str, Any]:
    """The merged rows, generations, aggregate and manifest of a comparison folder."""
    check_comparable(runs)
    kept, notes = _system_names(runs)
    first = runs[0]
    ids = first.ids
    rows, ceiling_rows, generations, summariser_sigs = [], [], {}, {}
    for run, system, name in kept:
        rows += [{**row, "system": name} for row in run.rows if row["system"] == system]
        ceiling_rows += [
            {**row, "system": name} for row in run.ceiling_rows if row["system"] == system
        ]
        generations[name] = run.generations.get(system, [])
        signature = run.manifest.get("signatures", {}).get("summarisers", {}).get(system, "")
        summariser_sigs[name] = signature
    human_rows = next((r.ceiling_rows for r in runs if r.ceiling_rows), [])
    ceiling_rows = [row for row in human_rows if row["system"] == HUMAN] + ceiling_rows
    systems = [name for _, _, name in kept]
    renamed = {(run.folder, system): name for run, system, name in kept}
    baseline = baseline or renamed.get((first.folder, first.aggregate.get("baseline")), systems[0])
    if baseline not in systems:
        raise UserError(
            f"--baseline {baseline!r} is not a system of these runs; choose one of "
            f"{', '.join(systems)}."
        )
    seed = int(first.aggregate["seed"])
    bootstrap = int(first.aggregate["bootstrap"])
    confidence = float(first.aggregate["confidence"])
    settings = {
        (r.aggregate["seed"], r.aggregate["bootstrap"], r.aggregate["confidence"]) for r in runs
    }
    if len(settings) > 1:
        notes.append(
            f"The runs used different seeds or resample counts; everything here is recomputed "
            f"with the first run's (seed {seed}, {bootstrap} resamples)."
        )
    budgets = {json.dumps(r.manifest.get("config", {}).get("budget"), sort_keys=True) for r in runs}
    if len(budgets) > 1:
        notes.append(
            "The runs gave their systems different length budgets; compare lengths before scores."
        )
    empty = {
        name: sum(
            1
            for g in generations[name]
            if not g.get("error") and not (g.get("summary") or "").strip()
        )
        for name in systems
    }
    indices = stats.resample_indices(len(ids), bootstrap, seed)  # one matrix, as in a run
    merged = aggregate(
        rows,
        systems=systems,
        article_ids=ids,
        baseline=baseline,
        seed=seed,
        indices=indices,
        confidence=confidence,
        empty=empty,
    )
    merged["signatures"] = dict(first.aggregate.get("signatures", {}))
    first_ceiling = next(
        (r.aggregate.get("ceiling") for r in runs if r.aggregate.get("ceiling")), None
    )
    merged["ceiling"] = None
    if first_ceiling and ceiling_rows:
        names = list(first_ceiling["systems"][HUMAN])
        with_ceiling = [s for s in systems if any(r["system"] == s for r in ceiling_rows)]
        merged["ceiling"] = summarise_ceiling(
            ceiling_rows,
            systems=with_ceiling,
            names=names,
            article_ids=ids,
            indices=indices,
            seed=seed,
            confidence=confidence,
            signatures=_ceiling_signatures(first_ceiling),
        )
    manifest = {
        "format": 1,
        "kind": "comparison",
        "config": {"name": "comparison of " + ", ".join(r.label for r in runs)},
        "seed": seed,
        "data": dict(first.manifest.get("data", {})),
        "signatures": {"summarisers": summariser_sigs, "metrics": merged["signatures"]},
        "versions": package_versions(),
        "code": code_revision(),
        "runs": [
            {
                "folder": str(r.folder),
                "name": r.manifest.get("config", {}).get("name"),
                "commit": r.manifest.get("code", {}).get("commit"),
                "dirty": r.manifest.get("code", {}).get("dirty"),
                "versions": r.manifest.get("versions", {}),
            }
            for r in runs
        ],
        "notes": notes,
    }
    return {
        "rows": rows,
        "ceiling_rows": ceiling_rows if merged["ceiling"] else [],
        "generations": generations,
        "aggregate": merged,
        "manifest": manifest,
        "metrics": first.metrics,
    }


def write_comparison(
    folders: list[Path], out: Path, *, baseline: str | None = None, overwrite: bool = False
) -> dict[str, Any]:
    if len(folders) < 2:
        raise UserError("compare needs at least two run folders.")
    runs = [read_run(folder) for folder in folders]
    merged = merge_runs(runs, baseline)
    out = Path(out)
    if out.resolve() in {Path(f).resolve() for f in folders}:
        raise UserError(f"--out {out} is one of the runs being compared; choose a new folder.")
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not overwrite:
        raise UserError(
            f"{out} already exists and is not empty; choose another --out or pass "
            "--overwrite to replace it."
        )
    check_writable(out)
    from eval.report.render import write_reports

    with staged_run_folder(out) as folder:  # appears whole, replaces --out only when complete
        runfolder.write_manifest(folder, merged["manifest"])
        runfolder.write_aggregate(folder, merged["aggregate"])
        runfolder.write_metrics(folder, merged["metrics"])
        runfolder.write_scores(folder, merged["rows"])
        runfolder.write_ceiling(folder, merged["ceiling_rows"])
        runfolder.write_generations(folder, merged["generations"])
        write_reports(folder, list(runfolder.REPORT_FORMATS))
    return merged
