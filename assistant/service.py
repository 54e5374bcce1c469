"""The one service object the CLI, the Streamlit app and the evaluation runner all use.

Components are built lazily: listing documents must not pay for loading the encoder, and
the first question pays for it once per process."""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from assistant.embeddings import Embedder, get_embedder
from assistant.ingest import (
    Ingestor,
    IngestReport,
    ProgressFn,
    WaitFn,
    vector_tag,
    writer_lock,
)
from assistant.pipeline import Pipeline, build_pipeline
from assistant.questions import spelled_out
from assistant.retrieval import HybridRetriever, SearchFilter
from assistant.settings import Settings
from assistant.store import ChromaStore
from assistant.tracker import ClaimBook, Track, track, tracked_overview

# general enough to touch every step of the answer path on any corpus
WARM_UP_QUESTION = "Which rare-earth projects produce separated NdPr oxide?"


class Assistant:
    def __init__(self, settings: Settings | None = None, role: str = "") -> None:
        """``role`` names this process in the corpus's change record ("cli", "app")."""
        self.settings = settings or Settings()
        self.role = role
        self._init_lock = threading.RLock()
        self._book_lock = threading.Lock()
        self._book: tuple[str, ClaimBook] | None = None

    # ---- components -----------------------------------------------------------------------
    @cached_property
    def store(self) -> ChromaStore:
        return ChromaStore(self.settings, writer=self.role)

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        return get_embedder(s.encoder_backend, s.encoder_cache_dir, s.embed_batch_size)

    @cached_property
    def retriever(self) -> HybridRetriever:
        s = self.settings
        return HybridRetriever(
            self.store, self.embedder, s.candidate_k, s.fusion, s.rrf_k, s.dense_weight
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        return self.pipeline_for()

    def pipeline_for(self, **overrides) -> Pipeline:
        """The answer pipeline for per-session choices (composer, llm_provider, top_k),
        built once per distinct choice and shared: it keeps no state between questions."""
        key = tuple(sorted(overrides.items()))
        with self._init_lock:
            cache = self.__dict__.setdefault("_pipelines", {})
            if key not in cache:
                settings = self.settings.model_copy(update=overrides)
                cache[key] = build_pipeline(settings, self.retriever, self.embedder)
            return cache[key]

    # ---- corpus ---------------------------------------------------------------------------
    def ingest(
        self, paths: list[Path], progress: ProgressFn | None = None, on_wait: WaitFn | None = None
    ) -> IngestReport:
        """Index files and folders; ``on_wait`` is told when another process holds the
        corpus's write lock and this one queues behind it."""
        report = Ingestor(self.settings, self.store, self.embedder).ingest(paths, progress, on_wait)
        self.retriever.refresh()
        return report

    def list_documents(self) -> list[dict]:
        return self.store.list_documents()

    def remove_document(self, doc_id: str, on_wait: WaitFn | None = None) -> bool:
        with writer_lock(self.settings.data_dir, self.settings.write_lock_wait_s, on_wait):
            removed = self.store.remove_document(doc_id)
        self.retriever.refresh()
        return removed

    def corpus_state(self) -> dict:
        """The corpus version and when and by whom it last changed."""
        return self.store.corpus_state()

    def document_chunks(self, doc_id: str) -> list[tuple[str, str, dict]]:
        return self.store.chunks_of(doc_id)

    def ensure_indexed(self, progress: ProgressFn | None = None) -> IngestReport | None:
        """Index the bundled corpus when the store is empty (first ``make run``), and read
        again every document whose file is still there but was read by another version of
        the reader (domain file, models or reading code): an upgrade never answers from
        claims read the old way."""
        if self.store.count_chunks() == 0 and self.settings.corpus_dir.is_dir():
            return self.ingest([self.settings.corpus_dir], progress)
        stale = self.stale_documents()
        return self.ingest(stale, progress) if stale else None

    def stale_documents(self) -> list[Path]:
        """The files of the documents read by another version of the reader."""
        tag = vector_tag(self.embedder.backend)
        return [
            Path(record["path"])
            for record in self.store.list_documents()
            if record.get("encoder") != tag and Path(record.get("path") or "").is_file()
        ]

    def claim_book(self) -> ClaimBook:
        """Every stored claim of the corpus as it is now, read once per corpus version."""
        index, _ = self.retriever.refresh()
        with self._book_lock:
            if self._book is None or self._book[0] != index.version:
                self._book = (index.version, ClaimBook.from_index(index))
            return self._book[1]

    def track(self, subject: str) -> Track | None:
        """The subject's promises against delivery (tickers and aliases spelled out as in
        questions), or None when no article speaks of it."""
        index = self.retriever.lexical_index()
        name = spelled_out(subject.strip(), index).strip(" ?") or subject.strip()
        found = track(name, self.claim_book())
        if not found.claims and not index.mentions(name):
            return None
        return found

    def tracked_projects(self, limit: int = 60) -> list[dict]:
        """The subjects with dated promises, each with its most slipped milestone."""
        return tracked_overview(self.claim_book(), limit)

    def warm(self) -> None:
        """Answer one throwaway question so that every model, index and parser the answer
        path loads lazily is loaded before the first user asks (the app calls this at start)."""
        if self.store.count_chunks():
            self.ask(WARM_UP_QUESTION)

    # ---- questions ------------------------------------------------------------------------
    def search(
        self, query: str, top_k: int | None = None, search_filter: SearchFilter | None = None
    ):
        self.retriever.refresh()
        return self.retriever.search(query, top_k or self.settings.top_k, search_filter)

    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        on_token=None,
        trace: bool = False,
        **overrides,
    ) -> dict:
        """Answer one question. ``on_token`` receives streamed LLM tokens; ``trace`` adds
        each pipeline step's output and time; ``overrides`` choose composer, provider or
        top_k for this call only."""
        pipeline = self.pipeline_for(**overrides) if overrides else self.pipeline
        return pipeline.run(question, history or [], on_token=on_token, trace=trace).to_dict()
