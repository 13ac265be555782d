"""The dense query: an unfiltered search kept to the allowed scopes, with the filtered search as
the fallback, must give exactly the filtered search's answer and never another scope's chunk."""

import random

from coach.domain.principal import CORPUS, Scope
from coach.retrieval.vector_index import LocalChromaIndex, Record, scope_metadata

TEAM = Scope(kind="team", owner="t1")
OTHER = Scope(kind="team", owner="t2")
USER = Scope(kind="user", owner="u1")


def _vector(rng: random.Random) -> list[float]:
    v = [rng.gauss(0, 1) for _ in range(8)]
    norm = sum(x * x for x in v) ** 0.5
    return [x / norm for x in v]


def test_query_matches_an_exact_filtered_search_for_big_and_small_scopes(tmp_path):
    rng = random.Random(7)
    index = LocalChromaIndex(tmp_path / "index")
    index.create({"embedder": "test", "schema": "2"})
    records, scopes = [], [CORPUS] * 300 + [TEAM] * 12 + [OTHER] * 60 + [USER] * 3
    for i, scope in enumerate(scopes):
        kind = "role" if i % 3 else "skill"
        meta = {"doc_id": f"d{i}", "kind": kind, **scope_metadata(scope)}
        records.append(Record(id=f"c{i}", text=f"t{i}", metadata=meta, vector=_vector(rng)))
    index.add(records)

    def exact(query, n, allowed, kinds=None):
        keys = {(s.kind, s.owner or "") for s in allowed}
        pool = [
            r
            for r in records
            if (r.metadata["scope"], r.metadata["owner"] if r.metadata["scope"] != "corpus" else "") in keys
            and (not kinds or r.metadata["kind"] in kinds)
        ]
        pool.sort(key=lambda r: -sum(a * b for a, b in zip(query, r.vector)))
        return [r.id for r in pool[:n]]

    for _ in range(20):
        query = _vector(rng)
        for allowed, kinds in (
            ([CORPUS], None),
            ([TEAM], None),
            ([CORPUS, USER], ["skill"]),
            ([OTHER], ["role"]),
        ):
            got = [r.id for r in index.query(query, 5, allowed, kinds)]
            assert got == exact(query, 5, allowed, kinds), (allowed, kinds)
            assert all(
                r.metadata["scope"] != "team" or r.metadata["owner"] != "t2" or OTHER in allowed
                for r in index.query(query, 5, allowed, kinds)
            )
