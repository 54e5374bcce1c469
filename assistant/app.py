"""Streamlit entry point: ``streamlit run assistant/app.py``. Pages live in ``assistant/ui``;
this file only wires navigation and the one shared ``Assistant`` per server process."""

from __future__ import annotations

import streamlit as st

from assistant.ui import chat
from assistant.ui.common import get_assistant

st.set_page_config(page_title="Rare-earth supply assistant", page_icon="⛏️", layout="wide")

pages = [st.Page(chat.render, title="Ask", icon="💬", url_path="chat", default=True)]
for module_name, title, icon, path in [
    ("corpus_page", "Corpus", "📚", "corpus"),
    ("evaluation_page", "Evaluation", "📏", "evaluation"),
    ("supply_map", "Supply map", "🗺️", "supply-map"),
]:
    try:
        module = __import__(f"assistant.ui.{module_name}", fromlist=["render"])
    except ImportError:
        continue
    pages.append(st.Page(module.render, title=title, icon=icon, url_path=path))

get_assistant()
st.navigation(pages).run()
