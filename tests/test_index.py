from coach.embeddings import HashingEmbedder
from coach.index import build_index, ensure_index, index_status, open_collection


class CountingEmbedder(HashingEmbedder):
    """Counts texts embedded, to prove unchanged chunks are never embedded again."""

    def __init__(self):
        super().__init__()
        self.embedded = 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return super().embed_documents(texts)


def test_first_build_embeds_everything_and_records_metadata(corpus_settings):
    embedder = CountingEmbedder()
    seen = []
    report = build_index(corpus_settings, embedder, progress=lambda d, t, m: seen.append((d, t)))
    assert report.documents == 5 and report.added == embedder.embedded > 0
    assert seen[-1][0] == seen[-1][1] == report.added  # progress reaches the end
    got = open_collection(corpus_settings).get(include=["metadatas"])
    kinds = {m["kind"] for m in got["metadatas"]}
    assert kinds == {"role", "skill", "sector"}
    assert all(m["path"].endswith(".md") and m["heading"] for m in got["metadatas"])


def test_rebuilding_an_unchanged_corpus_embeds_nothing(corpus_settings):
    build_index(corpus_settings, CountingEmbedder())
    again = CountingEmbedder()
    report = build_index(corpus_settings, again)
    assert again.embedded == 0 and report.added == 0 and report.removed == 0
    assert ensure_index(corpus_settings, again) is None  # the start-up fast path does nothing


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
    docs = {m["doc_id"] for m in open_collection(corpus_settings).get(include=["metadatas"])["metadatas"]}
    assert "sector/hr" not in docs and "role/electrician" in docs


def test_missing_index_is_built_on_start(corpus_settings):
    embedder = CountingEmbedder()
    assert index_status(corpus_settings, embedder)[0] == "missing"
    report = ensure_index(corpus_settings, embedder)
    assert report is not None and report.added > 0
    assert index_status(corpus_settings, embedder)[0] == "ok"


def test_corrupt_index_is_detected_and_rebuilt(corpus_settings):
    build_index(corpus_settings, CountingEmbedder())
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    db = corpus_settings.index_dir / "chroma.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    embedder = CountingEmbedder()
    status, message = index_status(corpus_settings, embedder)
    assert status == "broken" and "unreadable" in message
    report = ensure_index(corpus_settings, embedder)
    assert report.rebuilt and "Rebuilding" in report.message
    assert index_status(corpus_settings, embedder)[0] == "ok"


def test_changing_the_embedder_rebuilds_the_index(corpus_settings):
    build_index(corpus_settings, HashingEmbedder(dim=384))
    other = HashingEmbedder(dim=128)
    status, _ = index_status(corpus_settings, other)
    assert status == "stale"
    report = ensure_index(corpus_settings, other)
    assert report.rebuilt and index_status(corpus_settings, other)[0] == "ok"
