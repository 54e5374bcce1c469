"""What ingest reads from each sentence of an article, once, and stores with its chunk: the
subject the sentence speaks of (its own, or what "the company" or "the plant" refers to) and
its claims. Answers read them back instead of reading sentences again; an answer from a
retriever that stores none (the naive baseline) reads its evidence itself.

>>> from assistant.models import Document
>>> doc = Document("d", "Quorra Metals lifts Velden output", "Quorra Metals shipped 40t in May. "
...                "The company expects to make 900t in 2027.", "h", date="2026-06-01")
>>> [(r.subject, [c.modality for c in r.claims]) for r in read_document(doc).values()]
[('Quorra Metals', ['achieved']), ('Quorra Metals', ['planned'])]
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from assistant.claims import Claim, ClaimContext, read_claims
from assistant.models import Document
from assistant.subjects import (
    article_sites,
    article_subjects,
    opens_with_reference,
    own_subject,
    sentence_referents,
    short_names,
)
from assistant.text.sentences import units

# the units that say something about a subject (not headings, table rows or page furniture)
_STATEMENTS = ("sentence", "bullet", "line")
# how much of an article's start may say what period it reports on (a release's masthead,
# title and first paragraph)
_OPENING_CHARS = 600


@dataclass(frozen=True)
class SentenceReading:
    subject: str  # what the sentence speaks of
    claims: list[Claim]

    def to_dict(self) -> dict:
        return {"subject": self.subject, "claims": [c.to_dict() for c in self.claims]}

    @classmethod
    def from_dict(cls, row: dict) -> SentenceReading:
        claims = [Claim(**{**c, "start": -1, "end": -1}) for c in row.get("claims", [])]
        return cls(row.get("subject", ""), claims)


def read_document(
    doc: Document, vectors: dict[str, np.ndarray] | None = None
) -> dict[int, SentenceReading]:
    """Each statement of the document, by its start offset in the body: the subject it
    speaks of and its claims (the modality model reads the sentence's vector from
    ``vectors`` where given)."""
    vectors = vectors or {}
    found = [u for u in units(doc.text) if u.kind in _STATEMENTS]
    texts = [doc.text[u.start : u.end] for u in found]
    subjects = article_subjects(doc.title, doc.text, doc.companies)
    sites = tuple(article_sites(doc.title, doc.text))
    short = tuple(short_names(f"{doc.title}\n{doc.text}").items())
    referents = sentence_referents(texts, subjects, doc.title, sites)
    readings: dict[int, SentenceReading] = {}
    previous = ""
    for unit, text, before in zip(found, texts, referents):
        context = ClaimContext(
            title=doc.title,
            date=doc.date,
            subjects=tuple(subjects),
            previous=previous,
            referent=before.organisation,
            site=before.site,
            opener=before.opener,
            sites=sites,
            short_names=short,
            opening=doc.text[:_OPENING_CHARS],
        )
        # "The plant ..., Tallow Ridge said": a sentence opening with a reference speaks of
        # what the reference stands for, whatever else it names
        named = None if opens_with_reference(text) else own_subject(text, subjects)
        subject = named or before.for_sentence(text) or (subjects[0] if subjects else "")
        claims = read_claims(text, context, vector=vectors.get(text))
        readings[unit.start] = SentenceReading(subject, claims)
        previous = text
    return readings


def chunk_readings(readings: dict[int, SentenceReading], start: int, end: int) -> str:
    """The readings of one chunk's statements, keyed by their offset in the chunk, as the
    JSON stored in the chunk's metadata."""
    rows = {str(at - start): r.to_dict() for at, r in readings.items() if start <= at < end}
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def stored_readings(metadata: dict) -> dict[int, SentenceReading]:
    """The readings a chunk's metadata holds, by offset in the chunk ({} for none)."""
    raw = metadata.get("readings")
    if not raw:
        return {}
    return {int(at): SentenceReading.from_dict(row) for at, row in json.loads(raw).items()}
