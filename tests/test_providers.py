"""The OpenAI wire format, exercised against real OpenAI-compatible servers on loopback."""

import time

import pytest

from coach.llm.providers import build_chat_model
from coach.pipeline.coach import Coach
from coach.retrieval.hybrid import HybridRetriever
from tests.openai_server import ScriptedOpenAIServer


def _remote(settings, url, **extra):
    return settings.model_copy(
        update={"chat_provider": "openai", "base_url": url, "model": "test-model", **extra}
    )


def test_streams_from_an_openai_compatible_endpoint(tmp_index, hash_embedder):
    with ScriptedOpenAIServer("Payroll exceptions need judgment [1].") as server:
        settings = _remote(tmp_index, server.base_url)
        settings.api_key = type(settings.api_key)("sk-local")
        coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
        stream = coach.stream("payroll clerk wages")
        deltas = list(stream)
    assert len(deltas) >= 4
    assert stream.answer.text == "Payroll exceptions need judgment [1]."
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
    assert answer.fallback and "could not connect" in answer.error


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
