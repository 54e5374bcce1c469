"""Answer composers. The default one is extractive: every sentence of an answer is a sentence
of a retrieved passage, classified by stage, grouped into the DESIGN sections and cited. It
writes no claim of its own; what it derives (supply readiness, conflicting figures) is
structured data in the answer object."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from assistant.domain import domain
from assistant.grounding import GroundingChecker
from assistant.models import RetrievedChunk
from assistant.premises import check_premise, premise_note
from assistant.questions import (
    condense,
    refusal_before_search,
    spelled_out,
    typed_name_groups,
)
from assistant.selection import (
    ASKS_FOR_AMOUNT,
    Evidence,
    EvidenceSelection,
    asked_and_set_aside,
    not_restating,
)
from assistant.settings import REPO_ROOT, Settings
from assistant.stages import StageClassifier, StageLabel
from assistant.text import fold
from assistant.text.dates import years_in
from assistant.text.names import entities, name_in
from assistant.text.numbers import dates_and_figures, stated_figures

SECTION_ORDER = [
    "resource_potential",
    "pipeline",
    "deliverable_supply",
    "constraints",
    "bottom_line",
]
SECTION_TITLES = {
    "resource_potential": "Resource potential: in the ground, studied or announced",
    "pipeline": "Pipeline: permitted, financed, being built or commissioning (not yet delivering)",
    "deliverable_supply": "Deliverable supply: producing and shipping",
    "constraints": "Constraints",
    "bottom_line": "Bottom line and context",
}
READINESS_STEPS = {
    "mine": ("mine_concentrate",),
    "separation": ("cracking", "separation"),
    "metal": ("metal_alloy",),
    "magnet": ("magnet",),
}
_STATUS_RANK = {"deliverable_supply": 3, "pipeline": 2, "resource_potential": 1, "constraints": 0}
_STATUS_NAME = {
    "deliverable_supply": "producing",
    "pipeline": "in pipeline",
    "resource_potential": "potential only",
    "constraints": "constrained",
}
_FACET_QUERIES = {
    "deliverable_supply": "produced output tonnes actual production operating",
    "constraints": "constraints sanctions export controls no plant delayed halted blocked",
}
# The elements and products a question can ask a figure for: "How much terbium does Lynas
# make?" is not answered by Lynas's NdPr tonnes, nor by China's terbium controls. Symbols
# count only as typed ("Dy", not "dy"), since "pr" and "sm" are ordinary abbreviations.
_ASKED_MATERIALS = (
    "neodymium praseodymium dysprosium terbium samarium lanthanum cerium yttrium scandium "
    "lutetium gadolinium holmium erbium thulium europium ytterbium ndpr ndfeb magnet"
).split()
_ELEMENT_SYMBOLS = {
    "Nd": "neodymium",
    "Pr": "praseodymium",
    "Dy": "dysprosium",
    "Tb": "terbium",
    "Sm": "samarium",
}
_SHOWN_AS = {"ndpr": "NdPr", "ndfeb": "NdFeB", "magnet": "magnets"}
_ASKED_MATERIAL = re.compile(
    rf"\b({'|'.join(_ASKED_MATERIALS)})s?\b|(?-i:\b({'|'.join(_ELEMENT_SYMBOLS)})\b)",
    re.IGNORECASE,
)
# The measures of a project's economics an investor asks a figure for, each with the
# wordings articles use for it ("NPV" is written "net present value"). Asking for one asks
# for an amount, so an answer without it says so instead of letting other figures pass.
_ASKED_METRICS = {
    name: re.compile(wordings, re.IGNORECASE)
    for name, wordings in {
        "NPV": r"\bnpvs?\b|\bnet present value",
        "IRR": r"\birrs?\b|\binternal rate of return",
        "capital cost": r"\bcapex\b|\bcapital (?:cost|expenditure|spending)|\bcost to build|"
        r"\b(?:expected|estimated|construction|building) cost",
        "operating cost": r"\bopex\b|\b(?:operating|cash|production) costs?\b|\baisc\b",
        "mine life": r"\bmine life|\blife of (?:the )?mine",
        "revenue": r"\brevenues?\b|\bturnover\b",
        "profit": r"\bprofit(?:s|able|ability)?\b|\bnet (?:income|loss)|\bebitda\b|"
        r"\bearnings\b(?! call)",
        # an ore grade is often written as the share itself: "18.5 Mt at 4.8% REO"
        "grade": r"\b(?:ore |head |average )?grades?\b|\bat \d[\d.]*\s?% t?reo\b",
        "price": r"\bprices?\b|\bper kilogram\b|/kg\b",
        "royalty": r"\broyalt(?:y|ies)\b",
        "payback": r"\bpayback\b",
    }.items()
}


@dataclass
class Claim:
    """A sentence of the answer and the evidence sentences it cites."""

    text: str
    sources: list[Evidence]
    relevance: float
    label: StageLabel | None = None
    section: str = ""
    flagged: list[str] = field(default_factory=list)  # grounding reasons, when flagged

    @property
    def date(self) -> str:
        return max((s.chunk.date or "" for s in self.sources), default="")


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
                lines.append(f"- {sentence['text']} {marks}")
            lines.append("")
        if self.citations:
            lines.append("**Sources**")
            lines.append("")
            for c in self.citations:
                date = f" ({c['date']})" if c.get("date") else ""
                lines.append(f"[{c['n']}] {c['title']}{date}")
        return "\n".join(lines).strip()

    def to_dict(self) -> dict:
        return {
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
        }


class ExtractiveComposer(EvidenceSelection):
    name = "extractive"

    def __init__(
        self,
        settings: Settings,
        retriever,
        embedder,
        classifier: StageClassifier,
        checker: GroundingChecker,
        min_relevance: float = 0.30,
        max_sentences: int = 14,
        per_doc: int = 5,
        crowding: float = 0.15,
        top_article_chunks: int = 8,
        top_articles: int = 2,
        amount_bonus: float = 0.1,
        year_bonus: float = 0.2,
        aside_penalty: float = 0.2,
        premise_passages: int = 8,
        per_part: int = 1,
        floor_rank: int = 5,
        word_floor: float = 0.25,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.embedder = embedder
        self.classifier = classifier
        self.checker = checker
        self.min_relevance = min_relevance
        self.max_sentences = max_sentences
        self.per_doc = per_doc
        self.crowding = crowding
        self.top_article_chunks = top_article_chunks
        self.top_articles = top_articles
        self.amount_bonus = amount_bonus
        self.year_bonus = year_bonus
        self.aside_penalty = aside_penalty
        self.premise_passages = premise_passages
        self.per_part = per_part
        self.floor_rank = floor_rank
        self.word_floor = word_floor

    # ---- the pipeline ---------------------------------------------------------------------
    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        started = time.perf_counter()
        question = question.strip()
        condensed = self._spelled_out(condense(question, history or []))
        answer = Answer(
            question=question, condensed_question=condensed, refused=False, composer=self.name
        )
        reason = self._refusal_before_retrieval(condensed)
        evidence: list[Evidence] = []
        if not reason:
            chunks = self.retriever.search(condensed, self.settings.top_k + 6)
            chunks = self._with_top_articles(condensed, chunks)
            evidence, reason = self._evidence_or_refusal(condensed, chunks)
        if reason:
            answer.refused, answer.refusal_reason = True, reason
        else:
            evidence += self._missing_facets(condensed, evidence)
            self._fill(answer, [Claim(e.text, [e], e.relevance) for e in evidence])
        answer.elapsed_ms = (time.perf_counter() - started) * 1000
        return answer

    def _spelled_out(self, question: str) -> str:
        return spelled_out(question, self.retriever.lexical_index())

    def _refusal_before_retrieval(self, question: str) -> str | None:
        return refusal_before_search(question, self.retriever.lexical_index())

    def _evidence_or_refusal(
        self, question: str, chunks: list[RetrievedChunk]
    ) -> tuple[list[Evidence], str | None]:
        """The sentences worth quoting, or why the passages found cannot answer."""
        evidence = self._select(question, chunks)
        if not evidence:
            return [], (
                "no passage in the indexed articles is relevant enough to answer this "
                "question, so the assistant will not guess"
            )
        return evidence, self._year_after_the_corpus(question, evidence)

    def _year_after_the_corpus(self, question: str, evidence: list[Evidence]) -> str | None:
        """A question about a year later than the newest article can only be answered by a
        source that looks ahead to it (a target, a plan, a forecast). When no sentence chosen
        for the answer names that year, sentences about other years would only pass for an
        answer. (A passage naming the year for some other project does not count.)"""
        years = years_in(question)
        if not years:
            return None  # most questions: no need to look at the corpus's dates
        dates = self.retriever.lexical_index().date_ints
        newest = int(dates.max()) // 10000 if len(dates) else 0
        later = sorted(y for y in years if newest and y > newest)
        unmentioned = [y for y in later if not any(str(y) in e.text for e in evidence)]
        if not unmentioned:
            return None
        return (
            f"no passage relevant to this question says anything about {unmentioned[0]}, which "
            f"is after the newest article in the corpus ({newest}); the assistant will not "
            "forecast it"
        )

    def _missing_facets(self, question: str, evidence: list[Evidence]) -> list[Evidence]:
        """A question about potential deserves the other side too: when the chosen evidence
        shows no deliverable supply or no constraint, look for it in the articles already
        cited (never elsewhere), so a target is shown next to what is actually delivered and
        what stands in the way."""
        from assistant.retrieval import SearchFilter

        labels = self.classifier.classify_many([e.text for e in evidence])
        present = {label.section for label in labels}
        doc_ids = tuple(dict.fromkeys(e.chunk.doc_id for e in evidence))[:3]
        seen = {e.text for e in evidence}
        added: list[Evidence] = []
        given = dates_and_figures(question)
        for section, terms in _FACET_QUERIES.items():
            if section in present or not doc_ids:
                continue
            chunks = self.retriever.search(
                f"{question} {terms}", 4, search_filter=SearchFilter(doc_ids=doc_ids)
            )
            pool = [e for e in self._select(question, chunks, gate=False) if e.text not in seen]
            facet_labels = self.classifier.classify_many([e.text for e in pool])
            matching = [e for e, lab in zip(pool, facet_labels) if lab.section == section]
            ranked = sorted(matching, key=lambda e: e.relevance, reverse=True)
            for item in not_restating(ranked, evidence + added, 2, given):
                seen.add(item.text)
                added.append(item)
        return added

    # ---- building the answer object -------------------------------------------------------
    def _fill(self, answer: Answer, claims: list[Claim]) -> None:
        """Classify, group into sections (newest evidence first), number the citations and
        check grounding. Shared by every composer so answers look and behave alike."""
        labels = self.classifier.classify_many([c.text for c in claims])
        for claim, label in zip(claims, labels):
            claim.label = label
            claim.section = "bottom_line" if label.section == "context" else label.section
        citation_of: dict[tuple[str, int], int] = {}
        for section in SECTION_ORDER:
            members = [c for c in claims if c.section == section]
            members.sort(key=lambda c: (c.date, c.relevance), reverse=True)
            if not members:
                continue
            sentences = []
            for claim in members:
                numbers = []
                for source in claim.sources:
                    key = (source.chunk.chunk_id, source.start)
                    if key not in citation_of:
                        citation_of[key] = len(citation_of) + 1
                        answer.citations.append(self._citation(citation_of[key], source))
                    numbers.append(citation_of[key])
                sentence = {
                    "text": claim.text,
                    "citations": sorted(set(numbers)),
                    "stage": claim.label.stage,
                    "chain": claim.label.chain,
                    "stage_confidence": round(claim.label.confidence, 3),
                    "date": claim.date,
                }
                if claim.flagged:
                    sentence["unsupported"] = claim.flagged
                sentences.append(sentence)
            answer.sections.append(
                {"label": section, "title": SECTION_TITLES[section], "sentences": sentences}
            )
        answer.grounding = self.checker.check_answer(
            [(c.text, [s.chunk.text for s in c.sources]) for c in claims]
        )
        answer.supply_readiness = supply_readiness(answer.sections)
        answer.conflicts = find_conflicts(answer.sections, answer.citations)
        names, _ = asked_and_set_aside(answer.condensed_question, self.retriever.lexical_index())
        answer.not_stated = unstated_figure(
            answer.condensed_question, answer.sections, answer.citations, names
        )
        answer.unsupported_premise = check_premise(
            answer.condensed_question,
            self.retriever,
            self.checker,
            self.classifier,
            self.premise_passages,
        )

    @staticmethod
    def _citation(n: int, item: Evidence) -> dict:
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


def unstated_figure(
    question: str, sections: list[dict], citations: list[dict], names: set[str]
) -> str:
    """What a question asks a figure for that no sentence of the answer gives, e.g. "a
    figure for terbium naming Lynas" when every sentence with a figure is about NdPr or
    another company, or "a figure for NPV naming Nolans". Only for an amount asked of a named
    element or product, or for a measure of a project's economics: so the answer says what
    it lacks instead of letting a nearby figure pass for the one asked. Empty when some
    sentence states a figure naming the material (or measure) and each subject. A subject may be
    named by the opening words of the article's title instead ("Lynas Mt Weld: ..." for
    "The company produced ..."), not by a title that merely mentions it ("... ex-China")."""
    # a measure asked is what the figure is for: "the cost to build a magnet plant" asks
    # for a cost, not for magnet tonnes
    metrics = _asked_metrics(question)
    asked = metrics or _asked_materials(question)
    if not asked or not (metrics or ASKS_FOR_AMOUNT.search(question)):
        return ""
    titles = {c["n"]: " ".join(c["title"].split()[:3]) for c in citations}
    stating = [
        fold(
            " ".join([*(titles.get(n, "") for n in sentence["citations"]), sentence["text"]])
        ).lower()
        for section in sections
        for sentence in section["sentences"]
        if stated_figures(sentence["text"])
        and asked <= _asked_metrics(sentence["text"]) | _asked_materials(sentence["text"])
    ]
    subjects = [n for n in names if n not in domain().material_words and not _asked_metrics(n)]
    # named as the grounding checker reads names: "Estonian" names Estonia, "US" the US
    missing = {n for n in subjects if not any(name_in(n, t) for t in stating)}
    if stating and not missing:
        return ""
    what = " and ".join(_SHOWN_AS.get(m, m) for m in sorted(asked))
    whose = _as_typed(question, missing if stating else set(subjects))
    if stating and not whose:  # figures there are, for subjects the note could not name
        return ""
    return f"a figure for {what}" + (f" naming {whose}" if whose else "")


def not_stated_note(what: str) -> str:
    return f"None of the sentences below gives {what}: the corpus may not state one."


def _asked_materials(text: str) -> set[str]:
    """The elements and products a text names, by name or symbol, in their name's form."""
    return {
        name.lower() if name else _ELEMENT_SYMBOLS[symbol]
        for name, symbol in _ASKED_MATERIAL.findall(text)
    }


def _asked_metrics(text: str) -> set[str]:
    return {name for name, wordings in _ASKED_METRICS.items() if wordings.search(text)}


def _as_typed(question: str, names: set[str]) -> str:
    """The names as the question writes them, words of one name kept together."""
    return " and ".join(" ".join(g) for g in typed_name_groups(question, names))


def supply_readiness(sections: list[dict]) -> dict:
    """Per value-chain step, the furthest stage the cited evidence reaches."""
    readiness = {step: {"status": "no evidence", "citations": []} for step in READINESS_STEPS}
    best_rank = dict.fromkeys(READINESS_STEPS, -1)
    for section in sections:
        rank = _STATUS_RANK.get(section["label"])
        if rank is None:
            continue
        for sentence in section["sentences"]:
            for step, chains in READINESS_STEPS.items():
                if sentence.get("chain") not in chains:
                    continue
                readiness[step]["citations"] = sorted(
                    set(readiness[step]["citations"]) | set(sentence["citations"])
                )
                if rank > best_rank[step]:
                    best_rank[step] = rank
                    readiness[step]["status"] = _STATUS_NAME[section["label"]]
    return readiness


def find_conflicts(sections: list[dict], citations: list[dict]) -> list[dict]:
    """Sentences from *different* articles about the same subject, stage and value-chain
    step that give different figures, so the UI can show them side by side with their dates
    rather than silently pick one. Materials (NdPr, REO) are not subjects."""
    by_n = {c["n"]: c for c in citations}
    rows = [s for sec in sections for s in sec["sentences"]]
    groups: dict[tuple[int, ...], set[str]] = {}
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            docs_a = {by_n[n]["doc_id"] for n in a["citations"]}
            docs_b = {by_n[n]["doc_id"] for n in b["citations"]}
            if docs_a & docs_b or (a.get("chain"), a.get("stage")) != (
                b.get("chain"),
                b.get("stage"),
            ):
                continue
            figures_a, figures_b = stated_figures(a["text"]), stated_figures(b["text"])
            if not figures_a or not figures_b or figures_a & figures_b:
                continue
            subjects = (entities(a["text"]) & entities(b["text"])) - domain().material_words
            if subjects:
                key = tuple(sorted(set(a["citations"] + b["citations"])))
                groups.setdefault(key, set()).update(_as_written(n, a["text"]) for n in subjects)
    return [
        {
            "subject": " ".join(sorted(subjects)),
            "citations": list(key),
            "dates": [by_n[n].get("date", "") for n in key],
        }
        for key, subjects in groups.items()
    ]


def _as_written(name: str, text: str) -> str:
    """A name as the sentence writes it ("Tanbreez", not the index's "tanbreez")."""
    found = re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    return found.group(0) if found else name


def build_composer(settings: Settings, retriever, embedder):
    checker = GroundingChecker(embedder)
    classifier = StageClassifier(
        embedder, REPO_ROOT / "evals" / "stages" / "dev.jsonl", cache_dir=settings.data_dir
    )
    if settings.composer == "llm":
        from assistant.llm import LLMComposer

        return LLMComposer(settings, retriever, embedder, classifier, checker)
    return ExtractiveComposer(settings, retriever, embedder, classifier, checker)
