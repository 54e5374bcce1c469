"""The verdict reached from claims (assistant/verdict.py), on fictional rows as the pipeline
hands them over: each sentence with its citations, section, subject and claims."""

import datetime as dt

import pytest

from assistant.verdict import asked_of, reach_verdict


def claim(measure, modality, value=None, unit=None, material=None, period=None, subject="Quorra"):
    return {
        "subject": subject,
        "measure": measure,
        "modality": modality,
        "value": value,
        "unit": unit,
        "material": material,
        "period": period,
    }


def row(text, claims, n=1, section="deliverable_supply", subject="Quorra Metals"):
    return {
        "text": text,
        "citations": [n],
        "section": section,
        "subject": subject,
        "claims": claims,
    }


PRODUCED = row(
    "Quorra Metals produced 310 t of NdPr oxide in Q3 2025.",
    [claim("production", "achieved", 310.0, "t", "NdPr oxide", "Q3 2025")],
)
CAPACITY = row(
    "The Velden plant is designed to make 2,000 tonnes a year of NdPr oxide.",
    [claim("capacity", "capacity", 2000.0, "t/yr", "NdPr oxide")],
    n=2,
    section="resource_potential",
)
PLANNED = row(
    "Quorra plans to begin NdPr oxide production at Velden in 2027.",
    [claim("first_production", "planned", material="NdPr oxide", period="2027")],
    n=3,
    section="resource_potential",
)
CONDITIONAL_LOAN = row(
    "The agency offered Quorra a conditional commitment for a loan of up to $90 million.",
    [claim("funding", "conditional", 90_000_000.0, "USD")],
    n=4,
    section="resource_potential",
)


NOW = dt.date(2026, 3, 1)


def verdict_for(question, rows, subjects=("Quorra",), as_of=None):
    return reach_verdict(asked_of(question, list(subjects), as_of), rows)


def test_achieved_output_delivers_and_the_line_copies_its_figure():
    v = verdict_for("How much NdPr oxide does Quorra produce?", [PRODUCED, PLANNED])
    assert v.status == "delivering"
    delivered = [line for line in v.lines if line.kind == "delivered"]
    assert delivered and "310 t NdPr oxide in Q3 2025 [1]" in delivered[0].text
    assert any(line.kind == "potential" and "[3]" in line.text for line in v.lines)


def test_plans_and_design_capacity_alone_are_potential_only():
    v = verdict_for("Is Quorra producing NdPr oxide?", [CAPACITY, PLANNED])
    assert v.status == "potential_only"
    assert all(line.kind != "delivered" for line in v.lines)


def test_conditional_money_is_not_financing():
    v = verdict_for("Has Quorra received the loan?", [CONDITIONAL_LOAN])
    assert v.status == "potential_only"
    v = verdict_for(
        "Has Quorra received the loan?",
        [
            row(
                "Quorra drew the first $40 million of the loan in May.",
                [claim("funding", "achieved", 40_000_000.0, "USD")],
                n=5,
            )
        ],
    )
    assert v.status == "in_pipeline"


def test_a_quarter_the_sources_do_not_cover_is_not_shown_and_the_nearest_is_named():
    v = verdict_for("What did Quorra produce in Q1 2026?", [PRODUCED])
    assert v.status == "not_shown"
    (line,) = v.lines
    assert line.kind == "missing" and "Q1 2026" in line.text
    assert "310 t" in line.text and line.citations == [1]


def test_a_quarter_without_a_year_is_read_as_of_the_newest_article():
    v = verdict_for(
        "What did Quorra produce in the September quarter?",
        [PRODUCED],
        as_of=dt.date(2025, 11, 2),
    )
    assert v.status == "delivering"


def test_an_element_no_claim_gives_is_not_shown():
    v = verdict_for("How much terbium does Quorra produce?", [PRODUCED])
    assert v.status == "not_shown"
    assert "terbium" in v.lines[0].text


def test_output_well_below_capacity_is_partly_delivering_with_a_computed_line():
    yearly = row(
        "Quorra produced 400 t of NdPr oxide in calendar 2025.",
        [claim("production", "achieved", 400.0, "t", "NdPr oxide", "2025")],
        n=6,
    )
    v = verdict_for("How much NdPr oxide does Quorra produce?", [yearly, CAPACITY])
    assert v.status == "partly_delivering"
    computed = [line for line in v.lines if line.kind == "computed"]
    assert computed and "20%" in computed[0].text and computed[0].citations == [2, 6]


def test_pilot_scale_output_is_partly_delivering():
    pilot = row(
        "The pilot line produced 2 t of NdPr oxide in Q3 2025.",
        [claim("production", "achieved", 2.0, "t", "NdPr oxide", "Q3 2025")],
    )
    assert verdict_for("Is Quorra producing?", [pilot]).status == "partly_delivering"


def test_a_refused_permit_blocks():
    refused = row(
        "Regulators refused Quorra's mining permit for Velden in March.",
        [claim("licence", "negated")],
        n=7,
        section="constraints",
    )
    v = verdict_for("Can Quorra mine at Velden?", [refused, PLANNED])
    assert v.status == "blocked"
    assert any(line.kind == "constraint" and "[7]" in line.text for line in v.lines)


def test_construction_under_way_is_in_the_pipeline():
    building = row(
        "Construction of the Velden separation plant is under way.",
        [claim("construction_start", "in_progress")],
        n=8,
        section="pipeline",
    )
    v = verdict_for("Is Quorra producing?", [building, CAPACITY])
    assert v.status == "in_pipeline"


def test_claims_about_another_company_do_not_decide():
    other = row(
        "Brenlock Minerals produced 900 t of NdPr oxide in Q3 2025.",
        [claim("production", "achieved", 900.0, "t", "NdPr oxide", "Q3 2025", subject="Brenlock")],
        subject="Brenlock Minerals",
    )
    v = verdict_for("Is Quorra producing NdPr oxide?", [other, PLANNED])
    assert v.status == "potential_only"


def test_a_policy_question_with_no_subject_claims_is_not_applicable():
    v = verdict_for("What is a rare-earth separation plant?", [], subjects=())
    assert v.status == "not_applicable" and v.lines == []


@pytest.mark.parametrize(
    "question",
    [
        "What does a Dunmere Credit Agency conditional commitment actually guarantee?",
        "What would the Halvard offtake oblige the buyer to?",
    ],
)
def test_what_an_instrument_binds_anyone_to_is_a_question_of_its_terms(question):
    assert asked_of(question, ["Dunmere Credit Agency"]).general
    assert not asked_of("Does Halvard produce magnets?", ["Halvard"]).general


@pytest.mark.parametrize(
    "question",
    [
        "Is Kastria's March 2025 licensing on dysprosium still in force?",
        "Does the Kastrian dual-use ban hit civilian magnet buyers?",
        "Did Kastria scrap its rare earth export controls after the summit?",
    ],
)
def test_a_policys_scope_or_standing_is_no_question_of_delivery(question):
    assert asked_of(question, ["Kastria"]).general
    assert not asked_of("Has Halvard got its export licence yet?", ["Halvard"]).general


@pytest.mark.parametrize("rows", [[PRODUCED, CAPACITY, PLANNED], [CAPACITY, CONDITIONAL_LOAN]])
def test_every_figure_in_a_line_is_a_figure_of_a_cited_claim(rows):
    from assistant.evaluation.verdict_scores import unsupported_figures

    v = verdict_for("How much NdPr oxide does Quorra produce?", rows)
    answer = {"verdict": v.to_dict(), "sections": [{"sentences": rows}], "evidence_more": []}
    assert unsupported_figures(answer) == []


def test_a_quarter_at_its_yearly_rate_well_below_capacity_is_partly_delivering():
    quarter = row(
        "The plant produced 138 t of NdPr oxide in the December quarter.",
        [claim("production", "achieved", 138.0, "t", "NdPr oxide", "Q4 2025")],
        n=9,
    )
    v = verdict_for("Is Quorra producing NdPr oxide?", [quarter, CAPACITY])
    assert v.status == "partly_delivering"
    computed = [line for line in v.lines if line.kind == "computed"]
    assert computed and "28%" in computed[0].text and "yearly rate" in computed[0].text


def test_a_yearly_figure_the_question_states_is_weighed_against_output():
    quarter = row(
        "Quorra produced 138 t of NdPr oxide in Q4 2025.",
        [claim("production", "achieved", 138.0, "t", "NdPr oxide", "Q4 2025")],
    )
    asked = "Is Quorra producing its 2,000 t/yr of NdPr oxide?"
    assert verdict_for(asked, [quarter]).status == "partly_delivering"
    assert verdict_for("Is Quorra producing its 500 t/yr of NdPr oxide?", [quarter]).status == (
        "delivering"
    )


def test_a_denial_of_building_outweighs_one_sentence_read_as_under_way():
    building = row(
        "Quorra said construction was advancing.",
        [claim("construction_start", "in_progress")],
        n=10,
        section="pipeline",
    )
    denial = row(
        "Quorra has no final investment decision and no construction under way.",
        [claim("fid", "negated"), claim("construction_start", "negated")],
        n=11,
        section="constraints",
    )
    assert verdict_for("Is Quorra being built?", [building]).status == "in_pipeline"
    assert verdict_for("Is Quorra being built?", [building, denial]).status == "potential_only"


def test_without_a_decision_to_build_an_offtake_read_as_under_way_is_not_pipeline():
    offtake = row(
        "Quorra has a supply deal for NdPr oxide, with volumes that depend on the plant.",
        [claim("sales", "in_progress", material="NdPr oxide")],
        n=10,
        section="pipeline",
    )
    no_decision = row(
        "Quorra had not taken a final investment decision as of March 2026.",
        [claim("fid", "negated", period="March 2026")],
        n=11,
        section="constraints",
    )
    # asked of the project, not of the decision (which the decision's own claims answer)
    asked = "Is Quorra moving ahead?"
    assert verdict_for(asked, [offtake]).status == "in_pipeline"
    assert verdict_for(asked, [offtake, no_decision]).status == "potential_only"


def test_a_decision_asked_is_answered_by_the_decision_claims():
    early_works = row(
        "Quorra said early works at the site were progressing.",
        [claim("construction_start", "in_progress")],
        n=10,
        section="pipeline",
    )
    targeted = row(
        "Quorra is targeting a final investment decision in the first half of 2026.",
        [claim("fid", "target", period="H1 2026")],
        n=11,
        section="resource_potential",
    )
    taken = row(
        "Quorra took its final investment decision in February 2026.",
        [claim("fid", "achieved", period="February 2026")],
        n=12,
        section="pipeline",
    )
    assert verdict_for("Is Quorra being built?", [early_works, targeted]).status == "in_pipeline"
    assert verdict_for("Quorra FID yet?", [early_works, targeted]).status == "potential_only"
    assert verdict_for("Has Quorra reached FID?", [targeted, taken]).status == "in_pipeline"


def test_a_figure_asked_for_a_period_in_other_words_is_not_shown_from_another_period():
    year = row(
        "Quorra produced 1,210 t of NdPr oxide in 2025.",
        [claim("production", "achieved", 1210.0, "t", "NdPr oxide", "2025")],
    )
    for asked in ("ok and Quorra's NdPr oxide number for Q1 2026?", "Quorra volumes in Q1 2026?"):
        assert verdict_for(asked, [year], as_of=NOW).status == "not_shown", asked


def test_a_past_period_is_not_answered_by_a_plan_for_it():
    plan = row(
        "Quorra plans to produce 900 t of NdPr oxide in 2025.",
        [claim("production", "planned", 900.0, "t", "NdPr oxide", "2025")],
    )
    past = verdict_for("How much NdPr oxide did Quorra produce in 2025?", [plan], as_of=NOW)
    assert past.status == "not_shown"
    ahead = verdict_for("How much NdPr oxide will Quorra produce in 2025?", [plan], as_of=NOW)
    assert ahead.status == "potential_only"


def test_a_timing_question_gets_the_slip_of_the_cited_promises_as_a_computed_line():
    first = row(
        "Quorra expects first NdPr oxide at Velden in Q4 2025.",
        [claim("first_production", "planned", material="NdPr oxide", period="Q4 2025")],
        n=12,
        section="resource_potential",
    )
    later = row(
        "Quorra now expects first NdPr oxide at Velden in H2 2026.",
        [claim("first_production", "planned", material="NdPr oxide", period="H2 2026")],
        n=13,
        section="resource_potential",
    )
    first["date"], later["date"] = "2025-09-01", "2026-02-01"
    v = verdict_for("Is Quorra on schedule at Velden?", [first, later])
    slip = v.lines[0]
    assert slip.kind == "computed" and slip.citations == [12, 13]
    assert "Q4 2025 [12]" in slip.text and "H2 2026 [13]" in slip.text
    assert "0.7 years later" in slip.text
    plain = verdict_for("How much NdPr oxide will Quorra make?", [first, later])
    assert all(line.kind != "computed" for line in plain.lines)


def test_trial_output_under_way_is_partly_delivering():
    trial = row(
        "The Velden line has been producing trial batches of NdPr oxide since October.",
        [claim("production", "in_progress", material="NdPr oxide")],
        n=14,
        section="pipeline",
    )
    assert verdict_for("Is Quorra making NdPr oxide yet?", [trial, PLANNED]).status == (
        "partly_delivering"
    )


def test_a_share_far_below_the_share_targeted_is_partly_delivering():
    now = row(
        "Ostland's share of world rare-earth mine output was about 0.6% in 2024.",
        [claim("share", "achieved", 0.6, "%", period="2024", subject="Ostland")],
        n=15,
        subject="Ostland",
    )
    target = row(
        "Ostland aims to supply 10% of the world's rare earths by 2030.",
        [claim("sales", "target", 10.0, "%", period="2030", subject="Ostland")],
        n=16,
        section="resource_potential",
        subject="Ostland",
    )
    produced = row(
        "Ostland mined about 2,500 t of REO in 2024.",
        [claim("production", "achieved", 2500.0, "t", "REO", "2024", subject="Ostland")],
        n=17,
        subject="Ostland",
    )
    v = verdict_for(
        "Will Ostland supply 10% of world rare earths by 2030?",
        [now, target, produced],
        subjects=("Ostland",),
        as_of=NOW,
    )
    assert v.status == "partly_delivering"


def test_an_element_typed_in_lower_case_is_asked_for():
    v = verdict_for("quorra dy output q3 2025?", [PRODUCED])
    assert v.status == "not_shown"
    assert "dysprosium" in v.lines[0].text and "[1]" in v.lines[0].text


def test_each_period_of_a_comparison_must_be_shown():
    v = verdict_for("How did Quorra's Q3 2025 output compare with Q3 2024?", [PRODUCED])
    assert v.status == "not_shown"
    assert "Q3 2024" in v.lines[0].text and "310 t" in v.lines[0].text


def test_a_period_that_names_a_thing_asks_for_no_figure_in_it():
    rule = row(
        "Quorra said the April 2025 rules still applied to its exports.",
        [claim("licence", "achieved", period="April 2025")],
        section="constraints",
    )
    v = verdict_for("After the talks, did Quorra drop the April 2025 rules?", [rule])
    assert v.status != "not_shown"


def test_what_the_answer_found_unstated_is_not_shown_with_the_nearest_figure():
    asked = asked_of("What NPV did Quorra's study give?", ["Quorra"])
    v = reach_verdict(asked, [PRODUCED, CAPACITY], not_stated="a figure for NPV naming Quorra")
    assert v.status == "not_shown"
    assert v.lines[0].kind == "missing" and "NPV" in v.lines[0].text
    assert reach_verdict(asked, [PRODUCED, CAPACITY]).status != "not_shown"


def test_money_received_for_a_study_is_not_financing_a_build():
    study = row(
        "Quorra closed a C$30 million placement to pay for its pre-feasibility study at Velden.",
        [claim("funding", "achieved", 30_000_000.0, "CAD")],
        section="pipeline",
    )
    assert verdict_for("Is Velden being built?", [study, CAPACITY]).status == "potential_only"
    drawn = row(
        "Quorra drew the first tranche of its construction loan for the Velden refinery.",
        [claim("funding", "achieved", 90_000_000.0, "USD")],
        section="pipeline",
    )
    assert verdict_for("Is Velden being built?", [drawn, CAPACITY]).status == "in_pipeline"


def test_a_yes_or_no_after_a_dash_asks_no_figure_for_the_period_it_names():
    trial = row(
        "Quorra has made about 6 t of sample magnets in trial runs at Velden.",
        [claim("production", "in_progress", 6.0, "t", "NdFeB magnets")],
        section="pipeline",
    )
    v = verdict_for("Quorra promised magnets in Q4 2025 - did it deliver?", [trial], as_of=NOW)
    assert v.status == "partly_delivering"


def test_a_denial_does_not_answer_a_period_when_output_has_begun():
    begun = row(
        "Quorra said Velden reached commercial production of NdPr oxide in June 2024.",
        [claim("first_production", "achieved", material="NdPr oxide", period="June 2024")],
        section="pipeline",
    )
    denial = row(
        "The 900 t figure is nameplate capacity, not a measure of how much NdPr oxide it made.",
        [claim("production", "negated", material="NdPr oxide")],
        n=2,
        section="constraints",
    )
    v = verdict_for("How much NdPr oxide did Quorra produce in 2025?", [begun, denial], as_of=NOW)
    assert v.status == "not_shown" and "2025" in v.lines[0].text


SHARE = row(
    "An analyst put Quorra's share of world NdPr oxide output at 3% in 2025.",
    [claim("share", "achieved", 3.0, "%", "NdPr oxide", "2025")],
)


def test_a_market_share_as_it_stands_is_a_market_question():
    v = verdict_for("What share of world NdPr oxide output does Quorra hold?", [SHARE, PRODUCED])
    assert v.status == "not_applicable"
    by_2030 = verdict_for("Will Quorra reach 20% of world NdPr output by 2030?", [SHARE, PRODUCED])
    assert by_2030.status != "not_applicable"
    missing = verdict_for("What share of world NdPr output did Quorra hold in 2023?", [SHARE])
    assert missing.status == "not_shown"


@pytest.mark.parametrize(
    "question",
    [
        "Can I compare Quorra's 310 t with Ostrava's 2,000 t?",
        "Are Quorra's tonnes and Ostrava's tonnes the same unit?",
        "What exactly makes a magnet supply chain 'Western'?",
        "nameplate vs run-rate - whats the diff?",
    ],
)
def test_how_to_read_questions_are_not_applicable(question):
    assert verdict_for(question, [PRODUCED, CAPACITY]).status == "not_applicable"


def test_a_bare_status_of_output_gives_way_to_a_later_denial():
    exported = row(
        "Quorra said in April 2024 that its carbonate is exported so far.",
        [claim("sales", "achieved", material="mixed rare earth carbonate", period="April 2024")],
    )
    denied = row(
        "Quorra had no operating separation plant as of December 2025.",
        [claim("production", "negated", period="December 2025")],
        n=2,
        section="constraints",
    )
    assert verdict_for("Is Quorra producing?", [exported]).status == "delivering"
    assert verdict_for("Is Quorra producing?", [exported, denied]).status != "delivering"


def test_a_step_asked_by_its_verb_is_answered_only_by_output_of_that_step():
    mined = row(
        "Quorra mined about 1,150 t of rare earth oxide in concentrate in 2025.",
        [claim("production", "achieved", 1150.0, "t", "REO in concentrate", "2025")],
    )
    aim = row(
        "Quorra aims to separate its own oxide from 2028.",
        [claim("production", "target", material="NdPr oxide", period="2028")],
        n=2,
        section="resource_potential",
    )
    assert verdict_for("Is Quorra producing anything?", [mined, aim]).status == "delivering"
    v = verdict_for("Is Quorra separating rare earths yet?", [mined, aim])
    assert v.status == "potential_only"


def test_a_period_to_come_is_answered_by_a_target_of_any_measure():
    goal = row(
        "Quorra aims to supply 15% of world demand by 2030.",
        [claim("share", "target", 15.0, "%", period="2030")],
        n=2,
        section="resource_potential",
    )
    v = verdict_for("How much will Quorra supply by 2030?", [PRODUCED, goal], as_of=NOW)
    assert v.status != "not_shown"


def test_running_near_nameplate_is_delivering_and_at_a_fraction_partly():
    quarter = row(
        "Quorra produced 450 t of NdPr oxide in the December quarter.",
        [claim("production", "achieved", 450.0, "t", "NdPr oxide", "Q4 2025")],
    )

    def running_at(percent):
        return row(
            f"The Velden circuit ran at about {percent}pc of its nameplate rate in the quarter.",
            [claim("capacity", "in_progress", float(percent), "%")],
            n=2,
            section="pipeline",
        )

    full = verdict_for("Is Velden near nameplate?", [quarter, CAPACITY, running_at(96)])
    assert full.status == "delivering"
    part = verdict_for("Is Velden near nameplate?", [quarter, CAPACITY, running_at(30)])
    assert part.status == "partly_delivering"


def test_a_country_asked_by_its_code_is_named_by_its_own_name():
    mined = row(
        "The survey put United States mine production at 45,000 t REO in 2024.",
        [claim("production", "achieved", 45000.0, "t", "REO", "2024", subject="United States")],
        subject="United States",
    )
    assert verdict_for("Is the US mining rare earths?", [mined], ("US",)).status == "delivering"
    assert verdict_for("Is the UX mining rare earths?", [mined], ("UX",)).status != "delivering"


def test_a_run_of_element_symbols_is_no_subject():
    asked = asked_of("Is Quorra separating Dy Tb at Velden?", ["Quorra", "Dy Tb", "Velden"])
    assert "Dy Tb" not in asked.subjects


def test_output_short_of_the_level_the_question_names_is_partly_whatever_the_capacity():
    year = row(
        "Quorra produced 1,300 t of NdPr oxide in 2025.",
        [claim("production", "achieved", 1300.0, "t", "NdPr oxide", "2025")],
    )
    # 65% of the 2,000 t/yr design: not 'well below' the capacity, but short of the level
    # the question names
    v = verdict_for("Is Quorra hitting 2,000 t a year of NdPr oxide yet?", [year, CAPACITY])
    assert v.status == "partly_delivering"
    assert verdict_for("Is Quorra producing NdPr oxide?", [year, CAPACITY]).status == "delivering"


def test_commercial_production_begun_delivers_whatever_material_is_asked():
    begun = row(
        "Quorra began commercial production at its Velden mine in 2024.",
        [claim("first_production", "achieved", period="2024")],
        section="pipeline",
    )
    v = verdict_for("Is Quorra producing rare earth concentrate commercially?", [begun])
    assert v.status == "delivering"
    trial = row(
        "Quorra began commercial production trials at its Velden pilot plant in 2024.",
        [claim("first_production", "achieved", period="2024")],
        section="pipeline",
    )
    assert verdict_for("Is Quorra producing?", [trial]).status != "delivering"


def test_commissioning_with_first_output_still_ahead_is_in_the_pipeline():
    commissioning = row(
        "Wet commissioning of the Velden leach circuit began in December, with trial runs "
        "ramping up.",
        [claim("production", "in_progress")],
        section="pipeline",
    )
    first_ahead = row(
        "Quorra expects first production of carbonate at Velden in the June quarter of 2026.",
        [claim("first_production", "planned", period="Q2 2026")],
        n=2,
        section="pipeline",
    )
    v = verdict_for("Has Velden made its first carbonate?", [commissioning, first_ahead])
    assert v.status == "in_pipeline"
    samples = row(
        "Quorra has made about 9 t of sample magnets in trial runs at Velden.",
        [claim("production", "in_progress", 9.0, "t", "NdFeB magnets")],
        n=3,
        section="pipeline",
    )
    both = verdict_for("Is Velden making magnets?", [samples, first_ahead])
    assert both.status == "partly_delivering"


def test_a_detail_the_sources_never_use_is_not_shown():
    # the loan is there, its interest rate is not: the question is not answered by the loan
    v = verdict_for("What interest rate is on the loan offered to Quorra?", [CONDITIONAL_LOAN])
    assert v.status == "not_shown"
    assert "interest rate" in v.lines[0].text and v.lines[0].citations == [4]


def test_a_detail_the_sources_use_is_answered_by_them():
    terms = row(
        "The agency's loan to Quorra carries an interest rate of 4.1%.",
        [claim("funding", "conditional", 90_000_000.0, "USD")],
        n=5,
        section="resource_potential",
    )
    v = verdict_for("What interest rate is on the loan offered to Quorra?", [terms])
    assert v.status != "not_shown"


def test_a_detail_the_sources_say_was_not_disclosed_is_not_shown():
    kept_back = row(
        "Pricing is tied to an oxide index with a floor; the interest rate was not disclosed.",
        [],
        n=6,
        section="resource_potential",
    )
    v = verdict_for("What interest rate is on the loan offered to Quorra?", [kept_back])
    assert v.status == "not_shown"


def test_money_asked_as_raised_is_not_answered_by_a_promise():
    v = verdict_for("How much money has Quorra raised so far?", [CONDITIONAL_LOAN])
    assert v.status == "not_shown"
    assert "funding figure" in v.lines[0].text
    # asked what is promised, the conditional loan is the answer
    assert verdict_for("How much funding could Quorra get?", [CONDITIONAL_LOAN]).status != (
        "not_shown"
    )


def test_a_word_of_the_subjects_name_is_not_the_measure_asked():
    produced = row(
        "Quorra Resources produced 310 t of NdPr oxide in Q3 2025.",
        [claim("production", "achieved", 310.0, "t", "NdPr oxide", "Q3 2025")],
    )
    v = verdict_for(
        "How much did Quorra Resources produce in Q3 2025?", [produced], ("Quorra Resources",)
    )
    assert v.status == "delivering"


def test_a_plant_is_no_plan():
    asked = asked_of("How much has the Quorra plant made?", ["Quorra"], NOW)
    assert not asked.future


def test_the_sum_a_question_names_is_the_money_that_answers_it():
    other_money = row(
        "Quorra Metals raised US$12 million in a placement in March.",
        [claim("funding", "achieved", 12_000_000.0, "USD")],
        n=7,
        section="pipeline",
    )
    v = verdict_for("Has Quorra received the $90 million loan?", [CONDITIONAL_LOAN, other_money])
    assert v.status == "potential_only"


def test_a_timing_question_is_answered_by_the_dated_milestone_first():
    aspiration = row(
        "Quorra's full-production aspiration is 10,000 t a year of NdPr oxide.",
        [claim("production", "target", 10_000.0, "t/yr", "NdPr oxide")],
        n=8,
        section="resource_potential",
    )
    v = verdict_for("When will Quorra start producing?", [aspiration, PLANNED])
    potential = [line for line in v.lines if line.kind == "potential"]
    assert potential and "2027" in potential[0].text and "[3]" in potential[0].text


def test_a_figure_detail_is_given_only_by_a_number_next_to_it():
    # the floor is named in a clause about a price rise, its level nowhere
    named_only = row(
        "The realised price rose 14%, reflecting a firmer index and Quorra's floor price.",
        [claim("price", "achieved", 14.0, "%")],
        n=7,
    )
    v = verdict_for("What floor price did Quorra agree with Halvard?", [named_only, PRODUCED])
    assert v.status == "not_shown" and "floor price" in v.lines[0].text
    given = row(
        "The contract sets a floor price of US$95 per kilogram for Quorra's oxide.",
        [claim("price", "achieved", 95.0, "USD/kg")],
        n=8,
    )
    assert verdict_for("What floor price did Quorra agree?", [given]).status != "not_shown"


def test_a_party_asked_for_is_given_only_by_a_name_next_to_the_word():
    unnamed = row(
        "It matters more to policy makers than to automakers, who so far buy imported magnets.",
        [],
        n=7,
    )
    asked = "Which automakers are testing Quorra's magnets?"
    assert verdict_for(asked, [unnamed, PRODUCED]).status == "not_shown"
    named = row("Quorra ships test magnets to automakers Fordane and Kiravo.", [], n=8)
    assert verdict_for(asked, [named, PRODUCED]).status != "not_shown"
    # a nationality names no automaker
    nationality = row("Automakers still buy mostly Chinese magnets, Quorra said.", [], n=9)
    assert verdict_for(asked, [nationality, PRODUCED]).status == "not_shown"


def test_which_party_did_something_asks_for_the_party_even_after_a_dash():
    asked = "Quorra magnets - which automaker signed the offtake?"
    assert asked_of(asked, ["Quorra"]).detail == "automaker"
    unnamed = row("Quorra signed an offtake with a Japanese automaker in May.", [], n=7)
    assert verdict_for(asked, [unnamed, PRODUCED]).status == "not_shown"
    named = row("Quorra signed an offtake with the automaker Fordane in May.", [], n=8)
    assert verdict_for(asked, [named, PRODUCED]).status != "not_shown"


def test_who_is_buying_asks_for_the_buyer_and_an_unconfirmed_one_is_not_shown():
    assert asked_of("who is buying quorra's concentrate?", ["Quorra"]).detail == "buying"
    # the trace shows the detail asked, which the sources must give
    assert asked_of("Who is buying Quorra's oxide?", ["Quorra"]).summary()["detail"] == "buying"
    unconfirmed = row("Quorra's buyers have not been confirmed by the company.", [], n=7)
    v = verdict_for("Who is buying Quorra's concentrate?", [unconfirmed, PRODUCED])
    assert v.status == "not_shown"


@pytest.mark.parametrize(
    "question",
    [
        "Is the 40% processing target for 2030 binding on anyone?",
        "Is Kastria planning to change its thorium law?",
        "Does Kastria's quota system now cover imported ore?",
        "What does Kastria's new minerals strategy promise on permitting times?",
        "Quorra reports 5,000 t REO but 900 t NdPr - which number matters for magnets?",
        "Is Quorra's 3,000 t the same kind of tonne as Halvard's 140 t?",
    ],
)
def test_questions_about_a_rule_or_how_to_read_a_figure_ask_no_status(question):
    assert asked_of(question, ["Kastria", "Quorra", "Halvard"]).general


def test_a_world_total_with_no_one_named_is_a_market_question():
    assert asked_of("How much rare earth was mined worldwide in 2024?", []).general
    assert not asked_of("How much did Quorra mine in 2024?", ["Quorra"]).general


YEAR_OUTPUT = row(
    "Quorra Metals produced 1,100 t of NdPr oxide in 2025.",
    [claim("production", "achieved", 1100.0, "t", "NdPr oxide", "2025")],
    n=9,
)
FAR_TARGET = row(
    "Quorra aims to reach 20,000 t a year of NdPr oxide by 2032.",
    [claim("capacity", "target", 20000.0, "t/yr", "NdPr oxide", "2032")],
    n=10,
    section="resource_potential",
)


def test_a_distant_target_does_not_make_output_partial_unless_a_level_is_asked():
    asked_now = verdict_for("Is Quorra actually producing NdPr oxide?", [YEAR_OUTPUT, FAR_TARGET])
    assert asked_now.status == "delivering"
    asked_level = verdict_for(
        "Will Quorra reach 20,000 t a year of NdPr oxide by 2032?", [YEAR_OUTPUT, FAR_TARGET]
    )
    assert asked_level.status == "partly_delivering"


def test_a_share_the_question_names_as_a_level_is_not_reached_without_a_share_near_it():
    far = verdict_for("Is Quorra on track to supply 15% of world NdPr by 2030?", [YEAR_OUTPUT])
    assert far.status == "partly_delivering"
    near_it = row(
        "Quorra supplied 14.5% of world NdPr oxide in 2025.",
        [claim("share", "achieved", 14.5, "%", "NdPr oxide", "2025")],
        n=11,
    )
    there = verdict_for(
        "Is Quorra on track to supply 15% of world NdPr by 2030?", [YEAR_OUTPUT, near_it]
    )
    assert there.status == "delivering"


def test_money_raised_for_a_study_puts_nothing_in_the_pipeline():
    study_money = row(
        "Quorra closed a C$45 million financing that will fund the pre-feasibility study.",
        [claim("funding", "achieved", 45_000_000.0, "CAD")],
        section="resource_potential",
    )
    assert verdict_for("Is Quorra funded to build Velden?", [study_money]).status == (
        "potential_only"
    )
    build_money = row(
        "Quorra drew the first tranche of its construction loan, US$80 million, in May.",
        [claim("funding", "achieved", 80_000_000.0, "USD")],
        section="pipeline",
    )
    assert verdict_for("Is Quorra funded to build Velden?", [build_money]).status == ("in_pipeline")


@pytest.mark.parametrize(
    "question, asked",
    [
        ("Does Quorra make Dy/Tb too, or only NdPr?", {"dysprosium", "terbium"}),
        ("is Quorra separating heavy rare earths?", {"heavy rare earth oxides"}),
        ("Quorra: NdPr or only cerium?", {"ndpr"}),
        ("Is Quorra shipping MREC instead of concentrate?", {"mixed rare earth carbonate"}),
    ],
)
def test_the_materials_asked_are_not_the_alternative_set_against_them(question, asked):
    assert asked <= asked_of(question, ["Quorra"]).materials
    set_against = {"ndpr", "cerium", "rare earth concentrate"} - asked
    assert not set_against & asked_of(question, ["Quorra"]).materials


def test_output_of_another_material_does_not_answer_a_question_about_a_group():
    heavy = row(
        "Quorra plans to add a heavy rare earth circuit at Velden in 2028.",
        [claim("first_production", "planned", material="heavy rare earth oxides", period="2028")],
        n=5,
        section="resource_potential",
    )
    v = verdict_for("Is Quorra making heavy rare earths at Velden?", [PRODUCED, heavy])
    assert v.status == "potential_only"
    terbium = row(
        "Quorra produced 4 t of terbium oxide in Q3 2025.",
        [claim("production", "achieved", 4.0, "t", "terbium oxide", "Q3 2025")],
        n=6,
    )
    assert verdict_for("Is Quorra making heavy rare earths?", [terbium]).status == "delivering"


def test_a_country_named_beside_a_project_is_where_it_stands_not_what_decides():
    national = row(
        "Ostravia mined about 1,100 t of REO in 2024, all of it at one mineral sands operation.",
        [claim("production", "achieved", 1100.0, "t", "REO", "2024", subject="Ostravia")],
        n=2,
        subject="Ostravia",
    )
    refused = row(
        "Regulators refused the Velden mining permit in March.",
        [claim("licence", "negated", subject="Velden")],
        n=3,
        section="constraints",
        subject="Velden",
    )
    countries = frozenset({"ostravia"})
    asked = asked_of(
        "Will Velden help Ostravia reach its 15% goal?", ["Velden", "Ostravia"], None, countries
    )
    assert asked.settings == {"Ostravia"}
    v = reach_verdict(asked, [national, refused])
    assert (v.status, v.subject) == ("blocked", "Velden")
    # compared, both decide; a kind of company ("Western") is no project beside a country
    compared = asked_of("Is Velden ahead of Ostravia?", ["Velden", "Ostravia"], None, countries)
    assert not compared.settings
    assert not asked_of(
        "Can a Western firm mine in Ostravia?", ["Western", "Ostravia"], None, countries
    ).settings


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Velden is an operating separation plant, but its output of NdPr is still small.",
            "partly_delivering",
        ),
        ("Velden makes NdPr oxide in small volumes for qualification.", "partly_delivering"),
        # "small" of something else says nothing of output
        ("Velden, a small plant in a small republic, is producing NdPr oxide.", "in_pipeline"),
    ],
)
def test_output_said_to_be_small_is_partial_delivery(text, status):
    making = row(
        text, [claim("production", "in_progress", material="NdPr oxide")], section="pipeline"
    )
    assert verdict_for("Is Quorra producing NdPr oxide?", [making]).status == status


def test_a_material_and_a_past_quarter_typed_tersely_ask_for_that_quarters_amount():
    status_only = row(
        "Quorra ships NdPr oxide from Velden to customers in Japan.",
        [claim("sales", "achieved", material="NdPr oxide")],
        n=4,
    )
    terse = verdict_for(
        "Quorra ndpr oxide for the March 2025 qtr?", [PRODUCED, status_only], as_of=NOW
    )
    assert terse.status == "not_shown"
    assert terse.lines[0].kind == "missing" and "Q1 2025" in terse.lines[0].text
    # a quarter still to come, or a yes or no, asks no amount
    ahead = verdict_for("Quorra ndpr oxide for the June 2026 qtr?", [PRODUCED, PLANNED], as_of=NOW)
    assert ahead.status != "not_shown"


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("Velden nameplate tpa?", True),
        ("Velden 5,200 tpa - still the plan?", False),
    ],
)
def test_a_yearly_unit_with_no_number_before_it_asks_for_one(question, amount):
    assert asked_of(question, ["Velden"]).amount is amount


def test_money_spent_asks_for_a_cost():
    assert "cost" in asked_of("How much did Quorra spend building Velden?", ["Quorra"]).measures


@pytest.mark.parametrize(
    ("question", "asks_money"),
    [
        ("Has Quorra received the US$90 million from the agency?", True),
        ("How much of the A$180m facility has Quorra drawn?", True),
        ("Quorra has sunk about £41m into Velden - any route to production?", False),
    ],
)
def test_a_sum_named_is_asked_of_as_money_when_its_receipt_is_asked(question, asks_money):
    assert ("funding" in asked_of(question, ["Quorra"]).measures) is asks_money


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("interest rate on the agency loan to Quorra?", "interest rate"),
        ("floor price in the Quorra-Velden deal?", "floor price"),
        # a measure or a generic word is no detail; a verb makes it another question
        ("output in the December quarter?", ""),
        ("status of the Velden plant?", ""),
        ("rate of the loan is what?", ""),
    ],
)
def test_a_noun_phrase_asked_without_a_verb_is_the_detail_asked(question, detail):
    assert asked_of(question, ["Quorra"]).detail == detail


@pytest.mark.parametrize(
    "question",
    [
        "Velden commercial production in 2028 - how real is that?",
        "Quorra's 10% of world output by 2030 - how far along is it?",
    ],
)
def test_a_question_of_credibility_or_progress_asks_for_no_figure(question):
    assert not asked_of(question, ["Quorra"]).amount
    assert asked_of("Velden output in 2028 - how much?", ["Quorra"]).amount


@pytest.mark.parametrize(
    "question, subjects",
    [
        ("In the pipeline table, should I read 'design capacity' as a forecast of output?", []),
        ("Is the 'nameplate' column what each plant is expected to produce?", []),
        (
            "In the pipeline table, does 'design capacity' mean what the plants will produce?",
            ["Quorra", "Velden"],
        ),
        (
            "nameplate vs run-rate vs actual output - how do I tell them apart?",
            ["Quorra", "Velden"],
        ),
        ("Can I just add Quorra's tonnes and Velden's tonnes together?", ["Quorra", "Velden"]),
        ("can an inferred resource be counted as a reserve?", []),
        ("Ostravia's ministry says the quota is lifted. Does the ministry's text back that?", []),
    ],
)
def test_how_to_read_figures_or_what_a_text_says_is_a_general_question(question, subjects):
    assert asked_of(question, subjects).general


def test_money_asked_beside_a_material_is_answered_by_money_of_no_material():
    loans = row(
        "Government loans for the Velden refinery total A$1.2 billion.",
        [claim("funding", "achieved", 1_200_000_000.0, "AUD")],
        n=5,
        section="pipeline",
    )
    question = "How much loan money is behind Velden, and is it separating oxide yet?"
    assert verdict_for(question, [loans]).status != "not_shown"
    # with no money asked, a material no claim gives is still not shown
    terbium = verdict_for("How much terbium does Quorra make?", [loans, PRODUCED])
    assert terbium.status == "not_shown"


@pytest.mark.parametrize(
    "sentence, status",
    [
        (
            "Quorra said its bankable feasibility study for Velden was about 70% complete.",
            "potential_only",
        ),
        ("Quorra said construction of the Velden plant was about 70% complete.", "in_pipeline"),
    ],
)
def test_a_study_under_way_builds_nothing(sentence, status):
    progress = row(
        sentence, [claim("completion", "in_progress", period="September 2025")], section="pipeline"
    )
    assert verdict_for("Is Velden a mine in the making?", [progress, CAPACITY]).status == status


def test_output_asked_against_capacity_as_an_alternative_is_answered_by_output():
    asked = asked_of("Quorra 310t NdPr in Q3 2025 - produced, or just capacity?", ["Quorra"])
    assert asked.measures == {"output"}
    assert (
        verdict_for(
            "Quorra 310t NdPr in Q3 2025 - produced, or just capacity?",
            [PRODUCED, CAPACITY],
            as_of=NOW,
        ).status
        == "delivering"
    )


@pytest.mark.parametrize(
    "question",
    [
        "Quorra promised magnets from Velden in Q1 2026. Are they shipping magnets?",
        "Quorra guided first carbonate for H2 2025, so has Velden been making it since?",
        "Quorra Velden refinery - producing oxide yet? first production was meant to be 2025",
        "Quorra Velden - commercial magnets yet? they promised 2023",
    ],
)
def test_the_date_of_a_promise_in_a_premise_is_no_period_asked(question):
    assert asked_of(question, ["Quorra", "Velden"], NOW).period is None


def test_a_period_in_the_question_proper_is_asked_whatever_the_verb():
    asked = asked_of("What output has Quorra guided for FY26 from Velden?", ["Quorra"], NOW)
    assert asked.period is not None and asked.period.label == "FY26"


def test_whether_a_project_can_go_ahead_under_a_changed_law_is_about_the_project():
    asked = asked_of(
        "Did Ostravia's new strategy change the mining law so Velden can go ahead?",
        ["Ostravia", "Velden"],
    )
    assert not asked.general
    assert asked_of("Did Ostravia change its mining law?", ["Ostravia"]).general


def test_a_unit_to_give_output_in_asks_for_a_figure():
    assert asked_of("quorra actual output in t REO?", ["Quorra"]).amount
    assert not asked_of("is quorra producing REO?", ["Quorra"]).amount


def test_how_much_of_the_output_is_under_offtake_asks_a_volume_under_it():
    contracted = row(
        "Quorra made 310 t of magnets at Velden in 2025, its first full year of output, and a "
        "carmaker has since signed a non-binding offtake term sheet with it.",
        [claim("production", "achieved", 310.0, "t", "NdFeB magnets", "2025")],
    )
    v = verdict_for("How much of Quorra's output is under binding offtake?", [contracted])
    assert v.status == "not_shown" and "offtake" in v.lines[0].text
    given = row(
        "Quorra has sold 600 t a year under binding offtake to Orrin Motors.",
        [claim("sales", "achieved", 600.0, "t/yr", "NdFeB magnets")],
    )
    v = verdict_for("How much of Quorra's output is under binding offtake?", [given])
    assert v.status != "not_shown"


def test_a_denial_with_no_figure_gives_no_figure_for_a_period_to_come():
    denial = row(
        "Quorra does not expect to decide on a heavy rare earth circuit before 2027.",
        [claim("production", "negated", material="heavy rare earth oxides", period="2027")],
        section="resource_potential",
    )
    v = verdict_for("Quorra 2027 production guidance?", [PRODUCED, denial], as_of=NOW)
    assert v.status == "not_shown"


def test_a_part_asking_what_was_done_in_a_period_is_not_answered_by_a_plan_for_it():
    plan = row(
        "Quorra expects to report March quarter output of about 300 t in April.",
        [claim("production", "planned", 300.0, "t", "NdPr oxide", "Q1 2026")],
        section="resource_potential",
    )
    question = "what did Quorra produce in the March 2026 quarter, and is FY26 guidance still 1kt?"
    v = verdict_for(question, [PRODUCED, plan], as_of=dt.date(2026, 2, 20))
    assert v.status == "not_shown"


@pytest.mark.parametrize(
    "question",
    [
        "What thorium limit does Ostravia's 2023 Radioactive Residues Act set for new mines?",
        "What thorium limit does Ostravia's 2023 law set for new mines?",
    ],
)
def test_a_year_that_names_a_law_asks_no_figure_for_that_year(question):
    asked = asked_of(question, ["Ostravia"], NOW)
    assert asked.period is None and asked.general


def test_a_sum_typed_without_a_currency_is_the_money_asked_about():
    promised = row(
        "The agency announced a conditional loan commitment of US$620 million to Quorra.",
        [claim("funding", "conditional", 620_000_000.0, "USD")],
        section="pipeline",
    )
    raised = row(
        "Quorra said about $550 million of private capital had joined the package.",
        [claim("funding", "achieved", 550_000_000.0, "USD")],
        section="pipeline",
    )
    v = verdict_for("quorra got 620m from the agency so its funded right", [promised, raised])
    assert v.status == "potential_only"


@pytest.mark.parametrize(
    "question",
    ["quorra velden - still first production 2025?", "quorra still on track for end-2026?"],
)
def test_a_date_asked_after_asks_no_figure_for_it(question):
    assert not asked_of(question, ["Quorra"], NOW).amount
    assert asked_of("quorra ndpr dec qtr 2025?", ["Quorra"], NOW).amount


@pytest.mark.parametrize(
    ("plan", "asked"),
    [
        # another material's plan does not answer a period to come
        (
            row(
                "FY26 production guidance for Velden is 13,000-14,000t REO in concentrate.",
                [claim("production", "planned", 14000.0, "t", "REO in concentrate", "FY26")],
                section="resource_potential",
            ),
            "how much MREC will Quorra make in FY26?",
        ),
        # a figure's part, cut at a comma before a question, still asks its figure
        (
            row(
                "Quorra expected Velden to produce 1,200 t of concentrate in 2025.",
                [claim("production", "planned", 1200.0, "t", "rare earth concentrate", "2025")],
                section="resource_potential",
            ),
            "Velden actual 2025 output, did they hit 1,200t?",
        ),
    ],
)
def test_a_plan_does_not_give_the_figure_asked(plan, asked):
    assert verdict_for(asked, [plan], as_of=NOW).status == "not_shown"


def test_what_is_set_against_with_or_still_is_not_asked():
    asked = asked_of("is Velden actually producing, or is this still a resource story?", ["Velden"])
    assert "resource" not in asked.measures


@pytest.mark.parametrize(
    "asked",
    [
        "Quorra actual 2025 output? did they hit the 1,300 t?",  # the part naming 2025 asks
        "Quorra NdPr oxide q1 2026 number?",  # the figure, after what it is of
        "Has Quorra given Q1 2026 guidance for NdPr oxide?",  # guidance is a figure
        "how much NdPr oxide did Quorra make in january, not the quarter",  # a month alone
    ],
)
def test_a_figure_asked_in_a_part_or_a_word_of_its_own_is_not_shown_from_another_period(asked):
    quarter = row(
        "Quorra produced 310 t of NdPr oxide in Q4 2024.",
        [claim("production", "achieved", 310.0, "t", "NdPr oxide", "Q4 2024")],
    )
    year = row(
        "Quorra produced 1,210 t of NdPr oxide in 2023.",
        [claim("production", "achieved", 1210.0, "t", "NdPr oxide", "2023")],
        n=2,
    )
    v = verdict_for(asked, [quarter, year], as_of=NOW)
    assert v.status == "not_shown", asked
    assert v.lines[0].kind == "missing"


def test_any_output_in_a_year_under_way_asks_yes_or_no_not_a_figure():
    building = row(
        "Construction of Quorra's heavy rare earth circuit at Velden is under way.",
        [claim("construction_start", "in_progress")],
        section="pipeline",
    )
    v = verdict_for("Quorra - any Dy oxide coming out in 2026?", [building], as_of=NOW)
    assert v.status == "in_pipeline"


@pytest.mark.parametrize(
    ("asked", "status"),
    [
        ("when is the court hearing for Quorra's appeal actually happening?", "not_shown"),
        ("Quorra expansion - any date for phase 2?", "not_shown"),
        ("Quorra - any date for the appeal?", "blocked"),
    ],
)
def test_a_date_asked_for_an_event_is_given_only_by_a_date_next_to_it(asked, status):
    refused = row(
        "The ministry refused Quorra's mining permit in September 2025, and the company has "
        "60 days to lodge an appeal.",
        [claim("licence", "negated", period="September 2025")],
        section="constraints",
    )
    assert verdict_for(asked, [refused], as_of=NOW).status == status


@pytest.mark.parametrize(
    "asked",
    [
        "so who actualy buys Quorra's concentrate?",
        "who is buying Quorra's concentrate?",
        "Quorra-Velden oxide deal: what floor price did they agree?",
        "and the floor price in the quorra velden deal is how much",
    ],
)
def test_a_buyer_or_a_price_asked_in_an_investors_words_is_a_detail_to_be_given(asked):
    denied = row(
        "No binding offtake agreement with a buyer for Quorra concentrate was identified, and "
        "the Velden deal has a floor price whose level was not disclosed.",
        [claim("sales", "negated", material="rare earth concentrate")],
        section="resource_potential",
    )
    shipped = row(
        "Quorra shipped 1,200 t of concentrate in 2025.",
        [claim("sales", "achieved", 1200.0, "t", "rare earth concentrate", "2025")],
        n=2,
    )
    v = verdict_for(asked, [denied, shipped], subjects=("Quorra", "Velden"))
    assert v.status == "not_shown", asked
    assert ("who" in v.lines[0].text) == ("who" in asked)


@pytest.mark.parametrize(
    "asked",
    [
        "Is the second dredge at Quorra funded and being built?",
        "Quorra says it can go to 4,000 t a year - is that expansion happening?",
    ],
)
def test_a_part_of_the_subject_asked_about_is_judged_by_what_is_said_of_it(asked):
    running = row(
        "Quorra's dredge produced 1,210 t of concentrate in 2025.",
        [claim("production", "achieved", 1210.0, "t", "rare earth concentrate", "2025")],
    )
    studied = row(
        "A study on a second dredge, part of an expansion to 4,000 t a year, would be "
        "completed by late 2026.",
        [claim("capacity", "hypothetical", 4000.0, "t/yr", period="late 2026")],
        n=2,
        section="resource_potential",
    )
    stopped = row(
        "Quorra's Velden permit was refused in 2025.",
        [claim("licence", "negated", period="2025")],
        n=3,
        section="constraints",
    )
    v = verdict_for(asked, [running, studied, stopped], as_of=NOW)
    assert v.status == "potential_only", asked
    assert all("[3]" not in line.text for line in v.lines)
    # asked of the whole subject, its output answers
    assert verdict_for("Is Quorra producing?", [running, studied]).status == "delivering"


@pytest.mark.parametrize(
    "asked",
    [
        "quick one - why is Quorra's ore number so much bigger than its oxide number?",
        "in the Velden table is 'design capacity' a forecast of what they'll make?",
        "Does strategic project status come with a grant or loan attached?",
    ],
)
def test_why_a_labels_meaning_and_what_a_status_brings_are_general_questions(asked):
    assert verdict_for(asked, [PRODUCED, CAPACITY]).status == "not_applicable", asked


def test_a_statement_with_a_tag_asks_yes_or_no_not_a_figure_for_its_period():
    building = row(
        "Construction of Quorra's heavy rare earth circuit at Velden is under way.",
        [claim("construction_start", "in_progress")],
        section="pipeline",
    )
    asked = "quorra velden has been turning out dy since 2025 yeah?"
    assert verdict_for(asked, [building], as_of=NOW).status == "in_pipeline"


def test_guidance_asked_for_a_material_is_not_given_by_a_date_or_a_sum():
    dated = row(
        "Quorra expects first carbonate from Velden in the June quarter of 2026, funded by a "
        "A$480 million budget.",
        [
            claim(
                "first_production",
                "planned",
                material="mixed rare earth carbonate",
                period="Q2 2026",
            ),
            claim("funding", "planned", 480_000_000.0, "AUD", period="Q2 2026"),
        ],
        section="pipeline",
    )
    v = verdict_for("quorra carbonate guidance for FY26?", [dated], as_of=NOW)
    assert v.status == "not_shown" and "FY26" in v.lines[0].text


@pytest.mark.parametrize(
    "asked",
    [
        "quorra actual output in t NdPr oxide? they keep quoting 2,000t",  # actual: achieved
        "Quorra did about 1,250t in 2025 didn't it? whats the actual number",  # a tag, then
    ],
)
def test_the_actual_figure_asked_is_not_given_by_a_target_or_a_tagged_premise(asked):
    target = row(
        "Quorra targets 2,000 t a year of NdPr oxide by 2027.",
        [claim("production", "target", 2000.0, "t/yr", "NdPr oxide", "2027")],
        section="resource_potential",
    )
    earlier = row(
        "Quorra produced 1,150 t of NdPr oxide in 2024.",
        [claim("production", "achieved", 1150.0, "t", "NdPr oxide", "2024")],
        n=2,
    )
    rows = [target] if "quoting" in asked else [target, earlier]
    assert verdict_for(asked, rows, as_of=NOW).status == "not_shown", asked


def test_a_share_the_question_names_as_it_stands_is_missed_unless_shown_reached():
    making = row(
        "Quorra's Velden line makes NdPr oxide for magnet makers.",
        [claim("production", "achieved", material="NdPr oxide")],
    )
    goal = row(
        "Quorra aims to supply 30% of Ostravian NdPr demand by 2030.",
        [claim("sales", "target", 30.0, "%", "NdPr oxide", "2030")],
        n=2,
        section="resource_potential",
    )
    asked = "Is Quorra supplying 30% of Ostravian NdPr oxide demand?"
    assert verdict_for(asked, [making, goal]).status == "partly_delivering"
    reached = row(
        "Quorra supplied 32% of Ostravian NdPr demand in 2025.",
        [claim("share", "achieved", 32.0, "%", "NdPr oxide", "2025")],
        n=3,
    )
    assert verdict_for(asked, [making, goal, reached]).status == "delivering"


@pytest.mark.parametrize(
    "asked",
    [
        "After the October 2025 tribunal ruling, does Quorra have a path to mining Velden?",
        "Quorra's Velden: what is stopping it, and is there any near-term path to production?",
        "Velden: when does Quorra start mining, 2027?",
    ],
)
def test_a_premises_date_a_reason_or_a_guessed_year_asks_no_figure(asked):
    refused = row(
        "A tribunal upheld the refusal of Quorra's Velden mining licence in October 2025.",
        [claim("licence", "negated", period="October 2025")],
        section="constraints",
    )
    assert verdict_for(asked, [refused], as_of=NOW).status == "blocked", asked
