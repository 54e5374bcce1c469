"""Reliability: crash safety, concurrency, Chroma server faults, hostile names and secrets."""

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.settings import Settings
from assistant.store import StoreUnavailable
from assistant.uploads import safe_upload_name, store_upload
from tests.conftest import FIXTURES, REPO, free_port, run_cli, start_chroma_server, stop

ARTICLE = """---
id: synthetic-{i:03d}
title: "Synthetic deposit {i}"
date: 2025-01-01
sources:
  - url: "https://example.com/synthetic/{i}"
---
# Synthetic deposit {i}

## Resource
{sentences}
"""


def _synthetic_corpus(folder, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sentences = " ".join(
            f"Deposit {i} block {j} holds an inferred resource of {i * 10 + j} Mt at {j}.{i % 10}% "
            f"TREO according to drilling in season {j}."
            for j in range(40)
        )
        (folder / f"synthetic-{i:03d}.md").write_text(ARTICLE.format(i=i, sentences=sentences))


def test_kill_9_mid_ingest_leaves_a_usable_index_that_rerun_completes(tmp_path):
    corpus, data_dir = tmp_path / "corpus", tmp_path / "data"
    _synthetic_corpus(corpus, 60)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "--data-dir",
            str(data_dir),
            "ingest",
            str(corpus),
            "--json",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    chroma_file = data_dir / "chroma" / "chroma.sqlite3"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not (
        chroma_file.exists() and chroma_file.stat().st_size > 2_000_000
    ):
        time.sleep(0.2)
    assert process.poll() is None, "the ingest finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with open(data_dir / "write.lock") as lock:  # the killed writer's lock is free at once
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(lock, fcntl.LOCK_UN)

    listed = run_cli(data_dir, "docs", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    partial = json.loads(listed.stdout)
    assert len(partial) < 60
    asked = run_cli(data_dir, "ask", "What resource does synthetic deposit 3 hold?", "--json")
    assert asked.returncode == 0, asked.stderr

    rerun = json.loads(run_cli(data_dir, "ingest", str(corpus), "--json").stdout)
    assert rerun["added"] + rerun["unchanged"] == 60 and not rerun["rejected"]
    assert rerun["unchanged"] == len(partial)

    from assistant.service import Assistant

    assistant = Assistant(Settings(data_dir=data_dir))
    docs = assistant.list_documents()
    assert len(docs) == 60
    chunk_doc_ids = [meta["doc_id"] for _, _, meta in assistant.store.iter_all_chunks()]
    assert len(chunk_doc_ids) == sum(d["n_chunks"] for d in docs)  # no orphans, no duplicates
    assert set(chunk_doc_ids) == {d["doc_id"] for d in docs}


def test_twenty_concurrent_questions_get_the_same_answers(corpus_assistant):
    questions = [
        "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?",
        "What resource has Ostrova Rare Metals reported at Lake Qorvath?",
        "How far along is Corvale's Geraldton refinery?",
        "Is Brazil a major rare-earth supplier?",
    ] * 5
    expected = {q: corpus_assistant.ask(q)["answer_markdown"] for q in set(questions)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(corpus_assistant.ask, questions))
    assert [a["answer_markdown"] for a in answers] == [expected[q] for q in questions]


def test_readers_keep_answering_during_an_ingest(settings, embedder, tmp_path):
    from assistant.service import Assistant

    assistant = Assistant(settings)
    assistant.ingest([FIXTURES / "articles"])
    _synthetic_corpus(tmp_path / "more", 15)
    errors, answers = [], []
    writer = threading.Thread(target=lambda: assistant.ingest([tmp_path / "more"]))
    writer.start()
    while writer.is_alive():
        try:
            answer = assistant.ask("How much separated NdPr oxide did Karrath Minerals produce?")
            answers.append("310 t" in answer["answer_markdown"])
        except Exception as exc:  # any failure here is the bug under test
            errors.append(repr(exc))
    writer.join()
    assert not errors
    assert answers and all(answers)
    assert len(assistant.list_documents()) == 5 + 15


def test_chroma_server_outage_is_a_clear_error_and_recovers(tmp_path, embedder):
    from assistant.service import Assistant

    port, path = free_port(), tmp_path / "server-data"
    server = start_chroma_server(path, port)
    settings = Settings(data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=port)
    assistant = Assistant(settings)
    try:
        assistant.ingest([FIXTURES / "articles"])
        question = "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?"
        assert not assistant.ask(question)["refused"]
        stop(server)
        with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{port} is not answering"):
            assistant.ask(question)
        with pytest.raises(StoreUnavailable):
            Assistant(settings).list_documents()
        server = start_chroma_server(path, port)
        assert "310 t" in assistant.ask(question)["answer_markdown"]
    finally:
        stop(server)


def test_upload_names_cannot_escape_the_uploads_folder(tmp_path):
    assert safe_upload_name("../../etc/passwd") == "passwd"
    assert safe_upload_name("..\\..\\windows\\evil.MD") == "evil.md"
    assert safe_upload_name("Report (final) v2.PDF") == "report-final-v2.pdf"
    stored = store_upload(tmp_path / "uploads", "../../outside.md", b"# x\n\nbody text here")
    assert stored.parent == (tmp_path / "uploads").resolve()
    assert not (tmp_path / "outside.md").exists()


def test_secrets_never_appear_in_settings_dumps_or_answers(corpus_assistant):
    settings = Settings(llm_api_key="sk-very-secret", editor_password="hunter2-editor")
    for text in (repr(settings), str(settings.model_dump()), settings.model_dump_json()):
        assert "sk-very-secret" not in text and "hunter2-editor" not in text
    answer = corpus_assistant.ask("Is Brazil a major rare-earth supplier?")
    assert "sk-very-secret" not in json.dumps(answer)
