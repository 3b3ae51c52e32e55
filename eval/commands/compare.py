"""``briefing-eval compare RUN_DIR RUN_DIR ... --out DIR``: several runs in one report."""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.errors import EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="put several runs side by side in one report",
        description=(
            "Merge finished runs into one report, re-testing every system against one baseline "
            "on one resample matrix. The runs must share article ids, data fingerprint and "
            "metric signatures; otherwise the command exits 2 naming the setting that differs."
        ),
    )
    parser.add_argument("runs", nargs="+", type=Path, metavar="RUN_DIR", help="run folders")
    parser.add_argument("--out", type=Path, required=True, help="folder for the comparison")
    parser.add_argument(
        "--baseline", help="system to test against (default: the first run's baseline)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from eval.report.compare import write_comparison

    merged = write_comparison(args.runs, args.out, baseline=args.baseline, overwrite=args.overwrite)
    systems = merged["aggregate"]["systems"]
    print(
        f"Compared {len(systems)} system(s) from {len(args.runs)} runs on "
        f"{merged['aggregate']['articles']} articles."
    )
    for note in merged["manifest"]["notes"]:
        print(f"  note: {note}")
    print(f"Report: {args.out / 'report.html'}")
    print(f"        {args.out / 'report.md'}")
    return EXIT_OK
