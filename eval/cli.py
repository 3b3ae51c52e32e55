"""The ``briefing-eval`` command line.

Each sub-command lives in its own module under ``eval.commands`` exposing
``add_parser(subparsers)``; the module sets ``func`` (``args -> exit code``) as a default.
User mistakes (``UserError``) are printed as one readable paragraph, never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import signal
import sys
import threading
import warnings
from collections.abc import Sequence

from eval import __version__
from eval.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, UserError

COMMAND_MODULES = (
    "eval.commands.run",
    "eval.commands.validate",
    "eval.commands.listing",
    "eval.commands.check_numbers",
    "eval.commands.curate",
    "eval.commands.import_data",
    "eval.commands.compare",
    "eval.commands.meta_eval",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-eval",
        description="Evaluate news-briefing summarisers: ROUGE, numeric fact checks, reports.",
    )
    parser.add_argument("--version", action="version", version=f"briefing-eval {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Warnings meant for users (a damaged cache entry...) read as one plain line."""
    return f"briefing-eval: warning: {message}\n"


def _terminate(signum, frame) -> None:
    """SIGTERM: stop like Ctrl-C; a second SIGTERM during the clean-up ends the process."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise Terminated()


@contextlib.contextmanager
def _sigterm_as_interrupt():
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (an embedding application): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _thread_errors_held():
    """Hold exceptions of background threads until the command ends, then report them, unless
    it was interrupted. On Ctrl-C or SIGTERM the scoring workers die with the signal, and the
    process pool's manager thread fails on their closed pipes; that failure is a consequence
    of the stop the user asked for, and printing its traceback would bury the one line that
    says what was kept."""
    held: list[threading.ExceptHookArgs] = []
    original = threading.excepthook
    threading.excepthook = held.append
    interrupted = False
    try:
        yield
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        threading.excepthook = original
        if not interrupted:
            for args in held:
                original(args)


def main(argv: Sequence[str] | None = None) -> int:
    warnings.formatwarning = _one_line_warning
    parser = build_parser()
    args = parser.parse_args(argv)
    kept = "finished generations are kept in the cache and a re-run continues where this one "
    try:
        with _sigterm_as_interrupt(), _thread_errors_held():
            return int(args.func(args))
    except UserError as exc:
        print(f"briefing-eval {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Terminated:
        print(
            f"briefing-eval {args.command}: terminated (SIGTERM); {kept}stopped.", file=sys.stderr
        )
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print(f"briefing-eval {args.command}: interrupted; {kept}stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED


def entry() -> None:
    code = main()
    if code in (EXIT_TERMINATED, EXIT_INTERRUPTED):
        # Everything finished is already written (atomically) and the message is printed. A
        # process pool interrupted mid-task leaves concurrent.futures' exit hook writing to a
        # closed pipe, which prints a traceback at shutdown; its workers die with this process
        # anyway (parent-death signal), so skip the exit hooks rather than show it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    # The process ends here. Shutting the interpreter down would free every object held in a
    # reference cycle through the garbage collector, matplotlib's thousands of classes and
    # functions among them: 0.25-0.5 s after any run (issue 14), 0.03 s with them frozen out
    # of its reach and left to the operating system. The exit code, the flushing of stdout
    # and stderr, atexit handlers and objects freed by reference counting are unchanged; only
    # finalisers of objects kept alive by nothing but a cycle no longer run at exit (Python
    # never promised they would). ``main`` (tests, embedding) leaves the collector alone.
    gc.freeze()
    sys.exit(code)
