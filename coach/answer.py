"""The answer pipeline: question + history → hybrid retrieval → prompt file → streamed answer
with checked citations. Failures of the chat model degrade to the retrieved guidance."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from coach.citations import attribute_uncited, clean_citations
from coach.prompts import load_prompt
from coach.retrieval import Hit, HybridRetriever
from coach.settings import Settings

SNIPPET_CHARS = 240
SOURCE_CHARS = 700  # per source in the prompt: small models lose the thread on long contexts
HISTORY_CHARS = 800
EMPTY_REPLY = (
    "Ask me something about your work: for example, \"I'm a payroll clerk. What's my next problem to solve?\""
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Source(BaseModel):
    n: int
    id: str
    title: str
    kind: str
    heading: str
    snippet: str
    path: str

    def public(self) -> dict:
        return {"id": self.id, "title": self.title, "kind": self.kind, "heading": self.heading}


class Answer(BaseModel):
    question: str
    text: str
    sources: list[Source] = Field(default_factory=list, description="the cited sources, as numbered in text")
    retrieved: list[Source] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    error: str | None = None
    fallback: bool = False  # the text is retrieved guidance, not a model answer
    model: str = ""
    timings: dict[str, float] = Field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "sources": [s.public() for s in self.sources],
            "notices": self.notices,
            "error": self.error,
            "fallback": self.fallback,
            "model": self.model,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def clean_question(raw: str | bytes | None, limit: int) -> tuple[str, list[str]]:
    """Make any input safe to use: decode bytes, drop control characters, cut to ``limit``."""
    notices = []
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = _CONTROL.sub("", raw or "").strip()
    if text and text.count("\ufffd") > len(text) * 0.2:
        return "", ["That looked like binary data, not a question, so I ignored it."]
    if len(text) > limit:
        notices.append(
            f"Your message was {len(text):,} characters; I read the first {limit:,} "
            f"(the limit is set by COACH_MAX_QUESTION_CHARS)."
        )
        text = text[:limit].rstrip()
    return text, notices


def _to_source(n: int, hit: Hit) -> Source:
    snippet = hit.text if len(hit.text) <= SNIPPET_CHARS else hit.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return Source(
        n=n,
        id=hit.doc_id,
        title=hit.title,
        kind=hit.kind,
        heading=hit.heading,
        snippet=snippet,
        path=hit.path,
    )


def guidance_text(sources: Sequence[Source]) -> str:
    """The retrieved guidance itself, shown when the model cannot answer."""
    if not sources:
        return "I found no guidance in the knowledge base for that question."
    lines = ["Here is the guidance I found for your question (retrieved, not written by a model):"]
    lines += [f"- **{s.title}** — {s.heading}: {s.snippet} [{s.n}]" for s in sources]
    return "\n".join(lines)


class AnswerStream:
    """Iterate for text deltas as they arrive; afterwards ``answer`` holds the finished Answer."""

    def __init__(self, coach: Coach, question: str, history: Sequence[dict]):
        self.answer: Answer | None = None
        self._events = coach._run(question, history, self)

    def __iter__(self) -> Iterator[str]:
        return self._events


class Coach:
    """Answers questions from the indexed guidance. Build with ``coach.service.build_coach``."""

    def __init__(
        self,
        settings: Settings,
        chat_model: BaseChatModel,
        retriever: HybridRetriever,
        embedder: Embeddings | None = None,
    ):
        self.settings = settings
        self.chat_model = chat_model
        self.retriever = retriever
        self.embedder = embedder

    def stream(self, question: str | bytes | None, history: Sequence[dict] = ()) -> AnswerStream:
        return AnswerStream(self, question, history)

    def ask(self, question: str | bytes | None, history: Sequence[dict] = ()) -> Answer:
        stream = self.stream(question, history)
        for _ in stream:
            pass
        assert stream.answer is not None
        return stream.answer

    def _messages(self, question: str, sources: list[Source], hits: list[Hit], history) -> list[BaseMessage]:
        prompt = load_prompt(self.settings.prompts_dir, "answer")
        system, user = prompt.render(
            question=question,
            sources=[
                {"n": s.n, "title": s.title, "heading": s.heading, "text": h.text[:SOURCE_CHARS]}
                for s, h in zip(sources, hits)
            ],
        )
        messages: list[BaseMessage] = [SystemMessage(system)]
        turns = (
            list(history)[-2 * self.settings.max_history_turns :] if self.settings.max_history_turns else []
        )
        for turn in turns:
            content = str(turn.get("content", ""))[:HISTORY_CHARS]
            messages.append(HumanMessage(content) if turn.get("role") == "user" else AIMessage(content))
        messages.append(HumanMessage(user))
        return messages

    def _search_query(self, question: str, history: Sequence[dict]) -> str:
        # A short follow-up ("and for nurses?") needs the previous question to retrieve well.
        if len(question.split()) < 6:
            previous = [t["content"] for t in history if t.get("role") == "user"]
            if previous:
                return f"{previous[-1][:300]} {question}"
        return question

    def _run(self, raw: str | bytes | None, history: Sequence[dict], out: AnswerStream) -> Iterator[str]:
        started = time.perf_counter()
        question, notices = clean_question(raw, self.settings.max_question_chars)
        answer = Answer(question=question, text="", notices=notices, model=self.settings.describe_chat())
        if not question:
            answer.text = EMPTY_REPLY
            out.answer = answer
            yield answer.text
            return

        hits = self.retriever.search(self._search_query(question, history))
        retrieved = [_to_source(i + 1, h) for i, h in enumerate(hits)]
        answer.retrieved = retrieved
        answer.timings["retrieve_s"] = time.perf_counter() - started

        parts: list[str] = []
        try:
            for chunk in self.chat_model.stream(self._messages(question, retrieved, hits, history)):
                delta = chunk.content if isinstance(chunk.content, str) else ""
                if not delta:
                    continue
                if not parts:
                    answer.timings["first_token_s"] = time.perf_counter() - started
                parts.append(delta)
                yield delta
                if time.perf_counter() - started > self.settings.request_timeout:
                    raise TimeoutError(f"no complete answer within {self.settings.request_timeout:g}s")
        except Exception as exc:  # any endpoint failure: refused, timed out, 4xx/5xx, bad payload
            answer.error = f"The chat model ({self.settings.describe_chat()}) did not answer: {_reason(exc)}"
            answer.fallback = True
            answer.text, answer.sources = guidance_text(retrieved), retrieved
            answer.timings["total_s"] = time.perf_counter() - started
            out.answer = answer
            yield "\n\n" + answer.text
            return

        text = "".join(parts).strip()
        if not text:
            answer.error = "The chat model returned an empty answer."
            answer.fallback = True
            answer.text, answer.sources = guidance_text(retrieved), retrieved
            yield answer.text
        else:
            text = attribute_uncited(drop_repeats(text), [h.text for h in hits])
            text, order = clean_citations(text, len(retrieved))
            answer.text = text
            answer.sources = [
                retrieved[old - 1].model_copy(update={"n": new}) for new, old in enumerate(order, 1)
            ]
        answer.timings["total_s"] = time.perf_counter() - started
        answer.timings["chunks"] = float(len(parts))
        out.answer = answer


def drop_repeats(text: str) -> str:
    """Remove sentences a model already said (small models fall into loops), keeping layout."""
    pieces = re.split(r"((?<=[.!?])[ \t]+|\n+)", text)
    seen: set[str] = set()
    for i in range(0, len(pieces), 2):  # even items are sentences, odd ones separators
        key = re.sub(r"\W+", " ", pieces[i]).strip().lower()
        if key in seen:
            pieces[i] = ""
            if i + 1 < len(pieces):
                pieces[i + 1] = ""
        elif key:
            seen.add(key)
    return "".join(pieces).strip()


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return f"it timed out ({text or name})."
    if "Connection" in name:
        return f"could not connect ({text or name}). Is the endpoint running?"
    return f"{name}: {text}"[:300]
