"""The OpenAI wire format, exercised against real OpenAI-compatible servers on loopback."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import openai
import pytest

from coach.llm.providers import build_chat_model, describe_failure
from coach.pipeline.coach import Coach
from coach.retrieval.hybrid import HybridRetriever
from tests.openai_server import ScriptedOpenAIServer


def _remote(settings, url, **extra):
    return settings.model_copy(
        update={"chat_provider": "openai", "base_url": url, "model": "test-model", **extra}
    )


def test_streams_from_an_openai_compatible_endpoint(tmp_index, hash_embedder):
    # A sentence the retrieved card supports: unsupported ones are dropped (tests/test_answer.py).
    with ScriptedOpenAIServer("Payroll clerks compile timesheets, calculate wages and deductions.") as server:
        settings = _remote(tmp_index, server.base_url)
        settings.api_key = type(settings.api_key)("sk-local")
        coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
        stream = coach.stream("payroll clerk wages")
        deltas = list(stream)
    assert len(deltas) >= 4
    assert stream.answer.text == "Payroll clerks compile timesheets, calculate wages and deductions [1]."
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "test-model" and request["body"]["stream"] is True
    assert request["auth"] == "Bearer sk-local"
    assert request["body"]["messages"][0]["role"] == "system"


def test_server_error_degrades_to_guidance(tmp_index, hash_embedder):
    with ScriptedOpenAIServer(mode="error") as server:
        settings = _remote(tmp_index, server.base_url, max_retries=0)
        coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
        answer = coach.ask("payroll clerk wages")
    assert answer.fallback and "did not answer" in answer.error
    assert answer.sources


def test_hanging_server_times_out_within_the_setting(tmp_index, hash_embedder):
    with ScriptedOpenAIServer(mode="hang") as server:
        settings = _remote(tmp_index, server.base_url, request_timeout=1.0, max_retries=0)
        coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
        started = time.perf_counter()
        answer = coach.ask("payroll clerk wages")
        elapsed = time.perf_counter() - started
    assert elapsed < 5
    assert answer.fallback and "timed out" in answer.error


def test_refused_connection_says_so(tmp_index, hash_embedder):
    settings = _remote(tmp_index, "http://127.0.0.1:9/v1", max_retries=0)  # nothing listens on 9
    coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
    answer = coach.ask("payroll clerk wages")
    assert answer.fallback and "could not connect" in answer.error and "refused" in answer.error


@pytest.mark.slow
def test_embedded_llamacpp_server_speaks_the_openai_wire_format():
    from openai import OpenAI

    from coach.llm.llamacpp import EmbeddedServer

    server = EmbeddedServer.get()
    client = OpenAI(base_url=server.base_url, api_key="embedded")
    reply = client.chat.completions.create(
        model="smollm2", messages=[{"role": "user", "content": "Say hello."}], max_tokens=16
    )
    assert reply.choices[0].message.content.strip()


def test_a_broken_model_file_gives_a_clear_error(tmp_path):
    from coach.llm.llamacpp import EmbeddedModelError, EmbeddedServer

    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a gguf file")
    with pytest.raises(EmbeddedModelError, match="failed to start from .*broken.gguf"):
        EmbeddedServer(bad)


# -- faults cost one timeout, and are named in words ---------------------------------------------


class SilentServer:
    """Accepts connections on loopback and never reads or answers: a hung endpoint."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.accepted: list[socket.socket] = []
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        for conn in self.accepted:
            conn.close()
        self.sock.close()


class RawServer:
    """Answers every chat request with ``status`` and ``body`` as given (SSE or not)."""

    def __init__(self, status: int, body: bytes, content_type: str = "text/event-stream"):
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests += 1
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_hung_endpoint_costs_one_timeout_not_two(tmp_index, hash_embedder):
    server = SilentServer()
    try:
        # The default retry stays on: a timeout is never retried.
        settings = _remote(tmp_index, server.base_url, request_timeout=1.0, max_retries=1)
        coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
        coach.ask("warm up the retriever")  # keep index loading out of the measurement
        server_connections = len(server.accepted)
        started = time.perf_counter()
        answer = coach.ask("payroll clerk wages")
        elapsed = time.perf_counter() - started
    finally:
        server.close()
    assert elapsed < 1.5 * settings.request_timeout, f"{elapsed:.2f}s"
    assert len(server.accepted) - server_connections == 1  # sent once
    assert answer.fallback and "retrieved, not written by a model" in answer.text
    assert "timed out" in answer.error and "within 1 s" in answer.error


def test_a_server_error_is_retried_once_within_the_budget_and_named(tmp_index, hash_embedder):
    with ScriptedOpenAIServer(mode="error") as server:
        settings = _remote(tmp_index, server.base_url, request_timeout=5.0, max_retries=1)
        answer = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder)).ask(
            "payroll clerk wages"
        )
    assert len(server.requests) == 2
    assert "server error (HTTP 500: model crashed)" in answer.error and answer.fallback


def test_retries_never_outlast_the_timeout(tmp_index):
    with ScriptedOpenAIServer(mode="error") as server:
        settings = _remote(tmp_index, server.base_url, request_timeout=1.0, max_retries=5)
        started = time.perf_counter()
        with pytest.raises(openai.InternalServerError):
            list(build_chat_model(settings).stream("hello"))
        elapsed = time.perf_counter() - started
    assert elapsed < 1.5 and len(server.requests) == 2  # pauses 0.5 s, then 1 s would overrun


def test_a_refused_connection_is_retried_within_the_budget(tmp_index):
    settings = _remote(tmp_index, "http://127.0.0.1:9/v1", request_timeout=2.0, max_retries=1)
    started = time.perf_counter()
    with pytest.raises(openai.APIConnectionError) as failure:
        list(build_chat_model(settings).stream("hello"))
    assert 0.4 < time.perf_counter() - started < 2.0  # one pause, then the second refusal
    assert "connection was refused" in describe_failure(failure.value)


@pytest.mark.parametrize(
    "status, body, content_type, expected",
    [
        (200, b"data: {not json\n\n", "text/event-stream", "malformed payload"),
        (200, b"<html>proxy login</html>", "text/html", "empty answer"),  # no stream in it
        (
            401,
            b'{"error": {"message": "bad key"}}',
            "application/json",
            "refused the API key (HTTP 401: bad key)",
        ),
        (404, b'{"error": {"message": "no such model"}}', "application/json", "HTTP 404: no such model"),
        (429, b'{"error": {"message": "slow down"}}', "application/json", "rate-limited"),
    ],
)
def test_endpoint_faults_are_named_in_words(tmp_index, status, body, content_type, expected):
    with RawServer(status, body, content_type) as server:
        settings = _remote(tmp_index, server.base_url, max_retries=1)
        with pytest.raises(Exception) as failure:
            build_chat_model(settings).invoke("hello")
    reason = describe_failure(failure.value, settings.request_timeout)
    assert expected in reason, reason
    assert server.requests == 1  # none of these is worth sending again


def test_an_empty_stream_is_called_an_empty_answer(tmp_index):
    with RawServer(200, b"data: [DONE]\n\n") as server:
        settings = _remote(tmp_index, server.base_url)
        with pytest.raises(ValueError, match="No generation") as failure:
            build_chat_model(settings).invoke("hello")  # what `coach doctor` calls
    assert describe_failure(failure.value) == "it returned an empty answer (no text at all)."


@pytest.mark.parametrize(
    "exc, expected",
    [
        (ValueError("No generation chunks were returned"), "empty answer"),
        (ValueError("No generations found in stream."), "empty answer"),
        (json.JSONDecodeError("Expecting value", "<html>", 0), "malformed payload"),
        (TimeoutError("no complete answer within 60s"), "timed out"),
        (httpx.ReadTimeout("timed out"), "timed out"),
        (ConnectionRefusedError(111, "Connection refused"), "connection was refused"),
        (socket.gaierror(-2, "Name or service not known"), "host name could not be found"),
        (httpx.RemoteProtocolError("peer closed connection"), "closed the connection"),
        (
            RuntimeError("\x1b[31mboom\x1b[0m\nsecond line"),
            "failed unexpectedly (RuntimeError: boom second line)",
        ),
    ],
)
def test_describe_failure_maps_exceptions_to_sentences(exc, expected):
    reason = describe_failure(exc)
    assert expected in reason and "\x1b" not in reason and "\n" not in reason


def test_describe_failure_looks_through_wrapping():
    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except OSError as inner:
            raise RuntimeError("the stream broke") from inner
    except RuntimeError as outer:
        assert "connection was refused" in describe_failure(outer)


# -- a stalled or trickling stream costs one timeout too -----------------------------------------


def _timed_turn(settings, hash_embedder, question="payroll clerk wages"):
    """One whole stored turn through the services (as the CLI and the app run it), timed."""
    from coach.bootstrap import build_services
    from coach.domain.principal import CORPUS, Principal

    coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
    services = build_services(settings, coach)
    ana = Principal(user_id="ana")
    try:
        coach.retriever.search("warm up", [CORPUS], k=1)  # keep index loading out of the timing
        started = time.perf_counter()
        stream = services.conversations.stream(ana, question)
        shown = "".join(stream)
        elapsed = time.perf_counter() - started
        return elapsed, shown, stream.answer, services.conversations.history(ana)
    finally:
        services.close()


@pytest.mark.parametrize(
    "mode, extra",
    [
        ("hang", {}),  # nothing at all: no status line, no byte
        # A few words over 1.8 s, then silence with the stream open: a read timeout counted from
        # the last byte alone would give up only at 3.8 s.
        ("stall", {"stall_after": 3, "token_delay": 0.6}),
        ("trickle", {"token_delay": 1.8}),  # a word now and then, never finishing
    ],
)
def test_a_stuck_endpoint_costs_one_timeout_and_the_turn_is_stored(tmp_index, hash_embedder, mode, extra):
    reply = "Payroll exceptions need judgment and a clear record of each decision [1]."
    with ScriptedOpenAIServer(reply, mode=mode, **extra) as server:
        settings = _remote(tmp_index, server.base_url, request_timeout=2.0, max_retries=1)
        elapsed, shown, answer, history = _timed_turn(settings, hash_embedder)
    # One timeout and some slack for the fallback; the bytes that did arrive buy no extra time.
    assert elapsed < 1.5 * settings.request_timeout, f"{mode}: {elapsed:.2f}s"
    assert len(server.requests) == 1  # a timed-out request is never sent again
    assert answer.fallback and "timed out" in answer.error and "within 2 s" in answer.error
    assert answer.text in shown  # the person sees the guidance after whatever had arrived
    if mode == "stall":
        assert shown.startswith("Payroll exceptions need ")
    # The turn is stored whole: the question and the reply that was given in the end.
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[0]["content"] == "payroll clerk wages" and history[1]["content"] == answer.text


def test_each_request_gets_its_own_budget(tmp_index):
    # Two healthy streams of 0.6 s each on one client: together they outlast the 1 s budget, but
    # the budget is per request, so neither is cut off.
    with ScriptedOpenAIServer("one two three four five six", token_delay=0.1) as server:
        settings = _remote(tmp_index, server.base_url, request_timeout=1.0, max_retries=0)
        model = build_chat_model(settings)
        replies = ["".join(str(c.content) for c in model.stream("hello")) for _ in range(2)]
    assert replies == ["one two three four five six"] * 2
