"""A real Chroma server (`chroma run`) for the test session, for the server engine's tests.

``chroma_server`` starts ``chroma run`` from the virtualenv (next to ``sys.executable``) on a free
port of 127.0.0.1, with its data in a temp dir, waits for its heartbeat and stops it at the end
of the session; where the executable is missing or the server will not start, the tests that
need it skip with the reason. Each test gets its own collection (``chroma_collection``), so tests
never see each other's chunks. ``ChromaServer.stop`` and ``start`` let a test take its own
server down and bring it back on the same path and port.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

START_TIMEOUT_S = 30


def chroma_executable() -> Path:
    return Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ChromaServer:
    """One `chroma run` process on 127.0.0.1, its data in ``path``."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.started_in_s = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChromaServer:
        """Start it and wait for its heartbeat; RuntimeError with its log when it will not come up."""
        began = time.monotonic()
        log = (self.path.parent / f"chroma-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [str(chroma_executable()), "run", "--path", str(self.path), "--host", "127.0.0.1"]
            + ["--port", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        while time.monotonic() - began < START_TIMEOUT_S:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).is_success:
                    self.started_in_s = time.monotonic() - began
                    return self
            time.sleep(0.05)
        self.stop()
        tail = (self.path.parent / f"chroma-{self.port}.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"chroma run did not answer on port {self.port} in {START_TIMEOUT_S}s\n{tail}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


def start_chroma(root: Path) -> ChromaServer:
    """A server with its data under ``root``, started; skips the test where none can start."""
    if not chroma_executable().is_file():
        pytest.skip(f"no chroma executable at {chroma_executable()} (chromadb not installed here)")
    try:
        return ChromaServer(root / "chroma").start()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"chroma run did not start: {exc}")


@pytest.fixture(scope="session")
def chroma_server() -> Iterator[ChromaServer]:
    """One Chroma server for the test session (about a second to start)."""
    root = Path(tempfile.mkdtemp(prefix="coach-chroma-"))
    try:
        server = start_chroma(root)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def chroma_collection() -> str:
    """A collection name no other test uses."""
    return f"t-{uuid.uuid4().hex[:16]}"


@pytest.fixture
def server_settings(corpus_settings, chroma_server: ChromaServer, chroma_collection: str):
    """``corpus_settings`` with the index on the session's Chroma server, in a fresh collection."""
    return corpus_settings.model_copy(
        update={"chroma_url": chroma_server.url, "chroma_collection": chroma_collection}
    )
