"""Periods read from text (assistant/text/dates.py): a year is a period unless it is a
figure."""

import pytest

from assistant.text.dates import periods_in


@pytest.mark.parametrize(
    "text",
    [
        "Quorra's production in 2025, tonnes REO?",
        "In 2024, 45% of Quorra's output went to Velden.",
        "Quorra mined 900 t in calendar 2025.",
    ],
)
def test_a_year_before_a_comma_or_a_figure_is_a_period(text):
    assert [p.label for p in periods_in(text)] in (["2025"], ["2024"])


@pytest.mark.parametrize(
    "text", ["Quorra made 2025 t of oxide.", "a 2,025 t cargo", "2025.5 tonnes"]
)
def test_a_figure_that_looks_like_a_year_is_no_period(text):
    assert periods_in(text) == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Quorra shipped 410 t in Oct-Dec 2025.", "Q4 2025"),
        ("output for July to December 2025", "H2 2025"),
        ("Quorra made 138 t in October-December, bringing its total to 199 t.", "Q4 2025"),
        ("sales from November to February 2026", "November-February 2026"),
    ],
)
def test_a_range_of_months_is_one_period(text, label):
    import datetime as dt

    (period,) = periods_in(text, dt.date(2026, 2, 1))
    assert period.label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Quorra reports on the quarter ended 31 December 2025.", "Q4 2025"),
        ("sales for the three months to September 30, 2025", "Q3 2025"),
        ("the half-year ended 31 December 2025", "H2 2025"),
        ("revenue for the year ended December 31, 2024", "2024"),
    ],
)
def test_the_months_ended_on_a_date_are_one_period_not_its_month(text, label):
    assert [p.label for p in periods_in(text)] == [label]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("how much did Velden make in december by itself?", "December 2025"),
        ("Velden's run-rate in December was 30% of nameplate.", "December 2025"),
        ("first shipments are expected in March", "March 2026"),
        ("Quorra sold nothing last Oct.", "October 2025"),
        ("during the month of june", "June 2026"),
        ("the plant restarted in May", "May 2026"),
    ],
)
def test_a_month_named_without_a_year_is_the_one_nearest_the_date(text, label):
    import datetime as dt

    assert [p.label for p in periods_in(text, dt.date(2026, 1, 20))] == [label]


@pytest.mark.parametrize(
    "text", ["Quorra may ship in the spring.", "prices may fall", "in December"]
)
def test_a_month_without_a_year_is_no_period_when_it_is_a_verb_or_undated(text):
    as_of = None if text == "in December" else __import__("datetime").date(2026, 1, 20)
    assert periods_in(text, as_of) == []
