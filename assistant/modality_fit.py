"""Fitting the modality model on labelled sentences (``evals/claims/dev.jsonl``): each
labelled claim is matched to the claim the reader finds (by its figure, or a status by its
measure) and the reader's view of it (``ClaimSite``) is labelled with the modality a person
gave it. Used by ``python -m assistant fit-models`` and by the claims suite's
cross-validation; never on the answer path."""

from __future__ import annotations

from pathlib import Path

from assistant.claims import claims_with_sites
from assistant.evaluation.claim_scores import item_context, match
from assistant.modality import SHIPPED_MODEL, ModalityModel, cue_order, fit, recipe
from assistant.settings import REPO_ROOT, ClaimsModelSettings

TRAINING_SET = REPO_ROOT / "evals" / "claims" / "dev.jsonl"
FOLDS = 5


def labelled_sites(embedder, items: list[dict]):
    """(sites, modalities) of the labelled claims the reader finds in ``items``."""
    vectors = embedder.embed_sentences([item["text"] for item in items])
    sites, labels = [], []
    for item, vector in zip(items, vectors):
        pairs = claims_with_sites(item["text"], item_context(item), cue_order, vector)
        site_of = {id(claim): site for claim, site in pairs}
        for gold, found in match(item["claims"], [claim for claim, _ in pairs]):
            if found is not None:
                sites.append(site_of[id(found)])
                labels.append(gold["modality"])
    return sites, labels


def fit_on(embedder, items: list[dict], settings: ClaimsModelSettings) -> ModalityModel:
    sites, labels = labelled_sites(embedder, items)
    return fit(
        sites,
        labels,
        recipe(
            TRAINING_SET, settings.regularisation, settings.embedding_weight, settings.near_weight
        ),
    )


def folds_of(items: list[dict], folds: int = FOLDS):
    """(training items, held-out items) for each fold, fixed by position."""
    for fold in range(folds):
        train = [item for i, item in enumerate(items) if i % folds != fold]
        held = [item for i, item in enumerate(items) if i % folds == fold]
        yield train, held


def fit_shipped(
    embedder, settings: ClaimsModelSettings, path: Path = SHIPPED_MODEL
) -> ModalityModel:
    import json

    items = [
        json.loads(line) for line in TRAINING_SET.read_text(encoding="utf-8").splitlines() if line
    ]
    model = fit_on(embedder, items, settings)
    model.save(path)
    return model
