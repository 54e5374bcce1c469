"""Which evidence an answer shows by default and which waits under "show all"."""

from assistant.answer import Statement
from assistant.assemble import choose_shown


def statement(text: str, subject: str) -> Statement:
    return Statement(text, [], 1.0, subject=subject)


ROWS = [
    statement("Quorra Metals produced 310 t of NdPr oxide in Q3 2025.", "Quorra Metals"),
    statement("Brenlock Minerals produced 900 t of NdPr oxide.", "Brenlock Minerals"),
    statement("The Velden plant is designed for 2,000 t a year.", "Quorra Metals"),
    statement("Quorra Metals expects first magnets in 2027.", "Quorra Metals"),
    statement("Ostland's exports rose in 2025.", "Ostland"),
]


def test_no_limit_and_no_focus_show_everything_in_the_order_chosen():
    shown, more = choose_shown(ROWS, ["Quorra Metals"], limit=0)
    assert shown == ROWS and more == []


def test_a_limit_keeps_the_first_chosen_and_the_rest_waits():
    shown, more = choose_shown(ROWS, ["Quorra Metals"], limit=2)
    assert shown == ROWS[:2] and more == ROWS[2:]


def test_focus_on_one_company_moves_other_subjects_under_show_all():
    shown, more = choose_shown(ROWS, ["Quorra"], limit=0, focus_min=3)
    assert [s.subject for s in shown] == ["Quorra Metals"] * 3
    assert {s.subject for s in more} == {"Brenlock Minerals", "Ostland"}
    # too few sentences about it, a country, or a comparison: no focus
    assert choose_shown(ROWS, ["Quorra"], limit=0, focus_min=4)[1] == []
    assert choose_shown(ROWS, ["Quorra", "Brenlock"], limit=0, focus_min=3)[1] == []
