"""Errors a user can act on.

Every user mistake becomes a ``UserError``: the CLI prints its message (what went wrong, where,
how to fix it) without a traceback and exits with its ``exit_code``. Bugs stay ordinary
exceptions so that they keep their tracebacks.
"""

from __future__ import annotations

# Documented exit codes (README "Exit codes").
EXIT_OK = 0
EXIT_FAILURE = 1  # the run finished but too many items failed (max_failures exceeded)
EXIT_BAD_INPUT = 2  # bad config, corpus, arguments or files
EXIT_ENVIRONMENT = 3  # missing optional dependency, unreachable model, disk full
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (timeout, batch schedulers, docker stop): 128 + 15


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs (workers stopped, the run
    folder left as it was, finished generations kept in the cache)."""


class UserError(Exception):
    """A problem the user can fix; the message says what, where and how."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class EnvironmentProblem(UserError):
    """Something outside the input is missing: an optional package, a model, disk space."""

    exit_code = EXIT_ENVIRONMENT
