"""Sentence-aware chunking with exact character offsets into the document body.

Chunks never cross a section heading, hold whole sentences only, stay under the encoder's
window (about 170 words for MiniLM's 256 word pieces) and overlap by a sentence so that a
fact split across a boundary is still retrievable as a unit."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from assistant.models import Chunk, Document
from assistant.text.sentences import Span, units

_WORD = re.compile(r"\S+")

# a short line standing alone with at most this many words reads as a sub-heading
_HEADING_WORDS = 6


def document_sentences(text: str) -> list[tuple[Span, str]]:
    """Every unit of a document body that can be quoted, with the heading it sits under:
    Markdown headings, and short lines standing alone ("Operations", "Sales and
    marketing"), are headings, not sentences; page furniture is neither."""
    heading = ""
    found = []
    for unit in units(text):
        body = text[unit.start : unit.end]
        if unit.kind == "heading" or (
            unit.kind == "line"
            and len(body.split()) <= _HEADING_WORDS
            and not any(ch.isdigit() for ch in body)
        ):
            heading = body.strip().strip("#").strip()
            continue
        if unit.kind == "furniture":
            continue
        found.append((Span(unit.start, unit.end), heading))
    return found


def _word_count(text: str, span: Span) -> int:
    return len(_WORD.findall(text, span.start, span.end))


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _page_of(doc: Document, offset: int) -> int | None:
    page = None
    for page_start, number in doc.page_starts:
        if page_start > offset:
            break
        page = number
    return page


def _windows(
    sentences: list[Span], words: list[int], max_words: int, overlap: int
) -> Iterator[tuple[int, int]]:
    """Greedy windows [i, j) of sentences under ``max_words``, stepping back ``overlap``
    sentences each time (a single overlong sentence becomes its own window)."""
    i = 0
    while i < len(sentences):
        j, total = i, 0
        while j < len(sentences) and (j == i or total + words[j] <= max_words):
            total += words[j]
            j += 1
        yield i, j
        if j >= len(sentences):
            return
        i = max(j - overlap, i + 1)


def chunk_document(doc: Document, max_words: int = 170, overlap: int = 1) -> list[Chunk]:
    by_heading: dict[str, list[Span]] = {}
    order: list[str] = []
    for span, heading in document_sentences(doc.text):
        if heading not in by_heading:
            by_heading[heading] = []
            order.append(heading)
        by_heading[heading].append(span)

    chunks: list[Chunk] = []
    for heading in order:
        sentences = by_heading[heading]
        words = [_word_count(doc.text, s) for s in sentences]
        for i, j in _windows(sentences, words, max_words, overlap):
            start, end = sentences[i].start, sentences[j - 1].end
            body = doc.text[start:end]
            position = len(chunks)
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}:{position:04d}:{_content_hash(body)}",
                    doc_id=doc.doc_id,
                    position=position,
                    text=body,
                    start=start,
                    end=end,
                    heading=heading,
                    page=_page_of(doc, start),
                )
            )
    return chunks
