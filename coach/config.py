"""One settings object, read from ``COACH_*`` environment variables at the edge and passed down."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path:
    return Path.home() / ".career-coach"


def _default_model_cache() -> Path:
    return Path.home() / ".cache" / "career-coach"


class Settings(BaseSettings):
    """Everything configurable. Each field maps to ``COACH_<NAME>`` (see the README table)."""

    model_config = SettingsConfigDict(env_prefix="COACH_", extra="ignore")

    # Chat model: which wire format is fixed (OpenAI chat completions); these pick the endpoint.
    chat_provider: Literal["embedded", "openai", "fake"] = "embedded"
    base_url: str = "https://api.openai.com/v1"
    model: str = "gpt-4o-mini"
    api_key: SecretStr = SecretStr("")
    temperature: float = 0.2
    max_tokens: int = 450
    request_timeout: float = Field(60.0, gt=0, description="seconds before a chat request gives up")
    connect_timeout: float = Field(5.0, gt=0)
    max_retries: int = 1
    # Who writes the prose a person reads first: "composed" quotes the guidance sentences that
    # answer the question (no model, every sentence cited); "generated" asks the chat model and
    # keeps what the checks support. "auto": composed for the embedded model (fluent but not to be
    # trusted with facts), generated for any other endpoint.
    answer_style: Literal["auto", "composed", "generated"] = "auto"
    # What routes a message (coach, clarify, decline, support, redirect): "model" is the intent
    # classifier trained on labelled examples, inside the rules' crisis and surveillance nets;
    # "rules" is the hand-written rules alone.
    intent_router: Literal["model", "rules"] = "model"

    # The embedded llama.cpp runtime (used when chat_provider == "embedded").
    embedded_model_path: Path | None = None
    embedded_ctx: int = 4096  # tokens of context each conversation (slot) gets
    embedded_threads: int = 0  # 0 = all cores
    # Conversations the embedded server answers at once (llama.cpp slots, batched together). On
    # two cores one slot does better: with 8 conversations at once, 4 slots timed out on all 8
    # and 1 slot on 4 (benchmarks/bench_concurrency.py). Raise it on machines with more cores.
    embedded_parallel: int = Field(1, ge=1, le=32)

    # Embeddings.
    embedder: Literal["minilm", "hash", "openai"] = "minilm"
    embed_model: str = "text-embedding-3-small"
    embed_base_url: str | None = None  # defaults to base_url for the "openai" embedder

    # Personal data in requests to an OpenAI-compatible endpoint (chat and embeddings): "auto"
    # redacts when the endpoint's host is not loopback, "always" even when it is, "never" not at all.
    redact: Literal["auto", "always", "never"] = "auto"

    # Task-exposure mapping: all-mpnet-base-v2 as a second encoder, when its part packages are
    # installed (kappa 0.604 instead of 0.596, about 5x slower; docs/exposure.md). Off: faster.
    exposure_mpnet: bool = True
    # A task label whose calibrated confidence is below this is shown as "unsure" (the best
    # guess stays visible). None: the threshold grouped cross-validation chose, stored with the
    # calibration (coach/exposure/weights/calibration_v1.json); 0 turns it off.
    unsure_below: float | None = Field(None, ge=0, le=1)
    # Model weights assembled from part packages (not personal data, so outside data_dir).
    model_cache: Path = Field(default_factory=_default_model_cache)

    # Storage and corpus.
    data_dir: Path = Field(default_factory=_default_data_dir)
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # Retrieval and input limits.
    retrieval_k: int = Field(5, ge=1, le=20)
    max_question_chars: int = Field(2000, ge=50)
    max_history_turns: int = Field(6, ge=0)
    max_tasks: int = Field(30, ge=1, description="`coach map-tasks` maps at most this many tasks")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def is_remote(self) -> bool:
        """True when text leaves this machine (a configured remote endpoint)."""
        return self.chat_provider == "openai" and not _is_local_url(self.base_url)

    @property
    def embed_url(self) -> str:
        return self.embed_base_url or self.base_url

    def redacts(self, url: str) -> bool:
        """Whether a request to the OpenAI-compatible endpoint at ``url`` is redacted first."""
        return self.redact == "always" or self.redact == "auto" and not _is_local_url(url)

    @property
    def redacts_chat(self) -> bool:
        return self.chat_provider == "openai" and self.redacts(self.base_url)

    @property
    def redacts_embeddings(self) -> bool:
        return self.embedder == "openai" and self.redacts(self.embed_url)

    @property
    def composes(self) -> bool:
        """True when the pipeline, not the chat model, writes the answer's prose."""
        if self.answer_style == "auto":
            return self.chat_provider == "embedded"
        return self.answer_style == "composed"

    def describe_chat(self) -> str:
        """A short human label of the chat model in use, for the UI and `coach doctor`."""
        if self.chat_provider == "embedded":
            return "SmolLM2-135M-Instruct (embedded, llama.cpp, offline)"
        if self.chat_provider == "fake":
            return "fake chat model (tests)"
        return f"{self.model} at {self.base_url}"

    # Accounts: "none" = one person on their own machine, no sign-in; "local" = accounts with
    # passwords and invites on one server; "oidc" = single sign-on through st.login (secrets.toml).
    auth: Literal["none", "local", "oidc"] = "none"
    session_hours: float = Field(12.0, gt=0, description="a sign-in lasts this long")
    signin_max_failures: int = Field(5, ge=1, description="failed sign-ins per name before a pause")
    signin_lockout_minutes: float = Field(15.0, gt=0)
    invite_days: int = Field(7, ge=1, description="an invite code expires after this many days")
    upload_max_mb: float = Field(20.0, gt=0, description="largest team upload, in megabytes")
    insights_min_group: int = Field(
        5, ge=3, description="team insights count at least this many distinct members, or show nothing"
    )

    # Profiles and privacy
    # A SQLAlchemy URL; None means sqlite:///{data_dir}/coach.db. Kept out of repr: it may hold a password.
    database_url: str | None = Field(None, repr=False)

    # The knowledge index on a Chroma server (`chroma run`), shared by app processes on several
    # machines; empty = a local Chroma under data_dir. Deployments sharing one server each name
    # their own collection.
    chroma_url: str = Field("", pattern=r"^(https?://[^/\s]+/?)?$", description="e.g. http://127.0.0.1:8000")
    chroma_collection: str = Field("knowledge", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$")


def is_loopback_host(host: str) -> bool:
    """True only when ``host`` certainly means this machine: a loopback IP literal, ``localhost``,
    or a name whose every address is loopback. A name that does not resolve is not local (fail
    closed), so "127.evil.example" or "127.0.0.1.nip.io" count only for what they resolve to."""
    import ipaddress
    import socket

    host = host.strip().strip("[]").lower()
    if not host:
        return False
    if host == "localhost":
        return True

    def loopback_ip(text: str) -> bool | None:
        try:
            ip = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone ("::1%lo")
        except ValueError:
            return None
        mapped = getattr(ip, "ipv4_mapped", None)
        return (mapped or ip).is_loopback

    literal = loopback_ip(host)
    if literal is not None:
        return literal
    now = time.monotonic()
    cached = _LOOPBACK_CACHE.get(host)
    if cached and now - cached[1] < _LOOPBACK_TTL_S:
        return cached[0]
    try:
        infos = socket.getaddrinfo(host, None)
        local = bool(infos) and all(loopback_ip(str(info[4][0])) for info in infos)
    except Exception:  # unresolvable (or resolution refused): not local
        local = False
    _LOOPBACK_CACHE[host] = (local, now)
    return local


# Host -> (loopback?, when decided): the UI asks on every render; names are re-resolved each minute.
_LOOPBACK_CACHE: dict[str, tuple[bool, float]] = {}
_LOOPBACK_TTL_S = 60.0


def _is_local_url(url: str) -> bool:
    from urllib.parse import urlparse

    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # a malformed URL is not local
        return False
    return is_loopback_host(host)


def load_settings(**overrides) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)
