"""The project tracker: what was promised for a subject, when it was promised, and how the
date moved, built from the claims ingest stored with every sentence (never from a sentence
that says "slipped").

A milestone (first production, commissioning, an investment decision, construction start,
completion; of a value-chain step where the claim names one) gathers every planned or
targeted claim about the subject with a due period. Each promise carries ``stated_on``: the
date a sentence reports it was said ("said in 2022 that ... would start in 2023"), else the
article's date. Slippage is how far the due date moved from the earliest statement to the
latest, in years, with both ends cited; an achieved claim of the milestone closes it.

>>> book = ClaimBook([
...     Cited({"subject": "Quorra Metals", "measure": "first_production", "modality": "planned",
...            "period": "2024", "step": "mine", "value": None, "unit": None,
...            "material": None}, "Quorra Metals expects first concentrate in 2024.",
...           "Quorra Metals", "a", "Quorra plan", "2023-02-01", ""),
...     Cited({"subject": "Quorra Metals", "measure": "first_production", "modality": "planned",
...            "period": "H2 2026", "step": "mine", "value": None, "unit": None,
...            "material": None}, "Quorra Metals now expects first concentrate in H2 2026.",
...           "Quorra Metals", "b", "Quorra delay", "2025-09-01", ""),
... ])
>>> t = track("Quorra", book)
>>> [(m.name, m.slipped_years) for m in t.milestones]
[('first production (mine)', 2.5)]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from assistant.domain import domain
from assistant.ledger import ledger_kind
from assistant.subjects import names_subject
from assistant.text.dates import Period, periods_in
from assistant.text.sentences import units

PROMISED = ("planned", "target", "hypothetical")


@dataclass(frozen=True)
class Cited:
    """A stored claim with the sentence that makes it and the article it comes from."""

    claim: dict
    text: str
    subject: str  # what the sentence speaks of
    doc_id: str
    title: str
    date: str  # the article's date
    source: str
    marks: tuple[int, ...] = ()  # the sentence's citation numbers, inside an answer

    def citation(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "date": self.date or None,
            "source": self.source,
            "quote": self.text,
        }

    def to_dict(self) -> dict:
        return {**self.claim, "citation": self.citation()}


@dataclass(frozen=True)
class Promise:
    due: Period
    stated_on: dt.date | None
    cited: Cited
    order: int = 0  # its place among the dates a sentence recounts ("from 2025 to 2026")

    def to_dict(self) -> dict:
        return {
            "stated_on": self.stated_on.isoformat() if self.stated_on else None,
            "due": self.due.label,
            "citation": self.cited.citation(),
        }


@dataclass
class Milestone:
    key: str
    name: str
    promises: list[Promise] = field(default_factory=list)  # oldest statement first
    achieved: Cited | None = None

    @property
    def original(self) -> Promise | None:
        """The earliest date promised."""
        dated = [p for p in self.promises if p.due.start]
        return min(dated, key=lambda p: p.due.start) if dated else None

    @property
    def current(self) -> Promise | None:
        """The date promised now: the latest due date of the newest statement (an article
        that recounts "originally 2025, now 2027" gives 2027)."""
        dated = [p for p in self.promises if p.due.start and p.stated_on]
        if not dated:
            return None
        newest = max(p.stated_on for p in dated)
        return max((p for p in dated if p.stated_on == newest), key=lambda p: p.due.start)

    @property
    def slipped_years(self) -> float | None:
        """How far the promised date moved from the earliest promised to the one promised
        now (or to the achieved date), in years; None with one date only."""
        first, now = self.original, self.current
        if first is None:
            return None
        last = self._closing_date() or (now.due.start if now else None)
        if last is None or (now is first and self.achieved is None):
            return None
        return round((last - first.due.start).days / 365.25, 1)

    def _slip_record(self) -> dict | None:
        """Both ends of the slip, cited: the first promise, and the promise standing now or,
        for a closed milestone, the achievement."""
        if not self.slipped_years or self.original is None:
            return None
        if self.achieved is not None:
            end = {
                "achieved": self.achieved.claim.get("period"),
                "citation": self.achieved.citation(),
            }
        elif self.current is not None:
            end = self.current.to_dict()
        else:
            return None
        return {"from": self.original.to_dict(), "to": end}

    def _closing_date(self) -> dt.date | None:
        if self.achieved is None:
            return None
        period = _period(self.achieved.claim.get("period"), self.achieved.date)
        return period.start if period else None

    def to_dict(self) -> dict:
        return {
            "milestone": self.name,
            "promises": [p.to_dict() for p in self.promises],
            "slipped_years": self.slipped_years,
            "slip": self._slip_record(),
            "achieved": (
                {
                    "period": self.achieved.claim.get("period"),
                    "citation": self.achieved.citation(),
                }
                if self.achieved
                else None
            ),
        }


@dataclass
class Track:
    subject: str
    claims: list[Cited]
    milestones: list[Milestone]

    def ledger(self) -> dict[str, list[dict]]:
        """Potential · pipeline · delivered: each figure with its period and source."""
        out: dict[str, list[dict]] = {"potential": [], "pipeline": [], "delivered": []}
        for cited in self.claims:
            kind = ledger_kind(cited.claim)
            if kind and (cited.claim.get("value") is not None or kind != "potential"):
                out[kind].append(cited.to_dict())
        return out

    def to_dict(self) -> dict:
        return {
            "subject": self.subject,
            "claims": [c.to_dict() for c in self.claims],
            "ledger": self.ledger(),
            "milestones": [m.to_dict() for m in self.milestones],
        }


class ClaimBook:
    """Every claim of one version of the corpus, with its sentence and article, read once
    from what ingest stored (``from_index``) and then filtered per subject."""

    def __init__(self, entries: list[Cited]) -> None:
        self.entries = entries
        # grouped by the names each claim was read with, so a subject is matched against
        # each distinct set of names once, not against each claim
        self._by_names: dict[tuple, list[Cited]] = {}
        for c in entries:
            names = (c.claim.get("subject"), c.claim.get("counterpart"), c.subject)
            self._by_names.setdefault(names if any(names) else (c.text,), []).append(c)

    @classmethod
    def from_index(cls, index) -> ClaimBook:
        """From a lexical index's chunks (texts and metadata, ``readings`` included)."""
        entries = []
        for text, meta in zip(index.texts, index.metadatas):
            raw = meta.get("readings")
            if not raw:
                continue
            # the statements as ingest read them (the readings are keyed by their starts)
            ends = {unit.start: unit.end for unit in units(text)}
            for at, row in json.loads(raw).items():
                start = int(at)
                sentence = text[start : ends.get(start, len(text))].strip()
                for claim in row.get("claims", []):
                    entries.append(
                        Cited(
                            claim,
                            sentence,
                            row.get("subject", ""),
                            meta.get("doc_id", ""),
                            meta.get("title", ""),
                            meta.get("date", ""),
                            meta.get("source", ""),
                        )
                    )
        return cls(entries)

    def about(self, subject: str) -> list[Cited]:
        """The claims about ``subject``, in the book's order."""
        matched = [
            members
            for key, members in self._by_names.items()
            if names_subject(list(key), "", subject)
        ]
        about = {id(c) for members in matched for c in members}
        return [c for c in self.entries if id(c) in about]


# ---- tracking one subject -----------------------------------------------------------------
def track(subject: str, book: ClaimBook) -> Track:
    """The subject's claims and its milestones, most slipped first."""
    claims = book.about(subject)
    return Track(subject, claims, milestones_of(claims))


def milestones_of(claims: list[Cited]) -> list[Milestone]:
    """The milestones these claims promise (or achieve), most slipped first. A claim that
    names no value-chain step joins its measure's one stepped milestone, when there is one."""
    words = domain().verdict.measure_words
    names = {m: words.get(m, m.replace("_", " ")) for m in domain().milestones}
    groups: dict[tuple[str, str], list[Cited]] = {}
    for cited in claims:
        measure = cited.claim.get("measure")
        if measure in names:
            groups.setdefault((measure, cited.claim.get("step") or ""), []).append(cited)
    for measure, step in [key for key in groups if not key[1]]:
        stepped = [key for key in groups if key[0] == measure and key[1]]
        if len(stepped) == 1:
            groups[stepped[0]] += groups.pop((measure, step))
    milestones = []
    for (measure, step), members in groups.items():
        milestone = Milestone(
            f"{measure}:{step}", f"{names[measure]} ({step})" if step else names[measure]
        )
        for cited in members:
            if cited.claim.get("modality") == "achieved":
                milestone.achieved = _earlier(milestone.achieved, cited)
                # "slipped from a late-2023 ramp promised in 2022 to first magnets in late
                # 2025": the dates it moved from were promises
                if domain().tracker.date_moves.search(cited.text):
                    own = cited.claim.get("period")
                    milestone.promises += [p for p in promises_of(cited) if p.due.label != own]
            elif _promises_something(cited):
                milestone.promises.extend(promises_of(cited))
        if milestone.promises:
            milestone.promises = _one_per_statement(milestone.promises)
            milestone.achieved = _closing(milestone)
            milestones.append(milestone)
    milestones.sort(key=lambda m: (-(m.slipped_years or 0), m.name))
    return milestones


_STANDING = ("delivered", "pipeline", "potential")


def tracked_overview(book: ClaimBook, limit: int = 60) -> list[dict]:
    """Every subject with a dated promise: how far it has got (the furthest ledger kind of
    its claims), its most slipped milestone and by how many years; the most slipped first.
    Subjects are taken as the claims name them."""
    by_subject: dict[str, list[Cited]] = {}
    for cited in book.entries:
        name = cited.claim.get("subject") or cited.subject
        if name:
            by_subject.setdefault(name, []).append(cited)
    rows = []
    for name, claims in by_subject.items():
        milestones = milestones_of(claims)
        if not milestones:
            continue
        kinds = {ledger_kind(c.claim) for c in claims}
        top = milestones[0]
        rows.append(
            {
                "subject": name,
                "status": next((k for k in _STANDING if k in kinds), "potential"),
                "most slipped": top.name,
                "slipped_years": top.slipped_years or 0.0,
                "promises": sum(len(m.promises) for m in milestones),
            }
        )
    rows.sort(key=lambda r: (-r["slipped_years"], -r["promises"], r["subject"]))
    return rows[:limit]


def _closing(milestone: Milestone) -> Cited | None:
    """The achieved claim, unless a promise for the milestone was made after the date it
    gives: then the milestone is still awaited and the claim speaks of something else."""
    done = milestone.achieved
    if done is None:
        return None
    when = _period(done.claim.get("period"), done.date)
    since = when.start if when and when.start else _as_date(done.date)
    later = [p for p in milestone.promises if p.stated_on and since and p.stated_on > since]
    return None if later else done


def _earlier(current: Cited | None, new: Cited) -> Cited:
    """Of two achieved claims, the one with the earlier period (the milestone's date)."""
    if current is None:
        return new
    a = _period(current.claim.get("period"), current.date)
    b = _period(new.claim.get("period"), new.date)
    if b and b.start and (not a or not a.start or b.start < a.start):
        return new
    return current


def _one_per_statement(promises: list[Promise]) -> list[Promise]:
    """The promises in the order they were made; one per (statement date, due date)."""
    seen: set[tuple] = set()
    out = []
    for promise in sorted(promises, key=lambda p: (p.stated_on or dt.date.max, p.order)):
        key = (promise.stated_on, promise.due.label)
        if key not in seen:
            seen.add(key)
            out.append(promise)
    return out


def _promises_something(cited: Cited) -> bool:
    """A plan, target or forecast; a sentence recounting how a date moved ("ramp-up moved
    into 2026"); or something under way whose date is still to come ("should start in
    2027")."""
    modality = cited.claim.get("modality")
    if modality in PROMISED:
        return True
    if modality in ("achieved", "negated"):
        return False
    if domain().tracker.date_moves.search(cited.text):
        return True
    due = _period(cited.claim.get("period"), cited.date)
    article = _as_date(cited.date)
    return bool(due and due.start and article and due.start > article)


def promises_of(cited: Cited) -> list[Promise]:
    """The promises a planned or targeted claim's sentence makes: its own due date, or, in a
    sentence recounting how the date moved ("moved the FID from 2025 to the first half of
    2026"), each due date in the order written, the earlier ones said before the later."""
    article = _as_date(cited.date)
    own = _period(cited.claim.get("period"), cited.date)
    periods = periods_in(cited.text, article)
    words = domain().tracker
    dues = [own] if own is not None and own.start else []
    if not (words.date_moves.search(cited.text) or words.recounts.search(cited.text)):
        if not dues:
            return []
        said = stated_on(cited.text, own.label, cited.date)
        if said and own.end and own.end < said:
            return []  # a date already past when it was written is history, not a promise
        return [Promise(own, said, cited)]
    promises: list[Promise] = []
    for period in periods:
        lead = cited.text[max(0, period.at[0] - 30) : period.at[0]]
        if words.reported_after.search(lead) and promises:
            # "from 2026, as stated in April 2024, to 2027": when the date before was given
            promises[-1] = Promise(promises[-1].due, period.start, cited, promises[-1].order)
        elif (
            period.start
            and not _dates_a_statement(cited.text, period, 0)
            and not (words.not_due.search(lead))
        ):
            said = stated_on(cited.text, period.label, cited.date)
            promises.append(Promise(period, said, cited, len(promises)))
    return promises or [Promise(d, stated_on(cited.text, d.label, cited.date), cited) for d in dues]


def _period(label: str | None, article_date: str) -> Period | None:
    if not label:
        return None
    found = periods_in(label, _as_date(article_date))
    return found[0] if found else None


def _as_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def stated_on(text: str, due_label: str, article_date: str) -> dt.date | None:
    """When a promise was made: a date the sentence reports it was said on, before the due
    date in the same clause ("said in 2022 that first production would come in 2023"), or
    the article's date.

    >>> stated_on("Quorra said in 2022 that it would start in 2024.", "2024", "2025-01-09")
    datetime.date(2022, 1, 1)
    >>> stated_on("Quorra expects to start in 2027.", "2027", "2025-01-09")
    datetime.date(2025, 1, 9)
    """
    as_of = _as_date(article_date)
    periods = periods_in(text, as_of)
    due = next((p for p in periods if p.label == due_label), None)
    clause_start = 0
    if due is not None:
        before = text[: due.at[0]]
        clause_start = max(before.rfind(";"), before.rfind(", and "), before.rfind(" but ")) + 1
    for period in periods:
        if due is not None and (period.at[0] < clause_start or period.at[0] >= due.at[0]):
            continue
        if period is due or period.start is None:
            continue
        if _dates_a_statement(text, period, clause_start):
            return period.start
    if due is not None:  # "scheduled for 2027 as of the December 2024 announcement"
        after = next((p for p in periods if p.at[0] >= due.at[1]), None)
        lead = text[due.at[1] : after.at[0]] if after else ""
        if after is not None and after.start and domain().tracker.reported_after.search(lead):
            return after.start
    return as_of


def _dates_a_statement(text: str, period: Period, clause_start: int) -> bool:
    """Whether a date in a sentence says when something was said or planned ("said in
    2022", "its 2021 feasibility study", "In March 2024, it told ...") rather than when it
    is due."""
    words = domain().tracker
    lead = text[max(clause_start, period.at[0] - 60) : period.at[0]]
    before = text[clause_start : period.at[0]].strip(" ,").lower()
    opening = before in ("", "in", "on")
    return bool(
        words.reported_before.search(lead)
        or words.dated_plan_after.match(text[period.at[1] :])
        or (opening and text[period.at[1] :].lstrip().startswith(","))
    )
