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
    """One line per value and rating: tau and rho with their intervals, and what they cover.

    The intervals and the coverage are printed with the coefficients because a correlation over
    a few articles (a judge run on a subset) or over the briefings a judge managed to grade is
    not the same evidence as one over the whole set.
    """
    from eval.report.columns import fmt

    shown = [m for m in result["metrics"] if m in headers] or result["metrics"]
    ratings = result["ratings"]
    confidence = round(float(result.get("confidence", 0.95)) * 100)
    print(
        f"Meta-evaluation over {len(result['systems'])} rated systems and "
        f"{result['articles']} articles (tau = Kendall tau-b, rho = Spearman; "
        f"{confidence}% bootstrap intervals over articles)."
    )

    def cell(entry: dict) -> str:
        value, low, high = entry["value"], entry.get("ci_low"), entry.get("ci_high")
        interval = f" [{fmt(low, 2)}, {fmt(high, 2)}]" if low is not None else ""
        return f"{fmt(value, 2)}{interval}"

    print("\nsystem level:")
    print(f"  {'metric':<22}{'rating':<13}{'tau':<22}{'rho':<22}coverage")
    for metric in shown:
        for r in ratings:
            entry = result["system_level"][metric][r]
            covered = f"{entry['articles']} articles"
            if "briefings" in entry:
                covered += f", {entry['briefings']}/{entry['rated_briefings']} briefings"
            print(
                f"  {headers.get(metric, metric):<22}{r:<13}{cell(entry['kendall']):<22}"
                f"{cell(entry['spearman']):<22}{covered}"
            )
    print("\nsummary level (mean over articles of the correlation across systems):")
    print(f"  {'metric':<22}{'rating':<13}{'tau':<10}{'rho':<10}articles")
    for metric in shown:
        for r in ratings:
            entry = result["summary_level"][metric][r]
            tau, rho = entry["kendall"], entry["spearman"]
            print(
                f"  {headers.get(metric, metric):<22}{r:<13}{fmt(tau['value'], 2):<10}"
                f"{fmt(rho['value'], 2):<10}{tau['articles']}"
            )
