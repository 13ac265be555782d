"""The Chroma server engine against a real `chroma run` (tests/fixtures_chroma.py): builds and
incremental updates through ``build_index``/``ensure_index``, scoped search through
``HybridRetriever``, the CLI, and a server that goes down and comes back. Each test has its own
collection; the server-down tests run a server of their own."""

import socket
import threading
import time

import pytest

from coach.cli.main import main
from coach.domain.principal import CORPUS, Scope
from coach.llm.embeddings import HashingEmbedder
from coach.retrieval import chroma_server as engine
from coach.retrieval.chroma_server import ChromaServerIndex
from coach.retrieval.hybrid import HybridRetriever
from coach.retrieval.indexing import build_index, ensure_index, index_status
from coach.retrieval.vector_index import IndexUnavailable, Record, open_index, scope_metadata
from tests.factories import CountingEmbedder
from tests.fixtures_chroma import start_chroma

T1 = Scope(kind="team", owner="t1")
T2 = Scope(kind="team", owner="t2")


def team_record(rid: str, scope: Scope, text: str, embedder) -> Record:
    metadata = {"doc_id": f"{scope.key}/{rid}", "kind": "role", "title": rid, "heading": "Notes"}
    return Record(rid, text, {**metadata, **scope_metadata(scope)}, embedder.embed_query(text))


def test_the_url_picks_the_server_engine_and_no_local_folder_is_made(server_settings):
    index = open_index(server_settings)
    assert isinstance(index, ChromaServerIndex) and index.name == server_settings.chroma_collection
    build_index(server_settings, HashingEmbedder())
    assert index.count() > 0
    assert not server_settings.index_dir.exists()  # the chunks are on the server only


def test_a_build_embeds_everything_once_and_a_second_embeds_nothing(server_settings):
    embedder = CountingEmbedder()
    report = build_index(server_settings, embedder)
    assert report.documents == 5 and report.added == embedder.embedded > 0
    index = open_index(server_settings)
    assert index.count() == report.added
    assert index.info()["embedder"] == "hash-384" and index.info()["built_chunks"] == report.added
    assert index_status(index, embedder, server_settings.knowledge_dir)[0] == "ok"
    again = CountingEmbedder()
    assert ensure_index(server_settings, again) is None  # the start-up fast path
    assert build_index(server_settings, again).added == 0 and again.embedded == 0


def test_an_edited_and_a_deleted_document_are_updated_and_removed(server_settings):
    build_index(server_settings, CountingEmbedder())
    root = server_settings.knowledge_dir
    edited = root / "roles/electrician.md"
    edited.write_text(edited.read_text().replace("following the electrical code", "to code, safely"))
    (root / "sectors/hr.md").unlink()
    embedder = CountingEmbedder()
    report = ensure_index(server_settings, embedder)
    assert report is not None and embedder.embedded == 1 and report.added == 1  # the edited section
    assert report.removed == 2  # its old section and the deleted document
    records = open_index(server_settings).records(CORPUS)
    assert "sector/hr" not in {r.metadata["doc_id"] for r in records}
    texts = [r.text for r in records if r.metadata["doc_id"] == "role/electrician"]
    assert any("to code, safely" in t for t in texts)
    assert not any("following the electrical code" in t for t in texts)


def test_a_rebuild_deletes_only_its_own_collection(server_settings, chroma_server):
    embedder = HashingEmbedder()
    neighbour = ChromaServerIndex(chroma_server.url, f"{server_settings.chroma_collection}-other")
    neighbour.create({"embedder": "other", "schema": "2"})
    neighbour.add([team_record("n1", T1, "another deployment's note", embedder)])
    build_index(server_settings, embedder)
    counting = CountingEmbedder()
    report = build_index(server_settings, counting, rebuild=True)
    assert report.rebuilt and counting.embedded == report.added == open_index(server_settings).count()
    assert neighbour.ids() == {"n1"}  # a deployment sharing the server is untouched


def test_scoped_search_never_leaks_another_teams_chunks(server_settings):
    embedder = HashingEmbedder()
    build_index(server_settings, embedder)
    index = open_index(server_settings)
    index.add(
        [
            team_record("t1-rota", T1, "night shift rota for the warehouse crew", embedder),
            team_record("t2-rota", T2, "night shift rota secret bonus scheme", embedder),
        ]
    )
    retriever = HybridRetriever(server_settings, embedder, index)
    hits = retriever.search("night shift rota secret bonus scheme", [CORPUS, T1], k=10)
    assert "t1-rota" in {h.chunk_id for h in hits}
    assert {h.scope for h in hits} <= {"corpus", "team:t1"}  # t2's matching words never reach t1
    own = retriever.search("night shift rota secret bonus scheme", [T2], k=10)
    assert [h.chunk_id for h in own] == ["t2-rota"]
    index.delete(["t2-rota"])
    retriever.refresh(T2)
    assert retriever.search("night shift rota secret bonus scheme", [T2], k=10) == []
    corpus = retriever.search("payroll clerk wages and deductions", [CORPUS], k=3)
    assert corpus[0].doc_id == "role/payroll-clerk"


def test_the_cli_indexes_and_doctor_names_the_server(server_settings, monkeypatch, capsys):
    for name, value in {
        "COACH_DATA_DIR": server_settings.data_dir,
        "COACH_KNOWLEDGE_DIR": server_settings.knowledge_dir,
        "COACH_CHAT_PROVIDER": "fake",
        "COACH_EMBEDDER": "hash",
        "COACH_CHROMA_URL": server_settings.chroma_url,
        "COACH_CHROMA_COLLECTION": server_settings.chroma_collection,
    }.items():
        monkeypatch.setenv(name, str(value))
    main(["doctor"])  # its exit status also covers the models: only the index lines matter here
    assert "[FAIL] index: missing" in capsys.readouterr().out  # nothing indexed yet
    assert main(["index"]) == 0
    assert "chunks embedded" in capsys.readouterr().out
    main(["doctor"])
    out = capsys.readouterr().out
    assert f"Chroma server at {server_settings.chroma_url}" in out and "[ok] index" in out
    assert main(["ask", "--json", "payroll clerk wages and deductions"]) == 0
    assert '"role/payroll-clerk"' in capsys.readouterr().out


def test_a_down_server_is_unavailable_then_works_again_with_its_data(corpus_settings, tmp_path, capsys):
    server = start_chroma(tmp_path)
    settings = corpus_settings.model_copy(update={"chroma_url": server.url, "chroma_collection": "coach"})
    embedder = CountingEmbedder()
    try:
        build_index(settings, embedder)
        index = open_index(settings)
        retriever = HybridRetriever(settings, embedder, index)
        count = index.count()
        server.stop()

        began = time.monotonic()
        health, message = index.health()
        assert health == "unavailable"
        assert server.url in message and "chroma run" in message and "COACH_CHROMA_URL" in message
        fresh = open_index(settings)  # a new process: its first call fails the same way
        calls = [
            index.count,
            index.ids,
            index.info,
            index.verify,
            index.reset,
            lambda: index.records(CORPUS),
            lambda: index.query([1.0] * 384, 3, [CORPUS]),
            lambda: index.add([team_record("x", T1, "a note", embedder)]),
            lambda: index.delete(["x"]),
            lambda: index.set_info({"built_corpus": None}),
            lambda: index.create({"embedder": "other", "schema": "2"}),
            fresh.count,
            lambda: retriever.search("payroll wages", [CORPUS]),
        ]
        for call in calls:
            with pytest.raises(IndexUnavailable, match="cannot be reached") as raised:
                call()
            assert raised.value.state == "unavailable"
        assert index_status(fresh, embedder, settings.knowledge_dir)[0] == "unavailable"
        with pytest.raises(IndexUnavailable, match="chroma run"):
            ensure_index(settings, embedder)  # reported, never rebuilt
        assert time.monotonic() - began < 10  # a refused connection fails at once

        server.start()  # same path, same port
        assert index.health() == ("ok", f"{count} chunks indexed.")
        assert embedder.embedded == count  # nothing embedded since the first build
        assert ensure_index(settings, embedder) is None and embedder.embedded == count
        assert retriever.search("payroll clerk wages", [CORPUS], k=1)[0].doc_id == "role/payroll-clerk"
        assert index.ids(T1) == set()  # the add tried while it was down did not half-happen
    finally:
        server.stop()


def test_a_server_that_never_answers_times_out(monkeypatch):
    """Accepts the connection, never replies: the heartbeat's timeout bounds the wait."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    monkeypatch.setattr(engine, "HEARTBEAT_TIMEOUT", 0.5)
    index = ChromaServerIndex(f"http://127.0.0.1:{listener.getsockname()[1]}")
    began = time.monotonic()
    health, message = index.health()
    assert health == "unavailable" and "did not answer in time" in message
    assert time.monotonic() - began < 3
    for conn in accepted:
        conn.close()
    listener.close()


def _error_of(call) -> list[Exception]:
    try:
        call()
    except Exception as exc:
        return [exc]
    return []


class StallingProxy:
    """A TCP proxy to ``port`` that can stop passing bytes on (a server hung mid-request)."""

    def __init__(self, port: int):
        self.port, self.stalled = port, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client = self.listener.accept()[0]
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if not self.stalled.is_set():
                    sink.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()


def test_a_server_that_hangs_mid_use_times_out_and_recovers(chroma_server, chroma_collection, monkeypatch):
    monkeypatch.setattr(engine, "TIMEOUT", 1.0)  # the client's reads, set when it is made
    proxy = StallingProxy(chroma_server.port)
    try:
        index = ChromaServerIndex(proxy.url, chroma_collection)
        index.create({"embedder": "test", "schema": "2"})
        assert index.count() == 0
        proxy.stalled.set()
        raised: list[Exception] = []
        caller = threading.Thread(target=lambda: raised.extend(_error_of(index.count)), daemon=True)
        caller.start()
        caller.join(5)  # in a thread: without the timeout this would wait forever
        assert not caller.is_alive(), "a hung server hung the caller"
        assert isinstance(raised[0], IndexUnavailable) and "did not answer in time" in str(raised[0])
        proxy.stalled.clear()
        assert index.count() == 0  # a new connection: working again
    finally:
        proxy.close()


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://host:8000", "http://", "http://host:8000/x"])
def test_a_malformed_url_is_a_settings_error(url, settings):
    with pytest.raises(ValueError, match="chroma_url"):
        settings.model_validate({**settings.model_dump(), "chroma_url": url})
