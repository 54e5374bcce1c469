"""What every page shares: the process-wide Assistant and safe rendering of corpus text.

Corpus text is data from editors and the web: it never passes through ``unsafe_allow_html``,
Markdown control characters are escaped, and only http(s) links are rendered as links."""

from __future__ import annotations

import re

import streamlit as st

from assistant.service import Assistant
from assistant.settings import Settings

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# the ledger's columns in reading order: what is only potential, being built, delivered
LEDGER_TITLES = {"potential": "Potential", "pipeline": "Pipeline", "delivered": "Delivered"}
STAGE_BADGE_COLOURS = {
    "resource_potential": "blue",
    "pipeline": "orange",
    "deliverable_supply": "green",
    "constraints": "red",
    "bottom_line": "gray",
}


@st.cache_resource(
    show_spinner="Loading the index and the encoder (the first start exports it, about 15 s)…"
)
def get_assistant() -> Assistant:
    """One service object per server process; it is thread-safe, sessions share it."""
    assistant = Assistant(Settings(), role="app")
    assistant.ensure_indexed()
    assistant.warm()  # the first investor's answer is as fast as the later ones
    return assistant


def md_escape(text: str) -> str:
    """Render ``text`` literally inside Markdown (no links, no emphasis, no HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def safe_link(label: str, url: str) -> str:
    """A Markdown link only for http(s) URLs; anything else is shown as plain text."""
    if re.match(r"^https?://[^\s()<>\"']+$", url or ""):
        return f"[{md_escape(label)}]({url})"
    return md_escape(label)


def badge(label: str, colour: str) -> str:
    return f":{colour}-badge[{md_escape(label)}]"
