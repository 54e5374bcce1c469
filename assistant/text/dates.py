"""Dates as articles and questions write them: years, financial years ("FY26"), quarters and
halves ("Q3", "H1", "the second half of 2026"), months ("March 2025", "Jan.")."""

from __future__ import annotations

import re

YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
FINANCIAL_YEAR = re.compile(r"\bFY\s?'?(\d{2}|\d{4})\b", re.IGNORECASE)
QUARTER_OR_HALF = re.compile(r"\b[QH]([1-4])\b")
MONTHS = {
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
# month names and their abbreviations, one alternation shared by every date pattern
MONTH_NAMES = "|".join(sorted(set(MONTHS) | set(MONTHS.values()), key=len, reverse=True))
_MONTH = re.compile(rf"\b({MONTH_NAMES})\b\.?(?=\s+\d|\s*$|,)", re.I)
MONTH_WORD = re.compile(rf"\b({MONTH_NAMES})\b", re.I)
ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2"}
ORDINALS |= {"3rd": "3", "4th": "4"}
# A year together with the part of it that it dates: "March 2025", "Q3 2026", "the second
# half of 2026". Swapping the year between two such dates is a different claim.
DATED_PERIOD = re.compile(
    rf"\b(?P<month>{MONTH_NAMES})\.?,?\s+(?P<y1>(?:19|20)\d\d)\b|"
    r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half)\s+"
    r"(?:of\s+)?(?P<y2>(?:19|20)\d\d)\b|"
    r"\b(?P<qh>[QH])(?P<n>[1-4])\s*(?:of\s+)?'?(?P<y3>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# a financial or calendar year, half or quarter: FY26, FY2025, CY24, H1, 1H26, Q3
_PERIOD = re.compile(r"(?:fy|cy)(?:\d{2}|\d{4})|[hq][1-4](?:fy)?(?:\d{2}|\d{4})?")


def financial_year(digits: str) -> int:
    """The calendar year a financial year's digits name: "26" -> 2026."""
    year = int(digits)
    return year if year > 99 else 2000 + year


def years_in(text: str) -> set[int]:
    """The years a text names, financial years included: "in 2030", "FY2030", "FY30"."""
    years = {int(y) for y in YEAR.findall(text)}
    years |= {financial_year(m.group(1)) for m in FINANCIAL_YEAR.finditer(text)}
    return years


def dated_periods(text: str) -> set[str]:
    """Normalised month-year, quarter-year and half-year dates: {"march 2025", "q3 2026"}."""
    found = set()
    for m in DATED_PERIOD.finditer(text):
        if m["month"]:
            month = m["month"].lower()
            found.add(f"{MONTHS.get(month, month)} {m['y1']}")
        elif m["ord"]:
            found.add(f"{m['part'][0].lower()}{ORDINALS[m['ord'].lower()]} {m['y2']}")
        else:
            found.add(f"{m['qh'].lower()}{m['n']} {m['y3']}")
    return found


def months(text: str) -> set[str]:
    """The months a text names as dates (a month before a day or a year), full names."""
    return {MONTHS.get(m.lower().rstrip("."), m.lower().rstrip(".")) for m in _MONTH.findall(text)}


def is_period(word: str) -> bool:
    """A month, or a financial or calendar year, half or quarter, lower-cased."""
    return word in MONTHS or word in MONTHS.values() or bool(_PERIOD.fullmatch(word))


def is_period_span(token: str) -> bool:
    """ "jan-may", "oct-9", "fy26" and "q3-q4" say when, not who."""
    parts = token.split("-")
    return all(is_period(p) or p.isdigit() for p in parts) and not parts[0].isdigit()
