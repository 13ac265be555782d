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
