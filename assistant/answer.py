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


VERDICT_NAMES = {
    "delivering": "delivering",
    "partly_delivering": "partly delivering",
    "in_pipeline": "in the pipeline, not delivering",
    "potential_only": "potential only, nothing delivered",
    "blocked": "blocked",
    "not_shown": "not shown in the sources",
    "not_applicable": "no delivery status applies",
}


def verdict_heading(verdict: dict) -> str:
    about = f" ({verdict['subject']})" if verdict.get("subject") else ""
    return f"**Verdict{about}: {VERDICT_NAMES.get(verdict['status'], verdict['status'])}**"


def with_more_evidence(markdown: str, evidence_more: list[dict]) -> str:
    """An answer's Markdown with the evidence beyond the default listed before its sources
    (``ask --all``)."""
    if not evidence_more:
        return markdown
    more = "\n".join(
        f"- {sentence_line(row)} {''.join(f'[{n}]' for n in row['citations'])}"
        for row in evidence_more
    )
    body, found, sources = markdown.partition("**Sources**")
    return f"{body.rstrip()}\n\n**More evidence**\n\n{more}" + (
        f"\n\n{found}{sources}" if found else ""
    )


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
    verdict: dict = field(default_factory=dict)  # the short answer reached from the claims
    evidence_more: list[dict] = field(default_factory=list)  # evidence beyond the default

    @property
    def answer_markdown(self) -> str:
        if self.refused:
            return f"**The corpus does not show that.** {self.refusal_reason}"
        lines: list[str] = []
        # what is wrong with the question itself first, then the verdict, then the evidence
        if self.unsupported_premise:
            lines += [f"_{premise_note(self.unsupported_premise)}_", ""]
        if self.not_stated:
            lines += [f"_{not_stated_note(self.not_stated)}_", ""]
        if self.verdict:
            lines += [verdict_heading(self.verdict), ""]
            lines += [f"- {line['text']}" for line in self.verdict["lines"]]
            lines.append("")
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
        if self.verdict:
            out["verdict"] = self.verdict
        out["evidence_more"] = self.evidence_more
        if self.trace is not None:
            out["trace"] = self.trace
        return out
