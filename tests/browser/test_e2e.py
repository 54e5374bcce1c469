"""A real browser (Debian's Chromium driven by Playwright) against the app on 127.0.0.1:
ask, read a cited answer, open the citation, see the passage; upload as an editor."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import streamlit_command
from tests.conftest import FIXTURES, REPO, free_port, stop, wait_for_port

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
PASSWORD = "e2e-editor-pass"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (see .ci/run)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(data_dir), ASSISTANT_EDITOR_PASSWORD=PASSWORD)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "ingest",
            str(REPO / "corpus"),
            str(FIXTURES / "articles"),
            "--json",
        ],
        check=True,
        env=env,
        cwd=REPO,
        capture_output=True,
        timeout=600,
    )
    port = free_port()
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"),
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, timeout=120, process=process)
    yield f"http://127.0.0.1:{port}"
    stop(process)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(120_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, page):
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)


def _ask(page, app_url: str, question: str) -> None:
    """Open the chat page and send ``question`` as a user types it."""
    page.goto(app_url)
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.wait_for()
    box.fill(question)
    box.press("Enter")


def test_ask_read_cited_answer_and_open_the_passage(app_url, page):
    ARTIFACTS.mkdir(exist_ok=True)
    _ask(page, app_url, "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?")
    page.get_by_text("Deliverable supply: producing and shipping").first.wait_for()
    page.get_by_text("Sources", exact=True).first.wait_for()
    assert page.get_by_text("[1]").count() >= 1
    sentence = page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first
    number = re.search(r"\[(\d+)\]", sentence.inner_text()).group(1)
    cited = page.locator('[data-testid="stExpander"]').filter(has_text=f"[{number}] Karrath")
    cited.locator("summary").first.click()
    passage = cited.first
    highlighted = passage.get_by_text("produced 310 t of separated NdPr oxide", exact=False)
    highlighted.first.wait_for()
    assert "example.com/karrath" in passage.inner_html()
    page.screenshot(path=str(ARTIFACTS / "chat-cited-answer.png"), full_page=True)


def test_editor_uploads_a_document(app_url, page, tmp_path):
    upload = tmp_path / "tarrow-ridge-update.md"
    upload.write_text(
        "---\ntitle: Tarrow Ridge update\ndate: 2026-03-01\nsources:\n"
        "  - url: https://example.com/tarrow\n---\n# Tarrow Ridge update\n\n"
        "Tarrow Ridge Minerals reported an inferred resource of 12 Mt at 2.1% TREO in 2026.\n"
    )
    page.goto(f"{app_url}/corpus")
    page.locator('input[type="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Unlock editing").click()
    empty = tmp_path / "empty-note.md"
    empty.write_text("")
    page.locator('input[type="file"]').set_input_files([str(upload), str(empty)])
    page.get_by_role("button", name="Index 2 file(s)").click()
    page.get_by_text("added 1").first.wait_for()
    assert page.get_by_text("rejected 1").count() >= 1
    page.get_by_text("the file is empty").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "corpus-upload.png"), full_page=True)


def test_a_ticker_question_says_how_it_was_searched(app_url, page):
    _ask(page, app_url, "KRM NdPr output at Yelbin?")
    page.get_by_text("Searched as: Karrath Minerals NdPr output at Yelbin?").first.wait_for()
    page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first.wait_for()


def test_a_figure_no_sentence_gives_is_named_above_the_answer(app_url, page):
    _ask(page, app_url, "How much terbium does Karrath Minerals produce?")
    note = "None of the sentences below gives a figure for terbium naming Karrath Minerals"
    page.get_by_text(note, exact=False).first.wait_for()
    page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first.wait_for()


def test_a_figure_the_question_takes_as_given_is_flagged_when_no_passage_states_it(app_url, page):
    _ask(
        page, app_url, "Since Karrath Minerals produced 900 t of NdPr oxide at Yelbin, who buys it?"
    )
    note = "takes as given that Karrath Minerals produced 900 t of NdPr oxide at Yelbin"
    page.get_by_text(note, exact=False).first.wait_for()
    page.locator("li").filter(has_text="produced 310 t of separated NdPr oxide").first.wait_for()
