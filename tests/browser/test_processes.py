"""One index, several processes: what the CLI ingests or removes, the running app answers from
at its next question; two ingests at once queue; two app replicas on one Chroma server see
each other's uploads. Every process here is a real one (the app server, the CLI), and the
app is asked through Debian's Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from tests.browser.conftest import app_env, ask, cli, running_app, upload
from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.browser

ARTICLE = """---
id: halvard-cold-creek
title: "Halvard Metals: Cold Creek separation plant"
date: 2026-02-12
sources:
  - title: "Halvard Metals annual report (fictional test fixture)"
    url: "https://example.com/halvard/annual"
countries: [Canada]
companies: [Halvard Metals]
elements: [Nd, Pr]
tags: [fixture, operating]
---

# Halvard Metals: Cold Creek separation plant

## Output
Halvard Metals produced 412 t of separated NdPr oxide at its Cold Creek plant in calendar 2025.
Halvard Metals shipped most of that oxide to a magnet maker in South Korea under a binding contract.
"""
QUESTION = "How much NdPr oxide did Halvard Metals produce at Cold Creek?"


def _article(folder, name: str = "halvard-cold-creek.md", text: str = ARTICLE):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _wait_for_text(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for()


def _refused_as_unknown(page) -> None:
    """The answer says no article mentions the company asked about."""
    refusal = page.get_by_text("no article in the corpus mentions", exact=False).first
    refusal.wait_for()
    assert "halvard" in refusal.inner_text()


def test_what_the_cli_ingests_and_removes_the_running_app_answers_from(tmp_path, page):
    env = app_env(tmp_path / "data")
    cli(env, "ingest", str(FIXTURES / "articles"), "--json")
    with running_app(env) as url:
        ask(page, url, QUESTION)  # before: a company no article mentions
        _refused_as_unknown(page)

        cli(env, "ingest", str(_article(tmp_path)), "--json")
        ask(page, url, QUESTION)
        _wait_for_text(page, "produced 412 t of separated NdPr oxide")
        # the sources render after the sentences: wait for the cited article's expander
        cited = page.locator('[data-testid="stExpander"]').filter(has_text="Halvard Metals")
        cited.first.wait_for()

        cli(env, "docs", "remove", "halvard-cold-creek")
        ask(page, url, QUESTION)
        _refused_as_unknown(page)
        assert page.get_by_text("produced 412 t of separated NdPr oxide").count() == 0


def test_two_ingests_at_once_queue_and_leave_a_whole_index(tmp_path):
    env = app_env(tmp_path / "data")
    second = _article(
        tmp_path,
        "brisk-ferrand.md",
        ARTICLE.replace("halvard-cold-creek", "brisk-ferrand")
        .replace("Halvard Metals", "Brisk Ferrand")
        .replace("Cold Creek", "Ferrand Lake")
        .replace("412 t", "97 t"),
    )
    first = tmp_path / "first"
    first.mkdir()
    _article(first)
    for article in (FIXTURES / "articles").iterdir():
        (first / article.name).write_bytes(article.read_bytes())
    command = [sys.executable, "-m", "assistant", "ingest", "--json"]
    procs = [
        subprocess.Popen(
            [*command, str(path)],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (first, second)
    ]
    outcomes = [proc.communicate(timeout=600) + (proc.returncode,) for proc in procs]
    for out, err, code in outcomes:
        # either both are indexed (the second queued) or one is refused in plain words
        assert code == 0 or (code == 1 and "being changed by" in err), (out, err)
    listed = {d["doc_id"] for d in json.loads(cli(env, "docs", "list", "--json").stdout)}
    indexed = [code == 0 for _, _, code in outcomes]
    assert ("halvard-cold-creek" in listed) == indexed[0]
    assert ("brisk-ferrand" in listed) == indexed[1]
    # no corruption: asking works and a repeated ingest of both changes nothing
    answer = json.loads(cli(env, "ask", "--json", QUESTION).stdout)
    assert not answer["refused"] and answer["corpus_version"]
    again = json.loads(cli(env, "ingest", "--json", str(first), str(second)).stdout)
    refused = (0 if indexed[0] else len(list(first.iterdir()))) + (0 if indexed[1] else 1)
    assert (again["added"], again["updated"]) == (refused, 0)


@pytest.mark.server
def test_an_upload_through_one_replica_is_answered_by_another(tmp_path, page, chroma_server):
    collection = f"replicas{uuid.uuid4().hex[:8]}"
    shared = {
        "CHROMA_HOST": "127.0.0.1",
        "CHROMA_PORT": str(chroma_server),
        "ASSISTANT_COLLECTION": collection,
    }
    one = app_env(tmp_path / "one", **shared)
    two = app_env(tmp_path / "two", **shared)
    cli(one, "ingest", str(FIXTURES / "articles"), "--json")
    with running_app(one) as first, running_app(two) as second:
        ask(page, second, QUESTION)
        _refused_as_unknown(page)
        upload(page, first, [_article(tmp_path)])
        _wait_for_text(page, "added 1")
        ask(page, second, QUESTION)
        _wait_for_text(page, "produced 412 t of separated NdPr oxide")
