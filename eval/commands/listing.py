"""``briefing-eval list``: every summariser and metric the registry knows, and where from."""

from __future__ import annotations

import argparse

from briefing import registry


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list registered summarisers and metrics",
        description="List every summariser and metric: built-ins and entry-point plugins.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for title, reg in (("Summarisers", registry.summarisers), ("Metrics", registry.metrics)):
        print(f"{title} (entry-point group {reg.group}):")
        for spec in reg.specs().values():
            print(f"  {spec.name:<12} {spec.target:<45} {spec.origin}")
    return 0
