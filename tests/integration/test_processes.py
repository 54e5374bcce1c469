"""A long-running reader process and a CLI writer on one embedded store: the reader's next
search sees what the writer added or removed, dense vectors included (an embedded Chroma
client keeps its vector index in memory and never sees another process's writes unless it
is reopened)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import FIXTURES, REPO, run_cli

READER = r"""
import json, sys
from assistant.service import Assistant
from assistant.settings import Settings

assistant = Assistant(Settings())
for line in sys.stdin:
    query = line.strip()
    hits = assistant.search(query, top_k=5)  # the service sees the corpus as it is now
    dense = assistant.retriever.search(query, 5, mode="dense")
    print(json.dumps({"hybrid": [h.doc_id for h in hits], "dense": [h.doc_id for h in dense],
                      "version": assistant.corpus_state()["version"]}), flush=True)
"""
ARTICLE = """---
id: halvard-cold-creek
title: "Halvard Metals: Cold Creek separation plant"
date: 2026-02-12
sources:
  - url: "https://example.com/halvard/annual"
countries: [Canada]
companies: [Halvard Metals]
---
# Halvard Metals: Cold Creek separation plant

Halvard Metals produced 412 t of separated NdPr oxide at its Cold Creek plant in calendar 2025.
"""
# no word of the article: only the dense retriever can find it
PARAPHRASE = "output of a Canadian refinery of magnet rare earth oxides last year"


def test_a_reader_process_sees_the_cli_writes_in_its_dense_index(tmp_path):
    data = tmp_path / "data"
    assert run_cli(data, "ingest", str(FIXTURES / "articles"), "--json").returncode == 0
    reader = subprocess.Popen(
        [sys.executable, "-c", READER],
        cwd=REPO,
        env=dict(os.environ, ASSISTANT_DATA_DIR=str(data)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def ask(query: str) -> dict:
        reader.stdin.write(query + "\n")
        reader.stdin.flush()
        return json.loads(reader.stdout.readline())

    try:
        before = ask(PARAPHRASE)
        assert "halvard-cold-creek" not in before["dense"]
        article = tmp_path / "halvard-cold-creek.md"
        article.write_text(ARTICLE, encoding="utf-8")
        assert run_cli(data, "ingest", str(article), "--json").returncode == 0
        after = ask(PARAPHRASE)
        assert after["version"] != before["version"]
        assert "halvard-cold-creek" in after["dense"], after
        assert run_cli(data, "docs", "remove", "halvard-cold-creek").returncode == 0
        removed = ask(PARAPHRASE)
        assert "halvard-cold-creek" not in removed["dense"] + removed["hybrid"]
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
