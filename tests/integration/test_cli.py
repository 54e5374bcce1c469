"""The CLI contract from DESIGN.md, run as a real subprocess."""

import json
import subprocess

import pytest

from assistant.verdict import STATUSES
from tests.conftest import FIXTURES, run_cli

ANSWER_KEYS = {"question", "refused", "answer_markdown", "sections", "citations", "grounding"}
CITATION_KEYS = {"n", "doc_id", "chunk_id", "title", "date", "source", "quote"}
SECTION_LABELS = {
    "resource_potential",
    "pipeline",
    "deliverable_supply",
    "constraints",
    "bottom_line",
}


def cli(*args: str, data_dir) -> subprocess.CompletedProcess:
    return run_cli(data_dir, *args, timeout=300)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli-data")


def test_ingest_json_summary_and_exit_codes(data_dir):
    first = cli("ingest", str(FIXTURES / "articles"), "--json", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {
        "added": 5,
        "updated": 0,
        "unchanged": 0,
        "skipped": [],
        "rejected": [],
    }
    again = cli("ingest", str(FIXTURES / "articles"), "--json", data_dir=data_dir)
    assert json.loads(again.stdout)["unchanged"] == 5

    bad = cli("ingest", str(FIXTURES / "bad" / "empty.md"), "--json", data_dir=data_dir)
    assert bad.returncode == 3
    assert json.loads(bad.stdout)["rejected"][0]["reason"] == "the file is empty"

    missing = cli("ingest", "no/such/path", data_dir=data_dir)
    assert missing.returncode == 2
    assert "No such file or folder" in missing.stderr


def test_ask_json_lines_follow_the_answer_schema(data_dir):
    cli("ingest", str(FIXTURES / "articles"), "--json", data_dir=data_dir)
    result = cli(
        "ask",
        "How much NdPr oxide did Karrath Minerals produce?",
        "What is the weather in Paris tomorrow?",
        "--json",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in lines] == [
        "How much NdPr oxide did Karrath Minerals produce?",
        "What is the weather in Paris tomorrow?",
    ]
    answered, refused = lines
    assert set(answered) >= ANSWER_KEYS and not answered["refused"]
    assert {s["label"] for s in answered["sections"]} <= SECTION_LABELS
    assert answered["citations"] and all(set(c) >= CITATION_KEYS for c in answered["citations"])
    numbers = {c["n"] for c in answered["citations"]}
    for section in answered["sections"]:
        for sentence in section["sentences"]:
            assert set(sentence["citations"]) <= numbers
            assert {"text", "citations", "stage"} <= set(sentence)
    assert "[1]" in answered["answer_markdown"]
    assert answered["grounding"]["supported_ratio"] == 1.0
    assert refused["refused"] and refused["sections"] == [] and refused["citations"] == []


def test_docs_list_and_remove(data_dir):
    cli("ingest", str(FIXTURES / "articles"), "--json", data_dir=data_dir)
    listed = json.loads(cli("docs", "list", "--json", data_dir=data_dir).stdout)
    assert "karrath-minerals" in {d["doc_id"] for d in listed}
    assert cli("docs", "remove", "karrath-minerals", data_dir=data_dir).returncode == 0
    listed = json.loads(cli("docs", "list", "--json", data_dir=data_dir).stdout)
    assert "karrath-minerals" not in {d["doc_id"] for d in listed}
    unknown = cli("docs", "remove", "karrath-minerals", data_dir=data_dir)
    assert unknown.returncode == 1 and "No document" in unknown.stderr


def test_ask_all_prints_the_evidence_beyond_the_default(data_dir, monkeypatch):
    """With the default focused on two sentences, the JSON keeps the rest in
    ``evidence_more`` and ``ask --all`` prints it under "More evidence"; every answer
    opens with a verdict reached from the claims."""
    monkeypatch.setenv("ASSISTANT_SELECTION__SHOWN_SENTENCES", "2")
    cli("ingest", str(FIXTURES / "articles"), "--json", data_dir=data_dir)
    question = "How much NdPr oxide did Karrath Minerals produce?"
    answer = json.loads(cli("ask", question, "--json", data_dir=data_dir).stdout)
    shown = [r for s in answer["sections"] for r in s["sentences"]]
    assert len(shown) == 2 and answer["evidence_more"], answer["answer_markdown"]
    assert answer["verdict"]["status"] in STATUSES
    assert "**Verdict" in answer["answer_markdown"].split("**Resource", 1)[0]
    brief = cli("ask", question, data_dir=data_dir).stdout
    full = cli("ask", question, "--all", data_dir=data_dir).stdout
    assert "More evidence" not in brief and "More evidence" in full
    assert answer["evidence_more"][0]["text"][:40] in " ".join(full.split())


def test_track_prints_the_subject_ledger_and_exits_3_for_an_unknown_one(data_dir):
    cli("ingest", str(FIXTURES / "articles"), "--json", data_dir=data_dir)
    result = cli("track", "Karrath Minerals", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert set(found) >= {"subject", "claims", "ledger", "milestones"}
    assert set(found["ledger"]) == {"potential", "pipeline", "delivered"}
    delivered = found["ledger"]["delivered"]
    assert any(c["value"] == 310 for c in delivered), delivered
    assert all(c["citation"]["quote"] for c in found["claims"])
    unknown = cli("track", "Zzyzx Minerals", data_dir=data_dir)
    assert unknown.returncode == 3 and "No article speaks of" in unknown.stderr
