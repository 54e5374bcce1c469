"""Which sentences an answer quotes. Every sentence of the retrieved passages is a
candidate; each is scored for relevance to the question (encoder similarity, the question's
telling words and names it shares, its passage's rank), weighed for what the question's form
asks for (an amount, a year, a name set aside), and chosen with maximal marginal relevance
under a relevance floor, a soft per-article cap and a share for each headline subject.
Restatements of a figure already shown are skipped. The numbers are
``settings.SelectionSettings`` and ``settings.RestatementSettings``."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.claims import Claim
from assistant.domain import domain
from assistant.embeddings import StoredVectors
from assistant.models import RetrievedChunk
from assistant.questions import (
    question_names,
    question_parts,
    separate_questions,
    set_aside_names,
    typed_name_groups,
)
from assistant.reading import SentenceReading, stored_readings
from assistant.settings import RestatementSettings, SelectionSettings
from assistant.stages import StageLabel
from assistant.text import fold
from assistant.text.dates import years_in
from assistant.text.numbers import dates_and_figures, stated_figures
from assistant.text.sentences import units
from assistant.text.tokens import content_words

# A question asking for an amount is answered by a sentence stating one ("How big is the
# resource?": the tonnage, not the history of the mine).
ASKS_FOR_AMOUNT = domain().compiled("asks_for_amount")
# Retrieved text is data. A sentence that addresses a model or carries markup is never quoted.
_INSTRUCTION_LIKE = domain().compiled("instruction_like")


# the units of a passage that can be quoted as evidence: sentences, bullets, and lines that
# stand alone (a headline states a fact as often as not)
_EVIDENCE_UNITS = ("sentence", "bullet", "line")


def looks_like_instruction(text: str) -> bool:
    return bool(_INSTRUCTION_LIKE.search(text))


@dataclass
class Evidence:
    """A sentence of a retrieved passage that an answer may quote."""

    text: str
    chunk: RetrievedChunk
    start: int  # offsets in the document body
    end: int
    relevance: float
    vector: np.ndarray | None
    label: StageLabel | None = None
    about: frozenset[str] = frozenset()  # the question's subjects it names
    subject: str = ""  # what the sentence speaks of, read at ingest ("the plant": whose)
    claims: list[Claim] | None = None  # read at ingest; None when the index stored none

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.chunk_id, self.start)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage, where it stands in its document, and what ingest read."""

    text: str
    chunk: RetrievedChunk
    start: int
    end: int
    reading: SentenceReading | None


def name_pattern(name: str) -> re.Pattern:
    """A name at the start of a word; a short one ("US", "MP") only as a whole word, since
    "US" is not in "US$565 million", "thus" or "use", while "Australia" is in "Australian"."""
    ending = r"(?![\w$])" if len(name) <= 3 else r"(?!\$)"
    return re.compile(rf"(?<![\w$]){re.escape(name)}{ending}")


def asked_and_set_aside(question: str, index) -> tuple[set[str], set[str]]:
    """The names a question asks about, and those it sets aside ("outside China")."""
    names = question_names(question, index.names, index.countries)
    aside = set_aside_names(question, names)
    return names - aside, aside


def with_top_articles(
    retriever, question: str, chunks: list[RetrievedChunk], articles: int, per_article: int
) -> list[RetrievedChunk]:
    """The best-matching articles read in full (the first ``articles`` that the passages
    come from): a question about one project or country has its facts spread over that
    article's sections, and the passages that rank well for the question's words are seldom
    all of them; a policy question often needs a second article's facts as well. (A
    retriever that cannot list an article's passages, such as the naive baseline's, is left
    as it is.)"""
    article_chunks = getattr(retriever, "article_chunks", None)
    if not chunks or not per_article or article_chunks is None:
        return chunks
    have = {c.chunk_id for c in chunks}
    added = []
    for doc_id in list(dict.fromkeys(c.doc_id for c in chunks))[:articles]:
        whole = article_chunks(doc_id, question, per_article)
        added += [c for c in whole if c.chunk_id not in have]
        have.update(c.chunk_id for c in whole)
    weakest = min(c.score for c in chunks)
    for chunk in added:  # part of a best-matching article: worth at least the weakest passage
        chunk.score = max(chunk.score, weakest)
    return chunks + added


class EvidenceSelector:
    """Scores every sentence of the passages and picks the ones an answer quotes."""

    def __init__(
        self,
        retriever,
        embedder,
        settings: SelectionSettings | None = None,
        restatement: RestatementSettings | None = None,
    ) -> None:
        self.retriever = retriever
        self.embedder = embedder
        self.settings = settings or SelectionSettings()
        self.restatement = restatement or RestatementSettings()

    # ---- the candidates -------------------------------------------------------------------
    def candidates(self, chunks: list[RetrievedChunk]) -> list[Candidate]:
        """Every distinct sentence of the passages long enough to be evidence, never one
        that reads as an instruction to a model, with what ingest read from it."""
        seen: set[str] = set()
        rows = []
        for chunk in chunks:
            base = int(chunk.metadata.get("start", 0))
            readings = stored_readings(chunk.metadata)
            for span in units(chunk.text):
                if span.kind not in _EVIDENCE_UNITS:
                    continue  # a table row, a heading or a page's furniture is not a statement
                text = chunk.text[span.start : span.end].strip()
                key = re.sub(r"\W+", " ", text.lower())
                too_short = len(text.split()) < self.settings.min_words
                if key in seen or too_short or looks_like_instruction(text):
                    continue
                seen.add(key)
                reading = readings.get(span.start)
                rows.append(Candidate(text, chunk, base + span.start, base + span.end, reading))
        return rows

    def scored(self, question: str, chunks: list[RetrievedChunk]) -> list[Evidence]:
        """Every candidate with its relevance to the question, before the question's form
        is weighed."""
        rows = self.candidates(chunks)
        if not rows:
            return []
        s = self.settings
        # a run-on question is also read part by part: a sentence that answers one part
        # well is relevant even when it is far from the question as a whole
        readings = [question, *separate_questions(question)]
        q_vecs = np.stack([self.embedder.embed_query(text) for text in readings])
        vectors = self.embedder.embed_sentences([r.text for r in rows], self._stored(rows))
        index = self.retriever.lexical_index()
        # the question's words by how telling they are: sharing "10X" or "phase" says more
        # than sharing "rare" or "supply"; the floor keeps a common word worth something
        weights = {w: index.word_weight(w) + s.word_floor for w in content_words(question)}
        asked = sum(weights.values())
        q_names, _ = asked_and_set_aside(question, index)
        subjects = subject_names(question, q_names, index)
        patterns = [name_pattern(n) for n in subjects]
        # a rare name counts for more than one most articles share
        name_weights = [index.name_weight(n) for n in subjects]
        all_names = sum(name_weights)
        best_chunk_score = max(c.score for c in chunks) or 1.0
        pool = []
        for row, vec in zip(rows, vectors):
            text, chunk = row.text, row.chunk
            similarity = float((q_vecs @ vec).max())
            words = content_words(text)
            overlap = sum(weights[w] for w in weights.keys() & words) / asked if asked else 0.0
            subject = row.reading.subject if row.reading else ""
            # a sentence is about what it names, what its article is titled with, and the
            # subject ingest read for it ("the plant" in an article about Quorra's plant)
            context = fold(f"{chunk.title} {subject} {text}").lower()
            about = frozenset(n for n, p in zip(subjects, patterns) if p.search(context))
            named = sum(w for n, w in zip(subjects, name_weights) if n in about)
            names_hit = named / all_names if all_names else 0.0
            relevance = (
                similarity
                + s.overlap_weight * overlap
                + s.name_weight * names_hit
                + s.rank_weight * chunk.score / best_chunk_score
            )
            evidence = Evidence(text, chunk, row.start, row.end, relevance, vec, about=about)
            if row.reading is not None:
                evidence.subject, evidence.claims = row.reading.subject, row.reading.claims
            pool.append(evidence)
        return pool

    def relevant_enough(self, pool: list[Evidence]) -> bool:
        """Whether any sentence clears the gate: none does, and the passages cannot answer."""
        s = self.settings
        return bool(pool) and max(e.relevance for e in pool) >= s.min_relevance + s.gate_margin

    # ---- the choice -----------------------------------------------------------------------
    def select(self, question: str, chunks: list[RetrievedChunk]) -> list[Evidence]:
        """The sentences an answer quotes, or [] when none is relevant enough."""
        pool = self.scored(question, chunks)
        if not self.relevant_enough(pool):
            return []
        index = self.retriever.lexical_index()
        q_names, aside = asked_and_set_aside(question, index)
        self.suit_to_question(question, pool, aside)
        s = self.settings
        # a question asking several things gets room for each, so a run-on question cannot
        # ask for a wall of text
        parts = min(question_parts(question), s.max_parts)
        limit = s.max_sentences + s.per_part * (parts - 1)
        # which article titles name which subject: the titled articles are the question's
        # own, and the subjects that title one are its headline subjects
        subjects = subject_names(question, q_names, index)
        patterns = [name_pattern(n) for n in subjects]
        titles = {c.doc_id: fold(c.title).lower() for c in chunks}
        naming = [
            (doc_id, name)
            for doc_id, title in titles.items()
            for name, pattern in zip(subjects, patterns)
            if pattern.search(title)
        ]
        titled = {doc_id for doc_id, _ in naming}
        headline = {name for _, name in naming}
        return self.diverse(pool, limit, titled, headline, dates_and_figures(question))

    def suit_to_question(self, question: str, pool: list[Evidence], aside: set[str]) -> None:
        """What the question's form asks for, weighed once the gate has passed, since it
        makes a sentence apt, not relevant:
        - an amount asked ("how much"): a sentence stating a figure gains ``amount_bonus``;
        - years named ("by 2028"): a sentence gains ``year_bonus`` for the share of them it
          names, so a later year's targets are found, not this year's news;
        - names set aside ("outside China"): a sentence about one, unless it sets the name
          aside as well, loses ``aside_penalty``: China's own exports do not answer who
          else makes magnets."""
        s = self.settings
        asks_for_amount = bool(ASKS_FOR_AMOUNT.search(question))
        years = years_in(question)
        aside_patterns = {name: name_pattern(name) for name in aside}
        for item in pool:
            if asks_for_amount and stated_figures(item.text):
                item.relevance += s.amount_bonus
            if years:
                item.relevance += s.year_bonus * len(years & years_in(item.text)) / len(years)
            about = {n for n, p in aside_patterns.items() if p.search(fold(item.text).lower())}
            if about - set_aside_names(item.text, about):
                item.relevance -= s.aside_penalty

    def _stored(self, rows: list[Candidate]) -> StoredVectors | None:
        """The index's vectors for these candidate sentences, made at ingest. A retriever
        without them (the naive baseline) has its sentences encoded while answering."""
        look_up = getattr(self.retriever, "stored_sentence_vectors", None)
        if look_up is None:
            return None
        doc_of = {row.text: row.chunk.doc_id for row in rows}
        return lambda texts: look_up([(doc_of[text], text) for text in texts])

    def diverse(
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
        articles, titled with a name it uses, have no cap: a question about one project
        gets its own article's facts, not other articles' summaries of them. Two or more
        ``headline`` subjects (names that title an article) share the answer: see
        ``owed``."""
        s = self.settings
        floor = self.floor(pool)
        # every headline subject's sentences, even a lone subject's, are measured against
        # each other, not only against the sentences the question's wording favours
        floors = {n: self.floor([e for e in pool if n in e.about]) for n in headline}
        remaining = [
            e for e in pool if e.relevance >= min([floor, *(floors[n] for n in e.about & headline)])
        ]
        chosen: list[Evidence] = []
        shown: dict[str, int] = {}
        per_doc: dict[str, int] = {}
        while remaining and len(chosen) < limit:

            def score(e: Evidence) -> float:
                redundancy = max((float(e.vector @ c.vector) for c in chosen), default=0.0)
                cap = limit if e.chunk.doc_id in own else s.per_doc
                over_cap = max(0, per_doc.get(e.chunk.doc_id, 0) + 1 - cap)
                return (
                    s.mmr_relevance * e.relevance
                    - s.mmr_redundancy * redundancy
                    - s.crowding * over_cap
                )

            best = max(owed(remaining, shown, headline, limit, len(chosen)), key=score)
            remaining.remove(best)
            if any(restates(best, c, given, self.restatement) for c in chosen):
                continue
            per_doc[best.chunk.doc_id] = per_doc.get(best.chunk.doc_id, 0) + 1
            for name in best.about:
                shown[name] = shown.get(name, 0) + 1
            chosen.append(best)
        return chosen

    def floor(self, pool: list[Evidence]) -> float:
        """The relevance a sentence needs. It hangs from the fifth-best sentence, not the
        best, so one sentence that echoes the question's words does not shut out the facts
        ranked just below it."""
        s = self.settings
        ranked = sorted((e.relevance for e in pool), reverse=True)
        reference = ranked[min(s.floor_rank, len(ranked)) - 1]
        return max(s.min_relevance, reference - s.floor_drop)


def owed(
    remaining: list[Evidence], shown: dict[str, int], headline: set[str], limit: int, taken: int
) -> list[Evidence]:
    """The sentences the next pick is made from. A question about two or more subjects
    with articles of their own ("the status of A and B") owes each of them
    ``limit // (subjects + 1)`` sentences; once the slots left only just pay what is owed,
    the next pick is about the subject owed most that has sentences left."""
    if len(headline) < 2:
        return remaining
    share = limit // (len(headline) + 1)
    debts = {n: share - shown.get(n, 0) for n in sorted(headline)}
    if sum(max(0, o) for o in debts.values()) < limit - taken:
        return remaining
    for name in sorted(debts, key=lambda n: -debts[n]):
        about = [e for e in remaining if name in e.about]
        if debts[name] > 0 and about:
            return about
    return remaining


def subject_names(question: str, names: set[str], index) -> list[str]:
    """One name per thing the question names, its rarest word: a name typed in two words
    is one subject, not two, so it does not outweigh a one-word name for its length."""
    groups = [[fold(w).lower() for w in g] for g in typed_name_groups(question, names)]
    grouped = {w for g in groups for w in g}
    groups += [[n] for n in sorted(names - grouped)]
    return list(dict.fromkeys(max(g, key=index.name_weight) for g in groups))


def restates(
    a: Evidence,
    b: Evidence,
    given: set[float] = frozenset(),
    thresholds: RestatementSettings | None = None,
) -> bool:
    """Whether ``a`` adds nothing to ``b`` shown before it: a near-duplicate, a close
    rewording with no date or figure of its own ("much of the financing was conditional"
    said twice), two sentences giving mostly the same figures for the same thing (one
    calculation quoted by two articles), a sentence on the same topic whose every figure
    ``b`` already gives (a second article's account of the same reserve claim), or a close
    rewording whose every date and figure ``b`` gives (the same slip "from December 2024 to
    August 2026", where the dates are the figures). Figures the question ``given`` itself
    names say which thing is meant ("the 10X plant", "by 2028"), not what is said of it, so
    they are left out of the comparison."""
    t = thresholds or RestatementSettings()
    similarity = float(a.vector @ b.vector)
    stated = dates_and_figures(a.text) - given
    if similarity > t.near_duplicate or (not stated and similarity > t.rewording):
        return True
    if stated and similarity > t.same_dates_and_figures and stated <= dates_and_figures(b.text):
        return True
    figures_a, figures_b = stated_figures(a.text) - given, stated_figures(b.text) - given
    if not figures_a or not figures_b or similarity < t.same_topic:
        return False
    if figures_a <= figures_b:
        return True
    overlap = len(figures_a & figures_b) / max(len(figures_a), len(figures_b))
    return overlap >= t.shared_figures and (
        len(figures_a & figures_b) >= 2 or similarity > t.shared_figures_topic
    )


def not_restating(
    candidates: list[Evidence],
    shown: list[Evidence],
    limit: int,
    given: set[float] = frozenset(),
    thresholds: RestatementSettings | None = None,
) -> list[Evidence]:
    """The first ``limit`` candidates that restate nothing shown or picked before them: a
    second article's wording of a figure already in the answer adds length, not evidence."""
    picked: list[Evidence] = []
    for item in candidates:
        if len(picked) == limit:
            break
        if not any(restates(item, c, given, thresholds) for c in shown + picked):
            picked.append(item)
    return picked
