"""The modality of a claim, learned from labelled sentences over general-English features.

Cue words alone, checked in a fixed order, read a claim right about three times in four: real
sentences carry a plan, a design figure and a past verb in one clause. The features here are
where each kind of cue stands relative to the figure (in its clause, right before it, right
after it, anywhere in the sentence), the verb forms next to it (past, perfect, progressive,
modal), whether its period lies after the article's date, what the figure measures, the
sentence's own vector (the one ingest makes for retrieval, so reading claims costs no extra
encoding) and the words right around the figure, hashed as scikit-learn's HashingVectorizer
hashes them (``hashed_words``).
A multinomial logistic regression over them is fitted on
``evals/claims/dev.jsonl`` and ships as arrays (``domain/modality_model.npz``, refitted by
``python -m assistant fit-models``); with no model, or no vector, the cue order decides."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.domain import MODALITIES, domain
from assistant.stages import LinearSoftmax
from assistant.subjects import names_masked

SHIPPED_MODEL = Path(__file__).with_name("domain") / "modality_model.npz"
_PAST = re.compile(
    r"\b\w{3,}ed\b|\b(?:made|sold|shipped|won|got|took|began|rose|fell|grew|"
    r"hit|ran|paid|spent|drew|raised|built|sent|brought|kept|held|left|set)\b",
    re.I,
)
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?\w+(?:ed|en|n)\b", re.I)
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|remains?|still)\s+(?:\w+\s+)?\w+ing\b", re.I)
_MODAL = re.compile(r"\b(?:will|would|could|can|may|might|should|shall|must)\b", re.I)
_WINDOW = 48  # characters on either side of a figure that count as "next to" it
_NEAR_CHARS = 60  # characters on either side of a figure whose words are hashed
_NEAR_WORDS_DIM = 2**12


@dataclass(frozen=True)
class ClaimSite:
    """Where a claim stands: its sentence, its clause and its figure (or status cue)."""

    sentence: str
    clause: tuple[int, int]
    figure: tuple[int, int]
    measure: str
    kind: str  # mass, money, percent, price or status
    future: bool  # its period begins after the article's date
    past: bool  # its period ended before the article's date
    vector: np.ndarray | None = None  # the sentence's vector, when known


_KINDS = ("mass", "money", "percent", "price", "status")


@lru_cache(maxsize=1)
def _measures() -> tuple[str, ...]:
    d = domain()
    return tuple(dict.fromkeys([*d.claim_measures, *d.milestones]))


def cue_features(site: ClaimSite) -> np.ndarray:
    """The claim's cue, verb, period and measure features (see the module's docstring).
    Cue words inside a name ("AIM", "Target Metals") are not cues."""
    text = names_masked(site.sentence)
    left, right = site.clause
    start, end = site.figure
    before = text[max(left, start - _WINDOW) : start]
    after = text[end : min(right, end + _WINDOW)]
    in_clause, in_sentence = _cues_in(text[left:right]), _cues_in(text)
    row: list[float] = []
    for k, pattern in enumerate(domain().modality_patterns.values()):
        row += [
            in_clause[k],
            float(bool(pattern.search(before))),
            float(bool(pattern.search(after))),
            in_sentence[k],
        ]
    verbs_in_clause = _verbs_in(text[left:right])
    for k, verbs in enumerate(_VERB_FORMS):
        row += [float(bool(verbs.search(before))), verbs_in_clause[k]]
    row += [float(site.future), float(site.past)]
    row += [float(site.measure == m) for m in _measures()]
    row += [float(site.kind == k) for k in _KINDS]
    return np.asarray(row, dtype=np.float32)


_VERB_FORMS = (_PAST, _PERFECT, _PROGRESSIVE, _MODAL)


@lru_cache(maxsize=1024)
def _cues_in(text: str) -> tuple[float, ...]:
    """Which kinds of cue a text holds: a sentence's and a clause's are the same for every
    figure in them, and looking them up once per text cut reading claims by a tenth."""
    return tuple(float(bool(p.search(text))) for p in domain().modality_patterns.values())


@lru_cache(maxsize=1024)
def _verbs_in(text: str) -> tuple[float, ...]:
    return tuple(float(bool(verbs.search(text))) for verbs in _VERB_FORMS)


def near_words(site: ClaimSite) -> np.ndarray:
    """The words right before and right after the figure in its clause, and their pairs,
    hashed: the sentence's vector speaks for the whole sentence, these for this figure
    ("separated 610t last year" beside "a nameplate of 900tpa")."""
    text = site.sentence
    left, right = site.clause
    start, end = site.figure
    before = re.findall(r"[a-z']+", text[max(left, start - _NEAR_CHARS) : start].lower())
    after = re.findall(r"[a-z']+", text[end : min(right, end + _NEAR_CHARS)].lower())
    return hashed_words([*(f"b_{w}" for w in before), *(f"a_{w}" for w in after)])


def hashed_words(words: list[str]) -> np.ndarray:
    """The words and their neighbouring pairs hashed into ``_NEAR_WORDS_DIM`` counts, l2
    normed: what sklearn's HashingVectorizer (unsigned, 1-2 grams, the model's features)
    gives, computed directly, since calling it per claim cost a quarter of ingest."""
    grams = [*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))]
    vector = np.zeros(_NEAR_WORDS_DIM, dtype=np.float32)
    for gram in grams:
        vector[_bucket(gram)] += 1.0
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@lru_cache(maxsize=8192)
def _bucket(gram: str) -> int:
    """The gram's hashed column; the same few thousand words recur from claim to claim."""
    return abs(murmurhash3_32(gram.encode("utf-8"))) % _NEAR_WORDS_DIM


_MASK = 0xFFFFFFFF


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (32 - bits))) & _MASK


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 (x86, 32-bit), signed, as ``sklearn.utils.murmurhash3_32`` gives it:
    the model's features are hashed with it, and reading claims must not import
    scikit-learn (about a second per process; it is imported only to fit, as for the
    stage model).

    >>> murmurhash3_32(b"a_plant")
    -1837683568
    """
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & _MASK
    whole = len(data) - len(data) % 4
    for at in range(0, whole, 4):
        k = _rotl(int.from_bytes(data[at : at + 4], "little") * c1 & _MASK, 15) * c2 & _MASK
        h = (_rotl(h ^ k, 13) * 5 + 0xE6546B64) & _MASK
    tail = int.from_bytes(data[whole:], "little")
    if len(data) % 4:
        h ^= _rotl(tail * c1 & _MASK, 15) * c2 & _MASK
    h ^= len(data)
    h = (h ^ (h >> 16)) * 0x85EBCA6B & _MASK
    h = (h ^ (h >> 13)) * 0xC2B2AE35 & _MASK
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def features(site: ClaimSite, embedding_weight: float, near_weight: float) -> np.ndarray:
    """Cue features, the sentence's vector and the figure's near words, weighed."""
    if site.vector is None:
        raise ValueError("the modality model reads the sentence's vector")
    return np.concatenate(
        [
            cue_features(site),
            site.vector.astype(np.float32) * embedding_weight,
            near_words(site) * near_weight,
        ]
    )


def cue_order(site: ClaimSite) -> str:
    """The rule the model replaces, and falls back to: the first kind of cue in the clause,
    in the domain file's order; with none, a future period makes it planned."""
    clause = names_masked(site.sentence)[site.clause[0] : site.clause[1]]
    for modality, found in zip(domain().modality_patterns, _cues_in(clause)):
        if found:
            return modality
    return "planned" if site.future else "achieved"


def recipe(
    train_path: Path, regularisation: float, embedding_weight: float, near_weight: float
) -> dict:
    """What a fitted model depends on, so a stale one is never used."""
    cues = json.dumps(domain().modality_cues, sort_keys=True)
    return {
        "training_set": hashlib.sha256(train_path.read_bytes()).hexdigest()[:16],
        "cues": hashlib.sha256(cues.encode()).hexdigest()[:16],
        "measures": list(_measures()),
        "regularisation": regularisation,
        "embedding_weight": embedding_weight,
        "near_weight": near_weight,
        "near_words": [_NEAR_CHARS, _NEAR_WORDS_DIM],
    }


@dataclass(frozen=True)
class ModalityModel:
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    recipe: dict

    def predict(self, sites: list[ClaimSite]) -> list[str]:
        """Each claim's modality; by the cue order for a claim whose sentence vector is
        not known."""
        weights = self.recipe["embedding_weight"], self.recipe["near_weight"]
        out = []
        for site in sites:
            if site.vector is None:
                out.append(cue_order(site))
                continue
            logits = features(site, *weights) @ self.coef.T + self.intercept
            out.append(self.classes[int(logits.argmax())])
        return out

    def save(self, path: Path) -> None:
        """As the stage model is saved: plain arrays and the recipe, no pickle."""
        LinearSoftmax(self.coef, self.intercept, np.array(self.classes), self.recipe).save(path)

    @classmethod
    def load(cls, path: Path) -> ModalityModel:
        arrays = LinearSoftmax.load(path)
        return cls(
            arrays.coef, arrays.intercept, tuple(str(c) for c in arrays.classes_), arrays.recipe
        )


def fit(sites: list[ClaimSite], labels: list[str], model_recipe: dict) -> ModalityModel:
    from sklearn.linear_model import LogisticRegression

    unknown = set(labels) - set(MODALITIES)
    if unknown:
        raise ValueError(f"unknown modalities in the labelled set: {sorted(unknown)}")
    weights = model_recipe["embedding_weight"], model_recipe["near_weight"]
    x = np.stack([features(s, *weights) for s in sites])
    model = LogisticRegression(
        max_iter=3000, C=model_recipe["regularisation"], class_weight="balanced"
    )
    model.fit(x, labels)
    return ModalityModel(
        model.coef_.copy(),
        model.intercept_.copy(),
        tuple(str(c) for c in model.classes_),
        model_recipe,
    )


@lru_cache(maxsize=1)
def shipped_model() -> ModalityModel | None:
    """The shipped model, when it was fitted on the current cues and measures."""
    if not SHIPPED_MODEL.exists():
        return None
    model = ModalityModel.load(SHIPPED_MODEL)
    if model.recipe.get("measures") != list(_measures()) or model.recipe.get("near_words") != [
        _NEAR_CHARS,
        _NEAR_WORDS_DIM,
    ]:
        return None
    return model
