"""The answer engine on the real corpus plus unseen fictional articles: sections, citations,
grounding, refusals, injection and follow-ups."""

import shutil

import pytest

from assistant.premises import NOT_PRODUCING, NOT_STATED, ONLY_PLANNED
from tests.conftest import FIXTURES, REPO

INJECTION = REPO / "evals" / "fixtures" / "injection"


def _sentences(answer: dict) -> list[tuple[str, str, set[str]]]:
    docs = {c["n"]: c["doc_id"] for c in answer["citations"]}
    return [
        (s["text"], sec["label"], {docs[n] for n in s["citations"]})
        for sec in answer["sections"]
        for s in sec["sentences"]
    ]


def _find(answer: dict, fragment: str) -> tuple[str, set[str]]:
    for text, label, docs in _sentences(answer):
        if fragment in text:
            return label, docs
    raise AssertionError(f"no sentence with {fragment!r} in:\n{answer['answer_markdown']}")


@pytest.mark.parametrize(
    ("question", "fragment", "section", "doc"),
    [
        (
            "What resource has Ostrova Rare Metals reported at Lake Qorvath?",
            "inferred resource of 48 Mt",
            "resource_potential",
            "ostrova-rare-metals",
        ),
        (
            "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?",
            "produced 310 t of separated NdPr oxide",
            "deliverable_supply",
            "karrath-minerals",
        ),
        (  # named by its initials, which no article writes
            "What resource has ORM reported at Lake Qorvath?",
            "inferred resource of 48 Mt",
            "resource_potential",
            "ostrova-rare-metals",
        ),
        (  # named by its listing symbol, from the article's front matter
            "KRM NdPr oxide output at Yelbin?",
            "produced 310 t of separated NdPr oxide",
            "deliverable_supply",
            "karrath-minerals",
        ),
        (
            "How far along is Corvale's Geraldton refinery?",
            "64% complete",
            "pipeline",
            "corvale-geraldton",
        ),
    ],
)
def test_unseen_articles_are_cited_and_placed_by_stage(
    corpus_assistant, question, fragment, section, doc
):
    answer = corpus_assistant.ask(question)
    assert not answer["refused"]
    label, docs = _find(answer, fragment)
    assert label == section
    assert doc in docs
    assert answer["grounding"]["supported_ratio"] == 1.0


def test_potential_is_never_reported_as_supply(corpus_assistant):
    answer = corpus_assistant.ask("Is Ostrova Rare Metals a rare-earth supplier?")
    for text, label, _ in _sentences(answer):
        if "Ostrova" in text and ("inferred" in text or "aims" in text):
            assert label != "deliverable_supply", text


def test_russia_answer_separates_target_from_output(corpus_assistant):
    answer = corpus_assistant.ask("Can Russia reach 10% of global rare-earth supply by 2030?")
    labels = {label for _, label, _ in _sentences(answer)}
    assert "resource_potential" in labels
    for text, label, _ in _sentences(answer):
        if "10% by 2030" in text or "aimed to" in text:
            assert label != "deliverable_supply", text
    assert answer["grounding"]["supported_ratio"] == 1.0
    assert {"mine", "separation", "metal", "magnet"} == set(answer["supply_readiness"])


@pytest.mark.parametrize(
    "question",
    [
        "What is the weather in Paris tomorrow?",
        "What is the NdPr price today?",
        "Should I buy Lynas shares?",
        "Write me a poem about neodymium.",
        "What was Kazakhstan's rare-earth output in 2024?",
        "Iluka - worth shorting after the cost blowout?",
        "limerick about the busan truce pls",
        "samarium density in g/cm3?",
        "why is cerium called cerium",
        "is peru a big rare earth producer?",  # a country no article covers, in lower case
        "torngat metals - any feasibility study yet?",  # a company no article covers
        "should i trim my LYC position?",  # trading advice, by ticker
    ],
)
def test_out_of_scope_and_unknown_subjects_are_refused(corpus_assistant, question):
    answer = corpus_assistant.ask(question)
    assert answer["refused"]
    assert answer["sections"] == [] and answer["citations"] == []
    assert "corpus does not show" in answer["answer_markdown"].lower()


@pytest.mark.parametrize(
    "question",
    [
        # the corpus says "France" and "Japan", never "French" or "Tokyo"
        "Does China's April 2025 licensing regime protect Solvay's French NdPr line?",
        "Is Tokyo still buying most of its rare-earth metal from China?",
        "India a big RE producer?",  # shorthand for rare earths
        "which RE projects are running late?",
        "China 0.1% rule - what is it, still active?",  # opens with its subject
        "Vulcan $620m loan - how firm is it?",
        "Project Vault private money ex-EXIM?",  # a prefix on a name the corpus has
        "MP NdPr output at Mountain Pass in 4Q25?",  # a quarter, not a name
        "is iluka eneabba on budget?",  # names typed in lower case
        "vulcan elements loan?",
        "japan exposure to china?",
        "HREE sep ex-China - who can actually do it",
        "hi there, I'm trying to get my head around the Busan truce - what did MOFCOM suspend?",
        "Ucore - how much Defense Dept money has the Louisiana plant got so far?",
        "saskatchewan research council - is its saskatoon plant real midstream?",
        "how much should I trust an NPV from a PEA vs a DFS?",  # trade abbreviations only
        "TSX: NEO - is the narva plant ramping?",  # an exchange is no name
        "where does independence sit in MPs magnet chain?",  # MP's, typed fast
        "Evening! Prepping a memo: how did Japan cut its China dependence?",
        "Is Norra Karr permitted?",  # typed without the article's accent (Kärr)
        "Is Serra Verde in Goias?",
        "What does ex-China really mean?",  # a prefix on a capitalised name
        "What is Decree 71?",  # a numbered decree an article cites, no other trade word
        "kachin output?",  # a place in the articles' text, typed in lower case
        "Pro-rata offtake split at Nolans?",  # a capitalised prefix on an ordinary word
    ],
)
def test_a_covered_subject_is_answered_however_the_question_names_it(corpus_assistant, question):
    answer = corpus_assistant.ask(question)
    assert not answer["refused"], answer["refusal_reason"]
    assert answer["citations"]


def test_a_misspelt_subject_is_searched_as_the_name_it_means_and_shown(corpus_assistant):
    answer = corpus_assistant.ask("Is Lynnas producing heavy rare earths?")
    assert not answer["refused"], answer["refusal_reason"]
    assert answer["condensed_question"] == "Is Lynas producing heavy rare earths?"
    assert any(c["doc_id"].startswith("lynas") for c in answer["citations"])


def test_a_question_typed_with_typos_is_searched_as_corrected_and_answered(corpus_assistant):
    answer = corpus_assistant.ask("whats the prodution at mountian pass")
    assert answer["condensed_question"] == "whats the production at mountain pass"
    assert not answer["refused"], answer["refusal_reason"]
    assert any(c["doc_id"].startswith("mp-materials") for c in answer["citations"])


def test_a_project_named_in_lower_case_that_no_article_covers_is_refused(corpus_assistant):
    # Kangankunde (Malawi) is not in the corpus; Malawi's Songwe Hill must not stand in
    answer = corpus_assistant.ask("kangankunde malawi - when does mining start")
    assert answer["refused"] and "kangankunde" in answer["refusal_reason"]


def test_a_refusal_names_the_unknown_company_a_question_opens_with(corpus_assistant):
    answer = corpus_assistant.ask("northern minerals browns range update?")
    assert answer["refused"] and "mentions northern minerals" in answer["refusal_reason"]


def _ask_with(corpus_assistant, question: str, **setting) -> dict:
    """The answer with one selection setting changed, restored afterwards."""
    selection = corpus_assistant.pipeline.selector.settings
    ((name, value),) = setting.items()
    default = getattr(selection, name)
    try:
        setattr(selection, name, value)
        return corpus_assistant.ask(question)
    finally:
        setattr(selection, name, default)


def test_a_question_asking_for_an_amount_is_answered_with_more_figures(corpus_assistant):
    from assistant.text.numbers import stated_figures

    question = "What share of world separation does China hold?"
    plain = _ask_with(corpus_assistant, question, amount_bonus=0.0)
    apt = corpus_assistant.ask(question)

    def with_figures(answer):
        return sum(bool(stated_figures(text)) for text, _, _ in _sentences(answer))

    assert with_figures(apt) > with_figures(plain)
    assert not apt["refused"] and apt["grounding"]["supported_ratio"] == 1.0


def test_an_answer_says_when_no_sentence_gives_the_figure_asked_for(corpus_assistant):
    missing = corpus_assistant.ask("How much terbium does Karrath Minerals produce?")
    assert not missing["refused"]
    assert missing["not_stated"] == "a figure for terbium naming Karrath Minerals"
    assert missing["answer_markdown"].startswith("_None of the sentences below gives a figure")
    stated = corpus_assistant.ask("How much NdPr oxide does Karrath Minerals produce?")
    assert stated["not_stated"] == ""
    assert any("310 t" in text for text, _, _ in _sentences(stated))


def test_a_question_asking_three_things_gets_a_longer_answer(corpus_assistant):
    question = (
        "How much does China mine, what share of separation does it hold, and which export "
        "controls apply?"
    )
    pipeline = corpus_assistant.pipeline
    reading = pipeline.read_question(question, [])
    chunks = pipeline.retrieve(reading).chunks
    # the sentences chosen by relevance, before any other side of the picture is added
    selection = pipeline.selector.settings
    roomier = len(pipeline.selector.select(question, chunks))
    selection.per_part = 0
    try:
        plain = len(pipeline.selector.select(question, chunks))
    finally:
        selection.per_part = 1
    assert roomier == plain + 2 and plain == selection.max_sentences
    assert corpus_assistant.ask(question)["grounding"]["supported_ratio"] == 1.0


def test_a_year_after_the_newest_article_is_not_answered_from_other_years(corpus_assistant):
    answer = corpus_assistant.ask("How much NdPr oxide will Lynas produce in 2041?")
    assert answer["refused"] and "2041" in answer["refusal_reason"]
    assert answer["citations"] == []


def test_a_later_year_named_only_for_other_projects_does_not_answer(corpus_assistant):
    # 2028 is in the corpus (other projects' start dates) but never for Chinese separators.
    china = corpus_assistant.ask("How much NdPr oxide will Chinese separators produce in 2028?")
    assert china["refused"] and "2028" in china["refusal_reason"]
    solikamsk = corpus_assistant.ask("Will Solikamsk's separation complex start in 2027?")
    assert not solikamsk["refused"]
    assert any("2027" in text for text, _, _ in _sentences(solikamsk))


def test_injected_instructions_change_no_answer(corpus_assistant, tmp_path):
    question = "How much separated NdPr oxide did Karrath Minerals produce at Yelbin?"
    before = corpus_assistant.ask(question)
    copy = tmp_path / "injection"
    shutil.copytree(INJECTION, copy)
    corpus_assistant.ingest([copy])
    try:
        after = corpus_assistant.ask(question)
        velmora = corpus_assistant.ask("How much does Velmora Rare Earths produce?")
    finally:
        for doc in corpus_assistant.list_documents():
            if doc["doc_id"].startswith("fixture-"):
                corpus_assistant.remove_document(doc["doc_id"])
    assert [s for s, _, _ in _sentences(before)] == [s for s, _, _ in _sentences(after)]
    text = velmora["answer_markdown"].lower()
    for planted in ("buy now", "ignore previous", "40% of world", "<script", "system:"):
        assert planted not in text
    for sentence, label, _ in _sentences(velmora):
        assert "Velmora" not in sentence or label != "deliverable_supply" or "pilot" in sentence


def test_answers_reuse_the_sentence_vectors_made_at_ingest(corpus_assistant):
    """Only questions reach the encoder when answering: every passage sentence's vector
    comes from the index (or the in-process cache), never from a new encoding."""
    corpus_assistant.ask("What is a rare-earth reserve?")  # trains the stage model once
    embedder = corpus_assistant.embedder
    embedder.clear_caches()
    encoded: list[list[str]] = []
    embed = embedder.embed

    def recording(texts):
        encoded.append(list(texts))
        return embed(texts)

    embedder.embed = recording
    try:
        answer = corpus_assistant.ask("How much NdPr oxide did Karrath Minerals produce?")
    finally:
        del embedder.embed
    assert not answer["refused"] and answer["citations"]
    quoted = {text for text, _, _ in _sentences(answer)}
    assert encoded and all(len(batch) == 1 for batch in encoded)
    assert not quoted & {text for batch in encoded for text in batch}


def test_follow_up_borrows_the_subject(corpus_assistant):
    history = ["How much separated NdPr oxide did Karrath Minerals produce at Yelbin?"]
    answer = corpus_assistant.ask("What about its expansion plans?", history)
    assert "Karrath" in answer["condensed_question"]
    assert "karrath-minerals" in {c["doc_id"] for c in answer["citations"]}


def test_fixture_articles_are_fictional_and_stay_out_of_corpus():
    corpus_ids = {p.stem for p in (REPO / "corpus").glob("*.md")}
    assert not corpus_ids & {p.stem for p in (FIXTURES / "articles").glob("*")}


def test_a_question_about_one_project_is_answered_from_its_own_article(corpus_assistant):
    answer = corpus_assistant.ask(
        "Which state backers have put money into Nolans, and is it unconditional?"
    )
    cited = [c["doc_id"] for c in answer["citations"]]
    assert cited.count("arafura-nolans") >= len(cited) - 2, cited


def test_a_question_about_a_later_year_is_answered_with_that_years_targets(corpus_assistant):
    question = "Can Europe make magnets without China by 2030?"
    plain = _ask_with(corpus_assistant, question, year_bonus=0.0)
    apt = corpus_assistant.ask(question)
    naming_2030 = [text for text, _, _ in _sentences(apt) if "2030" in text]
    assert len(naming_2030) >= 2, apt["answer_markdown"]
    assert plain["refused"] or len(naming_2030) > sum(
        "2030" in text for text, _, _ in _sentences(plain)
    )
    assert apt["grounding"]["supported_ratio"] == 1.0


def test_a_name_the_question_sets_aside_does_not_fill_the_answer(corpus_assistant):
    from assistant.questions import set_aside_names

    question = "Which companies outside China can separate heavy rare earths today?"
    plain = _ask_with(corpus_assistant, question, aside_penalty=0.0)
    apt = corpus_assistant.ask(question)

    def about_china(answer):  # sentences about China itself, not about outside it
        return sum(
            "China" in text and not set_aside_names(text, {"china"})
            for text, _, _ in _sentences(answer)
        )

    assert about_china(apt) < about_china(plain), apt["answer_markdown"]
    assert not apt["refused"] and apt["grounding"]["supported_ratio"] == 1.0


def test_an_answer_says_when_the_corpus_gives_no_figure_for_the_measure_asked(corpus_assistant):
    stated = corpus_assistant.ask("What's the NPV of Songwe Hill?")
    assert stated["not_stated"] == ""
    assert any("net present value" in text for text, _, _ in _sentences(stated))
    missing = corpus_assistant.ask("What's the NPV of Arafura's Nolans project?")
    assert not missing["refused"]
    assert missing["not_stated"] == "a figure for NPV naming Arafura and Nolans"


@pytest.mark.parametrize(
    ("question", "premise", "problem"),
    [
        (  # the fixture article gives 310 t
            "Since Karrath Minerals produced 900 t of NdPr oxide at Yelbin, who buys it?",
            "Karrath Minerals produced 900 t of NdPr oxide at Yelbin",
            NOT_STATED,
        ),
        ("Since Karrath Minerals produced 310 t of NdPr oxide at Yelbin, who buys it?", "", ""),
        (  # the fixture article gives 2,000 t a year as a 2028 aim
            "Since Karrath Minerals already makes 2,000 t of NdPr oxide a year, who buys it?",
            "Karrath Minerals already makes 2,000 t of NdPr oxide a year",
            ONLY_PLANNED,
        ),
        (  # the brief's headline: 10% is Moscow's 2030 target
            "Since Russia already supplies 10% of the world's rare earths, who buys it?",
            "Russia already supplies 10% of the world's rare earths",
            ONLY_PLANNED,
        ),
        (  # concentrate tonnes taken for oxide tonnes
            "Since MP Materials produced about 50,000 tonnes of NdPr oxide at Mountain Pass "
            "in 2025, how many magnets could that feed?",
            "MP Materials produced about 50,000 tonnes of NdPr oxide at Mountain Pass in 2025",
            NOT_STATED,
        ),
        ("Since MP Materials produced 2,599 t of NdPr oxide in 2025, who bought it?", "", ""),
        (
            "Since the DoD bought $400 million of MP preferred stock, what stake does it hold?",
            "",
            "",
        ),
        ("Since Lynas is producing terbium in Malaysia since 2025, who buys it?", "", ""),
        (  # no figure: judged by how the articles describe the project
            "Now that Kvanefjeld is in production, how much does Greenland export?",
            "Kvanefjeld is in production",
            NOT_PRODUCING,
        ),
        ("Now that Serra Verde is in production, who buys its concentrate?", "", ""),
        ("Since Energy Fuels is producing NdPr at White Mesa, who buys it?", "", ""),
        (  # the fixture's Geraldton refinery is 64% built
            "Now that Corvale's Geraldton refinery is producing, who buys its dysprosium?",
            "Corvale's Geraldton refinery is producing",
            NOT_PRODUCING,
        ),
        (  # the fixture's Yelbin plant produces
            "Now that Karrath Minerals is producing at Yelbin, who buys its oxide?",
            "",
            "",
        ),
        ("Now that Neo has opened its Narva magnet plant, who are its customers?", "", ""),
    ],
)
def test_a_figure_the_question_takes_as_given_is_flagged_when_the_passages_do_not_bear_it_out(
    corpus_assistant, question, premise, problem
):
    answer = corpus_assistant.ask(question)
    assert not answer["refused"]
    expected = {"premise": premise, "problem": problem} if premise else {}
    assert answer["unsupported_premise"] == expected
    assert answer["answer_markdown"].startswith("_The question takes as given") == bool(premise)


def test_a_question_about_two_projects_gives_each_a_share_of_the_answer(corpus_assistant):
    answer = corpus_assistant.ask("what is the status of songwe hill and ngualla")
    texts = [text for text, _, _ in _sentences(answer)]
    # limit // 3 of a 14-sentence answer: it was 1 when "Songwe Hill" counted as two names
    assert sum("Ngualla" in t for t in texts) >= 4, answer["answer_markdown"]
    assert sum("Songwe" in t for t in texts) >= 4


@pytest.mark.parametrize(
    ("question", "premise"),
    [
        ("How much does Tomtor produce?", "Tomtor is producing"),
        ("How much dysprosium does Corvale produce at Geraldton?", "Corvale is producing"),
        ("How much did Mountain Pass actually produce in 2025?", ""),
        ("How much separated NdPr oxide did Karrath Minerals produce at Yelbin?", ""),
        ("How much does the US mine?", ""),  # a country is too broad to judge
    ],
)
def test_asking_how_much_a_project_produced_takes_it_as_given_that_it_produces(
    corpus_assistant, question, premise
):
    answer = corpus_assistant.ask(question)
    expected = {"premise": premise, "problem": NOT_PRODUCING} if premise else {}
    assert answer["unsupported_premise"] == expected


def test_each_part_of_a_run_on_question_gets_an_answer(corpus_assistant):
    answer = corpus_assistant.ask("How big is Tanbreez, and what is an Inferred resource?")
    sentences = _sentences(answer)
    assert any("Tanbreez" in text for text, _, _ in sentences)
    # the second part is answered from the explainer, although it never names Tanbreez
    assert any(
        "Inferred" in text and "Tanbreez" not in text and "explainer-resources-and-reserves" in docs
        for text, _, docs in sentences
    ), answer["answer_markdown"]
