"""Articles written as real ones are (tests/fixtures/realstyle: wire stories with datelines,
releases with boilerplate, a government notice, a blog saved as text with its page chrome, a
quarterly report as a PDF, HTML pages with navigation and tables), ingested alone, with no
front matter for most of them, and asked what an investor asks. Their answer key is
tests/fixtures/realstyle-src/FACTS.md. Real index, real embedding model, shipped models."""

from __future__ import annotations

import re

import pytest

from assistant.domain import MODALITIES
from tests.conftest import FIXTURES

REALSTYLE = FIXTURES / "realstyle"
NOT_ACHIEVED = set(MODALITIES) - {"achieved"}
# what an investor asks of these articles, including questions whose honest answer is
# "planned, not delivered" (FACTS.md, last section)
QUESTIONS = [
    "How much mixed rare earth carbonate did the Mardoon Hydromet produce in 2025?",
    "How many commercial magnets did Veltmark deliver in 2025?",
    "Has Pellane received the US$400 million loan?",
    "How much NdPr oxide does Sallow Creek produce a year?",
    "How much do Corvane and Veltmark produce together?",
    "What share of world rare earth supply does Dalvania provide?",
    "When did Tervo Ridge start production?",
    "Is Brenlock producing anything at Quorra Hill?",
    "How much REO in concentrate did Tallow Ridge produce in the December 2025 quarter?",
    "Is Larch Hollow making magnets commercially?",
    # a quarter after the newest report: the sources do not reach it
    "How much REO in concentrate did Tallow Ridge produce in the March 2026 quarter?",
]


@pytest.fixture(scope="module")
def realstyle(tmp_path_factory, embedder):
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(data_dir=tmp_path_factory.mktemp("realstyle-data")))
    report = assistant.ingest([REALSTYLE])
    assert not report.rejected, report.rejected
    return assistant


@pytest.fixture(scope="module")
def answers(realstyle) -> dict[str, dict]:
    return {question: realstyle.ask(question) for question in QUESTIONS}


def _rows(answer: dict, label: str | None = None):
    for section in answer["sections"]:
        if label is None or section["label"] == label:
            yield from section["sentences"]


def test_every_article_gets_a_date_from_its_own_text(realstyle):
    documents = realstyle.list_documents()
    assert len(documents) == 14
    undated = [d["doc_id"] for d in documents if not d.get("date")]
    assert not undated, undated


@pytest.mark.parametrize("question", QUESTIONS)
def test_deliverable_supply_rests_on_achieved_output_only(answers, question):
    """No planned, design, targeted, conditional, hypothetical or denied figure supports
    deliverable supply: each sentence there states achieved output, and any other figure it
    gives is labelled as not output in the answer."""
    answer = answers[question]
    for row in _rows(answer, "deliverable_supply"):
        output = [
            c
            for c in row["claims"]
            if c["modality"] == "achieved" and c["measure"] in ("production", "sales")
        ]
        assert output, (question, row["text"], row["claims"])
        others = [
            c for c in row["claims"] if c["value"] is not None and c["modality"] != "achieved"
        ]
        assert len(row.get("not_output", [])) == len(others), (row["text"], row["claims"])
        for note in row.get("not_output", []):
            assert f"{note}" in answer["answer_markdown"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_readiness_step_is_producing_only_on_cited_achieved_output(answers, question):
    answer = answers[question]
    cited_output = {
        n
        for row in _rows(answer, "deliverable_supply")
        for n in row["citations"]
        if any(c["modality"] == "achieved" for c in row["claims"])
    }
    for step, record in (answer.get("supply_readiness") or {}).items():
        if record["status"] == "producing":
            assert set(record["citations"]) & cited_output, (question, step, record)


def test_a_plan_to_make_magnets_is_not_magnet_supply(answers):
    """Veltmark has made only samples and now expects commercial production in 2026: its
    3,000 t a year is design capacity and the 5,000 t is what two companies anticipate."""
    answer = answers["How many commercial magnets did Veltmark deliver in 2025?"]
    delivered = " ".join(r["text"] for r in _rows(answer, "deliverable_supply"))
    assert "3,000" not in delivered and "5,000" not in delivered
    assert (answer.get("supply_readiness") or {}).get("magnet", {}).get("status") != "producing"
    shown = {r["text"]: r for r in _rows(answer)}
    planned = [t for t in shown if "3,000" in t or "5,000" in t]
    assert planned, answer["answer_markdown"]
    for text in planned:
        modalities = {c["modality"] for c in shown[text]["claims"] if c["value"] in (3000, 5000)}
        assert modalities and modalities <= NOT_ACHIEVED, (text, shown[text]["claims"])


def test_a_denied_or_conditional_loan_is_never_delivered(answers):
    answer = answers["Has Pellane received the US$400 million loan?"]
    assert not list(_rows(answer, "deliverable_supply"))
    loans = [
        c
        for r in _rows(answer)
        for c in r["claims"]
        if c["measure"] == "funding" and c["value"] == 400_000_000
    ]
    assert loans and all(c["modality"] in ("conditional", "negated") for c in loans), loans


def test_a_blocked_project_is_not_producing(answers):
    answer = answers["When did Tervo Ridge start production?"]
    readiness = answer.get("supply_readiness") or {}
    tervo = [r for r in _rows(answer) if "Tervo Ridge" in r["text"] or r.get("context")]
    assert tervo
    denied = [c for r in tervo for c in r["claims"] if c["modality"] == "negated"]
    assert denied, [r["text"] for r in tervo]
    assert all("Tervo Ridge" not in r["text"] for r in _rows(answer, "deliverable_supply")), answer[
        "answer_markdown"
    ]
    assert readiness.get("mine", {}).get("status") != "producing" or any(
        "Velgrad" in r["text"] or "Mardoon" in r["text"]
        for r in _rows(answer, "deliverable_supply")
    )


def test_a_sentence_that_does_not_name_its_subject_is_shown_with_it(answers):
    """ "The plant is designed to ..." is shown as "[Sallow Creek] The plant ..." (or its
    owner): a quote whose subject is "the plant", "it" or "the company" says whose."""
    rows = [r for a in answers.values() for r in _rows(a)]
    referring = [
        r for r in rows if re.match(r"(?:The (?:plant|company|project|group)|It)\b", r["text"])
    ]
    assert referring, "no sentence opening with a reference was quoted"
    with_context = [r for r in referring if r.get("context")]
    assert len(with_context) >= 0.8 * len(referring), [
        (r["text"][:60], r.get("context")) for r in referring
    ]
    for answer in answers.values():
        for row in _rows(answer):
            if row.get("context"):
                assert f"[{row['context']}] {row['text']}" in answer["answer_markdown"]


def test_page_chrome_and_boilerplate_are_never_quoted(answers):
    chrome = re.compile(
        r"\b(?:subscribe|newsletter|share this|cookies?|forward-looking|likes|reply|"
        r"opens in a new tab|recent news|all rights reserved|media contact)\b",
        re.I,
    )
    for answer in answers.values():
        for row in _rows(answer):
            assert not chrome.search(row["text"]), row["text"]


@pytest.mark.parametrize(
    ("question", "statuses"),
    [
        # a conditional commitment is potential, not financing
        ("Has Pellane received the US$400 million loan?", {"potential_only"}),
        # the exploitation permit was refused
        ("When did Tervo Ridge start production?", {"blocked"}),
        (
            "How much REO in concentrate did Tallow Ridge produce in the December 2025 quarter?",
            {"delivering", "partly_delivering"},
        ),
        # samples only, commercial production expected later: never plainly delivering
        ("Is Larch Hollow making magnets commercially?", {"partly_delivering", "potential_only"}),
        (
            "How many commercial magnets did Veltmark deliver in 2025?",
            {"partly_delivering", "potential_only", "not_shown"},
        ),
    ],
)
def test_the_verdict_is_reached_from_the_claims(answers, question, statuses):
    verdict = answers[question]["verdict"]
    assert verdict["status"] in statuses, verdict


def test_a_quarter_no_article_reaches_is_not_shown_and_the_nearest_is_cited(answers):
    answer = answers[
        "How much REO in concentrate did Tallow Ridge produce in the March 2026 quarter?"
    ]
    verdict = answer["verdict"]
    assert verdict["status"] == "not_shown", verdict
    (missing,) = [line for line in verdict["lines"] if line["kind"] == "missing"]
    assert "Q1 2026" in missing["text"] and missing["citations"], missing
    assert not list(_rows(answer, "deliverable_supply")) or "Q1 2026" not in " ".join(
        r["text"] for r in _rows(answer, "deliverable_supply")
    )


def test_every_verdict_figure_and_quote_is_copied_from_a_cited_sentence(answers):
    from assistant.evaluation.verdict_scores import unsupported_figures

    for question, answer in answers.items():
        assert answer["verdict"]["lines"] or answer["verdict"]["status"] == "not_applicable"
        assert unsupported_figures(answer) == [], question
