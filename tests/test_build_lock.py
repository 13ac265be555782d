"""Index builds across processes (coach/retrieval/indexing.py, coach/storage/locks.py): two
processes starting on one data dir build once, the other waits and finds the index built; a lock
held by a process killed with SIGKILL is released by the kernel; a wait has a bound and a clear
message. Real processes, real Chroma, the hashing embedder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.config import PROJECT_ROOT
from coach.corpus.documents import corpus_chunks, load_corpus
from coach.llm.embeddings import HashingEmbedder
from coach.retrieval.indexing import LockTimeout, build_index, index_lock, index_status
from coach.retrieval.vector_index import open_index
from coach.services.uploads import UploadService
from coach.storage.database import Database

# A process that builds the index of ``knowledge`` in ``data`` once told to go, with an embedder
# slow enough (a second per batch) for the other process to arrive during the build.
BUILDER = """
import json, sys, time
from pathlib import Path
from coach.config import Settings
from coach.llm.embeddings import HashingEmbedder
from coach.retrieval.indexing import ensure_index
from coach.retrieval.vector_index import open_index

data, knowledge, out, go = (Path(a) for a in sys.argv[1:5])

class Slow(HashingEmbedder):
    embedded = 0
    def embed_documents(self, texts):
        time.sleep(1.0)
        Slow.embedded += len(texts)
        return super().embed_documents(texts)

settings = Settings(data_dir=data, knowledge_dir=knowledge, embedder="hash", chat_provider="fake")
out.with_suffix(".ready").touch()
while not go.exists():
    time.sleep(0.005)
started = time.monotonic()
report = ensure_index(settings, Slow())
seconds = time.monotonic() - started
index = open_index(settings)  # what this process reads now: the whole index, intact
out.write_text(json.dumps({"built": report is not None, "added": report.added if report else 0,
                           "embedded": Slow.embedded, "seconds": seconds, "count": index.count(),
                           "verified": index.verify() is None}))
"""

# A process that takes the build lock, says so, and holds it until killed.
HOLDER = """
import sys, time
from pathlib import Path
from coach.config import Settings
from coach.retrieval.indexing import index_lock

settings = Settings(data_dir=Path(sys.argv[1]), embedder="hash", chat_provider="fake")
with index_lock(settings):
    Path(sys.argv[2]).touch()
    time.sleep(600)
"""


def spawn(script: str, *args: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=PROJECT_ROOT, env=env)


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"the helper process exited with {proc.returncode}"
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


@pytest.fixture
def holder(settings):
    """A separate process holding the build lock of ``settings``' data dir: (process, pid)."""
    locked = settings.data_dir.parent / "locked"
    proc = spawn(HOLDER, settings.data_dir, locked)
    try:
        wait_for(locked, proc)
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_two_processes_starting_together_build_once(corpus_settings):
    data, knowledge = corpus_settings.data_dir, corpus_settings.knowledge_dir
    go = data.parent / "go"
    outs = [data.parent / f"builder-{i}.json" for i in range(2)]
    procs = [spawn(BUILDER, data, knowledge, out, go) for out in outs]
    try:
        for out, proc in zip(outs, procs, strict=True):
            wait_for(out.with_suffix(".ready"), proc)
        go.touch()  # both start now
        for proc in procs:
            assert proc.wait(timeout=120) == 0
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    results = [json.loads(out.read_text()) for out in outs]
    total = len(corpus_chunks(load_corpus(knowledge)[0]))
    winner, loser = sorted(results, key=lambda r: -r["embedded"])
    assert winner["built"] and winner["added"] == winner["embedded"] == total
    assert not loser["built"] and loser["embedded"] == 0  # it waited, looked again, found it built
    assert loser["seconds"] >= 1.0  # it did wait for the winner's (slow) embedding
    assert all(r["count"] == total and r["verified"] for r in results)
    index = open_index(corpus_settings)
    assert index_status(index, HashingEmbedder(), knowledge)[0] == "ok"
    assert index.verify() is None and index.count() == total


def test_a_lock_held_by_a_killed_process_is_released(settings, holder):
    waiting = rf"process {holder.pid} to finish building the knowledge index"
    with pytest.raises(LockTimeout, match=waiting), index_lock(settings, wait_s=0.3):
        pass
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=10) == -signal.SIGKILL
    started = time.monotonic()
    with index_lock(settings, wait_s=10):  # the kernel dropped the dead process's flock
        assert time.monotonic() - started < 2
    lock_file = settings.data_dir / "index.lock"
    assert lock_file.stat().st_mode & 0o777 == 0o600


def test_a_build_waits_its_bound_then_says_who_holds_the_lock(corpus_settings, holder, monkeypatch):
    from coach.retrieval import indexing

    monkeypatch.setattr(indexing, "LOCK_WAIT_S", 0.5)
    started = time.monotonic()
    with pytest.raises(LockTimeout, match=rf"Gave up after 0.5s waiting for process {holder.pid}"):
        build_index(corpus_settings, HashingEmbedder())
    assert 0.4 < time.monotonic() - started < 5
    assert open_index(corpus_settings).health()[0] == "missing"  # nothing was written meanwhile


def test_restoring_uploads_takes_the_build_lock(corpus_settings, holder):
    database = Database.from_settings(corpus_settings)
    try:
        uploads = UploadService(
            database,
            open_index(corpus_settings),
            HashingEmbedder(),
            None,
            0,
            lock=lambda: index_lock(corpus_settings, wait_s=0.3),
        )
        with pytest.raises(LockTimeout):
            uploads.restore()
    finally:
        database.close()


def test_threads_of_one_process_queue_too(settings):
    import threading

    order: list[str] = []

    def hold(name: str) -> None:
        with index_lock(settings, wait_s=10):
            order.append(f"{name} in")
            time.sleep(0.2)
            order.append(f"{name} out")

    threads = [threading.Thread(target=hold, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
