"""The packaged all-MiniLM-L6-v2 encoder, loaded once per process and per backend.

Nothing here may reach a model hub: the offline flags are set before any model library is
imported (in ``encoders``), and the model is addressed by its local path only."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np

from assistant.encoders import (
    EMBEDDING_DIM,
    Backend,
    Encoder,
    build_encoder,
    packaged_model_dir,
)

__all__ = ["EMBEDDING_DIM", "Embedder", "LRUCache", "get_embedder", "packaged_model_dir"]

V = TypeVar("V")
# the index's stored vectors for those of the given sentences it has
StoredVectors = Callable[[list[str]], dict[str, np.ndarray]]


class LRUCache(Generic[V]):
    """A small thread-safe least-recently-used map (sessions share one embedder)."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[str, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get_many(self, keys: list[str], compute: Callable[[list[str]], Sequence[V]]) -> list[V]:
        """The values for ``keys`` (repeats allowed); ``compute`` is called once, with only
        the distinct keys not cached yet, and returns their values in that order."""
        distinct = list(dict.fromkeys(keys))
        found = {k: v for k in distinct if (v := self.get(k)) is not None}
        missing = [k for k in distinct if k not in found]
        if missing:
            for key, value in zip(missing, compute(missing)):
                self.put(key, value)
                found[key] = value
        return [found[k] for k in keys]


class Embedder:
    """Normalised sentence embeddings.

    Query vectors and passage-sentence vectors are memoised by their text: follow-up
    questions repeat queries, and the composer, the stage classifier and the grounding
    checker all look at the same few hundred sentences of the passages a session keeps
    retrieving. A vector depends only on the text and the backend, so a hit is exact."""

    def __init__(
        self,
        backend: Backend = "torch",
        cache_dir: Path | None = None,
        batch_size: int = 64,
        query_cache_size: int = 1024,
        sentence_cache_size: int = 50_000,  # ~77 MB of float32 vectors at most
    ) -> None:
        self._encoder: Encoder = build_encoder(backend, cache_dir or Path(".assistant-data"))
        self.backend = self._encoder.name
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._queries = LRUCache(query_cache_size)
        self._sentences = LRUCache(sentence_cache_size)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        # one inference at a time: on two cores a second one only adds contention
        with self._lock:
            vectors = self._encoder.encode(texts, self._batch_size)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._queries.get_many([text], self.embed)[0]

    def embed_sentences(self, texts: list[str], stored: StoredVectors | None = None) -> np.ndarray:
        """Like ``embed``, but only the texts not seen before reach the encoder, and not
        those that ``stored`` (the index's sentence vectors) already has."""
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)

        def look_up_or_encode(missing: list[str]) -> list[np.ndarray]:
            found = stored(missing) if stored else {}
            new = [text for text in missing if text not in found]
            if new:
                found.update(zip(new, self.embed(new)))
            return [found[text] for text in missing]

        return np.stack(self._sentences.get_many(texts, look_up_or_encode))

    def clear_caches(self) -> None:
        self._queries.clear()
        self._sentences.clear()


_shared: dict[str, Embedder] = {}
_shared_lock = threading.Lock()


def get_embedder(
    backend: Backend = "torch", cache_dir: Path | None = None, batch_size: int = 64
) -> Embedder:
    """One encoder per process and backend: loading costs seconds and ~100 MB."""
    with _shared_lock:
        if backend not in _shared:
            _shared[backend] = Embedder(backend, cache_dir, batch_size)
        return _shared[backend]
