"""A small OpenAI-compatible server for tests that need to control timing exactly.

It runs on a free loopback port in a thread of the test process (the harness under test runs
in its own process and talks to it over real HTTP). Each briefing is a deterministic function
of the prompt, so two runs that ask for the same articles get the same text. Two knobs make
interruption tests exact instead of racy:

* ``delays``: seconds to wait before answering a prompt that contains a given substring;
* ``gate``: once this many briefings have been answered, every further briefing request is
  held (never answered) until ``release()``, so a test can kill the client while requests are
  in flight and know exactly how many briefings the client received.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from dataclasses import dataclass, field

MODEL = "fake-briefer"


def briefing_for(prompt: str) -> str:
    """The fake model's deterministic answer: two sentences with a number drawn from the
    prompt's hash, so numeric checks and ROUGE have something to score."""
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
    count = int(digest[:4], 16) % 500
    return f"Officials said {count} people were affected. The story is still developing."


@dataclass
class FakeOpenAI:
    gate: int | None = None
    delays: dict[str, float] = field(default_factory=dict)
    answered: int = 0  # briefings sent back
    requested: int = 0  # briefing requests received
    in_flight: int = 0
    most_in_flight: int = 0
    prompts: list[str] = field(default_factory=list)  # in the order they arrived
    server: http.server.ThreadingHTTPServer | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._open = threading.Event()
        if self.gate is None:
            self._open.set()

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def release(self) -> None:
        """Answer every held request and every later one."""
        self._open.set()

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                return

            def _send(self, status: int, payload: object) -> None:
                body = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"data": [{"id": MODEL, "owned_by": "tests"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                prompt = json.dumps(request.get("messages") or request.get("prompt"))
                if request.get("max_tokens") == 1:  # the harness's readiness probe
                    self._reply(request, "ready")
                    return
                fake._briefing(self, request, prompt)

            def _reply(self, request: dict, text: str) -> None:
                self._send(
                    200,
                    {
                        "model": MODEL,
                        "choices": [{"message": {"role": "assistant", "content": text}}],
                    },
                )

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def _briefing(self, handler, request: dict, prompt: str) -> None:
        with self._lock:
            self.requested += 1
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.prompts.append(prompt)
        try:
            for marker, seconds in self.delays.items():
                if marker in prompt:
                    time.sleep(seconds)
            while True:
                with self._lock:
                    if self._open.is_set() or self.gate is None or self.answered < self.gate:
                        self.answered += 1
                        break
                self._open.wait(0.05)
            handler._reply(request, briefing_for(prompt))
        finally:
            with self._lock:
                self.in_flight -= 1

    def stop(self) -> None:
        self.release()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
