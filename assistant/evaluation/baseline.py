"""The naive LangChain RAG the project is measured against: dense-only Chroma retrieval
over ``RecursiveCharacterTextSplitter(1000, 200)`` chunks, top-4, with the same composer."""

from __future__ import annotations

import hashlib
from pathlib import Path

from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings

from assistant.ingest import IngestReport, discover
from assistant.loaders import RejectedFile, load_file
from assistant.models import RetrievedChunk


class PackagedEmbeddings(Embeddings):
    """LangChain's embedding interface over the project's packaged encoder."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


class NaiveLangChainRetriever:
    """Quacks like ``HybridRetriever.search`` so the extractive composer can use it."""

    def __init__(
        self, corpus_dir: Path, persist_dir: Path, embedder, max_bytes: int, project_retriever
    ) -> None:
        # the composer's scope gate reads the corpus vocabulary; it is the same corpus
        self.lexical_index = project_retriever.lexical_index
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=1000, chunk_overlap=200, add_start_index=True
        )
        documents = []
        for path in discover([corpus_dir], IngestReport()):
            try:
                doc = load_file(path, max_bytes)
            except RejectedFile:
                continue
            meta = {
                "doc_id": doc.doc_id,
                "title": doc.title,
                "date": doc.date or "",
                "source": doc.source,
            }
            documents.append(LCDocument(page_content=doc.text, metadata=meta))
        chunks = splitter.split_documents(documents)
        digest = hashlib.sha256("".join(c.page_content for c in chunks).encode()).hexdigest()
        self.store = Chroma(
            collection_name=f"naive_{digest[:16]}",
            embedding_function=PackagedEmbeddings(embedder),
            persist_directory=str(persist_dir),
            collection_metadata={"hnsw:space": "cosine"},
        )
        if self.store._collection.count() != len(chunks):
            self.store.reset_collection()
            ids = [f"{c.metadata['doc_id']}:{c.metadata['start_index']}" for c in chunks]
            self.store.add_documents(chunks, ids=ids)

    def search(self, query: str, top_k: int = 4, search_filter=None, mode: str = "dense"):
        hits = []
        for doc, distance in self.store.similarity_search_with_score(query, k=top_k):
            start = int(doc.metadata["start_index"])
            meta = dict(doc.metadata, start=start, end=start + len(doc.page_content), heading="")
            chunk_id = f"{meta['doc_id']}:{start}"
            hits.append(
                RetrievedChunk(
                    chunk_id,
                    meta["doc_id"],
                    doc.page_content,
                    meta,
                    1.0 - float(distance),
                    dense_similarity=1.0 - distance,
                )
            )
        return hits


def naive_pipeline(assistant):
    """The baseline as the evaluation and the benchmarks use it: the naive retriever (its
    own Chroma store under the data dir) behind the project's extractive composer, top-4."""
    from assistant.pipeline import Pipeline

    s = assistant.settings
    retriever = NaiveLangChainRetriever(
        s.corpus_dir,
        s.data_dir / "eval-baseline-store",
        assistant.embedder,
        s.max_file_bytes,
        assistant.retriever,
    )
    project = assistant.pipeline
    pipeline = Pipeline(
        s, _TopFour(retriever), assistant.embedder, project.classifier, project.checker
    )
    return retriever, pipeline


class _TopFour:
    """The baseline answers from its top-4 passages, whatever the composer asks for."""

    def __init__(self, retriever: NaiveLangChainRetriever) -> None:
        self.retriever = retriever
        self.lexical_index = retriever.lexical_index

    def search(self, query: str, top_k: int = 4, search_filter=None, mode: str = "dense"):
        return self.retriever.search(query, top_k=4)
