"""``python -m eval`` is the same as ``briefing-eval``."""

from eval.cli import entry

if __name__ == "__main__":
    entry()
