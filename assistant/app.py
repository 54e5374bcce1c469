"""Streamlit entry point: ``streamlit run assistant/app.py``. Pages live in ``assistant/ui``;
this file only wires navigation around the one shared ``Assistant`` per server process."""

from __future__ import annotations

import streamlit as st

from assistant.ui import chat, corpus_page, evaluation_page, projects_page, supply_map
from assistant.ui.common import get_assistant

st.set_page_config(page_title="Rare-earth supply assistant", page_icon="⛏️", layout="wide")

try:
    get_assistant()
except Exception as exc:  # e.g. the configured Chroma server is down: say so, no traceback
    st.error(
        f"The assistant cannot reach its index: {exc}. If you use a Chroma server, check "
        "CHROMA_HOST/CHROMA_PORT and that the server is running, then reload the page."
    )
    st.stop()

st.navigation(
    [
        st.Page(chat.render, title="Ask", icon="💬", url_path="chat", default=True),
        st.Page(corpus_page.render, title="Corpus", icon="📚", url_path="corpus"),
        st.Page(evaluation_page.render, title="Evaluation", icon="📏", url_path="evaluation"),
        st.Page(projects_page.render, title="Projects", icon="📅", url_path="projects"),
        st.Page(supply_map.render, title="Supply map", icon="🗺️", url_path="supply-map"),
    ]
).run()
