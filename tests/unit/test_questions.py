"""Reading a question: scope, shorthand, tickers, follow-ups and the names it uses."""

import pytest

from assistant.questions import (
    _did_you_mean,
    _opening_company,
    asks_for_output,
    asserts_output,
    condense,
    expand_shorthand,
    out_of_scope_reason,
    question_names,
    question_parts,
    separate_questions,
    set_aside_names,
    spell_out_tickers,
    spelled_out,
    stated_premise,
)


def test_offline_follow_up_condensing():
    history = ["How much NdPr did Karrath Minerals produce?"]
    assert "Karrath Minerals" in condense("What about its expansion?", history)
    assert condense("Is Brazil a supplier?", history) == "Is Brazil a supplier?"
    assert condense("What about its expansion?", []) == "What about its expansion?"
    # an opening question or request word is no part of the name carried over
    assert condense("when will it start?", ["Is Eneabba on budget?"]).endswith("(Eneabba)")
    assert condense("output?", ["Tell me about Serra Verde"]) == "output? (Serra Verde)"


def test_a_follow_up_borrows_subjects_not_the_trades_terms_from_the_last_two_turns():
    nolans = ["Is Arafura's Nolans funded?"]
    # "FID" is no subject of its own, nor one to carry over
    assert condense("when is FID?", nolans) == "when is FID? (Arafura's Nolans)"
    follow_up = condense("who are the offtakers?", [*nolans, "when is FID?"])
    assert follow_up == "who are the offtakers? (Arafura's Nolans)"
    # a comparison across turns asks about both
    both = condense("which one is further along?", ["How big is Tanbreez?", "and Kvanefjeld?"])
    assert both == "which one is further along? (Kvanefjeld; Tanbreez)"
    assert condense("which elements?", ["What did China do in April 2025?"]).endswith("(China)")
    # a month is no subject, but a name that starts like one is
    marathon = condense("who buys from it?", ["What did Marathon Resources do in March?"])
    assert marathon == "who buys from it? (Marathon Resources)"


def test_a_chain_of_follow_ups_keeps_the_subject_it_started_from():
    history = [
        "What does Lynas produce?",
        "Is its Malaysian plant licensed?",  # leans on Lynas
        "What happened to the Texas plant?",  # names only a place
    ]
    carried = condense("how much NdPr did they make?", history)
    assert "Lynas" in carried and "Texas" in carried
    # a turn that names its own subject and leans on nothing starts afresh
    assert condense("what about it?", [*history, "Is Iluka funded?", "Is Arafura funded?"]) == (
        "what about it? (Arafura; Iluka)"
    )


def test_rare_earth_shorthand_is_spelled_out_only_as_a_capitalised_word():
    assert expand_shorthand("RE magnets and REEs?") == "rare earth magnets and rare earths?"
    assert expand_shorthand("We're asking about RELIANCE") == "We're asking about RELIANCE"
    assert "rare earths" in condense("Myanmar REs - what happened?", [])


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("how much has the us government put in?", "how much has the US government put in?"),
        ("does the us have separation plants", "does the US have separation plants"),
        ("is us government support binding?", "is US government support binding?"),
        ("let us know: china quotas?", "let us know: china quotas?"),  # the pronoun
        ("give us the numbers", "give us the numbers"),
    ],
)
def test_the_country_typed_in_lower_case_is_read_only_where_the_pronoun_cannot_stand(
    question, read_as
):
    assert expand_shorthand(question) == read_as


class _Index:
    """The lexical index's parts that spelling a question out reads."""

    initialisms = {"QRM": "Quorra Rare Metals"}
    aliases = {"NT": "Northern Territory", "DoW": "Department of War"}
    tickers = {"KRM": "Karrath Minerals"}
    vocabulary = frozenset({"usa", "northern", "territory", "karrath", "quorra"})
    long_words: list[str] = []
    names = frozenset({"karrath", "quorra", "northern territory"})


def test_a_countrys_other_name_is_spelled_out_as_the_articles_name_it():
    assert spelled_out("PRC quotas and Burma output?", _Index()) == (
        "China quotas and Myanmar output?"
    )
    assert spelled_out("Cook Islands cooking?", _Index()) == "Cook Islands cooking?"
    # the articles use the word themselves: a company named "USA ..." stays as typed
    assert spelled_out("USA Quorra deal?", _Index()) == "USA Quorra deal?"


def test_front_matter_aliases_and_state_abbreviations_are_spelled_out():
    assert spelled_out("Karrath's NT plant and the DoW loan", _Index()) == (
        "Karrath's Northern Territory plant and the Department of War loan"
    )
    assert spelled_out("QRM's plant near Tulsa, Okla.?", _Index()) == (
        "Quorra Rare Metals's plant near Tulsa, Oklahoma?"
    )


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("KRM output at Yelbin?", "Karrath Minerals output at Yelbin?"),
        ("$krm guidance", "Karrath Minerals guidance"),
        ("ASX: KRM vs OST", "Karrath Minerals vs Ostrova Rare Metals"),
        ("NYSE American:OST's plant", "Ostrova Rare Metals's plant"),
        # in lower case, a bare symbol counts only when it is no word
        ("the krm plant", "the Karrath Minerals plant"),
        ("at peak output", "at peak output"),
        ("PEAK output", "Peakwell Metals output"),
        ("asx:krm", "Karrath Minerals"),  # an exchange marks a symbol in any case
        ("TSX: NEO plant", "NEO plant"),  # an exchange is no name, listed symbol or not
        ("Aim: what is OST's target?", "Aim: what is Ostrova Rare Metals's target?"),
        ("KRMX or OSTRICH?", "KRMX or OSTRICH?"),  # never part of a longer word
    ],
)
def test_a_listing_symbol_reads_as_the_company_it_lists(question, read_as):
    tickers = {"KRM": "Karrath Minerals", "OST": "Ostrova Rare Metals", "PEAK": "Peakwell Metals"}
    assert spell_out_tickers(question, tickers) == read_as


def test_an_opening_word_is_a_name_only_when_the_corpus_knows_it_as_a_subject():
    subjects = frozenset({"china", "vulcan"})
    assert "china" in question_names("China 0.1% rule - still active?", subjects)
    assert "vulcan" in question_names("Vulcan's loan: how firm?", subjects)
    assert question_names("Output at Mountain Pass?", subjects) == {"mountain", "pass"}
    assert "what" not in question_names("What is Vulcan?", subjects | {"what"})


def test_a_name_reads_the_same_with_or_without_its_accents():
    subjects = frozenset({"norra", "karr", "norra karr"})  # as the index folds them
    for question in ("Is Norra Kärr permitted?", "Is Norra Karr permitted?", "norra karr?"):
        assert question_names(question, subjects) == {"norra", "karr"}


def test_dotted_initials_are_the_name_they_spell():
    subjects = frozenset({"us", "china"})
    assert question_names("How dependent is the U.S. on China?", subjects) == {"us", "china"}


def test_an_abbreviation_the_question_spells_out_is_not_a_name():
    subjects = frozenset({"us", "eu"})
    assert question_names("Are general licences (GLs) open to US firms?", subjects) == {"us"}
    assert "crma" not in question_names("Critical Raw Materials Act (CRMA) goals?", subjects)
    assert "repm" not in question_names("Rare-earth permanent magnet (REPM) output?", subjects)
    assert "bhp" in question_names("Does the miner (BHP) mine rare earths?", subjects)


def test_a_hyphenated_compound_of_names_is_its_names():
    subjects = frozenset({"angara", "yenisei", "rare", "s-k"})
    for question in ("Angara-Yenisei cluster status?", "angara-yenisei cluster?"):
        assert question_names(question, subjects) == {"angara", "yenisei"}
    assert "s-k" in question_names("What does S-K 1300 require?", subjects)


def test_a_hyphenated_prefix_is_not_part_of_the_name():
    subjects = frozenset({"china", "exim"})
    assert question_names("What does ex-China really mean?", subjects) == {"china"}
    assert question_names("Ex-China magnets: who makes them?", subjects) == {"china"}
    assert "chinese" in {n.lower() for n in question_names("Is non-Chinese supply real?", subjects)}
    assert question_names("what does non-ex-china mean?", subjects) == {"china"}
    assert question_names("Pro-rata offtake split?", subjects) == set()  # names nothing


@pytest.mark.parametrize(
    ("question", "names", "aside"),
    [
        ("Who separates heavy rare earths outside China?", {"china"}, {"china"}),
        ("Can the US make magnets without China by 2028?", {"us", "china"}, {"china"}),
        ("Who buys ex-China NdPr?", {"china"}, {"china"}),
        ("Is non-Chinese supply real?", {"chinese"}, {"chinese"}),
        (
            "Apart from Mountain Pass, is anyone in the US separating?",
            {"mountain", "pass", "us"},
            {"mountain", "pass"},
        ),
        ("Which firms other than Lynas separate terbium?", {"lynas"}, {"lynas"}),
        ("Is China exporting magnets to the US?", {"china", "us"}, set()),
        ("Outside China, who makes magnets?", {"china"}, {"china"}),
        ("Beyond the EXIM loan, how much money does Lynas have?", {"exim", "lynas"}, {"exim"}),
        ("What is Lynas aiming for beyond FY25?", {"lynas"}, set()),
        ("After China, which countries mine the most?", {"china"}, {"china"}),
        ("Besides Lynas, who separates terbium?", {"lynas"}, {"lynas"}),
        ("aside from china who makes magnets", {"china"}, {"china"}),
        # "after" says when, unless a question about the rest follows the name
        ("After China's ban, who supplies Japan?", {"china", "japan"}, set()),
        ("After the Busan meeting, did China pause?", {"busan", "china"}, set()),
    ],
)
def test_a_name_the_question_sets_aside_is_not_what_it_asks_about(question, names, aside):
    assert set_aside_names(question, names) == aside


def test_a_lower_case_name_counts_only_when_distinctive_or_a_country():
    subjects = frozenset({"iluka", "eneabba", "peak", "japan", "vulcan elements", "rare-earth"})
    countries = frozenset({"japan"})
    names = question_names("is iluka eneabba at peak cost? ask japan", subjects, countries)
    assert names == {"iluka", "eneabba", "japan"}  # "peak" is a common word
    assert question_names("vulcan elements loan?", subjects) == {"vulcan", "elements"}
    assert question_names("rare-earth output?", subjects) == set()  # the trade's word
    # a country in lower case is a name even when the corpus covers it not at all
    assert question_names("kazakhstan rare earth discovery - real?", subjects) == {"kazakhstan"}
    assert question_names("chad deposit?", subjects) == set()  # also an English word
    # a whole name of three words, and a name behind a prefix
    council = subjects | {"saskatchewan research council"}
    assert "saskatchewan" in question_names("saskatchewan research council plant?", council)
    assert question_names("non-china supply?", subjects, frozenset({"china"})) == {"china"}


def test_a_question_opening_with_an_unknown_company_in_lower_case_names_it():
    subjects = frozenset({"lynas", "mp"})
    assert _opening_company("torngat metals strange lake - status?", subjects) == "torngat metals"
    assert _opening_company("rainbow rare earths gypsum plan?", subjects) == "rainbow rare earths"
    assert _opening_company("lynas rare earths output?", subjects) is None  # covered
    assert _opening_company("heavy rare earths - who separates them?", subjects) is None
    assert _opening_company("which metals does lynas make?", subjects) is None


@pytest.mark.parametrize(
    ("question", "out"),
    [
        ("could you draft a funny linkedin post about rare earths?", True),
        ("Write a tweet about Lynas", True),
        ("limerick about the busan truce pls", True),
        ("Iluka - worth shorting after the cost blowout?", True),
        ("samarium density in g/cm3?", True),
        ("LYC share price", True),  # market data, whenever
        ("MP or USAR - which is the better buy for 2026?", True),
        ("is ARU a good long term hold", True),
        ("What price floor does MP Materials get?", False),
        ("How good is the Nolans resource?", False),
        ("best beaches in brazil?", True),
        ("whats the weather like in sweden in march", True),
        ("How much monazite do India's beach sands hold?", False),
        ("does ILU pay a dividend and whats the yield", True),
        ("how much does the lynas ceo get paid?", True),
        ("where should i put my stop loss on ILU", True),
        ("rotate out of LYC into ILU now?", True),
        ("write a 50 word newsletter blurb on the busan truce", True),
        ("can u make me a pitch deck slide on ex-china magnets", True),
        ("how did nigeria's national team do at the last tournament", True),
        ("How will the courts rule on the Kvanefjeld claim?", True),
        ("who's favourite to win malaysia's next election?", True),
        ("Did Greenland's 2021 election block Kvanefjeld?", False),
        ("Who will supply Japan's magnet makers outside China?", False),
        ("Which board approved Lynas's Malaysian licence?", False),
        ("What did Lynas write in its post about Seadrift?", False),
        ("Did the post-Busan truce change exports?", False),
        ("How dense is the Tanbreez drilling?", False),
        # a decision still to be taken, not one taken or an order in force
        ("Will China lift the export ban?", True),
        ("is beijing going to reimpose the controls next year?", True),
        ("will the us government extend the price floor?", True),
        ("Will the tribunal rule in favour of ETM?", True),
        ("Will the EU ban on Russian rare earths hurt Lynas?", False),
        ("Is the EU ban on Russian imports in force?", False),
        ("Is China lifting its export controls?", False),
        ("Will China's controls tighten supply?", False),
        ("Will Lynas reach 12,000 t by 2030?", False),
        ("Will the Pentagon buy all of MP's magnets?", False),
        # a company's future financial results, not its tonnage targets
        ("What will MP Materials' profit be next year?", True),
        ("Lynas earnings forecast for FY27?", True),
        ("What will Lynas's NdPr output be in 2030?", False),
        ("Did Lynas's revenue rise in FY25?", False),
        # a case named by its project, and a country's tax code rather than a supply credit
        ("who wins the tanbreez lawsuit?", True),
        ("Who won the Kvanefjeld permit?", False),
        ("what is australia's corporate tax rate", True),
        ("Does the 45X tax credit cover magnet makers?", False),
    ],
)
def test_requests_out_of_scope_are_told_from_supply_questions(question, out):
    assert bool(out_of_scope_reason(question)) is out


def test_a_suggested_spelling_is_a_covered_name_and_never_for_a_country():
    subjects = frozenset({"lynas", "per", "iluka"})
    assert _did_you_mean(["lynnas"], subjects) == " (did you mean Lynas?)"
    assert _did_you_mean(["peru"], subjects) == ""  # a country, and "per" is a short word


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("How much NdPr does Lynas make?", 1),
        ("Is Brazil a big supplier, or is it mostly reserves?", 2),
        ("Where will Vulcan build its plant, what will it cost, and when does it start?", 3),
        ("Lynas Texas plant still on? if not, how does it supply US buyers?", 3),
        ("Vulcan magnet factory - where, how much, when does it start?", 3),
        ("Did Lynas and MP sign offtakes with Japanese and Korean buyers?", 1),
    ],
)
def test_a_question_is_counted_by_the_things_it_asks(question, parts):
    assert question_parts(question) == parts


def test_a_run_on_question_is_read_as_the_questions_it_asks():
    assert separate_questions("How much NdPr does Lynas make?") == []
    assert separate_questions(
        "Is Lynas still building its Texas plant, and how would it serve US buyers if not?"
    ) == ["Is Lynas still building its Texas plant", "and how would it serve US buyers if not"]
    assert separate_questions("Did MP sell all its NdPr? And how is a run-rate worked out?") == [
        "Did MP sell all its NdPr",
        "And how is a run-rate worked out",
    ]
    # a leading clause opens the question; it asks nothing of its own
    assert separate_questions("After the April 2025 shock, when did China approve licences?") == []
    # too short to be read alone: "Why not" means nothing without the first part
    assert separate_questions("Is Vulcan's plant financed? Why not?") == []


def test_a_numbered_instrument_is_in_scope_only_when_an_article_cites_it():
    from assistant.questions import _cited_instrument

    class Index:
        def mentions(self, phrase: str) -> bool:
            return phrase.lower() in {"decree 71", "announcement no. 18"}

    assert _cited_instrument("What is Decree 71?", Index())
    assert _cited_instrument("what does announcement no. 18 cover", Index())
    assert not _cited_instrument("What is Decree 99?", Index())
    assert not _cited_instrument("Who won the election in 2024?", Index())


def test_a_lower_case_word_only_the_articles_use_puts_a_question_in_scope():
    from assistant.questions import _corpus_term

    class Index:
        vocabulary = frozenset({"kachin", "goias", "output", "status", "recipe"})

    assert _corpus_term("kachin output?", Index())
    assert _corpus_term("goias clay status", Index())
    assert not _corpus_term("best lasagne recipe", Index())  # a word any text may use
    assert not _corpus_term("what is bitcoin?", Index())  # a word no article has


class _WordsIndex:
    """The parts of the lexical index that typo reading uses."""

    vocabulary = frozenset({"eneabba", "production", "mountain", "pass", "malawi", "offtake"})
    long_words = sorted(vocabulary)
    names = frozenset({"eneabba", "malawi"})


def test_a_lower_case_typo_of_an_articles_word_is_corrected():
    from assistant.questions import corrected_typos

    assert corrected_typos("prodution at mountian pass?", _WordsIndex()) == (
        "production at mountain pass?"
    )
    assert corrected_typos("is eneaba on budget", _WordsIndex()) == "is eneabba on budget"
    # a capitalised misspelling of a word of a known name is that name, shown as searched
    assert corrected_typos("Is Eneaba on budget", _WordsIndex()) == "Is Eneabba on budget"
    # a name no known name resembles stays as typed, to be refused as unknown
    assert corrected_typos("Is Halvard on budget", _WordsIndex()) == "Is Halvard on budget"
    # a word the dictionary knows is no typo, even when no article uses it
    assert corrected_typos("the cost blowout", _WordsIndex()) == "the cost blowout"
    # a short word may be an acronym typed in lower case (KORES), not a typo of "ores"
    assert corrected_typos("kores loan to ores", _WordsIndex()) == "kores loan to ores"
    # a common word the question's reading needs is corrected though no article uses it
    assert corrected_typos("whats the diffrence between them", _WordsIndex()) == (
        "whats the difference between them"
    )


def test_a_question_not_in_english_is_told_apart():
    from assistant.questions import _reads_as_english

    index = _WordsIndex()
    assert not _reads_as_english("Wie viel NdPr produziert Lynas im Jahr?", index)
    assert not _reads_as_english("¿Cuántas tierras raras produce China?", index)
    assert _reads_as_english("how mch ndpr did eneabba mke", index)  # typed in a hurry
    assert _reads_as_english("Eneabba status?", index)  # too short to judge


def test_a_lower_case_word_that_is_no_word_and_no_typo_is_an_unknown_name():
    from assistant.questions import unknown_lowercase_names

    index = _WordsIndex()
    assert unknown_lowercase_names("kangankunde malawi - when does mining start", index) == [
        "kangankunde"
    ]
    assert unknown_lowercase_names("whats the cost blowout and rundown", index) == []
    assert unknown_lowercase_names("is friendshoring helping?", index) == []  # a coined word
    assert unknown_lowercase_names("who are the offtakers", index) == []  # the articles' word
    assert unknown_lowercase_names("prodution at mountian pass", index) == []  # typos
    # words of the trade, however compounded
    assert unknown_lowercase_names("ferroalloys and supermagnets ebitda", index) == []


@pytest.mark.parametrize(
    ("question", "premise"),
    [
        (
            "Since Lynas makes 5,000 t of terbium a year, who buys it?",
            "Lynas makes 5,000 t of terbium a year",
        ),
        (
            "Given that Brazil is the second producer, how much goes to China?",
            "Brazil is the second producer",
        ),
        ("now that Tomtor is producing, how big is it?", "Tomtor is producing"),
        (
            "Vulcan's plant is already running - who are its customers?",
            "Vulcan's plant is already running",
        ),
        ("Since when has Lynas produced terbium?", ""),  # asks, asserts nothing
        ("What is Lynas - a miner?", ""),
        ("Dy/Tb china export licences apr 25 - which 7 elements?", ""),  # a topic
        ("vulcan elements nov 25 package - whats reelement's role?", ""),
        ("China magnet exports Jan-May 2025, how bad?", ""),
        ("How much terbium does Lynas make?", ""),
    ],
)
def test_what_a_question_takes_as_given_is_read_from_its_opening_clause(question, premise):
    assert stated_premise(question) == premise


@pytest.mark.parametrize(
    ("statement", "delivered"),
    [
        ("Russia already supplies 10% of the world's rare earths", True),
        ("Lynas produces 12,000 t of NdPr a year", True),
        ("Iluka's refinery has been producing oxides since 2025", True),
        ("Russia aims to supply 10% of rare earths by 2030", False),
        ("MP will make 10,000 t of magnets", False),
        ("Narva has a nameplate capacity of 2,000 t", False),
        ("the DoD bought $400 million of MP preferred stock", False),
    ],
)
def test_a_statement_of_output_is_told_from_a_plan(statement, delivered):
    assert asserts_output(statement) == delivered


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How many tonnes of dysprosium did Seadrift separate in 2025?", True),
        ("How much does Tomtor produce?", True),
        ("how much ndpr has energy fuels made", True),
        ("How much will Nolans produce?", False),  # a plan, not output
        ("How much did the DoD invest in MP?", False),
        ("How big is Tanbreez?", False),
    ],
)
def test_a_question_asking_how_much_was_produced_is_told_apart(question, asks):
    assert asks_for_output(question) == asks


def test_a_short_lower_case_opener_that_a_subject_is_called_names_it():
    subjects = frozenset({"qm", "qm metals", "velden"})
    assert question_names("qm q1 2026 ndpr output??", subjects) == {"qm"}
    # not when it is a word, or not at the start
    assert question_names("is qm on track?", subjects) == set()
    assert question_names("an output figure?", subjects | {"an"}) == set()
