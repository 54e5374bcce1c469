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
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.embeddings import LRUCache

STAGE_SECTION = {
    "exploration": "resource_potential",
    "resource": "resource_potential",
    "study": "resource_potential",
    "reserve": "resource_potential",
    "target": "resource_potential",
    "permit": "pipeline",
    "offtake_soft": "pipeline",
    "offtake_binding": "pipeline",
    "financing_conditional": "pipeline",
    "financing_committed": "pipeline",
    "construction": "pipeline",
    "commissioning": "pipeline",
    "operating": "deliverable_supply",
    "constraint": "constraints",
    "context": "context",
}
STAGES = list(STAGE_SECTION)
CHAIN_STEPS = ["mine_concentrate", "cracking", "separation", "metal_alloy", "magnet"]

_NUM = r"\d[\d,.]*"
SIGNALS: dict[str, list[str]] = {
    "exploration": [
        r"\bintercepts?\b",
        r"\bdrill(?:ing|ed|holes?)?\b",
        r"\bdiscover(?:y|ies|ed)\b",
        r"\bprospective\b",
        r"\bexploration\b",
        r"\bup to " + _NUM + r"\s?% ?treo\b",
        r"\bhost (?:unit|rock)\b",
        r"\bin[- ]situ\b",
        r"\bassays?\b",
        r"\bsampl(?:es|ing)\b",
        r"\boccurrences?\b",
        r"\banomal(?:y|ies)\b",
    ],
    "resource": [
        r"\b(?:inferred|indicated|measured)\b",
        r"\bmineral resources?\b",
        r"\bresource (?:estimate|of|base)\b",
        r"\bcontained (?:treo|reo)\b",
        r"\bm&i\b",
        r"\b(?:jorc|ni 43-101)[- ](?:compliant )?resource\b",
        r"\bmaiden resource\b",
    ],
    "study": [
        r"\bpea\b",
        r"\bpreliminary economic assessment\b",
        r"\bscoping study\b",
        r"\bpre-?feasibility\b",
        r"\bpfs\b",
        r"\b(?:definitive|bankable) feasibility\b",
        r"\bdfs\b",
        r"\bbfs\b",
        r"\bfeasibility study\b",
        r"\bnpv\b",
        r"\birr\b",
        r"\bcapex\b",
        r"\bcapital cost\b",
        r"\bstudy\b",
    ],
    "reserve": [
        r"\bore reserves?\b",
        r"\bproved\b",
        r"\bprobable\b",
        r"\breserves?\b",
        r"\bmine life\b",
    ],
    "target": [
        r"\baims?\b",
        r"\bplans?\b",
        r"\bplanned\b",
        r"\btargets?\b",
        r"\btargeting\b",
        r"\bexpects?\b",
        r"\bexpected\b",
        r"\bintends?\b",
        r"\bcould\b",
        r"\bwould\b",
        r"\bwill\b",
        r"\bambitions?\b",
        r"\bgoal\b",
        r"\bhopes?\b",
        r"\bseeks?\b",
        r"\bproposed\b",
        r"\bprojected\b",
        r"\bby 20\d\d\b",
        r"\baspir",
        r"\bpitch",
        r"\bannounced\b",
        r"\bpotential(?:ly)?\b",
    ],
    "permit": [
        r"\blicen[cs]es?\b",
        r"\bpermits?\b",
        r"\bpermitted\b",
        r"\bpermitting\b",
        r"\bapprov(?:al|als|ed)\b",
        r"\bconcessions?\b",
        r"\bmining lease\b",
        r"\bsml\b",
        r"\beshia\b",
        r"\benvironmental (?:impact|authori[sz]ation|consent)\b",
    ],
    "offtake_soft": [
        r"\bmou\b",
        r"\bmemorandum of understanding\b",
        r"\bloi\b",
        r"\bletter of intent\b",
        r"\bnon-binding\b",
        r"\bheads of agreement\b",
        r"\bframework agreement\b",
        r"\bcooperation agreement\b",
    ],
    "offtake_binding": [
        r"\bbinding offtake\b",
        r"\btake-or-pay\b",
        r"\bofftake (?:agreement|contract)\b",
        r"\bprice floor\b",
        r"\bsupply (?:agreement|contract)\b",
        r"\bsigned\b",
        r"\bofftake\b",
    ],
    "financing_conditional": [
        r"\bconditional\b",
        r"\bletter of interest\b",
        r"\bsubject to\b",
        r"\bexpression of interest\b",
        r"\bgrants?\b",
        r"\bloan\b",
        r"\bawarded\b",
    ],
    "financing_committed": [
        r"\bfinal investment decision\b",
        r"\bfid\b",
        r"\bfinancial close\b",
        r"\bfully funded\b",
        r"\bdr[ae]w(?:n)? down\b",
        r"\bequity (?:investment|stake)\b",
        r"\bclosed (?:a|the)\b",
        r"\bfunding secured\b",
    ],
    "construction": [
        r"\bunder construction\b",
        r"\bconstruction\b",
        r"\bgroundbreaking\b",
        r"\bepcm?\b",
        r"\b" + _NUM + r"\s?% complete\b",
        r"\bbeing built\b",
        r"\bbroke ground\b",
        r"\bbuilding\b",
    ],
    "commissioning": [
        r"\bcommission(?:ing|ed)?\b",
        r"\bpilot\b",
        r"\bfirst (?:kg|kilograms?|production|"
        r"concentrate|oxide|output|metal|magnets?|feed|ore)\b",
        r"\btrial production\b",
        r"\bon-spec\b",
        r"\bqualification\b",
        r"\bramp(?:-| )?up\b",
        r"\bramping\b",
        r"\brun-rate\b",
        r"\bsamples?\b",
    ],
    "operating": [
        r"\bproduced\b",
        r"\bproduces\b",
        r"\bproducing\b",
        r"\boutput\b",
        r"\bshipped\b",
        r"\bsold\b",
        r"\bsales\b",
        r"\bmine production\b",
        r"\boperating\b",
        r"\bin production\b",
        r"\bdelivered\b",
        r"\bprocessed\b",
        r"\bsupplied\b",
        r"\bexports? of\b",
    ],
    "constraint": [
        r"\bexport (?:controls?|bans?|licen[cs]es?|restrictions?)\b",
        r"\bbann?(?:ed|s)?\b",
        r"\bsanctions?\b",
        r"\brestrict(?:ed|ions?|s)?\b",
        r"\brefused\b",
        r"\brejected\b",
        r"\bhalt(?:ed|s)?\b",
        r"\bsuspend(?:ed|s)?\b",
        r"\bstall(?:ed|s)?\b",
        r"\breceivership\b",
        r"\bblocked\b",
        r"\bdisrupt(?:ed|ion|s)?\b",
        r"\bseized\b",
        r"\bmoratorium\b",
        r"\bradioactiv",
        r"\bprotests?\b",
        r"\bdelay(?:ed|s)?\b",
        r"\bslipped\b",
        r"\buncertainty\b",
        r"\barbitration\b",
        r"\bcontrols?\b",
    ],
    "context": [
        r"\bis (?:a|an|the)\b",
        r"\brefers? to\b",
        r"\bmeans\b",
        r"\bused (?:in|for)\b",
        r"\bdemand\b",
        r"\bprices?\b",
        r"\bshare\b",
        r"\bdefin",
    ],
}
_SIGNAL_RES = {stage: [re.compile(p, re.I) for p in pats] for stage, pats in SIGNALS.items()}

CHAIN_SIGNALS = {
    # "magnet rare earths" names elements, not magnets
    "magnet": r"\bmagnets?\b(?! rare[- ]earths?| metals| elements| feedstock| makers?| "
    r"manufacturers?| customers?| buyers?)|\bndfeb\b",
    "metal_alloy": r"\bmetals? (?:and|or|&) alloys?\b|\balloys?\b|\bmetalli[sz]|\bmetal plant\b|"
    r"\b(?:ndpr|neodymium|rare[- ]earth) metals?\b",
    "separation": r"\bseparat\w*\b|\bsolvent extraction\b|\brefiner(?:y|ies)\b|\brefining\b|"
    r"\b(?:ndpr|nd|pr|dy|tb|dysprosium|terbium|neodymium|praseodymium|individual|"
    r"separated|lanthanum|cerium) oxides?\b",
    "cracking": r"\bcrack\w*\b|\bleach\w*\b|\bmixed (?:rare[- ]earth )?carbonate\b|\bmrec\b|"
    r"\bhydrometallurg",
    "mine_concentrate": r"\bconcentrat(?:e|es|or)\b|\bmine production\b|\bmined?\b|\bmining\b|"
    r"\bore\b|\bmineral sands\b|\bclays?\b|\btreo\b|\bdeposits?\b|\bdrill\w*|\bresources?\b|"
    r"\breserves?\b|\bpit\b|\bcarbonatite\b|\bprospects?\b|\bintersect\w*|\bassay\w*",
}
_UPSTREAM_STAGES = {"exploration", "resource", "study", "reserve"}
_CHAIN_RES = {step: re.compile(p, re.I) for step, p in CHAIN_SIGNALS.items()}
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
    for stage, patterns in _SIGNAL_RES.items():
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
    for step in CHAIN_SIGNALS:  # most downstream first: "oxide for magnets" is about magnets
        if _CHAIN_RES[step].search(text):
            return step
    # Deposits, resources and studies are about the mine even when the text does not say so.
    return "mine_concentrate" if stage in _UPSTREAM_STAGES else None


def resource_detail(text: str) -> str | None:
    match = re.search(r"\b(inferred|indicated|measured)\b", text, re.I)
    return f"{match.group(1).lower()}_resource" if match else None


# When the lexicon alone must decide, hedged and soft signals win over achievement verbs.
_LEXICON_PRIORITY = [
    "offtake_soft",
    "financing_conditional",
    "target",
    "constraint",
    "financing_committed",
    "offtake_binding",
    "construction",
    "commissioning",
    "permit",
    "reserve",
    "resource",
    "study",
    "exploration",
    "operating",
    "context",
]


def lexicon_label(text: str) -> StageLabel:
    hits = signal_hits(text)
    stage = next((s for s in _LEXICON_PRIORITY if s in hits), "context")
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
