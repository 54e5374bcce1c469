"""Editors' corpus console: add, inspect and remove documents (password-gated)."""

from __future__ import annotations

import hmac
from pathlib import Path

import streamlit as st

from assistant.ingest import WriterBusy
from assistant.loaders import RejectedFile, write_corrections
from assistant.ui.common import get_assistant, md_escape
from assistant.uploads import pasted_article, store_upload


def password_ok(entered: str, expected: str) -> bool:
    """Constant-time comparison, so response time says nothing about the password."""
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def _gate() -> bool:
    secret = get_assistant().settings.editor_password
    if secret is None or not secret.get_secret_value():
        st.info(
            "Editing is off. Set `ASSISTANT_EDITOR_PASSWORD` in the server's environment "
            "and restart the app to turn it on. Browsing stays available below."
        )
        return False
    if st.session_state.get("editor"):
        return True
    entered = st.text_input("Editor password", type="password")
    if st.button("Unlock editing"):
        if password_ok(entered, secret.get_secret_value()):
            st.session_state["editor"] = True
            st.rerun()
        st.error("Wrong password.")
    return False


def _ingest(paths, label: str) -> None:
    assistant = get_assistant()
    bar = st.progress(0.0, text=f"Indexing {label}…")

    def progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"Indexing {done}/{total}: {path.split('/')[-1]}")

    def waiting(holder: str) -> None:
        bar.progress(0.0, text=f"Waiting for {holder}, which is changing the corpus…")

    try:
        report = assistant.ingest(paths, progress=progress, on_wait=waiting)
    except WriterBusy as exc:
        st.error(str(exc))
        return
    bar.empty()
    found = {d.get("path"): d for d in assistant.list_documents()}
    rows = [
        {"file": path.split("/")[-1], "outcome": outcome, "detail": detail, **_read(found, path)}
        for path, outcome, detail in report.outcomes
    ]
    st.table(rows)  # a plain table: every reason stays readable and selectable
    if any(row["read from the text"] for row in rows):
        st.caption(
            "Title, date or subjects marked as read from the text were found by the reader, "
            "not given by the article: check them, and correct a wrong one under Documents."
        )
    summary = report.summary()
    st.success(
        f"added {summary['added']}, updated {summary['updated']}, unchanged "
        f"{summary['unchanged']}, rejected {len(summary['rejected'])}"
    )


def _read(found: dict[str, dict], path: str) -> dict:
    """What indexing read for a file: its title, date and subjects, and which of them came
    from its text rather than its front matter."""
    record = found.get(path) or found.get(str(path)) or {}
    return {
        "title": record.get("title", ""),
        "date": record.get("date", "") or "none found",
        "subjects": ", ".join(_listed(record.get("companies"))),
        "read from the text": ", ".join(_listed(record.get("derived"))),
    }


def _listed(value) -> list[str]:
    if not value:
        return []
    return value if isinstance(value, list) else [v for v in str(value).split("|") if v]


def _correct(record: dict) -> None:
    """An editor's correction of an indexed article's title, date or subjects: kept next to
    the article (``article.ext.meta.yaml``) and the article indexed again."""
    path = Path(record.get("path") or "")
    if not path.is_file():
        st.caption("The file this document was indexed from is not on this machine.")
        return
    with st.form(f"correct-{record['doc_id']}"):
        st.markdown("**Correct title, date or subjects**")
        title = st.text_input("Title", value=record.get("title", ""))
        date = st.text_input("Date (YYYY-MM-DD)", value=record.get("date", ""))
        subjects = st.text_input(
            "Subjects (comma-separated)", value=", ".join(_listed(record.get("companies")))
        )
        if st.form_submit_button("Save and re-index"):
            try:
                write_corrections(path, title, date or None, subjects.split(","))
            except RejectedFile as exc:
                st.error(str(exc))
                return
            _ingest([path], path.name)


def _add_documents() -> None:
    uploads_dir = get_assistant().settings.uploads_dir
    st.subheader("Add documents")
    files = st.file_uploader(
        "Upload articles", type=["md", "txt", "html", "htm", "pdf"], accept_multiple_files=True
    )
    if files and st.button(f"Index {len(files)} file(s)"):
        paths = [store_upload(uploads_dir, f.name, f.getvalue()) for f in files]
        _ingest(paths, f"{len(paths)} file(s)")
    with st.form("paste", clear_on_submit=True):
        st.markdown("**…or paste an article**")
        title = st.text_input("Title")
        date = st.date_input("As-of date", value=None)
        source = st.text_input("Source URL")
        text = st.text_area("Text", height=200)
        if st.form_submit_button("Add pasted article"):
            if not title.strip() or not text.strip():
                st.error("A pasted article needs a title and text.")
            else:
                name, data = pasted_article(title, date, source, text)
                _ingest([store_upload(uploads_dir, name, data)], name)


def _browse(editing: bool) -> None:
    assistant = get_assistant()
    st.subheader("Documents")
    docs = assistant.list_documents()
    query = st.text_input("Filter by id, title or tag").strip().lower()
    if query:
        docs = [
            d
            for d in docs
            if query in d["doc_id"]
            or query in d.get("title", "").lower()
            or any(query in t.lower() for t in d.get("tags", []))
        ]
    st.dataframe(
        [
            {
                "doc_id": d["doc_id"],
                "title": d.get("title", ""),
                "date": d.get("date", ""),
                "subjects": ", ".join(_listed(d.get("companies"))),
                "read from the text": ", ".join(_listed(d.get("derived"))),
                "chunks": d.get("n_chunks", 0),
            }
            for d in docs
        ],
        hide_index=True,
        width="stretch",
    )
    if not docs:
        return
    chosen = st.selectbox("Open a document", [d["doc_id"] for d in docs])
    for _, text, meta in assistant.document_chunks(chosen):
        with st.expander(f"chunk {meta.get('position')} · {meta.get('heading') or 'no heading'}"):
            st.markdown(md_escape(text))
    if editing:
        _correct(next(d for d in docs if d["doc_id"] == chosen))
        confirm = st.checkbox(f"Yes, delete '{chosen}' and all its chunks")
        if st.button("Delete document", disabled=not confirm, type="primary"):
            try:
                assistant.remove_document(chosen)
            except WriterBusy as exc:
                st.error(str(exc))
            else:
                st.success(f"Removed {chosen}.")
                st.rerun()


def _last_change() -> None:
    """When the index last changed and by whom: an upload here, the CLI, another replica."""
    state = get_assistant().corpus_state()
    if state["version"] == "empty":
        st.caption("The index is empty.")
        return
    when = state["changed_at"] or "an unrecorded time"
    who = state["changed_by"] or "an unrecorded writer"
    st.caption(
        f"Index last changed {md_escape(when)} by {md_escape(who)} · corpus version "
        f"`{state['version'][:12]}`"
    )


def render() -> None:
    st.title("Corpus")
    _last_change()
    editing = _gate()
    if editing:
        _add_documents()
    _browse(editing)
