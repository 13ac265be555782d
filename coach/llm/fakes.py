"""Deterministic stand-ins for the chat model, used by tests and by ``COACH_CHAT_PROVIDER=fake``
(for UI and browser tests). The default behaviour reads the numbered sources out of the prompt
and answers from them with citations, so the whole chain can be checked without a model."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

_SOURCE = re.compile(r"^\[(\d+)\]\s*(.+?)\s*$", re.MULTILINE)


def cite_sources_reply(messages: list[BaseMessage]) -> str:
    """Answer by quoting the first sentence of up to three sources, each cited."""
    prompt = str(messages[-1].content)
    parts = []
    for match in list(_SOURCE.finditer(prompt))[:3]:
        following = re.sub(
            r"[*`#>]|^\s*(?:[-+]|\d+\.)\s+", "", prompt[match.end() :].strip().split("\n", 1)[0]
        )
        sentence = re.split(r"(?<=[.!?])\s", following, maxsplit=1)[0].strip(" -*")
        parts.append(f"{sentence} [{match.group(1)}]")
    if not parts:
        return "I could not find guidance on that in the knowledge base."
    return "Here is what the guidance says. " + " ".join(parts)


class FakeChatModel(BaseChatModel):
    """Scripted replies (``responses``, used in order) or a reply function; can fail or stall."""

    responses: list[str] = []
    reply: Callable[[list[BaseMessage]], str] = cite_sources_reply
    error: Exception | None = None
    delay: float = 0.0  # seconds before each streamed token, to simulate a slow endpoint
    calls: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "fake-chat"

    def _text(self, messages: list[BaseMessage]) -> str:
        self.calls.append(list(messages))
        if self.error is not None:
            raise self.error
        if self.responses:
            return self.responses.pop(0)
        return self.reply(messages)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._text(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop=None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs,
    ) -> Iterator[ChatGenerationChunk]:
        for token in re.findall(r"\S+\s*", self._text(messages)):
            if self.delay:
                time.sleep(self.delay)
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))
