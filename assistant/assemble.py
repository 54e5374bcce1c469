"""Turning classified statements into the answer's sections and numbered citations.

The extractive assembler's statements are the evidence sentences themselves; the LLM
assembler (``llm``) writes its own and passes them through the grounding guard. Both end
here, so answers look and behave alike whichever wrote them."""

from __future__ import annotations

import re

from assistant.answer import Statement
from assistant.claims import gated_section
from assistant.domain import domain
from assistant.selection import Evidence
from assistant.subjects import names_subject
from assistant.text import places

SECTION_ORDER = [
    "resource_potential",
    "pipeline",
    "deliverable_supply",
    "constraints",
    "bottom_line",
]


def section_titles() -> dict[str, str]:
    return dict(domain().sections)


def statements_from_evidence(evidence: list[Evidence]) -> list[Statement]:
    """The extractive answer: every chosen evidence sentence quoted as it stands."""
    return [
        Statement(e.text, [e], e.relevance, label=e.label, subject=e.subject, claims=e.claims or [])
        for e in evidence
    ]


def place_in_sections(statements: list[Statement]) -> None:
    """Each statement's section: its stage's, unless its claims forbid it (a planned,
    designed, conditional or denied figure is never deliverable supply); context is the
    bottom line."""
    for statement in statements:
        section = statement.label.section if statement.label else "context"
        section = gated_section(section, statement.claims)
        statement.section = "bottom_line" if section == "context" else section


def names_itself(text: str, subject: str) -> bool:
    """Whether a sentence names the subject it speaks of (its first word will do)."""
    if not subject:
        return True
    first = subject.split()[0]
    return bool(re.search(rf"(?<!\w){re.escape(first)}(?!\w)", text, re.IGNORECASE))


def choose_shown(
    statements: list[Statement],
    subjects: list[str],
    limit: int,
    focus_min: int = 0,
) -> tuple[list[Statement], list[Statement]]:
    """The evidence an answer shows by default and the rest, one click away.

    With ``focus_min`` set, a question about a company or project (not a country, and not
    a comparison of several) shows the sentences about it, when at least ``focus_min`` are:
    the others, about other subjects, wait under "show all". Then at most ``limit``
    sentences (0: no limit), in the order evidence selection chose them (relevance less
    redundancy, each headline subject its share), the most telling first."""
    shown, rest = list(statements), []
    if focus_min and len(subjects) == 1 and not places.is_place_name(subjects[0]):
        about = [s for s in shown if _speaks_of(s, subjects[0])]
        if len(about) >= focus_min:
            rest = [s for s in shown if s not in about]
            shown = about
    if limit > 0 and len(shown) > limit:
        shown, rest = shown[:limit], shown[limit:] + rest
    return shown, rest


def _speaks_of(statement: Statement, subject: str) -> bool:
    """A sentence about the subject: its own subject, its words, or one of its claims'
    subjects or counterparts (a site of the company, the company of the site) names it."""
    named = [statement.subject, statement.text]
    named += [name for c in statement.claims for name in (c.subject, c.counterpart) if name]
    return names_subject(named, "", subject)


def sections_and_citations(
    statements: list[Statement], more: list[Statement] | None = None
) -> tuple[list[dict], list[dict], list[dict]]:
    """The DESIGN sections in order, newest evidence first within each; the evidence left
    for "show all" as labelled rows; and the citations, numbered in the order they are first
    cited (the shown evidence first)."""
    titles = section_titles()
    citations: list[dict] = []
    number_of: dict[tuple[str, int], int] = {}

    def numbered(statement: Statement) -> list[int]:
        numbers = []
        for source in statement.sources:
            if source.key not in number_of:
                number_of[source.key] = len(number_of) + 1
                citations.append(citation(number_of[source.key], source))
            numbers.append(number_of[source.key])
        return numbers

    sections: list[dict] = []
    for section in SECTION_ORDER:
        members = [s for s in statements if s.section == section]
        members.sort(key=lambda s: (s.date, s.relevance), reverse=True)
        if not members:
            continue
        rows = [_sentence_row(statement, numbered(statement)) for statement in members]
        sections.append({"label": section, "title": titles[section], "sentences": rows})
    rest = sorted(more or [], key=lambda s: SECTION_ORDER.index(s.section))
    evidence_more = [{"label": s.section, **_sentence_row(s, numbered(s))} for s in rest]
    return sections, citations, evidence_more


def _sentence_row(statement: Statement, numbers: list[int]) -> dict:
    label = statement.label
    row = {
        "text": statement.text,
        "citations": sorted(set(numbers)),
        "stage": label.stage if label else "context",
        "chain": label.chain if label else None,
        "stage_confidence": round(label.confidence, 3) if label else 0.0,
        "date": statement.date,
        "claims": [c.to_dict() for c in statement.claims],
        "subject": statement.subject,
        "relevance": round(statement.relevance, 4),
    }
    if not names_itself(statement.text, statement.subject):
        row["context"] = statement.subject  # "the plant", "it": what the quote is about
    if statement.section == "deliverable_supply":
        # a sentence of output that also gives a nameplate or a plan: say which figure is
        # which, so the design figure is not read as output
        row["not_output"] = [
            f"{c.figure} is {c.modality.replace('_', ' ')}"
            for c in statement.claims
            if c.figure and c.modality != "achieved"
        ]
    if statement.flagged:
        row["unsupported"] = statement.flagged
    return row


def citation(n: int, item: Evidence) -> dict:
    """A numbered source: the quoted sentence, the passage it sits in and its offsets."""
    chunk = item.chunk
    chunk_start = int(chunk.metadata.get("start", 0))
    return {
        "n": n,
        "doc_id": chunk.doc_id,
        "chunk_id": chunk.chunk_id,
        "title": chunk.title,
        "date": chunk.date,
        "source": chunk.source,
        "heading": chunk.metadata.get("heading", ""),
        "quote": item.text,
        "passage": chunk.text,
        "quote_start": item.start - chunk_start,  # offsets of the quote inside ``passage``
        "quote_end": item.end - chunk_start,
        "page": chunk.metadata.get("page"),
    }
