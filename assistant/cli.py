"""Command line: ``python -m assistant [--data-dir DIR] COMMAND``. A thin layer over the
``Assistant`` service; exit codes follow DESIGN.md (0 ok, 2 usage, 3 some inputs rejected)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
docs_app = typer.Typer(no_args_is_help=True, help="List or remove indexed documents.")
app.add_typer(docs_app, name="docs")
err = Console(stderr=True)
console = Console()

EXIT_USAGE = 2
EXIT_REJECTED = 3


def _assistant(ctx: typer.Context):
    from assistant.service import Assistant
    from assistant.settings import Settings

    if ctx.obj is None:
        ctx.obj = Assistant(Settings(), role="cli")
    return ctx.obj


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Index and caches (env ASSISTANT_DATA_DIR)."),
    ] = None,
) -> None:
    if data_dir is not None:
        os.environ["ASSISTANT_DATA_DIR"] = str(data_dir.resolve())


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.md .txt .html .pdf).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON summary.")] = False,
) -> None:
    """Index articles; unchanged files are skipped, changed ones replaced."""
    from assistant.ingest import WriterBusy

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[red]No such file or folder:[/red] {', '.join(missing)}")
        raise typer.Exit(EXIT_USAGE)
    assistant = _assistant(ctx)
    if not as_json:
        with err.status("Loading the encoder (the first run exports it to ONNX, about 15 s)"):
            assistant.embedder.embed(["warm up"])
    try:
        with _progress(enabled=not as_json and sys.stderr.isatty()) as update:
            report = assistant.ingest(paths, progress=update, on_wait=_say_waiting)
    except WriterBusy as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    summary = report.summary()
    if as_json:
        print(json.dumps(summary))
    else:
        console.print(
            f"added {summary['added']}, updated {summary['updated']}, "
            f"unchanged {summary['unchanged']}, skipped {len(summary['skipped'])}, "
            f"rejected {len(summary['rejected'])} ({report.chunks_written} chunks written)"
        )
        for path in summary["skipped"]:
            console.print(f"  skipped  {path}")
        for item in summary["rejected"]:
            console.print(f"  [red]rejected[/red] {item['path']}: {item['reason']}")
    if summary["rejected"]:
        raise typer.Exit(EXIT_REJECTED)


def _say_waiting(holder: str) -> None:
    err.print(f"waiting for {holder}, which is changing the corpus; this one will follow")


class _progress:
    """A rich progress bar on a terminal; silent otherwise (JSON output, pipes, CI logs)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Progress | None = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        self.bar = Progress(
            TextColumn("indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("", total=None)

        def update(done: int, total: int, path: str) -> None:
            self.bar.update(self.task, completed=done, total=total, description=Path(path).name)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@docs_app.command("list")
def docs_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List indexed documents."""
    docs = _assistant(ctx).list_documents()
    if as_json:
        print(json.dumps(docs))
        return
    table = Table("doc_id", "title", "date", "chunks")
    for d in docs:
        table.add_row(
            d["doc_id"], d.get("title", ""), d.get("date", ""), str(d.get("n_chunks", ""))
        )
    console.print(table)
    console.print(f"{len(docs)} documents")


@docs_app.command("remove")
def docs_remove(ctx: typer.Context, doc_id: str) -> None:
    """Remove a document and all its chunks."""
    from assistant.ingest import WriterBusy

    try:
        removed = _assistant(ctx).remove_document(doc_id, on_wait=_say_waiting)
    except WriterBusy as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    if not removed:
        err.print(f"[red]No document with id '{doc_id}'[/red] (see `docs list`)")
        raise typer.Exit(1)
    console.print(f"removed {doc_id}")


@app.command()
def ask(
    ctx: typer.Context,
    questions: Annotated[list[str], typer.Argument(help="One or more questions.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    trace: Annotated[
        bool, typer.Option("--trace", help="Add each pipeline step's output and time.")
    ] = False,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Print all the evidence, not only the six most telling."),
    ] = False,
) -> None:
    """Answer questions from the indexed corpus, with citations."""
    from assistant.answer import with_more_evidence

    assistant = _assistant(ctx)
    for question in questions:
        answer = assistant.ask(question, trace=trace)
        if as_json:
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        else:
            console.rule(question)
            searched = answer.get("condensed_question") or question
            if searched != question.strip():  # tickers spelled out, typos corrected
                console.print(f"Searched as: {searched}", markup=False, style="dim")
            markdown = answer["answer_markdown"]
            if show_all:
                markdown = with_more_evidence(markdown, answer["evidence_more"])
            console.print(markdown, markup=False)
            console.print(
                f"[dim]{answer['composer']} composer, {answer['elapsed_ms']:.0f} ms[/dim]"
            )
            for step in answer.get("trace") or []:
                console.print(f"  {step['step']:<18} {step['ms']:>8.1f} ms", style="dim")


@app.command("track")
def track_subject(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(help="A company, project or ticker.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """What was promised for a subject, when, and how the dates moved; its ledger."""
    found = _assistant(ctx).track(subject)
    if found is None:
        err.print(f"[red]No article speaks of '{subject}'[/red] (see `docs list`)")
        raise typer.Exit(3)
    if as_json:
        print(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    console.rule(found.subject)
    for kind, claims in found.ledger().items():
        console.print(f"{kind}: {len(claims)} figures or statuses", style="bold")
        for claim in claims[:6]:
            c = claim["citation"]
            console.print(
                f"  {claim['measure']} {claim.get('value') or ''} {claim.get('unit') or ''} "
                f"{claim.get('period') or ''} - {c['title']} ({c['date'] or 'undated'})",
                markup=False,
            )
    if not found.milestones:
        console.print("The sources give no dated promise for this subject.")
    for milestone in found.milestones:
        slip = milestone.slipped_years
        console.print(
            f"{milestone.name}" + (f": slipped {slip:g} years" if slip else ""),
            style="bold",
            markup=False,
        )
        for promise in milestone.promises:
            stated = promise.stated_on.isoformat() if promise.stated_on else "undated"
            console.print(
                f"  promised on {stated} for {promise.due.label} - {promise.cited.title}",
                markup=False,
            )
        done = milestone.achieved
        if done is not None:
            console.print(
                f"  achieved {done.claim.get('period') or ''} - {done.title}", markup=False
            )


SUITE_NAMES = ("retrieval", "grounding", "refusal", "stages", "checker", "claims", "verdict")


@app.command("eval")
def evaluate(
    ctx: typer.Context,
    suites: Annotated[
        list[str] | None, typer.Argument(help=f"Suites to run (default all): {SUITE_NAMES}")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write the report here.")] = None,
    split: Annotated[str, typer.Option(help="test (gates), dev (tuning) or all.")] = "test",
    baseline: Annotated[bool, typer.Option(help="Also run the naive LangChain RAG.")] = True,
) -> None:
    """Run the evaluation suites; exit 1 when a metric misses its threshold."""
    from assistant.evaluation import runner

    names = list(suites or SUITE_NAMES)
    unknown = [n for n in names if n not in SUITE_NAMES]
    if unknown or split not in ("test", "dev", "all"):
        err.print(
            f"[red]Unknown suite or split:[/red] {unknown or split}; "
            f"choose from {', '.join(SUITE_NAMES)} and test/dev/all"
        )
        raise typer.Exit(EXIT_USAGE)
    with _suite_progress(enabled=sys.stderr.isatty()) as update:
        report, missed = runner.run(_assistant(ctx), names, out, split, update, baseline)
    if as_json:
        print(
            json.dumps(
                {
                    "suites": report["suites"],
                    "split": split,
                    "thresholds_missed": missed,
                    **({"baseline": report["baseline"]} if "baseline" in report else {}),
                }
            )
        )
    else:
        table = Table("suite", "metric", "value")
        for suite, values in report["suites"].items():
            for metric, value in values.items():
                table.add_row(suite, metric, f"{value:.3f}")
        console.print(table)
        for line in missed:
            err.print(f"[red]missed:[/red] {line}")
        if out:
            console.print(f"report written to {out}")
    if missed:
        raise typer.Exit(1)


@app.command("fit-models")
def fit_models(ctx: typer.Context) -> None:
    """Refit the shipped stage and modality models on their labelled dev sets."""
    from assistant.embeddings import get_embedder
    from assistant.modality_fit import fit_shipped
    from assistant.settings import REPO_ROOT
    from assistant.stages import SHIPPED_MODEL, StageClassifier, load_labelled

    settings = _assistant(ctx).settings
    train_path = REPO_ROOT / "evals" / "stages" / "dev.jsonl"
    # fp32: the same vectors, to rounding, on every CPU, so the fit is reproducible
    embedder = get_embedder("onnx", settings.encoder_cache_dir, settings.embed_batch_size)
    classifier = StageClassifier(embedder, train_path, settings=settings.stage_model)
    classifier.fit(load_labelled(train_path)).save(SHIPPED_MODEL)
    console.print(f"stage model written to {SHIPPED_MODEL}")
    modality = fit_shipped(embedder, settings.claims_model)
    console.print(f"modality model fitted on {modality.recipe['training_set']}")


class _suite_progress(_progress):
    def __enter__(self):
        if not self.enabled:
            return None
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self.bar.__enter__()
        tasks: dict[str, object] = {}

        def update(suite: str, done: int, total: int) -> None:
            if suite not in tasks:
                tasks[suite] = self.bar.add_task(suite, total=total)
            self.bar.update(tasks[suite], completed=done, total=total)

        return update


def streamlit_command(port: int, address: str | None = None) -> list[str]:
    """The command that serves the app: used by `serve`, the browser tests and the load run."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(Path(__file__).with_name("app.py")),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    return command + (["--server.address", address] if address else [])


@app.command()
def serve(port: Annotated[int, typer.Option(help="Port for the Streamlit app.")] = 8501) -> None:
    """Start the Streamlit app (the same as `make run`)."""
    import subprocess

    raise typer.Exit(subprocess.call(streamlit_command(port)))


def main() -> None:
    app()
