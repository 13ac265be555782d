from pathlib import Path

import pytest
from pydantic import ValidationError

from coach.config import Settings, load_settings


def test_settings_come_from_coach_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "openai")
    monkeypatch.setenv("COACH_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("COACH_MODEL", "llama3.2")
    monkeypatch.setenv("COACH_API_KEY", "sk-test")
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACH_RETRIEVAL_K", "7")
    s = load_settings()
    assert (s.chat_provider, s.base_url, s.model) == ("openai", "http://localhost:11434/v1", "llama3.2")
    assert s.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(s)  # secrets never show up in logs
    assert s.index_dir == Path(tmp_path) / "index"
    assert s.retrieval_k == 7


def test_defaults_are_offline_and_embedded(monkeypatch):
    for name in ("COACH_CHAT_PROVIDER", "COACH_EMBEDDER", "COACH_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    s = Settings()
    assert s.chat_provider == "embedded" and s.embedder == "minilm"
    assert not s.is_remote


def test_remote_endpoint_is_flagged_but_local_servers_are_not():
    assert Settings(chat_provider="openai", base_url="https://api.openai.com/v1").is_remote
    assert not Settings(chat_provider="openai", base_url="http://127.0.0.1:8000/v1").is_remote
    assert not Settings(chat_provider="openai", base_url="http://localhost:11434/v1").is_remote


def test_invalid_values_are_rejected_with_the_field_named(monkeypatch):
    monkeypatch.setenv("COACH_RETRIEVAL_K", "0")
    with pytest.raises(ValidationError, match="retrieval_k"):
        load_settings()


# --- loopback is decided by what a host resolves to, failing closed ---------------------------------
@pytest.fixture
def resolver(monkeypatch):
    """``socket.getaddrinfo`` answering from a table, so no test ever asks DNS; records each name asked."""
    import socket

    from coach import config

    monkeypatch.setattr(config, "_LOOPBACK_CACHE", {})
    table: dict[str, list[str]] = {}
    asked: list[str] = []

    def getaddrinfo(host, *args, **kwargs):
        asked.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 0)) for ip in table[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table, asked


def _remote_chat(url: str) -> bool:
    return Settings(chat_provider="openai", base_url=url).is_remote


def test_a_host_that_only_starts_with_127_is_remote(resolver):
    table, asked = resolver
    table["127.evil.example"] = ["203.0.113.7"]
    table["127.0.0.1.nip.io"] = ["198.51.100.9"]  # what such a name resolves to is up to its owner
    assert _remote_chat("http://127.evil.example/v1")
    assert _remote_chat("http://127.0.0.1.nip.io:8000/v1")
    assert asked == ["127.evil.example", "127.0.0.1.nip.io"]


def test_a_host_that_does_not_resolve_is_remote(resolver):
    assert _remote_chat("http://127.nowhere.invalid/v1")  # unresolvable: fail closed


def test_a_name_counts_as_local_only_when_every_address_is_loopback(resolver):
    table, _ = resolver
    table["llm.internal"] = ["127.0.0.1"]
    table["mixed.internal"] = ["127.0.0.1", "10.0.0.8"]
    assert not _remote_chat("http://llm.internal:8080/v1")
    assert _remote_chat("http://mixed.internal:8080/v1")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/v1", "http://127.5.6.7/v1", "http://[::1]:8000/v1", "http://localhost:11434/v1"],
)
def test_loopback_literals_and_localhost_are_local_without_resolving(resolver, url):
    _, asked = resolver
    assert not _remote_chat(url)
    assert asked == []


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5/v1", "http://[2001:db8::1]/v1", "http://0.0.0.0:8000/v1", "nonsense"]
)
def test_other_addresses_are_remote(resolver, url):
    assert _remote_chat(url)


def test_redaction_defaults_to_auto_and_reads_coach_redact(monkeypatch):
    monkeypatch.delenv("COACH_REDACT", raising=False)
    assert Settings().redact == "auto"
    monkeypatch.setenv("COACH_REDACT", "always")
    assert load_settings().redact == "always"
    monkeypatch.setenv("COACH_REDACT", "sometimes")
    with pytest.raises(ValidationError, match="redact"):
        load_settings()


def test_redaction_applies_per_endpoint(resolver):
    local, remote = "http://127.0.0.1:8000/v1", "https://api.example.com/v1"
    chat = Settings(chat_provider="openai", base_url=remote, embedder="openai", embed_base_url=local)
    assert chat.redacts_chat and not chat.redacts_embeddings  # auto: only what leaves the machine
    embed = chat.model_copy(update={"base_url": local, "embed_base_url": remote})
    assert not embed.redacts_chat and embed.redacts_embeddings
    assert chat.model_copy(update={"redact": "always"}).redacts_embeddings  # even on loopback
    assert not chat.model_copy(update={"redact": "never"}).redacts_chat
    offline = Settings(chat_provider="embedded", embedder="minilm", redact="always")
    assert not offline.redacts_chat and not offline.redacts_embeddings  # nothing is sent anywhere
