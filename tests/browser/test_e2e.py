"""A real browser (Debian's Chromium driven by Playwright) against the app on 127.0.0.1:
ask, read a cited answer, open the citation, see the passage; upload as an editor."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS, app_env, ask, cli, running_app, upload
from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    env = app_env(tmp_path_factory.mktemp("e2e-data"))
    cli(env, "ingest", str(REPO / "corpus"), str(FIXTURES / "articles"), "--json")
    with running_app(env) as url:
        yield url


def test_ask_read_cited_answer_and_open_the_passage(app_url, page):
    ARTIFACTS.mkdir(exist_ok=True)
    ask(page, app_url, "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?")
    page.get_by_text("Deliverable supply: producing and shipping").first.wait_for()
    page.get_by_text("Sources", exact=True).first.wait_for()
    assert page.get_by_text("[1]").count() >= 1
    sentence = page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first
    number = re.search(r"\[(\d+)\]", sentence.inner_text()).group(1)
    # the verdict card on top, its [n] a link to the source page
    card = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Verdict")
    card.first.wait_for()
    assert "Delivered: 310 t" in card.first.inner_text()
    assert card.first.locator('a[href*="example.com/karrath"]').count() >= 1
    # sources grouped by article: one expander for Karrath's article, however many [n]
    cited = (
        page.locator('[data-testid="stExpander"]')
        .filter(has_text=f"[{number}]")
        .filter(has_text="Karrath")
    )
    cited.first.wait_for()  # the sources render after the sentences
    assert cited.count() == 1
    cited.locator("summary").first.click()
    passage = cited.first
    highlighted = passage.get_by_text("produced 310 t of separated NdPr oxide", exact=False)
    highlighted.first.wait_for()
    assert "example.com/karrath" in passage.inner_html()
    page.screenshot(path=str(ARTIFACTS / "chat-cited-answer.png"), full_page=True)


def test_editor_uploads_a_document(app_url, page, tmp_path):
    article = tmp_path / "tarrow-ridge-update.md"
    article.write_text(
        "---\ntitle: Tarrow Ridge update\ndate: 2026-03-01\nsources:\n"
        "  - url: https://example.com/tarrow\n---\n# Tarrow Ridge update\n\n"
        "Tarrow Ridge Minerals reported an inferred resource of 12 Mt at 2.1% TREO in 2026.\n"
    )
    empty = tmp_path / "empty-note.md"
    empty.write_text("")
    upload(page, app_url, [article, empty])
    page.get_by_text("added 1").first.wait_for()
    assert page.get_by_text("rejected 1").count() >= 1
    page.get_by_text("the file is empty").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "corpus-upload.png"), full_page=True)


def test_a_ticker_question_says_how_it_was_searched(app_url, page):
    ask(page, app_url, "KRM NdPr output at Yelbin?")
    page.get_by_text("Searched as: Karrath Minerals NdPr output at Yelbin?").first.wait_for()
    page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first.wait_for()


def test_a_figure_no_sentence_gives_is_named_above_the_answer(app_url, page):
    ask(page, app_url, "How much terbium does Karrath Minerals produce?")
    note = "None of the sentences below gives a figure for terbium naming Karrath Minerals"
    page.get_by_text(note, exact=False).first.wait_for()
    page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first.wait_for()


def test_a_figure_the_question_takes_as_given_is_flagged_when_no_passage_states_it(app_url, page):
    ask(
        page, app_url, "Since Karrath Minerals produced 900 t of NdPr oxide at Yelbin, who buys it?"
    )
    note = "takes as given that Karrath Minerals produced 900 t of NdPr oxide at Yelbin"
    page.get_by_text(note, exact=False).first.wait_for()
    page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first.wait_for()


def test_projects_page_charts_a_slip_and_opens_the_promise_sentence(app_url, page):
    page.goto(f"{app_url}/projects")
    box = page.get_by_label("Subject (company, project or ticker)")
    box.wait_for()
    box.fill("Eneabba")
    box.press("Enter")
    page.get_by_text("slipped 2 years", exact=False).first.wait_for()
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    points = chart.locator("g.mark-symbol.role-mark path")  # not the legend's symbol
    points.last.wait_for()
    assert points.count() >= 2  # promised for 2025, then for 2027
    points.last.click()  # the point opens the sentence that made the promise
    opened = page.locator('[data-testid="stAlert"]').filter(has_text="promised on")
    opened.first.wait_for()
    assert "Eneabba" in opened.first.inner_text()
    point = page.locator('[data-testid="stExpander"]').filter(has_text="for 2027").first
    point.locator("summary").click()
    point.get_by_text("2027", exact=False).first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "projects-slip.png"), full_page=True)
