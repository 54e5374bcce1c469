"""The tracker's milestones, promises and slippage (assistant/tracker.py), on fictional
claims as ingest stores them."""

import datetime as dt
from dataclasses import replace

import pytest

from assistant.tracker import Cited, ClaimBook, stated_on, track


def cited(measure, modality, period, text, date, subject="Quorra Metals", step="mine", doc="a"):
    claim = {
        "subject": subject,
        "measure": measure,
        "modality": modality,
        "period": period,
        "step": step,
        "value": None,
        "unit": None,
        "material": None,
    }
    return Cited(claim, text, subject, doc, f"{subject} news {doc}", date, "https://example.com")


@pytest.mark.parametrize(
    ("text", "due", "article", "expected"),
    [
        (
            "Quorra said in 2022 that first ore would come in 2023.",
            "2023",
            "2025-05-01",
            "2022-01-01",
        ),
        (
            "In March 2024, Quorra told investors it expected first ore in 2025.",
            "2025",
            "2025-05-01",
            "2024-03-01",
        ),
        (
            "Quorra's 2021 feasibility study assumed mining from mid-2024.",
            "mid 2024",
            "2025-05-01",
            "2021-01-01",
        ),
        (
            "Quorra now expects first ore in the second half of 2026.",
            "H2 2026",
            "2025-05-01",
            "2025-05-01",
        ),
        # a date after the due date in the sentence is not when it was said
        (
            "Quorra expects first ore in 2026, it said on 3 May 2025.",
            "2026",
            "2025-05-09",
            "2025-05-09",
        ),
    ],
)
def test_a_promise_is_dated_by_the_reported_speech_else_by_its_article(
    text, due, article, expected
):
    from assistant.text.dates import periods_in

    label = next(
        p.label for p in periods_in(text, dt.date(2025, 5, 1)) if p.label.endswith(due[-4:])
    )
    assert stated_on(text, label, article) == dt.date.fromisoformat(expected)


FIRST_PROMISE = cited(
    "first_production", "planned", "2024", "Quorra Metals expects first ore in 2024.", "2023-02-01"
)


def test_a_due_date_moved_later_across_articles_is_a_slip_citing_both_ends():
    book = ClaimBook(
        [
            FIRST_PROMISE,
            cited(
                "first_production",
                "target",
                "H2 2026",
                "Quorra Metals now targets first ore in H2 2026.",
                "2025-09-01",
                doc="b",
            ),
            cited(
                "first_production",
                "planned",
                "H2 2026",
                "First ore is expected in H2 2026.",
                "2025-10-01",
                doc="c",
            ),
        ]
    )
    (milestone,) = track("Quorra", book).milestones
    assert milestone.slipped_years == 2.5
    first, *_, last = milestone.promises
    assert first.cited is FIRST_PROMISE and last.due.label == "H2 2026"
    assert [p["stated_on"] for p in milestone.to_dict()["promises"]] == [
        "2023-02-01",
        "2025-09-01",
        "2025-10-01",
    ]


def test_an_achieved_claim_closes_the_milestone_and_measures_the_slip_to_it():
    book = ClaimBook(
        [
            FIRST_PROMISE,
            cited(
                "first_production",
                "achieved",
                "Q2 2025",
                "Quorra Metals produced first ore in Q2 2025.",
                "2025-07-01",
            ),
        ]
    )
    (milestone,) = track("Quorra", book).milestones
    assert milestone.achieved is not None and milestone.slipped_years == 1.2
    assert milestone.to_dict()["achieved"]["period"] == "Q2 2025"


def test_other_subjects_and_undated_promises_are_not_tracked():
    book = ClaimBook(
        [
            cited(
                "first_production",
                "planned",
                "2024",
                "Brenlock expects first ore in 2024.",
                "2023-02-01",
                subject="Brenlock",
            ),
            cited(
                "first_production",
                "planned",
                None,
                "Quorra Metals expects first ore soon.",
                "2023-02-01",
            ),
            cited(
                "commissioning",
                "planned",
                "2026",
                "Quorra Metals plans to commission in 2026.",
                "2025-02-01",
                step=None,
            ),
        ]
    )
    t = track("Quorra Metals", book)
    assert [m.name for m in t.milestones] == ["commissioning"]
    assert t.milestones[0].slipped_years is None
    assert all("Brenlock" not in c.text for c in t.claims)


def test_the_ledger_sorts_figures_into_potential_pipeline_and_delivered():
    made = cited(
        "production",
        "achieved",
        "Q3 2025",
        "Quorra Metals produced 310 t of NdPr oxide.",
        "2025-10-01",
    )
    made = replace(
        made, claim={**made.claim, "value": 310.0, "unit": "t", "material": "NdPr oxide"}
    )
    plan = cited(
        "capacity", "capacity", None, "The plant is designed for 2,000 t a year.", "2025-10-01"
    )
    plan = replace(plan, claim={**plan.claim, "value": 2000.0, "unit": "t/yr"})
    ledger = track("Quorra", ClaimBook([made, plan])).ledger()
    assert [c["value"] for c in ledger["delivered"]] == [310.0]
    assert [c["value"] for c in ledger["potential"]] == [2000.0]
    assert ledger["pipeline"] == []
