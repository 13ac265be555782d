import pytest

from coach.retrieval import HybridRetriever


def test_hybrid_search_ranks_the_matching_document_first(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    hits = retriever.search("how do I calculate wages and deductions for payroll", k=3)
    assert hits[0].doc_id == "role/payroll-clerk"
    assert all(h.score > 0 for h in hits)


def test_kind_filter_limits_results(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    hits = retriever.search("payroll electrician verifying AI figures", k=5, kinds=["skill"])
    assert hits and {h.kind for h in hits} == {"skill"}
    sectors = retriever.search("AI", k=5, kinds=["sector", "role"])
    assert {h.kind for h in sectors} <= {"sector", "role"}


def test_unknown_kind_is_a_clear_error(tmp_index, hash_embedder):
    with pytest.raises(ValueError, match="unknown kind"):
        HybridRetriever(tmp_index, hash_embedder).search("x", kinds=["job"])


def test_lexical_half_finds_rare_exact_terms(tmp_index, hash_embedder):
    hits = HybridRetriever(tmp_index, hash_embedder)._lexical("conduit", 5, None)
    assert hits, "BM25 should find the only chunk mentioning conduit"


def test_empty_or_stopword_queries_return_nothing(tmp_index, hash_embedder):
    retriever = HybridRetriever(tmp_index, hash_embedder)
    assert retriever.search("   ") == []
    assert retriever._lexical("the and of", 5, None) == []
