"""The tracker on the real corpus and on the real-style fixture articles: slips found from
dated promises across sentences and articles, each end cited and checked against the
article it cites. Real index, real embedding model, shipped models."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_real_articles import realstyle  # noqa: F401  (module fixture)

# projects the articles describe as slipped: (subject, milestone word, years at least, at most)
SLIPPED = [
    ("Steenkampskraal", "first production", 1.5, 2.0),  # December 2024 -> August 2026
    ("Nolans", "final investment decision", 0.9, 1.6),  # H1 2025 -> H1 2026
    ("Stillwater", "production", 2.9, 3.3),  # 2023 -> early 2026
    ("Eneabba", "commissioning", 1.9, 2.1),  # 2025 -> 2027
    ("Narva", "commissioning", 0.9, 1.1),  # 2025 -> 2026
]


def _year(label: str) -> str:
    return re.search(r"(?:19|20)\d\d", label).group(0)


@pytest.mark.parametrize(("subject", "milestone", "least", "most"), SLIPPED)
def test_a_slip_the_articles_describe_is_found_with_both_ends_cited(
    corpus_assistant, subject, milestone, least, most
):
    found = corpus_assistant.track(subject)
    assert found is not None
    slipped = [m for m in found.milestones if milestone in m.name and m.slipped_years]
    assert slipped, [(m.name, m.slipped_years) for m in found.milestones]
    best = max(slipped, key=lambda m: m.slipped_years)
    assert least <= best.slipped_years <= most, (best.name, best.slipped_years)
    record = best.to_dict()["slip"]
    for end in ("from", "to"):  # each end's due date is written in the sentence it cites
        promise = record[end]
        assert _year(promise["due"]) in promise["citation"]["quote"], promise
        assert promise["citation"]["doc_id"] and promise["stated_on"]
    assert record["from"]["due"] != record["to"]["due"]


def test_an_achievement_closes_the_milestone_it_was_promised_for(corpus_assistant):
    """MP's Independence magnets: a late-2023 ramp promised in 2022, first magnets on
    commercial equipment in late 2025, about two years later, as the article says. Two
    sentences state the achievement ("produced its first NdFeB magnets ... in the fourth
    quarter of 2025" and the slip's "to first magnets ... in late 2025"); either closes it."""
    found = corpus_assistant.track("Independence")
    closed = [m for m in found.milestones if m.achieved is not None and m.slipped_years]
    assert closed, [(m.name, m.slipped_years) for m in found.milestones]
    record = closed[0].to_dict()
    assert 1.8 <= record["slipped_years"] <= 2.2
    assert record["slip"]["to"]["achieved"] in {"Q4 2025", "late 2025"}
    assert "2025" in record["slip"]["to"]["citation"]["quote"]
    assert _year(record["slip"]["from"]["due"]) in record["slip"]["from"]["citation"]["quote"]


def test_a_promise_in_one_article_and_a_new_date_in_a_later_one_make_a_slip(realstyle):  # noqa: F811
    """Larch Hollow's first commercial magnets: one release gives one date, a later blog
    another; no sentence states both, the tracker puts them side by side."""
    found = realstyle.track("Larch Hollow")
    slipped = [m for m in found.milestones if m.slipped_years and m.slipped_years > 0]
    assert slipped, [(m.name, [p.due.label for p in m.promises]) for m in found.milestones]
    record = slipped[0].to_dict()["slip"]
    first, then = record["from"], record["to"]
    assert first["citation"]["doc_id"] != then["citation"]["doc_id"]
    assert first["stated_on"] < then["stated_on"]
    for end in (first, then):
        other = then if end is first else first
        assert _year(other["due"]) not in end["citation"]["quote"] or other["due"] == end["due"]


def test_a_ticker_finds_its_company_and_an_unknown_subject_finds_nothing(realstyle):  # noqa: F811
    assert realstyle.track("TRR").subject == "Tallow Ridge Resources"
    assert realstyle.track("Zzyzx Minerals") is None


def test_the_overview_lists_the_most_slipped_first(corpus_assistant):
    rows = corpus_assistant.tracked_projects()
    assert rows and rows[0]["slipped_years"] >= 1.0
    years = [r["slipped_years"] for r in rows]
    assert years == sorted(years, reverse=True)
