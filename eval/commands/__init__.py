"""Sub-commands of ``briefing-eval``; each module exposes ``add_parser(subparsers)``."""
