"""The rare-earth domain, loaded once from ``rare_earths.yaml`` and validated.

Code asks this module for vocabulary and compiled patterns instead of holding its own word
lists, so a new element form, stage signal or scope rule is a data change. Validation runs at
load time: a pattern that does not compile, a stage that names no known section or a chain
step that does not exist stops the program with the offending key, not a wrong answer later.

>>> from assistant.domain import domain
>>> domain().stage_section("operating")
'deliverable_supply'
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DATA_FILE = Path(__file__).with_name("rare_earths.yaml")
SECTIONS = ("resource_potential", "pipeline", "deliverable_supply", "constraints", "context")

Pattern = str | list[str]


def _joined(pattern: Pattern) -> str:
    return "|".join(f"(?:{p})" for p in pattern) if isinstance(pattern, list) else pattern


def _compiled(pattern: Pattern, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(_joined(pattern), flags)


def _check_compiles(value: Pattern, where: str) -> Pattern:
    try:
        _compiled(value)
    except re.error as exc:
        raise ValueError(f"{where}: pattern does not compile ({exc})") from None
    return value


class Element(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    symbol: str
    forms: list[str] = Field(default_factory=list)


class Stage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    section: str
    upstream: bool = False  # about the mine even when the text names no step
    signals: list[str]

    @field_validator("section")
    @classmethod
    def _known_section(cls, value: str) -> str:
        if value not in SECTIONS:
            raise ValueError(f"unknown section {value!r}; known: {', '.join(SECTIONS)}")
        return value

    @field_validator("signals")
    @classmethod
    def _signals_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            _check_compiles(pattern, "stage signal")
        return value


class ScopeRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    reason: str
    pattern: Pattern

    @model_validator(mode="after")
    def _compiles(self) -> ScopeRule:
        _check_compiles(self.pattern, f"out_of_scope rule {self.name!r}")
        return self


class Shorthand(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pattern: str
    means: str


class ClaimUnits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mass: dict[str, str]
    per_year: str
    per_year_before: str
    percent: str
    currency_before: dict[str, str]
    currency_after: dict[str, str]
    money_scale: dict[str, float]
    per_mass: str
    per_year_noun: str
    per_year_list: str
    row_unit: str
    fractions: dict[str, float]
    shared_symbols: dict[str, dict[str, str]]


MODALITIES = (
    "achieved",
    "in_progress",
    "planned",
    "capacity",
    "target",
    "conditional",
    "hypothetical",
    "negated",
)


class TrackerWords(BaseModel):
    """How articles date a promise and recount a date's moves (``tracker.py``)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    reported_before: re.Pattern  # "said in", "told investors on": the date a promise was made
    reported_after: re.Pattern  # "2026, as stated in April 2024": the same, after the due date
    dated_plan_after: re.Pattern  # "its 2022 plan", "the 2021 feasibility study"
    date_moves: re.Pattern  # "moved", "slipped": a sentence saying a date moved
    recounts: re.Pattern  # "originally", "now", "then": earlier dates beside the current one
    not_due: re.Pattern  # "as of", "since": a date that is no due date

    @field_validator(
        "reported_before",
        "reported_after",
        "dated_plan_after",
        "date_moves",
        "not_due",
        mode="before",
    )
    @classmethod
    def _compile(cls, value: Pattern) -> re.Pattern:
        _check_compiles(value, "tracker")
        return _compiled(value)


class VerdictWords(BaseModel):
    """What the verdict reads a question for, and the words its lines are written in."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    asked_measures: dict[str, str]  # what a question asks, by pattern
    asked_steps: dict[str, str]  # the value-chain step a question's verb asks of
    measure_families: dict[str, list[str]]  # which claim measures answer each
    general_question: re.Pattern  # policy, market, definition: no one's delivery asked
    world_scope: re.Pattern  # "worldwide", "global": with no one named, the market's
    small_scale: re.Pattern  # output at pilot or sample scale
    partly_below: float  # delivered below this share of capacity or target is partly
    partly_below_asked: float  # ... and below this share of a level the question names
    figure_measures: list[str]  # asked measures that need a figure of their own
    blocking: re.Pattern  # a permit refused, a ban, a legal stop
    funds_building: re.Pattern  # money received for building
    funds_a_study: re.Pattern  # ... or for a study or a round, which is not
    utilisation: re.Pattern  # "% of its nameplate": how full a plant runs
    commercial_start: re.Pattern  # "began commercial production": delivering from then
    making: re.Pattern  # a verb of making or shipping: output said to happen
    asks_making: re.Pattern  # "does it separate Dy?": a question about making something
    future_question: re.Pattern  # "will", "expects", "by 2030": a plan may answer it
    timing_question: re.Pattern  # "when", "on schedule", "delayed": a slip answers it
    content_bases: list[str]  # REO, TREO: what a figure is counted in, not a product
    material_groups: dict[str, list[str]]  # a group asked covers its members, and back
    asked_contrast: re.Pattern  # "or only NdPr?": what the question sets against
    promised_in_premise: re.Pattern  # "X promised magnets in Q1 2026. Is it shipping?"
    asks_if_it_can_proceed: re.Pattern  # "... so the Velden mine can go ahead?"
    period_names_a_rule: re.Pattern  # "the 2023 Radioactive Residues Act": no period asked
    date_asked_after: re.Pattern  # "still first production 2025?": whether a date holds
    asks_what_was_done: re.Pattern  # "what did it produce in ...": a past verb in that part
    compares: re.Pattern  # "vs", "ahead of": the subjects named are compared
    money_received: re.Pattern  # "received", "drawn": a sum named is asked of as money
    regions: list[str]  # places larger than a country ("Europe"), lower-cased
    measure_words: dict[str, str]
    modality_words: dict[str, str]
    max_lines: int
    asked_detail: list[re.Pattern]  # "what floor price did ...": each with a group 'detail'
    detail_generic: frozenset[str]  # words of a detail that name nothing of their own
    undisclosed: re.Pattern  # "terms were not disclosed": names a thing, gives no figure
    detail_given_chars: int  # how near a number or a name must be to a detail to give it
    figure_nouns: frozenset[str]  # "rate", "premium": a detail naming one asks a number
    asks_done: re.Pattern  # "how much has it raised?": a figure achieved answers it
    asked_part: re.Pattern  # "the second dredge", "that expansion": a part of the subject

    @field_validator("asked_detail", mode="before")
    @classmethod
    def _compile_details(cls, value: list[str]) -> list[re.Pattern]:
        patterns = [_compiled(_check_compiles(p, "verdict.asked_detail")) for p in value]
        if any("detail" not in p.groupindex for p in patterns):
            raise ValueError("verdict.asked_detail: each pattern needs a group named 'detail'")
        return patterns

    @field_validator(
        "general_question",
        "world_scope",
        "small_scale",
        "blocking",
        "funds_building",
        "funds_a_study",
        "asked_contrast",
        "promised_in_premise",
        "asks_if_it_can_proceed",
        "period_names_a_rule",
        "date_asked_after",
        "asks_what_was_done",
        "asked_part",
        "compares",
        "money_received",
        "utilisation",
        "commercial_start",
        "making",
        "asks_making",
        "future_question",
        "timing_question",
        "undisclosed",
        "asks_done",
        mode="before",
    )
    @classmethod
    def _compile(cls, value: Pattern) -> re.Pattern:
        _check_compiles(value, "verdict")
        return _compiled(value)

    @field_validator("asked_measures", "asked_steps")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        for name, pattern in value.items():
            _check_compiles(pattern, f"verdict.{name}")
        return value


class SubjectWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    facility: list[str]
    organisation: list[str]
    agency: list[str]
    place_nouns: list[str]
    region_nouns: list[str]
    person_roles: list[str]
    never: list[str]


class DomainData(BaseModel):
    """The validated contents of ``rare_earths.yaml``; see the file for what each key is."""

    model_config = ConfigDict(extra="forbid")

    version: int
    elements: dict[str, Element]
    element_symbols: dict[str, list[str]]
    caseless_symbols: list[str]
    magnet_partner_symbols: list[str]
    materials: list[str]
    minerals: list[str]
    asked_products: dict[str, str]
    chain_steps: dict[str, Pattern]
    readiness_steps: dict[str, list[str]]
    stages: dict[str, Stage]
    stage_priority: list[str]
    resource_classes: str
    sections: dict[str, str]
    facet_queries: dict[str, str]
    domain_terms: Pattern
    out_of_scope: list[ScopeRule]
    shorthand: list[Shorthand]
    abbreviations: dict[str, str]
    not_names: list[str]
    trade_terms: list[str]
    bloc_seats: dict[str, str]
    state_abbreviations: dict[str, str]
    place_subdivision_types: list[str]
    country_homographs: list[str]
    name_prefixes: list[str]
    company_words: str
    kind_words: list[str]
    instrument: str
    asks_for_amount: Pattern
    asks_for_standing: Pattern
    period_not_of_figure: Pattern
    cumulative_figure: Pattern
    period_names_a_publication: Pattern
    milestone_as_purpose: Pattern
    status_word_as_modifier: Pattern
    reported_period: Pattern
    status_as_adjective: Pattern
    done_after_figure: Pattern
    denies_knowing: Pattern
    figure_part_keyword: Pattern
    figure_part_of_it: Pattern
    figure_part_own_verb: Pattern
    comparison_base_before: Pattern  # "down from 68,000t": the figure compared against
    aims_by_verb: Pattern  # "aims to", "is targeting": a target set by a verb, not a noun
    benchmark_before: Pattern
    benchmark_words: dict[str, str]
    asks_past_output: str
    output_words: str
    plan_words: str
    asked_measures: dict[str, str]
    instruction_like: Pattern
    negation: str
    opposites: list[tuple[str, str]]
    qualifiers: dict[str, str]
    future: str
    done: str
    under_way: str
    unit_classes: dict[str, str]
    material_kinds: list[str]
    rate_bases: list[str]
    claim_units: ClaimUnits
    claim_measures: dict[str, str]
    money_measures: list[str]
    mass_measures: list[str]
    milestones: dict[str, str]
    modality_cues: dict[str, str]
    status_measures: list[str]
    claim_materials: dict[str, str]
    subject_words: SubjectWords
    verdict: VerdictWords
    tracker: TrackerWords
    boilerplate_headings: str
    page_chrome_headings: str
    page_chrome_lines: str
    page_chrome_inline: str
    release_labels: str

    @model_validator(mode="after")
    def _consistent(self) -> DomainData:
        for key in (
            "chain_steps",
            "asked_measures",
            "qualifiers",
            "unit_classes",
        ):
            for name, pattern in getattr(self, key).items():
                _check_compiles(pattern, f"{key}.{name}")
        for key in (
            "domain_terms",
            "asks_for_amount",
            "asks_for_standing",
            "period_not_of_figure",
            "cumulative_figure",
            "period_names_a_publication",
            "milestone_as_purpose",
            "status_word_as_modifier",
            "reported_period",
            "status_as_adjective",
            "done_after_figure",
            "denies_knowing",
            "figure_part_keyword",
            "figure_part_of_it",
            "figure_part_own_verb",
            "comparison_base_before",
            "aims_by_verb",
            "benchmark_before",
            "asks_past_output",
            "output_words",
            "plan_words",
            "instruction_like",
            "negation",
            "future",
            "done",
            "under_way",
            "instrument",
            "company_words",
            "resource_classes",
            "boilerplate_headings",
            "page_chrome_headings",
            "page_chrome_lines",
            "page_chrome_inline",
            "release_labels",
        ):
            _check_compiles(getattr(self, key), key)
        for rule in self.shorthand:
            _check_compiles(rule.pattern, f"shorthand {rule.means!r}")
        unknown = set(self.stage_priority) ^ set(self.stages)
        if unknown:
            raise ValueError(f"stage_priority and stages differ on: {sorted(unknown)}")
        materials = {m.lower() for m in self.claim_materials}
        for group, members in self.verdict.material_groups.items():
            if group not in materials or not set(members) <= set(self.elements):
                raise ValueError(
                    f"verdict.material_groups.{group}: a group is a claim material, "
                    "its members elements"
                )
        for step, chains in self.readiness_steps.items():
            missing = set(chains) - set(self.chain_steps)
            if missing:
                raise ValueError(f"readiness step {step!r} names unknown chain steps {missing}")
        if set(self.caseless_symbols) - set(self.element_symbols):
            raise ValueError("caseless_symbols must be element_symbols")
        for symbol, names in self.element_symbols.items():
            missing = set(names) - set(self.elements)
            if missing:
                raise ValueError(f"element symbol {symbol!r} names unknown elements {missing}")
        for kind in (*self.material_kinds, *self.rate_bases):
            if kind not in self.unit_classes:
                raise ValueError(f"{kind!r} is not one of unit_classes")
        if set(self.benchmark_words) - set(MODALITIES):
            raise ValueError("benchmark_words are keyed by modality")
        for key in (
            "claim_measures",
            "milestones",
            "modality_cues",
            "claim_materials",
            "benchmark_words",
        ):
            for name, pattern in getattr(self, key).items():
                _check_compiles(pattern, f"{key}.{name}")
        unknown = set(self.modality_cues) - set(MODALITIES)
        if unknown or "achieved" in self.modality_cues:
            raise ValueError(f"modality_cues names unknown or default modalities: {unknown}")
        measures = set(self.claim_measures) | set(self.milestones)
        for key in ("money_measures", "mass_measures", "status_measures"):
            missing = set(getattr(self, key)) - measures
            if missing:
                raise ValueError(f"{key} names measures with no cue: {sorted(missing)}")
        units = self.claim_units
        for group in (units.mass, units.currency_before, units.currency_after):
            for pattern in group:
                _check_compiles(pattern, "claim_units")
        patterns = (
            units.per_year,
            units.per_year_before,
            units.percent,
            units.per_mass,
            units.per_year_noun,
            units.per_year_list,
            units.row_unit,
            *units.fractions,
        )
        for pattern in (*patterns, *units.money_scale):
            _check_compiles(pattern, "claim_units")
        return self

    # ---- compiled views ---------------------------------------------------------------------
    def stage_section(self, stage: str) -> str:
        return self.stages[stage].section

    @cached_property
    def stage_signal_patterns(self) -> dict[str, list[re.Pattern]]:
        return {
            stage: [re.compile(p, re.IGNORECASE) for p in spec.signals]
            for stage, spec in self.stages.items()
        }

    @cached_property
    def chain_patterns(self) -> dict[str, re.Pattern]:
        return {step: _compiled(p) for step, p in self.chain_steps.items()}

    @cached_property
    def upstream_stages(self) -> frozenset[str]:
        return frozenset(s for s, spec in self.stages.items() if spec.upstream)

    @cached_property
    def scope_rules(self) -> list[tuple[re.Pattern, str]]:
        return [(_compiled(rule.pattern), rule.reason) for rule in self.out_of_scope]

    @cached_property
    def shorthand_rules(self) -> list[tuple[re.Pattern, str]]:
        return [(re.compile(rule.pattern), rule.means) for rule in self.shorthand]

    @cached_property
    def material_words(self) -> frozenset[str]:
        return frozenset(self.materials)

    @cached_property
    def element_forms(self) -> dict[str, re.Pattern]:
        """Each element, and the pattern of every word that names it in prose."""
        return {
            name: re.compile(rf"\b({'|'.join((name, *spec.forms))})\b", re.IGNORECASE)
            for name, spec in self.elements.items()
        }

    @cached_property
    def element_names(self) -> re.Pattern:
        return re.compile(rf"\b({'|'.join(self.elements)})\b", re.IGNORECASE)

    @cached_property
    def element_symbol_pattern(self) -> re.Pattern:
        """A symbol as written in a claim ("Dy", "NdPr"): case-sensitive."""
        return re.compile(rf"\b({'|'.join(self.element_symbols)})\b")

    @cached_property
    def element_run(self) -> re.Pattern:
        """Two or more symbols of the rare earths and their magnet partners run together."""
        symbols = [spec.symbol for spec in self.elements.values()] + self.magnet_partner_symbols
        ordered = sorted(symbols, key=len, reverse=True)
        return re.compile(rf"(?:{'|'.join(ordered)}){{2,}}")

    def compiled(self, key: str) -> re.Pattern:
        """One of the file's single patterns by key ("negation", "future", ...)."""
        return _pattern_cache(self, key)

    @cached_property
    def asked_measure_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.asked_measures.items()}

    @cached_property
    def qualifier_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.qualifiers.items()}

    @cached_property
    def unit_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.unit_classes.items()}

    @cached_property
    def claim_measure_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.claim_measures.items()}

    @cached_property
    def milestone_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.milestones.items()}

    @cached_property
    def modality_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.modality_cues.items()}

    @cached_property
    def benchmark_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.benchmark_words.items()}

    @cached_property
    def material_patterns(self) -> dict[str, re.Pattern]:
        return {name: _compiled(p) for name, p in self.claim_materials.items()}

    @cached_property
    def opposite_sets(self) -> list[tuple[frozenset[str], frozenset[str]]]:
        return [(frozenset(a.split()), frozenset(b.split())) for a, b in self.opposites]


_PATTERNS: dict[tuple[int, str], re.Pattern] = {}


def _pattern_cache(data: DomainData, key: str) -> re.Pattern:
    cache_key = (id(data), key)
    if cache_key not in _PATTERNS:
        _PATTERNS[cache_key] = _compiled(getattr(data, key))
    return _PATTERNS[cache_key]


def load_domain(path: Path = DATA_FILE) -> DomainData:
    """Read and validate a domain file; a bad one raises with the key that is wrong."""
    with path.open(encoding="utf-8") as handle:
        return DomainData.model_validate(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def domain() -> DomainData:
    """The packaged domain data, loaded once per process."""
    return load_domain()
