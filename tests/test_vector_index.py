"""The VectorIndex engines, each test on both: the local persistent Chroma in a temp folder
(``local``) and a collection on a real `chroma run` server (``server``, tests/fixtures_chroma.py)."""

from collections.abc import Callable

import pytest

from coach.domain.principal import CORPUS, Scope
from coach.retrieval.chroma_server import ChromaServerIndex
from coach.retrieval.vector_index import (
    ChromaCollectionIndex,
    IndexUnavailable,
    LocalChromaIndex,
    Record,
    scope_metadata,
)

T1 = Scope(kind="team", owner="t1")
U1 = Scope(kind="user", owner="u1")

OpenIndex = Callable[[str], ChromaCollectionIndex]  # a name -> that index; one name, one store


def rec(rid: str, scope: Scope, vector: list[float], text: str = "", kind: str = "role") -> Record:
    metadata = {"doc_id": f"doc/{rid}", "kind": kind, **scope_metadata(scope)}
    return Record(id=rid, text=text or f"text of {rid}", metadata=metadata, vector=vector)


@pytest.fixture(params=["local", "server"])
def open_engine(request, tmp_path, chroma_collection) -> OpenIndex:
    """Opens a named index of the engine under test (fresh for this test)."""
    if request.param == "local":
        return lambda name: LocalChromaIndex(tmp_path / name)
    server = request.getfixturevalue("chroma_server")
    return lambda name: ChromaServerIndex(server.url, f"{chroma_collection}-{name}")


@pytest.fixture
def index(open_engine: OpenIndex) -> ChromaCollectionIndex:
    index = open_engine("index")
    index.create({"embedder": "test", "schema": "2"})
    index.add(
        [
            rec("c1", CORPUS, [1.0, 0.0, 0.0], "corpus words"),
            rec("c2", CORPUS, [0.0, 1.0, 0.0]),
            rec("t1", T1, [0.0, 0.0, 1.0], "team words"),
            rec("u1", U1, [1.0, 1.0, 0.0]),
        ]
    )
    return index


def test_health_goes_missing_then_ok_and_info_is_kept(open_engine):
    index = open_engine("index")
    assert index.health()[0] == "missing"
    with pytest.raises(IndexUnavailable, match="coach index"):
        index.count()
    index.create({"embedder": "hash-3", "schema": "2"})
    assert index.health()[0] == "missing"  # created but empty
    index.add([rec("a", CORPUS, [1.0, 0.0, 0.0])])
    assert index.health() == ("ok", "1 chunks indexed.")
    assert index.info()["embedder"] == "hash-3" and index.info()["schema"] == "2"
    index.create({"embedder": "hash-3", "schema": "2"})  # idempotent: keeps what is there
    assert index.count() == 1


def test_corrupted_folder_is_broken_and_reset_removes_it(tmp_path):
    """The local engine only: a server's files are the server's."""
    from chromadb.api.client import SharedSystemClient

    index = LocalChromaIndex(tmp_path / "index")
    index.create({"embedder": "test", "schema": "2"})
    index.add([rec("c1", CORPUS, [1.0, 0.0, 0.0], "corpus words")])

    SharedSystemClient.clear_system_cache()
    (index.path / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    fresh = LocalChromaIndex(index.path)
    health, message = fresh.health()
    assert health == "broken" and str(index.path) in message
    with pytest.raises(IndexUnavailable, match="unreadable"):
        fresh.count()
    fresh.reset()
    assert not index.path.exists()
    assert fresh.health()[0] == "missing"


def test_reset_removes_the_chunks_and_a_new_build_starts_empty(index, open_engine):
    index.reset()
    assert index.health()[0] == "missing"
    again = open_engine("index")
    assert again.health()[0] == "missing"
    again.create({"embedder": "other", "schema": "2"})
    assert again.count() == 0 and again.info()["embedder"] == "other"
    again.reset()
    again.reset()  # resetting what is not there is fine


def test_add_without_a_vector_is_refused(index):
    with pytest.raises(ValueError, match="vector"):
        index.add([Record(id="x", text="no vector", metadata=scope_metadata(CORPUS))])
    assert "x" not in index.ids()


def test_ids_and_records_are_filtered_by_scope(index):
    assert index.ids() == {"c1", "c2", "t1", "u1"}
    assert index.ids(CORPUS) == {"c1", "c2"}
    assert index.ids(T1) == {"t1"}
    assert index.ids(Scope(kind="team", owner="t2")) == set()
    (team,) = index.records(T1)
    assert team.id == "t1" and team.text == "team words"
    assert team.metadata == {"doc_id": "doc/t1", "kind": "role", "scope": "team", "owner": "t1"}
    index.delete(["c2"])
    assert index.ids(CORPUS) == {"c1"}


def test_query_with_n_beyond_the_count_and_filters(index):
    found = index.query([1.0, 0.0, 0.0], 100, [CORPUS])
    assert [r.id for r in found] == ["c1", "c2"]  # nearest first, nothing from other scopes
    assert found[0].text == "corpus words" and found[0].metadata["scope"] == "corpus"
    assert [r.id for r in index.query([1.0, 0.0, 0.0], 100, [CORPUS, T1, U1])][:2] == ["c1", "u1"]
    assert index.query([1.0, 0.0, 0.0], 100, [T1]) == [rec("t1", T1, [0.0, 0.0, 1.0], "team words")]
    assert index.query([1.0, 0.0, 0.0], 5, [CORPUS], kinds=["skill"]) == []


def test_query_without_scopes_is_refused_before_storage(open_engine, tmp_path):
    nowhere = open_engine("nowhere")
    with pytest.raises(ValueError, match="scopes"):
        nowhere.query([1.0], 5, [])
    assert not (tmp_path / "nowhere").exists()
    assert nowhere.health()[0] == "missing"  # nothing was created on a server either


def test_set_info_merges_removes_and_keeps_the_distance(index, open_engine):
    index.set_info({"built_corpus": "abc", "built_chunks": 4})
    index.set_info({"built_corpus": None})
    reopened = open_engine("index")
    assert reopened.info() == {"embedder": "test", "schema": "2", "built_chunks": 4}
    assert reopened._open().configuration["hnsw"]["space"] == "cosine"  # the distance is kept
    assert [r.id for r in reopened.query([1.0, 0.0, 0.0], 2, [CORPUS])] == ["c1", "c2"]


def test_verify_passes_an_intact_index_and_an_empty_one(index, open_engine):
    assert index.verify() is None
    empty = open_engine("empty")
    empty.create({"embedder": "test", "schema": "2"})
    assert empty.verify() is None
