"""The investor chat: sectioned, cited answers with inspectable passages."""

from __future__ import annotations

import html

import streamlit as st

from assistant.ui.common import get_assistant

EXAMPLES = [
    "Can Russia reach 10% of global rare-earth supply by 2030?",
    "Is Brazil a major rare-earth supplier?",
    "Who separates heavy rare earths outside China?",
    "What did China's April 2025 export controls cover?",
]


def _render_answer(answer: dict) -> None:
    if answer["refused"]:
        st.warning(answer["answer_markdown"])
        return
    for section in answer["sections"]:
        st.markdown(f"**{section['title']}**")
        for sentence in section["sentences"]:
            marks = " ".join(f"[{n}]" for n in sentence["citations"])
            st.markdown(f"- {sentence['text']} {marks}  `{sentence['stage']}`")
    with st.expander(f"Sources ({len(answer['citations'])})"):
        for c in answer["citations"]:
            st.markdown(f"**[{c['n']}] {c['title']}** ({c.get('date') or 'undated'})")
            if c.get("source", "").startswith(("http://", "https://")):
                st.markdown(f"[{c['source']}]({c['source']})")
            st.markdown(f"> {html.escape(c['quote'])}")


def render() -> None:
    st.title("Rare-earth supply assistant")
    st.caption(
        "Answers separate resource potential from deliverable supply; every sentence "
        "is quoted from a cited article."
    )
    history = st.session_state.setdefault("history", [])
    if not history:
        st.markdown("Try: " + " · ".join(f"*{q}*" for q in EXAMPLES))
    for turn in history:
        with st.chat_message("user"):
            st.markdown(turn["question"])
        with st.chat_message("assistant"):
            _render_answer(turn["answer"])
    question = st.chat_input("Ask about rare-earth supply…")
    if question:
        with st.chat_message("user"):
            st.markdown(question)
        with st.chat_message("assistant"), st.spinner("Searching the corpus…"):
            answer = get_assistant().ask(question, [t["question"] for t in history])
            _render_answer(answer)
        history.append({"question": question, "answer": answer})
