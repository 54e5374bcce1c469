"""Claims read from a sentence: every figure it states (and every status it gives without one)
with who it is about, what it measures, its value and unit, the material, the period, the
value-chain step and, above all, its modality: whether it is achieved, or only in progress,
planned, a design capacity, a target, conditional, hypothetical or denied.

Modality comes from general English in the figure's clause (negation, modal and reporting
verbs, "designed to", "up to", "subject to", a future period), never from names; the cue
words are data (``modality_cues`` in the domain file). Only an ``achieved`` claim can show
deliverable supply, and a negated one never shows anything producing.

>>> claims = read_claims(
...     "The plant is designed to make 3,000 tonnes of finished magnets a year.",
...     ClaimContext(title="Quorra Magnetics opens Velden plant", referent="Quorra Magnetics"),
... )
>>> [(c.subject, c.measure, c.value, c.unit, c.modality) for c in claims]
[('Quorra Magnetics', 'capacity', 3000.0, 't/yr', 'capacity')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np

from assistant.domain import domain
from assistant.modality import ClaimSite, ModalityModel, cue_order, shipped_model
from assistant.subjects import (
    Referents,
    as_known,
    dateline_end,
    mentions,
    names_masked,
    opens_with_reference,
    refers_to_site,
    stands_for_agency,
)
from assistant.text import places
from assistant.text.dates import MONTH_NAMES, YEAR, Period, periods_in, quarters_or_halves_ended
from assistant.text.numbers import NUMBER, is_day_of_month

DELIVERABLE_MEASURES = ("production", "sales")


@dataclass(frozen=True)
class Claim:
    subject: str | None
    measure: str
    value: float | None
    unit: str | None
    material: str | None
    period: str | None
    modality: str
    step: str | None
    # the other half of the subject's pair: the site of the organisation the claim is about,
    # or the organisation whose site it is ("Quorra Metals" <-> "Velden"), where known
    counterpart: str | None = None
    start: int = -1  # where the figure (or the status's cue) is written in the sentence
    end: int = -1
    # whether the cue words alone read the same modality: a claim the two readings differ
    # on is never taken for delivered output
    cues_agree: bool = True
    # whether the measure is read from the figure's own clause or the words before it
    # ("shipped 310 t", "NdPr oxide produced (t) | 1,498") or, in a table row, from its
    # header, rather than borrowed from a later clause ("People see 212 Mt, but we haven't
    # produced a kilogram")
    measure_in_clause: bool = True

    def to_dict(self) -> dict:
        hidden = ("start", "end", "cues_agree", "measure_in_clause")
        return {k: v for k, v in asdict(self).items() if k not in hidden}

    @property
    def figure(self) -> str:
        """The value and unit as an answer shows them: "16,000 t/yr", "32%",
        "AUD 486 million", "USD 81.3/kg"; empty for a status without a figure."""
        if self.value is None or self.unit is None:
            return ""
        return shown_figure(self.value, self.unit)

    @property
    def shows_output(self) -> bool:
        """Achieved output, read so by the model and by the cues alike: the only kind of
        claim that is deliverable supply."""
        return (
            self.modality == "achieved"
            and self.measure in DELIVERABLE_MEASURES
            and self.cues_agree
            and self.measure_in_clause
            and not (self.unit or "").endswith("/yr")  # a yearly rate: a run-rate or a design
        )


def shown_figure(value: float, unit: str) -> str:
    """A figure for reading: thousands separated, large money in millions or billions."""
    money = re.fullmatch(r"[A-Z]{3}", unit.split("/")[0]) is not None
    if money and "/" not in unit and abs(value) >= 1e6:
        scale, word = (1e9, "billion") if abs(value) >= 1e9 else (1e6, "million")
        return f"{unit} {_number(value / scale)} {word}"
    if money:
        code, _, per = unit.partition("/")
        return f"{code} {_number(value)}" + (f"/{per}" if per else "")
    return f"{_number(value)}%" if unit == "%" else f"{_number(value)} {unit}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ClaimContext:
    """What a reader knows when reaching the sentence: the article's title and date, the
    subjects it is about, the sentences before it, and the subject they were speaking of."""

    title: str = ""
    date: str | None = None
    subjects: tuple[str, ...] = ()
    previous: str = ""
    referent: str = ""  # the organisation the article was speaking of
    site: str = ""  # and the site
    opener: str = ""  # what the sentence before opened with ("it" may stand for it)
    sites: tuple[str, ...] = ()  # every name the article uses for a site
    opening: str = ""  # the article's first lines ("for the quarter ended 31 December 2025")
    # short names the article gives its organisations ("GRSX", "SMC"), with the full names
    short_names: tuple[tuple[str, str], ...] = ()

    @cached_property
    def full_names(self) -> dict[str, str]:
        """``short_names`` as a lookup, built once per context rather than per mention."""
        return dict(self.short_names)

    @property
    def as_of(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.date[:10]) if self.date else None
        except ValueError:
            return None


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    start: int
    end: int
    kind: str  # mass, money, percent, price


# ---- the patterns, compiled once from the domain file --------------------------------------------
@dataclass(frozen=True)
class _Units:
    mass: list[tuple[str, re.Pattern]]
    per_year: re.Pattern
    per_year_before: re.Pattern
    percent: re.Pattern
    before: list[tuple[re.Pattern, str]]
    after: list[tuple[re.Pattern, str]]
    scale: list[tuple[re.Pattern, float]]
    per_mass: re.Pattern
    per_year_noun: re.Pattern
    per_year_list: re.Pattern
    row_unit: re.Pattern
    fractions: list[tuple[re.Pattern, float]]
    rate_suffix: re.Pattern = field(default=re.compile(r"$^"))


@lru_cache(maxsize=1)
def _units() -> _Units:
    u = domain().claim_units
    mass = {k: v for k, v in u.mass.items() if k != "rate_suffix"}
    return _Units(
        mass=[
            (name, re.compile(rf"^[\s-]*(?:{p})(?=pa\b|py\b|/y|/a\b|[^a-z]|$)", re.I))
            for name, p in mass.items()
        ],
        per_year=re.compile(u.per_year, re.I),
        per_year_before=re.compile(u.per_year_before, re.I),
        percent=re.compile(rf"^\s*(?:{u.percent})", re.I),
        before=[
            (re.compile(rf"(?:^|[^a-z])(?:{p})\s?$", re.I), code)
            for p, code in u.currency_before.items()
        ],
        after=[(re.compile(rf"^\s*(?:{p})", re.I), code) for p, code in u.currency_after.items()],
        scale=[
            (re.compile(rf"^[\s-]*(?:{p})(?![a-z])", re.I), factor)
            for p, factor in u.money_scale.items()
        ],
        per_mass=re.compile(u.per_mass, re.I),
        per_year_noun=re.compile(u.per_year_noun, re.I),
        per_year_list=re.compile(u.per_year_list, re.I),
        row_unit=re.compile(u.row_unit, re.I),
        fractions=[(re.compile(p, re.I), value) for p, value in u.fractions.items()],
        rate_suffix=re.compile(rf"^(?:{u.mass['rate_suffix']})", re.I),
    )


# a figure that only counts or names: "No. 2", "Phase 2", "Q3", "3Q25", "FY26", "page 4"
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:\bno\.?|\bphase|\bstage|\bpage|\btrain|\bline|\bunit|\bsection|\bitem|\bnumber|"
    r"\b[QH]|\bFY|\bCY|\bdecree|\bannouncement|\bnotice|\border|\blevel)\s*$",
    re.I,
)
_PERIOD_AFTER = re.compile(r"^[QH]\d|^(?:st|nd|rd|th)\b", re.I)
_CLAUSE_BREAK = re.compile(
    r"[;:—–]|\s-\s|\(|\)|,\s+(?=(?:but|while|whereas|although|though|and|as|with|after|"
    r"before|which|where|since|compared|against|up\s+from|down\s+from|from|"
    # a denial after a comma is an item of its own: "2,500 t of output, no separation plant"
    r"no|not|none|nor|never)\b)|"
    r"\s+but\s+|\s+while\s+|\s+whereas\s+|"
    r"\s+and\s+(?=(?:\w+\s+){0,3}(?:expects?|plans?|aims?|will|would|said|is|was|has|had|"
    r"targets?|intends?|hopes?|wants?|could|can|remains?|still|now)\b)"
)


# ---- figures -------------------------------------------------------------------------------------
def quantities(text: str) -> list[Quantity]:
    """The figures a sentence states with a unit: masses in tonnes (a rate "a year" makes
    them t/yr), money in a currency, prices, percentages. A bare count, a year, a day of
    the month, a quarter's number or a phase is no figure."""
    units = _units()
    found = []
    for m in NUMBER.finditer(text):
        digits, written_scale, short_scale = m.group(1), m.group(2), m.group(3)
        raw = float(digits.replace(",", ""))
        before = text[max(0, m.start() - 12) : m.start(1)]
        after = text[m.end() : m.end() + 80]
        if _NOT_A_FIGURE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if _PERIOD_AFTER.match(text[m.end(1) : m.end(1) + 3]):
            continue
        quantity = (
            _money(raw, before, written_scale or short_scale, after, units, m)
            or _percent(raw, after, units, m)
            or _mass(raw, written_scale, short_scale, after, units, m, text[: m.start()])
        )
        if quantity is None:
            continue
        if quantity.kind != "money" and _is_date_number(text, m, raw):
            continue
        if quantity.kind == "percent" and _is_a_stake(text, quantity):
            continue
        found.append(quantity)
    for pattern, value in units.fractions:  # "half of its magnets", "a fifth of the world's"
        for m in pattern.finditer(text):
            found.append(Quantity(value, "%", m.start(), m.end(), "percent"))
    found += _table_row_figures(text, units, {q.start for q in found})
    return _rates_carried(text, sorted(found, key=lambda q: q.start), units)


_BARE = re.compile(r"(?<![\w.,$€£¥/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w%/-]|[.,]\d)")
_CURRENCY = {"us$": "USD", "a$": "AUD", "c$": "CAD", "$": "USD", "€": "EUR", "£": "GBP"}


def _table_row_figures(text: str, units: _Units, taken: set[int]) -> list[Quantity]:
    """The bare figures of a flattened table row whose label gives their unit: "NdPr oxide
    produced (t) 1,498 1,412 1,271", "Average price (A$/kg REO) 58.9 52.3". The figures run
    from the label to the end of the line."""
    found = []
    for label in units.row_unit.finditer(text):
        line_end = text.find("\n", label.end())
        row = text[label.end() : len(text) if line_end < 0 else line_end]
        unit = label.group("unit").lower()
        if label.group("currency"):
            code = _CURRENCY[label.group("currency").lower()]
            unit, kind = f"{code}/{label.group('mass').lower()}", "price"
        elif unit == "%":
            kind = "percent"
        else:
            kind = "mass"
        scale = {"kt": 1e3, "mt": 1e6}.get(unit, 1.0)
        unit = {"tonnes": "t", "kt": "t", "mt": "t"}.get(unit, unit)
        for m in _BARE.finditer(row):
            at = label.end() + m.start()
            if at in taken or _year_of_a_period(row, m):
                continue
            value = float(m.group(0).replace(",", "")) * scale
            found.append(Quantity(value, unit, at, at + len(m.group(0)), kind))
    return found


_STAKE_AFTER = re.compile(
    r"^\s*(?:equity\s+|ownership\s+)?(?:stake|interest(?!\s+rate)|holding|shareholding)\b"
    r"|^\s*of\s+(?:the\s+|its\s+)?(?:shares|equity|share\s+capital|voting)\b",
    re.I,
)


def _is_a_stake(text: str, percent: Quantity) -> bool:
    """A share of a company owned ("a 51% stake in", "held 19.9% of Velden Metals"), which
    measures no supply."""
    after = text[percent.end :]
    if _STAKE_AFTER.match(after):
        return True
    of = re.match(r"\s*of\s+(?:the\s+)?", after)
    if of is None:
        return False
    at = percent.end + of.end()
    return any(
        m.start == at and m.kind == "organisation" and not re.match(r"['’]s\b", text[m.end :])
        for m in mentions(text)
    )


_PERIOD_BEFORE = re.compile(
    rf"(?:\b(?:{MONTH_NAMES})\b\.?|\b(?:qtr|quarter|half|year|[qh][1-4]|fy|cy)\b)\s*$", re.I
)


def _year_of_a_period(row: str, m: re.Match) -> bool:
    """A year that closes a period's name in a table's header row ("Sales (t) | Jun Qtr 2024
    | Mar Qtr 2024") dates the columns; it is no figure."""
    return bool(
        YEAR.fullmatch(m.group(0))
        and _PERIOD_BEFORE.search(row[max(0, m.start() - 16) : m.start()])
    )


_CARRIED = re.compile(
    r"^[^;.()\d]{0,60}?\b(?:and|or|containing|equivalent\s+to|including)\s+"
    r"(?:about\s+|approx\.?\s+|approximately\s+|some\s+|up\s+to\s+)?$",
    re.I,
)


def _rates_carried(text: str, found: list[Quantity], units: _Units) -> list[Quantity]:
    """A mass joined to a yearly rate before it ("410 t of dysprosium oxide and 65 t of
    terbium oxide", "9,000 t a year of concentrate containing 5,200 t of TREO") is a yearly
    rate too."""
    out: list[Quantity] = []
    for q in found:
        before = out[-1] if out else None
        if (
            before is not None
            and q.kind == "mass"
            and q.unit in ("t", "kg")
            and before.unit == f"{q.unit}/yr"
            and _CARRIED.match(text[before.end : q.start])
        ):
            q = Quantity(q.value, f"{q.unit}/yr", q.start, q.end, q.kind)
        out.append(q)
    return out


def _is_date_number(text: str, m: re.Match, raw: float) -> bool:
    written = m.group(0)
    is_year = 1900 <= raw <= 2100 and raw == int(raw) and "," not in written
    return is_year or is_day_of_month(text[m.start() : m.end() + 12], {raw})


def _scale_after(after: str, units: _Units) -> tuple[float, int]:
    """The scale written after a figure ("million", "bn"), or after the other end of a
    range it opens ("A$1.7-1.8 billion": both ends are billions)."""
    range_end = _range_end_length(after)
    for skip in (0, range_end) if range_end else (0,):
        for pattern, factor in units.scale:
            found = pattern.match(after[skip:])
            if found:
                return factor, skip + found.end()
    return 1.0, 0


_RANGE_END = re.compile(r"\s*(?:-|–|—|to)\s*(?:[A-Z]{0,2}[$€£¥])?\d[\d,]*(?:\.\d+)?")


def _range_end_length(after: str) -> int:
    found = _RANGE_END.match(after)
    return found.end() if found else 0


def _money(raw, prefix, scale, after, units, m) -> Quantity | None:
    code = next((c for p, c in units.before if p.search(prefix)), None)
    factor = 1.0
    if scale:
        factor = next((f for p, f in units.scale if p.fullmatch(scale)), 1.0)
    consumed = 0
    if code is None:
        factor_after, consumed = _scale_after(after, units) if not scale else (factor, 0)
        code = next((c for p, c in units.after if p.match(after[consumed:])), None)
        if code is None:
            return None
        factor = factor_after if not scale else factor
    elif not scale:
        factor, consumed = _scale_after(after, units)
    value = round(raw * factor, 6)
    per = units.per_mass.match(after[consumed:])
    if per:
        mass = per.group("mass").lower()
        basis = "kg" if mass.startswith("k") else ("lb" if mass in ("lb", "pound") else "t")
        return Quantity(value, f"{code}/{basis}", m.start(), m.end(), "price")
    return Quantity(value, code, m.start(), m.end(), "money")


def _percent(raw, after, units, m) -> Quantity | None:
    found = units.percent.match(after)
    if not found:
        return None
    return Quantity(raw, "%", m.start(), m.end() + found.end(), "percent")


def _mass(raw, written_scale, short_scale, after, units, m, head) -> Quantity | None:
    short = (short_scale or "").lower()
    factor = {"kt": 1e3, "mt": 1e6}.get(short)
    rest = after
    if factor is None:
        word_factor = {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(
            (written_scale or "").lower().rstrip("s"), 1.0
        )
        for name, pattern in units.mass:
            found = pattern.match(after)
            if found:
                factor = word_factor * {"tonnes": 1, "kilotonnes": 1e3, "megatonnes": 1e6}.get(
                    name, 1
                )
                if name == "kilograms":
                    return _rate_or_mass(
                        raw * word_factor, "kg", after[found.end() :], units, m, head
                    )
                rest = after[found.end() :]
                break
        else:
            return None
    return _rate_or_mass(round(raw * factor, 6), "t", rest, units, m, head)


def _rate_or_mass(value, unit, rest, units, m, head) -> Quantity:
    glued = units.rate_suffix.match(rest)
    if glued or units.per_year_before.search(head[-60:]):
        return Quantity(value, f"{unit}/yr", m.start(), m.end(), "mass")
    # "a year" right after the unit, or after what it is of: "3,000 tonnes of magnets a year"
    window = re.split(r"[;,.(]|\b(?:and|but|while|from|up|down)\b|\d", rest[:70], maxsplit=1)[0]
    words = window.split()
    for i in range(len(words) + 1):
        if units.per_year.match(" ".join(words[i:])):
            return Quantity(value, f"{unit}/yr", m.start(), m.end(), "mass")
    if units.per_year_noun.match(rest) or units.per_year_list.match(rest):
        return Quantity(value, f"{unit}/yr", m.start(), m.end(), "mass")
    return Quantity(value, unit, m.start(), m.end(), "mass")


# ---- the parts of a claim ------------------------------------------------------------------------
def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause that holds the span: between the clause breaks before and after it."""
    left, right = 0, len(text)
    for br in _CLAUSE_BREAK.finditer(text):
        if br.end() <= start:
            left = br.end()
        elif br.start() >= end:
            right = br.start()
            break
    return left, right


def measure_of(
    quantity: Quantity | None,
    clause: str,
    figure_at: int,
    sentence: str | None = None,
    figure_start: int = 0,
) -> str:
    """What the figure measures: the measure whose cue stands nearest it in its clause,
    among those its kind of unit can be (money cannot be tonnes); with no cue in the clause,
    the nearest in the whole ``sentence`` (where the figure starts at ``figure_start``)."""
    d = domain()
    if quantity is not None and quantity.kind == "price":
        return "price"
    if quantity is not None and quantity.kind == "percent":
        # a percentage is a grade or a share when its clause says so, whatever verb is
        # nearer ("put China's share of production at 94%")
        for name in ("grade", "share"):
            if d.claim_measure_patterns[name].search(clause):
                return name
    allowed = (
        d.money_measures
        if quantity is not None and quantity.kind == "money"
        else d.mass_measures
        if quantity is not None and quantity.kind == "mass"
        else list(d.claim_measures)
    )
    best, distance = None, None
    for name in allowed:
        for found in d.claim_measure_patterns[name].finditer(clause):
            gap = min(abs(found.start() - figure_at), abs(found.end() - figure_at))
            if distance is None or gap < distance:
                best, distance = name, gap
    if best:
        return best
    if sentence is not None:  # no cue in the clause: the nearest in the sentence
        return measure_of(quantity, sentence, figure_start)
    if quantity is not None and quantity.unit.endswith("/yr"):
        return "capacity"  # "2,200tpa sintered": a bare yearly rate is a plant's size
    if quantity is not None and quantity.kind == "money":
        return "funding"
    if quantity is not None and quantity.kind == "percent":
        return "share"
    return "production"


def material_near(text: str, start: int, end: int) -> str | None:
    """What the figure is of: the first material named after it in its clause, else the
    nearest one before it."""
    best, distance = None, None
    names = _name_spans(text)
    for name, pattern in domain().material_patterns.items():
        for found in pattern.finditer(text):
            if any(a <= found.start() < b for a, b in names):
                continue  # "Quorra Metals", "Tamsin Magnets Ltd": a name, not a material
            gap = found.start() - end if found.start() >= end else (start - found.end()) + 40
            if distance is None or gap < distance:
                best, distance = name, gap
    return best


def materials_named(text: str) -> set[str]:
    """Every material a text names, in its shown form ("NdPr oxide", "mixed rare earth
    carbonate"), not counting a word inside a name ("Quorra Metals")."""
    names = _name_spans(text)
    found = set()
    for name, pattern in domain().material_patterns.items():
        for m in pattern.finditer(text):
            if not any(a <= m.start() < b for a, b in names):
                found.add(name)
                break
    return found


@lru_cache(maxsize=256)
def _name_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start, m.end) for m in mentions(text) if m.kind in ("organisation", "agency"))


_STEPS = {
    "magnet": "magnet",
    "metal_alloy": "metal",
    "separation": "separation",
    "cracking": "cracking",
    "mine_concentrate": "mine",
}


def step_of(material: str | None, clause: str) -> str | None:
    """The value-chain step: from the material when it says, else from the clause."""
    for text in (material or "", clause):
        for step, pattern in domain().chain_patterns.items():
            if text and pattern.search(text):
                return _STEPS.get(step)
    return None


def _cumulative(text: str, left: int, start: int) -> bool:
    """A running total ("bringing its output since first production to 199 t", "so far"):
    the figure is of no one period, not of the period the sentence names for another."""
    return bool(domain().compiled("cumulative_figure").search(text[max(left, start - 60) : start]))


@lru_cache(maxsize=256)
def _reported_period(title: str, opening: str, as_of: dt.date | None) -> Period | None:
    """The one quarter or half a report covers: the one its title names ("Quarterly
    Activities Report - December 2025 Quarter"), else the one its first lines say it reports
    on ("for the quarter ended 31 December 2025"). Its "quarterly production" is of it."""
    named = [p for p in periods_in(title, as_of) if p.label[:1] in ("Q", "H")]
    if not named:
        named = quarters_or_halves_ended(opening, as_of)
    days = {(p.start, p.end) for p in named}
    return named[0] if len(days) == 1 else None


def _period_for(
    periods: list[Period], start: int, end: int, clause: tuple[int, int]
) -> Period | None:
    """The period in the figure's clause nearest after it, else nearest before it."""
    inside = [p for p in periods if clause[0] <= p.at[0] and p.at[1] <= clause[1]]
    after = [p for p in inside if p.at[0] >= end]
    if after:
        return after[0]
    before = [p for p in inside if p.at[1] <= start]
    return before[-1] if before else None


# ---- subjects ------------------------------------------------------------------------------------
_RECIPIENT = re.compile(r"\b(?:to|for|in|into|with)\s+(?:its\s+|their\s+|the\s+)?$", re.I)


def subject_of(text: str, at: int, measure: str, context: ClaimContext) -> str | None:
    """Who a figure (or status) at ``at`` is about:
    - a site its clause names ("at its Quorra Hill mine"), the thing measured;
    - for money, who receives it: the name after "to" or "for" ("a loan to Karrath");
    - else the organisation, place or name nearest before it in its clause, then in the
      sentence;
    - for a sentence that opens with "it", "the company" or "the plant", or names nobody,
      the subject the article was speaking of (``context.referent``)."""
    left, right = clause_around(text, at, at + 1)
    country = _country_whose_output(text, at, right)
    if country:  # "the USGS recorded only 20 t REO of Brazilian mine production"
        return country
    dateline = dateline_end(text)  # "FORT WORTH, Texas, Jan. 22 -" says where it was filed
    found = [
        m
        for m in mentions(text)
        if m.kind not in ("agency", "person")
        and not stands_for_agency(m.name, context.full_names)
        and m.start >= dateline
        and not _where_or_whose(m, text)
        and not _LISTING.search(text[max(0, m.start - 16) : m.start])
        and not _AFTER_A_NAME.search(text[max(0, m.start - 3) : m.start])
        and not _counterparty(m, text, measure)
    ]
    in_clause = [m for m in found if left <= m.start < right]
    facilities = [
        m
        for m in in_clause
        if (m.kind == "facility" or _is_site(m.name, context))
        and not (m.start > at and _SUBORDINATE.search(text[at : m.start]))
    ]
    if facilities:
        return _known(min(facilities, key=lambda m: abs(m.start - at)).name, context)
    if measure in domain().money_measures:
        recipients = [
            m for m in in_clause if _RECIPIENT.search(text[max(left, m.start - 12) : m.start])
        ]
        if recipients:
            return _known(recipients[0].name, context)
    if context.site and refers_to_site(text[left:right]):
        return context.site  # "the plant is designed to ...", "the mine's capacity"
    if opens_with_reference(text) and not any(m.start < at for m in in_clause):
        return _referent(text, context)
    ranked = sorted(found, key=lambda m: m.kind == "place")  # a country only when nobody else
    before = [m for m in ranked if left <= m.start < at] or [m for m in ranked if m.start < at]
    if before:
        return _known(_nearest_not_reporting(before, text, at).name, context)
    return _referent(text, context)


_OF_WHOSE_OUTPUT = re.compile(
    r"^[\d.,]*[^,;:()]{0,30}?\bof\s+(?:the\s+)?(?P<name>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+"
    r"(?:[a-z-]+\s+)?(?:production|output|exports?|imports?|supply|mining|demand)\b"
)


def _country_whose_output(text: str, at: int, right: int) -> str | None:
    """The country whose output a mass is ("20 t REO of Brazilian mine production"): a
    nationality or a country right before an output noun, after "of"."""
    m = _OF_WHOSE_OUTPUT.match(text[at:right])
    mass = re.match(r"\d", text[at:]) and not re.match(
        r"[\d.,]+\s*(?:%|pc\b|per\s*cent)", text[at:]
    )
    if m is None or not mass:
        return None  # "Quorra supplied 12% (or half) of Chinese demand" is Quorra's share
    name = m.group("name").lower()
    country = places.demonyms().get(name) or (
        name if name in places.world_country_names() else None
    )
    if country is None:
        return None
    return " ".join(w if w in ("of", "the", "and") else w.capitalize() for w in country.split())


# the other party of a deal, named after its preposition and a describing word or two: the
# lender of money ("a C$80 million loan from Banque du Fleuve"), the buyer of a sale ("an
# agreement with carmaker Velten Motors for 800 tpa", "to supply 250 t to Keswick Magnetics")
_LENDER_BEFORE = re.compile(r"\bfrom\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,2}$")
_BUYER_BEFORE = re.compile(r"\b(?:to|with)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,2}$")


def _counterparty(mention, text: str, measure: str) -> bool:
    """Whether the name is the other party of a deal whose figure this is, not its subject."""
    before = text[max(0, mention.start - 40) : mention.start]
    if measure in domain().money_measures:
        return bool(_LENDER_BEFORE.search(before))
    if measure == "sales":
        return bool(_BUYER_BEFORE.search(before))
    return False


# a listing symbol is its company's other name, never a subject of its own: "(NYSE: HRM)"
_LISTING = re.compile(r"\(\s*(?:[A-Z][A-Za-z-]{1,8}(?:\s+[A-Z]{2,})?)\s*:\s*$")
# a name in brackets right after a name says where or which ("Stravo Magnets (Keldor):")
_AFTER_A_NAME = re.compile(r"\w\s?\($")
# a site named after the figure in another clause of the same sentence ("shipped 38 t as it
# continued to ramp up its Harlan Springs plant") is not where the figure was made
_SUBORDINATE = re.compile(r"\b(?:as|while|which|after|before|when|and|but|because|since)\b")


_REPORTS = re.compile(
    r"^\s*(?:['’]s\s+\w+\s+)?(?:said|says|estimates?|estimated|expects?|expected|believes?|"
    r"thinks?|forecasts?|predicts?|told|reported|reports|sees|noted|argues?|calculates?)\b",
    re.I,
)


def _nearest_not_reporting(before: list, text: str, at: int):
    """Of the names before a figure (places last), the nearest that is not only a source
    ("Holloway Capital estimates that Quorra could ..."), else the first."""
    ranked = sorted(before, key=lambda m: (m.kind == "place", -m.start))
    for mention in ranked:
        if not _REPORTS.match(text[mention.end : at]):
            return mention
    return before[0]


_LOCATIVE = re.compile(
    r"\b(?:in|at|on|near|from|to|into|across|outside|throughout|of)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west)[\w-]*\s+|central\s+)?$",
    re.I,
)


_IN_A_PLACE = re.compile(
    r"\b(?:in|near)\s+(?:the\s+)?(?:(?:port|city|town|province|state|region)\s+of\s+)?$", re.I
)


# a place between a determiner or a figure and the noun it describes modifies that noun
_ATTRIBUTIVE_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|new|second|third|first|other|million|billion|"
    r"bn|mn|m)|\d)\s+$",
    re.I,
)
# ... when a noun follows it: a word that is neither a verb's past nor a word that could be a
# verb in the present ("The U.S. imports most of its magnets")
_ATTRIBUTIVE_AFTER = re.compile(
    r"\.?\s+(?!(?:is|was|has|had|will|would|can|could|may|might|said|says|and|or|to|in|"
    r"on|at|for|with|from|by)\b)[A-Za-z][a-z-]*(?<!ed)(?<!s)\b(?!['’])"
)


# one capitalised word with a demonym's ending ("Kastrian", "Uzamban", "Veloran")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|an|ese|ish)$")


def _describes_a_noun(mention, text: str) -> bool:
    """The name stands between a determiner or a figure and a noun, which it describes."""
    return bool(
        _ATTRIBUTIVE_BEFORE.search(text[max(0, mention.start - 20) : mention.start])
        and _ATTRIBUTIVE_AFTER.match(text[mention.end : mention.end + 30])
    )


def _where_or_whose(mention, text: str) -> bool:
    """A place that says where something is ("a plant in northern Vietnam") or whose it is
    ("a Danish turbine maker", "Kastrian-funded"), not what a figure is about."""
    if mention.kind == "name" and _IN_A_PLACE.search(
        text[max(0, mention.start - 30) : mention.start]
    ):
        return True  # "a metal workshop in Baotou": a name after "in" says where
    if (
        mention.kind != "facility"
        and _DEMONYM.match(mention.name)
        and _describes_a_noun(mention, text)
    ):
        return True  # "a Kastrian contractor": whose; "the Kalgan refinery" names a site
    if mention.kind != "place":
        return False
    if _LOCATIVE.search(text[max(0, mention.start - 30) : mention.start]):
        return True
    if re.match(r"['’]s\s+[A-Z]", text[mention.end : mention.end + 4]):
        # "Canada's Norvik Metals": whose company, not what the figure is about; but
        # "Brazil's USGS reserves" are Brazil's, as an agency only reports them
        owned = next((m for m in mentions(text) if 0 < m.start - mention.end <= 4), None)
        return owned is None or owned.kind != "agency"
    if _describes_a_noun(mention, text):
        return True  # "a second U.S. magnet plant", "The U.S. Department of Defense"
    return bool(re.match(r"(?:-\w+|\s+[a-z])", text[mention.end : mention.end + 2])) and (
        mention.name.lower() in places.nationalities()
    )


def _who(text: str, at: int, measure: str, context: ClaimContext) -> dict[str, str | None]:
    """The claim's subject and its counterpart (see ``Claim.counterpart``)."""
    subject = subject_of(text, at, measure, context)
    organisation, site = _pair(text, at, context)
    counterpart = None
    if subject and subject in (organisation, site):
        counterpart = site if subject == organisation else organisation
    return {"subject": subject, "counterpart": counterpart or None}


def _pair(text: str, at: int, context: ClaimContext) -> tuple[str, str]:
    """The organisation and the site a sentence speaks of: those it names (the site nearest
    the figure), else those the article was speaking of."""
    found = mentions(text)
    organisations = [
        _known(m.name, context)
        for m in found
        if m.kind == "organisation" or _known(m.name, context) in context.subjects
    ]
    sites = sorted(
        (m for m in found if m.kind == "facility" or _is_site(m.name, context)),
        key=lambda m: abs(m.start - at),
    )
    organisation = next((o for o in organisations if not _is_site(o, context)), None)
    site = as_known(sites[0].name, context.sites) if sites else None
    return organisation or context.referent, site or context.site


def _is_site(name: str, context: ClaimContext) -> bool:
    return as_known(name, context.sites) in context.sites


def _referent(text: str, context: ClaimContext) -> str | None:
    state = Referents(context.referent, context.site, context.opener)
    return state.for_sentence(text) or _first(context)


def _known(name: str, context: ClaimContext) -> str:
    return as_known(context.full_names.get(name, name), context.subjects)


def _first(context: ClaimContext) -> str | None:
    return context.subjects[0] if context.subjects else None


# ---- reading a sentence --------------------------------------------------------------------------
Decider = ModalityModel | Callable[[ClaimSite], str] | None


def read_claims(
    sentence: str,
    context: ClaimContext | None = None,
    model: Decider = None,
    vector: np.ndarray | None = None,
) -> list[Claim]:
    """Every figure the sentence states, and every status it gives without a figure.
    ``model`` reads modality (the shipped one by default) from cues and the sentence's
    ``vector``; without a vector, the cue order decides."""
    return [claim for claim, _ in claims_with_sites(sentence, context, model, vector)]


def claims_with_sites(
    sentence: str,
    context: ClaimContext | None = None,
    model: Decider = None,
    vector: np.ndarray | None = None,
) -> list[tuple[Claim, ClaimSite]]:
    """The claims with where each stands (what the modality model reads)."""
    context = context or ClaimContext()
    decide = _decider(model)
    periods = figure_periods(sentence, context.as_of)
    figures = [_in_its_currency(q, sentence, context) for q in quantities(sentence)]
    found = [_figure_claim(sentence, q, periods, context, decide, vector) for q in figures]
    found = _parts_read_as_wholes(sentence, found)
    found = _bases_read_as_compared(sentence, found)
    found += _rates_reached(sentence, found, context, decide)
    found += _status_claims(sentence, periods, context, [c for c, _ in found], decide, vector)
    return found


def figure_periods(sentence: str, as_of: dt.date | None = None) -> list[Period]:
    """The periods a sentence's figures can be of: not the base of a comparison ("than in
    April 2025"), the date something was said or published ("a report dated ..."), nor the
    year of a publication ("Mineral Commodity Summaries 2024", "the 2025 edition")."""
    not_of_figure = domain().compiled("period_not_of_figure")
    publication = domain().compiled("period_names_a_publication")
    return [
        p
        for p in periods_in(sentence, as_of)
        if not not_of_figure.search(sentence[max(0, p.at[0] - 40) : p.at[0]])
        and not publication.match(sentence[p.at[1] :])
    ]


def _in_its_currency(q: Quantity, sentence: str, context: ClaimContext) -> Quantity:
    """A figure written with a symbol several currencies share ("¥62 billion"), in the
    currency of the country the text names (yen in an article about Japan), else as read."""
    for symbol, by_country in domain().claim_units.shared_symbols.items():
        written = sentence[max(0, q.start - 2) : q.start + 2]  # the symbol, before the digits
        if q.kind not in ("money", "price") or symbol not in written:
            continue
        named = _countries_named(f"{context.title}\n{context.previous}\n{sentence}")
        code = next((c for country, c in by_country.items() if country in named), None)
        if code:
            return Quantity(q.value, re.sub(r"^[A-Z]{3}", code, q.unit), q.start, q.end, q.kind)
    return q


def _countries_named(text: str) -> set[str]:
    words = re.findall(r"[A-Z][a-z]+|[A-Z]{4,}", text)
    return {c for c in (places.country_for(w) or w.lower() for w in words) if c}


_BARE_COMMA = re.compile(
    r"[,(]\s*(?:about|around|some|roughly|nearly|almost|approximately|over|~)?\s*"
    r"[A-Z]{0,3}[$€£¥]?\s*$",
    re.I,
)


def _parts_read_as_wholes(
    sentence: str, found: list[tuple[Claim, ClaimSite]]
) -> list[tuple[Claim, ClaimSite]]:
    """A figure that is a part of the figure before it ("designed to make 3,000t of oxides,
    including about 700t of NdPr") and has no verb of its own is read as the whole is: the
    words around the part say too little, and the model would read it alone."""
    d = domain()

    def as_part(claim: Claim, whole: Claim, _: ClaimSite) -> Claim:
        return _as_part_of(claim, whole) if _is_a_part(sentence, whole, claim, d) else claim

    return _read_after_the_figure_before(found, as_part)


def _bases_read_as_compared(
    sentence: str, found: list[tuple[Claim, ClaimSite]]
) -> list[tuple[Claim, ClaimSite]]:
    """A figure a change is measured from ("set the quota at 62,000t, down from 68,000t last
    year") is a figure of the same measure as the one compared with it, in the same unit;
    and where that one is a target or a design figure by what it is (a quota, a nameplate),
    so is its base. A base of a figure planned by its verb ("expects 500t, up from 420t")
    keeps its own reading: last year's output happened."""
    base_before = domain().compiled("comparison_base_before")
    by_verb = domain().compiled("aims_by_verb")

    def as_base(claim: Claim, head: Claim, head_site: ClaimSite) -> Claim:
        if head.unit != claim.unit or not base_before.search(sentence[head.end : claim.start]):
            return claim
        set_by_noun = head.modality in ("target", "capacity") and not by_verb.search(
            sentence[head_site.clause[0] : head.start]
        )
        modality = head.modality if set_by_noun else None
        return replace(
            claim,
            measure=head.measure,
            modality=modality or claim.modality,
            cues_agree=claim.cues_agree and modality is None,
        )

    return _read_after_the_figure_before(found, as_base)


def _read_after_the_figure_before(
    found: list[tuple[Claim, ClaimSite]], read: Callable[[Claim, Claim, ClaimSite], Claim]
) -> list[tuple[Claim, ClaimSite]]:
    """Each claim, read by ``read`` against the figure written before it (as already read),
    where there is one."""
    out: list[tuple[Claim, ClaimSite]] = []
    for claim, site in found:
        before = next(((c, s) for c, s in reversed(out) if c.end <= claim.start), None)
        out.append((read(claim, *before) if before is not None else claim, site))
    return out


def _is_a_part(sentence: str, whole: Claim, part: Claim, d) -> bool:
    between = sentence[whole.end : part.start]
    if re.search(r"[;:.]\s", between) or whole.modality == part.modality:
        return False
    if part.measure != whole.measure and whole.modality != "capacity":
        return False  # "cost EUR34m, including a EUR9.5m grant": a part of another kind
    after = sentence[part.end :]
    if not (
        d.compiled("figure_part_keyword").search(between)
        or (_BARE_COMMA.search(between) and d.compiled("figure_part_of_it").match(after))
    ):
        return False
    return not d.compiled("figure_part_own_verb").search(_to_next_comma(after))


def _to_next_comma(text: str) -> str:
    """The words of a figure's own phrase: up to the next comma, semicolon or full stop."""
    return re.split(r"[,;]|\.\s", text, maxsplit=1)[0]


def _as_part_of(part: Claim, whole: Claim) -> Claim:
    if whole.modality != "capacity":
        return replace(part, modality=whole.modality, cues_agree=False)
    if part.measure not in (*DELIVERABLE_MEASURES, "capacity"):
        return part  # "a 1,600tpa line, 88pc of it ..." is no design figure
    unit = _yearly(part.unit)
    return replace(part, measure="capacity", unit=unit, modality="capacity", cues_agree=False)


def _yearly(unit: str) -> str:
    """A capacity's unit: a rate a year, written or not ("a 3,000 t plant" is 3,000 t/yr)."""
    return f"{unit}/yr" if unit in ("t", "kg") else unit


_REACHES = re.compile(
    r"\b(?:reach|reaches|reached|reaching|hit|hits|attain|attains|achieve|achieves|"
    r"ramp(?:s|ing)?\s+up\s+to|run(?:ning)?\s+at)\b(?:\s+[\w'’-]+){0,3}\s*$",
    re.I,
)


def _rates_reached(
    sentence: str, found: list[tuple[Claim, ClaimSite]], context: ClaimContext, decide
) -> list[tuple[Claim, ClaimSite]]:
    """A capacity the subject is to reach ("expects to reach its 750t nameplate in 2027",
    "nameplate ... is expected to be reached") also states output at that rate, with its
    own modality (planned, a target, denied)."""
    extra = []
    for claim, site in found:
        if claim.measure != "capacity" or claim.value is None:
            continue
        before = sentence[max(site.clause[0], claim.start - 40) : claim.start]
        after = sentence[claim.end : site.clause[1]]
        if not (_REACHES.search(before) or re.search(r"\bto\s+be\s+reached\b", after)):
            continue
        output_site = replace(site, measure="production")
        modality = decide(output_site)
        if modality in ("capacity", "achieved"):
            modality = "planned"
        output = replace(claim, measure="production", modality=modality, cues_agree=False)
        extra.append((output, output_site))
    return extra


def _decider(model: ModalityModel | Callable[[ClaimSite], str] | None):
    """How modality is decided: a fitted model (the shipped one by default), or a rule."""
    model = model or shipped_model()
    if model is None:
        return cue_order
    if callable(model):
        return model
    return lambda site: model.predict([site])[0]


def _site(text, clause, span, measure, kind, period, ctx, vector) -> ClaimSite:
    as_of = ctx.as_of
    future = bool(period and period.start and as_of and period.start > as_of)
    past = bool(period and period.end and as_of and period.end < as_of)
    return ClaimSite(text, clause, span, measure, kind, future, past, vector)


_ADJECTIVE_CUE = re.compile(r"\b(?:separated|refined|recycled)\s+", re.I)


def _adjectives_masked(text: str) -> str:
    """The text with a participle that describes a material ("separated NdPr oxide")
    blanked out, offsets kept, so it is not read as the figure's verb."""
    chars = list(text)
    for m in _ADJECTIVE_CUE.finditer(text):
        rest = text[m.end() :]
        if any(p.match(rest) for p in domain().material_patterns.values()):
            chars[m.start() : m.end() - 1] = "X" * (m.end() - 1 - m.start())
    return "".join(chars)


def _figure_claim(
    text: str, q: Quantity, periods: list[Period], ctx: ClaimContext, decide, vector
) -> tuple[Claim, ClaimSite]:
    left, right = clause_around(text, q.start, q.end)
    clause = text[left:right]
    period = None
    if not _cumulative(text, left, q.start):
        period = _period_for(periods, q.start, q.end, (left, right))
        if period is None and domain().compiled("reported_period").search(clause):
            period = _reported_period(ctx.title, ctx.opening, ctx.as_of)  # "quarterly output"
    material = (
        material_near(text, q.start, q.end) if q.kind in ("mass", "percent", "price") else None
    )
    # "Mineral Resources" in a name is no resource; "separated" before a material is no
    # output ("the stockpile of separated oxides stood at 1,140 t")
    masked = _adjectives_masked(names_masked(text))
    measure = measure_of(q, masked[left:right], q.start - left, masked, q.start)
    site = _site(text, (left, right), (q.start, q.end), measure, q.kind, period, ctx, vector)
    modality = decide(site)
    if modality != "negated" and domain().compiled("done_after_figure").search(text[q.end :]):
        modality = "achieved"  # "the 1,150 t it produced in 2024"
    modality = _benchmark_kind(text, q) or modality
    if modality == "capacity" and measure in DELIVERABLE_MEASURES:
        measure = "capacity"  # "designed to make 3,000 t a year" measures a design, not output
    unit = _yearly(q.unit) if measure == "capacity" else q.unit
    claim = Claim(
        **_who(text, q.start, measure, ctx),
        measure=measure,
        value=q.value,
        unit=unit,
        material=material,
        period=period.label if period else None,
        modality=modality,
        step=step_of(material, clause),
        start=q.start,
        end=q.end,
        cues_agree=modality == cue_order(site),
        measure_in_clause=_measure_named(measure, masked[:right])
        or not _measure_named(measure, masked),
    )
    return claim, site


_MAY_BE = re.compile(r"\b(?:could|would|may|might|will|can)\s+(?:\w+\s+)?$", re.I)


def _benchmark_kind(text: str, q: Quantity) -> str | None:
    """The kind of plan a figure is when a result is set against it ("sold 241t against
    300t budgeted"), or None when it is no benchmark."""
    d = domain()
    window = max(0, q.start - 50)
    setting = d.compiled("benchmark_before").search(text[window : q.start])
    if setting is None or _MAY_BE.search(text[max(0, window - 30) : window + setting.start()]):
        return None  # "could drop below US$50/kg": a figure it may reach, not a plan
    own_phrase = setting.group(0) + _to_next_comma(text[q.end :])
    return next((kind for kind, p in d.benchmark_patterns.items() if p.search(own_phrase)), None)


def _measure_named(measure: str, clause: str) -> bool:
    pattern = domain().claim_measure_patterns.get(measure)
    return pattern is None or bool(pattern.search(clause))


def _status_claims(
    text: str, periods: list[Period], ctx: ClaimContext, figures: list[Claim], decide, vector
) -> list[tuple[Claim, ClaimSite]]:
    """Statuses without a figure: a milestone with its date ("first production is now
    scheduled for the June quarter of 2026"), or output denied or under way ("has yet to
    produce magnets commercially", "is in trial production")."""
    d = domain()
    found = []
    taken = {c.measure for c in figures}
    firsts: list[tuple[int, int]] = []  # the clauses of a first output read as a milestone
    modifier = d.compiled("status_word_as_modifier")
    for measure, pattern in d.milestone_patterns.items():
        cue = pattern.search(text)
        if not cue or measure in taken or modifier.match(text[cue.end() :]):
            continue
        left, right = clause_around(text, cue.start(), cue.end())
        period = _period_for(periods, cue.start(), cue.end(), (left, right))
        site = _site(text, (left, right), cue.span(), measure, "status", period, ctx, vector)
        modality = decide(site)
        if modality == "achieved" and d.compiled("milestone_as_purpose").search(
            text[max(left, cue.start() - 20) : cue.start()]
        ):
            modality = "planned"  # "raised US$30m to build the plant": money for it, not it
        described = modality != "negated" and _describes_the_subject(text, cue)
        if described:
            modality = "achieved"  # "a permitted, partly funded restart"
        elif (
            period is None
            and modality == "achieved"
            and not _FIRST_MADE.search(text[max(left, cue.start() - 30) : cue.start()])
        ):
            continue  # a milestone named in passing, with neither date nor status
        found.append((_status(text, measure, period, modality, cue, ctx, site), site))
        taken.add(measure)
        if measure == "first_production":
            firsts.append((left, right))
    for measure in DELIVERABLE_MEASURES:
        cue = d.claim_measure_patterns[measure].search(text)
        if cue is None or measure in taken or modifier.match(text[cue.end() :]):
            continue
        left, right = clause_around(text, cue.start(), cue.end())
        if any(left <= c.start < right for c in figures):
            continue
        if any(a <= cue.start() < b for a, b in firsts):
            continue  # "First carbonate produced in October": the milestone, not supply
        period = _period_for(periods, cue.start(), cue.end(), (left, right))
        site = _site(text, (left, right), cue.span(), measure, "status", period, ctx, vector)
        modality = decide(site)
        # output said to happen ("the mine produces concentrate that is shipped to China"),
        # denied or under way; a noun alone ("production") states no status
        said_to_happen = (
            modality == "achieved"
            and _OUTPUT_VERB.fullmatch(cue.group(0))
            and material_near(text, cue.start(), cue.end()) is not None  # output of something
        )
        if modality == "negated" and _denies_only_knowing(names_masked(text)):
            continue  # "passes the mine check ..., but the checks cannot be confirmed"
        if modality in ("negated", "in_progress") or said_to_happen:
            found.append((_status(text, measure, period, modality, cue, ctx, site), site))
            taken.add(measure)
    return found


def _denies_only_knowing(text: str) -> bool:
    """Whether the only denial in the text is of its being known ("the checks cannot be
    confirmed"), which denies no output. Other denials the model reads ("banning exports")
    are left to it."""
    d = domain()
    knowing = d.compiled("denies_knowing")
    return bool(knowing.search(text)) and not d.modality_patterns["negated"].search(
        knowing.sub(" ", text)
    )


def _describes_the_subject(text: str, cue: re.Match) -> bool:
    """The status word is an adjective of what the subject is ("is a permitted restart")."""
    return any(
        m.start() <= cue.start() < m.end()
        for m in domain().compiled("status_as_adjective").finditer(text)
    )


# a verb of making, past or perfect, right before "its first ..." ("had produced its first
# dysprosium oxide"): the first output done, a milestone reached though no date is given
_FIRST_MADE = re.compile(
    r"\b(?:produced|poured|shipped|delivered|made|sold|cast|sintered|separated)\s+"
    r"(?:its|their|the)\s+$",
    re.I,
)
_OUTPUT_VERB = re.compile(
    r"(?:produc|ship|sell|export|deliver|suppl|dispatch|mine|mines|mined|process|separat|make|"
    r"made)\w*(?<!tion)(?<!tions)(?<!er)(?<!ers)(?<!ability)",
    re.I,
)


def _status(text, measure, period, modality, cue, ctx, site: ClaimSite) -> Claim:
    material = material_near(text, cue.start(), cue.end())
    clause = text[site.clause[0] : site.clause[1]]
    return Claim(
        **_who(text, cue.start(), measure, ctx),
        measure=measure,
        value=None,
        unit=None,
        material=material,
        period=period.label if period else None,
        modality=modality,
        step=step_of(material, clause),
        start=cue.start(),
        end=cue.end(),
        cues_agree=modality == cue_order(site),
    )


# ---- what claims allow an answer to say ----------------------------------------------------
# where a sentence placed under deliverable supply goes when its claims show no output
_DEMOTED_TO = {
    "negated": "constraints",
    "in_progress": "pipeline",
    "conditional": "pipeline",
    "planned": "resource_potential",
    "capacity": "resource_potential",
    "target": "resource_potential",
    "hypothetical": "resource_potential",
}


def gated_section(section: str, claims: list[Claim]) -> str:
    """The section a sentence may stand in given its claims. Deliverable supply needs an
    achieved figure or status of output: a sentence whose figures are planned, designed,
    targeted, conditional or hypothetical, or whose output is denied, goes to the section
    its strongest claim belongs in; one about money or prices, or with no claim, is context."""
    if section != "deliverable_supply" or any(c.shows_output for c in claims):
        return section
    order = ["negated", "in_progress", "conditional", "planned", "capacity", "target"]
    for modality in [*order, "hypothetical"]:
        if any(c.modality == modality for c in claims):
            return _DEMOTED_TO[modality]
    return "context"  # money, prices or no claim at all: context, not supply
