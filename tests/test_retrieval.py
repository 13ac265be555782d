import pytest
from langchain_core.embeddings import Embeddings

from coach.domain.principal import CORPUS, Principal, Scope
from coach.retrieval.hybrid import RRF_K, HybridRetriever
from coach.retrieval.indexing import build_index
from coach.retrieval.vector_index import LocalChromaIndex, Record, open_index, scope_metadata, where_filter

T1 = Scope(kind="team", owner="t1")
T2 = Scope(kind="team", owner="t2")
U1 = Scope(kind="user", owner="u1")
U2 = Scope(kind="user", owner="u2")


def record(rid: str, scope: Scope, text: str, embedder, kind: str = "role") -> Record:
    metadata = {"doc_id": f"{scope.key}/{rid}", "kind": kind, "title": rid, "heading": "Notes"}
    return Record(rid, text, {**metadata, **scope_metadata(scope)}, embedder.embed_query(text))


# -- the corpus -----------------------------------------------------------------------------


def test_hybrid_search_ranks_the_matching_document_first(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    hits = retriever.search("how do I calculate wages and deductions for payroll", [CORPUS], k=3)
    assert len(hits) == 3 and hits[0].doc_id == "role/payroll-clerk"
    assert all(a.score > b.score for a, b in zip(hits, hits[1:]))  # strictly best first
    assert {h.scope for h in hits} == {"corpus"}


def test_kind_filter_limits_results(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    hits = retriever.search("payroll electrician verifying AI figures", [CORPUS], k=5, kinds=["skill"])
    assert hits and {h.kind for h in hits} == {"skill"}
    mixed = retriever.search("AI", [CORPUS], k=5, kinds=["sector", "role"])
    assert mixed and {h.kind for h in mixed} == {"sector", "role"}  # kinds OR-ed


def test_unknown_kind_and_missing_scopes_are_clear_errors(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    with pytest.raises(ValueError, match="unknown kind"):
        retriever.search("x", [CORPUS], kinds=["job"])
    for query in ("payroll", "   "):  # required even when there is nothing to search for
        with pytest.raises(ValueError, match="scopes"):
            retriever.search(query, [])


def test_lexical_half_finds_rare_exact_terms(tmp_index, hash_embedder):
    found = HybridRetriever(tmp_index, hash_embedder)._for(CORPUS).search("conduit", 5, None)
    assert [r.metadata["doc_id"] for r, _ in found] == ["role/electrician"]


def test_empty_or_stopword_queries_return_nothing(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    assert retriever.search("   ", [CORPUS]) == []
    assert retriever._for(CORPUS).search("the and of", 5, None) == []


def test_at_most_two_chunks_per_document(corpus_settings, hash_embedder):
    part = "## Part {0}\nForklift inspection step {0}: check forklift forks.\n"
    sections = "\n".join(part.format(i) for i in range(4))
    path = corpus_settings.knowledge_dir / "roles/forklift.md"
    path.write_text(f"---\nid: role/forklift\nkind: role\ntitle: Forklift driver\n---\n{sections}")
    build_index(corpus_settings, hash_embedder)
    hits = HybridRetriever(corpus_settings, hash_embedder).search("forklift inspection", [CORPUS], k=5)
    assert [h.doc_id for h in hits[:2]] == ["role/forklift"] * 2
    assert len(hits) == 5 and [h.doc_id for h in hits].count("role/forklift") == 2


# -- fusion ---------------------------------------------------------------------------------


class FixedQuery(Embeddings):
    """Every query embeds to one fixed vector, so the dense ranking is set by hand."""

    name = "fixed"

    def embed_documents(self, texts):
        raise AssertionError("records carry their own vectors")

    def embed_query(self, text):
        return [1.0, 0.2, 0.0]


def test_rrf_puts_a_chunk_found_by_both_rankings_first(settings, tmp_path):
    index = LocalChromaIndex(tmp_path / "fusion")
    index.create({"embedder": "fixed", "schema": "2"})
    corpus = scope_metadata(CORPUS)
    index.add(
        [  # dense ranking for the query vector: banana, apple, cherry; lexical: apple only
            Record("apple", "apple orchard", {"doc_id": "a", **corpus}, vector=[0.0, 1.0, 0.0]),
            Record("banana", "banana grove", {"doc_id": "b", **corpus}, vector=[1.0, 0.0, 0.0]),
            Record("cherry", "cherry tree", {"doc_id": "c", **corpus}, vector=[0.0, 0.0, 1.0]),
        ]
    )
    hits = HybridRetriever(settings, FixedQuery(), index).search("apple", [CORPUS], k=3)
    expected = [
        ("apple", 1 / (RRF_K + 1) + 1 / (RRF_K + 2)),  # lexical #1 and dense #2
        ("banana", 1 / (RRF_K + 1)),  # dense #1 only
        ("cherry", 1 / (RRF_K + 3)),  # dense #3 only
    ]
    assert [h.chunk_id for h in hits] == [cid for cid, _ in expected]
    assert [h.score for h in hits] == pytest.approx([score for _, score in expected])


def test_each_scopes_lexical_ranking_is_its_own_list_in_the_fusion(settings, tmp_path):
    """BM25 scores of two scopes are on different scales (their own term statistics), so each
    scope's ranking enters the reciprocal-rank fusion as a list of its own."""
    index = LocalChromaIndex(tmp_path / "merge")
    index.create({"embedder": "fixed", "schema": "2"})
    t1, t2 = scope_metadata(T1), scope_metadata(T2)
    index.add(
        [  # dense: z, y, x; lexical: x first in t1, y first in t2; z has no "apple"
            Record("x", "apple apple", {"doc_id": "x", **t1}, vector=[0.0, 0.0, 1.0]),
            Record("y", "apple pear", {"doc_id": "y", **t2}, vector=[0.0, 1.0, 0.0]),
            Record("z", "plum", {"doc_id": "z", **t1}, vector=[1.0, 0.0, 0.0]),
        ]
    )
    hits = HybridRetriever(settings, FixedQuery(), index).search("apple", [T2, T1], k=3)
    assert [h.chunk_id for h in hits] == ["y", "x", "z"]
    expected = [1 / (RRF_K + 1) + 1 / (RRF_K + 2), 1 / (RRF_K + 1) + 1 / (RRF_K + 3), 1 / (RRF_K + 1)]
    assert [h.score for h in hits] == pytest.approx(expected, rel=1e-9)


def test_a_small_scopes_own_word_surfaces_beside_a_large_corpus(settings, tmp_path):
    """A team's three documents all say "quill": inside that scope the word weighs almost
    nothing, while in the corpus, where it is rare, it weighs a lot. Merged by raw BM25 score,
    the corpus fills the lexical pool and the team's best match never reaches the fusion; as a
    list of its own it does."""
    index = LocalChromaIndex(tmp_path / "federated")
    index.create({"embedder": "fixed", "schema": "2"})
    corpus, team = scope_metadata(CORPUS), scope_metadata(T1)
    records = [  # dense: team-0 among the nearest few; the filler far away
        Record(f"c{i}", f"quill c{i}", {"doc_id": f"c{i}", **corpus}, vector=[1.0, 0.1 * i, 0.0])
        for i in range(21)
    ]
    records += [  # distinct vectors: many identical ones leave HNSW's graph unable to search
        Record(f"f{i}", f"plum f{i}", {"doc_id": f"f{i}", **corpus}, vector=[0.0, 0.01 * i, 1.0])
        for i in range(379)
    ]
    records += [
        Record("team-0", "quill ladder", {"doc_id": "team-0", **team}, vector=[1.0, 0.25, 0.0]),
        Record("team-1", "quill pear", {"doc_id": "team-1", **team}, vector=[0.0, 1.0, 0.0]),
        Record("team-2", "quill plum", {"doc_id": "team-2", **team}, vector=[0.0, 1.0, 0.0]),
    ]
    index.add(records)
    # "ladder" is only in team-0, so it heads its scope's ranking; "quill" is rare in the corpus.
    hits = HybridRetriever(settings, FixedQuery(), index).search("quill ladder", [CORPUS, T1], k=5)
    assert "team-0" in [h.chunk_id for h in hits[:3]], [h.chunk_id for h in hits]


# -- scopes ---------------------------------------------------------------------------------


@pytest.fixture
def scoped(tmp_index, hash_embedder):
    """The small corpus plus chunks of teams t1 and t2 and of users u1 and u2, in one index."""
    index = open_index(tmp_index)
    index.add(
        [
            record("t1-pay", T1, "Team t1 payroll calendar: wages and deductions by Friday.", hash_embedder),
            record("t2-pay", T2, "Team t2 payroll zanzibarite ledger: wages and deductions.", hash_embedder),
            record("u1-pay", U1, "My own payroll notes on wages and deductions.", hash_embedder),
            record("u2-pay", U2, "Someone else's payroll notes on wages and deductions.", hash_embedder),
        ]
    )
    return HybridRetriever(tmp_index, hash_embedder, index)


QUERY = "payroll wages and deductions"


def test_where_filter_composition():
    assert where_filter([CORPUS]) == {"scope": "corpus"}
    assert where_filter([T1]) == {"$and": [{"scope": "team"}, {"owner": "t1"}]}
    assert where_filter([CORPUS, T1, CORPUS]) == {
        "$or": [{"scope": "corpus"}, {"$and": [{"scope": "team"}, {"owner": "t1"}]}]
    }
    assert where_filter([CORPUS], kinds=["skill", "role", "skill"]) == {
        "$and": [{"scope": "corpus"}, {"kind": {"$in": ["role", "skill"]}}]
    }
    assert where_filter([CORPUS, U1], kinds=["role"]) == {
        "$and": [
            {"$or": [{"scope": "corpus"}, {"$and": [{"scope": "user"}, {"owner": "u1"}]}]},
            {"kind": {"$in": ["role"]}},
        ]
    }
    with pytest.raises(ValueError, match="scopes"):
        where_filter([])


def test_corpus_search_never_returns_team_or_user_chunks(scoped):
    hits = scoped.search(QUERY, [CORPUS], k=20)
    assert hits and {h.scope for h in hits} == {"corpus"}


def test_a_team_search_reads_that_team_only(scoped):
    hits = scoped.search(QUERY, [CORPUS, T1], k=20)
    scopes = {h.chunk_id: h.scope for h in hits}
    assert scopes["t1-pay"] == "team:t1" and set(scopes.values()) == {"corpus", "team:t1"}
    assert scoped.search(QUERY, [Scope(kind="team", owner="t9")]) == []  # a team with no chunks
    assert scoped.search(QUERY, [T1], kinds=["skill"]) == []  # t1 has roles only


def test_a_member_of_both_teams_reads_both_but_not_another_user(scoped):
    principal = Principal(user_id="u1", team_ids=frozenset({"t1", "t2"}))
    hits = scoped.search(QUERY, principal.readable_scopes(), k=20)
    ids = {h.chunk_id for h in hits}
    assert {"t1-pay", "t2-pay", "u1-pay"} <= ids and "u2-pay" not in ids


def test_bm25_is_per_scope(scoped):
    assert scoped._for(T1).search("zanzibarite", 5, None) == []
    assert [r.id for r, _ in scoped._for(T2).search("zanzibarite", 5, None)] == ["t2-pay"]
    assert "t2-pay" not in {h.chunk_id for h in scoped.search("zanzibarite", [CORPUS, T1], k=20)}
    both = scoped.search("zanzibarite", [CORPUS, T1, T2], k=20)
    assert both[0].chunk_id == "t2-pay"  # merged lexical rankings keep the only lexical match on top


def test_refresh_makes_new_chunks_of_a_scope_searchable(scoped, hash_embedder):
    assert scoped._for(T1).search("quokka", 5, None) == []  # t1's BM25 is built now
    scoped.index.add([record("t1-new", T1, "Quokka rota for the t1 office.", hash_embedder)])
    assert scoped._for(T1).search("quokka", 5, None) == []  # still the old BM25
    scoped.refresh(T1)
    assert [r.id for r, _ in scoped._for(T1).search("quokka", 5, None)] == ["t1-new"]
    assert scoped.search("quokka", [T1], k=1)[0].chunk_id == "t1-new"
