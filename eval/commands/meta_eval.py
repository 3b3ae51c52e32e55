"""``briefing-eval meta-eval RUN_DIR --ratings RATINGS.jsonl``: how well each metric agrees
with expert ratings, at system and summary level; written beside the run and into its report."""

from __future__ import annotations

import argparse
import json
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
    from eval.report.data import read_json

    manifest = read_json(run_dir / "manifest.json")
    data = manifest.get("data", {}).get("path")
    candidate = Path(data) / "ratings.jsonl" if data else None
    if candidate is None or not candidate.exists():
        raise UserError(
            f"no --ratings given and no ratings.jsonl beside the run's data ({data}); pass "
            "--ratings RATINGS.jsonl."
        )
    return candidate


def run(args: argparse.Namespace) -> int:
    from eval.files import atomic_write_text, read_json_lines
    from eval.meta_eval import file_digest, load_ratings, meta_evaluate
    from eval.report.data import read_json

    run_dir: Path = args.run_dir
    aggregate = read_json(run_dir / "aggregate.json")
    ratings_path = args.ratings or _default_ratings(run_dir)
    ratings, names = load_ratings(ratings_path)
    rows = read_json_lines(run_dir / "scores.jsonl")
    if args.metrics:
        known = {k for row in rows for k in row}
        unknown = [m for m in args.metrics if m not in known]
        if unknown:
            raise UserError(
                f"--metrics: {', '.join(unknown)} not in {run_dir / 'scores.jsonl'}; known: "
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
    atomic_write_text(run_dir / "meta_eval.json", json.dumps(result, indent=2) + "\n")
    _print_table(result)
    if not args.no_report:
        from eval.report import write_reports

        formats = [f for f in ("md", "html") if (run_dir / f"report.{f}").exists()]
        write_reports(run_dir, formats or ["md", "html"])
        print(f"Report: {run_dir / 'report.html'}")
    print(f"Correlations: {run_dir / 'meta_eval.json'}")
    return EXIT_OK


def _print_table(result: dict) -> None:
    from eval.report.data import LEADERBOARD_COLUMNS, fmt

    headers = {c.name: c.header for c in LEADERBOARD_COLUMNS}
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
