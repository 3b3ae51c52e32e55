"""HTTP for OpenAI-compatible servers: replicas, timeouts, retries that honour ``Retry-After``.

Kept apart from the summariser so that the policy (what is retried, for how long, where the next
attempt goes) is in one place and can be tested against a real fault-injecting proxy.

Why ``httpx`` rather than the ``openai`` package: the summariser must talk to many servers
(vLLM, TGI, llama.cpp, hosted APIs) that each implement a slightly different subset of the API,
decide itself which failures are the user's (a wrong key, an unknown model: stop at once, naming
the config entry) and which are the server's (429, 503, a dropped connection: retry), and never
let a client library retry or log behind its back. ``httpx`` is small, thread-safe, has explicit
per-phase timeouts and is already installed with ``huggingface_hub``.
"""

from __future__ import annotations

import email.utils
import itertools
import json
import random
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from eval.errors import EnvironmentProblem, UserError

# Answers that say "try again later": rate limits, overload, gateway trouble.
RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 300.0


_JSON = {"Content-Type": "application/json"}


def _encode(body: Mapping[str, Any] | None) -> bytes | None:
    """Compact JSON, the same bytes whatever the httpx version."""
    if body is None:
        return None
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class RequestFailed(RuntimeError):
    """One request failed for good (after its retries, or with an answer that retrying cannot
    change, such as a prompt longer than the model's context). Recorded per article."""


class EndpointRefused(EnvironmentProblem):
    """The server refused the configuration itself (credentials, model): no article can work."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, starting at ``backoff`` seconds, capped at
    ``max_backoff``; a server's ``Retry-After`` wins when it asks for longer."""

    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        ceiling = min(self.max_backoff, self.backoff * (2**attempt))
        wait = rng.uniform(0.0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, MAX_RETRY_AFTER_S))
        return wait


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def check_base_url(value: str, key: str) -> str:
    """``http(s)://host[:port]/prefix`` without credentials or a trailing slash."""
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"args.{key}: give the server's URL, e.g. http://127.0.0.1:8080/v1.")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"args.{key}: {value!r} is not an http(s) URL; write it like "
            f"http://127.0.0.1:8080/v1 (the part before /chat/completions)."
        )
    if parts.username or parts.password:
        raise UserError(
            f"args.{key}: the URL contains credentials, which would be written into the run "
            f"folder; remove them and name an environment variable in api_key_env instead."
        )
    if parts.query or parts.fragment:
        raise UserError(f"args.{key}: {value!r} has a query or fragment; remove it.")
    return value.strip().rstrip("/")


class Replicas:
    """One ``httpx.Client`` spread over several servers of the same model.

    Requests go round-robin; a retried request moves on to the next replica, so one dead replica
    costs a retry, not an article.
    """

    def __init__(
        self,
        urls: Sequence[str],
        *,
        api_key: str | None,
        timeout: float,
        policy: RetryPolicy,
        connections: int,
        entry: str,
    ) -> None:
        try:
            import httpx
        except ImportError as exc:
            raise EnvironmentProblem(
                "the endpoint summariser needs the Python package 'httpx'; install it with "
                "pip install 'briefing-eval[endpoint]'."
            ) from exc
        self._httpx = httpx
        self.urls = list(urls)
        self.policy = policy
        self.entry = entry
        self._secret = api_key
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            follow_redirects=False,
        )
        self._turn = itertools.count()
        self._lock = threading.Lock()
        self._rng = random.Random()  # jitter only: never changes a briefing

    def close(self) -> None:
        self._client.close()

    def next_replica(self) -> int:
        with self._lock:
            return next(self._turn) % len(self.urls)

    def get(self, replica: int, path: str, *, attempts: int = 2) -> Any:
        return self._send("GET", replica, path, None, attempts=attempts)

    def post(self, path: str, body: Mapping[str, Any], *, attempts: int | None = None) -> Any:
        """POST with retries; returns the decoded JSON answer or raises ``RequestFailed``."""
        return self._send("POST", self.next_replica(), path, body, attempts=attempts)

    def _send(
        self,
        method: str,
        replica: int,
        path: str,
        body: Mapping[str, Any] | None,
        *,
        attempts: int | None,
    ) -> Any:
        total = (self.policy.retries + 1) if attempts is None else attempts
        problem = ""
        for attempt in range(total):
            url = f"{self.urls[(replica + attempt) % len(self.urls)]}{path}"
            retry_after = None
            try:
                response = self._client.request(
                    method, url, content=_encode(body), headers=_JSON if body is not None else None
                )
            except self._httpx.TimeoutException as exc:
                problem = f"{method} {url} timed out ({type(exc).__name__})"
            except self._httpx.TransportError as exc:
                problem = f"{method} {url} could not connect or was cut off ({exc!s})"
            else:
                if response.status_code < 300:
                    try:
                        return response.json()
                    except ValueError:
                        problem = f"{method} {url} answered with something that is not JSON"
                else:
                    self._refuse_for_good(response, url)
                    problem = f"{method} {url} answered HTTP {response.status_code}"
                    detail = self.detail(response)
                    problem += f": {detail}" if detail else ""
                    if response.status_code not in RETRYABLE_STATUS:
                        raise RequestFailed(self.redact(problem))
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt + 1 < total:
                time.sleep(self.policy.delay(attempt, retry_after, self._rng))
        raise RequestFailed(self.redact(f"{problem} (gave up after {total} attempts)"))

    def _refuse_for_good(self, response: Any, url: str) -> None:
        """401/403: the key is wrong for every article; say so once and stop the run."""
        if response.status_code in (401, 403):
            raise EndpointRefused(
                self.redact(
                    f"{self.entry}: {url} refused the request (HTTP {response.status_code}: "
                    f"{self.detail(response) or 'unauthorised'}). Check the API key in the "
                    f"environment variable named by api_key_env."
                )
            )

    @staticmethod
    def detail(response: Any) -> str:
        """The server's own error message, short."""
        try:
            data = response.json()
        except ValueError:
            return response.text.strip()[:300]
        if isinstance(data, dict):
            error = data.get("error", data.get("detail", data.get("message")))
            if isinstance(error, dict):
                error = error.get("message", error)
            return str(error)[:300] if error is not None else ""
        return str(data)[:300]

    def redact(self, text: str) -> str:
        """Never show the key, even if a server echoes it back."""
        return text.replace(self._secret, "***") if self._secret else text
