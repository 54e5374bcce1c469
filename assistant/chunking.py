"""Sentence-aware chunking with exact character offsets into the document body.

Chunks never cross a section heading, hold whole sentences only, stay under the encoder's
window (about 170 words for MiniLM's 256 word pieces) and overlap by a sentence so that a
fact split across a boundary is still retrievable as a unit."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.models import Chunk, Document
from assistant.text.sentences import Span, sentence_spans

_WORD = re.compile(r"\S+")

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class Block:
    """A paragraph or list item, with the heading it sits under."""

    start: int
    end: int
    heading: str


def iter_blocks(text: str) -> Iterator[Block]:
    heading = ""
    offset = 0
    para_start: int | None = None
    para_end = 0
    for line in text.splitlines(keepends=True):
        line_start, offset = offset, offset + len(line)
        stripped = line.strip()
        heading_match = _HEADING.match(stripped)
        starts_new_block = not stripped or heading_match or _LIST_ITEM.match(line)
        if starts_new_block and para_start is not None:
            yield Block(para_start, para_end, heading)
            para_start = None
        if heading_match:
            heading = heading_match.group(2).strip()
            continue
        if not stripped:
            continue
        if para_start is None:
            marker = _LIST_ITEM.match(line)
            para_start = line_start + (marker.end() if marker else len(line) - len(line.lstrip()))
        para_end = line_start + len(line.rstrip())
    if para_start is not None:
        yield Block(para_start, para_end, heading)


def document_sentences(text: str) -> list[tuple[Span, str]]:
    """Every sentence of a document body with its section heading."""
    return [
        (span, block.heading)
        for block in iter_blocks(text)
        for span in sentence_spans(text, block.start, block.end)
    ]


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
