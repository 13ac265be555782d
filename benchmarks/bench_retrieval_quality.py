"""Retrieval quality on the labelled query set (evals/retrieval/queries.yaml): recall@5, hit@5
and MRR@10 at document level for BM25 only, dense only and hybrid, for each embedder that loads
offline here, with the embedding time of the corpus and the query latency, in one run.

Embedders: hash (baseline), all-MiniLM-L6-v2 (the default), all-mpnet-base-v2 (when its part
packages are installed), wordllama (when installed). The corpus is indexed afresh per embedder
in a temp dir. Run: ``.venv/bin/python benchmarks/bench_retrieval_quality.py [--embedders a,b]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml
from langchain_core.embeddings import Embeddings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.config import PROJECT_ROOT, load_settings  # noqa: E402
from coach.domain.principal import CORPUS  # noqa: E402
from coach.llm.embeddings import HashingEmbedder, MiniLMEmbedder, MPNetEmbedder  # noqa: E402
from coach.retrieval.hybrid import HybridRetriever  # noqa: E402
from coach.retrieval.indexing import build_index  # noqa: E402
from coach.retrieval.vector_index import open_index  # noqa: E402

QUERIES = PROJECT_ROOT / "evals" / "retrieval" / "queries.yaml"
POOL = 50  # chunks looked at per method, before collapsing to documents


class WordLlamaEmbedder(Embeddings):
    """wordllama's 256-d static token embeddings, loaded from the files its wheel ships (its
    loader looks in the wrong folder and then tries the network, so the files are copied into
    a cache laid out the way it expects)."""

    name = "wordllama-l2-supercat-256"

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        package = Path(wordllama.__file__).parent
        cache = Path(tempfile.mkdtemp(prefix="wordllama-"))
        for file_type, folder in (("weights", "weights"), ("tokenizer", "tokenizers")):
            target = WordLlama.get_file_path(file_type, cache)
            target.mkdir(parents=True, exist_ok=True)
            for file in (package / folder).iterdir():
                if file.is_file():
                    (target / file.name).write_bytes(file.read_bytes())
        self.model = WordLlama.load(cache_dir=cache, disable_download=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed(texts, norm=True).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def make_embedder(name: str, cache_dir: Path) -> Embeddings | None:
    try:
        if name == "hash":
            return HashingEmbedder()
        if name == "minilm":
            return MiniLMEmbedder()
        if name == "mpnet":
            mpnet = MPNetEmbedder(cache_dir)
            return mpnet if mpnet.available() else None
        if name == "wordllama":
            return WordLlamaEmbedder()
    except ImportError:
        return None
    raise ValueError(name)


def documents(records_or_hits, key) -> list[str]:
    """Distinct document ids in rank order."""
    return list(dict.fromkeys(key(r) for r in records_or_hits))


def score(ranked: list[str], relevant: list[str]) -> tuple[float, float, float]:
    top5 = ranked[:5]
    recall = len(set(top5) & set(relevant)) / len(relevant)
    hit = 1.0 if set(top5) & set(relevant) else 0.0
    rank = next((i for i, doc in enumerate(ranked[:10], 1) if doc in relevant), None)
    return recall, hit, 1.0 / rank if rank else 0.0


def evaluate(retriever: HybridRetriever, items: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {m: defaultdict(list) for m in ("bm25", "dense", "hybrid")}
    for item in items:
        query, relevant = item["query"], item["relevant"]
        started = time.perf_counter()
        vector = retriever.embedder.embed_query(query)
        dense = retriever.index.query(vector, POOL, [CORPUS])
        dense_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        lexical = [r for r, _ in retriever._for(CORPUS).search(query, POOL, None)]
        bm25_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        hybrid = retriever.search(query, [CORPUS], k=20)
        hybrid_ms = (time.perf_counter() - started) * 1000
        rankings = {
            "bm25": (documents(lexical, lambda r: r.metadata.get("doc_id")), bm25_ms),
            "dense": (documents(dense, lambda r: r.metadata.get("doc_id")), dense_ms),
            "hybrid": (documents(hybrid, lambda h: h.doc_id), hybrid_ms),
        }
        for method, (ranked, ms) in rankings.items():
            recall, hit, rr = score(ranked, relevant)
            for name, value in (("recall", recall), ("hit", hit), ("mrr", rr), ("ms", ms)):
                out[method][name].append(value)
                out[method][f"{name}:{item['style']}"].append(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedders", default="hash,minilm,wordllama,mpnet")
    args = parser.parse_args()
    items = yaml.safe_load(QUERIES.read_text())["items"]
    base = load_settings()
    styles = sorted({i["style"] for i in items})
    print(f"{len(items)} labelled queries ({', '.join(styles)}); documents ranked from {POOL} chunks\n")
    header = f"{'embedder':<28}{'method':<8}{'recall@5':>9}{'hit@5':>7}{'MRR@10':>8}{'ms p50':>8}"
    rows, by_style = [header], []
    for name in args.embedders.split(","):
        embedder = make_embedder(name, base.model_cache)
        if embedder is None:
            rows.append(f"{name:<28}(not installed here: skipped)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            settings = base.model_copy(update={"data_dir": Path(tmp)})
            index = open_index(settings)
            started = time.perf_counter()
            report = build_index(settings, embedder, index=index)
            build_s = time.perf_counter() - started
            retriever = HybridRetriever(settings, embedder, index)
            results = evaluate(retriever, items)
        label = f"{getattr(embedder, 'name', name)}"
        for method in ("bm25", "dense", "hybrid"):
            if method == "bm25" and name != args.embedders.split(",")[0]:
                continue  # BM25 does not depend on the embedder
            r = results[method]
            who = label if method != "bm25" else "(none)"
            rows.append(
                f"{who:<28}{method:<8}{statistics.mean(r['recall']):>9.3f}"
                f"{statistics.mean(r['hit']):>7.3f}{statistics.mean(r['mrr']):>8.3f}"
                f"{statistics.median(r['ms']):>8.1f}"
            )
        rows.append(f"{'':<28}(indexed {report.added} chunks in {build_s:.1f}s)")
        by_style.append((label, {s: statistics.mean(results["hybrid"][f"recall:{s}"]) for s in styles}))
    print("\n".join(rows))
    print("\nhybrid recall@5 by question style")
    print(f"{'embedder':<28}" + "".join(f"{s[:11]:>12}" for s in styles))
    for label, values in by_style:
        print(f"{label:<28}" + "".join(f"{values[s]:>12.3f}" for s in styles))


if __name__ == "__main__":
    main()
