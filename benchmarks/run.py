"""Performance, measured as ratios side by side in one run (this machine is noisy).

    .venv/bin/python benchmarks/run.py [--quick] [--json]

Prints one JSON object with the keys of the performance issue. ``--quick`` pads the corpus
to 10k and 100k chunks by re-inserting real chunks with jittered vectors (latency depends on
collection size, not on the prose), so the run stays under ten minutes on 2 cores."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.evaluation import suites  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def encoder_vs_ingest(work: Path) -> dict:
    """Raw encoder chunks/s versus end-to-end ingest chunks/s on the same corpus and model."""
    assistant = Assistant(Settings(data_dir=work / "ingest"))
    assistant.embedder.embed(["warm up"])
    report_time = timed(lambda: assistant.ingest([assistant.settings.corpus_dir]))
    chunks = [(text, meta) for _, text, meta in assistant.store.iter_all_chunks()]
    texts = [f"{m['title']}. {m['heading']}. {t}" for t, m in chunks]
    encode_time = timed(lambda: assistant.embedder.embed(texts))
    ingest_rate, encode_rate = len(texts) / report_time, len(texts) / encode_time
    return {
        "chunks": len(texts),
        "ingest_chunks_per_s": round(ingest_rate, 1),
        "encoder_chunks_per_s": round(encode_rate, 1),
        "ingest_vs_encoder": round(ingest_rate / encode_rate, 3),
        "encoder_speedup_vs_torch": 1.0,  # only the torch backend exists so far
        "encoder_backend": "sentence-transformers/torch",
    }


def pad_store(assistant: Assistant, target: int, seed: int = 7) -> None:
    """Grow the store to ``target`` chunks with copies of real chunks under synthetic
    document ids and slightly jittered vectors."""
    rng = np.random.default_rng(seed)
    base = assistant.store.chunks.get(
        include=["documents", "metadatas", "embeddings"], where={"doc_id": {"$nin": ["__pad__"]}}
    )
    n_base = len(base["ids"])
    copy = 0
    while assistant.store.count_chunks() < target:
        batch = min(2000, target - assistant.store.count_chunks())
        rows = [(i % n_base) for i in range(copy, copy + batch)]
        vectors = np.asarray([base["embeddings"][r] for r in rows], dtype=np.float32)
        vectors += rng.normal(0, 0.02, vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        assistant.store.chunks.add(
            ids=[f"pad-{copy + k}" for k in range(batch)],
            embeddings=vectors,
            documents=[base["documents"][r] for r in rows],
            metadatas=[
                dict(base["metadatas"][r], doc_id=f"pad-{(copy + k) // 8}")
                for k, r in enumerate(rows)
            ],
        )
        copy += batch
    assistant.store._bump_version()


def answer_latency(assistant: Assistant, questions: list[str]) -> list[float]:
    assistant.ask(questions[0])  # warm: classifier, BM25 cache, query path
    return [timed(lambda q=q: assistant.ask(q)) * 1000 for q in questions]


def retrieval_latency(assistant: Assistant, questions: list[str]) -> list[float]:
    assistant.search(questions[0])
    return [timed(lambda q=q: assistant.search(q)) * 1000 for q in questions]


def baseline_comparison(assistant: Assistant, questions: list[str]) -> dict:
    from assistant.evaluation.baseline import naive_composer

    naive, composer = naive_composer(assistant)
    composer.answer(questions[0])
    ours = statistics.median(answer_latency(assistant, questions))
    theirs = statistics.median([timed(lambda q=q: composer.answer(q)) * 1000 for q in questions])
    items = suites.load_items("retrieval.jsonl", "test")
    gold = suites.GoldSpans(assistant)
    mine, _ = suites.retrieval_scores(
        lambda q: assistant.retriever.search(q, top_k=10), items, gold
    )
    base, _ = suites.retrieval_scores(lambda q: naive.search(q, top_k=10), items, gold)
    return {
        "answer_p50_ms_unpadded": round(ours, 1),
        "baseline_answer_p50_ms": round(theirs, 1),
        "speedup_vs_langchain_baseline": round(theirs / ours, 3),
        "recall5_gain_vs_langchain_baseline": round(mine["recall@5"] - base["recall@5"], 4),
    }


def cold_start(work: Path) -> float:
    """Process start to first answer, on an index that already exists."""
    command = [
        sys.executable,
        "-m",
        "assistant",
        "--data-dir",
        str(work / "ingest"),
        "ask",
        "Is Brazil a major rare-earth supplier?",
        "--json",
    ]
    return round(
        timed(lambda: subprocess.run(command, cwd=REPO, check=True, capture_output=True)), 2
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = [i["question"] for i in suites.load_items("grounding.jsonl", "all")]
    if args.quick:
        questions = questions[:30]
    results: dict = {"quick": args.quick}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results.update(encoder_vs_ingest(work))
        results["cold_start_s"] = cold_start(work)
        assistant = Assistant(Settings(data_dir=work / "ingest"))
        results.update(baseline_comparison(assistant, questions))
        pad_store(assistant, 10_000)
        latencies = answer_latency(assistant, questions)
        results["answer_p50_ms"] = round(percentile(latencies, 50), 1)
        results["answer_p95_ms"] = round(percentile(latencies, 95), 1)
        pad_store(assistant, 100_000)
        retrieval = retrieval_latency(assistant, questions)
        results["retrieval_p50_ms_100k"] = round(percentile(retrieval, 50), 1)
        results["retrieval_p95_ms_100k"] = round(percentile(retrieval, 95), 1)
        results["rss_mb_100k"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:40s} {value}")


if __name__ == "__main__":
    main()
