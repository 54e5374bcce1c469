"""Run the evaluation suites or load the last report; chart it and drill into failures."""

from __future__ import annotations

import json

import streamlit as st

from assistant.evaluation import runner
from assistant.ui.common import get_assistant, md_escape

SUITES = ["retrieval", "grounding", "refusal", "stages", "checker"]


def _report_dir():
    return get_assistant().settings.data_dir / "eval-report"


def _run(names: list[str]) -> None:
    bar = st.progress(0.0, text="Starting…")

    def progress(suite: str, done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{suite}: {done}/{total}")

    runner.run(get_assistant(), names, _report_dir(), "test", progress, baseline=False)
    bar.empty()


def render() -> None:
    st.title("Evaluation")
    st.caption(
        "Retrieval, grounding, refusal, stage and checker suites on the test split, "
        "against the floors in `evals/thresholds.toml`."
    )
    names = st.multiselect("Suites", SUITES, default=["stages", "checker"])
    if st.button("Run selected suites", disabled=not names):
        _run(names)
    report_path = _report_dir() / "report.json"
    if not report_path.exists():
        st.info(
            "No report yet: run the suites above, or `python -m assistant eval --out "
            f"{_report_dir()}`."
        )
        return
    report = json.loads(report_path.read_text())
    rows = []
    thresholds = runner.load_thresholds()
    for suite, values in report["suites"].items():
        for metric, value in values.items():
            floor = thresholds.get(suite, {}).get(metric)
            rows.append(
                {
                    "suite": suite,
                    "metric": metric,
                    "value": value,
                    "threshold": floor,
                    "status": "" if floor is None else ("pass" if value >= floor else "miss"),
                }
            )
    st.dataframe(rows, hide_index=True, width="stretch")
    st.bar_chart({f"{r['suite']}.{r['metric']}": r["value"] for r in rows})
    items_path = _report_dir() / "items.json"
    if items_path.exists():
        items = json.loads(items_path.read_text())
        suite = st.selectbox("Drill into a suite", list(items))
        failed = [
            i
            for i in items[suite]
            if not i.get("passed", True)
            or i.get("recall@5", 1) < 1
            or i.get("citation_recall", 1) < 1
            or i.get("facts_covered", 0) < i.get("facts", 0)
        ]
        st.markdown(f"**{len(failed)} item(s) with a miss**")
        for item in failed[:100]:
            label = (
                item.get("question")
                or item.get("query")
                or item.get("text")
                or item.get("sentence", "")
            )
            with st.expander(f"{item.get('id', '')} · {label[:90]}"):
                st.json({k: v for k, v in item.items() if k != "answer_markdown"})
                if item.get("answer_markdown"):
                    st.markdown(md_escape(item["answer_markdown"]))
