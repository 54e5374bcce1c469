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

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# A sentence ends at . ! ? (optionally followed by quotes/brackets) before whitespace and an
# upper-case letter, digit or opening quote; the checks below undo false breaks.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# a line that starts a list item ends the sentence before it, full stop or not; the marker
# itself belongs to neither sentence
_LIST_BREAK = re.compile(r"\s*\n[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])[ \t]+")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "nos",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "fig",
    "u.s",
    "u.k",
    "e.u",
    "p.a",
    "ca",
    "al",
    "dept",
    "gov",
    "est",
}
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _is_false_break(text: str, dot_end: int) -> bool:
    """True when the full stop before ``dot_end`` belongs to an abbreviation or initial."""
    head = text[:dot_end].rstrip("\"')]")
    if not head.endswith("."):
        return False
    word = head.split()[-1].rstrip(".").lstrip("(\"'[") if head.split() else ""
    is_initial = len(word) == 1 and word.isupper()  # "J. Smith"; a lone "t." is a unit
    return word.lower() in _ABBREVIATIONS or is_initial


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as absolute spans, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    cursor = start
    breaks = [
        m for m in _BOUNDARY.finditer(text, start, end) if not _is_false_break(text, m.start())
    ]
    breaks += list(_LIST_BREAK.finditer(text, start, end))
    for match in sorted(breaks, key=lambda m: m.start()):
        if match.start() < cursor:  # a list marker right after a full stop: one break
            cursor = max(cursor, match.end())
            continue
        spans.append(Span(cursor, match.start()))
        cursor = match.end()
    spans.append(Span(cursor, end))
    return [s for s in (_trim(text, s) for s in spans) if s.end > s.start]


def sentence_texts(text: str) -> list[str]:
    """The sentences of ``text`` as strings (the whole text when it has no break)."""
    return [text[s.start : s.end] for s in sentence_spans(text)] or [text]


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


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
