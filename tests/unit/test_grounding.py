"""The grounding checker on planted errors (real encoder for the paraphrase fallback)."""

import pytest

from assistant.grounding import GroundingChecker
from assistant.text.names import entities
from assistant.text.numbers import claim_numbers, numbers_in

PASSAGE = (
    "Karrath Minerals produced 11,240 tonnes of REO in concentrate at Bindoon Creek in 2025. "
    "Its separation plant at Port Hedland turned out 1,310 tonnes of NdPr oxide in 2025. "
    "Ostrova Rare Metals aims to produce 4,000 t of mixed carbonate a year by 2031. "
    "The Yelbin expansion is subject to a conditional loan of A$300 million."
)


@pytest.fixture(scope="module")
def checker(embedder):
    # every rule is exercised, also on sentences quoted whole
    return GroundingChecker(embedder, trust_exact_quotes=False)


def test_exact_quotes_are_trusted_and_anything_else_is_checked(embedder):
    checker = GroundingChecker(embedder)
    quote = "Its separation plant at Port Hedland turned out 1,310 tonnes of NdPr oxide in 2025."
    assert checker.check(quote, [PASSAGE]).supported
    assert checker.check(quote, [PASSAGE]).reasons == []
    altered = quote.replace("1,310", "1,320")
    assert not checker.check(altered, [PASSAGE]).supported


@pytest.mark.parametrize(
    "claim",
    [
        "Its separation plant at Port Hedland turned out 1,310 tonnes of NdPr oxide in 2025.",
        "Port Hedland produced 1,310 t of NdPr oxide in 2025.",
        "Karrath Minerals produced 11,240 tonnes of REO in concentrate in 2025.",
        "Ostrova Rare Metals aims to produce 4,000 t of mixed carbonate a year by 2031.",
        "The Yelbin expansion depends on a conditional A$300m loan.",
    ],
)
def test_faithful_sentences_are_supported(checker, claim):
    verdict = checker.check(claim, [PASSAGE])
    assert verdict.supported, verdict.reasons


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("Port Hedland turned out 1,410 tonnes of NdPr oxide in 2025.", "number 1410"),
        ("Ostrova Rare Metals produced 1,310 tonnes of NdPr oxide in 2025.", "different fact"),
        ("Ostrova Rare Metals produced 4,000 t of mixed carbonate in 2031.", "qualifier (plan)"),
        ("The Yelbin expansion has a A$300 million loan.", "qualifier (condition)"),
        ("Port Hedland turned out 1,310 tonnes of NdPr magnets in 2025.", "unit or basis"),
        ("Karrath Minerals did not produce REO in concentrate in 2025.", "negation"),
        ("Lynas produced 11,240 tonnes of REO in concentrate in 2025.", "names not in"),
        ("Karrath Minerals produced 11,240 tonnes of REO in concentrate in March 2025.", "date"),
    ],
)
def test_planted_errors_are_caught_with_a_reason(checker, claim, reason):
    verdict = checker.check(claim, [PASSAGE])
    assert not verdict.supported
    assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_unrelated_sentence_is_unsupported(checker):
    verdict = checker.check("Greenland's parliament banned uranium mining in 2021.", [PASSAGE])
    assert not verdict.supported


def test_numbers_match_across_formats():
    assert 3_800_000 in numbers_in("3.8 Mt of reserves")
    assert 1.5e9 in numbers_in("a US$1.5bn plan")
    assert 2025 in numbers_in("in FY25")
    assert claim_numbers("6,558 t") == [{6558.0}]


def test_entities_skip_sentence_openers_and_units():
    assert entities("Output at Port Hedland rose 5 Mt in Q4.") == {"port", "hedland"}
    assert "lynas" in entities("Lynas produced NdPr.")
    assert entities("Output in 4Q25 rose.") == set()  # a quarter, not the name "Q25"
    assert entities("Hi, I'm asking about Lynas's plant.") == {"lynas"}
    assert entities("Morning! Prepping a Japan trip.") == {"japan"}  # an inflected opener
    assert entities("Doing DD for the IC on SX capacity.") == {"sx"}  # chat shorthand
    assert entities("Exports from Japan fell in Jan-May 2025.") == {"japan"}  # months
    # periods and runs of element symbols say when and what, not who
    assert entities("Lynas made more in H1 FY26 than in Q3-Q4 2025.") == {"lynas"}
    assert entities("Exports from Japan fell after the Oct-9 controls.") == {"japan"}
    assert entities("Who separates NdPr/DyTb outside China?") == {"china"}


def test_years_are_read_from_financial_years_too():
    from assistant.text.dates import years_in

    assert years_in("what will lynas revenue be in FY2030?") == {2030}
    assert years_in("Lynas FY30 target, after 2025") == {2030, 2025}


def test_answer_level_ratio(checker):
    report = checker.check_answer(
        [
            ("Port Hedland produced 1,310 t of NdPr oxide in 2025.", [PASSAGE]),
            ("Port Hedland produced 9,999 t of NdPr oxide in 2025.", [PASSAGE]),
        ]
    )
    assert report["supported_ratio"] == 0.5
    assert report["unsupported"][0]["text"].startswith("Port Hedland produced 9,999")


DATED = (
    "Tolmere Refining said on 4 May 2026 that its Halvik line is 70% built. Its operating "
    "licence was renewed in March 2026 for ten years, and first oxide is now expected in the "
    "third quarter of 2027 rather than late 2026. Pricing is set at US$98 per kilogram of NdPr "
    "oxide. The quotas were not published, and for the first time they cover imported ore. "
    "A permit decision could take up to three years. Tolmere buys roughly four-fifths of its "
    "feed from Varn Mining, and its plants process imported ore."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Tolmere's operating licence was renewed in Mar 2026 for ten years.",
        "First oxide at Halvik is now expected in Q3 2027.",
        "Tolmere's NdPr oxide is priced at $98/kg.",
        "The quotas were not published.",
        "A permit decision could take up to three years.",
        "Roughly four-fifths of Tolmere's feed comes from Varn Mining.",
        # whole sentences quoted verbatim keep all their clauses
        "The quotas were not published, and for the first time they cover imported ore.",
        "Its operating licence was renewed in March 2026 for ten years, and first oxide is now "
        "expected in the third quarter of 2027 rather than late 2026.",
    ],
)
def test_dates_rates_and_clauses_restated_faithfully_pass(checker, claim):
    verdict = checker.check(claim, [DATED])
    assert verdict.supported, verdict.reasons


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        # both numbers are in the passage, but not as this date
        ("Tolmere's operating licence was renewed in March 2027 for ten years.", "date"),
        ("First oxide at Halvik is now expected in the third quarter of 2026.", "q3 2026"),
        ("Tolmere's NdPr oxide is priced at US$98 per tonne.", "not per tonne"),
        ("For the first time the quotas do not cover imported ore.", "negation"),
        ("A permit decision could take up to five years.", "number 5"),
        ("Tolmere's plants process only domestically mined ore.", "contradicts"),
    ],
)
def test_swapped_dates_rates_negations_and_counts_fail(checker, claim, reason):
    verdict = checker.check(claim, [DATED])
    assert not verdict.supported
    assert any(reason in r for r in verdict.reasons), verdict.reasons


BOUND = (
    "Orvel Minerals says the host intrusion at its Skaill project holds 2.4 billion tonnes of "
    "mineralised rock. Its JORC resource covers only 41 million tonnes at 0.6% TREO. "
    "A survey found the median magnet inventory fell from 12 weeks to 5 weeks. Eight "
    "respondents said their magnet inventory ran out. Orvel will build a 400-tonne-a-year "
    "separation plant in Wittenberg, Saxony-Anhalt, to separate 60 tonnes a year of dysprosium and "
    "terbium oxides combined. In August 2025 it sent a bulk sample to a laboratory in Denmark."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Orvel's JORC resource at Skaill is 41 Mt at 0.6% TREO.",
        "The median magnet inventory dropped to five weeks.",
        "Orvel plans a 400 t/yr separation plant in Saxony-Anhalt.",
        "Orvel sent a bulk sample to a Danish laboratory in August 2025.",
    ],
)
def test_bound_figures_restated_faithfully_pass(checker, claim):
    verdict = checker.check(claim, [BOUND])
    assert verdict.supported, verdict.reasons


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        # 8 is in the passage, but it counts respondents, not weeks
        ("The median magnet inventory fell from 12 weeks to 8 weeks.", "not a duration"),
        # 2.4 billion tonnes is the host rock, not the resource
        ("Orvel's JORC resource at Skaill covers 2.4 billion tonnes.", "not a resource"),
        ("Orvel will build its separation plant in Wittenberg, Saxony.", "names not in"),
        ("The plant will separate 60 tonnes a year each of dysprosium and terbium oxides.", "each"),
        ("Orvel builds a 400-tonne-a-year separation plant in Saxony-Anhalt.", "future"),
        (
            "Orvel sent a bulk sample to a laboratory in Denmark in August 2025 and began "
            "construction of a pilot mine later that year.",
            "adds a clause",
        ),
    ],
)
def test_figures_bound_to_another_measure_kind_or_place_fail(checker, claim, reason):
    verdict = checker.check(claim, [BOUND])
    assert not verdict.supported
    assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_every_corpus_sentence_is_supported_by_its_own_chunk(checker):
    """The extractive composer quotes passage sentences verbatim: the checker must never
    reject a sentence against the passage it was taken from."""
    from assistant.chunking import chunk_document
    from assistant.ingest import IngestReport, discover
    from assistant.loaders import load_file
    from assistant.settings import Settings
    from assistant.text.sentences import sentence_spans

    settings = Settings()
    rejected = []
    for path in discover([settings.corpus_dir], IngestReport()):
        doc = load_file(path, settings.max_file_bytes)
        for chunk in chunk_document(doc, settings.chunk_max_words, 1):
            for span in sentence_spans(chunk.text):
                sentence = chunk.text[span.start : span.end].strip()
                verdict = checker.check(sentence, [chunk.text])
                if len(sentence.split()) >= 5 and not verdict.supported:
                    rejected.append((doc.doc_id, sentence, verdict.reasons))
    assert not rejected, rejected[:5]


def test_a_figure_moved_to_another_element_fails(checker):
    passage = (
        "Veyra Chemicals separated 410 tonnes of rare-earth oxides near Le Havre in 2025, mostly "
        "lanthanum and cerium for catalysts. It aims to supply NdPr oxide to magnet makers."
    )
    moved = "Most of the 410 tonnes Veyra Chemicals separated in 2025 were neodymium oxide."
    kept = "Most of the 410 tonnes Veyra Chemicals separated in 2025 were lanthanum and cerium."
    verdict = checker.check(moved, [passage])
    assert not verdict.supported and "element" in " ".join(verdict.reasons)
    assert checker.check(kept, [passage]).supported


def test_element_symbols_in_a_claim_are_elements_only_as_written(checker):
    passage = (
        "Veyra Chemicals separated 410 tonnes of rare-earth oxides near Le Havre in 2025, mostly "
        "lanthanum and cerium for catalysts. It aims to supply NdPr oxide to magnet makers. "
        "Its PR team said a dysprosium line would follow in 2027."
    )
    symbol_moved = "Veyra Chemicals separated 410 tonnes of NdPr oxide near Le Havre in 2025."
    verdict = checker.check(symbol_moved, [passage])
    assert not verdict.supported and "element" in " ".join(verdict.reasons)
    assert checker.check("Veyra said a Dy line would follow in 2027.", [passage]).supported
    expanded = "It aims to supply neodymium-praseodymium oxide to magnet makers."
    assert checker.check(expanded.replace("neodymium-praseodymium", "NdPr"), [expanded]).supported


STATUS = (
    "Quarnby Rare Earths is still negotiating an offtake for the oxide from its Lindau line. "
    "A regional fund has committed EUR 25 million to the line, but none of it has been "
    "disbursed. Trial runs were suspended in May 2025 while a filter was replaced."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Quarnby Rare Earths has signed an offtake for the oxide from its Lindau line.", False),
        ("A regional fund has disbursed EUR 25 million to Quarnby's Lindau line.", False),
        ("Trial runs on the Lindau line continued in May 2025 while a filter was replaced.", False),
        ("Quarnby has not yet signed an offtake for the oxide from its Lindau line.", True),
        ("A regional fund committed EUR 25 million to the line but disbursed none of it.", True),
        ("Trial runs on the Lindau line were suspended in May 2025.", True),
    ],
)
def test_what_is_promised_or_unfinished_is_not_restated_as_done(checker, claim, supported):
    verdict = checker.check(claim, [STATUS])
    assert verdict.supported == supported, verdict.reasons


LADDER = (
    "Corrib Metals has applied for a mining licence for its Lough Ree deposit. "
    "It signed a binding offtake with a Danish magnet maker for 800 tonnes of NdPr oxide "
    "over five years."
)


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("Corrib Metals has received a mining licence for its Lough Ree deposit.", "contradicts"),
        ("Corrib will sell 800 tonnes of NdPr oxide a year to a Danish magnet maker.", "per-year"),
        (
            "Corrib signed a binding offtake with a Swedish magnet maker for 800 t of NdPr oxide.",
            "nationality",
        ),
    ],
)
def test_status_basis_and_buyer_must_be_the_passages(checker, claim, reason):
    verdict = checker.check(claim, [LADDER])
    assert not verdict.supported
    assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_a_faithful_restatement_of_status_basis_and_buyer_passes(checker):
    faithful = (
        "Corrib agreed a binding deal to sell a Danish magnet maker 800 t of NdPr oxide "
        "over five years."
    )
    verdict = checker.check(faithful, [LADDER])
    assert verdict.supported, verdict.reasons


PRICES = (
    "Brannock Metals holds a 30-year lease on its Tullow Hill deposit. "
    "Its terbium oxide sold for 6,900 yuan per kilogram in January 2026, about a third "
    "higher than a year before."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Brannock's lease on Tullow Hill runs for three decades.",
        "Brannock sold terbium oxide for CNY 6,900/kg in January 2026.",
    ],
)
def test_decades_and_currency_codes_are_formats_of_the_same_figure(checker, claim):
    verdict = checker.check(claim, [PRICES])
    assert verdict.supported, verdict.reasons


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("Brannock sold terbium oxide for US$6,900/kg in January 2026.", "US dollars"),
        ("Brannock's terbium oxide was about a third cheaper than a year before.", "cheaper"),
    ],
)
def test_another_currency_or_direction_fails(checker, claim, reason):
    verdict = checker.check(claim, [PRICES])
    assert not verdict.supported
    assert any(reason in r for r in verdict.reasons), verdict.reasons


UNDER_WAY = (
    "Holmfirth Metals is running a scoping study on its Aberdare project. It is in talks with "
    "two smelters about toll treatment, and a regional bank is reviewing a GBP 12 million loan. "
    "A pilot plant is still being built."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Holmfirth Metals has completed a scoping study on its Aberdare project.", False),
        ("Holmfirth has signed a toll-treatment deal with a smelter.", False),
        ("A regional bank has approved a GBP 12 million loan to Holmfirth.", False),
        ("Holmfirth's pilot plant has been built.", False),
        ("A scoping study on Aberdare is under way.", True),
        ("A regional bank is considering a GBP 12 million loan to Holmfirth.", True),
        ("Holmfirth's pilot plant is still being built.", True),
    ],
)
def test_what_is_under_way_is_not_restated_as_done(checker, claim, supported):
    verdict = checker.check(claim, [UNDER_WAY])
    assert verdict.supported == supported, verdict.reasons


PLACES = (
    "Torvane Chemicals refines its cerium in Antwerp and sells catalysts in Spain and Italy. "
    "It ships mixed carbonate from Namibia to a plant in Estonia."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Torvane Chemicals refines its cerium in Spain.", False),
        ("Torvane sells catalysts in Antwerp and Italy.", False),
        ("Torvane sells catalysts in Italy and Spain and refines cerium in Antwerp.", True),
        ("Torvane ships mixed carbonate from Namibia to Estonia.", True),
    ],
)
def test_a_place_must_be_attached_where_the_passage_attaches_it(checker, claim, supported):
    verdict = checker.check(claim, [PLACES])
    assert verdict.supported == supported, verdict.reasons


HALVES = (
    "Ormsby Chemicals separated 610 t of oxide in H1 2025 and 740 t in H2 2025, and it "
    "expects 2,000 t a year from 2027. Its permit was renewed in May 2025, a year earlier "
    "than required."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Ormsby Chemicals separated 740 t of oxide in H1 2025.", False),
        (
            "Ormsby separated 610 t of oxide in the first half of 2025 and 740 t in the second.",
            True,
        ),
        ("Ormsby expects to separate 2,000 t of oxide a year from 2027.", True),
    ],
)
def test_a_figure_keeps_the_period_written_after_it(checker, claim, supported):
    verdict = checker.check(claim, [HALVES])
    assert verdict.supported == supported, verdict.reasons


def test_a_year_earlier_is_not_a_per_year_basis():
    from assistant.grounding import _per_year_after

    assert _per_year_after("It expects 2,000 t a year from 2027.", {2000.0})
    assert not _per_year_after("It renewed 3 permits, a year earlier than required.", {3.0})


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("20ktpa of concentrate", 20_000),
        ("a 1.5Mtpa mill", 1_500_000),
        ("5,000t of NdPr", 5_000),
        ("10,000tpa", 10_000),
        ("c.5,000t", 5_000),
        ("1.5x the resource", 1.5),
        ("a R184 million loan", 184e6),
        ("R1.2bn", 1.2e9),
        ("INR7,280 crore", 7.28e10),
        ("Rs 7,280 crore", 7.28e10),
        ("6,450 crore rupees", 6.45e10),
        ("5 lakh tonnes", 5e5),
        ("Rp 1 trillion", 1e12),
        ("US$1.2tn", 1.2e12),
        ("a 700-billion-rouble cluster", 7e11),
    ],
)
def test_compact_and_regional_number_formats_are_read_whole(written, value):
    assert value in numbers_in(written)


@pytest.mark.parametrize(
    ("written", "wrong"),
    [("20ktpa", 2.0), ("1.5Mtpa", 1.0), ("5,000t", 5.0), ("10,000tpa", 0.0), ("the 10th", 1.0)],
)
def test_a_number_is_never_read_from_part_of_its_digits(written, wrong):
    assert wrong not in numbers_in(written)


REGIONAL = (
    "Kestrel Sands plans 20ktpa of monazite concentrate from 2028. The Industrial Finance "
    "Agency approved a R184 million loan for the plant, and Kestrel's Indian partner "
    "committed INR 1,200 crore to a magnet line."
)


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("Kestrel Sands plans 20ktpa of monazite concentrate from 2028.", None),
        ("Kestrel Sands plans 20,000 t a year of monazite concentrate from 2028.", None),
        ("The Industrial Finance Agency approved a R184m loan for Kestrel's plant.", None),
        ("The Industrial Finance Agency approved a ZAR 184 million loan for the plant.", None),
        ("Kestrel's Indian partner committed Rs 1,200 crore to a magnet line.", None),
        ("Kestrel's Indian partner committed INR 12 billion to a magnet line.", None),
        ("Kestrel's Indian partner committed 1,200 crore rupees to a magnet line.", None),
        ("Kestrel Sands plans 2ktpa of monazite concentrate from 2028.", "number 2 "),
        ("The Industrial Finance Agency approved a R148 million loan.", "number 148 "),
        ("The Industrial Finance Agency approved a US$184 million loan.", "US dollars"),
        ("Kestrel's Indian partner committed INR 12,000 crore to a magnet line.", "12000"),
    ],
)
def test_figures_in_compact_units_and_other_currencies_are_checked(checker, claim, reason):
    """A faithful restatement passes (reason None); a swapped figure or currency fails,
    saying why."""
    verdict = checker.check(claim, [REGIONAL])
    assert verdict.supported is (reason is None), verdict.reasons
    assert reason is None or any(reason in r for r in verdict.reasons), verdict.reasons
