"""Answer composers. The default one is extractive: every sentence of an answer is a sentence
of a retrieved passage, classified by stage, grouped into the DESIGN sections and cited. It
writes no claim of its own; what it derives (supply readiness, conflicting figures) is
structured data in the answer object."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from assistant.chunking import sentence_spans
from assistant.embeddings import StoredVectors
from assistant.grounding import (
    _MATERIALS,
    GroundingChecker,
    _first_occurrence,
    _is_day_of_month,
    _is_year,
    _name_in,
    claim_numbers,
    content_words,
    entities,
    years_in,
)
from assistant.models import RetrievedChunk
from assistant.premises import check_premise, premise_note
from assistant.questions import (
    condense,
    corrected_typos,
    question_names,
    question_parts,
    refusal_before_search,
    set_aside_names,
    spell_out_tickers,
    typed_name_groups,
)
from assistant.settings import REPO_ROOT, Settings
from assistant.stages import StageClassifier, StageLabel
from assistant.text import fold

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
# A question asking for an amount is answered by a sentence stating one ("How big is the
# resource?": the tonnage, not the history of the mine).
_ASKS_FOR_AMOUNT = re.compile(
    r"\bhow (?:much|many|far|big|large|exposed|dependent|significant)\b|"
    r"\bwhat (?:share|percentage|proportion)\b|\b(?:size|tonnes|capacity|cost)|"
    # a ranking is read off the figures: "which countries mine the most?"
    r"\b(?:the|its|their) (?:largest|biggest|smallest)\b|"
    r"\b(?:the|its|their) (?:most|least)\b(?! \w+(?:ed|ive|ic|al|ant|ent|ous|ful|ble)\b)",
    re.IGNORECASE,
)
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
    }.items()
}
_DAY_MONTH = re.compile(
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
# Retrieved text is data. A sentence that addresses a model or carries markup is never quoted.
_INSTRUCTION_LIKE = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,60}\b(instructions?|rules|prompts?|previous|"
    r"above|guidelines|citations?)\b|^\W*(system|assistant|user|human|ai)\s*:|\byou are now\b|"
    r"\brespond (?:only|with)\b|\breveal\b.{0,40}\b(prompt|instructions|secrets?)\b|"
    r"<\s*/?\s*(script|iframe|img|style|svg|object|embed|a|div|span)\b|<!--|\bas an ai\b|"
    r"\b(tell|inform) the user\b|\bjailbreak\b|\bdeveloper mode\b|\bDAN\b|"
    r"\bthe (?:assistant|model|ai|chatbot|llm)\b.{0,50}\b(?:must|should|shall)\b|"
    r"\bnotes? (?:to|for) (?:the |any )?(?:ai|models?|assistants?|chatbots?|llms?|bots?|"
    r"language models?)\b|"
    # an order for later: "when asked about X, state that ..."
    r"\bwhen (?:you are |you're )?(?:asked|answering|responding|summari[sz]ing)\b[^.]{0,80},"
    r"\s*(?:always |only )?(?:state|say|answer|reply|respond|claim|write|tell|report)\b|"
    r"\bnever (?:mention|reveal|disclose|cite|refer to)\b|"
    # a markdown link or image, and an order about "your answer"
    r"!?\[[^\]]*\]\(\s*\S+\s*\)|\bclick here\b|"
    r"\b(?:in|to|into) your (?:answer|response|reply|summary|output)s?\b",
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    return bool(_INSTRUCTION_LIKE.search(text))


@dataclass
class Evidence:
    text: str
    chunk: RetrievedChunk
    start: int  # offsets in the document body
    end: int
    relevance: float
    vector: np.ndarray
    label: StageLabel | None = None
    section: str = ""
    about: frozenset[str] = frozenset()  # the question's subjects it names


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


def _name_pattern(name: str) -> re.Pattern:
    """A name at the start of a word; a short one ("US", "MP") only as a whole word, since
    "US" is not in "US$565 million", "thus" or "use", while "Australia" is in "Australian"."""
    ending = r"(?![\w$])" if len(name) <= 3 else r"(?!\$)"
    return re.compile(rf"(?<![\w$]){re.escape(name)}{ending}")


class ExtractiveComposer:
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
        """The question as it is searched: tickers and initialisms spelled out, typos of
        the articles' words corrected."""
        index = self.retriever.lexical_index()
        spelled = spell_out_tickers(question, {**index.initialisms, **index.tickers})
        return corrected_typos(spelled, index)

    def _refusal_before_retrieval(self, question: str) -> str | None:
        return refusal_before_search(question, self.retriever.lexical_index())

    def _with_top_articles(
        self, question: str, chunks: list[RetrievedChunk]
    ) -> list[RetrievedChunk]:
        """The best-matching articles read in full (the first ``top_articles`` that the
        passages come from): a question about one project or country has its facts spread
        over that article's sections, and the passages that rank well for the question's
        words are seldom all of them; a policy question often needs a second article's
        facts as well. (A retriever that cannot list an article's passages, such as the
        naive baseline's, is left as it is.)"""
        article_chunks = getattr(self.retriever, "article_chunks", None)
        if not chunks or not self.top_article_chunks or article_chunks is None:
            return chunks
        have = {c.chunk_id for c in chunks}
        added = []
        for doc_id in list(dict.fromkeys(c.doc_id for c in chunks))[: self.top_articles]:
            whole = article_chunks(doc_id, question, self.top_article_chunks)
            added += [c for c in whole if c.chunk_id not in have]
            have.update(c.chunk_id for c in whole)
        weakest = min(c.score for c in chunks)
        for chunk in added:  # part of a best-matching article: worth at least the weakest passage
            chunk.score = max(chunk.score, weakest)
        return chunks + added

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

    def _candidates(
        self, chunks: list[RetrievedChunk]
    ) -> list[tuple[str, RetrievedChunk, int, int]]:
        seen: set[str] = set()
        rows = []
        for chunk in chunks:
            base = int(chunk.metadata.get("start", 0))
            for span in sentence_spans(chunk.text):
                text = chunk.text[span.start : span.end].strip()
                key = re.sub(r"\W+", " ", text.lower())
                if key in seen or len(text.split()) < 5 or looks_like_instruction(text):
                    continue
                seen.add(key)
                rows.append((text, chunk, base + span.start, base + span.end))
        return rows

    def _select(
        self, question: str, chunks: list[RetrievedChunk], gate: bool = True
    ) -> list[Evidence]:
        rows = self._candidates(chunks)
        if not rows:
            return []
        q_vec = self.embedder.embed_query(question)
        vectors = self.embedder.embed_sentences([r[0] for r in rows], self._stored(rows))
        index = self.retriever.lexical_index()
        # the question's words by how telling they are: sharing "10X" or "phase" says more
        # than sharing "rare" or "supply"; the floor keeps a common word worth something
        weights = {w: index.word_weight(w) + self.word_floor for w in content_words(question)}
        asked = sum(weights.values())
        q_names, aside = _asked_and_set_aside(question, index)
        subjects = _subjects(question, q_names, index)
        name_patterns = [_name_pattern(n) for n in subjects]
        # a rare name counts for more than one most articles share ("Vulcan" over "US")
        name_weights = [index.name_weight(n) for n in subjects]
        all_names = sum(name_weights)
        best_chunk_score = max(c.score for c in chunks) or 1.0
        pool = []
        for (text, chunk, start, end), vec in zip(rows, vectors):
            similarity = float(vec @ q_vec)
            words = content_words(text)
            overlap = sum(weights[w] for w in weights.keys() & words) / asked if asked else 0.0
            context = fold(f"{chunk.title} {text}").lower()
            about = frozenset(n for n, p in zip(subjects, name_patterns) if p.search(context))
            named = sum(w for n, w in zip(subjects, name_weights) if n in about)
            names_hit = named / all_names if all_names else 0.0
            relevance = (
                similarity + 0.25 * overlap + 0.2 * names_hit + 0.1 * chunk.score / best_chunk_score
            )
            pool.append(Evidence(text, chunk, start, end, relevance, vec, about=about))
        if gate and max(e.relevance for e in pool) < self.min_relevance + 0.25:
            return []
        self._suit_to_question(question, pool, aside)
        if not gate:
            return pool
        # a question asking several things gets room for each: one more sentence per part
        # after the first, up to four, so a run-on question cannot ask for a wall of text
        limit = self.max_sentences + self.per_part * (min(question_parts(question), 5) - 1)
        # which article titles name which subject: the titled articles are the question's
        # own, and the subjects that title one are its headline subjects
        titles = {c.doc_id: fold(c.title).lower() for c in chunks}
        naming = [
            (doc_id, name)
            for doc_id, title in titles.items()
            for name, pattern in zip(subjects, name_patterns)
            if pattern.search(title)
        ]
        titled = {doc_id for doc_id, _ in naming}
        headline = {name for _, name in naming}
        return self._diverse(pool, limit, titled, headline, _dates_and_figures(question))

    def _suit_to_question(self, question: str, pool: list[Evidence], aside: set[str]) -> None:
        """What the question's form asks for, weighed once the gate has passed, since it
        makes a sentence apt, not relevant:
        - an amount asked ("how much"): a sentence stating a figure gains ``amount_bonus``;
        - years named ("by 2028"): a sentence gains ``year_bonus`` for the share of them it
          names, so a later year's targets are found, not this year's news;
        - names set aside ("outside China"): a sentence about one, unless it sets the name
          aside as well, loses ``aside_penalty``: China's own exports do not answer who
          else makes magnets."""
        asks_for_amount = bool(_ASKS_FOR_AMOUNT.search(question))
        years = years_in(question)
        aside_patterns = {name: _name_pattern(name) for name in aside}
        for item in pool:
            if asks_for_amount and _figures(item.text):
                item.relevance += self.amount_bonus
            if years:
                item.relevance += self.year_bonus * len(years & years_in(item.text)) / len(years)
            about = {n for n, p in aside_patterns.items() if p.search(fold(item.text).lower())}
            if about - set_aside_names(item.text, about):
                item.relevance -= self.aside_penalty

    def _stored(self, rows: list[tuple[str, RetrievedChunk, int, int]]) -> StoredVectors | None:
        """The index's vectors for these candidate sentences, made at ingest. A retriever
        without them (the naive baseline) has its sentences encoded while answering."""
        look_up = getattr(self.retriever, "stored_sentence_vectors", None)
        if look_up is None:
            return None
        doc_of = {text: chunk.doc_id for text, chunk, _, _ in rows}
        return lambda texts: look_up([(doc_of[text], text) for text in texts])

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
            given = _dates_and_figures(question)
            for item in _not_restating(ranked, evidence + added, 2, given):
                seen.add(item.text)
                added.append(item)
        return added

    def _diverse(
        self,
        pool: list[Evidence],
        limit: int,
        own: set[str] = frozenset(),
        headline: set[str] = frozenset(),
        given: set[float] = frozenset(),
    ) -> list[Evidence]:
        """Maximal marginal relevance, so near-duplicate sentences are not shown twice, with
        a soft cap per document: each sentence past ``per_doc`` costs ``crowding``, so one
        article cannot crowd out a comparably relevant other. The question's ``own``
        articles, titled with a name it uses, have no cap: a question about Nolans gets
        the Nolans article's funding facts, not other articles' summaries of them. Two or
        more ``headline`` subjects (names that title an article) share the answer: see
        ``_owed``."""
        floor = self._floor(pool)
        # every headline subject's sentences, even a lone subject's, are measured against
        # each other, not only against the sentences the question's wording favours
        # ("Songwe Hill" over "Ngualla"); the share below needs two subjects or more
        floors = {n: self._floor([e for e in pool if n in e.about]) for n in headline}
        remaining = [
            e for e in pool if e.relevance >= min([floor, *(floors[n] for n in e.about & headline)])
        ]
        chosen: list[Evidence] = []
        shown: dict[str, int] = {}
        per_doc: dict[str, int] = {}
        while remaining and len(chosen) < limit:

            def score(e: Evidence) -> float:
                redundancy = max((float(e.vector @ c.vector) for c in chosen), default=0.0)
                cap = limit if e.chunk.doc_id in own else self.per_doc
                over_cap = max(0, per_doc.get(e.chunk.doc_id, 0) + 1 - cap)
                return 0.75 * e.relevance - 0.25 * redundancy - self.crowding * over_cap

            best = max(_owed(remaining, shown, headline, limit, len(chosen)), key=score)
            remaining.remove(best)
            if any(_restates(best, c, given) for c in chosen):
                continue
            per_doc[best.chunk.doc_id] = per_doc.get(best.chunk.doc_id, 0) + 1
            for name in best.about:
                shown[name] = shown.get(name, 0) + 1
            chosen.append(best)
        return chosen

    def _floor(self, pool: list[Evidence]) -> float:
        """The relevance a sentence needs. It hangs from the fifth-best sentence, not the
        best, so one sentence that echoes the question's words does not shut out the facts
        ranked just below it."""
        ranked = sorted((e.relevance for e in pool), reverse=True)
        reference = ranked[min(self.floor_rank, len(ranked)) - 1]
        return max(self.min_relevance, reference - 0.45)

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
        names, _ = _asked_and_set_aside(answer.condensed_question, self.retriever.lexical_index())
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


def _owed(
    remaining: list[Evidence], shown: dict[str, int], headline: set[str], limit: int, taken: int
) -> list[Evidence]:
    """The sentences the next pick is made from. A question about two or more subjects
    with articles of their own ("the status of Songwe Hill and Ngualla") owes each of them
    ``limit // (subjects + 1)`` sentences; once the slots left only just pay what is owed,
    the next pick is about the subject owed most that has sentences left."""
    if len(headline) < 2:
        return remaining
    share = limit // (len(headline) + 1)
    owed = {n: share - shown.get(n, 0) for n in sorted(headline)}
    if sum(max(0, o) for o in owed.values()) < limit - taken:
        return remaining
    for name in sorted(owed, key=lambda n: -owed[n]):
        about = [e for e in remaining if name in e.about]
        if owed[name] > 0 and about:
            return about
    return remaining


def _subjects(question: str, names: set[str], index) -> list[str]:
    """One name per thing the question names, its rarest word: "Songwe Hill" is one
    subject, not two, so it does not outweigh "Ngualla" for being typed in two words."""
    groups = [[fold(w).lower() for w in g] for g in typed_name_groups(question, names)]
    grouped = {w for g in groups for w in g}
    groups += [[n] for n in sorted(names - grouped)]
    return list(dict.fromkeys(max(g, key=index.name_weight) for g in groups))


def _asked_and_set_aside(question: str, index) -> tuple[set[str], set[str]]:
    """The names a question asks about, and those it sets aside ("outside China")."""
    names = question_names(question, index.names, index.countries)
    aside = set_aside_names(question, names)
    return names - aside, aside


def _figures(text: str) -> set[float]:
    """The numbers a sentence states (each in its written form), not its dates: years and
    days of the month ("26 February") say when, not how much."""
    return {
        min(options)
        for options in claim_numbers(text)
        if not _is_written_year(text, options) and not _is_day_of_month(text, options)
    }


def _dates_and_figures(text: str) -> set[float]:
    return {min(options) for options in claim_numbers(text)}


def _is_written_year(text: str, options: set[float]) -> bool:
    """2025, FY25 and 2024-25 are years; 2,000 t, written with a thousands comma, is not."""
    if not _is_year(options):
        return False
    written = _first_occurrence(text, options)
    return written is None or "," not in written.group(0)


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
    asked = _asked_metrics(question) or _asked_materials(question)
    if not asked or not (_asked_metrics(question) or _ASKS_FOR_AMOUNT.search(question)):
        return ""
    titles = {c["n"]: " ".join(c["title"].split()[:3]) for c in citations}
    stating = [
        fold(
            " ".join([*(titles.get(n, "") for n in sentence["citations"]), sentence["text"]])
        ).lower()
        for section in sections
        for sentence in section["sentences"]
        if _figures(sentence["text"])
        and asked <= _asked_metrics(sentence["text"]) | _asked_materials(sentence["text"])
    ]
    subjects = [n for n in names if n not in _MATERIALS and not _asked_metrics(n)]
    # named as the grounding checker reads names: "Estonian" names Estonia, "US" the US
    missing = {n for n in subjects if not any(_name_in(n, t) for t in stating)}
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


def _restates(a: Evidence, b: Evidence, given: set[float] = frozenset()) -> bool:
    """Whether ``a`` adds nothing to ``b`` shown before it: a near-duplicate, two sentences
    giving mostly the same figures for the same thing (one calculation quoted by two
    articles), or a close rewording whose every figure ``b`` already gives (a second
    article's account of the same reserve claim, with a standard's name added or not; or
    of the same slip "from December 2024 to August 2026", where the dates are the figures).
    Figures the question ``given`` itself names say which thing is meant ("MP's 10X plant",
    "by 2028"), not what is said of it, so they are left out of the comparison."""
    similarity = float(a.vector @ b.vector)
    if similarity > 0.92:
        return True
    stated = _dates_and_figures(a.text) - given
    if stated and similarity > 0.75 and stated <= _dates_and_figures(b.text):
        return True
    figures_a, figures_b = _figures(a.text) - given, _figures(b.text) - given
    if not figures_a or not figures_b or similarity < 0.6:
        return False
    if figures_a <= figures_b and similarity > 0.7:
        return True
    overlap = len(figures_a & figures_b) / max(len(figures_a), len(figures_b))
    return overlap >= 0.6 and (len(figures_a & figures_b) >= 2 or similarity > 0.7)


def _not_restating(
    candidates: list[Evidence], shown: list[Evidence], limit: int, given: set[float] = frozenset()
) -> list[Evidence]:
    """The first ``limit`` candidates that restate nothing shown or picked before them: a
    second article's wording of a figure already in the answer adds length, not evidence."""
    picked: list[Evidence] = []
    for item in candidates:
        if len(picked) == limit:
            break
        if not any(_restates(item, c, given) for c in shown + picked):
            picked.append(item)
    return picked


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
            figures_a, figures_b = _figures(a["text"]), _figures(b["text"])
            if not figures_a or not figures_b or figures_a & figures_b:
                continue
            subjects = (entities(a["text"]) & entities(b["text"])) - _MATERIALS
            if subjects:
                key = tuple(sorted(set(a["citations"] + b["citations"])))
                groups.setdefault(key, set()).update(subjects)
    return [
        {
            "subject": " ".join(sorted(subjects)),
            "citations": list(key),
            "dates": [by_n[n].get("date", "") for n in key],
        }
        for key, subjects in groups.items()
    ]


def build_composer(settings: Settings, retriever, embedder):
    checker = GroundingChecker(embedder)
    classifier = StageClassifier(
        embedder, REPO_ROOT / "evals" / "stages" / "dev.jsonl", cache_dir=settings.data_dir
    )
    if settings.composer == "llm":
        from assistant.llm import LLMComposer

        return LLMComposer(settings, retriever, embedder, classifier, checker)
    return ExtractiveComposer(settings, retriever, embedder, classifier, checker)
