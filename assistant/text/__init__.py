"""Text tools shared by the index, question reading, evidence selection and the grounding
checker, one public module per concern:

- ``tokens``: words, stop words, the one stemmer, content words, the encoder's vocabulary;
- ``numbers``: figures as written ("3,993t", "A$200.2mn", "1.5 Mt") and their values;
- ``dates``: years, financial years, quarters, halves and months;
- ``names``: proper names and acronyms, and how a name is found in a passage;
- ``sentences``: sentence boundaries with exact character offsets.

This package imports nothing else of the assistant but the domain data."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """The text without its accents ("Lake Qörvath" -> "Lake Qorvath", "Goiás" -> "Goias"), so a
    name typed on an English keyboard finds the article that spells it properly, and a
    name spelt properly is not cut at its first accented letter by ASCII-only patterns."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
