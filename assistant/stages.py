"""Where does a sentence's claim sit on the project ladder, and so in which answer section?

Two parts, both inspectable: a signal-phrase lexicon (the domain brief's vocabulary) whose
hits are features, and a logistic-regression classifier over the packaged MiniLM embedding
plus those features, trained on the labelled sentences in ``evals/stages/dev.jsonl``. Modality
is decisive ("aims to", "MoU", "conditional" are never supply), so the lexicon features are
weighted strongly enough to carry it when the embedding is unsure."""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.domain import domain
from assistant.embeddings import LRUCache

_D = domain()
STAGE_SECTION = {stage: spec.section for stage, spec in _D.stages.items()}
STAGES = list(STAGE_SECTION)
CHAIN_STEPS = list(reversed(_D.chain_steps))  # upstream first
_LEXICON_WEIGHT = 0.6


@dataclass(frozen=True)
class StageLabel:
    stage: str
    section: str
    chain: str | None
    confidence: float
    signals: tuple[str, ...]  # the lexicon hits, shown to users who ask "why this section?"

    @property
    def display_stage(self) -> str:
        """Finer resource labels for display (inferred_resource, ...) when the text says so."""
        return self.stage


def signal_hits(text: str) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for stage, patterns in _D.stage_signal_patterns.items():
        matched = [m.group(0).lower() for p in patterns if (m := p.search(text))]
        if matched:
            hits[stage] = matched
    return hits


def lexicon_features(texts: list[str]) -> np.ndarray:
    rows = []
    for text in texts:
        hits = signal_hits(text)
        rows.append([min(len(hits.get(stage, [])), 2) / 2 for stage in STAGES])
    return np.asarray(rows, dtype=np.float32) * _LEXICON_WEIGHT


def chain_step(text: str, stage: str | None = None) -> str | None:
    for step, pattern in _D.chain_patterns.items():  # most downstream first
        if pattern.search(text):
            return step
    # Deposits, resources and studies are about the mine even when the text does not say so.
    return "mine_concentrate" if stage in _D.upstream_stages else None


def resource_detail(text: str) -> str | None:
    match = _D.compiled("resource_classes").search(text)
    return f"{match.group(1).lower()}_resource" if match else None


def lexicon_label(text: str) -> StageLabel:
    hits = signal_hits(text)
    stage = next((s for s in _D.stage_priority if s in hits), "context")
    return StageLabel(
        stage, STAGE_SECTION[stage], chain_step(text), 0.5, tuple(hits.get(stage, []))
    )


def load_labelled(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class LinearSoftmax:
    """The fitted multinomial logistic regression as plain arrays: answering needs only a
    matrix product, and importing scikit-learn would add about a second to every cold start
    (it is imported only to train, once per labelled set and encoder backend)."""

    coef: np.ndarray
    intercept: np.ndarray
    classes_: np.ndarray

    @classmethod
    def from_sklearn(cls, model) -> LinearSoftmax:
        return cls(model.coef_.copy(), model.intercept_.copy(), model.classes_.copy())

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


class StageClassifier:
    """Lexicon features + MiniLM embedding -> logistic regression over the stage labels."""

    def __init__(self, embedder, train_path: Path, cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.train_path = train_path
        self.cache_dir = cache_dir
        self._model = None
        self._lock = threading.Lock()
        # answers classify the same passage sentences again and again (facets, sections)
        self._labels: LRUCache[StageLabel] = LRUCache(50_000)

    def _features(self, texts: list[str]) -> np.ndarray:
        return np.hstack([self.embedder.embed_sentences(texts), lexicon_features(texts)])

    def _load_or_train(self):
        with self._lock:
            if self._model is not None:
                return self._model
            digest = hashlib.sha256(self.train_path.read_bytes()).hexdigest()[:16]
            # the features are the encoder's vectors, so each backend has its own model
            backend = getattr(self.embedder, "backend", "torch")
            name = f"stage-model-v2-{digest}-{backend}.pkl"
            cache = self.cache_dir / name if self.cache_dir else None
            if cache and cache.exists():
                self._model = pickle.loads(cache.read_bytes())
                return self._model
            self._model = self.train(load_labelled(self.train_path))
            if cache:
                cache.parent.mkdir(parents=True, exist_ok=True)
                cache.write_bytes(pickle.dumps(self._model))
            return self._model

    def train(self, rows: list[dict]) -> LinearSoftmax:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced")
        model.fit(self._features([r["text"] for r in rows]), [r["stage"] for r in rows])
        return LinearSoftmax.from_sklearn(model)

    def classify_many(self, texts: list[str]) -> list[StageLabel]:
        return self._labels.get_many(texts, self._classify_uncached)

    def _classify_uncached(self, texts: list[str]) -> list[StageLabel]:
        if not texts:
            return []
        if not self.train_path.exists():  # an installed copy without the labelled set
            return [lexicon_label(t) for t in texts]
        model = self._load_or_train()
        probabilities = model.predict_proba(self._features(texts))
        labels = []
        for text, probs in zip(texts, probabilities):
            best = int(np.argmax(probs))
            stage = str(model.classes_[best])
            hits = signal_hits(text)
            labels.append(
                StageLabel(
                    stage=resource_detail(text)
                    if stage == "resource" and resource_detail(text)
                    else stage,
                    section=STAGE_SECTION[stage],
                    chain=chain_step(text, stage),
                    confidence=float(probs[best]),
                    signals=tuple(hits.get(stage, [])),
                )
            )
        return labels

    def classify(self, text: str) -> StageLabel:
        return self.classify_many([text])[0]
