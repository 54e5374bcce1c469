"""Checking what a question takes as given.

"Since Russia already supplies 10% of the world's rare earths, who buys it?" carries a
claim the answer's sentences may never address head-on. The premise is searched on its
own and judged against the passages found, by its figures and dates only: the grounding
checker reads numbers exactly and wording loosely, so a premise without a figure is not
judged at all ("Now that Tomtor is producing…" is left to the sentences below it)."""

from __future__ import annotations

import re

from assistant.grounding import GroundingChecker, claim_numbers, numbers_in, sentence_texts
from assistant.models import RetrievedChunk
from assistant.questions import asserts_output, question_names, stated_premise
from assistant.stages import StageClassifier
from assistant.text import fold

NOT_STATED = "no passage found states that"
ONLY_PLANNED = "the passages give that figure only as a target, plan or capacity, not as output"


def check_premise(
    question: str,
    retriever,
    checker: GroundingChecker,
    classifier: StageClassifier,
    passages: int = 8,
) -> dict:
    """``{"premise": ..., "problem": ...}`` when the question takes as given a figure that
    no passage states, or states a planned figure as delivered; ``{}`` otherwise."""
    premise = stated_premise(question)
    if not premise or not claim_numbers(premise):
        return {}
    chunks = retriever.search(premise, passages)
    if not chunks:
        return {}
    if not any(checker.check(premise, [c.text]).supported for c in chunks):
        reasons = checker.check(premise, [c.text for c in chunks]).reasons
        if any(r.startswith(("number", "date")) for r in reasons):
            return {"premise": premise, "problem": NOT_STATED}
    index = retriever.lexical_index()
    subjects = question_names(premise, index.names, index.countries)
    if asserts_output(premise) and not _stated_as_output(premise, subjects, chunks, classifier):
        return {"premise": premise, "problem": ONLY_PLANNED}
    return {}


def _stated_as_output(
    premise: str, subjects: set[str], chunks: list[RetrievedChunk], classifier: StageClassifier
) -> bool:
    """Whether some sentence giving all the premise's figures, about one of its subjects,
    reads as deliverable supply. With no such sentence there is nothing to judge by."""
    wanted = claim_numbers(premise)
    giving = [
        sentence
        for chunk in chunks
        for sentence in sentence_texts(chunk.text)
        if all(options & numbers_in(sentence) for options in wanted)
        and _names_one_of(subjects, fold(f"{chunk.title} {sentence}").lower())
    ]
    if not giving:
        return True
    return any(label.section == "deliverable_supply" for label in classifier.classify_many(giving))


def _names_one_of(subjects: set[str], text: str) -> bool:
    return not subjects or any(re.search(rf"\b{re.escape(s)}\b", text) for s in subjects)


def premise_note(check: dict) -> str:
    return f"The question takes as given that {check['premise']}, but {check['problem']}."
