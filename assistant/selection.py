"""Which sentences an answer quotes. Every sentence of the retrieved passages is a
candidate; each is scored for relevance to the question (encoder similarity, the question's
telling words and names it shares, its passage's rank), weighed for what the question's form
asks for (an amount, a year, a name set aside), and chosen with maximal marginal relevance
under a relevance floor, a soft per-article cap and a share for each headline subject.
Restatements of a figure already shown are skipped. The extractive composer, and through it
the LLM composer, select evidence with ``EvidenceSelection``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

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
from assistant.stages import StageLabel
from assistant.text import fold
from assistant.text.dates import years_in
from assistant.text.numbers import dates_and_figures, stated_figures
from assistant.text.sentences import sentence_spans
from assistant.text.tokens import content_words

# A question asking for an amount is answered by a sentence stating one ("How big is the
# resource?": the tonnage, not the history of the mine).
ASKS_FOR_AMOUNT = domain().compiled("asks_for_amount")
# Retrieved text is data. A sentence that addresses a model or carries markup is never quoted.
_INSTRUCTION_LIKE = domain().compiled("instruction_like")


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


def _name_pattern(name: str) -> re.Pattern:
    """A name at the start of a word; a short one ("US", "MP") only as a whole word, since
    "US" is not in "US$565 million", "thus" or "use", while "Australia" is in "Australian"."""
    ending = r"(?![\w$])" if len(name) <= 3 else r"(?!\$)"
    return re.compile(rf"(?<![\w$]){re.escape(name)}{ending}")


class EvidenceSelection:
    """The selection steps of the extractive composer, which sets these attributes (see
    ``ExtractiveComposer.__init__`` for their defaults)."""

    retriever: Any
    embedder: Any
    min_relevance: float  # the least relevance a quoted sentence may have
    max_sentences: int  # for a question asking one thing
    per_part: int  # more sentences for each further thing a question asks
    per_doc: int  # sentences of one article before each further one costs ``crowding``
    crowding: float
    top_articles: int  # the best-matching articles read in full ...
    top_article_chunks: int  # ... up to this many of their passages
    amount_bonus: float
    year_bonus: float
    aside_penalty: float
    floor_rank: int  # the relevance floor hangs from this sentence's relevance
    word_floor: float  # what a question word every article uses still counts for

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
        # a run-on question is also read part by part: a sentence that answers one part
        # well is relevant even when it is far from the question as a whole
        readings = [question, *separate_questions(question)]
        q_vecs = np.stack([self.embedder.embed_query(text) for text in readings])
        vectors = self.embedder.embed_sentences([r[0] for r in rows], self._stored(rows))
        index = self.retriever.lexical_index()
        # the question's words by how telling they are: sharing "10X" or "phase" says more
        # than sharing "rare" or "supply"; the floor keeps a common word worth something
        weights = {w: index.word_weight(w) + self.word_floor for w in content_words(question)}
        asked = sum(weights.values())
        q_names, aside = asked_and_set_aside(question, index)
        subjects = _subjects(question, q_names, index)
        name_patterns = [_name_pattern(n) for n in subjects]
        # a rare name counts for more than one most articles share ("Vulcan" over "US")
        name_weights = [index.name_weight(n) for n in subjects]
        all_names = sum(name_weights)
        best_chunk_score = max(c.score for c in chunks) or 1.0
        pool = []
        for (text, chunk, start, end), vec in zip(rows, vectors):
            similarity = float((q_vecs @ vec).max())
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
        return self._diverse(pool, limit, titled, headline, dates_and_figures(question))

    def _suit_to_question(self, question: str, pool: list[Evidence], aside: set[str]) -> None:
        """What the question's form asks for, weighed once the gate has passed, since it
        makes a sentence apt, not relevant:
        - an amount asked ("how much"): a sentence stating a figure gains ``amount_bonus``;
        - years named ("by 2028"): a sentence gains ``year_bonus`` for the share of them it
          names, so a later year's targets are found, not this year's news;
        - names set aside ("outside China"): a sentence about one, unless it sets the name
          aside as well, loses ``aside_penalty``: China's own exports do not answer who
          else makes magnets."""
        asks_for_amount = bool(ASKS_FOR_AMOUNT.search(question))
        years = years_in(question)
        aside_patterns = {name: _name_pattern(name) for name in aside}
        for item in pool:
            if asks_for_amount and stated_figures(item.text):
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
            if any(restates(best, c, given) for c in chosen):
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


def asked_and_set_aside(question: str, index) -> tuple[set[str], set[str]]:
    """The names a question asks about, and those it sets aside ("outside China")."""
    names = question_names(question, index.names, index.countries)
    aside = set_aside_names(question, names)
    return names - aside, aside


def restates(a: Evidence, b: Evidence, given: set[float] = frozenset()) -> bool:
    """Whether ``a`` adds nothing to ``b`` shown before it: a near-duplicate, a close
    rewording with no date or figure of its own ("much of the financing was conditional"
    said twice), two sentences giving mostly the same figures for the same thing (one
    calculation quoted by two articles), a sentence on the same topic whose every figure
    ``b`` already gives (a second article's account of the same reserve claim, with a
    standard's name added or not), or a close rewording whose every date and figure ``b``
    gives (the same slip "from December 2024 to August 2026", where the dates are the
    figures). Figures the question ``given`` itself names say which thing is meant
    ("MP's 10X plant", "by 2028"), not what is said of it, so they are left out of the
    comparison."""
    similarity = float(a.vector @ b.vector)
    stated = dates_and_figures(a.text) - given
    if similarity > 0.92 or (not stated and similarity > 0.8):
        return True
    if stated and similarity > 0.75 and stated <= dates_and_figures(b.text):
        return True
    figures_a, figures_b = stated_figures(a.text) - given, stated_figures(b.text) - given
    if not figures_a or not figures_b or similarity < 0.6:
        return False
    if figures_a <= figures_b:
        return True
    overlap = len(figures_a & figures_b) / max(len(figures_a), len(figures_b))
    return overlap >= 0.6 and (len(figures_a & figures_b) >= 2 or similarity > 0.7)


def not_restating(
    candidates: list[Evidence], shown: list[Evidence], limit: int, given: set[float] = frozenset()
) -> list[Evidence]:
    """The first ``limit`` candidates that restate nothing shown or picked before them: a
    second article's wording of a figure already in the answer adds length, not evidence."""
    picked: list[Evidence] = []
    for item in candidates:
        if len(picked) == limit:
            break
        if not any(restates(item, c, given) for c in shown + picked):
            picked.append(item)
    return picked
