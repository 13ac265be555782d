"""The saved per-scope BM25 (coach/retrieval/lexical.py): a new process loads it instead of reading
every chunk back from the index; it ranks exactly as one built from the chunks; a changed scope,
a corrupt or half-written file is rebuilt, never trusted; another process's save is noticed.
Real Chroma in temp dirs, the hashing embedder."""

from __future__ import annotations

import json
import os
import stat
import time

import numpy as np
import pytest

from coach.domain.principal import CORPUS, Scope
from coach.retrieval import lexical
from coach.retrieval.hybrid import HybridRetriever
from coach.retrieval.lexical import Lexical, LexicalStore, index_key, lexical_root
from coach.retrieval.vector_index import Record, open_index, scope_metadata

T1 = Scope(kind="team", owner="t1")
QUERIES = [
    "how do I calculate wages and deductions for payroll",
    "conduit wiring electrician",
    "AI tools verifying figures",
    "quotes scheduling code lookups",
    "zzz-no-such-word",
]


class CountingIndex:
    """The real index, counting full reads of a scope (what a saved BM25 spares a new process)."""

    def __init__(self, index):
        self._index = index
        self.records_read = 0

    def __getattr__(self, name):
        return getattr(self._index, name)

    def records(self, scope):
        self.records_read += 1
        return self._index.records(scope)


def a_new_process(settings, embedder) -> tuple[HybridRetriever, CountingIndex]:
    """A retriever with nothing in memory, as a freshly started process has."""
    index = CountingIndex(open_index(settings))
    return HybridRetriever(settings, embedder, index), index


def saved_folder(settings, scope=CORPUS):
    store = LexicalStore(lexical_root(settings))
    key = store.current(scope)
    assert key is not None
    folder = store.folder(scope) / key
    assert folder.is_dir()
    return folder


def hits(retriever, query, **kw):
    return [(h.chunk_id, h.score, h.text, h.title, h.kind) for h in retriever.search(query, [CORPUS], **kw)]


def test_a_new_process_loads_the_saved_index_and_ranks_as_before(tmp_index, hash_embedder):
    first, first_index = a_new_process(tmp_index, hash_embedder)  # the build saved it already
    second, second_index = a_new_process(tmp_index, hash_embedder)
    assert second_index.records_read == 0 and len(second) == len(first) > 0
    for query in QUERIES:
        for kinds in (None, ["skill"], ["role", "sector"]):
            assert hits(second, query, k=5, kinds=kinds) == hits(first, query, k=5, kinds=kinds)
            assert second._for(CORPUS).search(query, 20, set(kinds or ())) == first._for(CORPUS).search(
                query, 20, set(kinds or ())
            )


def test_a_loaded_index_scores_exactly_as_one_built_from_the_chunks(tmp_index, tmp_path):
    records = open_index(tmp_index).records(CORPUS)
    key = index_key(r.id for r in records)
    built = Lexical(records, key=key)
    (tmp_path / "saved").mkdir()
    built.save(tmp_path / "saved", key)
    loaded = Lexical.load(tmp_path / "saved", key)
    words = {w for r in records for w in r.text.lower().split()[:6]}
    assert len(words) > 30
    for word in sorted(words):
        for kinds in (None, {"role"}, {"skill", "sector"}):
            assert loaded.search(word, 10, kinds) == built.search(word, 10, kinds)
    assert [r.metadata for r in loaded.records] == [r.metadata for r in records]


def test_saved_files_are_owner_only(tmp_index, hash_embedder):
    folder = saved_folder(tmp_index)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert {"records.json", "manifest.json", "params.index.json"} <= {p.name for p in files}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE((folder.parent / "current").stat().st_mode) == 0o600


def test_a_changed_scope_is_rebuilt_and_the_old_copy_dropped(tmp_index, hash_embedder):
    old = saved_folder(tmp_index)
    index = open_index(tmp_index)
    text = "Quokka census for the payroll office."
    index.add([Record("new", text, {"doc_id": "role/quokka", "kind": "role", **scope_metadata(CORPUS)},
                      hash_embedder.embed_query(text))])  # fmt: skip
    retriever, counting = a_new_process(tmp_index, hash_embedder)
    assert counting.records_read == 1  # new ids, new key: the saved copy is not used
    assert [r.id for r, _ in retriever._for(CORPUS).search("quokka", 5, None)] == ["new"]
    assert saved_folder(tmp_index) != old and not old.exists()
    assert a_new_process(tmp_index, hash_embedder)[1].records_read == 0  # and the new one is saved


@pytest.mark.parametrize(
    "damage",
    [
        lambda f: (f / "data.csc.index.npy").write_bytes((f / "data.csc.index.npy").read_bytes()[:40]),
        lambda f: (f / "records.json").write_text("[[", encoding="utf-8"),
        lambda f: (f / "vocab.index.json").write_text("{}", encoding="utf-8"),  # valid JSON, wrong
        lambda f: (f / "manifest.json").unlink(),
        lambda f: (f / "indptr.csc.index.npy").unlink(),
        lambda f: (f / "records.json").write_text(
            (f / "records.json").read_text(encoding="utf-8").replace("payroll", "PAYROLL"), encoding="utf-8"
        ),
    ],
    ids=["truncated-array", "truncated-records", "emptied-vocab", "no-manifest", "missing-array", "edited"],
)
def test_a_corrupt_saved_index_is_rebuilt_never_trusted(tmp_index, hash_embedder, damage):
    reference = hits(a_new_process(tmp_index, hash_embedder)[0], QUERIES[0], k=5)
    damage(saved_folder(tmp_index))
    retriever, counting = a_new_process(tmp_index, hash_embedder)
    assert counting.records_read == 1 and hits(retriever, QUERIES[0], k=5) == reference
    again, counting = a_new_process(tmp_index, hash_embedder)  # the rebuilt copy loads again
    assert counting.records_read == 0 and hits(again, QUERIES[0], k=5) == reference


def test_a_save_killed_midway_leaves_nothing_that_loads(tmp_index, hash_embedder, monkeypatch):
    store = LexicalStore(lexical_root(tmp_index))
    folder = saved_folder(tmp_index)
    key = folder.name
    # what a kill between writing and renaming leaves: a complete copy under a temp name, and no
    # folder under the key
    leftover = folder.with_name(f"{lexical.TEMP_PREFIX}999999-deadbeef")
    os.rename(folder, leftover)
    retriever, counting = a_new_process(tmp_index, hash_embedder)
    assert counting.records_read == 1 and store.current(CORPUS) == key and (folder / "manifest.json").exists()
    assert leftover.exists()  # too young to be known dead: perhaps another process still writing
    old = time.time() - lexical.STALE_TEMP_S - 10
    os.utime(leftover, (old, old))
    store.build(open_index(tmp_index), CORPUS)
    assert not leftover.exists()

    def dies(self, target, key):  # a save that fails after bm25s wrote its files
        self.bm25.save(target, show_progress=False)
        raise OSError("disk full")

    monkeypatch.setattr(Lexical, "save", dies)
    index = open_index(tmp_index)
    index.add(
        [Record("x1", "quokka", {"doc_id": "d", **scope_metadata(CORPUS)}, hash_embedder.embed_query("q"))]
    )
    built = store.get(index, CORPUS)  # it still answers, from memory
    assert [r.id for r, _ in built.search("quokka", 3, None)] == ["x1"]
    assert not (store.folder(CORPUS) / index_key(index.ids(CORPUS))).exists()
    assert not [p for p in store.folder(CORPUS).iterdir() if p.name.startswith(lexical.TEMP_PREFIX)]


def test_another_processs_save_is_seen_without_a_refresh(tmp_index, hash_embedder):
    index = open_index(tmp_index)
    text = "Team t1 rota: badgers on Mondays."
    index.add([Record("t1-a", text, {"doc_id": "t1/a", "kind": "role", **scope_metadata(T1)},
                      hash_embedder.embed_query(text))])  # fmt: skip
    worker_a, _ = a_new_process(tmp_index, hash_embedder)
    worker_b, _ = a_new_process(tmp_index, hash_embedder)
    assert worker_b._for(T1).search("wombat", 5, None) == []  # b holds t1's BM25 in memory
    text = "Team t1 rota: wombats on Fridays."
    index.add([Record("t1-b", text, {"doc_id": "t1/b", "kind": "role", **scope_metadata(T1)},
                      hash_embedder.embed_query(text))])  # fmt: skip
    worker_a.refresh(T1)  # what an upload in worker a does
    assert [r.id for r, _ in worker_b._for(T1).search("wombats", 5, None)] == ["t1-b"]
    assert worker_b.search("wombats", [T1], k=1)[0].chunk_id == "t1-b"


def test_an_empty_scope_saves_nothing_and_a_lookup_reads_ids_only(tmp_index, hash_embedder):
    retriever, counting = a_new_process(tmp_index, hash_embedder)
    assert retriever._for(T1).search("payroll", 5, None) == [] and counting.records_read == 0
    assert not LexicalStore(lexical_root(tmp_index)).folder(T1).exists()


def test_the_manifest_names_the_key_and_every_file(tmp_index):
    folder = saved_folder(tmp_index)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["key"] == folder.name == index_key(open_index(tmp_index).ids(CORPUS))
    assert set(manifest["files"]) == {p.name for p in folder.iterdir()} - {"manifest.json"}
    kinds = np.array([r["kind"] for _, _, r in json.loads((folder / "records.json").read_text())])
    assert manifest["count"] == len(kinds) == open_index(tmp_index).count()


def test_a_change_made_elsewhere_is_seen_after_the_recheck_interval(
    tmp_index, hash_embedder, tmp_path, monkeypatch
):
    """A machine with its own data dir, sharing the index (a Chroma server): it sees no save and
    no refresh, only the scope's chunk ids when it compares them again."""
    from coach.retrieval import hybrid

    here, _ = a_new_process(tmp_index, hash_embedder)
    elsewhere = HybridRetriever(tmp_index, hash_embedder, here.index, store=LexicalStore(tmp_path / "other"))
    text = "Quokka census for the payroll office."
    here.index.add([Record("new", text, {"doc_id": "role/quokka", "kind": "role", **scope_metadata(CORPUS)},
                           hash_embedder.embed_query(text))])  # fmt: skip
    assert elsewhere._for(CORPUS).search("quokka", 5, None) == []  # within the interval: as it was
    monkeypatch.setattr(hybrid, "RECHECK_S", 0.0)
    assert [r.id for r, _ in elsewhere._for(CORPUS).search("quokka", 5, None)] == ["new"]
    held = elsewhere._for(CORPUS)
    assert elsewhere._for(CORPUS) is held  # ids unchanged since: the one in memory is kept
