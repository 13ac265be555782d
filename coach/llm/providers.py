"""Chat models. The wire format is always OpenAI chat completions (via langchain-openai);
settings pick the endpoint: the embedded llama.cpp server, or any OpenAI-compatible URL
(OpenAI, vLLM, Ollama, a llama.cpp server). ``fake`` is the deterministic test double."""

from __future__ import annotations

import httpx
from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from coach.config import Settings


def _openai_chat(
    settings: Settings, base_url: str, model: str, api_key: str, extra_body: dict | None = None
) -> ChatOpenAI:
    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=api_key or "not-needed",  # local servers ignore it; the client insists on one
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        timeout=httpx.Timeout(settings.request_timeout, connect=settings.connect_timeout),
        max_retries=settings.max_retries,
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
            settings.embedded_model_path, n_ctx=settings.embedded_ctx, threads=settings.embedded_threads
        )
        # llama.cpp sampling options: a 135M model loops without a repeat penalty, and a fixed
        # seed makes its answers reproducible.
        extra = {"repeat_penalty": 1.3, "seed": 7}
        return _openai_chat(settings, server.base_url, "smollm2-135m-instruct", "embedded", extra)
    return _openai_chat(settings, settings.base_url, settings.model, settings.api_key.get_secret_value())
