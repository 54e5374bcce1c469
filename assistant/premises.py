"""Checking what a question takes as given.

"Since Russia already supplies 10% of the world's rare earths, who buys it?" carries a
claim the answer's sentences may never address head-on. The premise is searched on its
own and judged against the passages found, in one of three ways:

- its figures and dates, which the grounding checker reads exactly: a figure no passage
  states for it ("Karrath makes 5,000 t of terbium") is flagged;
- a figure said to be delivered ("already supplies 10%") that every sentence giving it
  for its subject reads as a target, plan or capacity;
- a subject said to be producing, with no figure ("Now that Lake Qorvath is in
  production"), that no sentence about it describes as deliverable supply.

Wording alone is never judged: the checker reads it loosely, and a premise that asserts
no output and gives no figure is left to the sentences below it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding import GroundingChecker
from assistant.models import RetrievedChunk
from assistant.questions import (
    asks_for_output,
    asserts_output,
    demonym_of,
    question_names,
    set_aside_names,
    stated_premise,
    typed_name_groups,
)
from assistant.stages import StageClassifier
from assistant.text import fold
from assistant.text.names import expansion_of
from assistant.text.numbers import claim_numbers, numbers_in
from assistant.text.sentences import sentence_texts

NOT_STATED = "no passage found states that"
ONLY_PLANNED = "the passages give that figure only as a target, plan or capacity, not as output"
NOT_PRODUCING = (
    "the passages found describe it only as potential, planned, being built or blocked, "
    "not as producing"
)


@dataclass(frozen=True)
class PremiseToCheck:
    """What a question takes as given, and what to search to judge it."""

    premise: str  # as the note will quote it
    query: str  # searched on its own
    presupposed_subject: str = ""  # for "how much did X produce?": the name judged

    def summary(self) -> dict:
        return {"premise": self.premise, "query": self.query}


def premise_to_check(question: str, index) -> PremiseToCheck | None:
    """The premise worth checking, or None: a question that asserts a figure or that
    something is delivered, or that asks how much a named project produced (which takes
    it as given that it produces). A country is too broad for the latter."""
    premise = stated_premise(question)
    if not premise and asks_for_output(question):
        names = _not_countries(question_names(question, index.names, index.countries), index)
        names -= set_aside_names(question, names)
        if not names:
            return None
        # judged by its most specific name, the rarest: a plant, not its owner or state
        rarest = max(sorted(names), key=index.name_weight)
        typed = next(
            (" ".join(g) for g in typed_name_groups(question, names) if rarest in _folded(g)),
            rarest,
        )
        return PremiseToCheck(f"{typed} is producing", question, rarest)
    if not premise or not (claim_numbers(premise) or asserts_output(premise)):
        return None
    return PremiseToCheck(premise, premise)


def judge_premise(
    check: PremiseToCheck,
    chunks: list[RetrievedChunk],
    index,
    checker: GroundingChecker,
    classifier: StageClassifier,
    enough_to_judge: int = 3,
) -> dict:
    """``{"premise": ..., "problem": ...}`` when the passages found do not bear out what
    the question takes as given; ``{}`` when they do or cannot tell. ``enough_to_judge``:
    fewer sentences about the subject, and whether it produces is not judged."""
    if not chunks:
        return {}
    if check.presupposed_subject:
        named = _sentences_naming({check.presupposed_subject}, chunks)
        if len(named) < enough_to_judge or _any_output(named, classifier):
            return {}
        return {"premise": check.premise, "problem": NOT_PRODUCING}
    premise = check.premise
    subjects = question_names(premise, index.names, index.countries)
    if not claim_numbers(premise):
        # a country is too broad to be "producing" or not
        named = _sentences_naming(_not_countries(subjects, index), chunks)
        if len(named) >= enough_to_judge and not _any_output(named, classifier):
            return {"premise": premise, "problem": NOT_PRODUCING}
        return {}
    if not any(checker.check(premise, [c.text]).supported for c in chunks):
        reasons = checker.check(premise, [c.text for c in chunks]).reasons
        if any(r.startswith(("number", "date")) for r in reasons):
            return {"premise": premise, "problem": NOT_STATED}
    if asserts_output(premise):
        wanted = claim_numbers(premise)
        giving = [
            s
            for s in _sentences_naming(subjects, chunks)
            if all(options & numbers_in(s) for options in wanted)
        ]
        if giving and not _any_output(giving, classifier):
            return {"premise": premise, "problem": ONLY_PLANNED}
    return {}


def _not_countries(names: set[str], index) -> set[str]:
    """The names that are not a country, nor its abbreviation ("US") or demonym."""

    def country(name: str) -> str:
        return expansion_of(name) or name

    return {
        n
        for n in names
        if country(n) not in index.countries
        and not any(demonym_of(n, c) for c in index.countries)  # "Chinese" ~ China
    }


def _folded(words: list[str]) -> set[str]:
    return {fold(w).lower() for w in words}


def _sentences_naming(subjects: set[str], chunks: list[RetrievedChunk]) -> list[str]:
    """The passages' sentences that name one of the subjects, in the sentence or in its
    article's title."""
    if not subjects:
        return []
    patterns = [re.compile(rf"\b{re.escape(s)}\b") for s in subjects]
    return [
        sentence
        for chunk in chunks
        for sentence in sentence_texts(chunk.text)
        if any(p.search(fold(f"{chunk.title} {sentence}").lower()) for p in patterns)
    ]


def _any_output(sentences: list[str], classifier: StageClassifier) -> bool:
    return any(
        label.section == "deliverable_supply" for label in classifier.classify_many(sentences)
    )
