"""How one question becomes an answer. Read this module first.

Every answer runs the same steps, in this order, each a small component with a typed input
and output; ``ask --trace`` (and the chat's "How this answer was made") shows what each
produced and how long it took:

 0. sync_index        when any process changed the corpus since the last answer, see the
                      change: reopen the store, rebuild the lexical index and names
                      (``retrieval.HybridRetriever.refresh``)
 1. read_question     the question as it is searched: follow-ups condensed with the
                      conversation, shorthand, tickers and the articles' aliases spelled
                      out, typos of the articles' words corrected (``questions``)
 2. gate              refuse before searching: empty, not English, out of scope, or naming
                      something no article mentions (``questions``)
 3. retrieve          hybrid search (dense Chroma + BM25), plus the best-matching articles
                      read in full (``retrieval``, ``selection.with_top_articles``)
 4. gather_evidence   the sentences worth quoting, by relevance and diversity; refuse when
                      none is relevant enough or the question asks about a year no source
                      reaches (``selection``)
 5. classify          each sentence's stage on the project ladder (``stages``)
 6. retrieve_facets   when no sentence shows delivered supply or a constraint, the cited
                      articles are searched once more for it (a visible retrieval)
 6b. read_claims      each sentence's claims and subject, as ingest read them (``reading``,
                      ``claims``): a figure planned, designed, targeted, conditional or
                      denied never stands under deliverable supply
 7. assemble          the answer's statements: the evidence quoted as it stands
                      (extractive), or sentences an LLM writes from the passages, checked
                      and cited (``llm``); then sections and numbered citations
                      (``assemble``)
 8. check_grounding   every statement against the passages it cites (``grounding``)
 9. retrieve_premise  what the question takes as given, searched on its own (a visible
                      retrieval; ``premises``)
10. annotate          supply readiness per value-chain step, conflicting figures, a figure
                      asked that no sentence gives, and the premise's verdict (``annotate``)

Retrieved text is data throughout: no step follows an instruction found in a passage."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.annotate import (
    find_conflicts,
    supply_readiness,
    unstated_figure,
    with_material_groups,
)
from assistant.answer import Answer, Statement
from assistant.assemble import (
    choose_shown,
    place_in_sections,
    sections_and_citations,
    statements_from_evidence,
)
from assistant.claims import ClaimContext, read_claims
from assistant.domain import domain
from assistant.grounding import GroundingChecker
from assistant.models import RetrievedChunk
from assistant.premises import PremiseToCheck, judge_premise, premise_to_check
from assistant.questions import (
    condense,
    refusal_before_search,
    spelled_out,
    typed_name_groups,
)
from assistant.retrieval import SearchFilter
from assistant.selection import (
    Evidence,
    EvidenceSelector,
    asked_and_set_aside,
    not_restating,
    with_top_articles,
)
from assistant.settings import REPO_ROOT, Settings
from assistant.stages import StageClassifier
from assistant.text.dates import years_in
from assistant.text.numbers import dates_and_figures
from assistant.verdict import Asked, Verdict, asked_of, reach_verdict

TokenFn = Callable[[str], None]
NOTHING_RELEVANT = (
    "no passage in the indexed articles is relevant enough to answer this question, so the "
    "assistant will not guess"
)


# ---- what the steps hand each other -----------------------------------------------------------
@dataclass
class Reading:
    """Step 1: the question as typed and as it is searched."""

    question: str
    history: list[str]
    searched: str

    def summary(self) -> dict:
        return {"searched": self.searched, "history_turns": len(self.history)}


@dataclass
class Passages:
    """Step 3: the passages retrieved, best first."""

    chunks: list[RetrievedChunk]

    def summary(self) -> dict:
        return {
            "passages": len(self.chunks),
            "articles": list(dict.fromkeys(c.doc_id for c in self.chunks)),
        }


@dataclass
class EvidenceFound:
    """Steps 4 and 6: the sentences chosen, or why the passages cannot answer."""

    items: list[Evidence]
    refusal: str | None = None

    def summary(self) -> dict:
        return {
            "sentences": len(self.items),
            "refusal": self.refusal,
            "chosen": [
                {"text": e.text, "doc_id": e.chunk.doc_id, "relevance": round(e.relevance, 3)}
                for e in self.items
            ],
        }


@dataclass
class ClaimsRead:
    """Step 6b: the evidence with its claims."""

    items: list[Evidence]
    read_now: int = 0

    def summary(self) -> dict:
        claims = [c for e in self.items for c in (e.claims or [])]
        return {
            "claims": len(claims),
            "modalities": dict(Counter(c.modality for c in claims)),
            "read_while_answering": self.read_now,
        }


@dataclass
class Draft:
    """Step 7: the statements of the answer and who wrote them."""

    statements: list[Statement]
    composer: str
    dropped_citations: int = 0
    removed: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "composer": self.composer,
            "statements": len(self.statements),
            "sections": dict(Counter(s.section for s in self.statements)),
            "dropped_citations": self.dropped_citations,
            "removed": len(self.removed),
        }


@dataclass
class PremiseSearch:
    """Step 9: what the question takes as given and the passages found for it."""

    check: PremiseToCheck | None
    chunks: list[RetrievedChunk] = field(default_factory=list)

    def summary(self) -> dict:
        if self.check is None:
            return {"premise": None}
        return {**self.check.summary(), "passages": len(self.chunks)}


class Trace:
    """Runs the steps, timing each; keeps what each produced when asked to."""

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.steps: list[dict] = []

    def step(self, name: str, run: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        out = run(*args)
        if self.keep:
            ms = (time.perf_counter() - started) * 1000
            self.steps.append({"step": name, "ms": round(ms, 2), "out": _summary(out)})
        return out


def _summary(out: Any) -> Any:
    if hasattr(out, "summary"):
        return out.summary()
    if isinstance(out, list):
        return {"items": len(out)}
    return out


# ---- the pipeline -------------------------------------------------------------------------------
class Pipeline:
    """The steps above, wired to one retriever, encoder, stage classifier and checker. An
    ``llm`` (``llm.LLMAssembler``) makes step 7 write sentences instead of quoting."""

    def __init__(
        self,
        settings: Settings,
        retriever,
        embedder,
        classifier: StageClassifier,
        checker: GroundingChecker,
        llm=None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.embedder = embedder
        self.classifier = classifier
        self.checker = checker
        self.llm = llm
        self.selector = EvidenceSelector(
            retriever, embedder, settings.selection, settings.restatement
        )

    @property
    def name(self) -> str:
        return self.llm.name if self.llm else "extractive"

    def run(
        self,
        question: str,
        history: list[str] | None = None,
        on_token: TokenFn | None = None,
        trace: bool = False,
    ) -> Answer:
        started = time.perf_counter()
        t = Trace(trace)
        version = t.step("sync_index", self.sync_index)
        reading = t.step("read_question", self.read_question, question.strip(), history or [])
        answer = Answer(reading.question, reading.searched, refused=False, composer=self.name)
        answer.corpus_version = version["version"]
        refusal = t.step("gate", self.gate, reading)
        if not refusal:
            passages = t.step("retrieve", self.retrieve, reading)
            found = t.step("gather_evidence", self.gather_evidence, reading, passages)
            refusal = found.refusal
        if refusal:
            answer.refused, answer.refusal_reason = True, refusal
        else:
            evidence = t.step("classify", self.classify, found.items)
            facets = t.step("retrieve_facets", self.retrieve_facets, reading, evidence)
            evidence = evidence + t.step("classify_facets", self.classify, facets.items)
            evidence = t.step("read_claims", self.read_claims, evidence).items
            draft = t.step("assemble", self.assemble, reading, passages, evidence, on_token)
            answer.composer = draft.composer
            asked = t.step("read_asked", self.read_asked, reading)
            shown, more = choose_shown(
                draft.statements,
                list(asked.subjects),
                self.settings.selection.shown_sentences,
                self.settings.selection.focus_min,
            )
            answer.sections, answer.citations, answer.evidence_more = sections_and_citations(
                shown, more
            )
            answer.grounding = t.step("check_grounding", self.check_grounding, draft)
            premise = t.step("retrieve_premise", self.retrieve_premise, reading)
            t.step("annotate", self.annotate, answer, premise)
            answer.verdict = t.step("verdict", self.verdict, asked, answer).to_dict()
        answer.elapsed_ms = (time.perf_counter() - started) * 1000
        answer.trace = t.steps if trace else None
        return answer

    # ---- 0-2: the corpus as it is now, and the question ------------------------------------
    def sync_index(self) -> dict:
        """Another process (the CLI, another app replica) may have changed the corpus since
        the last answer: its passages and names are seen before this one."""
        refresh = getattr(self.retriever, "refresh", None)
        if refresh is None:  # a retriever with nothing derived to keep (the naive baseline)
            return {"version": "", "rebuilt": False}
        index, rebuilt = refresh()
        return {"version": index.version, "rebuilt": rebuilt}

    def read_question(self, question: str, history: list[str]) -> Reading:
        condensed = (
            self.llm.condense(question, history) if self.llm else condense(question, history)
        )
        searched = spelled_out(condensed, self.retriever.lexical_index())
        return Reading(question, history, with_material_groups(searched))

    def gate(self, reading: Reading) -> str | None:
        return refusal_before_search(reading.searched, self.retriever.lexical_index())

    # ---- 3-6: evidence --------------------------------------------------------------------------
    def retrieve(self, reading: Reading) -> Passages:
        s = self.settings
        chunks = self.retriever.search(reading.searched, s.top_k + s.retrieval.extra_passages)
        chunks = with_top_articles(
            self.retriever,
            reading.searched,
            chunks,
            s.selection.top_articles,
            s.selection.top_article_chunks,
        )
        return Passages(chunks)

    def gather_evidence(self, reading: Reading, passages: Passages) -> EvidenceFound:
        evidence = self.selector.select(reading.searched, passages.chunks)
        if not evidence:
            return EvidenceFound([], NOTHING_RELEVANT)
        return EvidenceFound(evidence, self._year_after_the_corpus(reading.searched, evidence))

    def _year_after_the_corpus(self, question: str, evidence: list[Evidence]) -> str | None:
        """A question about a year later than the newest article can only be answered by a
        source that looks ahead to it (a target, a plan, a forecast). When no sentence
        chosen names that year, sentences about other years would only pass for an answer."""
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

    def classify(self, evidence: list[Evidence]) -> list[Evidence]:
        labels = self.classifier.classify_many([e.text for e in evidence])
        for item, label in zip(evidence, labels):
            item.label = label
        return evidence

    def read_claims(self, evidence: list[Evidence]) -> ClaimsRead:
        """Each sentence's claims and subject as ingest read them; a sentence from an index
        that stored none (the naive baseline) is read now, from its article's title, date
        and subjects."""
        read_now = 0
        for item in evidence:
            if item.claims is None:
                meta = item.chunk.metadata
                context = ClaimContext(
                    title=item.chunk.title,
                    date=item.chunk.date or None,
                    subjects=tuple(meta.get("companies") or ()),
                )
                item.claims = read_claims(item.text, context, vector=item.vector)
                item.subject = item.subject or (context.subjects[0] if context.subjects else "")
                read_now += 1
        return ClaimsRead(evidence, read_now)

    def retrieve_facets(self, reading: Reading, evidence: list[Evidence]) -> EvidenceFound:
        """A question about potential deserves the other side too: when the chosen evidence
        shows no deliverable supply or no constraint, look for it in the articles already
        cited (never elsewhere), so a target is shown next to what is actually delivered and
        what stands in the way."""
        r = self.settings.retrieval
        present = {e.label.section for e in evidence if e.label}
        doc_ids = tuple(dict.fromkeys(e.chunk.doc_id for e in evidence))[: r.facet_articles]
        seen = {e.text for e in evidence}
        given = dates_and_figures(reading.searched)
        added: list[Evidence] = []
        for section, terms in domain().facet_queries.items():
            if section in present or not doc_ids:
                continue
            chunks = self.retriever.search(
                f"{reading.searched} {terms}",
                r.facet_passages,
                search_filter=SearchFilter(doc_ids=doc_ids),
            )
            pool = [e for e in self.selector.scored(reading.searched, chunks) if e.text not in seen]
            _, aside = asked_and_set_aside(reading.searched, self.retriever.lexical_index())
            self.selector.suit_to_question(reading.searched, pool, aside)
            labels = self.classifier.classify_many([e.text for e in pool])
            matching = [e for e, lab in zip(pool, labels) if lab.section == section]
            ranked = sorted(matching, key=lambda e: e.relevance, reverse=True)
            for item in not_restating(
                ranked, evidence + added, r.facet_sentences, given, self.settings.restatement
            ):
                seen.add(item.text)
                added.append(item)
        return EvidenceFound(added)

    # ---- 7-8: the answer ------------------------------------------------------------------------
    def assemble(
        self,
        reading: Reading,
        passages: Passages,
        evidence: list[Evidence],
        on_token: TokenFn | None = None,
    ) -> Draft:
        draft = None
        if self.llm is not None:
            chunks = passages.chunks[: self.settings.top_k]
            statements, dropped, removed = self.llm.draft(reading.searched, chunks, on_token)
            labels = self.classifier.classify_many([s.text for s in statements])
            for statement, label in zip(statements, labels):
                statement.label = label
                # its own words are read, in the context of the passage it cites
                source = statement.sources[0].chunk
                context = ClaimContext(source.title, source.date or None)
                statement.claims = read_claims(statement.text, context)
            name = self.llm.name
            if not statements:  # nothing grounded survived: the quotes, never an empty answer
                statements = statements_from_evidence(evidence)
                name = f"{name} (no grounded sentence; extractive fallback)"
            draft = Draft(statements, name, dropped, removed)
        else:
            draft = Draft(statements_from_evidence(evidence), self.name)
        place_in_sections(draft.statements)
        return draft

    def check_grounding(self, draft: Draft) -> dict:
        grounding = self.checker.check_answer(
            [(s.text, [e.chunk.text for e in s.sources]) for s in draft.statements]
        )
        if self.llm is not None:
            grounding["dropped_citations"] = draft.dropped_citations
            grounding["removed_unsupported"] = draft.removed
        return grounding

    # ---- 9-10: what the answer derives --------------------------------------------------------
    def retrieve_premise(self, reading: Reading) -> PremiseSearch:
        check = premise_to_check(reading.searched, self.retriever.lexical_index())
        if check is None:
            return PremiseSearch(None)
        return PremiseSearch(
            check, self.retriever.search(check.query, self.settings.premise.passages)
        )

    # ---- 11-12: the verdict ----------------------------------------------------------------
    def read_asked(self, reading: Reading) -> Asked:
        """What the question asks: its subjects as typed, the measure, material and period
        (a period without a year, "the December quarter", read as of the newest article)."""
        index = self.retriever.lexical_index()
        names, _ = asked_and_set_aside(reading.searched, index)
        subjects = [" ".join(group) for group in typed_name_groups(reading.searched, names)]
        return asked_of(reading.searched, subjects, _newest_date(index), index.countries)

    def verdict(self, asked: Asked, answer: Answer) -> Verdict:
        """The short answer, reached from the claims of every cited sentence (shown or not)."""
        rows = [
            {**row, "section": section["label"]}
            for section in answer.sections
            for row in section["sentences"]
        ] + [{**row, "section": row["label"]} for row in answer.evidence_more]
        return reach_verdict(asked, rows, answer.not_stated)

    def annotate(self, answer: Answer, premise: PremiseSearch) -> dict:
        index = self.retriever.lexical_index()
        answer.supply_readiness = supply_readiness(answer.sections)
        answer.conflicts = find_conflicts(answer.sections, answer.citations)
        names, _ = asked_and_set_aside(answer.condensed_question, index)
        answer.not_stated = unstated_figure(
            answer.condensed_question, answer.sections, answer.citations, names
        )
        if premise.check is not None:
            answer.unsupported_premise = judge_premise(
                premise.check,
                premise.chunks,
                index,
                self.checker,
                self.classifier,
                self.settings.premise.enough_to_judge,
            )
        return {
            "not_stated": answer.not_stated,
            "unsupported_premise": answer.unsupported_premise,
            "conflicts": len(answer.conflicts),
            "readiness": {k: v["status"] for k, v in answer.supply_readiness.items()},
        }


def _newest_date(index) -> dt.date | None:
    dates = index.date_ints
    if not len(dates):
        return None
    newest = int(dates.max())
    try:
        return dt.date(newest // 10000, newest // 100 % 100, newest % 100)
    except ValueError:
        return None


def build_pipeline(settings: Settings, retriever, embedder) -> Pipeline:
    """The pipeline for these settings: the stage classifier trained on the labelled dev
    sentences (once per training set and encoder), and an LLM when one is configured."""
    g = settings.grounding
    checker = GroundingChecker(embedder, g.min_coverage, g.min_similarity)
    classifier = StageClassifier(
        embedder,
        REPO_ROOT / "evals" / "stages" / "dev.jsonl",
        cache_dir=settings.data_dir,
        settings=settings.stage_model,
    )
    llm = None
    if settings.composer == "llm":
        from assistant.llm import LLMAssembler

        llm = LLMAssembler(settings, checker)
    return Pipeline(settings, retriever, embedder, classifier, checker, llm)
