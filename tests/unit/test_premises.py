"""Checking what a question takes as given: which questions are checked at all (the
judging itself runs on the real corpus in tests/integration/test_answers.py)."""

import pytest

from assistant.answer import premise_note
from assistant.premises import premise_to_check


class _Index:
    """The lexical index's parts that reading a premise uses: a fictional corpus."""

    names = frozenset({"quorra", "yelbin", "karrath", "minerals", "australia"})
    countries = frozenset({"australia"})

    @staticmethod
    def name_weight(name: str) -> float:
        return {"yelbin": 2.0, "karrath": 1.5}.get(name, 0.5)


@pytest.mark.parametrize(
    "question",
    [
        "Now that Quorra has opened its plant, who buys?",  # no figure, no output claimed
        "How big is Yelbin?",  # takes nothing as given
        "Dy/Tb export licences apr 25 - which 7 elements?",  # a topic, not a statement
        "How much does Australia produce?",  # a country is too broad to be judged producing
    ],
)
def test_only_a_premise_with_a_figure_or_a_claim_of_output_is_checked(question):
    assert premise_to_check(question, _Index()) is None


def test_a_stated_figure_is_searched_on_its_own():
    check = premise_to_check("Since Karrath makes 5,000 t of terbium, who buys it?", _Index())
    assert check is not None
    assert check.query == check.premise == "Karrath makes 5,000 t of terbium"


def test_asking_how_much_a_plant_produced_takes_it_as_given_that_it_produces():
    check = premise_to_check("How much NdPr did Karrath's Yelbin plant produce?", _Index())
    assert check is not None
    assert check.presupposed_subject == "yelbin"  # the rarest name: the plant, not its owner
    assert check.premise == "Yelbin is producing"


def test_the_note_says_what_was_taken_as_given_and_why_it_does_not_hold():
    note = premise_note({"premise": "Karrath makes 5,000 t of terbium", "problem": "no passage"})
    assert note == (
        "The question takes as given that Karrath makes 5,000 t of terbium, but no passage."
    )
