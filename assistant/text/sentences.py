"""Sentence boundaries with exact character offsets into the text they come from."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
