"""The stage classifier on the edge cases the product lives or dies by (real encoder and the
classifier trained on evals/stages/dev.jsonl)."""

import pytest

from assistant.stages import StageClassifier, chain_step, lexicon_label, signal_hits
from tests.conftest import REPO


@pytest.fixture(scope="module")
def classifier(embedder):
    return StageClassifier(embedder, REPO / "evals" / "stages" / "dev.jsonl")


@pytest.mark.parametrize(
    ("text", "section"),
    [
        (
            "Karrath Minerals reported an inferred resource of 48 Mt at 1.2% TREO.",
            "resource_potential",
        ),
        ("The Yelbin plant produced 310 t of separated oxide last quarter.", "deliverable_supply"),
        ("Ostrova Rare Metals aims to produce 4,000 t by 2031.", "resource_potential"),
        ("Karrath signed a binding take-or-pay offtake with a Korean magnet maker.", "pipeline"),
        ("The Geraldton refinery is under construction and 64% complete.", "pipeline"),
        ("China added five elements to its export-control list in October 2025.", "constraints"),
        ("Drill hole QV-17 intersected 12 m at up to 3.4% TREO.", "resource_potential"),
        ("Velmora signed a non-binding MoU to supply a European magnet maker.", "pipeline"),
    ],
)
def test_edge_cases_land_in_the_right_section(classifier, text, section):
    assert classifier.classify(text).section == section


def test_modality_is_never_supply(classifier):
    hedged = [
        "The company could supply 10% of world demand by 2030.",
        "Brennholt plans to produce 2,000 t of magnets a year from 2029.",
        "The government signed a non-binding letter of intent with the magnet maker.",
        "The project holds a conditional commitment for a US$600m loan.",
    ]
    for label in classifier.classify_many(hedged):
        assert label.section != "deliverable_supply", label


def test_resource_detail_and_chain_are_reported(classifier):
    label = classifier.classify("An inferred resource of 48 Mt at 1.1% TREO was reported.")
    assert label.stage == "inferred_resource"
    assert label.chain == "mine_concentrate"
    assert chain_step("The plant makes sintered NdFeB magnets.") == "magnet"
    assert chain_step("It separated 410 t of NdPr oxide.") == "separation"
    assert chain_step("Magnet rare earths make up 27% of the basket at the clay deposit.") == (
        "mine_concentrate"
    )


def test_lexicon_explains_itself():
    assert "non-binding" in signal_hits("A non-binding MoU was signed.")["offtake_soft"]
    assert lexicon_label("The firm aims to produce 500 t.").section == "resource_potential"


def test_plain_array_model_matches_scikit_learn(embedder):
    """The classifier answers with a matrix product instead of scikit-learn; on labelled
    sentences the model was not fitted on, its probabilities must equal scikit-learn's."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from assistant.stages import LinearSoftmax, load_labelled

    rows = load_labelled(REPO / "evals" / "stages" / "dev.jsonl")
    fitted, unseen = rows[:-60], rows[-60:]
    classifier = StageClassifier(embedder, REPO / "evals" / "stages" / "dev.jsonl")
    model = LogisticRegression(max_iter=3000, C=4.0, class_weight="balanced")
    model.fit(classifier.features([r["text"] for r in fitted]), [r["stage"] for r in fitted])
    plain = LinearSoftmax.from_sklearn(model, {})
    features = classifier.features([r["text"] for r in unseen])
    assert np.allclose(plain.predict_proba(features), model.predict_proba(features), atol=1e-6)
    assert list(plain.classes_) == list(model.classes_)


def test_the_shipped_model_was_fitted_on_the_current_labelled_set_and_signals():
    """Otherwise answers would fit a model of their own on first use: run
    `python -m assistant fit-stages` after changing the labelled set or the signals."""
    from assistant.settings import StageModelSettings
    from assistant.stages import SHIPPED_MODEL, LinearSoftmax, model_recipe

    shipped = LinearSoftmax.load(SHIPPED_MODEL)
    train_path = REPO / "evals" / "stages" / "dev.jsonl"
    assert shipped.recipe == model_recipe(train_path, StageModelSettings())


def test_this_machine_refits_the_shipped_model(embedder):
    """The shipped weights are reproducible here: fitted again on this CPU's fp32 vectors,
    the model labels unseen sentences as the shipped one does."""
    import numpy as np

    from assistant.stages import SHIPPED_MODEL, LinearSoftmax, load_labelled

    train_path = REPO / "evals" / "stages" / "dev.jsonl"
    classifier = StageClassifier(embedder, train_path)
    refitted = classifier.fit(load_labelled(train_path))
    shipped = LinearSoftmax.load(SHIPPED_MODEL)
    texts = [r["text"] for r in load_labelled(train_path)] + [
        "The company said first oxide from the Velden refinery is now expected in 2028.",
        "Karrath drew down the final A$90mn of its project loan in the March quarter.",
        "Ostrova signed a non-binding term sheet for up to 2,000t a year of concentrate.",
        "Quorra Hill holds an indicated resource of 41Mt at 1.2% TREO.",
        "The plant shipped 412 tonnes of separated NdPr oxide in calendar 2025.",
    ]
    features = classifier.features(texts)
    mine = refitted.predict_proba(features).argmax(axis=1)
    theirs = shipped.predict_proba(features).argmax(axis=1)
    agree = np.mean(refitted.classes_[mine] == shipped.classes_[theirs])
    assert agree >= 0.995, agree
