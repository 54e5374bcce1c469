"""The investor chat: sectioned, cited answers whose every [n] opens its passage."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import streamlit as st

from assistant.answer import VERDICT_NAMES, not_stated_note, premise_note, sentence_line
from assistant.ui.common import (
    LEDGER_TITLES,
    STAGE_BADGE_COLOURS,
    badge,
    get_assistant,
    md_escape,
    safe_link,
)

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
VERDICT_COLOURS = {
    "delivering": "green",
    "partly_delivering": "green",
    "in_pipeline": "orange",
    "potential_only": "blue",
    "blocked": "red",
    "not_shown": "gray",
    "not_applicable": "gray",
}


def _history() -> list[dict]:
    return st.session_state.setdefault("history", [])


def _sentence_lines(answer: dict) -> Iterator[str]:
    """The answer as Markdown lines: section headings, then cited sentences with badges."""
    for section in answer["sections"]:
        yield f"\n**{md_escape(section['title'])}**\n\n"
        for sentence in section["sentences"]:
            yield _evidence_line(sentence, section["label"], answer)


def _evidence_line(sentence: dict, section: str, answer: dict) -> str:
    """One cited sentence: [context] quote, linked marks, its stage badge in its section's
    colour, and a flag when the grounding check did not support it."""
    marks = _marks(sentence["citations"], answer)
    stage = badge(sentence["stage"].replace("_", " "), STAGE_BADGE_COLOURS.get(section, "gray"))
    flag = " :red-badge[unsupported]" if sentence.get("unsupported") else ""
    return f"- {sentence_line(sentence, md_escape)} {marks} {stage}{flag}\n"


def _linked(escaped: str, answer: dict) -> str:
    """Each ``[n]`` of escaped Markdown as a link to its source's page (http(s) only)."""
    urls = {c["n"]: c.get("source", "") for c in answer["citations"]}

    def link(match: re.Match) -> str:
        n = int(match.group(1))
        return safe_link(f"[{n}]", urls.get(n, "")) if urls.get(n) else f"**\\[{n}\\]**"

    return re.sub(r"\\\[(\d+)\\\]", link, escaped)


def _marks(numbers: list[int], answer: dict) -> str:
    return _linked(md_escape("".join(f"[{n}]" for n in numbers)), answer)


def _ledger_rows(verdict: dict) -> list[dict]:
    """The ledger as table rows: one column per kind, each cell a cited figure."""
    ledger = verdict.get("ledger") or {}
    columns = {title: ledger.get(kind, []) for kind, title in LEDGER_TITLES.items()}
    depth = max((len(v) for v in columns.values()), default=0)
    return [
        {title: (items[i]["text"] if i < len(items) else "") for title, items in columns.items()}
        for i in range(depth)
    ]


def _render_verdict(answer: dict) -> None:
    """The short answer first: the status reached from the claims, its lines with linked
    citations, and the ledger of what is potential, in the pipeline and delivered."""
    verdict = answer.get("verdict")
    if not verdict:
        return
    status = verdict["status"]
    about = f" · {md_escape(verdict['subject'])}" if verdict.get("subject") else ""
    lines = "".join(f"\n- {_linked(md_escape(line['text']), answer)}" for line in verdict["lines"])
    with st.container(border=True):
        st.markdown(
            f"**Verdict**{about} "
            f"{badge(VERDICT_NAMES.get(status, status), VERDICT_COLOURS.get(status, 'gray'))}"
            + (f"\n{lines}" if lines else "")
        )
        rows = _ledger_rows(verdict)
        if rows:
            st.caption("Ledger: the cited figures about the subject, newest first")
            st.table(rows)


def _render_more_evidence(answer: dict) -> None:
    more = answer.get("evidence_more") or []
    if not more:
        return
    with st.expander(f"Show all evidence ({len(more)} more sentences)"):
        st.markdown("".join(_evidence_line(row, row["label"], answer) for row in more))


def _render_readiness(answer: dict) -> None:
    readiness = answer.get("supply_readiness") or {}
    if not readiness:
        return
    columns = st.columns(len(readiness))
    for column, (step, record) in zip(columns, readiness.items()):
        cites = "".join(f"[{n}]" for n in record["citations"])
        colour = READINESS_COLOURS.get(record["status"], "gray")
        column.markdown(f"**{step.title()}**  \n{badge(record['status'], colour)} {cites}")


def _highlighted_passage(passage: str, citations: list[dict]) -> str:
    """The passage with every quoted sentence of these citations highlighted and numbered;
    a quote whose offsets no longer match the passage is shown on its own."""
    spans = sorted(
        (c["quote_start"], c["quote_end"], c["n"])
        for c in citations
        if c.get("quote_start") is not None
        and c.get("quote_end") is not None
        and passage[c["quote_start"] : c["quote_end"]] == c["quote"]
    )
    placed = {n for _, _, n in spans}
    out, at = [], 0
    for start, end, n in spans:
        if start < at:  # overlapping quotes: the first one is highlighted
            continue
        out.append(md_escape(passage[at:start]))
        out.append(f" :orange-background[{md_escape(passage[start:end])}] **\\[{n}\\]** ")
        at = end
    out.append(md_escape(passage[at:]))
    loose = [
        f":orange-background[{md_escape(c['quote'])}] **\\[{c['n']}\\]**"
        for c in citations
        if c["n"] not in placed
    ]
    return "".join(out) if spans else "  \n".join(loose) or md_escape(passage)


def _by_article(citations: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for citation in citations:
        grouped.setdefault(citation["doc_id"], []).append(citation)
    return grouped


def _render_sources(answer: dict) -> None:
    """One expander per article, with every passage quoted from it and the quotes lit."""
    for doc_id, cites in _by_article(answer["citations"]).items():
        first = cites[0]
        marks = "".join(f"[{c['n']}]" for c in cites)
        with st.expander(f"{marks} {first['title']} ({first.get('date') or 'undated'})"):
            link = safe_link(first.get("source") or "source", first.get("source", ""))
            st.markdown(f"{link} · `{doc_id}`")
            passages: dict[str, list[dict]] = {}
            for c in cites:
                passages.setdefault(c.get("passage") or c["quote"], []).append(c)
            for passage, group in passages.items():
                heading = group[0].get("heading") or ""
                if heading:
                    st.caption(heading)
                st.markdown(_highlighted_passage(passage, group))


def render_head(answer: dict) -> None:
    """What comes before the evidence: how the question was searched, a refusal, what is
    wrong with the question itself, then the verdict."""
    searched = answer.get("condensed_question") or answer["question"]
    if searched != answer["question"]:  # shorthand or a ticker spelled out, names carried over
        st.caption(f"Searched as: {md_escape(searched)}")
    if answer["refused"]:
        st.warning(f"**The corpus does not show that.** {md_escape(answer['refusal_reason'])}")
        return
    if answer.get("unsupported_premise"):  # a headline's figure taken as given
        st.warning(md_escape(premise_note(answer["unsupported_premise"])))
    if answer.get("not_stated"):  # say what is missing before the nearby figures
        st.info(md_escape(not_stated_note(answer["not_stated"])))
    _render_verdict(answer)


def render_answer(answer: dict, streamed: bool = False) -> None:
    """The whole answer; ``streamed`` when its head and sentences were already written."""
    if not streamed:
        render_head(answer)
    if not answer["refused"]:
        if not streamed:
            st.markdown("".join(_sentence_lines(answer)))
        _render_more_evidence(answer)
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
        render_head(answer)
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
