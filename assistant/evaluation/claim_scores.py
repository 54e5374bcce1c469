"""Scoring claims read from sentences against labelled ones (``evals/claims``).

A gold claim with a figure is matched to the predicted claim with the same value; a status
without a figure to a predicted status of the same measure, else to any predicted status.
Subjects match when they name the same thing (rapidfuzz's token-set ratio, so "Karrath"
matches "Karrath Minerals")."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from assistant.claims import Claim, ClaimContext
from assistant.subjects import (
    article_sites,
    article_subjects,
    sentence_referents,
    short_names,
)
from assistant.text.sentences import sentence_texts

SUBJECT_MATCH = 85  # token-set ratio at or above which two subjects name the same thing


def item_context(item: dict) -> ClaimContext:
    """What a reader of the labelled sentence knows: its article's title and date, and the
    sentence before it, read as ingest reads an article."""
    previous = item.get("previous") or ""
    subjects = article_subjects(item["title"], f"{previous} {item['text']}")
    sites = article_sites(item["title"], f"{previous} {item['text']}")
    before = sentence_texts(previous) if previous else []
    state = sentence_referents([*before, item["text"]], subjects, item["title"], sites)[-1]
    return ClaimContext(
        title=item["title"],
        date=item.get("date"),
        subjects=tuple(subjects),
        previous=previous,
        referent=state.organisation,
        site=state.site,
        opener=state.opener,
        sites=tuple(sites),
        short_names=tuple(short_names(f"{item['title']}\n{previous}\n{item['text']}").items()),
    )


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def same_subject(gold: str | None, predicted: str | None) -> bool:
    if not gold or not predicted:
        return gold == predicted
    return fuzz.token_set_ratio(gold.lower(), predicted.lower()) >= SUBJECT_MATCH


def right_entity(gold: str | None, claim: Claim) -> bool:
    """The claim is about the labelled entity: its subject names it, or its subject is an
    organisation and the label names that organisation's site, or the reverse. A labeller
    writes "Velden" or "Quorra Metals" for "the plant" of an article about Quorra's Velden
    plant, and the answer shows both."""
    return same_subject(gold, claim.subject) or (
        claim.counterpart is not None and same_subject(gold, claim.counterpart)
    )


def match(gold: list[dict], predicted: list[Claim]) -> list[tuple[dict, Claim | None]]:
    """Each gold claim with the predicted claim it is matched to (or None)."""
    free = list(predicted)
    pairs = []
    for claim in sorted(gold, key=lambda c: c["value"] is None):
        if claim["value"] is not None:
            found = next((p for p in free if same_value(p.value, claim["value"])), None)
        else:
            statuses = [p for p in free if p.value is None]
            found = next((p for p in statuses if p.measure == claim["measure"]), None) or (
                statuses[0] if statuses else None
            )
        if found is not None:
            free.remove(found)
        pairs.append((claim, found))
    return pairs


def states_output(gold: list[dict]) -> bool:
    return any(
        c["modality"] == "achieved" and c["measure"] in ("production", "sales") for c in gold
    )


@dataclass
class ClaimScores:
    gold_claims: int = 0
    figures: int = 0
    figures_exact: int = 0
    matched: int = 0
    modality_right: int = 0
    subject_right: int = 0
    subject_exact: int = 0
    spurious: int = 0
    placed_deliverable: int = 0
    placed_right: int = 0
    output_sentences: int = 0
    rows: list[dict] = field(default_factory=list)

    def add(self, item: dict, predicted: list[Claim], deliverable: bool) -> None:
        pairs = match(item["claims"], predicted)
        self.gold_claims += len(pairs)
        wrong = []
        for claim, found in pairs:
            if claim["value"] is not None:
                self.figures += 1
                exact = found is not None and found.unit == claim["unit"]
                self.figures_exact += exact
                if not exact:
                    wrong.append(("value/unit", claim, found))
            if found is None:
                continue
            self.matched += 1
            self.modality_right += found.modality == claim["modality"]
            self.subject_right += right_entity(claim["subject"], found)
            self.subject_exact += same_subject(claim["subject"], found.subject)
            if found.modality != claim["modality"]:
                wrong.append(("modality", claim, found))
            if not right_entity(claim["subject"], found):
                wrong.append(("subject", claim, found))
        self.spurious += len(predicted) - sum(found is not None for _, found in pairs)
        truth = states_output(item["claims"])
        self.output_sentences += truth
        self.placed_deliverable += deliverable
        self.placed_right += deliverable and truth
        self.rows.append(
            {
                "id": item["id"],
                "text": item["text"],
                "deliverable": deliverable,
                "states_output": truth,
                "predicted": [c.to_dict() for c in predicted],
                "wrong": [
                    {"what": what, "gold": g, "predicted": p.to_dict() if p else None}
                    for what, g, p in wrong
                ],
            }
        )

    def metrics(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "modality_accuracy": ratio(self.modality_right, self.matched),
            "deliverable_precision": ratio(self.placed_right, self.placed_deliverable),
            "value_unit_exact": ratio(self.figures_exact, self.figures),
            "subject_accuracy": ratio(self.subject_right, self.matched),
            "subject_exact": ratio(self.subject_exact, self.matched),
            "claims_matched": ratio(self.matched, self.gold_claims),
            "deliverable_recall": ratio(self.placed_right, self.output_sentences),
        }
