"""Index integrity (issue #17): a build killed midway is reported incomplete and completed with only
the missing chunks embedded; vector files truncated or deleted are reported damaged and rebuilt;
an intact index is ok and never embedded again. Real Chroma in temp dirs, the hashing embedder."""

import shutil
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.config import Settings
from coach.corpus.documents import corpus_chunks, load_corpus
from coach.domain.principal import CORPUS
from coach.llm.embeddings import HashingEmbedder
from coach.retrieval import indexing
from coach.retrieval.indexing import BUILD_RECORD, build_index, ensure_index, index_status
from coach.retrieval.vector_index import LocalChromaIndex, open_index


class CountingEmbedder(HashingEmbedder):
    def __init__(self, dim: int = 384, fail_after_batches: int | None = None):
        super().__init__(dim)
        self.embedded = 0
        self.batches = 0
        self.fail_after_batches = fail_after_batches

    def embed_documents(self, texts):
        if self.fail_after_batches is not None and self.batches >= self.fail_after_batches:
            raise RuntimeError("killed mid-build")
        self.batches += 1
        self.embedded += len(texts)
        return super().embed_documents(texts)


def status(settings: Settings, embedder=None) -> tuple[str, str]:
    return index_status(open_index(settings), embedder or HashingEmbedder(), settings.knowledge_dir)


def corpus_size(settings: Settings) -> int:
    return len(corpus_chunks(load_corpus(settings.knowledge_dir)[0]))


def test_an_intact_index_is_ok_and_never_embedded_again(corpus_settings):
    build_index(corpus_settings, CountingEmbedder())
    info = open_index(corpus_settings).info()
    assert info["built_chunks"] == open_index(corpus_settings).count() and info["built_corpus"]
    assert status(corpus_settings)[0] == "ok"
    again = CountingEmbedder()
    assert ensure_index(corpus_settings, again) is None
    report = build_index(corpus_settings, again)
    assert again.embedded == 0 and report.added == 0 and not report.repaired and not report.rebuilt


def test_a_build_killed_midway_is_incomplete_and_completed_with_only_what_is_missing(
    corpus_settings, monkeypatch
):
    total = corpus_size(corpus_settings)
    monkeypatch.setattr(indexing, "EMBED_BATCH", 2)
    with pytest.raises(RuntimeError, match="killed"):
        build_index(corpus_settings, CountingEmbedder(fail_after_batches=2))
    assert open_index(corpus_settings).count() == 4 < total
    state, message = status(corpus_settings)
    assert state == "incomplete" and f"holds 4 of the corpus's {total} chunks" in message
    # without the knowledge folder the missing record alone says so
    assert index_status(open_index(corpus_settings), HashingEmbedder())[0] == "incomplete"
    embedder = CountingEmbedder()
    report = ensure_index(corpus_settings, embedder)
    assert report is not None and report.repaired and not report.rebuilt
    assert "did not finish" in report.message and "Completing" in report.message
    assert embedder.embedded == report.added == total - 4 and report.unchanged == 4
    assert status(corpus_settings)[0] == "ok" and open_index(corpus_settings).count() == total


def test_a_build_killed_before_its_deletes_is_incomplete(corpus_settings, monkeypatch):
    build_index(corpus_settings, HashingEmbedder())
    edited = corpus_settings.knowledge_dir / "roles/electrician.md"
    edited.write_text(edited.read_text().replace("following the electrical code", "to code, safely"))

    def killed(self, ids):
        raise RuntimeError("killed before the deletes")

    with monkeypatch.context() as patch:
        patch.setattr(LocalChromaIndex, "delete", killed)
        with pytest.raises(RuntimeError, match="killed"):
            build_index(corpus_settings, HashingEmbedder())
    state, message = status(corpus_settings)
    assert state == "incomplete" and "did not finish" in message and "1 stale" in message
    embedder = CountingEmbedder()
    report = ensure_index(corpus_settings, embedder)
    assert report is not None and embedder.embedded == 0 and report.removed == 1
    assert status(corpus_settings)[0] == "ok"


def test_chunks_lost_after_a_finished_build_are_noticed_with_or_without_the_corpus(corpus_settings):
    build_index(corpus_settings, HashingEmbedder())
    index = open_index(corpus_settings)
    total = index.count()
    index.delete([sorted(index.ids(CORPUS))[0]])
    for knowledge_dir in (None, corpus_settings.knowledge_dir):
        state, message = index_status(open_index(corpus_settings), HashingEmbedder(), knowledge_dir)
        assert state == "incomplete" and f"6 corpus chunks, not the {total} its last" in message
    embedder = CountingEmbedder()
    report = ensure_index(corpus_settings, embedder)
    assert report is not None and embedder.embedded == 1 and status(corpus_settings)[0] == "ok"


def test_an_edited_knowledge_folder_is_brought_in_at_start(corpus_settings):
    build_index(corpus_settings, HashingEmbedder())
    (corpus_settings.knowledge_dir / "sectors/hr.md").unlink()
    state, message = status(corpus_settings)
    assert state == "incomplete" and "0 of its" in message and "1 stale" in message
    report = ensure_index(corpus_settings, CountingEmbedder())
    assert report is not None and report.removed == 1 and status(corpus_settings)[0] == "ok"


def test_touched_but_unchanged_files_are_ok(corpus_settings):
    build_index(corpus_settings, HashingEmbedder())
    path = corpus_settings.knowledge_dir / "sectors/hr.md"
    path.write_text(path.read_text())  # a new modification time, the same chunks
    assert status(corpus_settings)[0] == "ok"


def test_an_index_without_a_build_record_gets_one_without_embedding(corpus_settings):
    build_index(corpus_settings, HashingEmbedder())
    open_index(corpus_settings).set_info(dict.fromkeys(BUILD_RECORD))  # as built before the record
    state, message = status(corpus_settings)
    assert state == "incomplete" and "no record that its build finished" in message
    embedder = CountingEmbedder()
    report = ensure_index(corpus_settings, embedder)
    assert report is not None and embedder.embedded == 0 and status(corpus_settings)[0] == "ok"


def test_doctor_fails_an_incomplete_index_and_index_completes_it(corpus_settings, monkeypatch, capsys):
    monkeypatch.setenv("COACH_DATA_DIR", str(corpus_settings.data_dir))
    monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(corpus_settings.knowledge_dir))
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "fake")
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    with monkeypatch.context() as patch:
        patch.setattr(indexing, "EMBED_BATCH", 2)
        with pytest.raises(RuntimeError):
            build_index(corpus_settings, CountingEmbedder(fail_after_batches=1))
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] index: incomplete: The last index build did not finish" in out
    assert main(["index"]) == 0
    out = capsys.readouterr().out
    assert "did not finish" in out and "team documents re-indexed: 0" in out
    assert main(["doctor"]) == 0


# -- damage to the vector files ---------------------------------------------------------------
# Chroma writes its HNSW files once more than 1,000 vectors are in (below that they live in its
# log), so these tests need a corpus of that size: built once, copied for each test.


def big_corpus(root: Path, documents: int = 95, sections: int = 12) -> Path:
    for d in range(documents):
        body = "\n\n".join(
            f"## Part {s}\nSector {d} practice {s}: word{d}x{s} alpha{s} beta{d} gamma{d * s}."
            for s in range(sections)
        )
        (root / f"s{d}.md").write_text(
            f"---\nid: sector/s{d}\nkind: sector\ntitle: Sector {d}\n---\n{body}\n"
        )
    return root


@pytest.fixture(scope="module")
def built_big(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("big")
    (root / "knowledge").mkdir()
    settings = Settings(
        data_dir=root / "data",
        knowledge_dir=big_corpus(root / "knowledge"),
        model_cache=root / "models",
        chat_provider="fake",
        embedder="hash",
    )
    report = build_index(settings, HashingEmbedder())
    assert report.added > 1000
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # let go of the files before the tests copy them
    return settings


@pytest.fixture
def big(built_big: Settings, tmp_path: Path) -> Settings:
    shutil.copytree(built_big.data_dir, tmp_path / "data")
    return built_big.model_copy(update={"data_dir": tmp_path / "data"})


def segment(settings: Settings) -> Path:
    (folder,) = [p for p in settings.index_dir.iterdir() if p.is_dir()]
    assert (folder / "data_level0.bin").stat().st_size > 100_000  # the vectors are on disk
    return folder


def test_a_big_intact_index_is_ok(big):
    state, message = status(big)
    assert state == "ok" and "1140 chunks" in message, message


def truncate_level0(folder: Path) -> None:
    path = folder / "data_level0.bin"
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 10)


@pytest.mark.parametrize(
    ("damage", "expected", "word"),
    [
        # caught from the file sizes before Chroma reads it (reading it could crash the process)
        pytest.param(truncate_level0, "broken", "data_level0.bin holds", id="data_level0-truncated"),
        # Chroma opens an empty segment in its place: the dense side reaches almost nothing
        pytest.param(shutil.rmtree, "damaged", "damaged", id="segment-folder-deleted"),
    ],
)
def test_damaged_vector_files_are_reported_and_rebuilt(big, damage, expected, word):
    damage(segment(big))
    state, message = status(big)
    assert state == expected and word in message, message
    embedder = CountingEmbedder()
    report = ensure_index(big, embedder)
    assert report is not None and report.rebuilt and message in report.message
    assert "Rebuilding it" in report.message and embedder.embedded == report.added == 1140
    assert status(big)[0] == "ok", status(big)
    assert open_index(big).verify() is None


def test_the_app_says_what_it_found_while_completing_the_index(corpus_settings, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from coach.config import PROJECT_ROOT

    with monkeypatch.context() as patch:
        patch.setattr(indexing, "EMBED_BATCH", 2)
        with pytest.raises(RuntimeError):
            build_index(corpus_settings, CountingEmbedder(fail_after_batches=1))
    monkeypatch.setenv("COACH_DATA_DIR", str(corpus_settings.data_dir))
    monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(corpus_settings.knowledge_dir))
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "fake")
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    st.cache_resource.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert any("Knowledge index ready" in s.label for s in app.status)
    shown = " ".join(m.value for m in app.markdown)
    assert "The last index build did not finish: the index holds 2 of the corpus's" in shown
    assert status(corpus_settings)[0] == "ok"
