"""What every browser test shares: Debian's Chromium driven by Playwright, a page per test
(screenshotted when the test fails), and app servers started as real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.cli import streamlit_command
from tests.conftest import REPO, free_port, stop, wait_for_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
PASSWORD = "e2e-editor-pass"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (see .ci/run)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return dict(
        os.environ, ASSISTANT_DATA_DIR=str(data_dir), ASSISTANT_EDITOR_PASSWORD=PASSWORD, **extra
    )


def cli(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m assistant ARGS`` as its own process, in ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        check=check,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextmanager
def running_app(env: dict[str, str]) -> Iterator[str]:
    """The Streamlit app as a server process on 127.0.0.1; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"),
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=120, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
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


def ask(page, app_url: str, question: str) -> None:
    """Open the chat page and send ``question`` as a user types it."""
    page.goto(app_url)
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.wait_for()
    box.fill(question)
    box.press("Enter")


def upload(page, app_url: str, files: list[Path]) -> None:
    """Unlock editing on the Corpus page and index ``files`` through the uploader."""
    page.goto(f"{app_url}/corpus")
    page.locator('input[type="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Unlock editing").click()
    page.locator('input[type="file"]').set_input_files([str(f) for f in files])
    page.get_by_role("button", name=f"Index {len(files)} file(s)").click()
