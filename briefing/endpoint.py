"""Models behind OpenAI-compatible servers as briefing writers (``use: endpoint``).

vLLM, TGI, SGLang, llama.cpp and hosted APIs all answer ``/v1/chat/completions`` (and most
``/v1/completions`` for base models). This summariser is a careful, concurrent client of one or
several replicas of such a server: the shared prompt templates, greedy decoding (temperature 0)
by default, bounded concurrency, retries with backoff that honour ``Retry-After``, and a clear
error per article once its retries are spent.

The signature pins what was served, not where: the model id the server answered with (hosted
APIs resolve aliases such as ``gpt-4o`` to a dated snapshot), its ``system_fingerprint`` and the
model list's description of the weights, the decoding settings and the prompt hash. URLs,
credentials, concurrency and the number of replicas are left out: they do not change the text.
Finding these out costs one model-list request and one one-token request per run; a wrong key,
an unknown model or an unreachable server fail there, before any article.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from briefing.base import Budget, ChatReply
from briefing.endpoint_http import (
    EndpointRefused,
    Replicas,
    RequestFailed,
    RetryPolicy,
    check_base_url,
)
from briefing.hf.decoding import check_int, check_optional_float, check_optional_int
from briefing.prompts import PLAIN_CUE, PromptTemplate, check_template, output_sentences
from briefing.text import fit_to_budget
from eval.errors import EnvironmentProblem, UserError

APIS = ("chat", "completions")
MAX_CONCURRENCY = 256
# Keys of a /models entry that describe the weights; others (``created``) change per restart.
_MODEL_META_KEYS = ("owned_by", "root", "parent", "max_model_len", "meta")
_PROBE = [{"role": "user", "content": "Reply with the word: ready"}]


class EndpointSummariser:
    """Briefings from a model served over the OpenAI API (chat or plain completions)."""

    def __init__(
        self,
        budget: Budget,
        base_url: str | list[str],
        model: str,
        api: str = "chat",
        api_key_env: str | None = None,
        prompt: str | None = None,
        system_prompt: str | None = None,
        max_tokens: int = 128,
        temperature: float = 0.0,
        top_p: float | None = None,
        seed: int | None = None,
        concurrency: int = 4,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 1.0,
    ) -> None:
        urls = base_url if isinstance(base_url, list) else [base_url]
        if not urls:
            raise UserError("args.base_url: give at least one URL.")
        self.budget = budget
        self.urls = [check_base_url(url, "base_url") for url in urls]
        if not isinstance(model, str) or not model.strip():
            raise UserError("args.model: give the model id the server serves (see GET /models).")
        self.model = model
        if api not in APIS:
            raise UserError(f"args.api: {api!r} is not one of {', '.join(APIS)}.")
        self.api = api
        if api_key_env is not None and (
            not isinstance(api_key_env, str) or not api_key_env.isidentifier()
        ):
            raise UserError(
                f"args.api_key_env: {api_key_env!r} is not an environment variable name; give "
                f"the name (e.g. OPENAI_API_KEY), never the key itself."
            )
        self.api_key_env = api_key_env
        if prompt is not None:
            check_template(prompt, key="prompt")
        if system_prompt is not None:
            if api == "completions":
                raise UserError(
                    "args.system_prompt: plain completions have no system turn; put the "
                    "instructions into prompt, or use api: chat."
                )
            check_template(system_prompt, key="system_prompt", allow_article=False)
        self.prompt = PromptTemplate.build(prompt, system_prompt, causal=True)
        self.max_tokens = check_int(max_tokens, "max_tokens", minimum=1)
        self.temperature = check_optional_float(temperature, "temperature") or 0.0
        self.top_p = check_optional_float(top_p, "top_p")
        self.seed = check_optional_int(seed, "seed", minimum=0)
        if self.temperature > 0 and self.seed is None:
            raise UserError(
                "args.seed: a temperature above 0 samples; add 'seed: 1234' so that servers "
                "that honour it can reproduce the briefings (or use temperature: 0)."
            )
        self.concurrency = check_int(concurrency, "concurrency", minimum=1)
        if self.concurrency > MAX_CONCURRENCY:
            raise UserError(f"args.concurrency: at most {MAX_CONCURRENCY}, got {concurrency}.")
        self.timeout = check_optional_float(timeout, "timeout") or 120.0
        self.policy = RetryPolicy(
            retries=check_int(retries, "retries", minimum=0),
            backoff=check_optional_float(backoff, "backoff") or 0.0,
        )
        # No batch_size: the harness streams (``summarise_each``), handing over every article
        # it still needs at once and caching each briefing as it arrives; ``concurrency``
        # alone bounds the requests in flight.
        self._replicas: Replicas | None = None
        self._signature: dict[str, str] | None = None

    # -- connection ----------------------------------------------------------------------------

    @property
    def entry(self) -> str:
        return f"endpoint {self.model!r}"

    def _client(self) -> Replicas:
        if self._replicas is None:
            key = None
            if self.api_key_env is not None:
                key = os.environ.get(self.api_key_env)
                if not key:
                    raise EnvironmentProblem(
                        f"args.api_key_env: the environment variable {self.api_key_env} is not "
                        f"set or empty; export it with the API key and run again."
                    )
            self._replicas = Replicas(
                self.urls,
                api_key=key,
                timeout=self.timeout,
                policy=self.policy,
                connections=self.concurrency,
                entry=self.entry,
            )
        return self._replicas

    # -- what the output depends on ------------------------------------------------------------

    def signature(self) -> Mapping[str, str]:
        """Served model, what the server says about it, decoding and prompt; asked once."""
        if self._signature is None:
            served_meta = [self._model_entry(replica) for replica in range(len(self.urls))]
            if len({json.dumps(meta, sort_keys=True) for meta in served_meta}) > 1:
                raise UserError(
                    f"args.base_url: the replicas describe {self.model!r} differently "
                    f"({'; '.join(json.dumps(m, sort_keys=True) for m in served_meta)}); every "
                    f"replica must serve the same weights."
                )
            probe = self._probe()
            meta = json.dumps(served_meta[0], sort_keys=True)
            self._signature = {
                "summariser": "endpoint",
                "model": self.model,
                "served_model": str(probe.get("model") or self.model),
                "system_fingerprint": str(probe.get("system_fingerprint") or "none"),
                "model_meta": hashlib.sha256(meta.encode()).hexdigest()[:16]
                if served_meta[0]
                else "none",
                "api": self.api,
                "prompt_format": "chat" if self.api == "chat" else "plain",
                "prompt_sha": self.prompt.digest(),
                "max_tokens": str(self.max_tokens),
                "temperature": _number(self.temperature),
                "top_p": "default" if self.top_p is None else _number(self.top_p),
                "seed": "none" if self.seed is None else str(self.seed),
                **self.budget.signature(),
            }
        return self._signature

    def _model_entry(self, replica: int) -> dict[str, Any]:
        """The server's description of ``model`` from GET /models (empty if it has no list)."""
        client = self._client()
        url = client.urls[replica]
        try:
            listing = client.get(replica, "/models")
        except EndpointRefused:
            raise
        except RequestFailed as exc:
            if " 404" in str(exc) or " 405" in str(exc):
                return {}  # some servers have no model list; the probe still checks the model
            raise EnvironmentProblem(
                f"args.base_url: cannot reach the server at {url} ({exc}). Start it, or fix "
                f"base_url (the part before /chat/completions, usually ending in /v1)."
            ) from None
        entries = listing.get("data") if isinstance(listing, dict) else None
        if not isinstance(entries, list):
            return {}
        ids = [e.get("id") for e in entries if isinstance(e, dict)]
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id") == self.model:
                return {k: entry[k] for k in _MODEL_META_KEYS if entry.get(k) is not None}
        raise UserError(
            f"args.model: the server at {url} does not serve {self.model!r}; it serves "
            f"{', '.join(repr(i) for i in ids) or 'no models'}."
        )

    def _probe(self) -> dict[str, Any]:
        """One one-token request with this entry's settings: checks the key and the model and
        learns what the server answers as (served model id, system fingerprint)."""
        try:
            if self.api == "chat":
                return self._client().post(
                    "/chat/completions", self._body(_PROBE, max_tokens=1), attempts=2
                )
            return self._client().post(
                "/completions", self._body("ready", max_tokens=1), attempts=2
            )
        except RequestFailed as exc:
            raise EnvironmentProblem(
                f"args.model: a one-token test request for {self.model!r} failed ({exc}). "
                f"Check model, api and that the server is up."
            ) from None

    def _body(self, content: Any, *, max_tokens: int) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max_tokens,
            "temperature": self.temperature,
        }
        body["messages" if self.api == "chat" else "prompt"] = content
        if self.top_p is not None:
            body["top_p"] = self.top_p
        if self.seed is not None:
            body["seed"] = self.seed
        return body

    # -- generation ----------------------------------------------------------------------------

    def summarise(self, texts: Sequence[str]) -> list[str]:
        """Briefings for ``texts``, ``concurrency`` requests at a time, in input order.

        An article that failed for good (its retries spent) makes the call raise, naming how
        many failed and the first error; the harness uses ``summarise_each`` instead, which
        reports each article on its own.
        """
        briefings: dict[int, str] = {}
        errors: dict[int, Exception] = {}
        for index, result in self.summarise_each(texts):
            if isinstance(result, Exception):
                errors[index] = result
            else:
                briefings[index] = result
        if errors:
            first = errors[min(errors)]
            if len(texts) == 1:
                raise first
            raise RequestFailed(
                f"{len(errors)} of {len(texts)} articles failed; the first: {first}"
            )
        return [briefings[index] for index in range(len(texts))]

    def summarise_each(self, texts: Sequence[str]) -> Iterator[tuple[int, str | Exception]]:
        """``(index, briefing or RequestFailed)`` for each text, as each request finishes.

        At most ``concurrency`` requests are in flight, and a new one is sent the moment one
        finishes, so a slow article never holds back the others and memory stays bounded by
        ``concurrency`` whatever the number of articles. Closing the iterator early cancels
        the requests not yet sent and waits for those in flight; an exception (Ctrl-C)
        abandons them. A refused configuration (``EndpointRefused``: a wrong key) is raised.
        """
        if not texts:
            return
        self.signature()  # fail on the configuration before the first article
        pending = iter(range(len(texts)))
        pool = ThreadPoolExecutor(max_workers=min(self.concurrency, len(texts)))
        in_flight: dict[Future[tuple[str, str | None]], int] = {}

        def send_next() -> None:
            index = next(pending, None)
            if index is not None:
                in_flight[pool.submit(self._one, self._request(texts[index]))] = index

        finished = False
        try:
            for _ in range(min(self.concurrency, len(texts))):
                send_next()
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=in_flight.__getitem__):  # deterministic order
                    index = in_flight.pop(future)
                    text, error = future.result()  # EndpointRefused propagates: no article can work
                    send_next()
                    yield index, (RequestFailed(error) if error is not None else self._fit(text))
            finished = True
        except GeneratorExit:
            finished = True  # closed by the caller: let the requests in flight end
            raise
        finally:
            pool.shutdown(wait=finished, cancel_futures=True)

    def _fit(self, raw: str) -> str:
        return fit_to_budget(
            output_sentences(raw), self.budget.max_sentences, self.budget.max_words
        )

    def _request(self, article: str) -> dict[str, Any]:
        user = self.prompt.render(article, self.budget)
        if self.api == "completions":
            return self._body(user + PLAIN_CUE, max_tokens=self.max_tokens)
        messages = []
        system = self.prompt.render_system(self.budget)
        if system is not None:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": user})
        return self._body(messages, max_tokens=self.max_tokens)

    def _one(self, body: dict[str, Any]) -> tuple[str, str | None]:
        path = "/chat/completions" if self.api == "chat" else "/completions"
        try:
            answer = self._client().post(path, body)
            return _reply_text(answer, self.api), None
        except RequestFailed as exc:
            return "", str(exc)

    # -- chat (the ``Chats`` protocol, for judge metrics) --------------------------------------

    def chat(
        self,
        conversations: Sequence[Sequence[Mapping[str, str]]],
        *,
        max_tokens: int,
        logprobs: int = 0,
    ) -> list[ChatReply]:
        """Greedy chat replies; ``logprobs > 0`` asks for OpenAI's ``top_logprobs``."""
        if self.api != "chat":
            raise UserError(f"{self.entry}: chat replies need api: chat.")
        self.signature()
        bodies = []
        for messages in conversations:
            body = self._body([dict(m) for m in messages], max_tokens=max_tokens)
            if logprobs > 0:
                body.update(logprobs=True, top_logprobs=logprobs)
            bodies.append(body)
        with ThreadPoolExecutor(max_workers=min(self.concurrency, max(len(bodies), 1))) as pool:
            answers = list(pool.map(lambda b: self._client().post("/chat/completions", b), bodies))
        return [_chat_reply(answer, logprobs) for answer in answers]


def _reply_text(answer: Any, api: str) -> str:
    try:
        choice = answer["choices"][0]
        text = choice["message"]["content"] if api == "chat" else choice["text"]
    except (KeyError, IndexError, TypeError) as exc:
        raise RequestFailed(f"the server's answer has no {api} reply ({exc!r})") from None
    return text if isinstance(text, str) else ""


def _chat_reply(answer: Any, logprobs: int) -> ChatReply:
    text = _reply_text(answer, "chat")
    if logprobs <= 0:
        return ChatReply(text=text)
    content = ((answer["choices"][0].get("logprobs") or {}).get("content")) or None
    if content is None:
        return ChatReply(text=text, top_logprobs=None)
    tops = []
    for position in content:
        alternatives = position.get("top_logprobs") or []
        top: dict[str, float] = {}
        for alternative in alternatives:
            top.setdefault(str(alternative["token"]), float(alternative["logprob"]))
        tops.append(top)
    return ChatReply(text=text, top_logprobs=tops)


def _number(value: float) -> str:
    return format(value, "g")
