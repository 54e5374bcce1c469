"""Dates as articles and questions write them: years, financial years ("FY26"), quarters and
halves ("Q3", "H1", "the second half of 2026"), months ("March 2025", "Jan.")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


# ---- periods as the trade writes them ----------------------------------------------------------
_QUARTER_MONTH = {"mar": 1, "jun": 2, "sep": 3, "dec": 4}  # by the month's first letters
_QUARTER_NAMES = {1: "March", 2: "June", 3: "September", 4: "December"}
_HALF_MONTH = {"june": 1, "december": 2}
# the quarter-end months as reports write them: "December", "Dec", "Sept."; "quarter", "qtr"
_QUARTER_END = r"(mar(?:ch)?|june?|sept?(?:ember)?|dec(?:ember)?)\.?"
_QUARTER_WORD = r"(?:quarter|qtr)"


@dataclass(frozen=True)
class Period:
    """A period a text names, normalised ("Q3 2025", "H1 FY26", "2028", "March 2026",
    "late 2025") with the calendar days it covers, where they are known, so periods can be
    compared and sorted (a financial year is taken to end in June)."""

    label: str
    start: dt.date | None
    end: dt.date | None
    at: tuple[int, int]  # where the text names it

    @property
    def year(self) -> int | None:
        return self.end.year if self.end else None


def _quarter_days(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = dt.date(year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def _month_days(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def _year_of_named_quarter(month: str, as_of: dt.date | None) -> int | None:
    """The year of "the September quarter" in an article dated ``as_of``: the latest such
    quarter that has ended by a month after the article (reports come after the quarter)."""
    if as_of is None:
        return None
    quarter = _QUARTER_MONTH[month[:3]]
    for year in (as_of.year, as_of.year - 1):
        if _quarter_days(year, quarter)[1] <= as_of + dt.timedelta(days=31):
            return year
    return as_of.year - 1


_PERIOD_PATTERNS = [
    # "the quarter ended 31 December 2025", "six months to June 30, 2025": the months that
    # end there, not the month alone
    (
        "months_ended",
        re.compile(
            r"\b(quarter|three[\s-]+months|half[\s-]+year|half|six[\s-]+months|"
            r"(?:financial\s+)?year|twelve[\s-]+months|12[\s-]+months)\s+"
            r"(?:ended|ending|to)\s+(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
            rf"({MONTH_NAMES})\.?\s+(?:\d{{1,2}},?\s+)?((?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    # "the June quarter of 2026"
    (
        "named_quarter_year",
        re.compile(
            rf"\b{_QUARTER_END}[\s-]+{_QUARTER_WORD}\.?\s+(?:of\s+)?((?:19|20)\d\d)\b", re.I
        ),
    ),
    # "the March 2026 quarter": the same quarter, its year written first
    (
        "named_quarter_year",
        re.compile(rf"\b{_QUARTER_END}\s+((?:19|20)\d\d)\s+{_QUARTER_WORD}\b", re.I),
    ),
    # "the September quarter", "the December half" (year from the article's date)
    ("named_quarter", re.compile(rf"\b{_QUARTER_END}[\s-]+{_QUARTER_WORD}\b", re.I)),
    ("named_half", re.compile(r"\b(june|december)\s+half\b", re.I)),
    # "Q3 2025", "3Q25", "Q3 FY26", "1H FY26", "H1 2026", "1H26"
    (
        "quarter_or_half",
        re.compile(
            r"\b(?:(?P<p1>[QH])(?P<n1>[1-4])|(?P<n2>[1-4])(?P<p2>[QH]))\s*"
            r"(?:(?P<fy>FY|CY)\s?'?(?P<fyy>\d{2}|\d{4})|'?(?P<y>(?:19|20)?\d{2})\b)?",
            re.I,
        ),
    ),
    # "the first half of 2026", "the third quarter of 2025"
    (
        "ordinal_part",
        re.compile(
            r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(quarter|half)\s+(?:of\s+)?"
            r"(?:(?:calendar|fiscal|financial)\s+(?:year\s+)?)?(?P<fy>FY)?\s?'?((?:19|20)\d\d|\d{2})\b",
            re.I,
        ),
    ),
    ("financial_year", re.compile(r"\bFY\s?'?(\d{2}|\d{4})\b", re.I)),
    # "October-December 2025", "Jan to Jun 2025", "in October-December" (year from the
    # article's date): the months between, a quarter or a half when they make one
    (
        "month_range",
        re.compile(
            rf"\b({MONTH_NAMES})\.?\s*(?:-|–|—|\s+to\s+|\s+through\s+)\s*({MONTH_NAMES})\b\.?"
            r"(?:,?\s+((?:19|20)\d\d)\b)?",
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(rf"\b({MONTH_NAMES})\.?,?\s+(?:\d{{1,2}},?\s+)?((?:19|20)\d\d)\b", re.I),
    ),
    (
        "day_month_year",
        re.compile(rf"\b\d{{1,2}}\s+({MONTH_NAMES})\.?,?\s+((?:19|20)\d\d)\b", re.I),
    ),
    # "in December", "last Oct.", "during march" with no year: the month nearest the
    # article's (or the newest article's) date; lower-case "may" only after "in"
    (
        "bare_month",
        re.compile(
            rf"\b(?P<prep>in|during|for|last|this)\s+(?:the\s+month\s+of\s+)?"
            rf"(?P<month>(?!may\b)(?:{MONTH_NAMES})|(?-i:May)|(?<=in\s)may)\b\.?(?!\s*-?\s*\d)",
            re.I,
        ),
    ),
    (
        "part_of_year",
        re.compile(
            r"\b(early|mid|middle\s+of|late|end\s+of|the\s+end\s+of|start\s+of|beginning\s+of)"
            r"[\s-]+((?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    (
        "year",
        # not a figure: "2025 t", "2025.5 tonnes"; but a year before a comma is a year
        # ("production in 2025, tonnes?")
        re.compile(
            r"\b(?:calendar\s+|cy\s?)?((?:19|20)\d\d)\b(?!(?:[.,]\d+)*\s*(?:t\b|tonnes|%))",
            re.I,
        ),
    ),
]
_PART_MONTHS = {
    "early": (1, 4),
    "start of": (1, 3),
    "beginning of": (1, 3),
    "mid": (5, 8),
    "middle of": (5, 8),
    "late": (9, 12),
    "end of": (10, 12),
    "the end of": (10, 12),
}


def _year(digits: str) -> int:
    year = int(digits)
    return year if year > 99 else 2000 + year


def periods_in(text: str, as_of: dt.date | None = None) -> list[Period]:
    """The periods a text names, in order of where they stand, each named once: the most
    specific reading of a span wins ("Q3 2025" is not also "2025")."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            period = _period(kind, match, as_of)
            if period is not None:
                found.append(period)
                taken.append(span)
    return sorted(found, key=lambda p: p.at)


def _month_number(name: str) -> tuple[str, int]:
    """A month as written ("Oct.", "october") as its full name and its number."""
    full = MONTHS.get(name.lower().rstrip("."), name.lower())
    return full, list(dict.fromkeys(MONTHS.values())).index(full) + 1


def _month_range(
    first: str, last: str, year: str | None, as_of: dt.date | None, at: tuple[int, int]
) -> Period | None:
    """The months from ``first`` to ``last`` (of the year before, when the range crosses a
    new year), labelled as the quarter, half or year they make, if they make one."""
    (first_name, a), (last_name, b) = _month_number(first), _month_number(last)
    if year is not None:
        end_year = int(year)
    elif as_of is not None:  # the latest such months ended by a month after the article
        ends = _month_days(as_of.year, b)[1]
        end_year = as_of.year if ends <= as_of + dt.timedelta(days=31) else as_of.year - 1
    else:
        return None
    start_year = end_year - (a > b)
    start, end = _month_days(start_year, a)[0], _month_days(end_year, b)[1]
    if start_year == end_year and (a, b) == (1, 12):
        label = str(end_year)
    elif start_year == end_year and b - a == 5 and a in (1, 7):
        label = f"H{(b + 5) // 6} {end_year}"
    elif start_year == end_year and b - a == 2 and a % 3 == 1:
        label = f"Q{b // 3} {end_year}"
    else:
        label = f"{first_name.title()}-{last_name.title()} {end_year}"
    return Period(label, start, end, at)


def _bare_month(m: re.Match, as_of: dt.date | None) -> Period | None:
    """A month named without a year: the one nearest ``as_of`` ("in December" in January is
    the December just gone, "in March" then is the March to come); after "last", the latest
    one begun before ``as_of``'s month."""
    if as_of is None:
        return None
    name, month = _month_number(m.group("month"))
    at = m.span("month")
    if m.group("prep").lower() == "last":
        year = as_of.year if month < as_of.month else as_of.year - 1
    else:
        here = as_of.year * 12 + as_of.month
        year = min(
            (as_of.year - 1, as_of.year, as_of.year + 1), key=lambda y: abs(y * 12 + month - here)
        )
    return Period(f"{name.title()} {year}", *_month_days(year, month), at)


_SPAN_MONTHS = {"quarter": 3, "three": 3, "half": 6, "six": 6}


def quarters_or_halves_ended(text: str, as_of: dt.date | None = None) -> list[Period]:
    """The quarters and halves a text says end on a date ("for the quarter ended 31 December
    2025", "the six months to June 30, 2025"), as a report says what it covers."""
    pattern = dict(_PERIOD_PATTERNS)["months_ended"]
    return [
        period
        for m in pattern.finditer(text)
        if _span_months(m.group(1)) in (3, 6)
        and (period := _months_ended(m.group(1), m.group(2), m.group(3), as_of, m.span()))
    ]


def _span_months(span: str) -> int:
    return _SPAN_MONTHS.get(span.lower().split()[0].split("-")[0], 12)


def _months_ended(
    span: str, last: str, year: str, as_of: dt.date | None, at: tuple[int, int]
) -> Period | None:
    """The quarter, half or year that ends in ``last`` of ``year``."""
    months = _span_months(span)
    _, b = _month_number(last)
    first = list(dict.fromkeys(MONTHS.values()))[(b - months) % 12]
    return _month_range(first, last, year, as_of, at)


def _financial_part(part: str, n: int, digits: str, at: tuple[int, int]) -> Period:
    """A quarter or half of a financial year ending in June: H1 FY26 is July-December 2025."""
    year = financial_year(digits)
    months = 3 if part == "Q" else 6
    first_month = 7 + months * (n - 1)  # months counted from July of the year before
    start_year = year - 1 + (first_month - 1) // 12
    start = dt.date(start_year, (first_month - 1) % 12 + 1, 1)
    last_month = first_month + months - 1
    end_year = year - 1 + (last_month - 1) // 12
    end = _month_days(end_year, (last_month - 1) % 12 + 1)[1]
    return Period(f"{part}{n} FY{year % 100:02d}", start, end, at)


def _period(kind: str, m: re.Match, as_of: dt.date | None) -> Period | None:
    at = m.span()
    if kind == "named_quarter_year":
        quarter, year = _QUARTER_MONTH[m.group(1).lower()[:3]], int(m.group(2))
        return Period(f"Q{quarter} {year}", *_quarter_days(year, quarter), at)
    if kind == "named_quarter":
        month = m.group(1).lower()
        year = _year_of_named_quarter(month, as_of)
        quarter = _QUARTER_MONTH[month[:3]]
        if year is None:
            return Period(f"{_QUARTER_NAMES[quarter]} quarter", None, None, at)
        return Period(f"Q{quarter} {year}", *_quarter_days(year, quarter), at)
    if kind == "named_half":
        half = _HALF_MONTH[m.group(1).lower()]
        if as_of is None:
            return Period(f"H{half}", None, None, at)
        year = as_of.year if (half == 1 and as_of.month >= 7) else as_of.year - (half == 2)
        start = dt.date(year, 6 * half - 5, 1)
        return Period(f"H{half} {year}", start, _month_days(year, 6 * half)[1], at)
    if kind == "quarter_or_half":
        part = (m.group("p1") or m.group("p2")).upper()
        n = int(m.group("n1") or m.group("n2"))
        if part == "H" and n > 2:
            return None
        if m.group("fyy"):
            return _financial_part(part, n, m.group("fyy"), at)
        if not m.group("y"):
            return Period(f"{part}{n}", None, None, at)
        year = _year(m.group("y"))
        if part == "Q":
            return Period(f"Q{n} {year}", *_quarter_days(year, n), at)
        start = dt.date(year, 6 * n - 5, 1)
        return Period(f"H{n} {year}", start, _month_days(year, 6 * n)[1], at)
    if kind == "ordinal_part":
        n = int(ORDINALS[m.group(1).lower()])
        part = "Q" if m.group(2).lower() == "quarter" else "H"
        if m.group("fy"):
            return _financial_part(part, n, m.group(4), at)
        year = _year(m.group(4))
        if part == "Q":
            return Period(f"Q{n} {year}", *_quarter_days(year, n), at)
        if n > 2:
            return None
        return Period(f"H{n} {year}", dt.date(year, 6 * n - 5, 1), _month_days(year, 6 * n)[1], at)
    if kind == "financial_year":
        year = financial_year(m.group(1))
        # a financial year is taken to end in June (Australian reporting): an approximation
        return Period(f"FY{year % 100:02d}", dt.date(year - 1, 7, 1), dt.date(year, 6, 30), at)
    if kind == "month_range":
        return _month_range(m.group(1), m.group(2), m.group(3), as_of, at)
    if kind == "months_ended":
        return _months_ended(m.group(1), m.group(2), m.group(3), as_of, at)
    if kind == "bare_month":
        return _bare_month(m, as_of)
    if kind in ("month_year", "day_month_year"):
        month_name, month = _month_number(m.group(1))
        year = int(m.group(2))
        return Period(f"{month_name.title()} {year}", *_month_days(year, month), at)
    if kind == "part_of_year":
        part = re.sub(r"\s+", " ", m.group(1).lower())
        year = int(m.group(2))
        first, last = _PART_MONTHS.get(part, (1, 12))
        label = {"middle of": "mid", "the end of": "end of"}.get(part, part)
        return Period(
            f"{label}-{year}" if label == "mid" else f"{label} {year}",
            dt.date(year, first, 1),
            _month_days(year, last)[1],
            at,
        )
    year = int(m.group(1))
    return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), at)


# ---- the date an article was written ------------------------------------------------------------
_FULL_DATE = re.compile(
    rf"\b(?P<m1>{MONTH_NAMES})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)\b|"
    rf"\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_NAMES})\.?,?\s+(?P<y2>(?:19|20)\d\d)\b|"
    r"\b(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})\b",
    re.IGNORECASE,
)


def article_date(text: str, lines: int = 15) -> dt.date | None:
    """The date an article gives near its top: a date line under the title ("Feb 2, 2026"),
    a release's dateline ("..., Sept. 16, 2025 /Wire/ --"), an ISO date. Written month
    names are read by pattern; other forms ("03/02/2026") by dateparser, asked for a day,
    a month and a year. None when the top of the text gives no full date."""
    head = [line for line in text.splitlines() if line.strip()][:lines]
    for line in head:
        found = _FULL_DATE.search(line)
        if found:
            return _date_of(found)
    for line in head:
        found = _dateparser_date(line)
        if found:
            return found
    return None


def _date_of(m: re.Match) -> dt.date | None:
    months = list(dict.fromkeys(MONTHS.values()))
    try:
        if m.group("y3"):
            return dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        name = (m.group("m1") or m.group("m2")).lower().rstrip(".")
        month = months.index(MONTHS.get(name, name)) + 1
        return dt.date(
            int(m.group("y1") or m.group("y2")), month, int(m.group("d1") or m.group("d2"))
        )
    except ValueError:
        return None


def _dateparser_date(line: str) -> dt.date | None:
    if not re.search(r"\d{4}", line) or len(line) > 200:
        return None
    from dateparser.search import search_dates

    found = search_dates(
        line, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return found[0][1].date() if found else None


_DATELINE_DAY = re.compile(
    rf"^\s*[A-Z][A-Z .,'’-]{{2,}},?\s+(?:[A-Z][a-z]+\.?,?\s+)*?"
    rf"(?P<month>{MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\bon\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def dateline_date(text: str, today: dt.date | None = None, lines: int = 6) -> dt.date | None:
    """The date of a wire story whose dateline gives a day and month but no year ("PORT
    ELWYN, March 3 (Wire) - ... said on Monday"): the latest year, not after ``today``, in
    which that day fell on the weekday the story names; without a weekday, the latest year
    the story mentions. None when neither settles it."""
    today = today or dt.date.today()
    head = [line for line in text.splitlines() if line.strip()][:lines]
    for line in head:
        found = _DATELINE_DAY.match(line)
        if not found:
            continue
        name = found.group("month").lower().rstrip(".")
        month = list(dict.fromkeys(MONTHS.values())).index(MONTHS.get(name, name)) + 1
        day = int(found.group("day"))
        weekday = _WEEKDAY.search(line)
        for year in range(today.year, today.year - 8, -1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate > today:
                continue
            if weekday is None or _WEEKDAYS[candidate.weekday()] == weekday.group(1).lower():
                if weekday is not None:
                    return candidate
                break
        mentioned = [y for y in years_in(text) if y <= today.year]
        if weekday is None and mentioned:
            return dt.date(max(mentioned), month, day)
    return None
