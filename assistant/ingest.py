"""Find article files, load them, chunk, embed and store them, reporting each file's outcome.

Folder rule (documented in the README and corpus/README.md): inside a folder, README/LICENSE/
CHANGELOG files, anything under a ``data/`` folder and hidden files are not articles and are
*skipped* (listed, not rejected). A file named explicitly is never skipped."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.chunking import chunk_document
from assistant.domain import DATA_FILE
from assistant.embeddings import Embedder
from assistant.loaders import SIDECAR_SUFFIX, RejectedFile, load_file
from assistant.modality import SHIPPED_MODEL as MODALITY_MODEL
from assistant.models import Chunk, Document
from assistant.reading import chunk_readings, read_document
from assistant.settings import Settings
from assistant.stages import SHIPPED_MODEL as STAGE_MODEL
from assistant.store import ChromaStore

_NOT_ARTICLES = ("readme", "license", "licence", "changelog", "contributing")
_NOT_ARTICLE_DIRS = {"data"}

ProgressFn = Callable[[int, int, str], None]
WaitFn = Callable[[str], None]  # told whom a writer is waiting for


class WriterBusy(RuntimeError):
    """Another process holds the data dir's write lock."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    chunks_written: int = 0
    # per input file: (path, outcome, detail) in the order processed, for UIs
    outcomes: list[tuple[str, str, str]] = field(default_factory=list)

    def record(self, path: Path | str, outcome: str, detail: str = "") -> None:
        path = str(path)
        if outcome == "rejected":
            self.rejected.append({"path": path, "reason": detail})
        else:
            getattr(self, outcome).append(path)
        self.outcomes.append((path, outcome, detail))

    def summary(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": self.skipped,
            "rejected": self.rejected,
        }


def _skip_reason(path: Path, root: Path) -> str | None:
    relative = path.relative_to(root)
    if path.name.endswith(SIDECAR_SUFFIX):
        return "an editor's corrections to another file, not an article"
    if any(part.startswith(".") for part in relative.parts):
        return "hidden file"
    if any(part.lower() in _NOT_ARTICLE_DIRS for part in relative.parts[:-1]):
        return "data table, not an article"
    if path.stem.lower().startswith(_NOT_ARTICLES):
        return "README/licence file, not an article"
    return None


def discover(paths: list[Path], report: IngestReport) -> list[Path]:
    """Expand folders into files, recording skipped ones; explicit files are always kept."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                if _skip_reason(candidate, path):
                    report.record(candidate, "skipped")
                else:
                    files.append(candidate)
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return files


@contextlib.contextmanager
def writer_lock(
    data_dir: Path, wait_s: float = 0.0, on_wait: WaitFn | None = None
) -> Iterator[None]:
    """The data dir's write lock (embedded store): one writer at a time, across processes.
    A second writer queues up to ``wait_s`` seconds (``on_wait`` is told whom it waits
    for), then gives up with ``WriterBusy``. The lock is the kernel's (flock), so a writer
    killed mid-ingest releases it, and its half-written documents are replaced by the
    next ingest of those files."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock_path = data_dir / "write.lock"
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_s
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    raise WriterBusy(
                        f"the corpus is being changed by {holder}; try again when it has finished"
                    ) from None
                if on_wait and not told:
                    on_wait(holder)
                    told = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


# How passage vectors are made and their sentence vectors kept, and how sentences are read.
# Documents record it with the backend, so changing any of them re-reads them on the next
# ingest instead of mixing vectors made two ways or keeping claims read the old way.
VECTOR_RECIPE = "sentence-mean+title+heading;sentences-packed"


def vector_tag(backend: str) -> str:
    return f"{backend}/{VECTOR_RECIPE}/{reader_version()}"


# The code that turns a file into stored passages, sentences and claims: a new version of
# it re-reads every document on the next ingest, as a new domain file or model does.
_READING_CODE = (
    "loaders.py",
    "cleanup.py",
    "chunking.py",
    "reading.py",
    "claims.py",
    "modality.py",
    "subjects.py",
    "stages.py",
    "text",
)


@lru_cache(maxsize=1)
def reader_version() -> str:
    """A digest of what reading sentences depends on: the domain file, the shipped
    modality and stage models, and the reading code."""
    package = Path(__file__).parent
    code = sorted(
        path
        for name in _READING_CODE
        for path in ([package / name] if name.endswith(".py") else (package / name).glob("*.py"))
    )
    digest = hashlib.sha256()
    for path in (DATA_FILE, MODALITY_MODEL, STAGE_MODEL, *code):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def chunk_vector(chunk: Chunk, title: str, encoded: dict[str, np.ndarray]) -> np.ndarray:
    """The mean of the passage's sentence vectors, blended equally with the vector of its
    title and heading. Built from sentences, the vector covers the whole passage (the
    encoder reads only 256 tokens at a time) and the answer reuses the sentence vectors;
    on the retrieval suite's dev split it beat whole-chunk encoding on recall@5 and
    recall@10 and matched it on mrr@10."""
    content = np.mean([encoded[text] for text in chunk.sentences], axis=0)
    vector = content / np.linalg.norm(content)
    context = [encoded[text] for text in (title, chunk.heading) if text]
    if context:
        blend = np.sum(context, axis=0)
        vector = vector + blend / np.linalg.norm(blend)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


class Ingestor:
    def __init__(self, settings: Settings, store: ChromaStore, embedder: Embedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder

    def ingest(
        self, paths: list[Path], progress: ProgressFn | None = None, on_wait: WaitFn | None = None
    ) -> IngestReport:
        report = IngestReport()
        files = discover(paths, report)
        lock = writer_lock(self.settings.data_dir, self.settings.write_lock_wait_s, on_wait)
        with lock, _OneWriteAhead() as writes:
            known = _KnownDocuments(self.store, prefetch=len(files) >= _PREFETCH_FROM)
            pending: list[tuple[Document, list[Chunk], str]] = []
            for done, path in enumerate(files, start=1):
                self._prepare(path, report, pending, known)
                if sum(len(c) for _, c, _ in pending) >= self.settings.embed_batch_size * 2:
                    self._flush(pending, report, writes)
                if progress:
                    progress(done, len(files), str(path))
            self._flush(pending, report, writes)
        return report

    def _prepare(
        self,
        path: Path,
        report: IngestReport,
        pending: list[tuple[Document, list[Chunk], str]],
        known: _KnownDocuments,
    ) -> None:
        try:
            doc = load_file(path, self.settings.max_file_bytes)
        except RejectedFile as exc:
            report.record(path, "rejected", str(exc))
            return
        except OSError as exc:
            report.record(path, "rejected", f"cannot read the file ({exc.strerror})")
            return
        existing = known.record(doc.doc_id)
        # Vectors made by another backend or recipe are re-made, so a query never meets
        # vectors made another way (records from before the tag existed never match).
        same_encoder = existing and existing.get("encoder") == vector_tag(self.embedder.backend)
        if same_encoder and existing.get("content_hash") == doc.content_hash:
            known.take(doc)  # so no other file takes its id
            report.record(path, "unchanged")
            return
        twin = known.id_with_hash(doc.content_hash)
        if twin and twin != doc.doc_id:
            report.record(path, "rejected", f"duplicate of document '{twin}' (same content)")
            return
        if known.is_taken(doc.doc_id):
            report.record(path, "rejected", f"another file in this batch has id '{doc.doc_id}'")
            return
        chunks = chunk_document(
            doc, self.settings.chunk_max_words, self.settings.chunk_overlap_sentences
        )
        if not chunks:
            report.record(path, "rejected", "no text to index")
            return
        known.take(doc)
        pending.append((doc, chunks, "updated" if existing else "added"))

    def _encode_sentences_and_contexts(
        self, pending: list[tuple[Document, list[Chunk], str]]
    ) -> dict[str, np.ndarray]:
        """Each distinct sentence and title-and-heading once (overlapping chunks share a
        sentence): about what encoding the chunks whole would cost."""
        texts = dict.fromkeys(
            text
            for doc, chunks, _ in pending
            for chunk in chunks
            for text in (*chunk.sentences, doc.title, chunk.heading)
            if text
        )
        return dict(zip(texts, self.embedder.embed(list(texts))))

    def _flush(
        self,
        pending: list[tuple[Document, list[Chunk], str]],
        report: IngestReport,
        writes: _OneWriteAhead,
    ) -> None:
        """Embed all pending chunks, then hand them and their document records to the
        writer (a few Chroma calls), which runs while the next batch is encoded."""
        if not pending:
            return
        encoded = self._encode_sentences_and_contexts(pending)
        batch, sentences = [], []
        for doc, chunks, _ in pending:
            readings = read_document(doc, encoded)
            for chunk in chunks:
                chunk.readings = chunk_readings(readings, chunk.start, chunk.end)
            vectors = np.stack([chunk_vector(c, doc.title, encoded) for c in chunks])
            batch.append((doc, chunks, vectors))
            texts = dict.fromkeys(t for c in chunks for t in c.sentences)
            sentences += [(doc.doc_id, text, encoded[text]) for text in texts]
        written = list(pending)
        pending.clear()

        def write() -> None:
            self.store.replace_documents(batch, vector_tag(self.embedder.backend), sentences)
            for doc, chunks, outcome in written:
                report.chunks_written += len(chunks)
                report.record(doc.path, outcome)

        writes.submit(write)


# From this many files, the store's document records are read in one call rather than
# two calls per file (a folder of 54 spent 0.3 s in those calls, a tenth of its overhead).
_PREFETCH_FROM = 8


class _KnownDocuments:
    """What an ingest checks each file against: the store's document records as they were
    when it began, and the documents earlier files of this ingest have taken."""

    def __init__(self, store: ChromaStore, prefetch: bool) -> None:
        self._store = store
        self._records: dict[str, dict] | None = None
        self._by_hash: dict[str, str] = {}
        if prefetch:
            self._records = {r["doc_id"]: r for r in store.list_documents()}
            self._by_hash = {r.get("content_hash"): r["doc_id"] for r in self._records.values()}
        self._taken_hashes: dict[str, str] = {}  # content hash -> id, for this ingest's files
        self._taken_ids: set[str] = set()

    def take(self, doc: Document) -> None:
        self._taken_hashes[doc.content_hash] = doc.doc_id
        self._taken_ids.add(doc.doc_id)

    def is_taken(self, doc_id: str) -> bool:
        return doc_id in self._taken_ids

    def record(self, doc_id: str) -> dict | None:
        if self._records is None:
            return self._store.document_record(doc_id)
        return self._records.get(doc_id)

    def id_with_hash(self, content_hash: str) -> str | None:
        """The document with this content: taken by this ingest, or in the store."""
        if content_hash in self._taken_hashes:
            return self._taken_hashes[content_hash]
        if self._records is None:
            return self._store.find_by_hash(content_hash)
        return self._by_hash.get(content_hash)


class _OneWriteAhead:
    """Runs store writes on one background thread, in order, at most one at a time: the
    encoder keeps both cores busy with the next batch while Chroma commits this one, and
    no more than one encoded batch waits in memory. A failed write is raised by the next
    submit or on exit, so an ingest never reports a batch it did not store."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(1, thread_name_prefix="store-writer")
        self._last = None

    def submit(self, write: Callable[[], None]) -> None:
        self._wait()
        self._last = self._pool.submit(write)

    def _wait(self) -> None:
        if self._last is not None:
            last, self._last = self._last, None
            last.result()

    def __enter__(self) -> _OneWriteAhead:
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self._wait()
        finally:
            self._pool.shutdown(wait=True)
