"""Chroma as the source of truth: one collection of chunks (with our own embeddings), one of
document records (hash, title, counts) that make re-ingest idempotent, and one of each
document's passage-sentence vectors, so answers never re-encode what ingest did.

The document record is written last, after all its chunks, so an interrupted ingest leaves a
document without a record; the next ingest of that file deletes whatever chunks it left and
writes them again, which is how no orphan or duplicate survives a crash."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import hashlib
import os
import socket
import threading
import uuid
from collections.abc import Iterator, Sequence

import chromadb
import numpy as np

from assistant.models import Chunk, Document
from assistant.settings import Settings

_PAGE = 2000  # Chroma get() page size when reading the whole corpus
_WRITE_BATCH = 512
# Sentence vectors are packed, up to this many to a record, a few records to a request, so
# one request stays near 8 MB (base64 float32: about 2 KB per sentence).
_SENTENCES_PER_RECORD = 128
_SENTENCE_RECORDS_PER_WRITE = 32


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _pack(vectors: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(vectors, dtype="<f4").tobytes()).decode()


def _unpack(packed: str, rows: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed), dtype="<f4").reshape(rows, -1)


def _batches(rows: list, size: int = _WRITE_BATCH) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached; the message says where it was expected."""


def _is_transport_error(exc: Exception) -> bool:
    import httpx

    if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
        return True
    return "could not connect" in str(exc).lower() or "connection refused" in str(exc).lower()


def _unavailable(settings: Settings, exc: Exception) -> StoreUnavailable:
    return StoreUnavailable(
        f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} is not answering "
        f"({type(exc).__name__}); check that it is running, then try again"
    )


class _ReadersWriter:
    """Many readers at once, or one writer alone: the store's calls are readers, and
    reopening the embedded client (which stops the old one) waits until none is running."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._condition:
            while self._writing:
                self._condition.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        with self._condition:
            while self._writing or self._readers:
                self._condition.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()


def _surface_server_faults(cls):
    """Wrap every public method so a dead server becomes one clear ``StoreUnavailable``
    instead of a transport traceback (the next call simply tries again), and so no call
    runs while the client is being reopened."""
    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not callable(method) or name == "reopen":
            continue

        def wrapper(self, *args, __method=method, **kwargs):
            try:
                with self._gate.reading():
                    return __method(self, *args, **kwargs)
            except Exception as exc:
                if self.settings.chroma_mode == "server" and _is_transport_error(exc):
                    raise _unavailable(self.settings, exc) from exc
                raise

        functools.update_wrapper(wrapper, method)
        setattr(cls, name, wrapper)
    return cls


def make_client(settings: Settings) -> chromadb.api.ClientAPI:
    if settings.chroma_mode == "server":
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port)
        except Exception as exc:  # chromadb raises several transport errors here
            raise _unavailable(settings, exc) from exc
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path))


def _date_int(date: str | None) -> int:
    return int(date.replace("-", "")) if date else 0


def _list_meta(values: Sequence[str]) -> list[str] | None:
    # Chroma rejects empty arrays in metadata, so an absent list is left out entirely.
    return list(values) if values else None


@_surface_server_faults
class ChromaStore:
    def __init__(
        self,
        settings: Settings,
        client: chromadb.api.ClientAPI | None = None,
        writer: str = "",
    ) -> None:
        self.settings = settings
        # who this process is when it changes the corpus ("cli", "app"), for the record
        self.writer = writer or "a process"
        self._gate = _ReadersWriter()
        self._seen: set[str] = set()  # corpus versions this client shows
        self.client = client or make_client(settings)
        try:
            self._open_collections()
            self._seen = {self._current_state()["version"]}
        except Exception as exc:
            if settings.chroma_mode == "server" and _is_transport_error(exc):
                raise _unavailable(settings, exc) from exc
            raise

    def _open_collections(self) -> None:
        settings = self.settings
        self.chunks = self.client.get_or_create_collection(
            settings.collection,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )
        self.documents = self.client.get_or_create_collection(
            f"{settings.collection}_docs", embedding_function=None
        )
        # Packed per document, as metadata: a record per sentence cost ingest more Chroma
        # time than the chunks did, plus an HNSW index over vectors nobody searches.
        self.sentences = self.client.get_or_create_collection(
            f"{settings.collection}_sentence_vectors", embedding_function=None
        )
        self._drop_per_sentence_layout()

    def _drop_per_sentence_layout(self) -> None:
        """Indexes built before the packed layout kept one record per sentence in another
        collection; their documents carry an older vector tag, so the next ingest re-embeds
        them into this one."""
        stale = f"{self.settings.collection}_sentences"
        if stale in {c if isinstance(c, str) else c.name for c in self.client.list_collections()}:
            self.client.delete_collection(stale)

    # ---- versions -------------------------------------------------------------------------
    def corpus_state(self) -> dict:
        """The corpus version, which changes on every write by any process, and when and by
        whom it last changed. Read from Chroma each time: another process may have written."""
        return self._current_state()

    def _current_state(self) -> dict:
        metadata = self.client.get_collection(self.settings.collection).metadata or {}
        return {
            "version": str(metadata.get("corpus_version", "empty")),
            "changed_at": str(metadata.get("changed_at", "")),
            "changed_by": str(metadata.get("changed_by", "")),
        }

    def corpus_version(self) -> str:
        return self.corpus_state()["version"]

    def has_seen(self, version: str) -> bool:
        """Whether this process's client already shows that version of the corpus: it was
        the version when the client was opened, or this process wrote it."""
        return version in self._seen

    def _bump_version(self) -> None:
        version = uuid.uuid4().hex
        self._seen.add(version)
        self.chunks.modify(
            metadata={
                "corpus_version": version,
                "changed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "changed_by": f"{self.writer} (process {os.getpid()} on {socket.gethostname()})",
            }
        )

    def reopen(self) -> None:
        """See what another process wrote. An embedded client keeps its vector index in
        memory and never sees another process's writes, so it is closed and opened again
        (once no call is running); a server is the one index every process reads, so its
        collections are only fetched again."""
        with self._gate.writing():
            if self.settings.chroma_mode == "embedded":
                from chromadb.api.shared_system_client import SharedSystemClient

                # close() stops the old system when this process held it alone; the cache
                # is cleared so the next client is a new system even when it did not
                self.client.close()
                SharedSystemClient.clear_system_cache()
                self.client = make_client(self.settings)
            self._open_collections()
            self._seen = {self._current_state()["version"]}

    # ---- documents ------------------------------------------------------------------------
    def document_record(self, doc_id: str) -> dict | None:
        found = self.documents.get(ids=[doc_id], include=["metadatas"])
        return found["metadatas"][0] if found["ids"] else None

    def find_by_hash(self, content_hash: str) -> str | None:
        found = self.documents.get(where={"content_hash": content_hash}, include=[])
        return found["ids"][0] if found["ids"] else None

    def list_documents(self) -> list[dict]:
        found = self.documents.get(include=["metadatas"])
        records = [
            dict(meta, doc_id=doc_id) for doc_id, meta in zip(found["ids"], found["metadatas"])
        ]
        return sorted(records, key=lambda r: r["doc_id"])

    def replace_documents(
        self,
        batch: list[tuple[Document, list[Chunk], np.ndarray]],
        encoder: str = "",
        sentences: Sequence[tuple[str, str, np.ndarray]] = (),
    ) -> None:
        """Write several documents with a handful of Chroma calls (each call commits, and
        per-document calls cost more than the writes themselves). Old chunks go first and
        document records last, so a crash in between leaves chunks without a record, which
        the next ingest treats as new and replaces: never a record without its chunks.
        ``sentences`` are (doc_id, text, vector) rows for the sentence-vector collection."""
        if not batch:
            return
        doc_ids = [doc.doc_id for doc, _, _ in batch]
        self.chunks.delete(where={"doc_id": {"$in": doc_ids}})
        self.sentences.delete(where={"doc_id": {"$in": doc_ids}})
        rows = [
            (doc, chunk, vector)
            for doc, chunks, vectors in batch
            for chunk, vector in zip(chunks, vectors)
        ]
        for part in _batches(rows):
            self.chunks.add(
                ids=[chunk.chunk_id for _, chunk, _ in part],
                embeddings=np.stack([vector for _, _, vector in part]),
                documents=[chunk.text for _, chunk, _ in part],
                metadatas=[self._chunk_metadata(doc, chunk) for doc, chunk, _ in part],
            )
        self._add_sentence_records(sentences, encoder)  # the old ones went above
        self.documents.upsert(
            ids=[doc.doc_id for doc, _, _ in batch],
            embeddings=[[1.0]] * len(batch),
            metadatas=[
                self._document_metadata(doc, len(chunks), encoder) for doc, chunks, _ in batch
            ],
        )
        self._bump_version()

    def remove_document(self, doc_id: str) -> bool:
        existed = self.document_record(doc_id) is not None
        self.chunks.delete(where={"doc_id": doc_id})
        self.sentences.delete(where={"doc_id": doc_id})
        self.documents.delete(ids=[doc_id])
        self._bump_version()
        return existed

    @staticmethod
    def _document_metadata(doc: Document, n_chunks: int, encoder: str) -> dict:
        meta = {
            "title": doc.title,
            "date": doc.date or "",
            "source": doc.source,
            "content_hash": doc.content_hash,
            "path": doc.path,
            "kind": doc.kind,
            "n_chunks": n_chunks,
            "n_chars": len(doc.text),
            "encoder": encoder or None,  # which backend made the vectors
            "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "tags": _list_meta(doc.tags),
            # the subjects, given or found, and what was read from the text rather than
            # given; joined strings, since an upsert keeps a key it is not given and Chroma
            # stores no empty list, so a cleared list must still be written
            "companies": "|".join(doc.companies),
            "derived": "|".join(doc.derived),
        }
        return {k: v for k, v in meta.items() if v is not None}

    @staticmethod
    def _chunk_metadata(doc: Document, chunk: Chunk) -> dict:
        meta = {
            "doc_id": doc.doc_id,
            "position": chunk.position,
            "title": doc.title,
            "date": doc.date or "",
            "date_int": _date_int(doc.date),
            "source": doc.source,
            "heading": chunk.heading,
            "start": chunk.start,
            "end": chunk.end,
            "page": chunk.page,
            "tags": _list_meta(doc.tags),
            "countries": _list_meta(doc.countries),
            "companies": _list_meta(doc.companies),
            "tickers": _list_meta(doc.tickers),
            "aliases": _list_meta(
                [f"{alias}={name}" for name, others in doc.aliases.items() for alias in others]
            ),
            "readings": chunk.readings or None,
        }
        return {k: v for k, v in meta.items() if v is not None}

    # ---- sentence vectors -----------------------------------------------------------------
    def write_sentence_vectors(
        self, sentences: Sequence[tuple[str, str, np.ndarray]], encoder: str
    ) -> None:
        """Store (doc_id, text, vector) rows, replacing the sentence vectors those documents
        had. A record holds up to 128 of one document's vectors with their text keys."""
        doc_ids = list(dict.fromkeys(doc_id for doc_id, _, _ in sentences))
        if doc_ids:
            self.sentences.delete(where={"doc_id": {"$in": doc_ids}})
            self._add_sentence_records(sentences, encoder)

    def _add_sentence_records(
        self, sentences: Sequence[tuple[str, str, np.ndarray]], encoder: str
    ) -> None:
        by_doc: dict[str, dict[str, np.ndarray]] = {}
        for doc_id, text, vector in sentences:
            by_doc.setdefault(doc_id, {})[_text_key(text)] = vector
        records = [
            (f"{doc_id}#{number}", doc_id, part)
            for doc_id, vectors in by_doc.items()
            for number, part in enumerate(_batches(list(vectors.items()), _SENTENCES_PER_RECORD))
        ]
        for batch in _batches(records, _SENTENCE_RECORDS_PER_WRITE):
            self.sentences.add(
                ids=[record_id for record_id, _, _ in batch],
                embeddings=[[1.0]] * len(batch),  # looked up by document, never searched
                metadatas=[
                    {
                        "doc_id": doc_id,
                        "encoder": encoder,
                        "keys": " ".join(key for key, _ in part),
                        "vectors": _pack(np.stack([vector for _, vector in part])),
                    }
                    for _, doc_id, part in batch
                ],
            )

    def sentence_vectors(
        self, sentences: Sequence[tuple[str, str]], encoder: str
    ) -> dict[str, np.ndarray]:
        """Stored vectors, by text, of those (doc_id, text) sentences that ingest encoded
        with ``encoder``. Each document owns its sentences' records (a sentence two
        documents share is stored twice), so removing one never strips the other."""
        wanted: dict[str, dict[str, str]] = {}
        for doc_id, text in sentences:
            wanted.setdefault(doc_id, {})[_text_key(text)] = text
        if not wanted:
            return {}
        found = self.sentences.get(where={"doc_id": {"$in": list(wanted)}}, include=["metadatas"])
        vectors: dict[str, np.ndarray] = {}
        for meta in found["metadatas"]:
            if meta.get("encoder") != encoder:
                continue
            texts, keys = wanted[meta["doc_id"]], meta["keys"].split()
            rows = [(row, texts[key]) for row, key in enumerate(keys) if key in texts]
            if rows:
                packed = _unpack(meta["vectors"], len(keys))
                vectors.update((text, packed[row]) for row, text in rows)
        return vectors

    # ---- chunks ---------------------------------------------------------------------------
    def count_chunks(self) -> int:
        return self.chunks.count()

    def iter_all_chunks(self) -> Iterator[tuple[str, str, dict]]:
        offset = 0
        while True:
            page = self.chunks.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield from zip(page["ids"], page["documents"], page["metadatas"])
            offset += len(page["ids"])

    def chunks_of(self, doc_id: str) -> list[tuple[str, str, dict]]:
        found = self.chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        rows = list(zip(found["ids"], found["documents"], found["metadatas"]))
        return sorted(rows, key=lambda row: row[2].get("position", 0))

    def dense_query(
        self, vector: np.ndarray, n_results: int, where: dict | None = None
    ) -> list[tuple[str, str, dict, float]]:
        """(id, text, metadata, cosine similarity), best first. Chroma returns fewer rows
        when fewer exist; asking count() first cost 12 ms a query at 100k chunks."""
        result = self.chunks.query(
            query_embeddings=[vector],
            n_results=n_results,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            (cid, text, meta, 1.0 - float(dist))
            for cid, text, meta, dist in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
            )
        ]
