"""Where does a sentence's claim sit on the project ladder, and so in which answer section?

Two parts, both inspectable: a signal-phrase lexicon (the domain brief's vocabulary) whose
hits are features, and a logistic-regression classifier over the packaged MiniLM embedding
plus those features, trained on the labelled sentences in ``evals/stages/dev.jsonl``. Modality
is decisive ("aims to", "MoU", "conditional" are never supply), so the lexicon features are
weighted strongly enough to carry it when the embedding is unsure."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.domain import domain
from assistant.embeddings import LRUCache
from assistant.settings import StageModelSettings

_D = domain()
STAGE_SECTION = {stage: spec.section for stage, spec in _D.stages.items()}
STAGES = list(STAGE_SECTION)
CHAIN_STEPS = list(reversed(_D.chain_steps))  # upstream first
SHIPPED_MODEL = Path(__file__).with_name("domain") / "stage_model.npz"


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
    """Per stage, how many of its signals a text hits (none, one, two or more: 0, 0.5, 1)."""
    rows = []
    for text in texts:
        hits = signal_hits(text)
        rows.append([min(len(hits.get(stage, [])), 2) / 2 for stage in STAGES])
    return np.asarray(rows, dtype=np.float32)


def _modality_cue_patterns() -> list:
    return [*_D.modality_patterns.values(), *(_D.compiled(k) for k in _CUES)]


_CUES = ("negation", "future", "done", "under_way")


def modality_features(texts: list[str]) -> np.ndarray:
    """Whether a text carries each kind of modality cue (a denial, a condition, a study, a
    target, a design figure, a plan, work under way; negation, the future, a finished act):
    general English that decides, more than any noun, whether a figure is delivered."""
    patterns = _modality_cue_patterns()
    return np.asarray(
        [[1.0 if p.search(text) else 0.0 for p in patterns] for text in texts], dtype=np.float32
    )


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
    (it is imported only to fit)."""

    coef: np.ndarray
    intercept: np.ndarray
    classes_: np.ndarray
    recipe: dict  # what it was fitted on: the labelled set, the signals, the settings

    @classmethod
    def from_sklearn(cls, model, recipe: dict) -> LinearSoftmax:
        return cls(model.coef_.copy(), model.intercept_.copy(), model.classes_.copy(), recipe)

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            classes=self.classes_.astype(str),
            recipe=np.array(json.dumps(self.recipe, sort_keys=True)),
        )

    @classmethod
    def load(cls, path: Path) -> LinearSoftmax:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                data["coef"],
                data["intercept"],
                data["classes"],
                json.loads(str(data["recipe"])),
            )


def model_recipe(train_path: Path, settings: StageModelSettings) -> dict:
    """What a fitted model depends on, so a stale one is never used: the labelled
    sentences, the lexicon's signals (they are features) and the fitting settings."""
    signals = json.dumps(
        {
            "stages": {s: spec.signals for s, spec in _D.stages.items()},
            "cues": [p.pattern for p in _modality_cue_patterns()],
        },
        sort_keys=True,
    )
    return {
        "training_set": hashlib.sha256(train_path.read_bytes()).hexdigest()[:16],
        "signals": hashlib.sha256(signals.encode()).hexdigest()[:16],
        "lexicon_weight": settings.lexicon_weight,
        "modality_weight": settings.modality_weight,
        "regularisation": settings.regularisation,
    }


class StageClassifier:
    """Lexicon features + MiniLM embedding -> logistic regression over the stage labels.

    The model fitted on ``evals/stages/dev.jsonl`` ships with the package
    (``SHIPPED_MODEL``, fitted on the fp32 encoder's vectors by ``python -m assistant
    fit-stages``), so every machine classifies with the same weights. When the labelled
    set, the signals or the settings have changed since, a model is fitted on first use
    and kept under ``cache_dir`` instead."""

    def __init__(
        self,
        embedder,
        train_path: Path,
        cache_dir: Path | None = None,
        settings: StageModelSettings | None = None,
        shipped: Path | None = None,
    ) -> None:
        self.embedder = embedder
        self.train_path = train_path
        self.cache_dir = cache_dir
        self.settings = settings or StageModelSettings()
        self.shipped = SHIPPED_MODEL if shipped is None else shipped
        self._model: LinearSoftmax | None = None
        self._lock = threading.Lock()
        # answers classify the same passage sentences again and again (facets, sections)
        self._labels: LRUCache[StageLabel] = LRUCache(50_000)

    def features(self, texts: list[str]) -> np.ndarray:
        s = self.settings
        lexicon = lexicon_features(texts) * s.lexicon_weight
        cues = modality_features(texts) * s.modality_weight
        return np.hstack([self.embedder.embed_sentences(texts), lexicon, cues])

    def model(self) -> LinearSoftmax:
        with self._lock:
            if self._model is None:
                self._model = self._shipped_or_fitted()
            return self._model

    def _shipped_or_fitted(self) -> LinearSoftmax:
        if not self.train_path.exists():  # an installed copy: the shipped model is all there is
            return LinearSoftmax.load(self.shipped)
        recipe = model_recipe(self.train_path, self.settings)
        if self.shipped.exists():
            shipped = LinearSoftmax.load(self.shipped)
            if shipped.recipe == recipe:
                return shipped
        key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:16]
        backend = getattr(self.embedder, "backend", "torch")
        cache = self.cache_dir / f"stage-model-{key}-{backend}.npz" if self.cache_dir else None
        if cache and cache.exists():
            return LinearSoftmax.load(cache)
        fitted = self.fit(load_labelled(self.train_path))
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            fitted.save(cache)
        return fitted

    def fit(self, rows: list[dict]) -> LinearSoftmax:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(
            max_iter=3000, C=self.settings.regularisation, class_weight="balanced"
        )
        model.fit(self.features([r["text"] for r in rows]), [r["stage"] for r in rows])
        return LinearSoftmax.from_sklearn(model, model_recipe(self.train_path, self.settings))

    def cross_validated(self, rows: list[dict], folds: int = 5) -> list[StageLabel]:
        """Each row labelled by a model fitted on the other folds: an honest figure for the
        labelled set the shipped model was fitted on. Folds are fixed by row position."""
        labels: list[StageLabel | None] = [None] * len(rows)
        for fold in range(folds):
            held = [i for i in range(len(rows)) if i % folds == fold]
            fitted = self.fit([r for i, r in enumerate(rows) if i % folds != fold])
            for i, label in zip(held, self._labelled(fitted, [rows[i]["text"] for i in held])):
                labels[i] = label
        return labels

    def classify_many(self, texts: list[str]) -> list[StageLabel]:
        return self._labels.get_many(texts, self._classify_uncached)

    def _classify_uncached(self, texts: list[str]) -> list[StageLabel]:
        if not texts:
            return []
        if not self.train_path.exists() and not self.shipped.exists():
            return [lexicon_label(t) for t in texts]  # an installed copy with neither
        return self._labelled(self.model(), texts)

    def _labelled(self, model: LinearSoftmax, texts: list[str]) -> list[StageLabel]:
        probabilities = model.predict_proba(self.features(texts))
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
