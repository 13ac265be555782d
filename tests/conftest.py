"""Shared fixtures: settings pointed at a temp dir, fake providers, and a network tripwire."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import hypothesis
import pytest

from coach.config import PROJECT_ROOT, Settings

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
pytest_plugins = ["tests.fixtures_db", "tests.fixtures_browser", "tests.fixtures_chroma"]

# Property tests (tests/test_fuzz.py): a fixed budget and a fixed seed, so CI runs the same
# examples every time; HYPOTHESIS_PROFILE=explore searches further, at random.
hypothesis.settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture, hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.register_profile("explore", max_examples=2000, deadline=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # Unix sockets and the like never leave the machine.
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any connection that would leave this machine; loopback servers stay allowed."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address):
            if not _is_loopback(address):
                raise RuntimeError(f"tests must not touch the network (tried {address!r})")
            return method(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))

    def no_dns(host, *args, **kwargs):
        if not _is_loopback((host, 0)):
            raise RuntimeError(f"tests must not resolve remote hosts (tried {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """One folder per test run for models assembled from part packages (mpnet: about 10 s)."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture
def settings(tmp_path: Path, model_cache: Path) -> Settings:
    """Settings with all state in a temp dir, the fake chat model and the hashing embedder."""
    return Settings(
        data_dir=tmp_path / "data",
        model_cache=model_cache,
        chat_provider="fake",
        embedder="hash",
        request_timeout=5,
    )


@pytest.fixture
def shared_data() -> Path:
    """The open research data folder (../shared/data); skips when it is absent."""
    if not (SHARED_DATA / "gpts-are-gpts" / "full_labelset.tsv").exists():
        pytest.skip(f"open data not found at {SHARED_DATA}")
    return SHARED_DATA


SAMPLE_DOCS = {
    "roles/payroll-clerk.md": """---
id: role/payroll-clerk
kind: role
title: Payroll clerk
sectors: [sector/hr]
skills: [skill/verifying-ai-output]
---
# Payroll clerk

## Summary
Payroll clerks compile timesheets, calculate wages and deductions, and answer pay questions.

## Next problems to solve
1. **Own payroll exceptions** — resolve cases software cannot. First step: list last month's exceptions.
""",
    "roles/electrician.md": """---
id: role/electrician
kind: role
title: Electrician
sectors: [sector/skilled-trades]
---
# Electrician

## Summary
Electricians install and repair wiring, panels and fixtures on site, following the electrical code.

## Typical tasks
- **Pull wire through conduit** — `human-core`: physical work in unpredictable buildings.
""",
    "skills/verifying-ai-output.md": """---
id: skill/verifying-ai-output
kind: skill
title: Verifying AI output
---
# Verifying AI output

## Summary
Check every figure, name and citation an AI assistant produces against a trusted source before use.
""",
    "sectors/hr.md": """---
id: sector/hr
kind: sector
title: Human resources
---
## Summary
HR teams use AI for drafting job posts and answering policy questions; judgment stays human.
""",
    "sectors/skilled-trades.md": """---
id: sector/skilled-trades
kind: sector
title: Skilled trades
---
## Summary
Trades work is physical; AI helps with quotes, scheduling and code lookups.
""",
}


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> Path:
    """A small knowledge folder written fresh for each test."""
    root = tmp_path / "knowledge"
    for rel, text in SAMPLE_DOCS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def corpus_settings(settings: Settings, tmp_corpus: Path) -> Settings:
    """Test settings reading the small temp corpus."""
    return settings.model_copy(update={"knowledge_dir": tmp_corpus})


@pytest.fixture
def hash_embedder():
    from coach.llm.embeddings import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture
def tmp_index(corpus_settings: Settings, hash_embedder):
    """The small corpus, indexed in a temp dir with the hashing embedder (real Chroma)."""
    from coach.retrieval.indexing import build_index

    build_index(corpus_settings, hash_embedder)
    return corpus_settings
