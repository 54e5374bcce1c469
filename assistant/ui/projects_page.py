"""Projects: what was promised for a subject, when, and how the dates moved (the tracker),
with the subject's ledger of potential, pipeline and delivered figures."""

from __future__ import annotations

import altair as alt
import streamlit as st

from assistant.tracker import Track
from assistant.ui.common import LEDGER_TITLES, get_assistant, md_escape, safe_link


def _overview() -> None:
    rows = get_assistant().tracked_projects()
    if not rows:
        st.info("No article gives a dated promise for any subject yet.")
        return
    st.markdown("**Every tracked subject**, the most slipped first")
    st.dataframe(
        rows,
        hide_index=True,
        column_config={"slipped_years": st.column_config.NumberColumn("slipped (years)")},
    )


def _ledger(track: Track) -> None:
    ledger = track.ledger()
    columns = st.columns(3)
    for column, (kind, title) in zip(columns, LEDGER_TITLES.items()):
        column.markdown(f"**{title}**")
        if not ledger[kind]:
            column.caption("nothing in the sources")
        for claim in ledger[kind][:8]:
            figure = _figure(claim)
            when = claim.get("period") or claim["citation"]["date"] or "undated"
            column.markdown(
                f"- {md_escape(figure)} · {md_escape(str(when))} · "
                f"{md_escape(claim['citation']['title'])}"
            )


def _figure(claim: dict) -> str:
    from assistant.claims import shown_figure

    measure = claim["measure"].replace("_", " ")
    if claim.get("value") is not None and claim.get("unit"):
        figure = f"{measure} {shown_figure(claim['value'], claim['unit'])}"
    else:
        figure = measure
    return f"{figure} {claim.get('material') or ''}".strip()


def _timeline(track: Track) -> None:
    """Each milestone's promised date against the date it was promised: a slip reads as a
    rising line. A point clicked opens the sentence that made the promise; every point is
    also listed below with its sentence."""
    promises = [(m, p) for m in track.milestones for p in m.promises if p.stated_on and p.due.start]
    if not promises:
        return
    points = [
        {
            "point": n,
            "milestone": m.name,
            "stated on": p.stated_on.isoformat(),
            "due": p.due.start.isoformat(),
            "due as written": p.due.label,
            "source": p.cited.title,
        }
        for n, (m, p) in enumerate(promises)
    ]
    pick = alt.selection_point(name="promise", fields=["point"])
    chart = (
        alt.Chart(alt.Data(values=points))
        .mark_line(point=alt.OverlayMarkDef(size=160, filled=True))
        .encode(
            x=alt.X("stated on:T", title="promised on"),
            y=alt.Y("due:T", title="promised for"),
            color=alt.Color("milestone:N"),
            tooltip=["milestone:N", "stated on:T", "due as written:N", "source:N"],
        )
        .add_params(pick)
        # SVG: each point is an element of the page, which a browser test can click
        .properties(usermeta={"embedOptions": {"renderer": "svg"}})
    )
    state = st.altair_chart(chart, use_container_width=True, on_select="rerun", key="timeline")
    chosen = [row.get("point") for row in (state.selection.get("promise") or [])]
    for n in chosen:
        if isinstance(n, int) and 0 <= n < len(promises):
            milestone, promise = promises[n]
            st.info(
                f"**{md_escape(milestone.name)}**, promised on {promise.stated_on.isoformat()} "
                f"for {md_escape(promise.due.label)}: “{md_escape(promise.cited.text)}” "
                f"({md_escape(promise.cited.title)})"
            )


def _milestones(track: Track) -> None:
    for milestone in track.milestones:
        slip = milestone.slipped_years
        head = f"{milestone.name}" + (f" · slipped {slip:g} years" if slip else "")
        st.markdown(f"**{md_escape(head)}**")
        for promise in milestone.promises:
            cited = promise.cited
            stated = promise.stated_on.isoformat() if promise.stated_on else "undated"
            with st.expander(f"promised on {stated} for {promise.due.label} · {cited.title}"):
                st.markdown(f":orange-background[{md_escape(cited.text)}]")
                st.caption(safe_link(cited.source or "source", cited.source))
        if milestone.achieved is not None:
            done = milestone.achieved
            st.markdown(
                f"- achieved {md_escape(done.claim.get('period') or '')}: "
                f"{md_escape(done.text)} ({md_escape(done.title)})"
            )


def render() -> None:
    st.title("Projects")
    st.caption(
        "What each source promised for a project and when it said so; a slip is a due date "
        "that moved later from one statement to the next. Built from the claims read at "
        "ingest, never from a sentence that says a project slipped."
    )
    subject = st.text_input("Subject (company, project or ticker)", key="project_subject")
    if not subject.strip():
        _overview()
        return
    track = get_assistant().track(subject)
    if track is None:
        st.warning(
            f"No article speaks of {md_escape(subject)}. Check the spelling or the Corpus page."
        )
        return
    st.subheader(track.subject)
    _ledger(track)
    if not track.milestones:
        st.info(
            f"The sources give no dated promise for {md_escape(track.subject)} "
            "(first production, commissioning, an investment decision, construction)."
        )
        return
    _timeline(track)
    _milestones(track)
