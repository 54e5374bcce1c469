"""Claims read from sentences written as real articles write them (fictional names): figures
and units, who a figure is about, and modality by the cue order (the rule the shipped model
falls back to; the model itself is measured by `assistant eval claims`)."""

from __future__ import annotations

import re

import pytest

from assistant.claims import ClaimContext, quantities, read_claims, shown_figure
from assistant.modality import cue_order
from assistant.subjects import (
    article_sites,
    article_subjects,
    mentions,
    sentence_referents,
    short_names,
)

DATED = ClaimContext(title="Quorra Metals lifts Velden output", date="2026-02-10")


def _figures(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Production was 3,993t in the quarter.", [(3993.0, "t")]),
        ("It mined 5.5kt of ore.", [(5500.0, "t")]),
        ("Cash stood at A$200.2mn.", [(200_200_000.0, "AUD")]),
        ("Output rose 32pc.", [(32.0, "%")]),
        ("The 16,000tpa concentrator ran well.", [(16000.0, "t/yr")]),
        ("It is designed to make 3,000 tonnes of finished magnets a year.", [(3000.0, "t/yr")]),
        ("Its 4,800-ton nameplate has never been reached.", [(4800.0, "t/yr")]),
        (  # a rate that ends a list covers each figure in it
            "It would make 2,000 t of NdPr oxide and 150 t of terbium oxide a year.",
            [(2000.0, "t/yr"), (150.0, "t/yr")],
        ),
        ("It separated 610t of NdPr oxide last year.", [(610.0, "t")]),
        (  # "a year earlier" dates the comparison; it is no rate
            "Exports fell to 96 tons from 210 tons a year earlier, customs data showed.",
            [(96.0, "t"), (210.0, "t")],
        ),
        ("It wants half of its feed to be recycled by 2030.", [(50.0, "%")]),
        ("Output in the first half of 2026 was flat.", []),
        ("The plant in Vossberg employs 2,400 people.", []),
    ],
)
def test_figures_and_their_units(text, expected):
    assert _figures(text) == expected


def test_a_shared_currency_symbol_is_read_by_the_country_named():
    yen = read_claims("TOKYO, May 2 - Hoshida Magnet said it would spend ¥62 billion.", DATED)
    yuan = read_claims("The province set aside ¥5 billion for separation plants.", DATED)
    assert [c.unit for c in yen] == ["JPY"]
    assert [c.unit for c in yuan] == ["CNY"]


def test_figures_are_shown_for_reading():
    assert shown_figure(16000, "t/yr") == "16,000 t/yr"
    assert shown_figure(486e6, "AUD") == "AUD 486 million"
    assert shown_figure(81.3, "USD/kg") == "USD 81.3/kg"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Quorra Metals produced 310t of NdPr oxide in the September quarter.", "achieved"),
        ("The plant is designed to make 3,000 tonnes of magnets a year.", "capacity"),
        ("Quorra Metals expects to produce 900t in 2027.", "planned"),
        ("Quorra Metals aims to supply 20pc of the bloc's NdPr by 2030.", "target"),
        ("The loan of up to US$400M is subject to a final investment decision.", "conditional"),
        ("Quorra Metals has not produced any oxide at Velden.", "negated"),
        ("Quorra Metals never reached the 500t of oxide it forecast for 2025.", "negated"),
        ("The scoping study outlines output of 4,100t a year.", "hypothetical"),
        ("The line is ramping up at a run-rate of 200t a year.", "in_progress"),
    ],
)
def test_the_cue_order_reads_each_modality(text, modality):
    claims = read_claims(text, DATED, model=cue_order)
    assert claims and claims[0].modality == modality, claims


def test_a_company_name_is_not_a_material():
    (claim,) = read_claims("Quorra Metals produced 310t of NdPr oxide in 2025.", DATED, cue_order)
    assert claim.material == "NdPr oxide"
    (claim,) = read_claims("Tamsin Magnets Ltd shipped 40t in May.", DATED, cue_order)
    assert claim.material is None


def test_only_achieved_output_is_deliverable():
    made = read_claims("Quorra Metals produced 310t of NdPr oxide in 2025.", DATED, cue_order)
    planned = read_claims("Quorra Metals plans to produce 900t of oxide in 2027.", DATED, cue_order)
    denied = read_claims("Quorra Metals has yet to produce magnets commercially.", DATED, cue_order)
    assert any(c.shows_output for c in made)
    assert not any(c.shows_output for c in planned + denied)
    assert any(c.modality == "negated" and c.measure == "production" for c in denied)


def test_reaching_a_nameplate_is_planned_output_as_well_as_a_capacity():
    claims = read_claims(
        "The company expects to reach the line's 750t annual capacity in 2027.", DATED, cue_order
    )
    assert {(c.measure, c.modality) for c in claims} == {
        ("capacity", "capacity"),
        ("production", "planned"),
    }


def test_a_reference_to_the_plant_is_read_as_the_site_the_article_speaks_of():
    title = "Quorra Metals commissions Velden separation plant"
    body = ["Quorra Metals said its Velden separation plant made first oxide in May."]
    sites = article_sites(title, " ".join(body))
    state = sentence_referents(body, ["Quorra Metals"], title, sites)[-1]
    context = ClaimContext(
        title=title,
        date="2026-06-01",
        subjects=("Quorra Metals",),
        referent=state.organisation,
        site=state.site,
        sites=tuple(sites),
    )
    (claim,) = read_claims("The plant is designed to separate 1,200t a year.", context, cue_order)
    assert claim.subject == "Velden"
    assert claim.counterpart == "Quorra Metals"


def test_a_place_that_says_where_is_not_what_a_figure_is_about():
    context = ClaimContext(subjects=("Tamsin Magnetics",), referent="Tamsin Magnetics")
    (claim,) = read_claims(
        "Tamsin Magnetics plans a magnet plant in northern Vietnam with 3,000 t a year of "
        "capacity.",
        context,
        cue_order,
    )
    assert claim.subject == "Tamsin Magnetics"


def test_words_that_name_nothing_are_not_subjects():
    names = {
        m.name
        for m in mentions("Neodymium-praseodymium output was SEK 1.9bn, a Danish-owned mill said.")
    }
    assert not names & {"Neodymium-praseodymium", "Neodymium", "SEK", "Danish-owned"}
    # a verb done again opening a bullet, a trade word, a word opening a table cell
    row = "• Reaffirmed guidance of 900 t | Export-credit facility | Capex of A$86mn"
    assert {m.name for m in mentions(row)} == set()
    # an element's symbol before its product, an amount glued to its currency, an ore
    row = "Monazite feed of 9,000t will make 40t of Dy oxide; the budget is R1.9bn."
    assert {m.name for m in mentions(row)} == set()
    assert {(m.name, m.kind) for m in mentions("London-listed Brackwater Resources Plc said")} >= {
        ("Brackwater Resources Plc", "organisation")
    }


def test_near_words_hash_as_the_vectorizer_the_model_was_fitted_with():
    import random

    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    from assistant.modality import _NEAR_WORDS_DIM, hashed_words

    reference = HashingVectorizer(
        n_features=_NEAR_WORDS_DIM,
        ngram_range=(1, 2),
        alternate_sign=False,
        norm="l2",
        token_pattern=r"[a-z_']+",
        lowercase=False,
    )
    rng = random.Random(5)
    vocabulary = ["b_the", "a_plant", "b_produced", "a_tonnes", "b_would", "a_it's", "b_q"]
    for _ in range(200):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 10))]
        expected = reference.transform([" ".join(words)]).toarray()[0]
        assert np.allclose(hashed_words(words), expected, atol=1e-6), words


def test_the_murmur_hash_is_scikit_learns_without_importing_it_to_read():
    import random

    from sklearn.utils import murmurhash3_32 as reference

    from assistant.modality import murmurhash3_32

    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice("ab_ 'xyzé") for _ in range(rng.randint(0, 25)))
        assert murmurhash3_32(text.encode("utf-8")) == reference(text, seed=0), text


def _read(text: str) -> list[dict]:
    return [c.to_dict() for c in read_claims(text, ClaimContext(date="2026-03-01"))]


def test_a_comparison_base_or_a_publication_date_is_no_period_of_the_figure():
    compared = _read(
        "Ostrava Magnets' May 2025 shipments of 412 t were 18% lower than in April 2025."
    )
    assert {c["period"] for c in compared} == {"May 2025"}
    dated = _read("An analyst put Quorra's share of world output at 7% in a note dated 3 June 2025")
    assert dated[0]["period"] is None


def test_a_percentage_whose_clause_names_a_share_is_a_share():
    found = _read("A consultancy put Velden's share of global NdPr production at 4% last year.")
    assert [c["measure"] for c in found] == ["share"]


def test_a_denial_after_a_comma_does_not_deny_the_figure_before_it():
    found = _read(
        "Quorra's position is about 900 t REO of mine output in 2025, no separation plant "
        "and no magnet production."
    )
    assert found[0]["value"] == 900 and found[0]["modality"] == "achieved"


def test_being_built_is_construction_under_way_and_still_needing_it_is_not():
    built = _read("A minister said the Velden separation complex was being built.")
    assert ("construction_start", "in_progress") in {(c["measure"], c["modality"]) for c in built}
    needs = [
        c
        for c in read_claims("Velden still needs financing and construction.")
        if c.measure == "construction_start"
    ]
    assert needs and needs[0].modality == "negated"


def test_a_figure_its_own_past_tense_clause_describes_is_achieved():
    found = _read(
        "The plan would require Quorra to lift output many times over from the roughly "
        "1,150 tonnes of oxide it produced in 2024."
    )
    assert [(c["value"], c["modality"], c["period"]) for c in found] == [(1150, "achieved", "2024")]


def test_a_figure_with_a_past_participle_of_output_is_achieved_unless_to_be():
    made = _read(
        "Quorra's 2,100 tonnes of NdPr oxide produced at Velden in 2025 is far more than "
        "a plant of that size would need."
    )
    assert (made[0]["value"], made[0]["modality"]) == (2100, "achieved")
    to_be = _read("The 900 t of oxide to be produced in 2027 would go to a magnet maker.")
    assert to_be[0]["modality"] != "achieved"


def test_the_year_of_a_publication_is_no_period_of_the_figure():
    found = _read(
        "The survey put Ostrava's 2023 output at 4,000 t REO in Mineral Yearbook 2024, then "
        "revised it to 4,300 t REO in the 2025 edition."
    )
    assert [c["period"] for c in found] == ["2023", "2023"]


def test_a_participle_describing_a_material_is_not_the_figures_verb():
    found = _read("The national stockpile of separated rare earth oxides stood at 1,140 tonnes.")
    assert [c["measure"] for c in found] == ["stockpile"]
    made = _read("Quorra produced 310 t of separated NdPr oxide in the quarter.")
    assert [c["measure"] for c in made] == ["production"]


def test_a_percentage_a_plant_accounted_for_is_a_share():
    found = _read("The Velden plant accounted for about 0.5pc of the magnets sold in Europe.")
    assert [(c["measure"], c["value"]) for c in found] == [("share", 0.5)]


@pytest.mark.parametrize(
    "text, subject",
    [
        # a listing symbol is the company's other name
        ("Ostrava Rare Metals Corp. (NYSE: ORM) reported REO production of 1,200 t.", "Ostrava"),
        # a name in brackets after a name says where
        ("Stellan Magnets (Keldor): 1,500tpa sintered", "Stellan"),
        # a site in another clause after the figure is not where it was made
        (
            "Brisk Ferrand shipped 38 t of magnets as it continued to ramp up its Tolmin plant.",
            "Brisk Ferrand",
        ),
        # a name after "in" says where
        ("Halvard Metals opened a workshop in Dunmere that has cast 220 t of metal.", "Halvard"),
        # a dateline says where the story was filed
        ("DUNMERE, Ontario, Jan. 22 - Halvard Metals produced 412 t of oxide in 2025.", "Halvard"),
        # a country's possessive says whose
        ("Canada's Halvard Metals said production climbed to 1,342 tonnes.", "Halvard"),
        # a country before the noun it describes says where
        ("Halvard Metals will build a second U.S. magnet plant of 5,000 t a year.", "Halvard"),
        # ... and before a verb it is the subject
        ("The U.S. mined 45,000 t of rare earth oxide in 2024.", "U.S"),
        # a demonym before a noun says whose
        ("Halvard Metals hired a Dunmerian contractor to build its 900 t/yr line.", "Halvard"),
        # ... but a site's name with a demonym's ending is the site
        ("The Kalgan refinery produced 3,000t of oxide in 2025.", "Kalgan"),
    ],
)
def test_the_subject_is_not_a_listing_symbol_a_place_or_a_site_in_another_clause(text, subject):
    found = _read(text)
    assert found and subject in (found[0]["subject"] or ""), found


def test_a_short_name_the_article_gives_is_read_as_its_company():
    title = "Ostrava Rare Metals Corp. (NYSE American: ORMC) first-quarter results"
    lead = "Halvard Mining Company (HMC) said it would supply ore to Ostrava from 2027."
    assert short_names(f"{title}\n{lead}") == {
        "ORMC": "Ostrava Rare Metals",
        "HMC": "Halvard Mining Company",
    }
    assert article_subjects("Ostrava Rare Metals (ORMC) - general discussion", "") == [
        "Ostrava Rare Metals"
    ]
    context = ClaimContext(short_names=tuple(short_names(f"{title}\n{lead}").items()))
    (claim,) = read_claims("HMC mined 40,000t of ore in 2025.", context, cue_order)
    assert claim.subject == "Halvard Mining Company"
    # capitals in brackets that do not begin as the name does are no short name of it
    assert short_names("Dunmere Magnets (MREC) shipped carbonate.") == {}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # a header row: the years close the columns' periods
        ("Sales (t) | Jun Qtr 2024 | Mar Qtr 2024", []),
        ("Production (t)\tFY 2025\tFY 2024", []),
        # a data row: its figures are figures, a bare 2,024 among them
        ("Sales (t) | 2,024 | 1,980", [(2024.0, "t"), (1980.0, "t")]),
        ("NdPr oxide produced (t) 1,498 1,412", [(1498.0, "t"), (1412.0, "t")]),
    ],
)
def test_the_years_of_a_table_header_are_no_figures(row, expected):
    assert _figures(row) == expected


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # the town a dateline names is a place when the story names it again
        (
            "BRANDT, Ore., May 4 (Wire) - Quorra Metals opened a new separation plant"
            " outside Brandt.",
            "Brandt",
            "place",
        ),
        # a town named with its state or country
        ("Quorra Metals built its plant near Tessel, South Carolina.", "Tessel", "place"),
        ("Quorra Metals chose a site in Kastria's Velden district.", "Velden", "place"),
        # a person named after a role, set off by commas
        (
            "Quorra's chief operating officer, Dana Whitlock, said costs rose.",
            "Dana Whitlock",
            "person",
        ),
    ],
)
def test_what_a_name_names(text, name, kind):
    assert {m.name: m.kind for m in mentions(text)}[name] == kind


@pytest.mark.parametrize(
    "text",
    [
        "So far Quorra Metals has sold 40 t of NdPr oxide.",
        "Quorra Hill's Mineral Resource stands at 96Mt at 1.6% TREO.",
        "Quorra Metals FY25: output rose to 410 t of NdPr oxide.",
    ],
)
def test_words_that_are_no_subject(text):
    subjects = {c.subject for c in read_claims(text, DATED)}
    assert subjects and not subjects & {"So", "Mineral Resource", "Quorra Metals FY25"}


@pytest.mark.parametrize(
    ("text", "measure", "subject"),
    [
        # the lender of money is its counterpart, not its subject
        (
            "Quorra Metals drew a C$80 million loan from Banque du Velden in March.",
            "funding",
            "Quorra Metals",
        ),
        # the buyer in a supply agreement is its counterpart
        (
            "Quorra Metals signed a binding offtake with carmaker Velten Motors for 800 tpa"
            " of NdPr oxide.",
            "sales",
            "Quorra Metals",
        ),
    ],
)
def test_the_other_party_of_a_deal_is_no_subject(text, measure, subject):
    claims = [c for c in read_claims(text, DATED) if c.measure == measure]
    assert claims and claims[0].subject == subject


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Velden Holdings already held about 19.9% of Quorra Metals.", []),
        ("Quorra holds a 25% interest in the Velden project.", []),
        ("It bought a 51% stake in the mine.", []),
        # a share of supply or of a market is a figure
        ("It wants 30% of Europe's magnet demand by 2030.", [(30.0, "%")]),
        ("The loan carries an 8% interest rate.", [(8.0, "%")]),
    ],
)
def test_a_stake_in_a_company_is_no_figure(text, expected):
    assert _figures(text) == expected


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("“We're not going to make a magnet in 2026,” Dana Whitlock said.", "We're"),
        ("“I'm not going to pretend we have made 40 tonnes,” she said.", "I'm"),
        ("Inside Kastria the domestic price held at 1.69 million yuan a tonne.", "Inside Kastria"),
        ("Payback of 3.4 years at a long-term NdPr oxide price of US$95/kg", "Payback"),
    ],
)
def test_sentence_openers_are_no_names(text, not_a_name):
    assert not_a_name not in {m.name for m in mentions(text)}


def test_a_figure_whose_measure_is_borrowed_from_a_later_clause_shows_no_output():
    text = (
        "“People see 212 million tonnes and think we're the next big thing, but we haven't"
        " produced a kilogram,” Dana Whitlock said."
    )
    assert not any(c.shows_output for c in read_claims(text, DATED))
    # the measure named before the figure, or by a table's header, still shows it
    assert any(c.shows_output for c in read_claims("Quorra Metals produced 310 t in Q3.", DATED))


def test_a_running_total_is_of_no_one_period():
    text = (
        "Velden made 140 t of NdPr oxide in October-December, bringing its output since "
        "first production to 205 t."
    )
    periods = {c.value: c.period for c in read_claims(text, ClaimContext(date="2026-01-20"))}
    assert periods[140.0] == "Q4 2025"
    assert periods[205.0] is None


def test_money_raised_to_build_is_no_construction_done():
    text = (
        "Orrin Minerals closed a C$30 million placing in May to pay for drilling at Kestle "
        "Lake, which a 2024 PEA costed at C$410m to build."
    )
    built = [c for c in read_claims(text, DATED) if c.measure == "construction_start"]
    assert built and all(c.modality != "achieved" for c in built)
    # the study's year is not the year of the construction
    assert all(c.period != "2024" for c in built)
    started = read_claims("Orrin Minerals began to build the Kestle plant in 2024.", DATED)
    assert any(c.measure == "construction_start" and c.period == "2024" for c in started)


@pytest.mark.parametrize(
    "text, measure",
    [
        ("No construction percentage has been published for Kestle.", "construction_start"),
        ("Orrin did not give production figures for the quarter.", "production"),
    ],
)
def test_a_figure_not_disclosed_denies_no_status(text, measure):
    assert not any(
        c.measure == measure and c.modality == "negated" for c in read_claims(text, DATED)
    )
    # the status itself denied still is
    denied = read_claims("Orrin has not started construction at Kestle.", DATED)
    assert any(c.measure == "construction_start" and c.modality == "negated" for c in denied)


def test_a_report_s_quarterly_figures_are_of_the_quarter_it_reports_on():
    bullet = (
        "• Record quarterly production of 412t REO in concentrate, up 18% on the September quarter"
    )
    titled = ClaimContext(
        title="Orrin Minerals Quarterly Report - December 2025 Quarter", date="2026-01-27"
    )
    opened = ClaimContext(
        title="QUARTERLY ACTIVITIES REPORT",
        date="2026-01-27",
        opening="Orrin Minerals reports on its activities for the quarter ended 31 December 2025.",
    )
    for context in (titled, opened):
        (made,) = [c for c in read_claims(bullet, context) if c.value == 412.0]
        assert made.period == "Q4 2025"  # not the September quarter it is compared with
    # a news story's "in the quarter" names no quarter of its own title
    (news,) = read_claims(
        "Orrin sold 300t in the quarter.", ClaimContext(title="Orrin ships", date="2026-01-27")
    )
    assert news.period is None


@pytest.mark.parametrize(
    "text",
    [
        "Kestle is a permitted, partly funded restart, and first ore is targeted for May 2027.",
        "Orrin owns a fully licensed separation plant that it hopes to restart next year.",
    ],
)
def test_a_status_that_describes_the_subject_holds_whatever_is_planned_next(text):
    (permit,) = [c for c in read_claims(text, DATED) if c.measure == "licence"]
    assert permit.modality == "achieved"


def test_a_status_adjective_denied_stays_denied():
    denied = read_claims("Kestle is not yet a fully permitted project.", DATED)
    assert all(c.modality != "achieved" for c in denied if c.measure == "licence")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Orrin raised the plant's estimated cost to A$1.7–1.8 billion.", 1_700_000_000.0),
        ("The study put capital costs at US$2-3bn.", 2_000_000_000.0),
        ("Orrin drew US$ 12.5 to 14 million of the loan.", 12_500_000.0),
    ],
)
def test_a_range_of_money_takes_the_scale_written_after_its_other_end(text, value):
    (money,) = [q for q in quantities(text) if q.kind == "money"]
    assert money.value == value


def _figure_alone(site) -> str:
    """A decider that reads each figure by the few words right before it, as a model that
    weighs the words around a figure may: a part ("including about 700t") reads achieved."""
    before = site.sentence[max(0, site.figure[0] - 30) : site.figure[0]]
    if re.search(r"designed|nameplate", before):
        return "capacity"
    return "planned" if re.search(r"expects", before) else "achieved"


@pytest.mark.parametrize(
    "text",
    [
        "The Velden plant is designed to make 3,000t of separated oxides a year, "
        "including about 700t of NdPr.",
        "Quorra's separation section has a nameplate of 2,400tpa of REO, of which about "
        "600t is NdPr oxide.",
        "The plant is designed to separate 2,500 tpa of oxides, about 600 tonnes "
        "of it NdPr, with space for a second phase.",
    ],
)
def test_a_part_of_a_design_figure_with_no_verb_of_its_own_is_a_design_figure(text):
    found = read_claims(text, ClaimContext(date="2026-03-01"), model=_figure_alone)
    assert [(c.measure, c.modality, c.unit) for c in found[:2]] == [
        ("capacity", "capacity", "t/yr")
    ] * 2
    assert not any(c.shows_output for c in found)


def test_a_part_with_a_verb_of_its_own_keeps_its_own_modality():
    text = "Orrin expects to spend €60mn on the line, of which €25mn has already been spent."
    found = read_claims(text, ClaimContext(date="2026-03-01"), model=_figure_alone)
    assert [c.modality for c in found] == ["planned", "achieved"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Orrin sold 241t of NdPr oxide in the quarter against 300t budgeted.", "planned"),
        ("Velden made 412 tons, well short of the 900 tons it had forecast in July.", "planned"),
        ("Quorra made 310 tons in 2025, below the 500 tons it had targeted.", "target"),
        ("Magnet sales of 214t missed our 260t estimate.", "hypothetical"),
    ],
)
def test_a_figure_a_result_is_set_against_is_a_plan(text, kind):
    found = read_claims(text, ClaimContext(date="2026-03-01"), model=_figure_alone)
    assert [c.modality for c in found] == ["achieved", kind]


def test_a_figure_below_which_something_could_fall_is_no_benchmark():
    found = read_claims(
        "Velden said the price could drop below US$50/kg if the quota is cut.",
        ClaimContext(date="2026-03-01"),
        model=lambda site: "achieved",
    )
    assert [c.modality for c in found] == ["achieved"]


@pytest.mark.parametrize(
    "text, subject",
    [
        (
            "The survey recorded only 20 t REO of Brazilian mine production for 2024, a figure "
            "hard to square with Quorra Metals' reported start.",
            "Brazil",
        ),
        ("Brazil's USGS reserves of 21 Mt REO dwarf its 2024 mine output of 20 t REO.", "Brazil"),
        ("Canada's Velden Metals produced 20 t of oxide in 2024.", "Velden Metals"),
        ("Quorra Metals supplied 12% of Chinese demand in 2024.", "Quorra Metals"),
    ],
)
def test_a_country_whose_output_or_reserves_a_figure_is_is_its_subject(text, subject):
    found = read_claims(text, ClaimContext(date="2026-03-01", subjects=("Quorra Metals",)))
    assert {c.subject for c in found} == {subject}


def test_a_mass_of_a_country_s_output_is_the_country_s_whatever_site_the_sentence_names():
    found = read_claims(
        "Quorra Metals says it began output at its Velden mine in Goias in 2024, yet the "
        "survey recorded only 20 t REO of Brazilian mine production for that year.",
        ClaimContext(date="2026-03-01", subjects=("Quorra Metals",)),
    )
    assert [c.subject for c in found if c.value == 20] == ["Brazil"]


def test_names_after_a_reference_are_objects_and_it_still_means_the_reference():
    sentences = [
        "Quorra Metals said on Monday its first oxide had shipped.",
        "The company expects to deliver 250 t of oxide to Velden Magnetics in 2026.",
        "It does not expect to decide on a heavy rare earth circuit before 2027.",
    ]
    last = sentence_referents(sentences, ["Quorra Metals"])[-1]
    assert last.for_sentence(sentences[-1]) == "Quorra Metals"


def test_a_reference_that_names_what_it_stands_for_makes_that_the_subject():
    sentences = [
        "The venture, Orrin Altmark Magnetics, is slated to start trial production in 2027.",
        "It will have design capacity of 3,000 tpa of sintered magnets.",
    ]
    last = sentence_referents(sentences, ["Quorra Metals", "Orrin Altmark Magnetics"])[-1]
    assert last.for_sentence(sentences[-1]) == "Orrin Altmark Magnetics"


def test_a_denial_of_knowing_denies_no_output():
    text = (
        "Quorra passes the mine check outside China, but its separation and offtake checks "
        "cannot be confirmed from public sources."
    )
    denied = lambda site: "negated"  # noqa: E731 - a model that reads every status as denied
    found = read_claims(text, ClaimContext(date="2026-03-01"), model=denied)
    assert not [c for c in found if c.measure in ("production", "sales")]
    still = read_claims(
        "Quorra has not produced any oxide, and its figures cannot be verified.",
        ClaimContext(date="2026-03-01"),
        model=denied,
    )
    assert [c.modality for c in still if c.measure == "production"] == ["negated"]


def test_a_young_company_called_a_start_up_is_no_commissioning():
    found = _read("Quorra Magnetics, a magnet start-up founded in 2023, raised US$65 million.")
    assert "commissioning" not in {c["measure"] for c in found}
    assert "commissioning" in {
        c["measure"] for c in _read("The Velden plant's start-up is now expected in May 2026.")
    }


def test_rare_earth_oxide_contained_in_concentrate_is_the_basis_of_output_not_a_resource():
    found = _read(
        "Quorra raised production of REO contained in concentrate at Velden by 32pc in "
        "October-December from the previous three months."
    )
    assert [c["measure"] for c in found] == ["production"]
    assert [c["measure"] for c in _read("Velden holds 1.2 Mt of contained TREO.")] == ["resource"]


@pytest.mark.parametrize(
    "text",
    [
        "• First mixed rare earth carbonate produced at the Velden refinery in October 2025",
        "Quorra Metals said its Velden plant had produced its first dysprosium oxide, making it "
        "the first heavy rare earth separator in the region.",
    ],
)
def test_a_first_output_made_is_a_milestone_not_a_status_of_supply(text):
    found = _read(text)
    assert ("first_production", "achieved") in {(c["measure"], c["modality"]) for c in found}
    assert "production" not in {c["measure"] for c in found}


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Metallurgical testwork produced a 38pc TREO concentrate, the company said.", "grade"),
        ("Shares rose 9pc in early trade after Quorra said sales should top 1,600t.", "price"),
        ("Imports rose to 286t, with Ostravian smelters supplying 81pc of the total.", "share"),
    ],
)
def test_a_percentage_of_an_assay_a_stock_or_a_total_is_no_output(text, measure):
    percent = [c for c in _read(text) if c["unit"] == "%"]
    assert [c["measure"] for c in percent] == [measure]


@pytest.mark.parametrize(
    ("text", "base"),
    [
        # a quota's base is last year's quota, not output
        (
            "Ostravia set its 2026 mining quota at 62,000t of REO, down from 68,000t last year.",
            ("production", "target"),
        ),
        # a target's base, the target set by a verb, keeps its own reading (here the cue order's)
        (
            "Quorra aims to have 5,000 tpa of magnet capacity by 2030, up from 2,400 tpa now.",
            ("capacity", "achieved"),
        ),
        (
            "Quorra mined 412,000t of ore in the quarter, up from 356,000t in the June quarter.",
            ("production", "achieved"),
        ),
    ],
)
def test_the_base_of_a_change_is_a_figure_of_the_same_measure(text, base):
    found = read_claims(text, ClaimContext(date="2026-02-10"), model=cue_order)
    assert (found[1].measure, found[1].modality) == base
