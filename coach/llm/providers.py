"""Chat models. The wire format is always OpenAI chat completions (via langchain-openai);
settings pick the endpoint: the embedded llama.cpp server, or any OpenAI-compatible URL
(OpenAI, vLLM, Ollama, a llama.cpp server). ``fake`` is the deterministic test double.

Faults cost one timeout, not several: the SDK's own retries are off and :class:`RetryingClient`
retries only what fails fast (a refused connection, an HTTP 5xx), within the same budget. A
request that timed out is never sent again, and the budget also bounds the streamed reply: an
endpoint that stalls or trickles mid-stream is cut off when it is spent. :func:`describe_failure`
turns whatever the stack raised into a sentence a person can act on."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time

import httpcore
import httpx
from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from coach.config import Settings

RETRY_PAUSE_S = 0.5  # doubled after each retry


class _Deadline(threading.local):
    """The time by which the request being sent on this thread, its reply included, must be done."""

    at: float | None = None

    def clamp(self, timeout: float | None, expired: type[Exception]) -> float | None:
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise expired("the request's time budget is spent")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write waits no longer than the request's deadline allows.
    httpx's read timeout counts from the last byte, so a stream that stalls after a while, or
    trickles a word now and then, could otherwise hold the person for far more than one timeout."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline):
        self.inner, self.deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        timeout = self.deadline.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, timeout), self.deadline)

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, deadline: _Deadline):
        self.inner, self.deadline = inner, deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        timeout = self.deadline.clamp(timeout, httpcore.ConnectTimeout)
        stream = self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        timeout = self.deadline.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.connect_unix_socket(path, timeout, socket_options), self.deadline)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class RetryingClient(httpx.Client):
    """An httpx client that sends a request again after a refused connection or an HTTP 5xx, at
    most ``retries`` times and only while ``budget`` seconds (counted from the first try) last;
    every later try gets only the time that is left. Timeouts are raised at once: a stalled
    endpoint would stall again, and the person is waiting. The budget holds for the reply's body
    too, however it is streamed. (A client rather than a transport, so that proxies from the
    environment keep working.)"""

    def __init__(self, budget: float, retries: int, **kwargs):
        super().__init__(**kwargs)
        self.budget, self.retries = budget, max(retries, 0)
        self._deadline = _Deadline()
        # Every connection pool of this client (direct, and any proxy from the environment) gets
        # sockets that obey the deadline; httpx has no public hook for this.
        for transport in [self._transport, *self._mounts.values()]:
            pool = getattr(transport, "_pool", None)
            if pool is not None and hasattr(pool, "_network_backend"):
                pool._network_backend = _DeadlineBackend(pool._network_backend, self._deadline)

    def send(self, request: httpx.Request, **kwargs) -> httpx.Response:
        deadline = time.monotonic() + self.budget
        # Reads of the streamed body happen later, on this thread, after send has returned.
        self._deadline.at = deadline
        timeouts = dict(request.extensions.get("timeout") or {})
        attempt = 0
        while True:
            try:
                response = super().send(request, **kwargs)
            except httpx.ConnectError:  # refused or unreachable: nothing was sent yet
                if not self._another_try(attempt, deadline, timeouts, request):
                    raise
            else:
                if response.status_code < 500 or not self._another_try(attempt, deadline, timeouts, request):
                    return response
                response.close()
            attempt += 1

    def _another_try(self, attempt: int, deadline: float, timeouts: dict, request: httpx.Request) -> bool:
        pause = RETRY_PAUSE_S * 2**attempt
        left = deadline - time.monotonic() - pause
        if attempt >= self.retries or left < 0.1:
            return False
        time.sleep(pause)
        request.extensions["timeout"] = {k: left if v is None else min(v, left) for k, v in timeouts.items()}
        return True


def _openai_chat(
    settings: Settings, base_url: str, model: str, api_key: str, extra_body: dict | None = None
) -> ChatOpenAI:
    timeout = httpx.Timeout(settings.request_timeout, connect=settings.connect_timeout)
    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=api_key or "not-needed",  # local servers ignore it; the client insists on one
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        timeout=timeout,
        max_retries=0,  # the SDK would retry timeouts too; RetryingClient retries what is worth it
        http_client=RetryingClient(settings.request_timeout, settings.max_retries, timeout=timeout),
        streaming=True,
        extra_body=extra_body,
    )


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model named by ``settings.chat_provider``."""
    if settings.chat_provider == "fake":
        from coach.llm.fakes import FakeChatModel

        return FakeChatModel()
    if settings.chat_provider == "embedded":
        from coach.llm.llamacpp import EmbeddedServer

        server = EmbeddedServer.get(
            settings.embedded_model_path,
            n_ctx=settings.embedded_ctx,
            threads=settings.embedded_threads,
            parallel=settings.embedded_parallel,
        )
        # llama.cpp sampling options: a 135M model loops without a repeat penalty, and a fixed
        # seed makes its answers reproducible.
        extra = {"repeat_penalty": 1.3, "seed": 7}
        return _openai_chat(settings, server.base_url, "smollm2-135m-instruct", "embedded", extra)
    return _openai_chat(settings, settings.base_url, settings.model, settings.api_key.get_secret_value())


# -- what went wrong, in words ------------------------------------------------------------------


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from, outermost first."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 12:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _one_line(text: object, limit: int = 160) -> str:
    from coach.pipeline.inputs import printable

    line = " ".join(printable(str(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _status_message(exc) -> str:
    """The endpoint's own words for an HTTP error, when its body carries them."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return _one_line(message)
    return ""


def _status_sentence(code: int, message: str) -> str:
    said = f": {message}" if message else ""
    if code in (401, 403):
        return f"the endpoint refused the API key (HTTP {code}{said}). Check COACH_API_KEY."
    if code == 404:
        return (
            f"the endpoint has no such model or path (HTTP 404{said}). Check COACH_MODEL and COACH_BASE_URL."
        )
    if code in (408, 504):
        return f"the endpoint timed out on its side (HTTP {code}{said})."
    if code == 429:
        return f"the endpoint is rate-limited or out of quota (HTTP 429{said}); try again later."
    if code >= 500:
        return f"the endpoint had a server error (HTTP {code}{said})."
    return f"the endpoint rejected the request (HTTP {code}{said})."


def describe_failure(exc: BaseException, timeout: float | None = None) -> str:
    """Why a chat request failed, as a sentence: a refused connection, a timeout, an HTTP status,
    an empty answer or a malformed reply, never a bare exception name."""
    import openai
    import pydantic

    chain = _chain(exc)

    def first(*types: type) -> BaseException | None:
        return next((e for e in chain if isinstance(e, types)), None)

    if (status := first(openai.APIStatusError)) is not None:
        return _status_sentence(getattr(status, "status_code", 0), _status_message(status))
    if (status_error := first(httpx.HTTPStatusError)) is not None:
        assert isinstance(status_error, httpx.HTTPStatusError)
        return _status_sentence(status_error.response.status_code, "")
    if first(TimeoutError, httpx.TimeoutException, openai.APITimeoutError):
        within = f" within {timeout:g} s" if timeout else ""
        return f"it timed out: no complete answer arrived{within} (COACH_REQUEST_TIMEOUT)."
    if first(ConnectionRefusedError) or any("connection refused" in str(e).lower() for e in chain):
        return (
            "could not connect: the connection was refused (nothing listens there). Is the endpoint running?"
        )
    if first(socket.gaierror):
        return "its host name could not be found. Check COACH_BASE_URL and the network."
    if (tls := first(ssl.SSLError)) is not None:
        return f"the secure (TLS) connection failed ({_one_line(tls)})."
    if first(httpx.RemoteProtocolError, ConnectionResetError, BrokenPipeError):
        return "the endpoint closed the connection before the answer was complete."
    if first(json.JSONDecodeError, openai.APIResponseValidationError, pydantic.ValidationError):
        return "its reply was not valid chat-completions data (a malformed payload)."
    # langchain's words for a stream with no text in it ("No generation chunks were returned",
    # "No generations found in stream."): an empty reply, or one that was not a stream at all.
    if any("no generation" in str(e).lower() for e in chain):
        return "it returned an empty answer (no text at all)."
    network = first(openai.APIConnectionError, httpx.TransportError, ConnectionError, OSError)
    if network is not None:
        cause = _one_line(network.__cause__ or network)
        return f"could not connect to the endpoint ({cause}). Is it running?"
    detail = _one_line(exc)
    return f"it failed unexpectedly ({type(exc).__name__}{': ' + detail if detail else ''})."
