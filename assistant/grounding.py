"""Does a cited passage support a sentence? One implementation for both composers and the
evaluation suites.

Hard checks come first, because they catch the errors that hurt an investor most: every
number (with its scale) must appear in the passage, in a passage sentence that also names
the claim's subject; named entities must be present; a negation, a hedge ("aims to",
"non-binding", "conditional", "capacity") or a unit basis may not be dropped or added. Only
then do soft signals decide: content-word coverage or embedding similarity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.chunking import sentence_spans

_SCALE = {
    "bn": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "mt": 1e6,
    "k": 1e3,
    "kt": 1e3,
    "thousand": 1e3,
    "kg": 1.0,
    "t": 1.0,
}
_NUMBER = re.compile(
    r"(?<![\w.])(?:us\$|a\$|\$|€|£)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(bn|billion|mn|million|thousand|mt|kt|m|k|b)?(?![a-z])",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "half": 0.5,
    "dozen": 12,
    "hundred": 100,
}
_FY = re.compile(r"\bFY\s?'?(\d{2})\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b[QH]([1-4])\b")
_MONTHS = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "may": "may",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_MONTH = re.compile(
    r"\b("
    + "|".join(sorted(set(_MONTHS) | set(_MONTHS.values()), key=len, reverse=True))
    + r")\b\.?",
    re.I,
)
_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|without|yet to|failed to|cannot|unable)\b|n't\b", re.I
)
# Hedges and bases that change what a sentence claims; dropping or adding one is a new claim.
_QUALIFIERS = {
    "plan": r"\b(aims?|aiming|plans?|planned|planning|targets?|targeted|targeting|expects?|"
    r"expected|intends?|proposed|projected|forecasts?|ambition|goal|hopes?|seeks?)\b",
    "possibility": r"\b(could|might|may|potential(?:ly)?|possible)\b",
    "soft deal": r"\b(mou|memorandum|loi|letter of (?:intent|interest)|non-binding|"
    r"heads of agreement)\b",
    "condition": r"\b(conditional(?:ly)?|subject to)\b",
    "capacity": r"\b(capacity|nameplate|run-rate)\b",
}
_QUALIFIER_RES = {name: re.compile(p, re.I) for name, p in _QUALIFIERS.items()}
_UNIT_TERMS = re.compile(
    r"\b(concentrate|oxides?|metals?|alloys?|magnets?|carbonate|reo|treo|ore|in[- ]situ|"
    r"per year|a year|annual(?:ly)?|per annum|quarter(?:ly)?|reserves?|resources?)\b",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d[\d,.]*")
_STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "has",
        "have",
        "had",
        "will",
        "would",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "not",
        "no",
        "also",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "during",
        "up",
        "down",
        "out",
        "more",
        "most",
        "less",
        "least",
        "such",
        "so",
        "can",
        "could",
        "may",
        "might",
        "should",
        "do",
        "does",
        "did",
        "per",
        "each",
        "all",
        "any",
        "some",
        "both",
        "other",
        "only",
        "own",
        "same",
        "very",
        "just",
    ]
)
_SENTENCE_START_WORDS = {"The", "A", "An", "In", "On", "At", "By", "For", "As", "It", "This"}


@dataclass
class Verdict:
    supported: bool
    reasons: list[str] = field(default_factory=list)
    coverage: float = 0.0
    similarity: float | None = None


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in (
        "ations",
        "ation",
        "ments",
        "ment",
        "ings",
        "ing",
        "ies",
        "ied",
        "ers",
        "er",
        "es",
        "ed",
        "s",
        "ly",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {
        _stem(t)
        for t in _TOKEN.findall(text)
        if t.lower() not in _STOP and not t[0].isdigit() and len(t) > 1
    }


def numbers_in(text: str) -> set[float]:
    """Every number in ``text`` both as written and scaled (1.5bn -> 1.5 and 1.5e9), so the
    same figure matches across '3.8 Mt', '3.8 million tonnes' and '3,800,000 t'."""
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        raw = float(match.group(1).replace(",", ""))
        values.add(raw)
        scale = (match.group(2) or "").lower()
        if scale in _SCALE:
            values.add(round(raw * _SCALE[scale], 6))
    for match in _FY.finditer(text):
        values.add(2000 + float(match.group(1)))
    for match in _QUARTER.finditer(text):
        values.add(float(match.group(1)))
    return values


def claim_numbers(text: str) -> list[set[float]]:
    """One set of acceptable values per number written in the claim."""
    claims = []
    for match in _NUMBER.finditer(text):
        raw = float(match.group(1).replace(",", ""))
        scale = (match.group(2) or "").lower()
        options = {raw}
        if scale in _SCALE:
            options.add(round(raw * _SCALE[scale], 6))
        claims.append(options)
    for match in _FY.finditer(text):
        claims.append({2000 + float(match.group(1)), float(match.group(1))})
    return claims


def _word_number_values(text: str) -> set[float]:
    return {
        float(_WORD_NUMBERS[w.lower()])
        for w in re.findall(r"[A-Za-z]+", text)
        if w.lower() in _WORD_NUMBERS
    }


def entities(text: str) -> set[str]:
    """Proper names and acronyms: capitalised tokens that are not just a sentence opener."""
    found = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        tokens = re.findall(r"[A-Za-z][A-Za-z0-9'&-]*", sentence)
        for i, token in enumerate(tokens):
            is_acronym = sum(ch.isupper() for ch in token) >= 2
            if not (token[0].isupper() or is_acronym):
                continue
            if i == 0 and token in _SENTENCE_START_WORDS:
                continue
            if i == 0 and not is_acronym and token.lower() in _STOP:
                continue
            if _MONTH.fullmatch(token):
                continue
            found.add(token.lower().rstrip("'s"))
    return found


def months(text: str) -> set[str]:
    return {_MONTHS.get(m.lower().rstrip("."), m.lower().rstrip(".")) for m in _MONTH.findall(text)}


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)] or [text]


class GroundingChecker:
    def __init__(self, embedder=None, min_coverage: float = 0.6, min_similarity: float = 0.75):
        self.embedder = embedder
        self.min_coverage = min_coverage
        self.min_similarity = min_similarity

    def check(self, claim: str, passages: list[str]) -> Verdict:
        passage = "\n".join(passages)
        if not passage.strip():
            return Verdict(False, ["no cited passage"])
        passage_sentences = _sentences(passage)
        reasons = self._hard_failures(claim, passage, passage_sentences)
        coverage = self._coverage(claim, passage)
        similarity = None
        if not reasons and coverage < self.min_coverage:
            similarity = self._similarity(claim, passage_sentences)
            if similarity is None or similarity < self.min_similarity:
                reasons.append(
                    f"too little of the sentence is in the passage (coverage {coverage:.2f}"
                    + (f", similarity {similarity:.2f})" if similarity is not None else ")")
                )
        return Verdict(not reasons, reasons, coverage, similarity)

    # ---- hard checks ----------------------------------------------------------------------
    def _hard_failures(self, claim: str, passage: str, passage_sentences: list[str]) -> list[str]:
        reasons: list[str] = []
        claim_entities = entities(claim)
        passage_lower = passage.lower()
        missing = sorted(e for e in claim_entities if e not in passage_lower)
        if missing:
            reasons.append(f"names not in the passage: {', '.join(missing)}")
        reasons += self._number_failures(claim, claim_entities, passage_sentences)
        missing_months = months(claim) - months(passage)
        if missing_months:
            reasons.append(f"date not in the passage: {', '.join(sorted(missing_months))}")
        best = self._closest_sentence(claim, passage_sentences)
        if bool(_NEGATION.search(claim)) != bool(_NEGATION.search(best)):
            reasons.append("negation differs from the passage")
        for name, pattern in _QUALIFIER_RES.items():
            in_claim, in_source = bool(pattern.search(claim)), bool(pattern.search(best))
            if in_source and not in_claim:
                reasons.append(f"drops the source's qualifier ({name})")
            elif in_claim and not pattern.search(passage):
                reasons.append(f"adds a qualifier the source does not have ({name})")
        claim_units = {u.lower() for u in _UNIT_TERMS.findall(claim)}
        source_units = {u.lower() for u in _UNIT_TERMS.findall(passage)}
        if claim_units - source_units:
            reasons.append(
                f"unit or basis not in the passage: {', '.join(sorted(claim_units - source_units))}"
            )
        return reasons

    @staticmethod
    def _number_failures(
        claim: str, claim_entities: set[str], passage_sentences: list[str]
    ) -> list[str]:
        reasons = []
        sentence_numbers = [numbers_in(s) | _word_number_values(s) for s in passage_sentences]
        for options in claim_numbers(claim):
            holders = [i for i, nums in enumerate(sentence_numbers) if nums & options]
            shown = _format_number(options)
            if not holders:
                reasons.append(f"number {shown} is not in the passage")
                continue
            if claim_entities and not any(
                _fits_subject(claim_entities, passage_sentences[i]) for i in holders
            ):
                reasons.append(f"number {shown} belongs to a different subject in the passage")
        return reasons

    @staticmethod
    def _closest_sentence(claim: str, passage_sentences: list[str]) -> str:
        words = content_words(claim)
        return max(passage_sentences, key=lambda s: len(words & content_words(s)))

    # ---- soft signals ---------------------------------------------------------------------
    @staticmethod
    def _coverage(claim: str, passage: str) -> float:
        words = content_words(claim)
        if not words:
            return 1.0
        return len(words & content_words(passage)) / len(words)

    def _similarity(self, claim: str, passage_sentences: list[str]) -> float | None:
        if self.embedder is None:
            return None
        vectors = self.embedder.embed([claim, *passage_sentences])
        return float(np.max(vectors[1:] @ vectors[0]))

    def check_answer(self, claims: list[tuple[str, list[str]]]) -> dict:
        """``claims`` pairs each sentence with the passages it cites."""
        unsupported = []
        for text, passages in claims:
            verdict = self.check(text, passages)
            if not verdict.supported:
                unsupported.append({"text": text, "reasons": verdict.reasons})
        total = len(claims)
        ratio = 1.0 if total == 0 else (total - len(unsupported)) / total
        return {"supported_ratio": round(ratio, 4), "unsupported": unsupported}


def _fits_subject(claim_entities: set[str], holder: str) -> bool:
    """A passage sentence can carry the claim's number unless it is about someone else: it
    lacks one of the claim's names and names another subject the claim does not."""
    holder_lower = holder.lower()
    lacks_claim_name = any(e not in holder_lower for e in claim_entities)
    names_other_subject = bool(entities(holder) - claim_entities)
    return not (lacks_claim_name and names_other_subject)


def _format_number(options: set[float]) -> str:
    value = min(options)
    return f"{value:g}"
