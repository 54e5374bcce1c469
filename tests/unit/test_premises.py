"""Checking what a question takes as given: which questions are checked at all (the
judging itself runs on the real corpus in tests/integration/test_answers.py)."""

import pytest

from assistant.premises import check_premise, premise_note


class _NoSearch:
    """A retriever that must not be asked: these questions have nothing to check."""

    def search(self, *_args, **_kwargs):
        raise AssertionError("searched for a premise that claims no figure and no output")


@pytest.mark.parametrize(
    "question",
    [
        "Now that Neo has opened its Narva plant, who buys?",  # no figure, no output claimed
        "How big is Tanbreez?",  # takes nothing as given
        "Dy/Tb export licences apr 25 - which 7 elements?",  # a topic, not a statement
    ],
)
def test_only_a_premise_with_a_figure_or_a_claim_of_output_is_checked(question):
    assert check_premise(question, _NoSearch(), checker=None, classifier=None) == {}


def test_the_note_says_what_was_taken_as_given_and_why_it_does_not_hold():
    note = premise_note({"premise": "Lynas makes 5,000 t of terbium", "problem": "no passage"})
    assert (
        note == "The question takes as given that Lynas makes 5,000 t of terbium, but no passage."
    )
