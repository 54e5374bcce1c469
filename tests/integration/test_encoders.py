"""The encoder backends on the real packaged model: the ONNX graph exported from it agrees
with sentence-transformers on torch, is exported once and reused, and a broken export
falls back to torch instead of failing the app."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import Embedder, get_embedder
from assistant.encoders import OnnxEncoder, TorchEncoder, build_encoder, onnx_graph

SENTENCES = [
    "Russia's mine output was about 2,500 tonnes of rare-earth oxide in 2024.",
    "The separation plant is 64% built and is due to start commissioning next year.",
    "An inferred resource of 12 Mt at 1.1% TREO is not a reserve.",
    "Magnets",
    " ".join(["The concentrate is shipped to a refinery abroad for cracking."] * 30),
]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return get_embedder("torch")


@pytest.mark.parametrize("backend, floor", [("onnx", 0.9999), ("onnx-int8", 0.97)])
def test_onnx_vectors_agree_with_torch(backend, floor, shared_encoder_dir, torch_embedder):
    onnx = get_embedder(backend, shared_encoder_dir)
    assert onnx.backend == backend
    ours, reference = onnx.embed(SENTENCES), torch_embedder.embed(SENTENCES)
    assert ours.shape == reference.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= floor, cosines


def test_a_texts_vector_does_not_depend_on_its_neighbours(shared_encoder_dir):
    onnx = get_embedder("onnx-int8", shared_encoder_dir)
    together = onnx.embed(SENTENCES)
    one_by_one = np.vstack([onnx.embed([s]) for s in SENTENCES])
    reversed_order = onnx.embed(SENTENCES[::-1])[::-1]
    assert np.array_equal(together, one_by_one)
    assert np.array_equal(together, reversed_order)


def test_every_session_of_the_pool_computes_the_same_vectors(shared_encoder_dir):
    graph = onnx_graph(shared_encoder_dir, quantized=True)
    pooled = OnnxEncoder(graph, "onnx-int8", workers=2).encode(SENTENCES, 64)
    single = OnnxEncoder(graph, "onnx-int8", workers=1).encode(SENTENCES, 64)
    assert np.array_equal(pooled, single)


def test_graph_is_exported_once_then_reused(shared_encoder_dir):
    get_embedder("onnx-int8", shared_encoder_dir)  # makes sure the export exists
    graph = onnx_graph(shared_encoder_dir, quantized=True)
    before = graph.stat().st_mtime_ns
    assert onnx_graph(shared_encoder_dir, quantized=True) == graph
    assert graph.stat().st_mtime_ns == before
    assert not list(shared_encoder_dir.glob("*.partial.onnx"))


def test_unwritable_cache_falls_back_to_torch(tmp_path, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    encoder = build_encoder("onnx-int8", blocker / "encoders")
    assert isinstance(encoder, TorchEncoder)
    assert "using torch" in caplog.text


def test_sentence_cache_sends_only_new_texts_to_the_encoder(shared_encoder_dir):
    embedder = Embedder("onnx-int8", shared_encoder_dir)
    seen: list[list[str]] = []
    encode = embedder._encoder.encode

    def counting(texts, batch_size):
        seen.append(list(texts))
        return encode(texts, batch_size)

    embedder._encoder.encode = counting
    first = embedder.embed_sentences(SENTENCES[:3])
    again = embedder.embed_sentences([SENTENCES[2], SENTENCES[3], SENTENCES[2]])
    assert seen == [SENTENCES[:3], [SENTENCES[3]]]
    assert np.array_equal(again[0], first[2]) and np.array_equal(again[2], first[2])
    embedder.clear_caches()
    embedder.embed_sentences([SENTENCES[0]])
    assert seen[-1] == [SENTENCES[0]]
