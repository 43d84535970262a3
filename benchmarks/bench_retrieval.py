"""Retrieval benchmark: hybrid query latency and recall at scale, and ingestion throughput.

    python -m benchmarks.bench_retrieval --n 100000          # the recorded run
    python -m benchmarks.bench_retrieval --n 5000 --queries 50   # a quick look

Scale part: a synthetic collection of ``--n`` chunks — clustered random 384-d unit vectors and
Zipf-distributed sparse terms with BM25 weights, 80% "en" / 20% "zh" payloads — queried with
the same hybrid request the retriever sends (dense + sparse prefetch, RRF, language filter).
recall@10 compares each answer with the same query run exactly (no HNSW approximation).
qdrant-client local mode is always exact, so its recall is 1 by construction; it is timed on
fewer queries because each takes about a second at 100k.

Ingest part: real documents (the packaged demo KB), real embeddings, into a fresh Edge shard.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

DIM = 384
VOCAB = 30_000
TERMS_PER_DOC = 40
RNG_SEED = 7


def synthetic_corpus(
    n: int, rng: np.random.Generator
) -> tuple[np.ndarray, list[tuple[list[int], list[float]]], list[str]]:
    centers = rng.standard_normal((max(n // 100, 10), DIM)).astype(np.float32)
    assign = rng.integers(0, len(centers), n)
    dense = centers[assign] + 0.8 * rng.standard_normal((n, DIM)).astype(np.float32)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    ranks = rng.zipf(1.3, size=(n, TERMS_PER_DOC)) % VOCAB
    # BM25 length normalisation with varied chunk lengths, as real chunks have: without it,
    # equal weights make sparse scores tie and "recall" would measure tie-breaking.
    lengths = rng.uniform(20, 200, n)
    sparse = []
    for row, length in zip(ranks, lengths, strict=True):
        terms, tf = np.unique(row, return_counts=True)
        weights = tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / 120))
        sparse.append((terms.tolist(), weights.astype(float).tolist()))
    langs = ["zh" if x < 0.2 else "en" for x in rng.random(n)]
    return dense, sparse, langs


def synthetic_queries(
    dense: np.ndarray,
    sparse: list[tuple[list[int], list[float]]],
    count: int,
    rng: np.random.Generator,
) -> list[tuple[list[float], tuple[list[int], list[float]]]]:
    queries = []
    for i in rng.choice(len(dense), count, replace=False):
        q = dense[i] + 0.6 * rng.standard_normal(DIM).astype(np.float32) / np.sqrt(DIM)
        q /= np.linalg.norm(q)
        terms = sparse[i][0]
        picked = sorted(rng.choice(terms, min(4, len(terms)), replace=False).tolist())
        queries.append((q.tolist(), (picked, [1.0] * len(picked))))
    return queries


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


def tie_aware_recall(
    got: list[tuple[Any, float]], exact: list[tuple[Any, float]], k: int = 10
) -> float:
    """Share of the top k that the exact top k also holds, counting points tied with the exact
    k-th score as correct: RRF gives equal scores to, say, rank 5 of the dense list and rank 5
    of the sparse list, and which of two tied points is 10th is arbitrary."""
    if not exact:
        return 1.0
    cutoff = exact[min(k, len(exact)) - 1][1] - 1e-6
    accepted = {pid for pid, score in exact if score >= cutoff}
    return sum(pid in accepted for pid, _ in got[:k]) / min(k, len(exact))


def bench_edge(
    dense: np.ndarray, sparse: list[Any], langs: list[str], queries: list[Any], prefetch: int
) -> dict[str, Any]:
    import qdrant_edge as qe

    from knowledge.edge_store import edge_filter, hybrid_request, open_shard

    with tempfile.TemporaryDirectory() as tmp:
        shard = open_shard(Path(tmp) / "shard", DIM)
        started = time.perf_counter()
        batch = 1000
        for start in range(0, len(dense), batch):
            points = [
                qe.Point(
                    i,
                    {
                        "dense": dense[i].tolist(),
                        "sparse": qe.SparseVector(sparse[i][0], sparse[i][1]),
                    },
                    {"language": langs[i], "article_id": f"a{i // 5}", "text": f"chunk {i}"},
                )
                for i in range(start, min(start + batch, len(dense)))
            ]
            shard.update(qe.UpdateOperation.upsert_points(points))
        upserted = time.perf_counter() - started
        shard.optimize()
        shard.flush()
        built = time.perf_counter() - started
        flt = edge_filter("en", None)

        def run(q: Any, exact: bool, limit: int = 10) -> list[tuple[Any, float]]:
            svec = qe.SparseVector(q[1][0], q[1][1])
            request = hybrid_request(
                q[0], svec, flt, limit=limit, prefetch=prefetch, exact=exact, weights=[1.0, 0.8]
            )
            return [(p.id, p.score) for p in shard.query(request)]

        for q in queries[:10]:  # warm caches
            run(q, False)
        timings, recalls = [], []
        for q in queries:
            t0 = time.perf_counter()
            got = run(q, False)
            timings.append((time.perf_counter() - t0) * 1000)
            recalls.append(tie_aware_recall(got, run(q, True, limit=2 * 10)))
        info = shard.info()
        shard.close()
    return {
        "backend": "edge",
        "points": info.points_count,
        "upsert_s": round(upserted, 1),
        "build_s": round(built, 1),
        **percentiles(timings),
        "recall@10": round(statistics.fmean(recalls), 4),
        "queries": len(queries),
    }


def bench_local(
    dense: np.ndarray, sparse: list[Any], langs: list[str], queries: list[Any], prefetch: int
) -> dict[str, Any]:
    from qdrant_client import QdrantClient, models

    client = QdrantClient(location=":memory:")
    client.create_collection(
        "bench",
        vectors_config={"dense": models.VectorParams(size=DIM, distance=models.Distance.COSINE)},
        sparse_vectors_config={"sparse": models.SparseVectorParams(modifier=models.Modifier.IDF)},
    )
    started = time.perf_counter()
    batch = 1000
    for start in range(0, len(dense), batch):
        client.upsert(
            "bench",
            [
                models.PointStruct(
                    id=i,
                    vector={
                        "dense": dense[i].tolist(),
                        "sparse": models.SparseVector(indices=sparse[i][0], values=sparse[i][1]),
                    },
                    payload={"language": langs[i], "article_id": f"a{i // 5}"},
                )
                for i in range(start, min(start + batch, len(dense)))
            ],
        )
    built = time.perf_counter() - started
    flt = models.Filter(
        must=[models.FieldCondition(key="language", match=models.MatchValue(value="en"))]
    )
    timings = []
    for q in queries:
        t0 = time.perf_counter()
        client.query_points(
            "bench",
            prefetch=[
                models.Prefetch(query=q[0], using="dense", limit=prefetch, filter=flt),
                models.Prefetch(
                    query=models.SparseVector(indices=q[1][0], values=q[1][1]),
                    using="sparse",
                    limit=prefetch,
                    filter=flt,
                ),
            ],
            query=models.RrfQuery(rrf=models.Rrf(k=10, weights=[1.0, 0.8])),
            limit=10,
        )
        timings.append((time.perf_counter() - t0) * 1000)
    client.close()
    return {
        "backend": "local (qdrant-client, exact)",
        "points": len(dense),
        "build_s": round(built, 1),
        **percentiles(timings),
        "recall@10": 1.0,
        "queries": len(queries),
    }


async def bench_ingest(sample: int) -> dict[str, Any]:
    from knowledge.embedding_choice import build_embedder
    from knowledge.ingest import ingest_path
    from knowledge.retriever import build_retriever
    from knowledge.settings import KnowledgeSettings

    embedder = build_embedder(KnowledgeSettings())
    with tempfile.TemporaryDirectory() as tmp:
        settings = KnowledgeSettings(backend="edge", data_dir=Path(tmp))
        retriever = build_retriever(settings, embedder)
        embedder.encode(["warm up"])
        summary = await ingest_path(settings.kb_path, retriever, embedder, progress=False)
        t0 = time.perf_counter()
        timings = []
        for text in ["how do I freeze my card", "怎样冻结银行卡？", "fees for paying abroad"] * 10:
            t0 = time.perf_counter()
            await retriever.search(text, limit=4)
            timings.append((time.perf_counter() - t0) * 1000)
        await retriever.close()
    embed_t0 = time.perf_counter()
    embedder.encode(
        [f"sample chunk number {i} about card fees and payments " * 8 for i in range(sample)]
    )
    embed_s = time.perf_counter() - embed_t0
    return {
        "ingest_chunks": summary.chunks_written,
        "ingest_articles": len(summary.added),
        "ingest_s": round(summary.seconds, 2),
        "ingest_chunks_per_s": round(summary.chunks_written / summary.seconds, 1),
        "embed_only_chunks_per_s": round(sample / embed_s, 1),
        "end_to_end_search_with_embedding": percentiles(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic chunks")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--local-queries", type=int, default=20)
    parser.add_argument("--prefetch", type=int, default=20)
    parser.add_argument("--backends", default="edge,local")
    parser.add_argument(
        "--ingest-sample",
        type=int,
        default=256,
        help="chunks for the embed-only throughput figure (0: skip ingest part)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    rng = np.random.default_rng(RNG_SEED)
    t0 = time.perf_counter()
    dense, sparse, langs = synthetic_corpus(args.n, rng)
    queries = synthetic_queries(dense, sparse, args.queries, rng)
    results: dict[str, Any] = {
        "n": args.n,
        "generate_s": round(time.perf_counter() - t0, 1),
        "backends": [],
    }
    print(f"generated {args.n} synthetic chunks in {results['generate_s']}s", flush=True)
    for backend in args.backends.split(","):
        if backend == "edge":
            row = bench_edge(dense, sparse, langs, queries, args.prefetch)
        elif backend == "local":
            row = bench_local(dense, sparse, langs, queries[: args.local_queries], args.prefetch)
        else:
            raise SystemExit(f"unknown backend {backend}")
        results["backends"].append(row)
        print(json.dumps(row), flush=True)
    if args.ingest_sample:
        results["ingest"] = asyncio.run(bench_ingest(args.ingest_sample))
        print(json.dumps(results["ingest"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
