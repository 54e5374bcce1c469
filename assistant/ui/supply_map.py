"""Share of world reserves against share of world mine production, by country: resource
potential against deliverable supply at a glance."""

from __future__ import annotations

import csv

import altair as alt
import streamlit as st

from assistant.settings import Settings

DATA_FILE = "usgs_mine_production_reserves.csv"


def load_shares(year: str) -> tuple[list[dict], list[str]]:
    path = Settings().corpus_dir / "data" / DATA_FILE
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["year"] == year]
    world = next(r for r in rows if r["country"] == "World")
    production = float(world["mine_production_t_reo"] or 0)
    reserves = float(world["reserves_t_reo"] or 0)
    shares = []
    for r in rows:
        if r["country"] == "World" or not (r["mine_production_t_reo"] or r["reserves_t_reo"]):
            continue
        shares.append(
            {
                "country": r["country"],
                "production_share": float(r["mine_production_t_reo"] or 0) / production * 100,
                "reserve_share": float(r["reserves_t_reo"] or 0) / reserves * 100,
                "production_t": r["mine_production_t_reo"] or "n/a",
                "reserves_t": r["reserves_t_reo"] or "n/a",
            }
        )
    sources = sorted({f"{r['source']} ({r['source_url']})" for r in rows})
    return shares, sources


def render() -> None:
    st.title("Supply map: reserves vs production")
    year = st.radio(
        "Data year (USGS edition)",
        ["2024", "2023"],
        horizontal=True,
        format_func=lambda y: f"{y} (MCS {int(y) + 1})",
    )
    shares, sources = load_shares(year)
    points = (
        alt.Chart(alt.Data(values=shares))
        .mark_circle(size=120)
        .encode(
            x=alt.X("reserve_share:Q", title="Share of world reserves (%)"),
            y=alt.Y("production_share:Q", title="Share of world mine production (%)"),
            tooltip=["country:N", "production_t:N", "reserves_t:N"],
        )
    )
    labels = points.mark_text(align="left", dx=7).encode(text="country:N")
    diagonal = (
        alt.Chart(alt.Data(values=[{"x": 0, "y": 0}, {"x": 75, "y": 75}]))
        .mark_line(strokeDash=[4, 4], color="gray")
        .encode(x="x:Q", y="y:Q")
    )
    st.altair_chart(points + labels + diagonal, width="stretch")
    st.caption(
        "Above the dashed line a country produces more than its reserve share (deliverable "
        "supply); below it, potential outweighs output (e.g. Brazil, Vietnam). USGS reserves "
        "are national estimates, not JORC Ore Reserves. Sources: " + "; ".join(sources)
    )
    st.dataframe(shares, hide_index=True, width="stretch")
