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
