"""Load run, bounded in count and time, loopback only.

    .venv/bin/python benchmarks/load.py [--questions 200] [--threads 8] [--browsers 5] [--json]

1. ``--questions`` questions from ``--threads`` threads against one ``Assistant`` (the
   service object the app shares between sessions);
2. ``--browsers`` simultaneous headless Chromium sessions against a Streamlit server started
   here on 127.0.0.1, each asking one question and waiting for its cited answer.
Reports throughput, p50/p95 latency and errors for both."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.cli import streamlit_command  # noqa: E402
from assistant.evaluation import suites  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402

DEADLINE_S = 600


def _stats(latencies: list[float], errors: int, wall: float) -> dict:
    return {
        "requests": len(latencies) + errors,
        "errors": errors,
        "throughput_per_s": round(len(latencies) / wall, 2) if wall else 0.0,
        "p50_ms": round(float(np.percentile(latencies, 50)), 1) if latencies else None,
        "p95_ms": round(float(np.percentile(latencies, 95)), 1) if latencies else None,
    }


def service_load(data_dir: Path, n: int, threads: int) -> dict:
    assistant = Assistant(Settings(data_dir=data_dir))
    assistant.ensure_indexed()
    pool = [i["question"] for i in suites.load_items("grounding.jsonl", "all")]
    questions = [pool[i % len(pool)] for i in range(n)]
    assistant.ask(questions[0])
    started = time.monotonic()

    def one(question: str) -> float | None:
        if time.monotonic() - started > DEADLINE_S:
            return None
        t0 = time.perf_counter()
        try:
            answer = assistant.ask(question)
        except Exception:  # counted, never hidden
            return None
        return (time.perf_counter() - t0) * 1000 if answer["answer_markdown"] else None

    with ThreadPoolExecutor(max_workers=threads) as executor:
        results = list(executor.map(one, questions))
    wall = time.monotonic() - started
    latencies = [r for r in results if r is not None]
    return _stats(latencies, len(results) - len(latencies), wall)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_load(data_dir: Path, sessions: int) -> dict:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(data_dir))
    server = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"),
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    questions = [
        "Is Brazil a major rare-earth supplier?",
        "Can Russia reach 10% of global rare-earth supply by 2030?",
        "How far along is Iluka's Eneabba refinery?",
        "What did China's April 2025 export controls cover?",
        "Who separates heavy rare earths outside China?",
    ]
    try:
        for _ in range(600):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-quic",
                ],
            )
            pages = []
            for i in range(sessions):
                page = browser.new_context().new_page()
                page.set_default_timeout(180_000)
                page.goto(url)
                page.locator('[data-testid="stChatInputTextArea"]').wait_for()
                pages.append((page, questions[i % len(questions)]))
            started = time.monotonic()
            for page, question in pages:  # submit all, then wait: the sessions overlap
                box = page.locator('[data-testid="stChatInputTextArea"]')
                box.fill(question)
                box.press("Enter")
            latencies, errors = [], 0
            for page, _ in pages:
                try:
                    page.get_by_text("supported", exact=False).last.wait_for()
                    latencies.append((time.monotonic() - started) * 1000)
                except Exception:
                    errors += 1
            wall = time.monotonic() - started
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _stats(latencies, errors, wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--browsers", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        report = {"service": service_load(data_dir, args.questions, args.threads)}
        if args.browsers:
            report["browsers"] = browser_load(data_dir, args.browsers)
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    if any(part["errors"] for part in report.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
