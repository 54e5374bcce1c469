"""The LLM assemble step: the real SmolLM2 in process, the same model behind an OpenAI-compatible
llama.cpp server, and the grounding guard on planted errors."""

import importlib.util
import os
import subprocess
import sys

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from tests.conftest import free_port, stop, wait_for_port

HAS_LLAMA = importlib.util.find_spec("llama_cpp") is not None
REQUIRED = os.environ.get("ASSISTANT_REQUIRE_LLM_TESTS") == "1"
if not HAS_LLAMA and REQUIRED:
    raise RuntimeError("the local-llm extra is required in CI: pip install -e '.[local-llm]'")
needs_llama = pytest.mark.skipif(not HAS_LLAMA, reason="install the local-llm extra")
pytestmark = pytest.mark.llm

QUESTION = "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?"


def _composer(corpus_assistant, chat_model=None, **overrides):
    """The answer pipeline with an LLM assemble step over ``chat_model``."""
    from assistant.llm import LLMAssembler
    from assistant.pipeline import Pipeline

    base = corpus_assistant.pipeline
    settings = corpus_assistant.settings.model_copy(update={"composer": "llm", **overrides})
    llm = LLMAssembler(settings, base.checker, chat_model=chat_model)
    return Pipeline(settings, base.retriever, base.embedder, base.classifier, base.checker, llm=llm)


def _shown(answer: dict) -> list[dict]:
    return [s for sec in answer["sections"] for s in sec["sentences"]]


def test_guard_removes_planted_unsupported_and_swapped_numbers(corpus_assistant):
    planted = (
        "DELIVERABLE SUPPLY:\n"
        "- Karrath Minerals produced 310 t of separated NdPr oxide at its Yelbin plant in the "
        "September 2025 quarter. [1]\n"
        "- Karrath Minerals produced 3,100 t of separated NdPr oxide at Yelbin in 2025. [1]\n"
        "- Karrath Minerals is the largest rare-earth producer outside China. [1]\n"
        "- Karrath Minerals shipped 280 t of NdPr oxide to magnet makers in Japan. [42]\n"
    )
    composer = _composer(corpus_assistant, FakeListChatModel(responses=[planted]))
    answer = composer.run(QUESTION).to_dict()
    texts = [s["text"] for s in _shown(answer)]
    assert any("310 t" in t for t in texts)
    assert not any("3,100" in t or "largest" in t for t in texts)
    removed = {r["text"][:40] for r in answer["grounding"]["removed_unsupported"]}
    assert any("3,100" in r for r in removed) and any("largest" in r for r in removed)
    assert answer["grounding"]["dropped_citations"] == 1
    assert answer["grounding"]["supported_ratio"] == 1.0


def test_flag_policy_keeps_unsupported_sentences_visibly_marked(corpus_assistant):
    planted = "- Karrath Minerals produced 3,100 t of separated NdPr oxide at Yelbin. [1]\n"
    composer = _composer(
        corpus_assistant, FakeListChatModel(responses=[planted]), unsupported_policy="flag"
    )
    answer = composer.run(QUESTION).to_dict()
    flagged = [s for s in _shown(answer) if s.get("unsupported")]
    assert flagged and "3,100" in flagged[0]["text"]
    assert answer["grounding"]["supported_ratio"] < 1.0


@needs_llama
def test_local_smollm2_in_process_is_grounded(corpus_assistant):
    from assistant.llm import LocalLlamaChat, smollm2_path

    tokens: list[str] = []
    composer = _composer(corpus_assistant, LocalLlamaChat(model_path=str(smollm2_path())))
    answer = composer.run(QUESTION, on_token=tokens.append).to_dict()
    assert tokens, "the local model streamed no tokens"
    assert answer["composer"].startswith("llm:local")
    assert not answer["refused"] and answer["citations"]
    assert answer["grounding"]["supported_ratio"] == 1.0
    retrieved = {c["chunk_id"] for c in answer["citations"]}
    assert all(cid.split(":")[0] for cid in retrieved)


@pytest.fixture(scope="module")
def llama_server():
    from assistant.llm import smollm2_path

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(smollm2_path()),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--model_alias",
            "smollm2",
            "--n_threads",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, timeout=120, process=process)
    yield f"http://127.0.0.1:{port}/v1"
    stop(process)


@needs_llama
def test_openai_provider_against_a_local_llama_server(corpus_assistant, llama_server):
    from assistant.llm import build_chat_model

    settings = corpus_assistant.settings.model_copy(
        update={
            "composer": "llm",
            "llm_provider": "openai",
            "llm_base_url": llama_server,
            "llm_model": "smollm2",
        }
    )
    composer = _composer(corpus_assistant, build_chat_model(settings), llm_provider="openai")
    answer = composer.run(QUESTION).to_dict()
    assert answer["composer"].startswith("llm:openai")
    assert not answer["refused"]
    assert answer["grounding"]["supported_ratio"] == 1.0


def test_llm_composer_refuses_out_of_scope_without_calling_the_model(corpus_assistant):
    model = FakeListChatModel(responses=["- The weather is sunny. [1]"])
    answer = _composer(corpus_assistant, model).run("What is the weather in Paris?").to_dict()
    assert answer["refused"]
    assert model.i == 0
