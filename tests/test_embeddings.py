"""Embedders behind the seam: each carries the name the index records."""

import pytest

from coach.config import Settings
from coach.llm.embeddings import HashingEmbedder, build_embedder
from tests.openai_server import ScriptedOpenAIServer


def test_openai_compatible_embedder_builds_with_its_name():
    # LangChain's client refuses extra attributes; the wrapper keeps the name outside it.
    embedder = build_embedder(Settings(embedder="openai", base_url="http://127.0.0.1:9/v1"))
    assert embedder.name == "openai:text-embedding-3-small"


def test_hashing_embedder_is_deterministic_and_word_sensitive():
    emb = HashingEmbedder()
    assert emb.embed_query("payroll exceptions") == emb.embed_query("payroll exceptions")
    assert emb.embed_query("payroll exceptions") != emb.embed_query("wiring panels")


PERSONAL = "I'm Ana Pérez, ana.perez@example.com, born 12/03/1985, a payroll clerk using SAP."


@pytest.mark.parametrize("redact", ["always", "auto"])
def test_openai_embedder_redacts_queries_and_documents_when_redaction_applies(redact):
    with ScriptedOpenAIServer() as server:
        settings = Settings(embedder="openai", embed_base_url=server.base_url, redact=redact)
        embedder = build_embedder(settings)
        assert embedder.embed_query(PERSONAL) == [0.1, 0.2, 0.3]
        assert len(embedder.embed_documents([PERSONAL, "My manager John Smith uses Excel."])) == 2
    sent = "\n".join(server.embedded)
    assert len(server.embedded) == 3
    if redact == "always":
        for secret in ("Ana Pérez", "ana.perez", "12/03/1985", "John Smith"):
            assert secret not in sent
        assert "payroll clerk" in sent and "SAP" in sent and "Excel" in sent
    else:  # auto: a loopback endpoint gets the text as it is
        assert "Ana Pérez" in sent and "John Smith" in sent


def test_openai_embedder_to_a_remote_host_redacts_by_default(monkeypatch):
    settings = Settings(embedder="openai", embed_base_url="https://embeddings.example.com/v1")
    embedder = build_embedder(settings)
    assert embedder.redacts  # the host does not resolve here (no DNS in tests): not local, so redacted
    sent: list[list[str]] = []
    monkeypatch.setattr(
        embedder, "_client", type("Client", (), {"embed_documents": lambda self, t: sent.append(t)})()
    )
    embedder.embed_documents([PERSONAL])
    assert "Ana Pérez" not in sent[0][0] and "[name]" in sent[0][0]
