"""``briefing-eval import jsonl|csv|hf|summeval ...``: outside data -> a corpus folder.

The default output folder is under ``data/imported/``, which the repository's ``.gitignore``
excludes; every imported folder also gets its own ``.gitignore`` so that data the project does not
own stays out of git wherever it is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.corpus.importers import common, hf, summeval, tabular
from eval.errors import UserError
from eval.files import parse_date

IMPORTED_ROOT = Path("data/imported")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import outside data (JSONL, CSV, Hugging Face, SummEval) as a corpus folder",
        description="Write outside data as corpus files (one JSON file per article) in a folder "
        f"of your choice (default under {IMPORTED_ROOT}/, which git ignores). Every file records "
        "provenance and licence; the result is validated before the command succeeds.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="SOURCE", required=True)
    for kind in ("jsonl", "csv"):
        sub = kinds.add_parser(kind, help=f"a local {kind.upper()} file")
        sub.add_argument("path", type=Path, metavar="PATH")
        _mapping(sub)
        _common(sub)
    hub = kinds.add_parser("hf", help="a Hugging Face dataset via datasets.load_dataset")
    hub.add_argument("dataset", metavar="DATASET", help="e.g. cnn_dailymail, or a local folder")
    hub.add_argument("--config", help="dataset configuration, e.g. 3.0.0")
    hub.add_argument("--split", required=True, help="e.g. test")
    _mapping(hub)
    _common(hub)
    sev = kinds.add_parser("summeval", help="the SummEval file (articles, outputs, ratings)")
    sev.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=summeval.DEFAULT_PATH,
        metavar="PATH",
        help="default: %(default)s",
    )
    _common(sev, licence=False)
    parser.set_defaults(func=run)


def _mapping(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--map",
        required=True,
        metavar="FIELD=COLUMN,...",
        help="source=COL,reference=COL[,reference=COL2][,id=COL,title=COL,published=COL,url=COL,"
        "topic=COL]; a JSON list in a reference column gives several references",
    )
    parser.add_argument("--provenance", help="where the data comes from (kept in every file)")


def _common(parser: argparse.ArgumentParser, *, licence: bool = True) -> None:
    parser.add_argument("--out", type=Path, help=f"output folder (default: {IMPORTED_ROOT}/NAME)")
    parser.add_argument("--limit", type=int, help="import at most N rows")
    parser.add_argument(
        "--published",
        help="publication date for rows without one, YYYY-MM-DD (recorded as assumed)",
    )
    if licence:
        parser.add_argument(
            "--licence", help="licence of the data (kept in every file; default: unknown)"
        )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace article files already in --out"
    )


def _default_name(args: argparse.Namespace) -> str:
    if args.kind == "summeval":
        return "summeval"
    if args.kind == "hf":
        return common.sanitise_id(f"{Path(args.dataset).name}-{args.split}")
    return common.sanitise_id(args.path.stem)


def run(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit must be at least 1 (got {args.limit})")
    out: Path = args.out or IMPORTED_ROOT / _default_name(args)
    common.check_out_folder(out, args.overwrite)  # refuse before reading a large source
    published = parse_date(args.published, "--published") if args.published else None
    extra: dict[str, str] = {}
    undated = False  # no date column and no --published: noted after the import
    if args.kind == "summeval":
        if not args.path.exists():
            raise UserError(
                f"{args.path} not found: pass the path of summeval.jsonl (the project's copy is "
                "in ../shared/data/summeval/ beside the repository)"
            )
        result, extra, description = summeval.import_summeval(
            args.path, limit=args.limit, published=published
        )
    else:
        mapping = common.parse_map(args.map)
        undated = published is None and "published" not in mapping.optional
        if args.kind == "hf":
            rows, facts = hf.load_rows(
                args.dataset, config=args.config, split=args.split, limit=args.limit
            )
            origin = (
                f"Hugging Face dataset {facts['dataset']}"
                f"{' config ' + facts['config'] if facts['config'] else ''} split {facts['split']}"
                f" (fingerprint {facts['fingerprint'] or 'unknown'})"
            )
            licence = args.licence or facts["licence"] or common.UNKNOWN_LICENCE
        else:
            reader = tabular.read_jsonl if args.kind == "jsonl" else tabular.read_csv
            rows = reader(args.path, args.limit)
            origin = f"{args.path.name} ({common.file_digest(args.path)})"
            licence = args.licence or common.UNKNOWN_LICENCE
        provenance = f"imported by briefing-eval import {args.kind} from {origin}"
        if args.provenance:
            provenance = f"{args.provenance.strip()}; {provenance}"
        records = (
            common.map_row(row, mapping, where, f"{_default_name(args)}-{index:06d}")
            for index, (row, where) in enumerate(rows)
        )
        result = common.build_articles(
            records, provenance=provenance, licence=licence, published=published
        )
        description = [f"Source: {origin}.", f"Licence: {licence}.", f"Column map: {args.map}."]
    written = common.write_collection(
        out, result, description=description, extra_files=extra, overwrite=args.overwrite
    )
    n_refs = sum(len(a.references) for a in result.articles)
    print(
        f"imported {len(result.articles)} articles, {n_refs} references into {out} "
        f"({len(written)} files; provenance in {out / 'PROVENANCE.md'}; git-ignored via "
        f"{out / '.gitignore'})"
    )
    if result.skipped:
        print(f"skipped {len(result.skipped)} row(s):")
        for line in result.skipped[:10]:
            print(f"  {line}")
        if len(result.skipped) > 10:
            print(f"  ... and {len(result.skipped) - 10} more (all listed in PROVENANCE.md)")
    for note in result.notes[:10]:
        print(f"note: {note}")
    if undated:
        print(
            "note: no publication dates (map a date column with --map ...,published=COLUMN or "
            "pass --published YYYY-MM-DD): relative dates such as 'Monday' are compared as "
            "written; every file records that it has no date"
        )
    if licence_unknown(result):
        print("warning: licence unknown; pass --licence once you know the data's terms")
    print(f"check it with: briefing-eval validate --quality {out}")
    return 0


def licence_unknown(result: common.ImportResult) -> bool:
    return any(a.source.licence == common.UNKNOWN_LICENCE for a in result.articles)
