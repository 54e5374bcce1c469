"""What every page shares: the process-wide Assistant and small rendering helpers."""

from __future__ import annotations

import streamlit as st

from assistant.service import Assistant
from assistant.settings import Settings


@st.cache_resource(show_spinner="Loading the index and the encoder…")
def get_assistant() -> Assistant:
    """One service object per server process; it is thread-safe, sessions share it."""
    assistant = Assistant(Settings())
    assistant.ensure_indexed()
    return assistant
