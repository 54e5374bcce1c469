"""Figures as articles write them, read whole: "3,993t", "20ktpa", "A$200.2mn", "1.5 Mt",
"R184 million", "two decades". Every number is kept both as written and scaled, so the same
figure matches across "3.8 Mt", "3.8 million tonnes" and "3,800,000 t"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.text.dates import FINANCIAL_YEAR, MONTH_WORD, QUARTER_OR_HALF, financial_year

SCALE = {
    "trillion": 1e12,
    "tn": 1e12,
    "bn": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "crore": 1e7,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "mt": 1e6,
    "lakh": 1e5,
    "k": 1e3,
    "kt": 1e3,
    "thousand": 1e3,
}
# A figure is read whole or not at all: "20ktpa" is 20 kt a year, never a 2, and a currency
# written against the digits ("R184 million", "INR7,280 crore") is not taken for the end of
# a word. Group 1 is the digits, group 2 a written scale, group 3 an abbreviated one.
NUMBER = re.compile(
    r"""(?<!\w)(?<!\d\.)
    (?=[\d$€£¥₹]|[a-z]{1,3}(?:\$|\.?\d))  # a cheap look ahead first: most positions fail here
    (?:[a-z]{1,3}\$|[$€£¥₹]|(?:rs|rp|inr|rmb|cny|zar|r)\.?)?
    (\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|\.\d)
    (?:[\s-]?(trillion|billion|million|thousand|crore|lakh)s?(?![a-z])
      |\s?(tn|bn|mn|mt|kt|m|k|b)(?=pa\b|py\b|t\b|/|[^a-z]|$)
      |(?!st\b|nd\b|rd\b|th\b))""",
    re.IGNORECASE | re.VERBOSE,
)
WORD_NUMBERS = {
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
    "twice": 2,
    "double": 2,
    "triple": 3,
    "thrice": 3,
}
WORD_NUMBER = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.I)
_DECADES = re.compile(r"\b(\d+|" + "|".join(WORD_NUMBERS) + r")[\s-]+decades?\b", re.I)
# not fractions ("four-fifths") and not "twelve months", which is how people say "a year"
_CARDINAL_WORDS = re.compile(
    r"(?<!-)\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!-|\s+months)",
    re.IGNORECASE,
)


def number_options(match: re.Match) -> set[float]:
    """A ``NUMBER`` match's values: as written, and scaled when a scale follows."""
    raw = float(match.group(1).replace(",", ""))
    options = {raw}
    scale = (match.group(2) or match.group(3) or "").lower()
    if scale in SCALE:
        options.add(round(raw * SCALE[scale], 6))
    return options


def numbers_in(text: str) -> set[float]:
    """Every number in ``text`` both as written and scaled (1.5bn -> 1.5 and 1.5e9), plus
    financial years, quarter and half numbers, number words and decades in years."""
    values: set[float] = set()
    for match in NUMBER.finditer(text):
        values |= number_options(match)
    for match in FINANCIAL_YEAR.finditer(text):
        year = financial_year(match.group(1))
        values |= {float(year), float(year % 100)}
    for match in QUARTER_OR_HALF.finditer(text):
        values.add(float(match.group(1)))
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in WORD_NUMBERS:
            values.add(float(WORD_NUMBERS[word.lower()]))
    values |= {decades * 10 for decades in _decades(text)}
    return values


def claim_numbers(text: str) -> list[set[float]]:
    """One set of acceptable values per number in the claim: digits, and cardinal words
    from two to twelve ("up to five years"); "one" is too often not a count. A number of
    decades may also be matched in years ("two decades", "a 20-year lease")."""
    claims = [number_options(m) for m in NUMBER.finditer(text)]
    claims += [{float(WORD_NUMBERS[w.lower()])} for w in _CARDINAL_WORDS.findall(text)]
    for decades in _decades(text):
        claims = [c | {decades * 10} if c == {decades} else c for c in claims]
    for match in FINANCIAL_YEAR.finditer(text):
        year = financial_year(match.group(1))
        claims.append({float(year), float(year % 100)})
    return claims


def _decades(text: str) -> list[float]:
    return [
        float(WORD_NUMBERS.get(n.lower()) or n) for n in _DECADES.findall(text.replace(",", ""))
    ]


def is_year(options: set[float]) -> bool:
    return any(1900 <= v <= 2100 and v == int(v) for v in options)


def occurrences(sentence: str, options: set[float]) -> Iterator[re.Match]:
    """Where the number (any of its spellings in ``options``) is written in ``sentence``."""
    return (m for m in NUMBER.finditer(sentence) if number_options(m) & options)


def first_occurrence(sentence: str, options: set[float]) -> re.Match | None:
    return next(occurrences(sentence, options), None)


def is_day_of_month(text: str, options: set[float]) -> bool:
    """Whether the number is a day next to a month ("26 February")."""
    match = first_occurrence(text, options)
    if match is None:
        return False
    around = text[max(0, match.start() - 10) : match.end() + 10]
    return bool(MONTH_WORD.search(around)) and min(options) <= 31


def is_written_year(text: str, options: set[float]) -> bool:
    """2025, FY25 and 2024-25 are years; 2,000 t, written with a thousands comma, is not."""
    if not is_year(options):
        return False
    written = first_occurrence(text, options)
    return written is None or "," not in written.group(0)


def stated_figures(text: str) -> set[float]:
    """The numbers a sentence states (each in its written form), not its dates: years and
    days of the month ("26 February") say when, not how much."""
    return {
        min(options)
        for options in claim_numbers(text)
        if not is_written_year(text, options) and not is_day_of_month(text, options)
    }


def dates_and_figures(text: str) -> set[float]:
    return {min(options) for options in claim_numbers(text)}
