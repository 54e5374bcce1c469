"""Each metric on tiny cases computed by hand."""

import math

import pytest

from assistant.evaluation import metrics

GOLD = [("a", 10, 20), ("b", 0, 5)]


def test_overlap_needs_same_doc_and_intersecting_offsets():
    assert metrics.overlaps(("a", 0, 11), ("a", 10, 20))
    assert not metrics.overlaps(("a", 0, 10), ("a", 10, 20))  # touching is not overlapping
    assert not metrics.overlaps(("b", 10, 20), ("a", 10, 20))


def test_recall_all_versus_any():
    retrieved = [("x", 0, 9), ("a", 15, 30), ("c", 0, 1)]
    assert metrics.recall_at_k(retrieved, GOLD, 5) == 0.5
    assert metrics.recall_at_k(retrieved, GOLD, 1) == 0.0
    assert metrics.recall_at_k(retrieved, GOLD, 5, need_all=False) == 1.0


def test_mrr_and_ndcg():
    retrieved = [("x", 0, 9), ("a", 15, 30), ("b", 1, 2)]
    assert metrics.mrr_at_k(retrieved, GOLD, 10) == 0.5
    dcg = 1 / math.log2(3) + 1 / math.log2(4)
    ideal = 1 / math.log2(2) + 1 / math.log2(3)
    assert metrics.ndcg_at_k(retrieved, GOLD, 10) == pytest.approx(dcg / ideal)
    assert metrics.ndcg_at_k([], GOLD, 10) == 0.0


def test_alce_citation_recall_and_precision():
    facts = {"p1": {"s1"}, "p2": {"s1"}, "p3": set()}

    def supports(sentence, passages):
        return any(sentence in facts[p] for p in passages)

    # s1 cites p1 (supports) and p3 (irrelevant: not alone, and s1 holds without it)
    recall, precision = metrics.citation_recall_precision(
        [("s1", ["p1", "p3"]), ("s2", ["p2"])], supports
    )
    assert recall == 0.5
    assert precision == pytest.approx(1 / 3)
    # two redundant supporting citations are both relevant (each supports alone)
    assert metrics.citation_recall_precision([("s1", ["p1", "p2"])], supports) == (1.0, 1.0)


def test_macro_f1_and_balanced_accuracy():
    gold = ["a", "a", "b", "c"]
    predicted = ["a", "b", "b", "c"]
    # a: p=1 r=.5 f=2/3; b: p=.5 r=1 f=2/3; c: 1
    assert metrics.macro_f1(gold, predicted) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert metrics.balanced_accuracy([True, True, False, False], [True, False, False, True]) == 0.5


def test_a_covered_question_passes_only_when_answered_with_citations():
    from assistant.evaluation.suites import refusal_verdict

    item = {"expect": "answer"}
    answered = {"refused": False, "citations": [{"n": 1}], "answer_markdown": "x"}
    refused = {"refused": True, "citations": [], "answer_markdown": "x"}
    empty = {"refused": False, "citations": [], "answer_markdown": "x"}
    assert refusal_verdict(answered, item) == (True, "answered")
    assert not refusal_verdict(refused, item)[0]
    assert not refusal_verdict(empty, item)[0]


def test_premise_flags_count_false_premises_caught_and_false_alarms_apart():
    from assistant.evaluation.suites import premise_flags

    rows = [
        {"kind": "false_premise", "premise_flagged": True},
        {"kind": "false_premise", "premise_flagged": False},
        {"kind": "casual_answerable", "premise_flagged": True},
        {"kind": "out_of_scope", "premise_flagged": False},
        {"kind": "unanswerable", "premise_flagged": False},
    ]
    for n, row in enumerate(rows):
        row["id"] = f"x{n}"
    assert premise_flags(rows) == {
        "false_premises_flagged": "1/2",
        "other_questions_flagged": "1/3",
        "other_flagged_ids": ["x2"],
    }
