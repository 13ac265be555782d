"""Embedders behind the seam: each carries the name the index records."""

from coach.config import Settings
from coach.llm.embeddings import HashingEmbedder, build_embedder


def test_openai_compatible_embedder_builds_with_its_name():
    # LangChain's client refuses extra attributes; the wrapper keeps the name outside it.
    embedder = build_embedder(Settings(embedder="openai", base_url="http://127.0.0.1:9/v1"))
    assert embedder.name == "openai:text-embedding-3-small"


def test_hashing_embedder_is_deterministic_and_word_sensitive():
    emb = HashingEmbedder()
    assert emb.embed_query("payroll exceptions") == emb.embed_query("payroll exceptions")
    assert emb.embed_query("payroll exceptions") != emb.embed_query("wiring panels")
