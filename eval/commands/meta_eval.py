"""``briefing-eval meta-eval RUN_DIR --ratings RATINGS.jsonl``: how well each metric agrees
with expert ratings, at system and summary level; written beside the run and into its report."""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.errors import EXIT_OK, UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "meta-eval",
        help="correlate a run's metrics with human ratings",
        description=(
            "System-level Kendall tau and Spearman rho between each metric and expert ratings "
            "(consistency, relevance, coherence, fluency), with bootstrap intervals over "
            "articles, and summary-level correlations averaged over articles. Writes "
            "meta_eval.json into the run folder and adds the section to its report."
        ),
    )
    parser.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a finished run folder")
    parser.add_argument(
        "--ratings",
        type=Path,
        help='JSON lines {"id", "system", "consistency", "relevance", ...} (default: '
        "ratings.jsonl in the run's data folder, where 'briefing-eval import summeval' puts it)",
    )
    parser.add_argument(
        "--metrics", nargs="+", help="value names to correlate (default: every metric value)"
    )
    parser.add_argument(
        "--no-report", action="store_true", help="write meta_eval.json only; leave the report"
    )
    parser.set_defaults(func=run)


def _default_ratings(run_dir: Path) -> Path:
    from eval import runfolder

    manifest = runfolder.read_manifest(run_dir)
    data = manifest.get("data", {}).get("path")
    candidate = Path(data) / "ratings.jsonl" if data else None
    if candidate is None or not candidate.exists():
        raise UserError(
            f"no --ratings given and no ratings.jsonl beside the run's data ({data}); pass "
            "--ratings RATINGS.jsonl."
        )
    return candidate


def run(args: argparse.Namespace) -> int:
    from eval import runfolder
    from eval.meta_eval import file_digest, load_ratings, meta_evaluate

    run_dir: Path = args.run_dir
    aggregate = runfolder.read_aggregate(run_dir)
    ratings_path = args.ratings or _default_ratings(run_dir)
    ratings, names = load_ratings(ratings_path)
    rows = runfolder.read_scores(run_dir)
    if args.metrics:
        known = {k for row in rows for k in row}
        unknown = [m for m in args.metrics if m not in known]
        if unknown:
            raise UserError(
                f"--metrics: {', '.join(unknown)} not in {run_dir / runfolder.SCORES}; known: "
                f"{', '.join(sorted(known - {'system', 'id', 'error', 'evidence'}))}."
            )
    result = meta_evaluate(
        rows,
        ratings,
        names,
        seed=int(aggregate["seed"]),
        bootstrap=int(aggregate["bootstrap"]),
        confidence=float(aggregate["confidence"]),
        metrics=args.metrics,
    )
    result["ratings_file"] = ratings_path.name
    result["ratings_sha256"] = file_digest(ratings_path)
    runfolder.write_meta_eval(run_dir, result)
    _print_table(result, _labels(run_dir, aggregate))
    if not args.no_report:
        from eval.report import write_reports

        formats = [
            f for f in runfolder.REPORT_FORMATS if runfolder.report_path(run_dir, f).exists()
        ]
        write_reports(run_dir, formats or list(runfolder.REPORT_FORMATS))
        print(f"Report: {runfolder.report_path(run_dir, 'html')}")
    print(f"Correlations: {run_dir / runfolder.META_EVAL}")
    return EXIT_OK


def _labels(run_dir: Path, aggregate: dict) -> dict[str, str]:
    """Label of every value the report's tables show, from the run's metric descriptions."""
    from eval import runfolder

    described = runfolder.values_of(
        runfolder.read_metric_descriptions(run_dir, aggregate),
        runfolder.stored_value_names(aggregate),
    )
    return {value.name: value.label for _, value in described if value.leaderboard}


def _print_table(result: dict, headers: dict[str, str]) -> None:
    from eval.report.data import fmt

    shown = [m for m in result["metrics"] if m in headers] or result["metrics"]
    ratings = result["ratings"]
    print(
        f"Meta-evaluation over {len(result['systems'])} rated systems and "
        f"{result['articles']} articles (tau = Kendall tau-b, rho = Spearman)."
    )
    for level in ("system_level", "summary_level"):
        print(f"\n{level.replace('_', ' ')}:")
        print(f"  {'metric':<20}" + "".join(f"{r[:11] + ' tau':>16}{'rho':>7}" for r in ratings))
        for metric in shown:
            cells = result[level][metric]
            line = f"  {headers.get(metric, metric):<20}"
            for r in ratings:
                tau, rho = cells[r]["kendall"]["value"], cells[r]["spearman"]["value"]
                line += f"{fmt(tau, 2):>16}{fmt(rho, 2):>7}"
            print(line)
