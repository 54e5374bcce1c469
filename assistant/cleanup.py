"""What is on a page but is not the article, kept out of the indexed text: site menus, cookie
banners, newsletter boxes, share prompts, "Recent news" lists, author bios, comment threads,
"(opens in a new tab)" after links; a press release's "About X", forward-looking statements
and contacts, which say nothing about real output; a PDF's page headers, footers and page
numbers, and its words hyphenated across lines.

The patterns are data (``page_chrome_*``, ``boilerplate_headings`` in the domain file).
What was dropped is reported, so an editor can see it; the original file is kept as it was."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.domain import domain
from assistant.text.sentences import join_soft_hyphens

# a short line without a sentence's punctuation: what a heading looks like in plain text
_HEADING_LIKE = re.compile(r"^[#\s]*(?P<text>[^.!?]{1,80}?)[\s:#]*$")


@dataclass
class Cleaned:
    text: str
    dropped: list[str] = field(default_factory=list)  # what kinds of chrome were dropped

    def note(self, what: str) -> None:
        if what not in self.dropped:
            self.dropped.append(what)


def clean_page(text: str) -> Cleaned:
    """The article text of a page saved as text or extracted from HTML."""
    d = domain()
    chrome_heading = d.compiled("page_chrome_headings")
    chrome_line = d.compiled("page_chrome_lines")
    inline = d.compiled("page_chrome_inline")
    cleaned = Cleaned("")
    lines = _drop_leading_menu(text.splitlines(), cleaned)
    repeated = _repeated_blocks(lines)
    kept: list[str] = []
    sentences = 0  # the article's own sentences seen so far
    skipping = False  # inside a chrome section that runs to the end of the page
    for i, line in enumerate(lines):
        stripped = line.strip().strip("#").strip()
        if i in repeated:
            cleaned.note("a box repeated on the page")
            continue
        if stripped and sentences >= 3 and _is_heading(stripped) and chrome_heading.match(stripped):
            skipping = True  # after the article: the rest of the page is the site's
            cleaned.note(stripped.lower().rstrip(":"))
            continue
        if skipping:
            continue
        if stripped and chrome_line.match(stripped):
            cleaned.note("menus and page furniture")
            continue
        if inline.search(line):
            cleaned.note("link furniture")
            line = inline.sub("", line)
        sentences += len(re.findall(r"[a-z]{2}[.!?][\"”’)]*(?:\s|$)", line))
        kept.append(line)
    cleaned.text = _drop_boilerplate("\n".join(kept), cleaned)
    return cleaned


def _is_heading(line: str) -> bool:
    """A short line without a sentence's punctuation; a company's abbreviation may end it
    ("About Quorra Metals Inc.")."""
    line = re.sub(r"(\b[A-Z][a-z]{1,3})\.$", r"\1", line.strip())
    return bool(_HEADING_LIKE.match(line)) and len(line.split()) <= 8


def _repeated_blocks(lines: list[str]) -> set[int]:
    """Lines of a block of three or more lines that appears twice (a newsletter box)."""
    blocks: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            blocks.append((start, i))
            start = None
    keys = Counter("\n".join(x.strip() for x in lines[a:b]) for a, b in blocks if b - a >= 3)
    return {
        i
        for a, b in blocks
        if b - a >= 3 and keys["\n".join(x.strip() for x in lines[a:b])] >= 2
        for i in range(a, b)
    }


def _drop_leading_menu(lines: list[str], cleaned: Cleaned) -> list[str]:
    """A run of short lines of at most three words, without punctuation, before the article
    (a site's name and menu)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while (
        end < len(lines)
        and lines[end].strip()
        and len(lines[end].split()) <= 3
        and not re.search(r"[.!?,:;\d]", lines[end])
    ):
        end += 1
    if end - start >= 4:
        cleaned.note("site menu")
        return lines[end:]
    return lines


def _drop_boilerplate(text: str, cleaned: Cleaned) -> str:
    """A release's "About X", forward-looking statements and contacts: each from its
    heading to the next heading that is not boilerplate."""
    boiler = domain().compiled("boilerplate_headings")
    kept, skipping = [], False
    for line in text.splitlines():
        stripped = line.strip().strip("#").strip().strip("*").strip()
        if stripped and _is_heading(stripped):
            if boiler.match(re.sub(r"\.$", "", stripped)):
                skipping = True
                cleaned.note(stripped.lower().rstrip(":"))
                continue
            if skipping and not line.startswith((" ", "\t")):
                skipping = False
        if not skipping:
            kept.append(line)
    return "\n".join(kept).strip() + "\n"


def clean_pdf_pages(pages: list[str]) -> Cleaned:
    """A PDF's text: lines repeated at the top or bottom of most pages (headers, footers),
    page numbers and words hyphenated across lines, then the page chrome of any page."""
    cleaned = Cleaned("")
    edges = Counter()
    for page in pages:
        lines = [x.strip() for x in page.splitlines() if x.strip()]
        for line in {*lines[:2], *lines[-2:]}:
            edges[_digits_masked(line)] += 1
    furniture = {
        line for line, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)
    }
    kept_pages = []
    for page in pages:
        kept = []
        for line in page.splitlines():
            if line.strip() and _digits_masked(line.strip()) in furniture:
                cleaned.note("page headers and footers")
                continue
            kept.append(line)
        kept_pages.append("\n".join(kept))
    text = "\n\n".join(p.strip() for p in kept_pages if p.strip())
    joined = join_soft_hyphens(text)
    if joined != text:
        cleaned.note("words hyphenated across lines")
    page = clean_page(joined)
    cleaned.text = page.text
    for what in page.dropped:
        cleaned.note(what)
    return cleaned


def _digits_masked(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())
