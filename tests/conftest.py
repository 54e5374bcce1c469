"""Shared fixtures: real Chroma (embedded under tmp_path, or a real ``chroma run`` server),
the real packaged encoder, and small fictional fixture articles."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from assistant.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(
    port: int, timeout: float = 60.0, process: subprocess.Popen | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def run_cli(data_dir, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m assistant --data-dir DATA_DIR ARGS...`` as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
    )


def start_chroma_server(path: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process=process)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    port = free_port()
    process = start_chroma_server(tmp_path_factory.mktemp("chroma-server"), port)
    yield port
    stop(process)


@pytest.fixture(scope="session", autouse=True)
def shared_encoder_dir(tmp_path_factory):
    """One ONNX export per test session (the first Assistant makes it, from the packaged
    weights), shared by every data dir and CLI subprocess instead of one per tmp_path."""
    import os

    path = tmp_path_factory.mktemp("encoders")
    previous = os.environ.get("ASSISTANT_ENCODER_DIR")
    os.environ["ASSISTANT_ENCODER_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("ASSISTANT_ENCODER_DIR", None)
    else:
        os.environ["ASSISTANT_ENCODER_DIR"] = previous


@pytest.fixture(scope="session")
def embedder(shared_encoder_dir):
    """The product's encoder (its default backend), shared like the app shares it."""
    from assistant.embeddings import get_embedder

    s = Settings()
    return get_embedder(s.encoder_backend, s.encoder_cache_dir, s.embed_batch_size)


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def settings(request, tmp_path) -> Settings:
    """Settings on a fresh store: a Chroma directory under tmp_path, or a uniquely named
    collection on the session's real Chroma server."""
    base = Settings(data_dir=tmp_path / "data", collection=f"t{uuid.uuid4().hex[:12]}")
    if request.param == "server":
        port = request.getfixturevalue("chroma_server")
        return base.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": port})
    return base


@pytest.fixture
def articles(tmp_path) -> Path:
    """A writable copy of the fixture articles, so tests may edit them."""
    target = tmp_path / "articles"
    shutil.copytree(FIXTURES / "articles", target)
    return target


@pytest.fixture
def assistant(settings, embedder):
    from assistant.service import Assistant

    return Assistant(settings)


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory, embedder):
    """The real corpus plus the fictional fixture articles (articles nobody tuned on),
    indexed once per session in an embedded Chroma under a temporary directory."""
    from assistant.service import Assistant

    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-data"))
    assistant = Assistant(settings)
    report = assistant.ingest([REPO / "corpus", FIXTURES / "articles"])
    assert not report.rejected, report.rejected
    return assistant


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report to fixtures (the browser tests screenshot failures)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
