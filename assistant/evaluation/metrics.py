"""Metric definitions, kept free of I/O so each can be checked on tiny hand-computed cases."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Span = tuple[str, int, int]  # (doc_id, start, end) in the document body


def overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def relevance_flags(retrieved: Sequence[Span], gold: Sequence[Span]) -> list[bool]:
    return [any(overlaps(r, g) for g in gold) for r in retrieved]


def recall_at_k(
    retrieved: Sequence[Span], gold: Sequence[Span], k: int, need_all: bool = True
) -> float:
    """Share of gold spans touched by the top-k chunks. With ``need_all=False`` the gold spans
    are alternatives (the same fact in several articles): touching any one counts fully."""
    if not gold:
        return 0.0
    top = retrieved[:k]
    touched = sum(any(overlaps(r, g) for r in top) for g in gold)
    return touched / len(gold) if need_all else float(touched > 0)


def mrr_at_k(retrieved: Sequence[Span], gold: Sequence[Span], k: int) -> float:
    for rank, flag in enumerate(relevance_flags(retrieved[:k], gold), start=1):
        if flag:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved: Sequence[Span], gold: Sequence[Span], k: int) -> float:
    """Binary-relevance nDCG; the ideal ranking puts one relevant chunk per gold span first."""
    flags = relevance_flags(retrieved[:k], gold)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, flag in enumerate(flags, start=1) if flag)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


Supports = Callable[[str, list[str]], bool]


def citation_recall_precision(
    sentences: Sequence[tuple[str, list[str]]], supports: Supports
) -> tuple[float, float]:
    """ALCE (Gao et al. 2023). Recall: a sentence counts when the union of its cited
    passages supports it. Precision: a citation is irrelevant when it alone does not
    support the sentence and the sentence stays supported without it; every other
    citation of a supported sentence is relevant."""
    if not sentences:
        return 0.0, 0.0
    recalled, relevant, total = 0, 0, 0
    for text, passages in sentences:
        supported = bool(passages) and supports(text, passages)
        recalled += supported
        total += len(passages)
        if not supported:
            continue
        for i, passage in enumerate(passages):
            alone = supports(text, [passage])
            rest = passages[:i] + passages[i + 1 :]
            without = bool(rest) and supports(text, rest)
            relevant += alone or not without
    return recalled / len(sentences), (relevant / total if total else 0.0)


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def balanced_accuracy(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    positives = [p for g, p in zip(gold, predicted) if g]
    negatives = [p for g, p in zip(gold, predicted) if not g]
    tpr = sum(positives) / len(positives) if positives else 0.0
    tnr = sum(not p for p in negatives) / len(negatives) if negatives else 0.0
    return (tpr + tnr) / 2


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
