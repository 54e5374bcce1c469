"""Text normalisation shared by the index, question reading and answer building."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """The text without its accents ("Norra Kärr" -> "Norra Karr", "Goiás" -> "Goias"), so a
    name typed on an English keyboard finds the article that spells it properly, and a
    name spelt properly is not cut at its first accented letter by ASCII-only patterns."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
