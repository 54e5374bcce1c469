"""Structured parts of the answer derived without any model: conflicts and readiness."""

import pytest

from assistant.annotate import (
    find_conflicts,
    supply_readiness,
)


def _sentence(text, n, stage="operating", chain="separation"):
    return {"text": text, "citations": [n], "stage": stage, "chain": chain}


CITATIONS = [
    {"n": 1, "doc_id": "a", "date": "2025-08-28"},
    {"n": 2, "doc_id": "b", "date": "2026-02-26"},
    {"n": 3, "doc_id": "a", "date": "2025-08-28"},
]


def test_conflicting_figures_from_different_articles_are_reported_with_dates():
    sections = [
        {
            "label": "deliverable_supply",
            "sentences": [
                _sentence("Karrath Minerals produced 6,558 t of NdPr oxide in FY25.", 1),
                _sentence("Karrath Minerals produced 6,200 t of NdPr oxide in FY25.", 2),
                _sentence("Karrath Minerals shipped 280 t of NdPr oxide to Japan.", 3),
            ],
        }
    ]
    conflicts = find_conflicts(sections, CITATIONS)
    assert [c["citations"] for c in conflicts] == [[1, 2], [2, 3]]
    assert conflicts[0]["dates"] == ["2025-08-28", "2026-02-26"]
    assert "Karrath" in conflicts[0]["subject"]  # as the sentences write it


def test_figures_within_one_article_are_not_a_conflict():
    sections = [
        {
            "label": "deliverable_supply",
            "sentences": [
                _sentence("Karrath Minerals produced 310 t of NdPr oxide.", 1),
                _sentence("Karrath Minerals shipped 280 t of NdPr oxide.", 3),
            ],
        }
    ]
    assert find_conflicts(sections, CITATIONS) == []


def test_readiness_takes_the_furthest_stage_per_step():
    sections = [
        {
            "label": "resource_potential",
            "sentences": [_sentence("A resource of 48 Mt.", 1, "resource", "mine_concentrate")],
        },
        {
            "label": "deliverable_supply",
            "sentences": [_sentence("It produced 310 t of oxide.", 2, "operating", "separation")],
        },
        {
            "label": "pipeline",
            "sentences": [_sentence("A magnet plant is being built.", 3, "construction", "magnet")],
        },
    ]
    readiness = supply_readiness(sections)
    assert readiness["mine"] == {"status": "potential only", "citations": [1]}
    assert readiness["separation"]["status"] == "producing"
    assert readiness["magnet"]["status"] == "in pipeline"
    assert readiness["metal"]["status"] == "no evidence"


def _answer_sections(*sentences: tuple[str, str]) -> tuple[list[dict], list[dict]]:
    """Sections and citations for (sentence, article title) pairs, one citation each."""
    citations = [{"n": n, "title": title} for n, (_, title) in enumerate(sentences, start=1)]
    rows = [{"text": text, "citations": [n]} for n, (text, _) in enumerate(sentences, start=1)]
    return [{"label": "deliverable_supply", "sentences": rows}], citations


@pytest.mark.parametrize(
    ("question", "names", "sentences", "expected"),
    [
        (  # figures for another product only
            "How much terbium does Karrath Minerals produce?",
            {"karrath", "minerals"},
            [("Karrath Minerals produced 310 t of NdPr oxide in 2025.", "Yelbin plant")],
            "a figure for terbium naming Karrath Minerals",
        ),
        (  # a terbium figure, but for another company
            "How many tonnes of Tb does Karrath Minerals make?",
            {"karrath", "minerals"},
            [("Ostrova made 12 t of terbium oxide in 2025.", "Ostrova Rare Metals")],
            "a figure for terbium naming Karrath Minerals",
        ),
        (  # the figure asked for, its subject named by the article's opening words
            "How much terbium does Karrath Minerals produce?",
            {"karrath", "minerals"},
            [("The plant made 4 t of terbium oxide in 2025.", "Karrath Minerals: Yelbin")],
            "",
        ),
        (  # a demonym names its country
            "What magnet capacity does Neo's Estonian plant have?",
            {"neo", "estonian"},
            [("Neo's plant in Estonia can make 2,000 t of magnets a year.", "Narva")],
            "",
        ),
        (  # a title that merely mentions the subject does not name it
            "How much dysprosium does China produce?",
            {"china"},
            [
                (
                    "A pilot made 1 kg of 99.9% dysprosium oxide.",
                    "Energy Fuels: White Mesa, ex-China",
                )
            ],
            "a figure for dysprosium naming China",
        ),
        (  # a figure there is, and the subject is one the note could not name as typed
            "How many magnets does the U.S.A make?",
            {"u.s.a"},
            [("The plant can make 1,000 t of magnets a year.", "Fort Worth")],
            "",
        ),
        (  # a measure of the economics asks for an amount, and the metric is not a name
            "What's the NPV of Karrath's Yelbin project?",
            {"karrath", "yelbin", "npv"},
            [("Karrath Minerals produced 310 t of NdPr oxide in 2025.", "Yelbin plant")],
            "a figure for NPV naming Karrath and Yelbin",
        ),
        (  # the measure written out in full, with a figure
            "Yelbin IRR?",
            {"yelbin", "irr"},
            [("The Yelbin study gave an internal rate of return of 24%.", "Karrath: Yelbin")],
            "",
        ),
        (  # the measure named without a figure
            "What is Ostrova's capex?",
            {"ostrova"},
            [("Investors await Ostrova's first capex estimate.", "Ostrova Rare Metals")],
            "a figure for capital cost naming Ostrova",
        ),
        (  # the cost asked for, in the article's wording; "magnet" is not what is asked
            "How much does it cost to build a magnet plant?",
            {"magnet"},
            [("Karrath will build its magnet plant at an estimated cost of $1 billion.", "K")],
            "",
        ),
        (  # a results call is not a profit
            "Is Yelbin profitable?",
            {"yelbin"},
            [("Karrath said on its earnings call that Yelbin made 310 t.", "Karrath: Yelbin")],
            "a figure for profit naming Yelbin",
        ),
        (  # a grade written as the share itself
            "What grade is the Yelbin ore reserve?",
            {"yelbin"},
            [("Yelbin holds 18.5 Mt at 4.8% REO.", "Karrath: Yelbin")],
            "",
        ),
        (  # a price asked, and only tonnes given
            "What price does Karrath get for its NdPr?",
            {"karrath"},
            [("Karrath Minerals produced 310 t of NdPr oxide in 2025.", "Karrath: Yelbin")],
            "a figure for price naming Karrath",
        ),
        (  # not a question for an amount
            "Does Karrath Minerals sell terbium?",
            {"karrath", "minerals"},
            [("Karrath Minerals produced 310 t of NdPr oxide in 2025.", "Yelbin plant")],
            "",
        ),
    ],
)
def test_an_answer_says_which_asked_for_figure_no_sentence_gives(
    question, names, sentences, expected
):
    from assistant.annotate import unstated_figure

    sections, citations = _answer_sections(*sentences)
    assert unstated_figure(question, sections, citations, names) == expected


def test_a_tonnage_written_with_a_thousands_comma_is_a_figure_not_a_year():
    from assistant.text.numbers import stated_figures

    assert stated_figures("Neo can make 2,000 t of magnets a year.") == {2000.0}
    assert stated_figures("Russia mined about 2,500 t REO in 2024.") == {2500.0}
    assert stated_figures("The plant opened in 2000 and again in FY2025.") == set()


def test_a_search_for_an_element_also_names_its_group():
    from assistant.annotate import with_material_groups

    assert "heavy rare earth oxides" in with_material_groups("Does Quorra separate Dy or Tb?")
    assert with_material_groups("Does Quorra separate NdPr?") == "Does Quorra separate NdPr?"
    licence = "How long can Ostravia sit on a dysprosium export licence application?"
    assert with_material_groups(licence) == licence
