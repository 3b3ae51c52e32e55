"""``briefing-eval run CONFIG``: generate, score and report in one command."""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.errors import EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run an evaluation from a YAML config",
        description="Generate briefings (cached), score them, write a run folder and a report.",
    )
    parser.add_argument("config", type=Path, help="YAML config, e.g. configs/default.yaml")
    parser.add_argument("--out", type=Path, help="run folder (default: runs/<name>-<time>)")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace --out if it already exists"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars or summary")
    parser.add_argument(
        "--cache",
        type=Path,
        help="generation cache folder (default: $BRIEFING_EVAL_CACHE or ~/.cache/briefing-eval)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="regenerate everything and store nothing"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes used for scoring (default: all cores); never changes a number",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from eval import runfolder
    from eval.run.runner import RunOptions, run_evaluation

    result = run_evaluation(
        args.config,
        RunOptions(
            out=args.out,
            overwrite=args.overwrite,
            quiet=args.quiet,
            use_cache=not args.no_cache,
            cache_dir=args.cache,
            workers=args.workers,
        ),
    )
    if not args.quiet:
        print_summary(result.out, result.aggregate, result.failures)
    print(f"Report: {runfolder.report_path(result.out, 'html')}")
    print(f"        {runfolder.report_path(result.out, 'md')}")
    return EXIT_OK


def print_summary(out: Path, aggregate: dict, failures: dict[str, int]) -> None:
    """Per system, each metric's first quality value (as the run folder describes it)."""
    from eval import runfolder
    from eval.report.columns import fmt

    described = runfolder.values_of(
        runfolder.read_metric_descriptions(out, aggregate), runfolder.stored_value_names(aggregate)
    )
    headline = {}
    for metric, value in described:
        if value.leaderboard and value.higher_is_better is not None:
            headline.setdefault(metric.name, value)
    systems = aggregate["systems"]
    print(f"Evaluated {len(systems)} system(s) on {aggregate['articles']} articles.")
    for system, stats in systems.items():
        shown = []
        for value in headline.values():
            mean = stats.get(value.name, {}).get("mean")
            if mean is not None:
                shown.append(f"{value.label} {fmt(mean * value.scale, value.digits)}")
        failed = failures.get(system, 0)
        extra = f" ({failed} failed)" if failed else ""
        print(f"  {system}: {', '.join(shown)}{extra}")
