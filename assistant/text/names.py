"""Proper names and acronyms: which tokens of a text name something, and whether a name is in
a passage under another form (an abbreviation, a demonym, an inflection)."""

from __future__ import annotations

import re

from assistant.domain import domain
from assistant.text import places
from assistant.text.dates import is_period_span
from assistant.text.tokens import CONTRACTION, STOP_WORDS, common_words, is_common

# a currency sign or code written against a figure ("US$620m", "R184m") is not a name
_CURRENCY = re.compile(r"\b(?:US|A|C|NZ|HK|S|R)\$|\b(?:Rs|INR|ZAR|Rp|RMB|CNY|R)\.?(?=\d)")
# "ASX:LYC", "TSX: NEO", "nasdaq:usar": an exchange before a symbol marks it as one
EXCHANGE = r"(?:(?i:asx|nyse(?: american)?|nasdaq|tsxv?|tsx-v|hkex|szse|otc\w*)|AIM|LSE|SSE)"
EXCHANGE_PREFIX = re.compile(rf"(?<![\w$]){EXCHANGE}\s?:\s?(?=[A-Za-z])")
# "Tallow Ridge Resources Ltd (ASX: TRR)": a company's name and the symbol it lists under
_LISTED_AS = re.compile(
    r"((?:[A-Z][\w&.'’-]*\s+){0,4}[A-Z][\w&.'’-]*)\s*\(\s*(?:the\s+)?"
    rf"{EXCHANGE}\s?:\s?([A-Z]{{2,5}})\s*\)"
)
# A token starts at a word's start: the "Q25" of "4Q25" names nothing.
_NAME_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9'&.-]*[A-Za-z0-9]|[A-Z])")


def entities(text: str) -> set[str]:
    """Proper names and acronyms, lower-cased: capitalised tokens that are not merely a
    sentence opener, a month, a period, a unit or a run of element symbols."""
    found = set()
    common = common_words()
    not_names = set(domain().not_names)
    element_run = domain().element_run
    text = _CURRENCY.sub("$", text)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        tokens = _NAME_TOKEN.findall(sentence)
        for i, token in enumerate(tokens):
            token = CONTRACTION.sub("", token)
            if len(token) < 2:  # a lone capital ("10X", "Phase A") names nothing
                continue
            is_acronym = sum(ch.isupper() for ch in token) >= 2
            if not (token[0].isupper() or is_acronym):
                continue
            lowered = token.lower()
            if lowered in not_names or is_period_span(lowered):
                continue
            if element_run.fullmatch(token) or token in domain().element_symbols:
                continue  # "DyTb", "NdPr", "Dy": elements, not names
            if i == 0 and not is_acronym and (is_common(lowered, common) or lowered in STOP_WORDS):
                continue
            if lowered in STOP_WORDS:
                continue
            found.add(lowered)
    return found


def expansion_of(name: str) -> str | None:
    """What a lower-cased name stands for in other words: an abbreviation of the trade
    ("npv" -> "net present value"), or the country a demonym, capital or other name stands
    for ("french" -> "france", "tokyo" -> "japan", "burma" -> "myanmar")."""
    return domain().abbreviations.get(name) or places.country_for(name)


def stem_of_name(name: str) -> str:
    """The part of a name its demonyms and inflections share: "malaw" of "malawian"."""
    return name[: max(4, len(name) - 4)]


def name_in(name: str, passage_lower: str) -> bool:
    """Whether a lower-cased name is in a lower-cased passage, as itself, as what it stands
    for, or by a demonym or inflection (Chinese ~ China, Greenlandic ~ Greenland)."""
    if name in passage_lower:
        return True
    expansion = expansion_of(name)
    if expansion and expansion in passage_lower:
        return True
    if re.fullmatch(r"fy\d{2,4}", name):
        return True  # financial years are checked as numbers
    return (
        len(name) >= 5
        and re.search(r"\b" + re.escape(stem_of_name(name)), passage_lower) is not None
    )


def demonym_of(word: str, name: str) -> bool:
    """Whether ``word`` reads as a demonym or inflection of ``name`` ("chinese" of
    "china"): a word of five letters or more sharing its stem, or a demonym the maintained
    country data gives for it ("french" of "france")."""
    if places.demonyms().get(word) == name:
        return True
    stem = max(4, len(word) - 4)
    return len(word) >= 5 and word[:stem] == name[:stem]


def only_in_longer_name(name: str, claim: str, passage: str) -> bool:
    """True when the passage has the name only as the first part of a hyphenated proper
    name that the claim does not use: "Saxony" is not "Saxony-Anhalt"."""
    pattern = re.compile(rf"\b{re.escape(name)}\b(-[A-Z][\w]*)?", re.I)
    found = list(pattern.finditer(passage))
    if not found or any(m.group(1) is None for m in found):
        return False
    return not any(m.group(0).lower() in claim.lower() for m in found)


def is_material(name: str) -> bool:
    """A word that names a material or a reporting standard, never a subject."""
    return name in domain().material_words


def listing_symbols(text: str) -> dict[str, list[str]]:
    """The symbols an article says its companies list under, by company ("Quorra Metals
    Ltd (ASX: QRM)"), so a question typing the symbol finds the company.

    >>> listing_symbols("Quorra Metals Ltd (ASX: QRM) said on Monday ...")
    {'Quorra Metals Ltd': ['QRM']}
    """
    found: dict[str, list[str]] = {}
    for name, symbol in _LISTED_AS.findall(text):
        name = re.sub(r"^(?:The|Shares\s+of|Shares\s+in)\s+", "", name.strip())
        if symbol not in found.setdefault(name, []):
            found[name].append(symbol)
    return found
