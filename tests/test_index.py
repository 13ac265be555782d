from coach.domain.principal import CORPUS, Scope
from coach.llm.embeddings import HashingEmbedder
from coach.retrieval.indexing import SCHEMA_VERSION, build_index, ensure_index, index_status
from coach.retrieval.vector_index import Record, open_index, scope_metadata
from tests.factories import CountingEmbedder


def corpus_metadata(settings) -> list[dict]:
    return [r.metadata for r in open_index(settings).records(CORPUS)]


def test_first_build_embeds_everything_and_records_metadata(corpus_settings):
    embedder = CountingEmbedder()
    seen = []
    report = build_index(corpus_settings, embedder, progress=lambda d, t, m: seen.append((d, t)))
    assert report.documents == 5 and report.added == embedder.embedded > 0
    assert seen[-1][0] == seen[-1][1] == report.added  # progress reaches the end
    metadata = corpus_metadata(corpus_settings)
    assert len(metadata) == report.added == open_index(corpus_settings).count()
    assert {m["kind"] for m in metadata} == {"role", "skill", "sector"}
    assert all(m["path"].endswith(".md") and m["heading"] for m in metadata)
    assert all(m["scope"] == "corpus" and m["owner"] == "" for m in metadata)
    info = open_index(corpus_settings).info()
    assert info["embedder"] == "hash-384" and info["schema"] == SCHEMA_VERSION == "2"


def test_rebuilding_an_unchanged_corpus_embeds_nothing(corpus_settings):
    build_index(corpus_settings, CountingEmbedder())
    again = CountingEmbedder()
    report = build_index(corpus_settings, again)
    assert again.embedded == 0 and report.added == 0 and report.removed == 0 and report.unchanged > 0
    assert ensure_index(corpus_settings, again) is None  # the start-up fast path does nothing
    assert again.embedded == 0


def test_edited_and_deleted_documents_are_updated_and_removed(corpus_settings):
    build_index(corpus_settings, CountingEmbedder())
    root = corpus_settings.knowledge_dir
    edited = root / "roles/electrician.md"
    edited.write_text(edited.read_text().replace("following the electrical code", "to code, safely"))
    (root / "sectors/hr.md").unlink()
    embedder = CountingEmbedder()
    report = build_index(corpus_settings, embedder)
    assert embedder.embedded == 1 and report.added == 1  # just the edited section
    assert report.removed == 2  # the old section and the deleted document
    records = open_index(corpus_settings).records(CORPUS)
    assert "sector/hr" not in {r.metadata["doc_id"] for r in records}
    texts = [r.text for r in records if r.metadata["doc_id"] == "role/electrician"]
    assert any("to code, safely" in t for t in texts)
    assert not any("following the electrical code" in t for t in texts)


def test_incremental_build_leaves_other_scopes_alone(corpus_settings, hash_embedder):
    build_index(corpus_settings, hash_embedder)
    team = Scope(kind="team", owner="t1")
    index = open_index(corpus_settings)
    index.add(
        [
            Record(
                "team-note",
                "our notes",
                {"doc_id": "team/notes", "kind": "role", **scope_metadata(team)},
                hash_embedder.embed_query("our notes"),
            )
        ]
    )
    report = build_index(corpus_settings, hash_embedder)
    assert report.removed == 0  # the corpus build never counts a team's chunk as vanished
    assert open_index(corpus_settings).ids(team) == {"team-note"}


def test_missing_index_is_built_on_start(corpus_settings):
    embedder = CountingEmbedder()
    index = open_index(corpus_settings)
    assert index_status(index, embedder)[0] == "missing"
    report = ensure_index(corpus_settings, embedder, index=index)
    assert report is not None and report.added == embedder.embedded > 0
    assert index_status(open_index(corpus_settings), embedder)[0] == "ok"


def test_corrupt_index_is_detected_and_rebuilt(corpus_settings):
    build_index(corpus_settings, CountingEmbedder())
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    (corpus_settings.index_dir / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    embedder = CountingEmbedder()
    status, message = index_status(open_index(corpus_settings), embedder)
    assert status == "broken" and "unreadable" in message
    report = ensure_index(corpus_settings, embedder)
    assert report.rebuilt and "unreadable" in report.message and "Rebuilding" in report.message
    assert report.added == embedder.embedded > 0
    assert index_status(open_index(corpus_settings), embedder)[0] == "ok"


def test_changing_the_embedder_rebuilds_the_index(corpus_settings):
    build_index(corpus_settings, HashingEmbedder(dim=384))
    other = CountingEmbedder(dim=128)
    status, message = index_status(open_index(corpus_settings), other)
    assert status == "stale" and "hash-384" in message and "hash-128" in message
    report = ensure_index(corpus_settings, other)
    assert report.rebuilt and report.unchanged == 0 and report.added == other.embedded > 0
    assert index_status(open_index(corpus_settings), other)[0] == "ok"
    assert open_index(corpus_settings).info()["embedder"] == "hash-128"


def test_an_index_of_the_old_schema_is_stale(corpus_settings, hash_embedder):
    index = open_index(corpus_settings)
    index.create({"embedder": hash_embedder.name, "schema": "1"})  # chunks without scope/owner
    index.add([Record("old", "old chunk", {"kind": "role"}, hash_embedder.embed_query("old chunk"))])
    assert index_status(index, hash_embedder)[0] == "stale"
    assert ensure_index(corpus_settings, hash_embedder, index=index).rebuilt
    assert "old" not in open_index(corpus_settings).ids()
