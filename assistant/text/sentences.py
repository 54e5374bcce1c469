"""Units of a text as a reader would quote them, with exact character offsets.

Two layers. The layout layer reads lines: a Markdown heading, a short line standing alone
(a sub-heading, a headline, a dateline, a byline, a date under the title, a page header),
a bullet, a table row and page furniture ("Page 3 of 8") are units of their own; other
lines are joined into paragraphs, so a PDF's hard line breaks and a word hyphenated across
them stay inside one sentence. The sentence layer splits each paragraph with BlingFire, a
maintained, fast segmenter that keeps "Okla.", "U.S.", "approx." and "J. Smith" inside
their sentences (measured against pysbd, sentencex and the old hand rules on
``tests/fixtures/segmentation/gold.jsonl``; see the README).

Offsets always point into the text given: a unit's text is ``text[start:end]``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•▪●◦‣]|\d{1,2}[.)])[ \t]+")
_MD_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+")
_TERMINAL = re.compile(r"[.!?:;,…][\"'”’)\]]*$")
_PAGE_FURNITURE = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}|-\s*\d{1,3}\s*-|\d{1,3}\s*/\s*\d{1,3})\s*$", re.I
)
_NUMBER_TOKEN = re.compile(r"(?<![\w.])[+\-−]?[$€£]?\d[\d,.]*%?(?![\w])")
# a hyphen at a line's end inside a word: "commis-\nsioning"
# a line that ends on a word no sentence or heading ends on runs on to the next
_RUNS_ON = re.compile(
    r"\b(?:the|a|an|of|to|in|on|at|by|for|from|with|and|or|but|as|its|their|which|that|is|"
    r"was|were|are|has|have|had|will|would|than|into|under|over|between)$",
    re.I,
)
_SOFT_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n[ \t]*(?=[a-z])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """A quotable unit: ``kind`` is sentence, heading, line (a short line standing alone:
    a headline, dateline, byline, date, page header), bullet, table_row or furniture."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Line:
    start: int  # of the content (after indentation and any bullet marker)
    end: int  # trailing whitespace excluded
    text: str
    bullet: bool
    heading: bool
    indent: int


def _lines(text: str, start: int, end: int) -> list[_Line | None]:
    """The lines of ``text[start:end]``; None for a blank line."""
    out: list[_Line | None] = []
    offset = start
    for raw in text[start:end].splitlines(keepends=True):
        line_start, offset = offset, offset + len(raw)
        body = raw.rstrip("\r\n")
        if not body.strip():
            out.append(None)
            continue
        content_start = line_start + (len(body) - len(body.lstrip()))
        content_end = line_start + len(body.rstrip())
        bullet = _BULLET.match(body)
        heading = _MD_HEADING.match(body)
        if bullet:
            content_start = line_start + bullet.end()
        elif heading:
            content_start = line_start + heading.end()
        out.append(
            _Line(
                content_start,
                content_end,
                text[content_start:content_end],
                bool(bullet),
                bool(heading),
                len(body) - len(body.lstrip()),
            )
        )
    return out


def _table_like(line: str, in_table: bool) -> bool:
    """A row of a table flattened to text: cells split by tabs or bars, or a short label
    followed by figures ("NdPr oxide (t) 1,032 987 +5%"). Inside a table, a short line with
    one figure, or a header line of labels, is a row too."""
    if "\t" in line or line.count("|") >= 2:
        return True
    numbers = [n for n in _NUMBER_TOKEN.findall(line) if not re.fullmatch(r"(?:19|20)\d\d", n)]
    words = re.findall(r"[A-Za-z]{3,}", line)
    ends_sentence = bool(re.search(r"[A-Za-z]{3,}[.!?][\"'”’)]*$", line)) or (
        not in_table and line.rstrip().endswith(".")
    )
    function_words = len(
        re.findall(
            r"\b(?:the|was|were|with|and|of|for|from|to|as|at|by|is|are|"
            r"than|which|that|said|has|had)\b",
            line,
            re.I,
        )
    )
    if ends_sentence or len(words) > 8 or function_words >= 2:
        return False
    return len(numbers) >= 2 or (in_table and (len(numbers) >= 1 or len(words) <= 6))


def _caption(line: str) -> bool:
    return bool(re.match(r"^(?:table|figure|chart|exhibit)\s+\d+\b", line, re.I))


def _stands_alone(line: _Line, after: _Line | None, width: int, in_paragraph: bool) -> bool:
    """A line that is a unit by itself (a sub-heading, headline, byline, date, page
    header, link): it ends without a sentence's punctuation and the next line (if any)
    opens a new sentence. Right after a paragraph's sentence it must also be narrower than
    the text around it, since a wrapped line of a paragraph is as wide as its neighbours."""
    if _TERMINAL.search(line.text) or len(line.text) > 90 or _RUNS_ON.search(line.text):
        return False
    if after is not None:
        opens = after.text[:1]
        if not (opens.isupper() or opens.isdigit() or opens in "\"“'‘(£$€"):
            return False
    narrow = len(line.text) < (0.75 if in_paragraph else 0.85) * width
    return narrow or len(line.text) <= 60


def units(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """The units of ``text[start:end]``, in order."""
    return list(_units(text, start, len(text) if end is None else end))


@lru_cache(maxsize=1024)
def _units(text: str, start: int, end: int) -> tuple[Unit, ...]:
    """Cached: ingest reads a document's units twice, to chunk it and to read its claims,
    and between the two it splits a whole batch of chunks into sentences. With room for
    eight texts the document's units were always gone by the second reading, which cost
    about a tenth of ingest."""
    lines = _lines(text, start, end)
    widths = [len(line.text) for line in lines if line is not None]
    width = max(widths, default=0)
    found: list[Unit] = []
    paragraph: list[_Line] = []
    in_table = False

    def close_paragraph() -> None:
        if paragraph:
            found.extend(_sentences(text, paragraph[0].start, paragraph[-1].end))
            paragraph.clear()

    for i, line in enumerate(lines):
        if line is None:
            close_paragraph()
            in_table = False
            continue
        after = lines[i + 1] if i + 1 < len(lines) else None
        # the line before ended a sentence, or was a unit of its own
        after_unit = not paragraph or bool(_TERMINAL.search(paragraph[-1].text))
        next_is_row = after is not None and _table_like(after.text, False)
        if line.heading:
            close_paragraph()
            found.append(Unit(line.start, line.end, "heading"))
        elif _PAGE_FURNITURE.match(line.text):
            close_paragraph()
            in_table = False
            found.append(Unit(line.start, line.end, "furniture"))
        elif line.bullet:
            close_paragraph()
            found.extend(_as_kind(_collect_bullet(text, lines, i), "bullet"))
        elif _continues_bullet(lines, i):
            continue  # part of its bullet
        elif after_unit and (
            _caption(line.text)
            or _table_like(line.text, in_table)
            or (next_is_row and _table_like(line.text, True) and not _TERMINAL.search(line.text))
        ):
            close_paragraph()
            in_table = True
            found.append(Unit(line.start, line.end, "table_row"))
        elif after_unit and _stands_alone(line, after, width, bool(paragraph)):
            close_paragraph()
            in_table = False
            found.append(Unit(line.start, line.end, "line"))
        else:
            in_table = False
            paragraph.append(line)
    close_paragraph()
    return tuple(_drop_consumed(found))


def _collect_bullet(text: str, lines: list[_Line | None], i: int) -> list[Unit]:
    """A bullet and the indented lines that continue it, split into its sentences."""
    first = lines[i]
    last = first
    for line in lines[i + 1 :]:
        if line is None or line.bullet or line.heading or line.indent <= first.indent:
            break
        last = line
    return _sentences(text, first.start, last.end)


def _continues_bullet(lines: list[_Line | None], i: int) -> bool:
    """Whether a line is the indented continuation of a bullet above it."""
    line = lines[i]
    for previous in reversed(lines[:i]):
        if previous is None:
            return False
        if previous.bullet:
            return line.indent > previous.indent
        if previous.indent <= line.indent and not previous.bullet:
            continue
    return False


def _drop_consumed(found: list[Unit]) -> list[Unit]:
    """Units in order, none inside another (a bullet's continuation is its bullet's)."""
    out: list[Unit] = []
    for unit in sorted(found, key=lambda u: (u.start, -u.end)):
        if out and unit.start < out[-1].end:
            continue
        out.append(unit)
    return out


def _as_kind(found: list[Unit], kind: str) -> list[Unit]:
    return [Unit(u.start, u.end, kind) for u in found]


@lru_cache(maxsize=1)
def _splitter():
    import blingfire

    return blingfire.text_to_sentences_and_offsets


def _sentences(text: str, start: int, end: int) -> list[Unit]:
    """The sentences of one paragraph. Line breaks inside it are read as spaces (a PDF's
    wrapped lines); offsets are those of ``text``."""
    chunk = text[start:end].replace("\r", " ").replace("\n", " ")
    if not chunk.strip():
        return []
    _, offsets = _splitter()(chunk)
    found = []
    for a, b in offsets:
        for x, y in _missed_breaks(chunk, a, b):
            x, y = _trim(chunk, x, y)
            if y > x:
                found.append(Unit(start + x, start + y, "sentence"))
    return found or [Unit(start, end, "sentence")]


# a sentence end the segmenter reads as going on: a full stop after a word, then a
# sentence that opens with a figure ("... the quarter. 2,400 t more is contracted"), or an
# opening quote after a company's abbreviation ("... Resources Inc. “Prices rose ...")
_CANDIDATE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"]|\d[\d,.]*\s*(?:%|[a-zA-Z]))")
# a figure's unit abbreviated at the end of a sentence: "... produced 310 t. Karrath ..."
_UNIT_AT_END = re.compile(r"\d\s?(?:t|kt|mt|kg|g|tpa|ktpa|mtpa|mn|bn|m|k|b)\.$", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[.!?]$")
_ABBREVIATED = frozenset(
    "approx est incl excl vs no nos fig vol ca op pp p pg jan feb mar apr jun jul aug sep sept "
    "oct nov dec".split()
)
_COMPANY_ENDINGS = frozenset("inc corp ltd co plc llc etc".split())


def _missed_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for found in _CANDIDATE_BREAK.finditer(text, start, end):
        before = text[max(start, found.start() - 20) : found.start()]
        following = text[found.end() : found.end() + 1]
        if _UNIT_AT_END.search(before) and following.isupper():
            spans.append((cursor, found.start()))
            cursor = found.end()
            continue
        word = _WORD_BEFORE.search(before)
        if word is None or following.isalpha():
            continue
        lowered = word.group(1).lower()
        quote_next = following in '“"'
        if quote_next and lowered not in _COMPANY_ENDINGS:
            continue
        if not quote_next and (len(lowered) < 3 or lowered in _ABBREVIATED):
            continue
        spans.append((cursor, found.start()))
        cursor = found.end()
    spans.append((cursor, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Every unit of ``text[start:end]`` as a span (sentences, headings, bullets, rows)."""
    return [Span(u.start, u.end) for u in units(text, start, end)]


def sentence_texts(text: str) -> list[str]:
    """The units of ``text`` as strings (the whole text when it has none)."""
    return [text[u.start : u.end] for u in units(text)] or [text]


def join_soft_hyphens(text: str) -> str:
    """A PDF's words hyphenated across lines, joined ("commis-\\nsioning" -> "commissioning"),
    for a loader that repairs the text before it is indexed."""
    return _SOFT_HYPHEN_BREAK.sub("", text)
