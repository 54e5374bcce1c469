"""The answer object the pipeline builds and the CLI, the app and the evaluation read.

``Answer.to_dict`` is the JSON contract of ``shared/DESIGN.md``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.claims import Claim
from assistant.selection import Evidence
from assistant.stages import StageLabel


@dataclass
class Statement:
    """A sentence of the answer and the evidence sentences it cites. The extractive
    assembler writes quotes (the text is the evidence's own); the LLM assembler writes
    its own sentences, checked against what they cite."""

    text: str
    sources: list[Evidence]
    relevance: float
    label: StageLabel | None = None
    section: str = ""
    flagged: list[str] = field(default_factory=list)  # grounding reasons, when flagged
    subject: str = ""  # what the sentence speaks of
    claims: list[Claim] = field(default_factory=list)

    @property
    def date(self) -> str:
        return max((s.chunk.date or "" for s in self.sources), default="")


def sentence_line(sentence: dict, escape: Callable[[str], str] = str) -> str:
    """A quoted sentence as the answer shows it: what it is about in square brackets when
    it does not say ("[Quorra Metals] The plant is designed to ..."), the exact quote, and
    which of its figures are not output when it stands under deliverable supply. ``escape``
    makes source text safe for the page that shows it."""
    context = f"[{escape(sentence['context'])}] " if sentence.get("context") else ""
    not_output = sentence.get("not_output") or []
    note = f" _({escape('; '.join(not_output))}, not output)_" if not_output else ""
    return f"{context}{escape(sentence['text'])}{note}"


def premise_note(check: dict) -> str:
    return f"The question takes as given that {check['premise']}, but {check['problem']}."


def not_stated_note(what: str) -> str:
    return f"None of the sentences below gives {what}: the corpus may not state one."


@dataclass
class Answer:
    question: str
    condensed_question: str
    refused: bool
    composer: str
    sections: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    grounding: dict = field(default_factory=lambda: {"supported_ratio": 1.0, "unsupported": []})
    supply_readiness: dict = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    refusal_reason: str = ""
    not_stated: str = ""  # what the question asks a figure for that no sentence gives
    # what the question takes as given that the passages do not bear out, and why
    unsupported_premise: dict = field(default_factory=dict)
    elapsed_ms: float = 0.0
    corpus_version: str = ""  # the version of the corpus the answer was made on
    trace: list[dict] | None = None  # each pipeline step, when asked for

    @property
    def answer_markdown(self) -> str:
        if self.refused:
            return f"**The corpus does not show that.** {self.refusal_reason}"
        lines: list[str] = []
        if self.unsupported_premise:
            lines += [f"_{premise_note(self.unsupported_premise)}_", ""]
        if self.not_stated:
            lines += [f"_{not_stated_note(self.not_stated)}_", ""]
        for section in self.sections:
            lines.append(f"**{section['title']}**")
            lines.append("")
            for sentence in section["sentences"]:
                marks = "".join(f"[{n}]" for n in sentence["citations"])
                lines.append(f"- {sentence_line(sentence)} {marks}")
            lines.append("")
        if self.citations:
            lines.append("**Sources**")
            lines.append("")
            for c in self.citations:
                date = f" ({c['date']})" if c.get("date") else ""
                lines.append(f"[{c['n']}] {c['title']}{date}")
        return "\n".join(lines).strip()

    def to_dict(self) -> dict:
        out = {
            "question": self.question,
            "refused": self.refused,
            "answer_markdown": self.answer_markdown,
            "sections": self.sections,
            "citations": self.citations,
            "grounding": self.grounding,
            "condensed_question": self.condensed_question,
            "composer": self.composer,
            "refusal_reason": self.refusal_reason,
            "supply_readiness": self.supply_readiness,
            "conflicts": self.conflicts,
            "not_stated": self.not_stated,
            "unsupported_premise": self.unsupported_premise,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "corpus_version": self.corpus_version,
        }
        if self.trace is not None:
            out["trace"] = self.trace
        return out
