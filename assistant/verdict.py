"""The verdict: a short answer reached from the claims of the cited sentences, never from a
sentence that happens to state a conclusion.

The question is read for what it asks (its subjects, the measure, the material and the
period); the claims of the cited sentences about those subjects are then sorted by modality
and the status follows from what they show:

- ``not_shown``: the question asks a period, an element or a measure that no claim about
  the subject gives; a ``missing`` line says so and names the nearest thing shown;
- ``blocked``: a permit refused or a stop, and nothing delivered;
- ``delivering`` / ``partly_delivering``: achieved output (partly: pilot or sample scale, a
  ramp-up, or well below the capacity or target the sources give);
- ``in_pipeline``: under construction, commissioning, financed, nothing delivered;
- ``potential_only``: resources, plans, targets, design figures, conditional money;
- ``not_applicable``: nothing about a subject's supply is asked or shown.

Each line is fixed template words around a figure, a period and a material copied from a
cited claim, or a short quote of a cited sentence; a ``computed`` line says it is a
calculation and cites both figures it uses.

>>> rows = [{"text": "Quorra Metals produced 310 t of NdPr oxide in Q3 2025.", "citations": [1],
...          "section": "deliverable_supply", "subject": "Quorra Metals", "claims": [
...     {"subject": "Quorra Metals", "measure": "production", "value": 310.0, "unit": "t",
...      "material": "NdPr oxide", "period": "Q3 2025", "modality": "achieved",
...      "step": "separation"}]}]
>>> asked = asked_of("How much NdPr oxide does Quorra Metals make?", ["Quorra Metals"])
>>> v = reach_verdict(asked, rows)
>>> v.status, v.lines[0].text
('delivering', 'Delivered: 310 t NdPr oxide in Q3 2025 [1]')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.annotate import asked_materials
from assistant.claims import materials_named, quantities, shown_figure, step_of
from assistant.domain import domain
from assistant.ledger import BUILDING, NOT_DELIVERED, OUTPUT, ledger_kind
from assistant.subjects import names_subject
from assistant.text import fold, places
from assistant.text.dates import Period, is_period, periods_in
from assistant.tracker import Cited, milestones_of

STATUSES = (
    "delivering",
    "partly_delivering",
    "in_pipeline",
    "potential_only",
    "blocked",
    "not_shown",
    "not_applicable",
)
_PIPELINE_MEASURES = ("construction_start", "commissioning", "completion", "fid")


@dataclass(frozen=True)
class Asked:
    """What a question asks: of whom, which measure, which material, which period."""

    question: str
    subjects: tuple[str, ...]
    measures: frozenset[str]
    materials: frozenset[str]
    period: Period | None
    general: bool  # a policy, market or definition question: no one's delivery is asked
    amount: bool = False  # it asks for a figure (how much, what was, a figure measure)
    future: bool = False  # it asks what is to come ("will", "by 2030"): plans may answer
    as_of: dt.date | None = None  # the newest article's date: "now" for the sources
    # every period named ("1H FY26 against 1H FY25"): each must be shown to be answered
    periods: tuple[Period, ...] = ()
    market: bool = False  # a market share as it stands: a figure may be missing, no status
    steps: frozenset[str] = frozenset()  # value-chain steps asked by verb ("separating")
    # the particular thing asked ("floor price") and its words that the claims' measures,
    # materials and names do not cover ("floor"): the sources must use them to answer
    detail: str = ""
    detail_words: tuple[str, ...] = ()
    detail_is_figure: bool = False  # a number gives the detail ("floor price"), else a name
    done: bool = False  # an amount asked as done ("how much has it raised so far?")
    timing: bool = False  # "when", "on schedule", "delayed": a date is asked
    # places (countries, states, regions) named only as where an asked project or company
    # stands ("Will the Velden mine help Ostravia reach its goal?"): their own claims do not
    # decide its status
    settings: frozenset[str] = frozenset()
    # a part of the subject asked about ("the second dredge", "that expansion"): the words, as
    # a pattern, that a sentence must use to speak of it
    part: str = ""

    @property
    def decisive(self) -> tuple[str, ...]:
        """The subjects whose claims decide: those asked, less the places that are only
        where they stand."""
        return tuple(s for s in self.subjects if s not in self.settings)

    def summary(self) -> dict:
        return {
            "subjects": list(self.subjects),
            "settings": sorted(self.settings),  # places named only as where it stands
            "measures": sorted(self.measures),
            "materials": sorted(self.materials),
            "period": self.period.label if self.period else None,
            "general": self.general,
            "detail": self.detail or None,  # the particular thing asked, which must be given
            "timing": self.timing,
            "part": self.part or None,
        }


@dataclass(frozen=True)
class VerdictLine:
    kind: str  # delivered, pipeline, potential, constraint, missing, computed
    text: str
    citations: list[int]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "citations": self.citations}


@dataclass
class Verdict:
    status: str
    subject: str
    lines: list[VerdictLine] = field(default_factory=list)
    # potential · pipeline · delivered: the cited figures about the subject, in template words
    ledger: dict[str, list[dict]] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"status": self.status, "lines": len(self.lines)}

    def to_dict(self) -> dict:
        out = {
            "status": self.status,
            "subject": self.subject,
            "lines": [line.to_dict() for line in self.lines],
        }
        if self.ledger:
            out["ledger"] = self.ledger
        return out


@dataclass(frozen=True)
class _Found:
    """A claim of a cited sentence, with that sentence's citations and section."""

    claim: dict
    citations: tuple[int, ...]
    section: str
    text: str

    @property
    def modality(self) -> str:
        return self.claim["modality"]

    @property
    def measure(self) -> str:
        return self.claim["measure"]


# ---- what the question asks -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _asked_patterns() -> dict[str, re.Pattern]:
    return {
        name: re.compile(pattern, re.IGNORECASE)
        for name, pattern in domain().verdict.asked_measures.items()
    }


def asked_of(
    question: str,
    subjects: list[str],
    as_of: dt.date | None = None,
    countries: frozenset[str] = frozenset(),
) -> Asked:
    """What ``question`` asks of the ``subjects`` it names (as typed); ``countries`` are the
    countries the articles list (lower-cased), besides the world's."""
    words = domain().verdict
    unnamed = _names_blanked(question, subjects)  # "Quorra Resources" asks no resource
    # "is 900 t produced, or just capacity?" asks for output; capacity is set against it
    unnamed = words.asked_contrast.sub("", unnamed) or unnamed
    measures = frozenset(name for name, p in _asked_patterns().items() if p.search(unnamed))
    if _asks_of_a_sum(question) and not measures & set(domain().money_measures):
        measures |= {"funding"}  # "has it received the US$400 million?": the money
    periods = [
        p
        for p in periods_in(question, as_of)
        if not _a_promise_s_date(question, p)
        and not words.period_names_a_rule.match(question[p.at[1] :])
    ]
    future = bool(words.future_question.search(question))
    # a market share asked as it stands ("China's share of magnet output?") is a market
    # question; a share to be reached ("10% by 2030") is the subject's delivery
    market_share = "share" in measures and measures <= {"share", "output"} and not future
    # with no one named, a question about the world's total ("mined worldwide") is the
    # market's, not anyone's delivery
    general = (
        bool(words.general_question.search(question))
        and not (subjects and words.asks_if_it_can_proceed.search(question))
    ) or (not subjects and (not measures or bool(words.world_scope.search(question))))
    materials = _materials_asked(question)
    products = materials - set(words.content_bases)
    if products:  # "6,500 t of REO in MREC": the product is asked, REO is its basis
        materials = products
    figure_measures = set(words.figure_measures) - {"share", "funding", "capacity"}
    detail = _asked_detail(question)
    named = _asked_subjects(question, subjects)
    timing = bool(words.timing_question.search(question))
    amount = not domain().compiled("asks_for_standing").search(question) and bool(
        domain().compiled("asks_for_amount").search(question)
        or _ASKS_WHAT.search(question)
        or measures & figure_measures
        # a period asked with no verb asks a figure for it ("LYC ndpr dec qtr?"), but not a
        # date asked after ("still first production 2025?", "on track for end-2026?")
        or (
            periods
            and _asks_of_its_period(question, periods[0])
            and not words.date_asked_after.search(question)
            and not timing  # "when does it start mining, 2027?": a date guessed
        )
    )
    return Asked(
        question,
        tuple(named),
        measures,
        frozenset(materials),
        periods[0] if periods else None,
        general,
        amount,
        future,
        as_of,
        tuple(periods),
        market_share,
        frozenset(n for n, p in words.asked_steps.items() if re.search(p, question, re.I)),
        *detail,
        # "how much of its output is under offtake?" asks the volume under it
        detail_is_figure=_detail_is_a_figure(detail[0])
        or bool(_HOW_MUCH_OF.search(question))
        or bool(detail[0] and timing),  # the date of an event asked: a date is a number
        done=bool(words.asks_done.search(question)),
        timing=timing,
        settings=_settings(question, named, countries),
        part=_part_asked(question),
    )


_PREMISE_ENDS = re.compile(r"[.?!;]\s+|\s[-–—]\s|,\s*so\b|\?")


def _a_promise_s_date(question: str, period: Period) -> bool:
    """A period that dates a promise made in a part of the question other than the one
    asking ("Orrin promised magnets in Q1 2026. Is it shipping?", "producing yet? first
    output was meant to be 2025"), not the period asked."""
    parts = _parts(question, _PREMISE_ENDS)
    if len(parts) < 2:
        return False  # a question of one part asks for the period it names
    own = _part_at(question, parts, period.at[0]) or ""
    return bool(domain().verdict.promised_in_premise.search(own))


def _parts(question: str, ends: re.Pattern) -> list[tuple[int, int]]:
    """The spans of a question's parts, cut after each match of ``ends``; empty ones
    (a bare "?" or dash) left out."""
    cuts = [0, *(m.end() for m in ends.finditer(question)), len(question)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if question[a:b].strip(" .?!;-–—,")]


def _part_at(question: str, parts: list[tuple[int, int]], at: int) -> str | None:
    return next((question[a:b] for a, b in parts if a <= at < b), None)


# an ordinal as a question or an article may write it
_NTH = dict.fromkeys(("second", "2nd", "two", "2", "ii"), "second|2nd|two|2|ii") | dict.fromkeys(
    ("third", "3rd", "three", "3", "iii"), "third|3rd|three|3|iii"
)


def _part_asked(question: str) -> str:
    """The words, as a pattern, that a sentence uses to speak of the part of the subject a
    question asks about: "a second dredge" or "dredge 2" for "the second dredge", "Phase 2"
    or "the second phase" for "phase 2", "expansion" for "that expansion"; empty for none.

    >>> part = _part_asked("Is the second dredge at Velden funded?")
    >>> [bool(re.search(part, s)) for s in ("a study on a second dredge", "the dredge ran")]
    [True, False]
    """
    m = domain().verdict.asked_part.search(question)
    if m is None:
        return ""
    if m["part"] or m["step"]:
        noun, nth = (m["part"], m["nth"]) if m["part"] else (m["step"], m["n"])
        ordinal = _NTH.get(nth.lower())
        if ordinal is None:  # "another plant": any sentence of such a plant
            return rf"\b{noun.lower()}"
        return rf"\b(?:{ordinal})\s+(?:[\w-]+\s+)?{noun.lower()}|\b{noun.lower()}\s*(?:{ordinal})\b"
    if m["unit"]:
        return rf"\b(?:new|planned|proposed|next|second|additional)\s+(?:[\w-]+\s+)?{m['unit']}"
    return rf"\b{m['grow'][:5].lower()}"  # "expansion", "expanded", "expanding"


_HOW_MUCH_OF = re.compile(r"\bhow\s+much\s+of\b", re.I)


def _settings(question: str, subjects: list[str], countries: frozenset[str]) -> frozenset[str]:
    """The places (countries, states, regions) a question names beside a project or company
    it asks about, unless it compares them ("Is Quorra ahead of Ostravia?")."""
    known = countries | set(domain().verdict.regions)
    named = {s for s in subjects if s.lower() in known or places.is_place_name(s)}
    # a nationality or a kind ("Chinese", "Western", "European") is no project beside it
    kinds = set(domain().kind_words)
    others = [
        s
        for s in subjects
        if s not in named and s.lower() not in kinds and s.lower() not in places.nationalities()
    ]
    if not named or not others:
        return frozenset()
    if domain().verdict.compares.search(question):
        return frozenset()
    return frozenset(named)


def _asked_detail(question: str) -> tuple[str, tuple[str, ...]]:
    """The particular thing a "what/which <noun>" question asks for, and those of its words
    that say something of their own: not a name, a material, a measure the claims read, or
    a word such as "new" or "date".

    >>> _asked_detail("What interest rate did Quorra Metals agree?")
    ('interest rate', ('interest', 'rate'))
    >>> _asked_detail("What floor price is in the Quorra contract?")
    ('floor price', ('floor',))
    >>> _asked_detail("What did Quorra Metals produce?")
    ('', ())
    """
    for pattern in domain().verdict.asked_detail:
        match = pattern.search(question)
        if match:
            phrase = match.group("detail")
            words = tuple(w.lower() for w in phrase.split() if _says_something(w))
            return (phrase.lower(), words) if words else ("", ())
    return "", ()


def _detail_named(asked: Asked) -> str:
    """The detail as the missing line names it: a party by its verb ("who buys"), else the
    thing ("the floor price")."""
    party = re.search(rf"\bwho\s+(?:\w+\s+)?{re.escape(asked.detail)}\b", asked.question, re.I)
    return party.group(0).lower() if party else f"the {asked.detail}"


def _detail_is_a_figure(detail: str) -> bool:
    """A detail that names a measure or a figure ("floor price", "interest rate"): a
    number is asked."""
    words = set(re.findall(r"[a-z]+", detail.lower()))
    return bool(words & domain().verdict.figure_nouns) or any(
        p.search(detail) for p in _asked_patterns().values()
    )


def _says_something(word: str) -> bool:
    d = domain()
    lower = word.lower()
    return not (
        word[0].isupper()
        or lower in d.verdict.detail_generic
        or lower in d.material_words
        or lower in d.trade_terms
        or any(p.search(lower) for p in _asked_patterns().values())
    )


def _uses_detail(rows: list[dict], words: tuple[str, ...], figure: bool = False) -> bool:
    """Whether some cited sentence gives the detail asked: uses every word of it, in any
    inflection ("makers" by "maker"), or them all as one ("car makers" by "carmakers"),
    with what the detail is next to it: a number for a figure ("a floor price of US$110/kg"),
    a name for a party ("car makers such as Fordland"). "Rose 14%, reflecting ... its floor
    price", "matters more to automakers" and "terms were not disclosed" name the detail
    without giving it."""
    stems = [re.compile(rf"\b{re.escape(_stem(w))}", re.I) for w in words]
    joined = re.compile(rf"\b{re.escape(_stem(''.join(words)))}", re.I)
    undisclosed = domain().verdict.undisclosed
    given = _a_number if figure else _a_name
    for row in rows:
        text = row["text"]
        if undisclosed.search(text):
            continue
        found = [m for s in stems if (m := s.search(text))]
        if len(found) < len(stems):
            found = [m] if (m := joined.search(text)) else []
        if any(given(_next_to(text, m.start(), m.end())) for m in found):
            return True
    return False


def _a_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


_CAPITALISED = re.compile(r"(?<=[a-z,;:]\s)[A-Z][a-z][\w'’-]*")  # a capital inside a sentence


def _a_name(text: str) -> bool:
    """A capitalised word that names someone: not a nationality ("Chinese magnets" names
    no buyer) nor a month ("in May")."""
    return any(
        w.lower() not in places.demonyms() and not is_period(w.lower())
        for w in _CAPITALISED.findall(text)
    )


def _next_to(text: str, start: int, end: int) -> str:
    """The text within reach of a match: where the detail it names would be given."""
    reach = domain().verdict.detail_given_chars
    return text[max(0, start - reach) : end + reach]


def _stem(word: str) -> str:
    """The word without a plural "s" or a verb's "ing" ("buying" finds "buyers")."""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


# "what did X produce", "what was the output": a figure is asked; "is it / has it / will
# it": a yes or no about the subject's status
_ASKS_WHAT = re.compile(
    r"\bwhat\s+(?:did|was|were|is|are)\b[^,;?]*\b(?:produc\w*|output|mine|sell|sold|ship\w*|revenue|"
    r"cost|price)",
    re.I,
)
# a yes or no: a verb opening the question or a part of it ("Veltmark promised magnets in
# Q4 2025 - did it deliver?"), "any" so placed ("any Dy oxide coming out in 2026?", short for
# "is there any"), or a closing tag ("it has been making Dy since 2025, yeah?", "didn't it?")
_YES_NO = re.compile(
    r"(?:^|\s[-–—]\s|[:;?.,]\s)\s*(?:is|are|was|were|has|have|had|does|do|did|will|would|can|"
    r"could|should|any)\b|[\s,](?:yeah|yes|right|correct|true|no)\s*\?+\s*$|"
    r"\b(?:is|was|are|were|do|does|did|has|have)n['’]?t\s+(?:it|they|he|she|we)\s*\?",
    re.I,
)


def _names_blanked(question: str, subjects: list[str]) -> str:
    """The question with the capitalised words of the subjects' names blanked, so a word of a
    name ("Resources", "Capital") is not read as the measure asked.

    >>> _names_blanked("Has Quorra Resources raised money?", ["Quorra Resources"])
    'Has ______ _________ raised money?'
    >>> _names_blanked("Quorra FID yet?", ["Quorra"])
    '______ FID yet?'
    """
    words = {w for s in subjects for w in re.findall(r"[A-Z][\w&'-]*", s)}
    if not words:
        return question
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(words)))})\b")
    # blanks, not the spaces: a word glued to the blank would lose its word boundary
    return pattern.sub(lambda m: "_" * len(m.group()), question)


def _asked_subjects(question: str, subjects: list[str]) -> list[str]:
    """The subjects asked, the most specific first: in "Quorra's Velden plant" Velden is
    asked of, Quorra owns it. Trade words and materials ("REO", "NdPr") are no subjects."""
    d = domain()
    skip = {*d.trade_terms, *d.materials, *d.elements}
    # a run of symbols ("Dy Tb") is materials too
    kept = [s for s in subjects if not set(re.findall(r"[\w-]+", s.lower())) <= skip]
    for owner in list(kept):
        for owned in kept:
            if owned != owner and re.search(
                rf"{re.escape(owner)}['’]s?\s+{re.escape(owned)}", question, re.I
            ):
                kept.remove(owned)
                kept.insert(0, owned)
    return kept


# ---- the claims about the subject -----------------------------------------------------------
def _about(row: dict, claim: dict, subjects: tuple[str, ...]) -> bool:
    """Whether a claim (of a sentence) is about one of the subjects asked: its subject, its
    counterpart, or, for a claim read with no subject, its sentence's subject or words."""
    if not subjects:
        return True
    named = [claim.get("subject"), claim.get("counterpart")]
    if not any(named):
        named = [row.get("subject"), row.get("context"), row.get("text")]
    return any(names_subject(named, row.get("text", ""), subject) for subject in subjects)


def _materials_asked(question: str) -> set[str]:
    """The materials a question asks about; not the alternative it sets against them
    ("Dy/Tb too, or only NdPr?"), when it asks about another."""

    def named(text: str) -> set[str]:
        return {m.lower() for m in materials_named(text)} | asked_materials(text)

    asked = named(domain().verdict.asked_contrast.sub("", question))
    return asked or named(question)


@lru_cache(maxsize=64)
def _with_groups(materials: frozenset[str]) -> frozenset[str]:
    """The materials asked with their groups' members, or their group ("terbium" with
    "heavy rare earth oxides")."""
    wider = set(materials)
    for group, members in domain().verdict.material_groups.items():
        if group in materials:
            wider |= set(members)
        if materials & set(members):
            wider.add(group)
    return frozenset(wider)


def _of_material(found: _Found, materials: frozenset[str]) -> bool:
    """A claim of the material asked ("terbium", "magnets"): its material or its sentence
    names it, or, for a material asked by its step alone ("concentrate", "magnets"), a
    claim of the same step ("REO in concentrate", REO mined). A milestone with neither
    figure nor material ("began commercial production") is the subject's, whatever is
    asked. With no material asked, every claim is."""
    if not materials:
        return True
    materials = _with_groups(materials)
    material = (found.claim.get("material") or "").lower()
    if not material:
        return found.claim.get("value") is None or any(
            m in fold(found.text).lower() for m in materials
        )
    if material in materials or any(m in material for m in materials):
        return True
    steps = {_generic_step(m) for m in materials} - {None}
    return bool(steps) and (found.claim.get("step") or step_of(material, "")) in steps


def _of_step(found: _Found, steps: frozenset[str]) -> bool:
    """A claim of a value-chain step asked by verb: its step is one asked, or, for a claim
    that is not output, its step is unknown (output of no known step proves none)."""
    if not steps:
        return True
    step = found.claim.get("step") or step_of(found.claim.get("material"), "")
    return step in steps if step else found.measure not in OUTPUT


@lru_cache(maxsize=256)
def _generic_step(material: str) -> str | None:
    """The value-chain step of a material named without an element or element pair."""
    d = domain()
    element_words = {*d.elements, *(a.lower() for a in d.element_symbols)}
    if any(word in element_words for word in re.findall(r"[a-z]+", material.lower())):
        return None
    return step_of(material, "")


def _claims(rows: list[dict], asked: Asked) -> list[_Found]:
    found = []
    for row in rows:
        for claim in row.get("claims") or []:
            if _about(row, claim, asked.decisive):
                found.append(
                    _Found(claim, tuple(row["citations"]), row.get("section", ""), row["text"])
                )
    return found


def _period_of(found: _Found) -> Period | None:
    label = found.claim.get("period")
    if not label:
        return None
    parsed = periods_in(label)
    return parsed[0] if parsed else None


def _within(claimed: Period, asked: Period) -> bool:
    """A claim's period inside the period asked: a quarter of the year asked answers it in
    part; the financial year around the quarter asked does not give that quarter."""
    if not (claimed.start and claimed.end and asked.start and asked.end):
        return False
    return asked.start <= claimed.start and claimed.end <= asked.end


# ---- the verdict ----------------------------------------------------------------------------
def reach_verdict(asked: Asked, rows: list[dict], not_stated: str = "") -> Verdict:
    """The verdict on ``asked`` from the answer's sentences (``rows``: each with its text,
    citations, section, subject and claims). ``not_stated`` is what the answer found no
    sentence to give a figure for (a measure of economics, a material naming the subject),
    read from the sentences' words where the claims may hold no such measure."""
    subject = asked.decisive[0] if asked.decisive else ""
    claims = _claims(rows, asked)
    if asked.general:  # a definition or a why: no one's delivery is asked
        return Verdict("not_applicable", subject)
    missing = _missing(asked, claims)
    if missing is None and not_stated and asked.subjects:
        missing = _missing_line(not_stated, _nearest(claims))
    unused_detail = asked.detail_words and not _uses_detail(
        rows, asked.detail_words, figure=asked.detail_is_figure
    )
    if missing is None and asked.subjects and unused_detail:
        missing = _missing_line(_detail_named(asked), _nearest(claims))
    if missing is not None:
        return Verdict("not_shown", subject, [missing])
    if asked.market:
        return Verdict("not_applicable", subject)
    relevant = [f for f in claims if _of_material(f, asked.materials)]
    # "is it separating anything?": output of that step answers; with none about it at all,
    # what the subject's claims show still stands
    relevant = [f for f in relevant if _of_step(f, asked.steps)] or relevant
    if asked.part:  # "is the second dredge funded?": what is said of it, not of the first
        relevant = [f for f in relevant if re.search(asked.part, f.text, re.I)] or relevant
    if asked.period is not None and not _asks_ahead(asked):
        # a period past: what happened in it; "by 2030": what is delivered now counts too
        relevant = [f for f in relevant if _in_period(f, asked.period)] or relevant
    lines = _lines(relevant, rows, asked)
    slip = _slip_line(rows, asked) if asked.timing else None
    if slip is not None:  # for "when" and "on schedule?", how the date moved comes first
        lines = [slip, *lines][: domain().verdict.max_lines]
    status = _status(relevant, rows, asked)
    if status == "not_applicable":
        return Verdict(status, subject)
    return Verdict(status, subject, lines, _ledger(relevant))


def _in_period(found: _Found, period: Period) -> bool:
    own = _period_of(found)
    return own is None or _within(own, period)


def _missing(asked: Asked, claims: list[_Found]) -> VerdictLine | None:
    """The line saying what the question asks that no claim gives, or None. Only a question
    asking for an amount ("how much", "what was the revenue", "output in Q1 2026?") can be
    missing one; "is it producing yet?" is answered by what the claims show."""
    if not asked.subjects or asked.general or not asked.amount:
        return None
    wanted = [f for f in claims if not asked.measures or _measure_asked(f, asked)]
    if asked.materials:
        # money is of no material: "how much loan money, and is it separating oxide?"
        of_material = [
            f
            for f in wanted
            if _of_material(f, asked.materials)
            or (asked.measures and f.measure in domain().money_measures)
        ]
        if not of_material:
            nearest = _nearest(wanted)
            return _missing_line(f"a figure for {', '.join(sorted(asked.materials))}", nearest)
        wanted = of_material
    for period in _periods_of_a_figure(asked):
        missing = _period_missing(asked, period, wanted, claims)
        if missing is not None:
            return missing
    for measure in sorted(_needing_figures(asked)):
        figures = _figures([f for f in wanted if _measure_asked(f, asked, measure)])
        if asked.done:  # "how much has it raised?": a promise of money raises none
            figures = [f for f in figures if f.modality in ("achieved", "in_progress")]
        if not figures:
            article = "an" if measure[:1] in "aeiou" else "a"
            return _missing_line(f"{article} {measure} figure", _nearest(wanted or claims))
    return None


def _periods_of_a_figure(asked: Asked) -> tuple[Period, ...]:
    """The periods a figure is asked for: with a measure that has figures ("output in Q1",
    "revenue in 2025") or an amount word ("tonnes in 2025"); not a period that names a
    thing ("did China scrap the April 2025 controls?")."""
    figure_measures = {"output", *domain().verdict.figure_measures}
    # "QRM ndpr for the dec 2025 qtr?": a material and a period past, asked without a verb
    # or a measure, ask for the amount of it in that period
    begun = bool(
        asked.period and asked.period.start and asked.as_of and asked.period.start <= asked.as_of
    )
    terse = (
        begun
        and bool(asked.materials)
        and not (
            asked.measures
            or asked.timing
            or _YES_NO.search(_part_naming(asked.question, asked.period))
        )
    )
    if not (
        asked.measures & figure_measures
        or domain().compiled("asks_for_amount").search(asked.question)
        or terse
    ):
        return ()
    return asked.periods or ((asked.period,) if asked.period else ())


def _period_missing(
    asked: Asked, period: Period, wanted: list[_Found], claims: list[_Found]
) -> VerdictLine | None:
    """The line saying a period asked has no figure in it, or None. A period to come is
    answered by any plan or target for it ("15% of world supply by 2030" answers "will it
    supply 10,000 t by 2030?" as potential), a period past only by what happened in it."""
    dated = [f for f in wanted if _a_figure_asked(f, asked)]
    # a period past is answered by what happened in it, not by what was planned for it
    in_period = [
        f
        for f in dated
        if (p := _period_of(f))
        and _within(p, period)
        and (f.modality in ("achieved", "in_progress") or _asks_ahead(asked, period))
    ]
    # "has yet to sell a magnet" answers any period up to its article: nothing; but not
    # when output is shown at all, delivered or under way (the denial is of something else)
    producing = _delivered(wanted) or [f for f in wanted if _output_started(f)]
    # ... but says nothing of a period asked ahead ("guidance for FY26?")
    denied = [
        f
        for f in wanted
        if f.modality == "negated"
        and _period_of(f) is None
        and not producing
        and not _asks_ahead(asked, period)
    ]
    # a plan of the material asked with a figure answers a period to come; a denial with no
    # figure ("no decision before 2027"), a date alone ("first carbonate in Q1 2026") or
    # another material's guidance gives no figure for it
    plans = [f for f in claims if _a_figure_asked(f, asked) and _of_material(f, asked.materials)]
    if in_period or denied or _looks_ahead(asked, plans, period):
        return None
    nearest = _best_delivered(_delivered(dated), asked) or _nearest(wanted)
    return _missing_line(period.label, nearest)


def _a_figure_asked(found: _Found, asked: Asked) -> bool:
    """A claim with a figure of the kind asked: a date alone ("first carbonate in Q1 2026")
    gives none, and a sum only when money is asked ("guidance for MREC?" asks tonnes)."""
    money = set(domain().money_measures)
    return found.claim.get("value") is not None and (
        found.measure not in money or bool(asked.measures & money)
    )


def _needing_figures(asked: Asked) -> set[str]:
    """The measures asked that only a figure answers: money, cost, share, quota and the
    like always; output when the question asks how much."""
    needing = set(asked.measures & set(domain().verdict.figure_measures))
    if asked.amount and "output" in asked.measures and not needing:
        needing.add("output")
    return needing


def _measure_asked(found: _Found, asked: Asked, only: str | None = None) -> bool:
    """A claim of a measure asked (or of ``only``, one of them)."""
    families = domain().verdict.measure_families
    return any(found.measure in families.get(m, [m]) for m in ([only] if only else asked.measures))


def _figures(found: list[_Found]) -> list[_Found]:
    return [f for f in found if f.claim.get("value") is not None]


def _asks_ahead(asked: Asked, period: Period | None = None) -> bool:
    """A question about what is to come: in the future tense, or about a period (``period``,
    or the first one asked) that starts after the newest article."""
    period = period or asked.period
    future = asked.future and not (period is not None and _asked_as_done(asked.question, period))
    return future or (
        asked.as_of is not None
        and period is not None
        and period.start is not None
        and period.start > asked.as_of
    )


# where a question's parts end: "..., and", ";", a dash, "?", or a comma before a question's
# verb ("Velden's 2025 output, did it hit 1,200t?")
_PARTS = re.compile(
    r",\s*(?:and|but)\s+|;|\s[-–—]\s|\?\s*|,\s*(?=(?:is|are|was|were|has|have|had|does|do|"
    r"did|will|would|can|could|should)\b)"
)


def _asks_of_its_period(question: str, period: Period) -> bool:
    """The part of a question naming ``period`` asks for a figure of it: it asks no yes or
    no, and it names what is measured ("Velden's actual 2025 output, did it hit 1,200t?"),
    or it is the whole question ("LYC ndpr dec qtr?"); a premise's date ("After the October
    2025 ruling, does it have a path to mining?") asks none."""
    part = _part_naming(question, period)
    if _YES_NO.search(part):
        return False
    whole = part.strip(" ,?") == question.strip(" ,?")
    return (
        whole
        or any(p.search(part) for p in _asked_patterns().values())
        or bool(_materials_asked(part))
    )


def _part_naming(question: str, period: Period) -> str:
    """The part of a question that names ``period`` ("actual 2025 output?" of "actual 2025
    output? did they hit 1,200t?"): what it asks of that period."""
    return _part_at(question, _parts(question, _PARTS), period.at[0]) or question


def _asked_as_done(question: str, period: Period) -> bool:
    """The part of a question that names the period asks what was done in it ("what did
    it produce in the March quarter, and is FY26 guidance still 13-14kt?"), whatever
    another part asks of plans."""
    part = _part_naming(question, period)
    words = domain().verdict
    return bool(words.asks_what_was_done.search(part)) and not words.future_question.search(part)


def _looks_ahead(asked: Asked, wanted: list[_Found], period: Period | None = None) -> bool:
    """A question about what is to come ("will", or a period after the newest article)
    answered by a plan or a target for it: potential, not missing. For a period past, a
    plan does not say what happened."""
    period = period or asked.period
    return _asks_ahead(asked, period) and any(
        f.modality in NOT_DELIVERED and (p := _period_of(f)) and _within(p, period) for f in wanted
    )


def _nearest(found: list[_Found]) -> _Found | None:
    figures = _figures(found)
    achieved = [f for f in figures if f.modality == "achieved"]
    return (achieved or figures or found or [None])[0]


def _missing_line(what: str, nearest: _Found | None) -> VerdictLine:
    if nearest is None:
        return VerdictLine("missing", f"Not in the sources: {what}.", [])
    shown = _describe(nearest)
    return VerdictLine(
        "missing",
        f"Not in the sources: {what}; the nearest shown is {shown} {_marks(nearest)}",
        list(nearest.citations),
    )


def _status(found: list[_Found], rows: list[dict], asked: Asked) -> str:
    # "has it received the loan?", "FID yet?": the money or the decision asked decides,
    # taken (in the pipeline) or only promised, targeted or denied (potential)
    for decisive in sorted(asked.measures & {"funding", "decision"}):
        taken = [
            f for f in found if _measure_asked(f, asked, only=decisive) and not _pays_for_a_study(f)
        ]
        taken = _of_amount_named(taken, asked.question) or taken
        if taken:
            return (
                "in_pipeline" if any(f.modality == "achieved" for f in taken) else "potential_only"
            )
    delivered = _delivered(found)
    if delivered:
        return "partly_delivering" if _partly(delivered, found, asked) else "delivering"
    if _blocked(found, rows, asked):
        return "blocked"
    under_way = [f for f in found if _output_under_way(f)]
    # output under way is partial delivery (DESIGN); with first output still ahead, only a
    # figure made ("9 t of sample magnets") or a verb of making ("has been producing trial
    # batches") shows it, not a status read from commissioning
    if any(
        f.claim.get("value") is not None or domain().verdict.making.search(f.text)
        for f in under_way
    ) or (under_way and not _first_output_pending(found)):
        return "partly_delivering"
    if _commercial_output_begun(found):
        return "delivering"
    if _pipeline_claims(found):
        return "in_pipeline"
    if found:
        return "potential_only"
    return "not_applicable"


_BARE_SUM = re.compile(
    r"(?<![\w$€£¥.,])(\d[\d,]*(?:\.\d+)?)\s*(m|mn|million|bn|billion)\b"
    r"(?!\s*(?:of\s+)?(?:t\b|tonnes|tons|metric|lb|oz|shares|people))",
    re.I,
)


def _sums_named(question: str) -> list[float]:
    """The sums of money a question names ("the US$400 million loan", and as typed with
    no currency, "got 620m from the pentagon")."""
    money = [q.value for q in quantities(question) if q.kind == "money"]
    scale = {"m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
    bare = [
        float(m.group(1).replace(",", "")) * scale[m.group(2).lower()]
        for m in _BARE_SUM.finditer(question)
    ]
    return money + [b for b in bare if not any(abs(b - v) <= 0.01 * b for v in money)]


def _asks_of_a_sum(question: str) -> bool:
    """Whether the question asks if a sum it names was received, drawn or paid (not "it has
    sunk £41m into the deposit: any route to production?")."""
    return bool(domain().verdict.money_received.search(question) and _sums_named(question))


def _of_amount_named(found: list[_Found], question: str) -> list[_Found]:
    """The claims of the sum a question names ("has it received the US$400 million
    loan?"): that money, not another sum of the same subject, answers it."""
    named = _sums_named(question)
    return [
        f
        for f in found
        if (value := f.claim.get("value")) is not None
        and any(abs(value - n) <= 0.01 * n for n in named)
    ]


def _first_output_pending(found: list[_Found]) -> bool:
    """First production still ahead ("expects first MREC in the June quarter"), with none
    said to have happened: what is under way is commissioning, not output."""
    first = [f for f in found if f.measure == "first_production"]
    return any(f.modality in NOT_DELIVERED for f in first) and not any(
        f.modality == "achieved" for f in first
    )


def _commercial_output_begun(found: list[_Found]) -> bool:
    """Commercial production said to have begun ("began commercial production at Halden
    Ridge in 2024"), not at trial or pilot scale, and no denial of output since."""
    denials = [f for f in found if f.measure in OUTPUT and f.modality == "negated"]
    return any(
        f.measure == "first_production"
        and f.modality == "achieved"
        and domain().verdict.commercial_start.search(f.text)
        and not domain().verdict.small_scale.search(f.text)
        and not _denied_since(f, denials)
        for f in found
    )


def _output_started(found: _Found) -> bool:
    """Output begun: first production achieved, or output in progress."""
    return (found.measure == "first_production" and found.modality == "achieved") or (
        found.measure in OUTPUT and found.modality == "in_progress"
    )


def _output_under_way(found: _Found) -> bool:
    """Output in progress at trial, pilot or ramp-up scale, in its sentence's words: made,
    not yet at commercial scale."""
    return (
        found.measure in OUTPUT
        and found.modality == "in_progress"
        and found.section in ("deliverable_supply", "pipeline")
        and bool(domain().verdict.small_scale.search(found.text))
    )


def _pipeline_claims(found: list[_Found]) -> list[_Found]:
    """Claims that put the subject in the pipeline, less those its sources deny: "no final
    investment decision, no construction and no production" outweighs one sentence read
    as construction under way. A denial of building or of the decision to build denies
    the later steps too, output under way included: without a decision to build, the
    pipeline (financed, being built, commissioning) is not reached, whatever a pilot or
    an offtake read as under way suggests."""
    denied = {f.measure for f in found if f.modality == "negated"}
    if denied & {"construction_start", "fid"}:
        denied |= {*BUILDING, *OUTPUT}
    return [
        f
        for f in found
        if f.measure not in denied
        and ledger_kind(f.claim) == "pipeline"
        and (f.measure != "funding" or _pays_for_building(f))
        and not _completes_a_study(f)
    ]


def _pays_for_building(found: _Found) -> bool:
    return bool(domain().verdict.funds_building.search(found.text)) and not _pays_for_a_study(found)


def _completes_a_study(found: _Found) -> bool:
    """A study's progress ("the feasibility study was about 70% complete"), which builds
    nothing: a completion in a sentence that names a study and no building."""
    words = domain().verdict
    return (
        found.measure == "completion"
        and bool(words.funds_a_study.search(found.text))
        and not words.funds_building.search(found.text)
    )


def _pays_for_a_study(found: _Found) -> bool:
    """Money for a study, drilling or a company's round ("a C$45 million deal to pay for
    its pre-feasibility study"): it does not put a project in the pipeline."""
    return found.measure == "funding" and bool(domain().verdict.funds_a_study.search(found.text))


def _blocked(found: list[_Found], rows: list[dict], asked: Asked) -> bool:
    """A permit refused, a ban or a legal stop on the subject: a permit claim that is
    denied, or a constraint about the subject, in words that block (refused, banned,
    suspended), not merely something still missing."""
    blocking = domain().verdict.blocking
    if any(
        f.measure == "licence" and f.modality == "negated" and blocking.search(f.text)
        for f in found
    ):
        return True
    return any(
        r.get("section") == "constraints" and _row_about(r, asked) and blocking.search(r["text"])
        for r in rows
    )


def _delivered(found: list[_Found]) -> list[_Found]:
    """Achieved output. A status without a figure ("it ships concentrate") counts only
    where its sentence stands under deliverable supply, the stage classifier agreeing, and
    no later denial of output says otherwise ("had no operating separation plant as
    of December 2025"): a bare status is the reading most often wrong."""
    denials = [f for f in found if f.measure in OUTPUT and f.modality == "negated"]
    return [
        f
        for f in found
        if ledger_kind(f.claim) == "delivered"
        and (
            f.claim.get("value") is not None
            or (f.section == "deliverable_supply" and not _denied_since(f, denials))
        )
    ]


def _denied_since(found: _Found, denials: list[_Found]) -> bool:
    """A denial of output dated after the claim ("had no operating separation plant as of
    December 2025" after "produced separated oxides in April 2024")."""
    own = _period_of(found)
    if own is None or own.end is None:
        return False
    return any(
        (when := _period_of(denial)) is not None and when.start is not None and when.start > own.end
        for denial in denials
    )


def _partly(delivered: list[_Found], found: list[_Found], asked: Asked) -> bool:
    """The output shown is at pilot or sample scale or while ramping up (in the words of
    the sentence that gives it), short of a yearly level the question itself names ("is it
    making its 2,000 t a year?"), or well below a capacity or target the sources give."""
    best = _best_delivered(delivered, asked)
    if best is not None and domain().verdict.small_scale.search(best.text):
        return True
    latest = _latest_rate(delivered)
    stated = _stated_rate(asked.question)
    if latest is not None and stated is not None:
        # a level the question names ("hitting 12,000 t/yr yet?") is missed when output
        # is short of it, not only when it is a fraction of it
        return latest[1] < domain().verdict.partly_below_asked * stated
    below = domain().verdict.partly_below
    utilisation = _utilisation(found)
    if utilisation is not None:  # how full the plant runs, in the sources' own words
        return utilisation < below
    reached = _share_reached(found)
    if reached is not None and reached < below:
        return True  # "10% of world supply by 2030" from 0.6% now
    level_asked = asked.future or asked.timing
    # a share the question names, to come or as it stands ("on track for 15% of world
    # supply by 2030?", "is it supplying 30% of EU demand?"), is missed unless shown reached
    stated_share = _stated_share(asked.question)
    if stated_share is not None:
        achieved = _achieved_shares(found)
        return not achieved or max(achieved) < domain().verdict.partly_below_asked * stated_share
    # a target years away does not make today's output partial unless a level is asked;
    # a plant's nameplate does
    weighed = found if level_asked else [f for f in found if f.modality != "target"]
    share = _share(delivered, weighed)
    return share is not None and share.ratio < below


def _achieved_shares(found: list[_Found]) -> list[float]:
    """The shares of supply the subject is said to hold, in percent."""
    return [
        f.claim["value"]
        for f in _figures(found)
        if f.measure == "share" and f.modality == "achieved" and f.claim.get("unit") == "%"
    ]


def _stated_share(question: str) -> float | None:
    """The largest share the question names ("15% of world rare earths by 2030", "on track
    to supply 30% of Europe's"), in percent, or None."""
    shares = [q.value for q in quantities(question) if q.kind == "percent"]
    return max(shares) if shares else None


def _utilisation(found: list[_Found]) -> float | None:
    """The highest share of nameplate a plant is said to run at ("ran at about 97pc of its
    nameplate rate"), as a fraction, or None."""
    rates = [
        f.claim["value"] / 100
        for f in _figures(found)
        if f.claim.get("unit") == "%"
        and f.modality in ("achieved", "in_progress")
        and _of_nameplate(f.text, f.claim["value"])
    ]
    return max(rates) if rates else None


def _of_nameplate(text: str, percent: float) -> bool:
    """Whether the sentence gives ``percent`` as a share of a plant's nameplate."""
    number = f"{percent:g}".replace(".", r"\.")
    return any(
        domain().verdict.utilisation.search(text[m.end() : m.end() + 30])
        for m in re.finditer(rf"(?<![\d.]){number}\s*(?:%|pc\b|per\s*cent)", text, re.I)
    )


def _share_reached(found: list[_Found]) -> float | None:
    """The largest share achieved as a fraction of the largest share targeted (both in
    percent, of the subject's claims), or None without both."""
    shares = [f for f in _figures(found) if f.claim.get("unit") == "%"]
    achieved = _achieved_shares(found)
    targets = [f.claim["value"] for f in shares if f.modality in ("target", "planned")]
    if not achieved or not targets or not max(targets):
        return None
    return max(achieved) / max(targets)


@dataclass(frozen=True)
class _Share:
    ratio: float
    delivered: _Found
    against: _Found
    annualised: bool  # a quarter's or a half's output, at its yearly rate


def _share(delivered: list[_Found], found: list[_Found]) -> _Share | None:
    """The latest delivered figure, at its yearly rate, as a fraction of the largest
    capacity, target or plan of the same material in the same unit."""
    latest = _latest_rate(delivered)
    if latest is None:
        return None
    best, rate, times = latest
    unit = f"{best.claim['unit']}/yr"
    against = [
        f
        for f in _figures(found)
        if f.modality in ("capacity", "target")
        and _yearly_unit(f) == unit
        and (f.claim.get("material") or "") == (best.claim.get("material") or "")
    ]
    if not against:
        return None
    biggest = max(against, key=lambda f: f.claim["value"])
    if not biggest.claim["value"]:
        return None
    return _Share(rate / biggest.claim["value"], best, biggest, times > 1)


def _latest_rate(delivered: list[_Found]) -> tuple[_Found, float, int] | None:
    """The latest delivered mass over a whole year, half or quarter, with its yearly rate
    and the factor that gives it (1, 2 or 4)."""
    rated = [(f, _periods_a_year(f)) for f in _figures(delivered)]
    rated = [(f, times) for f, times in rated if times and f.claim.get("unit") in ("t", "kg")]
    if not rated:
        return None
    best, times = max(rated, key=lambda pair: _period_of(pair[0]).end or dt.date.min)
    return best, best.claim["value"] * times, times


def _periods_a_year(found: _Found) -> int | None:
    period = _period_of(found)
    if not (period and period.start and period.end):
        return None
    days = (period.end - period.start).days + 1
    return next((n for n, least in ((1, 360), (2, 178), (4, 88)) if days >= least), None)


_STATED_RATE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(?:-\s*\d[\d,]*\s*)?(?:t|tonnes?)\s*(?:/\s*yr|/\s*y\b|pa\b|"
    r"a\s+year|per\s+year|per\s+annum)|(\d[\d,]*)\s*tpa\b",
    re.I,
)


def _stated_rate(question: str) -> float | None:
    """A yearly tonnage the question states ("its 2,000 t/yr", "~4,000 t of NdPr a year")."""
    match = _STATED_RATE.search(re.sub(r"\s+of\s+[\w-]+(?:\s+oxide)?(?=\s+a\s+year)", "", question))
    if not match:
        return None
    return float((match.group(1) or match.group(2)).replace(",", ""))


def _yearly_unit(found: _Found) -> str:
    """A mass over one whole year reads as a yearly rate; anything else keeps its unit."""
    unit = found.claim.get("unit") or ""
    if unit in ("t", "kg") and _periods_a_year(found) == 1:
        return f"{unit}/yr"
    return unit


LEDGER_SIZE = 3  # figures of each kind the ledger shows


def _ledger(found: list[_Found]) -> dict[str, list[dict]]:
    """Each kind's figures, newest first, at most ``LEDGER_SIZE`` each, no figure twice."""
    out: dict[str, list[dict]] = {"potential": [], "pipeline": [], "delivered": []}
    ranked = sorted(
        _figures(found),
        key=lambda f: p.end if (p := _period_of(f)) and p.end else dt.date.min,
        reverse=True,
    )
    for f in ranked:
        kind = ledger_kind(f.claim)
        text = f"{_describe(f)} {_marks(f)}"
        if kind and len(out[kind]) < LEDGER_SIZE and all(text != e["text"] for e in out[kind]):
            out[kind].append({"text": text, "citations": list(f.citations)})
    return {k: v for k, v in out.items() if v}


def _slip_line(rows: list[dict], asked: Asked) -> VerdictLine | None:
    """The most slipped milestone among the cited claims about the subject, as a computed
    line citing the first promise and the current one (their due dates copied from the
    claims), or None when the evidence shows no date that moved."""
    cited = [
        Cited(
            claim,
            row["text"],
            row.get("subject", ""),
            "",
            "",
            row.get("date") or "",
            "",
            tuple(row["citations"]),
        )
        for row in rows
        for claim in row.get("claims") or []
        if _about(row, claim, asked.decisive)
    ]
    for milestone in milestones_of(cited):
        first, now = milestone.original, milestone.current
        years = milestone.slipped_years
        if not (first and now and years and years > 0) or milestone.achieved is not None:
            continue
        if not all(p.due.label == p.cited.claim.get("period") for p in (first, now)):
            continue  # a date read from the sentence's words, not from a claim
        marks = "".join(f"[{n}]" for n in first.cited.marks)
        later = "".join(f"[{n}]" for n in now.cited.marks)
        return VerdictLine(
            "computed",
            f"Computed: {milestone.name} was promised for {first.due.label} {marks}, "
            f"now for {now.due.label} {later}, {years:g} years later",
            sorted(set(first.cited.marks) | set(now.cited.marks)),
        )
    return None


# ---- the lines ------------------------------------------------------------------------------
def _lines(found: list[_Found], rows: list[dict], asked: Asked) -> list[VerdictLine]:
    v = domain().verdict
    lines: list[VerdictLine] = []
    delivered = _delivered(found)
    best = _best_delivered(delivered, asked)
    if best is not None:
        lines.append(_line("delivered", "Delivered", best))
    pipeline = sorted(
        (f for f in _pipeline_claims(found) if f.claim.get("unit") != "%"),
        key=lambda f: (f.measure not in _PIPELINE_MEASURES, f.claim.get("value") is None),
    )
    if pipeline:
        lines.append(_line("pipeline", "In the pipeline", pipeline[0]))
    potential = [f for f in found if f.modality in NOT_DELIVERED]
    # "when will it produce?": a dated milestone answers it before any figure
    potential.sort(
        key=lambda f: (
            not (asked.timing and f.measure in domain().milestones and _period_of(f) is not None),
            not (asked.measures and _measure_asked(f, asked)),
            f.claim.get("value") is None,
            f.modality == "negated",
        )
    )
    if potential:
        lines.append(_line("potential", "Not delivered", potential[0]))
    share = _share(delivered, found) if delivered else None
    if share is not None:
        a, b = share.delivered, share.against
        how = " (its output at a yearly rate)" if share.annualised else ""
        lines.append(
            VerdictLine(
                "computed",
                f"Computed: {_describe(a)}{how} is {share.ratio:.0%} of the "
                f"{v.modality_words.get(b.modality, b.modality)} {_figure(b)} "
                f"{_marks(a)}{_marks(b)}",
                sorted(set(a.citations) | set(b.citations)),
            )
        )
    constraint = next(
        (r for r in rows if r.get("section") == "constraints" and _row_about(r, asked)), None
    )
    if constraint is not None:
        quote = _short_quote(constraint["text"])
        marks = "".join(f"[{n}]" for n in constraint["citations"])
        lines.append(
            VerdictLine(
                "constraint", f"Constraint: “{quote}” {marks}", list(constraint["citations"])
            )
        )
    return lines[: v.max_lines]


def _line(kind: str, lead: str, found: _Found) -> VerdictLine:
    return VerdictLine(kind, f"{lead}: {_describe(found)} {_marks(found)}", list(found.citations))


def _best_delivered(delivered: list[_Found], asked: Asked) -> _Found | None:
    """The delivered claim to show: of the measure asked (production before sales), with a
    figure, the latest period, the largest."""
    if not delivered:
        return None

    def rank(f: _Found) -> tuple:
        period = _period_of(f)
        return (
            f.claim.get("unit") in ("t", "kg"),
            f.claim.get("value") is not None,
            f.measure == "production",
            period.end if period and period.end else dt.date.min,
            f.claim.get("value") or 0,
        )

    return max(delivered, key=rank)


def _row_about(row: dict, asked: Asked) -> bool:
    """A sentence about the subject asked, and of the part of it asked, if one is."""
    if asked.part and not re.search(asked.part, row["text"], re.I):
        return False
    claims = row.get("claims") or [{}]
    return any(_about(row, c, asked.decisive) for c in claims)


def _short_quote(text: str, words: int = 24) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _figure(found: _Found) -> str:
    claim = found.claim
    if claim.get("value") is None or not claim.get("unit"):
        return ""
    return shown_figure(claim["value"], claim["unit"])


def _describe(found: _Found) -> str:
    """A claim in template words: "138 t NdPr oxide in Q4 2025", "capacity of 2,000 t/yr
    NdPr oxide (design capacity)", "first production in Q1 2026 (planned)"."""
    v = domain().verdict
    claim = found.claim
    figure = _figure(found)
    material = claim.get("material") or ""
    period = claim.get("period")
    measure = v.measure_words.get(found.measure, found.measure.replace("_", " "))
    parts = []
    if claim.get("unit") == "%" and found.measure in OUTPUT:
        parts.append(measure)  # a change ("rose 31%") says it happens, not how much
    elif figure and found.measure in OUTPUT:
        parts.append(figure)
    elif figure:
        parts.append(f"{measure} {figure}")
    else:
        parts.append(measure)
    if material and found.measure not in ("funding", "cost", "revenue", "price"):
        parts.append(material)
    if period:
        parts.append(f"in {period}" if found.modality == "achieved" else f"for {period}")
    described = " ".join(p for p in parts if p)
    if found.modality != "achieved":
        described += f" ({v.modality_words.get(found.modality, found.modality)})"
    return described


def _marks(found: _Found) -> str:
    return "".join(f"[{n}]" for n in found.citations)
