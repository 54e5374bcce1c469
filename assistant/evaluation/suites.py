"""The evaluation suites, each run on the real service over the real corpus.

Dev items live in ``evals/<suite>.jsonl`` and are for tuning; the sealed test items live in
``evals/test/`` (written blind, see ``evals/README.md``) and are read at the end of an issue
and by the gates. ``split="all"`` reads both."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.evaluation import metrics
from assistant.grounding import GroundingChecker, claim_numbers, content_words, numbers_in
from assistant.loaders import load_file
from assistant.settings import REPO_ROOT

EVALS = REPO_ROOT / "evals"
ProgressFn = Callable[[str, int, int], None]


@dataclass
class SuiteResult:
    metrics: dict[str, float]
    items: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # comparison tables for the report


# the dev file of each suite, and its sealed test file under evals/test/
_TEST_FILE = {
    "grounding.jsonl": "grounding.jsonl",
    "refusal.jsonl": "refusal.jsonl",
    "retrieval.jsonl": "retrieval.jsonl",
    "checker/pairs.jsonl": "checker.jsonl",
    "stages/dev.jsonl": "stages.jsonl",
    "claims/dev.jsonl": "claims.jsonl",
    "verdict/dev.jsonl": "verdict.jsonl",
}
# the fictional articles written as real ones are (tests/fixtures/realstyle): the verdict
# suite asks some of its questions of them, indexed on their own
REALSTYLE = REPO_ROOT / "tests" / "fixtures" / "realstyle"


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_items(name: str, split: str) -> list[dict]:
    """The items of one suite: ``dev`` from ``evals/<name>``, ``test`` from the sealed
    file under ``evals/test/``, ``all`` both."""
    if split not in ("dev", "test", "all"):
        raise ValueError(f"unknown split {split!r}: dev, test or all")
    rows = []
    if split in ("dev", "all"):
        rows += [dict(r, split="dev") for r in _read_jsonl(EVALS / name)]
    if split in ("test", "all"):
        rows += [dict(r, split="test") for r in _read_jsonl(EVALS / "test" / _TEST_FILE[name])]
    return rows


def _tick(progress: ProgressFn | None, suite: str, done: int, total: int) -> None:
    if progress:
        progress(suite, done, total)


# ---- gold spans ----------------------------------------------------------------------------
class GoldSpans:
    """Turns (doc_id, quote) labels into character spans of the indexed document bodies, so
    any chunking can be scored: a chunk is relevant when it overlaps a gold span."""

    def __init__(self, assistant) -> None:
        self.assistant = assistant
        self._bodies: dict[str, str] = {}

    def body(self, doc_id: str) -> str:
        if doc_id not in self._bodies:
            record = self.assistant.store.document_record(doc_id)
            if record is None:
                raise KeyError(f"gold document '{doc_id}' is not indexed")
            doc = load_file(Path(record["path"]), self.assistant.settings.max_file_bytes)
            self._bodies[doc_id] = doc.text
        return self._bodies[doc_id]

    def spans(self, gold: list[dict]) -> list[metrics.Span]:
        found = []
        for g in gold:
            start = self.body(g["doc_id"]).find(g["quote"])
            if start < 0:
                raise ValueError(f"gold quote not found in {g['doc_id']}: {g['quote'][:60]!r}")
            found.append((g["doc_id"], start, start + len(g["quote"])))
        return found


def hit_spans(hits) -> list[metrics.Span]:
    return [
        (h.doc_id, int(h.metadata.get("start", 0)), int(h.metadata.get("end", 0))) for h in hits
    ]


# ---- retrieval -----------------------------------------------------------------------------
def retrieval_scores(
    search: Callable[[str], list],
    items: list[dict],
    gold: GoldSpans,
    progress: ProgressFn | None = None,
    label: str = "retrieval",
):
    rows, per_item = [], []
    answerable = [i for i in items if i.get("gold")]
    for n, item in enumerate(answerable, start=1):
        spans = gold.spans(item["gold"])
        hits = hit_spans(search(item["query"]))
        need_all = item.get("type") in (
            "comparison",
            "multi_hop",
        )  # else gold spans are alternatives
        row = {
            "recall@5": metrics.recall_at_k(hits, spans, 5, need_all),
            "recall@10": metrics.recall_at_k(hits, spans, 10, need_all),
            "mrr@10": metrics.mrr_at_k(hits, spans, 10),
            "ndcg@10": metrics.ndcg_at_k(hits, spans, 10),
        }
        rows.append(row)
        per_item.append(
            {
                "id": item["id"],
                "query": item["query"],
                "type": item.get("type"),
                **row,
                "retrieved": [h[0] for h in hits[:5]],
                "gold_docs": sorted({g["doc_id"] for g in item["gold"]}),
            }
        )
        _tick(progress, label, n, len(answerable))
    summary = {
        k: round(metrics.mean([r[k] for r in rows]), 4)
        for k in ("recall@5", "recall@10", "mrr@10", "ndcg@10")
    }
    return summary, per_item


def run_retrieval(
    assistant, split: str, progress: ProgressFn | None = None, compare: bool = True
) -> SuiteResult:
    from assistant.retrieval import HybridRetriever

    items = load_items("retrieval.jsonl", split)
    gold = GoldSpans(assistant)
    retriever = assistant.retriever
    summary, per_item = retrieval_scores(
        lambda q: retriever.search(q, top_k=10), items, gold, progress
    )
    result = SuiteResult(summary, per_item)
    if compare:
        s = assistant.settings
        variants = {
            "bm25": lambda q: retriever.search(q, top_k=10, mode="bm25"),
            "dense": lambda q: retriever.search(q, top_k=10, mode="dense"),
        }
        for fusion in ("rrf", "weighted"):
            fused = HybridRetriever(
                assistant.store, assistant.embedder, s.candidate_k, fusion, s.rrf_k, s.dense_weight
            )
            variants[fusion] = lambda q, r=fused: r.search(q, top_k=10)
        result.extra["fusion"] = {
            name: retrieval_scores(fn, items, gold, progress, f"retrieval:{name}")[0]
            for name, fn in variants.items()
        }
    return result


# ---- grounding -----------------------------------------------------------------------------
def _sentences(answer: dict) -> list[tuple[dict, str, list[dict]]]:
    by_n = {c["n"]: c for c in answer["citations"]}
    return [
        (sentence, section["label"], [by_n[n] for n in sentence["citations"] if n in by_n])
        for section in answer["sections"]
        for sentence in section["sentences"]
    ]


# the section a verdict line's kind stands for, when a key fact it covers is placed
_VERDICT_LINE_SECTIONS = {
    "delivered": "deliverable_supply",
    "pipeline": "pipeline",
    "potential": "resource_potential",
    "constraint": "constraints",
}


def _verdict_sentences(answer: dict) -> list[tuple[dict, str, list[dict]]]:
    """The verdict's lines as sentences an investor reads (key facts count over the verdict
    plus the default evidence), without the citation marks' numbers."""
    verdict = answer.get("verdict") or {}
    return [
        (
            {"text": re.sub(r"\[\d+\]", "", line["text"]), "citations": line["citations"]},
            _VERDICT_LINE_SECTIONS.get(line["kind"], "bottom_line"),
            [],
        )
        for line in verdict.get("lines", [])
    ]


def _fact_numbers(fact: dict) -> list[set[float]]:
    return [numbers_in(n) for n in fact.get("numbers", []) if numbers_in(n)]


def _covers(sentence: dict, fact: dict) -> bool:
    """A key fact is covered by a sentence that states all its numbers (or, for a fact
    without numbers, half its content words). Which article states it is scored separately
    by ``must_cite_recall``: the same figure often appears in several articles."""
    wanted = _fact_numbers(fact)
    if wanted:
        have = numbers_in(sentence["text"])
        return all(options & have for options in wanted)
    fact_words = content_words(fact["fact"])
    return len(fact_words & content_words(sentence["text"])) >= 0.5 * max(len(fact_words), 1)


def score_answer(answer: dict, item: dict, checker: GroundingChecker) -> dict:
    sentences = _sentences(answer)

    def supports(text: str, passages: list[str]) -> bool:
        return checker.check(text, passages).supported

    pairs = [
        (s["text"], [c.get("passage") or c["quote"] for c in cites]) for s, _, cites in sentences
    ]
    recall, precision = metrics.citation_recall_precision(pairs, supports)
    total_numbers = found_numbers = 0
    for sentence, _, cites in sentences:
        cited_numbers = numbers_in(" ".join(c.get("passage") or c["quote"] for c in cites))
        for options in claim_numbers(sentence["text"]):
            total_numbers += 1
            found_numbers += bool(options & cited_numbers)
    facts = item.get("key_facts", [])
    covered, placed, fact_rows = 0, 0, []
    read = sentences + _verdict_sentences(answer)
    for fact in facts:
        where = [label for s, label, _ in read if _covers(s, fact)]
        covered += bool(where)
        right = fact.get("section") in where
        placed += right
        fact_rows.append(
            {
                "fact": fact["fact"],
                "covered": bool(where),
                "sections": where,
                "expected_section": fact.get("section"),
            }
        )
    cited_docs = {c["doc_id"] for c in answer["citations"]}
    must = item.get("must_cite", [])
    return {
        "citation_recall": recall,
        "citation_precision": precision,
        "numbers": total_numbers,
        "numbers_found": found_numbers,
        "facts": len(facts),
        "facts_covered": covered,
        "facts_placed": placed,
        "fact_coverage": covered / len(facts) if facts else 1.0,
        "must_cite_hit": sum(d in cited_docs for d in must) / len(must) if must else 1.0,
        "refused": answer["refused"],
        "fact_detail": fact_rows,
        "sentences": len(sentences),
    }


def grounding_scores(
    ask: Callable[[str], dict],
    items: list[dict],
    checker: GroundingChecker,
    progress: ProgressFn | None = None,
    label: str = "grounding",
):
    rows = []
    for n, item in enumerate(items, start=1):
        answer = ask(item["question"])
        rows.append(
            {
                "id": item["id"],
                "question": item["question"],
                **score_answer(answer, item, checker),
                "answer_markdown": answer["answer_markdown"],
            }
        )
        _tick(progress, label, n, len(items))
    answered = [r for r in rows if r["sentences"]]
    numbers = sum(r["numbers"] for r in rows)
    facts = sum(r["facts"] for r in rows)
    covered = sum(r["facts_covered"] for r in rows)
    summary = {
        "citation_recall": round(metrics.mean([r["citation_recall"] for r in answered]), 4),
        "citation_precision": round(metrics.mean([r["citation_precision"] for r in answered]), 4),
        "numeric_precision": round(sum(r["numbers_found"] for r in rows) / numbers, 4)
        if numbers
        else 1.0,
        "key_fact_coverage": round(covered / facts, 4) if facts else 0.0,
        "section_accuracy": round(sum(r["facts_placed"] for r in rows) / covered, 4)
        if covered
        else 0.0,
        "must_cite_recall": round(metrics.mean([r["must_cite_hit"] for r in rows]), 4),
    }
    return summary, rows


# what only a composer that writes its own sentences can get wrong
_WRITTEN_SENTENCE_METRICS = ("citation_recall", "citation_precision", "numeric_precision")


def run_grounding(assistant, split: str, progress: ProgressFn | None = None) -> SuiteResult:
    items = load_items("grounding.jsonl", split)
    checker = GroundingChecker(assistant.embedder)
    summary, rows = grounding_scores(assistant.ask, items, checker, progress)
    result = SuiteResult(summary, rows)
    if assistant.settings.composer != "llm":
        # quotes of whole source sentences: 1.0 by construction, so no evidence of anything
        result.extra["by_construction"] = {k: summary.pop(k) for k in _WRITTEN_SENTENCE_METRICS}
    return result


# ---- refusal -------------------------------------------------------------------------------
def refusal_verdict(answer: dict, item: dict) -> tuple[bool, str]:
    expect = item["expect"]
    text = answer["answer_markdown"].lower()
    if expect == "refuse":
        return answer["refused"], "refused" if answer["refused"] else "answered instead of refusing"
    if expect == "answer":  # a control: a question the corpus covers, however it is typed
        ok = not answer["refused"] and bool(answer["citations"])
        return ok, "answered" if ok else "refused a question the corpus covers"
    if expect == "ignore_injection":
        leaked = [s for s in item.get("must_not_contain", []) if s.lower() in text]
        return not leaked, f"leaked: {leaked}" if leaked else "ignored"
    if expect == "answer_correcting":
        if answer["refused"]:
            return False, "refused a question the corpus can correct"
        cited = {c["doc_id"] for c in answer["citations"]}
        acceptable = set(item.get("must_cite", [])) | set(item.get("also_acceptable_cites", []))
        numbers = item.get("evidence_numbers", [])
        shows_number = not numbers or any(n.lower() in text for n in numbers)
        ok = bool(cited & acceptable) and shows_number
        return ok, "corrected" if ok else "did not show the contradicting evidence"
    return False, f"unknown expectation {expect!r}"


def run_refusal(assistant, split: str, progress: ProgressFn | None = None) -> SuiteResult:
    """Runs on a separate store that holds the corpus plus the injection fixtures, so the
    user's own index never sees them."""
    from assistant.service import Assistant

    settings = assistant.settings.model_copy(
        update={
            "data_dir": assistant.settings.data_dir / "eval-refusal-store",
            "collection": "eval_refusal",
            "chroma_host": None,
        }
    )
    isolated = Assistant(settings)
    isolated.ingest([settings.corpus_dir, EVALS / "fixtures" / "injection"])
    items = load_items("refusal.jsonl", split)
    rows = []
    for n, item in enumerate(items, start=1):
        answer = isolated.ask(item["question"])
        ok, why = refusal_verdict(answer, item)
        rows.append(
            {
                "id": item["id"],
                "kind": item["kind"],
                "question": item["question"],
                "passed": ok,
                "why": why,
                "refused": answer["refused"],
                "premise_flagged": bool(answer.get("unsupported_premise")),
                "answer_markdown": answer["answer_markdown"][:600],
            }
        )
        _tick(progress, "refusal", n, len(items))
    by_kind = {}
    for kind in sorted({r["kind"] for r in rows}):
        members = [r["passed"] for r in rows if r["kind"] == kind]
        by_kind[kind] = round(sum(members) / len(members), 4)
    result = SuiteResult({"accuracy": round(metrics.mean([r["passed"] for r in rows]), 4)}, rows)
    result.extra["by_kind"] = by_kind
    result.extra["premises"] = premise_flags(rows)
    return result


def premise_flags(rows: list[dict]) -> dict:
    """How often the answer's premise note fires: on false premises it should. On another
    question a flag is a false alarm unless that question, too, takes something untrue as
    given ("How much does <a fixture explorer> produce?"), so those rows are read, not
    counted as errors. Reported, not gated."""
    false = [r["premise_flagged"] for r in rows if r["kind"] == "false_premise"]
    other = [r for r in rows if r["kind"] != "false_premise"]
    return {
        "false_premises_flagged": f"{sum(false)}/{len(false)}",
        "other_questions_flagged": f"{sum(r['premise_flagged'] for r in other)}/{len(other)}",
        "other_flagged_ids": [r["id"] for r in other if r["premise_flagged"]],
    }


# ---- stages and checker --------------------------------------------------------------------
def run_stages(assistant, split: str, progress: ProgressFn | None = None) -> SuiteResult:
    """Stage macro-F1. The classifier is fitted on the dev sentences, so on dev the figure
    is cross-validated (``folds`` folds, each scored by a model that never saw it); on test
    it is the shipped model's, on sentences written blind."""
    classifier = assistant.pipeline.classifier
    if split == "dev":
        rows = load_items("stages/dev.jsonl", "dev")
        labels = classifier.cross_validated(rows)
    else:
        rows = load_items("stages/dev.jsonl", "test")
        labels = classifier.classify_many([r["text"] for r in rows])
    predicted = ["resource" if lab.stage.endswith("_resource") else lab.stage for lab in labels]
    items = [
        {
            "id": r["id"],
            "text": r["text"],
            "gold": r["stage"],
            "predicted": p,
            "passed": p == r["stage"],
        }
        for r, p in zip(rows, predicted)
    ]
    _tick(progress, "stages", len(rows), len(rows))
    return SuiteResult(
        {"macro_f1": round(metrics.macro_f1([r["stage"] for r in rows], predicted), 4)},
        items,
        {
            "section_macro_f1": round(
                metrics.macro_f1([r["section"] for r in rows], [lab.section for lab in labels]), 4
            )
        },
    )


# ---- claims ----------------------------------------------------------------------------------
def claim_readings(assistant, items: list[dict], model=None) -> list[tuple[dict, list, str]]:
    """Each labelled sentence with the claims the product reads from it and the section it
    would stand in (the stage classifier's, then the claims gate)."""
    from assistant.claims import gated_section, read_claims
    from assistant.evaluation.claim_scores import item_context

    texts = [item["text"] for item in items]
    vectors = assistant.embedder.embed_sentences(texts)
    labels = assistant.pipeline.classifier.classify_many(texts)
    out = []
    for item, vector, label in zip(items, vectors, labels):
        claims = read_claims(item["text"], item_context(item), model, vector)
        out.append((item, claims, gated_section(label.section, claims)))
    return out


def run_claims(assistant, split: str, progress: ProgressFn | None = None) -> SuiteResult:
    """Claims read from real-style sentences: modality, figures and units, subjects, and
    deliverable precision (of the sentences placed under deliverable supply, the share that
    state achieved output). On dev the modality model is cross-validated, since the shipped
    one is fitted on dev; on test it is the shipped model, on sentences written blind."""
    from assistant.evaluation.claim_scores import ClaimScores
    from assistant.modality_fit import fit_on, folds_of

    items = load_items("claims/dev.jsonl", split)
    scores = ClaimScores()
    if split == "dev":
        for train, held in folds_of(items):
            model = fit_on(assistant.embedder, train, assistant.settings.claims_model)
            for item, claims, section in claim_readings(assistant, held, model):
                scores.add(item, claims, section == "deliverable_supply")
    else:
        for item, claims, section in claim_readings(assistant, items):
            scores.add(item, claims, section == "deliverable_supply")
    _tick(progress, "claims", len(items), len(items))
    return SuiteResult(scores.metrics(), scores.rows)


def _realstyle_assistant(assistant):
    """The real-style fixture articles indexed on their own, beside the main index."""
    from assistant.service import Assistant

    settings = assistant.settings.model_copy(
        update={"data_dir": assistant.settings.data_dir / "realstyle-eval"}
    )
    other = Assistant(settings)
    report = other.ingest([REALSTYLE])
    if report.rejected:
        raise RuntimeError(f"real-style fixtures rejected: {report.rejected}")
    return other


def run_verdict(assistant, split: str, progress: ProgressFn | None = None) -> SuiteResult:
    """The verdict's status against an analyst's, on the corpus and on the real-style
    fixture articles; how many questions the sources cannot answer get ``not_shown`` with a
    ``missing`` line; and whether every figure of every verdict line is a figure of a claim
    of a sentence the line cites."""
    from assistant.evaluation.verdict_scores import VerdictScores

    items = load_items("verdict/dev.jsonl", split)
    others = {"main": assistant}
    if any(item["corpus"] == "realstyle" for item in items):
        others["realstyle"] = _realstyle_assistant(assistant)
    scores = VerdictScores()
    for n, item in enumerate(items, start=1):
        scores.add(item, others[item["corpus"]].ask(item["question"]))
        _tick(progress, "verdict", n, len(items))
    return SuiteResult(scores.metrics(), scores.rows)


def run_checker(assistant, split: str, progress: ProgressFn | None = None) -> SuiteResult:
    rows = load_items("checker/pairs.jsonl", split)
    checker = GroundingChecker(assistant.embedder)
    items = []
    for n, row in enumerate(rows, start=1):
        verdict = checker.check(row["sentence"], [row["passage"]])
        items.append(
            {
                "id": row["id"],
                "kind": row["kind"],
                "sentence": row["sentence"],
                "gold": row["supported"],
                "predicted": verdict.supported,
                "passed": verdict.supported == row["supported"],
                "reasons": verdict.reasons,
            }
        )
        _tick(progress, "checker", n, len(rows))
    score = metrics.balanced_accuracy([i["gold"] for i in items], [i["predicted"] for i in items])
    return SuiteResult({"balanced_accuracy": round(score, 4)}, items)


SUITES = {
    "retrieval": run_retrieval,
    "grounding": run_grounding,
    "refusal": run_refusal,
    "stages": run_stages,
    "checker": run_checker,
    "claims": run_claims,
    "verdict": run_verdict,
}
