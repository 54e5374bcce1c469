"""Plain data objects passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class Document:
    doc_id: str
    title: str
    text: str  # the article body the chunk offsets point into
    content_hash: str
    path: str = ""
    kind: str = "md"
    date: str | None = None  # ISO date of the facts, when known
    source: str = ""  # the primary source URL (first of ``sources``)
    sources: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)  # listings of the first company
    # what the article's subjects are also called: {"Northern Territory": ["NT"]}
    aliases: dict[str, list[str]] = field(default_factory=dict)
    elements: list[str] = field(default_factory=list)
    # (char offset, page number) pairs for PDFs, so a chunk can say which page it came from
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # page chrome and boilerplate left out
    derived: list[str] = field(default_factory=list)  # fields read from the text: title, date


@dataclass
class Chunk:
    chunk_id: str
    doc_id: str
    position: int
    text: str
    start: int
    end: int
    heading: str = ""
    page: int | None = None
    readings: str = ""  # JSON: each statement's subject and claims, by offset in the chunk

    @cached_property
    def sentences(self) -> list[str]:
        """The passage's sentences, exactly as the composer quotes them."""
        from assistant.text.sentences import sentence_texts

        return sentence_texts(self.text)


@dataclass
class RetrievedChunk:
    chunk_id: str
    doc_id: str
    text: str
    metadata: dict
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None
    dense_similarity: float | None = None
    bm25_norm: float | None = None  # BM25 score relative to the best hit of the query

    @property
    def title(self) -> str:
        return self.metadata.get("title", "")

    @property
    def date(self) -> str:
        return self.metadata.get("date", "")

    @property
    def source(self) -> str:
        return self.metadata.get("source", "")
