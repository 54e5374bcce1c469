"""Runs the suites, compares with thresholds and the baseline, writes the report."""

from __future__ import annotations

import json
import time
import tomllib
from pathlib import Path

from assistant.evaluation import suites
from assistant.evaluation.suites import EVALS, ProgressFn, SuiteResult

THRESHOLDS = EVALS / "thresholds.toml"


def load_thresholds(composer: str = "extractive") -> dict[str, dict[str, float]]:
    """The floors per suite. An LLM composer's sentences are its own, so its citation and
    numeric precision are gated too; an extractive answer's are 1.0 by construction."""
    with THRESHOLDS.open("rb") as handle:
        floors = tomllib.load(handle)
    llm_floors = floors.pop("grounding_llm", {})
    if composer == "llm":
        floors["grounding"] = {**floors.get("grounding", {}), **llm_floors}
    return floors


def failures(results: dict[str, dict[str, float]], thresholds: dict) -> list[str]:
    missed = []
    for suite, metric_values in results.items():
        for metric, minimum in thresholds.get(suite, {}).items():
            value = metric_values.get(metric)
            if value is None or value < minimum:
                missed.append(f"{suite}.{metric} = {value} < {minimum}")
    return missed


def run_baseline(assistant, split: str, progress: ProgressFn | None) -> dict:
    """Retrieval and grounding on the naive LangChain RAG, side by side with the project."""
    from assistant.evaluation.baseline import naive_pipeline
    from assistant.grounding import GroundingChecker

    retriever, pipeline = naive_pipeline(assistant)
    retrieval, _ = suites.retrieval_scores(
        lambda q: retriever.search(q, top_k=10),
        suites.load_items("retrieval.jsonl", split),
        suites.GoldSpans(assistant),
        progress,
        "baseline:retrieval",
    )
    grounding, _ = suites.grounding_scores(
        lambda q: pipeline.run(q).to_dict(),
        suites.load_items("grounding.jsonl", split),
        GroundingChecker(assistant.embedder),
        progress,
        "baseline:grounding",
    )
    return {"retrieval": retrieval, "grounding": grounding}


def run(
    assistant,
    names: list[str],
    out_dir: Path | None,
    split: str = "test",
    progress: ProgressFn | None = None,
    baseline: bool = True,
) -> tuple[dict, list[str]]:
    started = time.perf_counter()
    assistant.ensure_indexed()
    results: dict[str, SuiteResult] = {}
    for name in names:
        results[name] = suites.SUITES[name](assistant, split, progress)
    headline = {name: r.metrics for name, r in results.items()}
    missed = failures(headline, load_thresholds(assistant.settings.composer))
    report = {
        "suites": headline,
        "split": split,
        "thresholds_missed": missed,
        "extra": {name: r.extra for name, r in results.items() if r.extra},
        "seconds": round(time.perf_counter() - started, 1),
    }
    if baseline and {"retrieval", "grounding"} <= set(names):
        report["baseline"] = run_baseline(assistant, split, progress)
    if out_dir is not None:
        write_report(report, results, out_dir)
    return report, missed


def _worst(result: SuiteResult, key: str, n: int = 5) -> list[dict]:
    return sorted(result.items, key=lambda i: float(i.get(key, 0)))[:n]


def write_report(report: dict, results: dict[str, SuiteResult], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2))
    (out_dir / "items.json").write_text(
        json.dumps({name: r.items for name, r in results.items()}, indent=2, ensure_ascii=False)
    )
    (out_dir / "summary.md").write_text(render_markdown(report, results))
    write_chart(report, out_dir / "metrics.png")


def render_markdown(report: dict, results: dict[str, SuiteResult]) -> str:
    thresholds = load_thresholds()
    lines = [
        f"# Evaluation report ({report['split']} split)",
        "",
        "| suite | metric | value | threshold | |",
        "|---|---|---|---|---|",
    ]
    for suite, values in report["suites"].items():
        for metric, value in values.items():
            minimum = thresholds.get(suite, {}).get(metric)
            mark = "" if minimum is None else ("pass" if value >= minimum else "**MISS**")
            lines.append(f"| {suite} | {metric} | {value:.3f} | {minimum or ''} | {mark} |")
    if "baseline" in report:
        lines += [
            "",
            "## Project vs naive LangChain RAG",
            "",
            "| metric | project | baseline |",
            "|---|---|---|",
        ]
        for suite in ("retrieval", "grounding"):
            for metric, value in report["baseline"][suite].items():
                mine = report["suites"].get(suite, {}).get(metric)
                shown = f"{mine:.3f}" if mine is not None else ""
                lines.append(f"| {suite}.{metric} | {shown} | {value:.3f} |")
    fusion = report.get("extra", {}).get("retrieval", {}).get("fusion")
    if fusion:
        lines += [
            "",
            "## Retrieval modes",
            "",
            "| mode | recall@5 | recall@10 | mrr@10 | ndcg@10 |",
            "|---|---|---|---|---|",
        ]
        for mode, values in fusion.items():
            lines.append(
                f"| {mode} | "
                + " | ".join(
                    f"{values[k]:.3f}" for k in ("recall@5", "recall@10", "mrr@10", "ndcg@10")
                )
                + " |"
            )
    premises = report.get("extra", {}).get("refusal", {}).get("premises")
    if premises:
        lines += [
            "",
            "## Premise notes (reported, not gated)",
            "",
            f"- false premises flagged: {premises['false_premises_flagged']}",
            f"- flagged among the other refusal-set questions: "
            f"{premises['other_questions_flagged']} {premises['other_flagged_ids']} "
            "(a false alarm unless the question takes something untrue as given)",
        ]
    worst_keys = {
        "retrieval": "recall@5",
        "grounding": "fact_coverage",
        "refusal": "passed",
        "stages": "passed",
        "checker": "passed",
        "verdict": "passed",
    }
    for name, result in results.items():
        if name not in worst_keys:
            continue  # the claims suite's rows are listed in items.json
        worst = _worst(result, worst_keys[name])
        if not worst:
            continue
        lines += ["", f"## Worst {name} items", ""]
        for item in worst:
            brief = {
                k: v
                for k, v in item.items()
                if k not in ("answer_markdown", "fact_detail", "retrieved")
            }
            lines.append(f"- `{json.dumps(brief, ensure_ascii=False)[:400]}`")
    if report["thresholds_missed"]:
        lines += ["", "## Thresholds missed", ""] + [f"- {m}" for m in report["thresholds_missed"]]
    return "\n".join(lines) + "\n"


def write_chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    thresholds = load_thresholds()
    labels, values, floors = [], [], []
    for suite, metric_values in report["suites"].items():
        for metric, value in metric_values.items():
            labels.append(f"{suite}\n{metric}")
            values.append(value)
            floors.append(thresholds.get(suite, {}).get(metric, 0))
    fig, ax = plt.subplots(figsize=(max(6, len(labels) * 0.9), 4))
    colours = ["#2e7d32" if v >= f else "#c62828" for v, f in zip(values, floors)]
    ax.bar(range(len(values)), values, color=colours)
    ax.scatter(range(len(floors)), floors, marker="_", s=400, color="black", label="threshold")
    ax.set_xticks(range(len(labels)), labels, fontsize=7, rotation=45, ha="right")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right")
    ax.set_title(f"Evaluation metrics ({report['split']} split)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
