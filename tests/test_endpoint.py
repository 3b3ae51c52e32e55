"""The endpoint summariser's checks and retry policy, without a server."""

from __future__ import annotations

import email.utils
import random

import pytest

pytest.importorskip(
    "httpx", reason="the endpoint summariser needs httpx: pip install 'briefing-eval[endpoint]'"
)

from briefing.base import Budget, Chats
from briefing.endpoint import EndpointSummariser
from briefing.endpoint_http import RetryPolicy, check_base_url, parse_retry_after
from briefing.registry import summarisers
from eval.errors import EnvironmentProblem, UserError

URL = "http://127.0.0.1:9/v1"


def build(**args: object) -> EndpointSummariser:
    return EndpointSummariser(Budget(), **{"base_url": URL, "model": "m", **args})  # type: ignore[arg-type]


def test_registered_and_a_chat_backend() -> None:
    made = summarisers.build(
        "endpoint", {"base_url": URL, "model": "m"}, where="x", budget=Budget()
    )
    assert isinstance(made, EndpointSummariser) and isinstance(made, Chats)


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ({"base_url": "http://user:secret@host/v1"}, "base_url"),
        ({"base_url": "ftp://host/v1"}, "base_url"),
        ({"base_url": []}, "base_url"),
        ({"model": ""}, "model"),
        ({"api": "responses"}, "api"),
        ({"api_key_env": "sk-abc-123"}, "api_key_env"),
        ({"temperature": 0.7}, "seed"),
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": 10_000}, "concurrency"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"prompt": "{artcle}"}, "prompt"),
        ({"api": "completions", "system_prompt": "Be brief."}, "system_prompt"),
    ],
)
def test_bad_arguments_name_their_key(args: dict[str, object], key: str) -> None:
    with pytest.raises(UserError, match=f"args.{key}"):
        build(**args)


def test_url_credentials_never_reach_the_run_folder() -> None:
    with pytest.raises(UserError) as caught:
        build(base_url="https://alice:hunter2@api.example.com/v1")
    assert "api_key_env" in str(caught.value)


def test_a_missing_key_variable_is_an_environment_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFING_TEST_KEY", raising=False)
    with pytest.raises(EnvironmentProblem, match="BRIEFING_TEST_KEY"):
        build(api_key_env="BRIEFING_TEST_KEY").signature()


def test_base_url_is_normalised() -> None:
    assert check_base_url(" http://h:1/v1/ ", "base_url") == "http://h:1/v1"


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    now = 1_700_000_000.0
    later = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(30.0, abs=1.0)
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0


def test_backoff_grows_is_jittered_and_yields_to_retry_after() -> None:
    policy = RetryPolicy(retries=5, backoff=1.0, max_backoff=8.0)
    rng = random.Random(0)
    for attempt in range(6):
        waits = [policy.delay(attempt, None, rng) for _ in range(200)]
        assert min(waits) >= 0 and max(waits) <= min(8.0, 2**attempt)
        assert len(set(waits)) > 100  # jitter: replicas retried together do not stampede
    assert policy.delay(0, 5.0, rng) >= 5.0  # the server asked for 5 s
    assert policy.delay(0, 10_000.0, rng) <= 300.0  # but never an absurd wait
