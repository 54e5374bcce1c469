"""Each page through Streamlit's AppTest, on the real corpus index."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

APP = str(REPO / "assistant" / "app.py")


@pytest.fixture
def app_env(monkeypatch, corpus_assistant):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.delenv("ASSISTANT_EDITOR_PASSWORD", raising=False)
    st.cache_resource.clear()
    yield monkeypatch
    st.cache_resource.clear()


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_chat_answers_with_citation_markers(app_env):
    at = _app()
    assert "Can Russia reach 10%" in "\n".join(b.label for b in at.button)
    at.chat_input[0].set_value("Is Brazil a major rare-earth supplier?").run()
    assert not at.exception, at.exception
    text = _markdown(at)
    assert "[1]" in text
    assert "Resource potential" in text
    assert any("Brazil" in e.label for e in at.expander)
    assert any("composer" in c.value for c in at.caption)


def test_chat_opens_with_the_verdict_and_groups_sources_by_article(app_env):
    at = _app()
    at.chat_input[0].set_value("How much NdPr oxide does Karrath Minerals produce?").run()
    assert not at.exception, at.exception
    text = _markdown(at)
    assert "**Verdict** · Karrath Minerals" in text
    assert "310 t NdPr oxide" in text  # the delivered line (its colon escaped)
    sources = [e for e in at.expander if e.label.startswith("[")]
    titles = [e.label.split("] ", 1)[-1] for e in sources if "] " in e.label]
    assert sources and len(titles) == len(set(titles)), [e.label for e in sources]


def test_chat_shows_how_the_answer_was_made(app_env):
    at = _app()
    at.chat_input[0].set_value("How much NdPr oxide does Karrath Minerals produce?").run()
    assert not at.exception, at.exception
    made = [e for e in at.expander if e.label == "How this answer was made"]
    assert len(made) == 1
    steps = [row for table in made[0].table for row in table.value["step"]]
    assert steps[:5] == ["sync_index", "read_question", "gate", "retrieve", "gather_evidence"]
    assert "annotate" in steps
    assert "Karrath" in "\n".join(m.value for m in made[0].markdown)


def test_chat_shows_how_a_question_was_read_when_it_was_rewritten(app_env):
    at = _app()
    at.chat_input[0].set_value("KRM NdPr output?").run()
    assert not at.exception, at.exception
    assert "Searched as: Karrath Minerals NdPr output?" in [c.value for c in at.caption]
    at.chat_input[0].set_value("Is Brazil a major rare-earth supplier?").run()
    assert not any("Searched as: Is Brazil" in c.value for c in at.caption)


def test_chat_says_when_no_sentence_gives_the_figure_asked_for(app_env):
    at = _app()
    at.chat_input[0].set_value("How much terbium does Karrath Minerals produce?").run()
    assert not at.exception, at.exception
    notes = [i.value for i in at.info]
    assert any("gives a figure for terbium naming Karrath Minerals" in n for n in notes), notes
    at.chat_input[0].set_value("How much NdPr oxide does Karrath Minerals produce?").run()
    assert not any("figure for NdPr" in i.value for i in at.info)


def test_chat_refusal_says_why(app_env):
    at = _app()
    at.chat_input[0].set_value("What is the weather in Paris?").run()
    assert "corpus does not show" in at.warning[0].value.lower()


def _corpus_page():
    from assistant.ui import corpus_page

    corpus_page.render()


def _evaluation_page():
    from assistant.ui import evaluation_page

    evaluation_page.render()


def _supply_map():
    from assistant.ui import supply_map

    supply_map.render()


def _projects_page():
    from assistant.ui import projects_page

    projects_page.render()


def _page(script) -> AppTest:
    at = AppTest.from_function(script, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_corpus_page_is_read_only_without_a_password(app_env):
    at = _page(_corpus_page)
    assert "Editing is off" in at.info[0].value
    assert "ASSISTANT_EDITOR_PASSWORD" in at.info[0].value
    assert not [b for b in at.button if "Delete" in b.label]
    assert len(at.dataframe) == 1  # browsing still works


def test_corpus_page_rejects_a_wrong_password_and_ingests_with_the_right_one(app_env, tmp_path):
    app_env.setenv("ASSISTANT_EDITOR_PASSWORD", "s3cret-editor")
    at = _page(_corpus_page)
    at.text_input[0].set_value("wrong").run()
    at.button[0].click().run()
    assert "Wrong password" in at.error[0].value
    at.text_input[0].set_value("s3cret-editor").run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    labels = [t.label for t in at.text_input]
    at.text_input[labels.index("Title")].set_value("Pasted Tarrow Ridge note")
    at.text_input[labels.index("Source URL")].set_value("https://example.com/tarrow")
    at.text_area[0].set_value(
        "Tarrow Ridge Minerals reported an inferred resource of 12 Mt at 2.1% TREO in 2026. "
        "Tarrow Ridge Minerals has not produced any rare-earth concentrate."
    )
    submit = next(b for b in at.button if b.label == "Add pasted article")
    submit.click().run()
    assert not at.exception, at.exception
    assert any("added 1" in s.value for s in at.success), [e.value for e in at.error]
    from assistant.service import Assistant
    from assistant.settings import Settings

    docs = {d["doc_id"] for d in Assistant(Settings()).list_documents()}
    assert "pasted-tarrow-ridge-note" in docs
    Assistant(Settings()).remove_document("pasted-tarrow-ridge-note")


def test_an_editor_sees_what_was_read_from_an_article_and_corrects_it(app_env, tmp_path):
    """A page saved as text has no front matter: its title, date and subjects are read
    from it, shown as such, and an editor's correction is kept beside it and re-indexed."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    saved = tmp_path / "brackwater-note.txt"
    saved.write_text(
        "Brackwater Minerals starts Tennick Flats concentrator\n\n"
        "March 4, 2026\n\n"
        "Brackwater Minerals said on Tuesday it had made its first concentrate at Tennick "
        "Flats. The company expects to ship 300 t in the June quarter.\n",
        encoding="utf-8",
    )
    Assistant(Settings()).ingest([saved])
    app_env.setenv("ASSISTANT_EDITOR_PASSWORD", "s3cret-editor")
    at = _page(_corpus_page)
    at.text_input[0].set_value("s3cret-editor").run()
    at.button[0].click().run()
    table = at.dataframe[0].value
    row = table[table["doc_id"] == "brackwater-note"].iloc[0]
    assert row["date"] == "2026-03-04"
    assert "date" in row["read from the text"] and "Brackwater Minerals" in row["subjects"]
    at.selectbox[0].set_value("brackwater-note").run()
    labels = [t.label for t in at.text_input]
    at.text_input[labels.index("Date (YYYY-MM-DD)")].set_value("2026-03-03")
    next(b for b in at.button if b.label == "Save and re-index").click().run()
    assert not at.exception, at.exception
    assert any("updated 1" in s.value for s in at.success), [e.value for e in at.error]
    assert (tmp_path / "brackwater-note.txt.meta.yaml").exists()
    record = next(
        d for d in Assistant(Settings()).list_documents() if d["doc_id"] == "brackwater-note"
    )
    assert record["date"] == "2026-03-03" and "date" not in (record.get("derived") or [])
    Assistant(Settings()).remove_document("brackwater-note")


def test_supply_map_renders_shares_with_sources(app_env):
    at = _page(_supply_map)
    assert "Sources:" in at.caption[0].value and "USGS" in at.caption[0].value
    table = at.dataframe[0].value
    brazil = table[table["country"] == "Brazil"].iloc[0]
    assert brazil["reserve_share"] > 10 > brazil["production_share"]


def test_evaluation_page_runs_a_suite_and_shows_failures(app_env):
    at = _page(_evaluation_page)
    at.multiselect[0].set_value(["stages"]).run()
    next(b for b in at.button if b.label == "Run selected suites").click().run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert "macro_f1" in set(table["metric"])
    assert at.selectbox[0].value == "stages"


def test_browser_sessions_keep_their_own_history(app_env):
    first, second = _app(), _app()
    first.chat_input[0].set_value("Is Brazil a major rare-earth supplier?").run()
    second.chat_input[0].set_value("How far along is Corvale's Geraldton refinery?").run()
    first_history = [t["question"] for t in first.session_state["history"]]
    second_history = [t["question"] for t in second.session_state["history"]]
    assert first_history == ["Is Brazil a major rare-earth supplier?"]
    assert second_history == ["How far along is Corvale's Geraldton refinery?"]


def test_app_shows_a_clear_error_when_the_chroma_server_is_down(app_env):
    from tests.conftest import free_port

    app_env.setenv("CHROMA_HOST", "127.0.0.1")
    app_env.setenv("CHROMA_PORT", str(free_port()))  # nothing listens there
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert "cannot reach its index" in at.error[0].value
    assert "is not answering" in at.error[0].value


def test_projects_page_shows_slips_a_ledger_and_clear_messages(app_env):
    at = _page(_projects_page)
    overview = at.dataframe[0].value
    assert len(overview) >= 6 and overview["slipped_years"].iloc[0] >= 1.0
    at.text_input[0].set_value("Eneabba").run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Eneabba"
    text = "\n".join(m.value for m in at.markdown)
    assert "Delivered" in text and "slipped 2 years" in text  # 2025 -> 2027
    assert any("2027" in e.label for e in at.expander)  # each point opens its sentence
    at.text_input[0].set_value("Zzyzx Minerals").run()
    assert "No article speaks of" in at.warning[0].value
    at.text_input[0].set_value("Karrath Minerals").run()
    assert "no dated promise" in at.info[0].value
