"""The investor chat: sectioned, cited answers whose every [n] opens its passage."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import streamlit as st

from assistant.answer import not_stated_note, premise_note, sentence_line
from assistant.ui.common import STAGE_BADGE_COLOURS, badge, get_assistant, md_escape, safe_link

EXAMPLES = [
    "Can Russia reach 10% of global rare-earth supply by 2030?",
    "Is Brazil a major rare-earth supplier?",
    "Who separates heavy rare earths outside China?",
    "What did China's April 2025 export controls cover?",
]
READINESS_COLOURS = {
    "producing": "green",
    "in pipeline": "orange",
    "potential only": "blue",
    "constrained": "red",
    "no evidence": "gray",
}


def _history() -> list[dict]:
    return st.session_state.setdefault("history", [])


def _sentence_lines(answer: dict) -> Iterator[str]:
    """The answer as Markdown lines: section headings, then cited sentences with badges."""
    for section in answer["sections"]:
        yield f"\n**{md_escape(section['title'])}**\n\n"
        colour = STAGE_BADGE_COLOURS.get(section["label"], "gray")
        for sentence in section["sentences"]:
            marks = "".join(f"[{n}]" for n in sentence["citations"])
            stage = badge(sentence["stage"].replace("_", " "), colour)
            flag = " :red-badge[unsupported]" if sentence.get("unsupported") else ""
            yield f"- {sentence_line(sentence, md_escape)} **{marks}** {stage}{flag}\n"


def _render_readiness(answer: dict) -> None:
    readiness = answer.get("supply_readiness") or {}
    if not readiness:
        return
    columns = st.columns(len(readiness))
    for column, (step, record) in zip(columns, readiness.items()):
        cites = "".join(f"[{n}]" for n in record["citations"])
        colour = READINESS_COLOURS.get(record["status"], "gray")
        column.markdown(f"**{step.title()}**  \n{badge(record['status'], colour)} {cites}")


def _highlighted_passage(citation: dict) -> str:
    passage = citation.get("passage") or citation["quote"]
    start, end = citation.get("quote_start"), citation.get("quote_end")
    if start is None or end is None or passage[start:end] != citation["quote"]:
        return f":orange-background[{md_escape(citation['quote'])}]"
    return (
        md_escape(passage[:start])
        + f" :orange-background[{md_escape(passage[start:end])}] "
        + md_escape(passage[end:])
    )


def _render_sources(answer: dict) -> None:
    for citation in answer["citations"]:
        title = f"[{citation['n']}] {citation['title']} ({citation.get('date') or 'undated'})"
        with st.expander(title):
            link = safe_link(citation.get("source") or "source", citation.get("source", ""))
            heading = citation.get("heading") or ""
            st.markdown(f"{link} · {md_escape(heading)} · `{citation['doc_id']}`")
            st.markdown(_highlighted_passage(citation))


def render_answer(answer: dict, streamed: bool = False) -> None:
    searched = answer.get("condensed_question") or answer["question"]
    if searched != answer["question"]:  # shorthand or a ticker spelled out, names carried over
        st.caption(f"Searched as: {md_escape(searched)}")
    if answer["refused"]:
        st.warning(f"**The corpus does not show that.** {md_escape(answer['refusal_reason'])}")
    else:
        if answer.get("unsupported_premise"):  # a headline's figure taken as given
            st.warning(md_escape(premise_note(answer["unsupported_premise"])))
        if answer.get("not_stated"):  # say what is missing before the nearby figures
            st.info(md_escape(not_stated_note(answer["not_stated"])))
        if not streamed:
            st.markdown("".join(_sentence_lines(answer)))
        for conflict in answer.get("conflicts", []):
            cites = ", ".join(
                f"[{n}] ({d or 'undated'})"
                for n, d in zip(conflict["citations"], conflict["dates"])
            )
            st.info(
                f"Sources give different figures for {md_escape(conflict['subject'])}: "
                f"{cites}. Both are shown with their dates."
            )
        _render_readiness(answer)
        st.markdown("**Sources**")
        _render_sources(answer)
    _render_trace(answer)
    version = (answer.get("corpus_version") or "")[:8]
    st.caption(
        f"{answer['composer']} composer · {answer['elapsed_ms']:.0f} ms · "
        f"supported {answer['grounding']['supported_ratio']:.0%}"
        + (f" · corpus {version}" if version else "")
    )


def _step_summary(out) -> str:
    """One line of what a step produced, for the "How this answer was made" table."""
    if not isinstance(out, dict):
        return "" if out is None else str(out)[:160]
    shown = []
    for key, value in out.items():
        if key == "chosen":
            value = len(value)
        elif isinstance(value, list):
            value = ", ".join(map(str, value[:4])) + (" …" if len(value) > 4 else "")
        elif isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        shown.append(f"{key}: {value}")
    return "; ".join(shown)[:240]


def _render_trace(answer: dict) -> None:
    steps = answer.get("trace")
    if not steps:
        return
    with st.expander("How this answer was made"):
        st.caption(
            "Each step of the answer pipeline in order, what it produced and how long it "
            "took (assistant/pipeline.py)."
        )
        st.table(
            [
                {"step": s["step"], "ms": round(s["ms"], 1), "produced": _step_summary(s["out"])}
                for s in steps
            ]
        )
        chosen = next((s["out"].get("chosen") for s in steps if s["step"] == "gather_evidence"), [])
        if chosen:
            st.markdown("**Evidence sentences chosen, by relevance**")
            for item in chosen:
                st.markdown(
                    f"- `{item['relevance']:.2f}` {md_escape(item['text'])} (`{item['doc_id']}`)"
                )


def _export_markdown(history: list[dict]) -> str:
    parts = []
    for turn in history:
        parts.append(f"## {turn['question']}\n\n{turn['answer']['answer_markdown']}\n")
    return "\n".join(parts)


def _sidebar() -> dict:
    with st.sidebar:
        st.subheader("Conversation")
        if st.button("New chat", width="stretch"):
            st.session_state["history"] = []
            st.rerun()
        history = _history()
        st.download_button(
            "Export Markdown",
            _export_markdown(history),
            "conversation.md",
            "text/markdown",
            disabled=not history,
            width="stretch",
        )
        st.download_button(
            "Export JSON",
            json.dumps([t["answer"] for t in history], indent=2),
            "conversation.json",
            "application/json",
            disabled=not history,
            width="stretch",
        )
        st.subheader("Settings")
        settings = get_assistant().settings
        composer = st.selectbox(
            "Composer",
            ["extractive", "llm"],
            index=["extractive", "llm"].index(settings.composer),
            help="extractive: quotes only (offline default); "
            "llm: the configured model behind the grounding guard",
        )
        providers = ["local", "openai", "ollama", "anthropic"]
        provider = st.selectbox(
            "LLM provider",
            providers,
            index=providers.index(settings.llm_provider),
            disabled=composer != "llm",
        )
        top_k = st.slider("Passages retrieved (top-k)", 2, 12, settings.top_k)
    overrides = {}
    if composer != settings.composer:
        overrides["composer"] = composer
    if composer == "llm" and provider != settings.llm_provider:
        overrides["llm_provider"] = provider
    if top_k != settings.top_k:
        overrides["top_k"] = top_k
    return overrides


def _ask(question: str, overrides: dict) -> None:
    history = _history()
    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        started = time.perf_counter()
        tokens: list[str] = []
        placeholder = st.empty()

        def on_token(token: str) -> None:
            tokens.append(token)
            placeholder.markdown(md_escape("".join(tokens)))

        try:
            with st.spinner("Searching the corpus…"):
                answer = get_assistant().ask(
                    question,
                    [t["question"] for t in history],
                    on_token=on_token,
                    trace=True,
                    **overrides,
                )
        except Exception as exc:  # the store or model being down must not show a traceback
            placeholder.empty()
            st.error(
                f"The assistant could not answer: {md_escape(str(exc))[:300]}. "
                "Check that the index (or the Chroma server) and the model are available, "
                "then try again."
            )
            return
        placeholder.empty()
        if not answer["refused"]:
            st.write_stream(_sentence_lines(answer))
        answer.setdefault("elapsed_ms", (time.perf_counter() - started) * 1000)
        render_answer(answer, streamed=True)
    history.append({"question": question, "answer": answer})


def render() -> None:
    st.title("Rare-earth supply assistant")
    st.caption(
        "Answers separate **resource potential** from **deliverable supply**. Every "
        "sentence is quoted from a cited, dated article; open a source to see the passage."
    )
    overrides = _sidebar()
    history = _history()
    pending = None
    if not history:
        st.markdown("**Try one of these:**")
        for i, example in enumerate(EXAMPLES):
            if st.button(example, key=f"example-{i}"):
                pending = example
    for turn in history:
        with st.chat_message("user"):
            st.markdown(md_escape(turn["question"]))
        with st.chat_message("assistant"):
            render_answer(turn["answer"])
    question = st.chat_input("Ask about rare-earth supply…") or pending
    if question:
        _ask(question, overrides)
