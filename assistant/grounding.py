"""Does a cited passage support a sentence? One implementation for both composers and the
evaluation suites.

Hard checks come first, because they catch the errors that hurt an investor most:
- every number must appear in the passage, in a sentence about the same fact (sharing the
  claim's words and not naming a different subject), keeping a per-year basis it had there;
- the claim's names must be in the passage (demonyms and common abbreviations allowed);
- a negation, an opposite verb, a hedge ("aims to", "non-binding", "conditional",
  "capacity") or a unit basis may not be dropped or added, nor the future ("will") dropped;
- a figure keeps what it measures and what it is of: "9 weeks" is not "nine respondents",
  and a resource figure is not the host rock's tonnage;
- every clause the claim adds with "and ..." must be in the passage too.
Only then do soft signals decide: content-word coverage, or embedding similarity for
paraphrases that share few words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.domain import domain
from assistant.text.dates import DATED_PERIOD, MONTH_WORD, YEAR, dated_periods, months
from assistant.text.names import entities, name_in, only_in_longer_name
from assistant.text.numbers import (
    NUMBER,
    WORD_NUMBER,
    WORD_NUMBERS,
    claim_numbers,
    first_occurrence,
    is_day_of_month,
    is_year,
    number_options,
    numbers_in,
    occurrences,
)
from assistant.text.places import country_for, nationalities
from assistant.text.sentences import sentence_texts
from assistant.text.tokens import content_words, words

_DOMAIN = domain()
_NEGATION = _DOMAIN.compiled("negation")
_FUTURE = _DOMAIN.compiled("future")
_DONE = _DOMAIN.compiled("done")
_UNDER_WAY = _DOMAIN.compiled("under_way")
_QUALIFIER_RES = _DOMAIN.qualifier_patterns
_UNIT_RES = _DOMAIN.unit_patterns
_OPPOSITE_SETS = _DOMAIN.opposite_sets


@dataclass
class Verdict:
    supported: bool
    reasons: list[str] = field(default_factory=list)
    coverage: float = 0.0
    similarity: float | None = None


def _nationality_failures(claim: str, closest: list[str]) -> list[str]:
    """A nationality the claim gives where the restated sentence gives another: "a Spanish
    magnet maker" is not "a Portuguese" one, even when the passage names Portugal elsewhere."""
    known = nationalities()
    claimed = words(claim) & known
    for nationality in sorted(claimed):
        country = country_for(nationality) or nationality[:4]
        if all(
            (words(s) & known) - claimed
            and nationality not in s.lower()
            and country not in s.lower()
            for s in closest
        ):
            return [f"nationality differs from the passage: {nationality}"]
    return []


# Where something happens: a preposition, then a run of capitalised names ("in Wroclaw,
# Poland, and Brno").
_PLACE_RUN = r"((?:[A-Z][\w'-]*)(?:(?:,\s*|\s+)(?:and\s+)?[A-Z][\w'-]*)*)"
_PLACE_SLOT = re.compile(r"\b(in|at|inside|near|from|to)\s+" + _PLACE_RUN)
# the role a place plays: where something is, where it comes from, where it goes
_PLACE_ROLES = {"from": "from", "to": "to"}


def _place_failures(claim: str, passage_sentences: list[str]) -> list[str]:
    """A place the claim attaches to a phrase the passage also uses, where the passage
    attaches other places to that phrase: "buys its terbium in Poland" when the passage
    says "buys its terbium in Rotterdam", though Poland is named elsewhere in it."""
    for match in _PLACE_SLOT.finditer(claim):
        places = [p for p in re.findall(r"[A-Z][\w'-]*", match.group(2)) if not MONTH_WORD.match(p)]
        role = _PLACE_ROLES.get(match.group(1), "in|at|inside|near")
        frame = re.findall(r"[a-z0-9]+", claim[: match.start()].lower())[-2:]
        if not places or len(frame) < 2:
            continue
        # the phrase in any case, the names that follow it capitalised
        frame_pattern = re.compile(
            r"(?i:\b" + r"\W+".join(map(re.escape, frame)) + rf")\W+(?:{role})\s+" + _PLACE_RUN
        )
        runs = [m.group(1).lower() for s in passage_sentences for m in frame_pattern.finditer(s)]
        for place in places:
            if runs and not any(place.lower()[:4] in run for run in runs):
                return [f"place differs from the passage: {place}"]
    return []


def _units(text: str) -> set[str]:
    return {name for name, pattern in _UNIT_RES.items() if pattern.search(text)}


def _states_future(text: str) -> bool:
    hedges = (_FUTURE, _QUALIFIER_RES["plan"], _QUALIFIER_RES["possibility"])
    return any(pattern.search(text) for pattern in hedges)


_CLAUSE_BREAK = re.compile(r"[;:]\s+|,\s+(?=(?:and|but|while|whereas|although)\b)|\s+but\s+")


# where a sentence joins a second statement to its first: "..., and began construction"
_CLAIM_CLAUSE = re.compile(
    r"[;:]\s+|,\s+(?:and|but|while|whereas)\s+|\s+but\s+|"
    r"\s+and\s+(?=(?:then\s+|later\s+|also\s+)?(?:began|begun|started|won|took|made|"
    r"got|has|have|had|is|are|was|were|will|plans?|expects?|\w+ed)\b)",
    re.I,
)


def _restated_units(claim: str, closest: list[str]) -> list[str]:
    """What the claim restates: whole passage sentences when it carries all their words (a
    quote), otherwise the clauses it overlaps most, since "were not published, and for the
    first time they cover imported ore" negates only its first clause."""
    words = content_words(claim)
    whole = [s for s in closest if content_words(s) <= words]
    if whole:
        return whole
    return GroundingChecker._closest_sentences(claim, _clauses(closest))


def _negation_differs(claim: str, closest: list[str]) -> bool:
    """Negation is compared with the clauses the claim restates: "were not published, and
    for the first time they cover imported ore" negates its first clause only. A claim of
    several clauses that differs as a whole is compared clause by clause too, since "pledged
    EUR 40m but has paid none of it" restates one plain clause and one negated one."""

    def differs(text: str) -> bool:
        negated = bool(_NEGATION.search(text))
        return all(negated != bool(_NEGATION.search(c)) for c in _restated_units(text, closest))

    if not differs(claim):
        return False
    parts = [p for p in _CLAIM_CLAUSE.split(claim) if len(content_words(p)) >= 2]
    return len(parts) < 2 or any(differs(part) for part in parts)


def _affirmed_clauses(sentence: str) -> list[str]:
    return [c for c in _clauses([sentence]) if not _NEGATION.search(c)]


# A finished act, and a state of things still going on: "has chosen a buyer" is not "is in
# talks with three buyers", nor "has approved a loan" "is considering a loan".
def _done_but_under_way(claim: str, restated: list[str]) -> list[str]:
    if not _DONE.search(claim) or _UNDER_WAY.search(claim) or _NEGATION.search(claim):
        return []  # "has not yet signed" agrees with "is still negotiating"
    # "is still being built" names the finished act only as the one under way
    if restated and all(
        _UNDER_WAY.search(c) and not _DONE.search(re.sub(r"\bbeing\s+\w+", "", c)) for c in restated
    ):
        word = _DONE.search(claim).group(1).lower()
        return [f"'{word}' states as done what the passage says is under way"]
    return []


def _clauses(sentences: list[str]) -> list[str]:
    return [c for s in sentences for c in _CLAUSE_BREAK.split(s) if c.strip()]


class GroundingChecker:
    def __init__(
        self,
        embedder=None,
        min_coverage: float = 0.5,
        min_similarity: float = 0.6,
        trust_exact_quotes: bool = True,
    ):
        self.embedder = embedder
        self.min_coverage = min_coverage
        self.min_similarity = min_similarity
        # A claim that is a whole sentence of its passage, character for character, says
        # exactly what the source says; the extractive composer only writes such claims.
        self.trust_exact_quotes = trust_exact_quotes

    def check(self, claim: str, passages: list[str]) -> Verdict:
        passage = "\n".join(passages)
        if not passage.strip():
            return Verdict(False, ["no cited passage"])
        passage_sentences = sentence_texts(passage)
        if self.trust_exact_quotes and claim.strip() in {s.strip() for s in passage_sentences}:
            return Verdict(True, [], 1.0)
        reasons = self._hard_failures(claim, passage, passage_sentences)
        coverage = self._coverage(claim, passage)
        if not reasons and coverage >= self.min_coverage:
            reasons += self._added_clause(claim, passage, passage_sentences)
        similarity = None
        if not reasons and coverage < self.min_coverage:
            similarity = self._similarity(claim, passage_sentences)
            if similarity is None or similarity < self.min_similarity:
                shown = f", similarity {similarity:.2f}" if similarity is not None else ""
                reasons.append(
                    f"too little of the sentence is in the passage (coverage {coverage:.2f}{shown})"
                )
        return Verdict(not reasons, reasons, coverage, similarity)

    # ---- hard checks ----------------------------------------------------------------------
    def _hard_failures(self, claim: str, passage: str, passage_sentences: list[str]) -> list[str]:
        passage_lower = passage.lower()
        claim_names = entities(claim)
        missing = sorted(
            n
            for n in claim_names
            if not name_in(n, passage_lower) or only_in_longer_name(n, claim, passage)
        )
        reasons = [f"names not in the passage: {', '.join(missing)}"] if missing else []
        reasons += self._number_failures(claim, claim_names, passage_sentences)
        missing_months = months(claim) - months(passage)
        if missing_months:
            reasons.append(f"date not in the passage: {', '.join(sorted(missing_months))}")
        else:
            swapped = dated_periods(claim) - dated_periods(passage)
            if swapped:
                reasons.append(f"date not in the passage: {', '.join(sorted(swapped))}")
        closest = self._closest_sentences(claim, passage_sentences)
        closest_clauses = _restated_units(claim, closest)
        if _negation_differs(claim, closest):
            reasons.append("negation differs from the passage")
        reasons += self._opposite_failures(claim, closest)
        reasons += _element_failures(claim, closest)
        reasons += _nationality_failures(claim, closest)
        reasons += _place_failures(claim, passage_sentences)
        reasons += _done_but_under_way(claim, closest_clauses)
        for name, pattern in _QUALIFIER_RES.items():
            in_claim = bool(pattern.search(claim))
            if not in_claim and all(pattern.search(c) for c in closest_clauses):
                reasons.append(f"drops the source's qualifier ({name})")
            elif in_claim and not pattern.search(passage):
                if name == "plan" and _FUTURE.search(passage):
                    continue  # "will build" restated as "plans to build"
                reasons.append(f"adds a qualifier the source does not have ({name})")
        if not _states_future(claim) and all(_FUTURE.search(c) for c in closest_clauses):
            reasons.append("states as fact what the source puts in the future")
        extra_units = _units(claim) - _units(passage)
        if extra_units:
            reasons.append(f"unit or basis not in the passage: {', '.join(sorted(extra_units))}")
        return reasons

    @staticmethod
    def _number_failures(
        claim: str, claim_names: set[str], passage_sentences: list[str]
    ) -> list[str]:
        reasons = []
        claim_words = content_words(claim)
        claim_units = _units(claim)
        sentence_numbers = [numbers_in(s) for s in passage_sentences]
        for options in claim_numbers(claim):
            shown = f"{min(options):g}"
            holders = [s for s, nums in zip(passage_sentences, sentence_numbers) if nums & options]
            if not holders:
                reasons.append(f"number {shown} is not in the passage")
                continue
            if is_year(options) or is_day_of_month(claim, options):
                # dates only need to sit in a sentence about the same fact
                if not any(_shares_fact(claim_words, h) for h in holders):
                    reasons.append(f"date {shown} belongs to a different fact in the passage")
                continue
            about_same_fact = [
                s
                for s in holders
                if _shares_fact(claim_words, s) and _fits_subject(claim, claim_names, s)
            ]
            claim_rate = _rate_after(claim, options)
            claim_measure = _measures_of(claim, options) - {None}
            claim_currency = _currencies_of(claim, options)
            if not about_same_fact:
                reasons.append(f"number {shown} belongs to a different fact in the passage")
            elif (claim_period := _period_after(claim, options)) and all(
                _period_after(s, options) not in (None, claim_period) for s in about_same_fact
            ):
                reasons.append(f"number {shown} is not dated {claim_period} in the passage")
            elif claim_currency and all(
                (stated := _currencies_of(s, options)) and not stated & claim_currency
                for s in about_same_fact
            ):
                currency = sorted(claim_currency)[0]
                reasons.append(f"number {shown} is not in {currency} in the passage")
            elif claim_measure and all(
                not (claim_measure & _measures_of(s, options)) for s in about_same_fact
            ):
                measure = sorted(claim_measure)[0]
                reasons.append(f"number {shown} is not a {measure} figure in the passage")
            elif missing_kind := _kinds_missing(claim, options, about_same_fact):
                reasons.append(f"number {shown} is not a {missing_kind} figure in the passage")
            elif claim_rate and all(
                _rate_after(s, options) not in (None, claim_rate) for s in about_same_fact
            ):
                reasons.append(f"number {shown} is not {claim_rate} in the passage")
            elif (
                all(_per_year_after(s, options) for s in about_same_fact)
                and "per year" not in claim_units
            ):
                reasons.append(f"number {shown} is a per-year figure in the passage")
            elif _per_year_after(claim, options) and not any(
                "per year" in _units(s) for s in about_same_fact
            ):
                # "1,200 t over four years" restated as "1,200 t a year"
                reasons.append(f"number {shown} is not a per-year figure in the passage")
        return reasons

    @staticmethod
    def _closest_sentences(claim: str, passage_sentences: list[str]) -> list[str]:
        """The passage sentences the claim most plausibly restates (ties kept)."""
        words = content_words(claim)
        scored = [(len(words & content_words(s)), s) for s in passage_sentences]
        best = max(score for score, _ in scored)
        return [s for score, s in scored if score >= max(1, 0.8 * best)] or passage_sentences

    @staticmethod
    def _opposite_failures(claim: str, closest: list[str]) -> list[str]:
        """A claim word whose opposite the restated sentence uses, without affirming the
        word itself: in "has pledged EUR 40m, but none of it has been paid out", "paid" is
        denied, so "has paid EUR 40m" contradicts it (a negated claim keeps every word)."""
        claim_words = words(claim)
        affirmed_only = not _NEGATION.search(claim)
        sources = [
            (words(s), words(" ".join(_affirmed_clauses(s))) if affirmed_only else words(s))
            for s in closest
        ]
        for side_a, side_b in _OPPOSITE_SETS:
            for mine, other in ((side_a, side_b), (side_b, side_a)):
                if not claim_words & mine or claim_words & other:
                    continue
                if all(words & other and not affirmed & mine for words, affirmed in sources):
                    word = sorted(claim_words & mine)[0]
                    return [f"'{word}' contradicts the passage"]
        return []

    def _added_clause(self, claim: str, passage: str, passage_sentences: list[str]) -> list[str]:
        """A claim can quote its source and then add something of its own ("... and began
        construction later that year"): every coordinated clause must be in the passage."""
        for clause in _CLAIM_CLAUSE.split(claim)[1:]:
            if len(content_words(clause)) < 3:
                continue
            if self._coverage(clause, passage) >= self.min_coverage:
                continue
            similarity = self._similarity(clause, passage_sentences)
            if similarity is None or similarity < self.min_similarity:
                return [f"adds a clause the passage does not have: '{clause.strip()}'"]
        return []

    # ---- soft signals ---------------------------------------------------------------------
    @staticmethod
    def _coverage(claim: str, passage: str) -> float:
        words = content_words(claim)
        if not words:
            return 1.0
        return len(words & content_words(passage)) / len(words)

    def _similarity(self, claim: str, passage_sentences: list[str]) -> float | None:
        if self.embedder is None:
            return None
        vectors = self.embedder.embed_sentences([claim, *passage_sentences])
        return float(np.max(vectors[1:] @ vectors[0]))

    def check_answer(self, claims: list[tuple[str, list[str]]]) -> dict:
        """``claims`` pairs each sentence with the passages it cites."""
        unsupported = []
        for text, passages in claims:
            verdict = self.check(text, passages)
            if not verdict.supported:
                unsupported.append({"text": text, "reasons": verdict.reasons})
        total = len(claims)
        ratio = 1.0 if total == 0 else (total - len(unsupported)) / total
        return {"supported_ratio": round(ratio, 4), "unsupported": unsupported}


def _element_failures(claim: str, closest: list[str]) -> list[str]:
    """Which rare earth a figure is about is the fact itself: an element the claim names
    must be named (or abbreviated) in the passage sentence it restates. A symbol counts in
    the claim only as written ("Dy"): "PR" or "nd" in prose is not an element."""
    named = {e.lower() for e in _DOMAIN.element_names.findall(claim)}
    named |= {
        element
        for symbol in _DOMAIN.element_symbol_pattern.findall(claim)
        for element in _DOMAIN.element_symbols[symbol]
    }
    forms = _DOMAIN.element_forms
    missing = sorted(e for e in named if not any(forms[e].search(s) for s in closest))
    if not missing:
        return []
    return [f"element not in the restated sentence: {', '.join(missing)}"]


def _shares_fact(claim_words: set[str], sentence: str) -> bool:
    shared = len(claim_words & content_words(sentence))
    return shared >= 2 or shared >= 0.3 * len(claim_words)


def _fits_subject(claim: str, claim_names: set[str], holder: str) -> bool:
    """A passage sentence can carry the claim's number unless it is about someone else: it
    names none of the claim's subjects and names a subject the claim does not mention.
    Materials (NdPr, REO) are what a fact is about, not whose it is, so they do not count."""
    subjects = claim_names - _DOMAIN.material_words
    if not subjects:
        return True
    holder_lower, claim_lower = holder.lower(), claim.lower()
    names_a_claim_subject = any(name_in(n, holder_lower) for n in subjects)
    names_other_subject = any(
        not name_in(n, claim_lower) for n in entities(holder) - _DOMAIN.material_words
    )
    return names_a_claim_subject or not names_other_subject


_RATES = tuple(_DOMAIN.rate_bases)

# What a figure counts, read from the words around it: "14 weeks" and "nine respondents"
# are both 9-ish numbers in a survey, but only one of them is a duration.
_MEASURES = {
    "money": re.compile(
        r"^\s*(?:(?:trillion|billion|million|thousand|crore|lakh|tn|bn|mn|m|k)\b\s*)?"
        r"(?:[A-Z][a-z]+\s+)?(?:euros?|dollars?|yuan|renminbi|rmb|pounds? sterling|yen|usd|"
        r"eur|aud|cad|rupees?|inr|rand|zar|roubles?|rubles?|reais|brl)\b",
        re.I,
    ),
    "mass": re.compile(
        r"^[\s-]*(?:(?:million|billion|thousand|bn|mn)\b[\s-]*)?"
        r"(?:metric\s+)?(?:t|tp[ay]|tonnes?|tons?|kt|mt|kg|kilo(?:gram)?s?|grams?|g|lbs?|pounds?|"
        r"ounces?|oz)\b",
        re.I,
    ),
    "duration": re.compile(r"^[\s-]*(?:days?|weeks?|months?|years?|decades?)\b", re.I),
    "percent": re.compile(r"^\s*(?:%|per ?cent\b|percentage points?\b|pp\b)", re.I),
}
_CURRENCY_BEFORE = re.compile(
    r"(?:[a-z]{0,3}\$|€|£|¥|₹|\brs\.?|\binr|\bzar|\brmb|\bcny|\brp|(?<![a-z])r)\s?$", re.I
)
# Which currency a figure is in, where a passage says so unambiguously (a bare "$" or
# "dollars" could be any dollar, "¥" yen or yuan): (written before it, written after it).
_CURRENCIES = {
    "US dollars": (r"us\$|usd", r"usd|us dollars?"),
    "Australian dollars": (r"a\$|aud", r"aud|australian dollars?"),
    "Canadian dollars": (r"c\$|cad", r"cad|canadian dollars?"),
    "euros": (r"€|eur", r"eur|euros?"),
    "pounds": (r"£|gbp", r"gbp|pounds? sterling"),
    "yuan": (r"cny|rmb", r"cny|rmb|yuan|renminbi"),
    "yen": (r"jpy", r"jpy|yen"),
    "rand": (r"zar|(?<![a-z])r", r"zar|rand"),
    "rupees": (r"inr|rs\.?|₹", r"inr|rupees?"),
    "roubles": (r"rub|₽", r"rub|roubles?|rubles?"),
    "reais": (r"r\$|brl", r"brl|reais"),
}
_CURRENCY_RES = {
    name: (re.compile(rf"(?:{before})\s?$", re.I), re.compile(rf"^\s*(?:{after})\b", re.I))
    for name, (before, after) in _CURRENCIES.items()
}


def _currencies_of(sentence: str, options: set[float]) -> set[str]:
    """The currencies each occurrence of the number in ``sentence`` is stated in."""
    found = set()
    for match in occurrences(sentence, options):
        before = sentence[max(0, match.start(1) - 5) : match.start(1)]
        after = sentence[match.end() : match.end() + 20]
        found |= {
            name
            for name, (ahead, behind) in _CURRENCY_RES.items()
            if ahead.search(before) or behind.search(after)
        }
    return found


# what a quantity is of: a resource is not a reserve, concentrate is not oxide
_KINDS = tuple(_DOMAIN.material_kinds)


def _period_after(sentence: str, options: set[float]) -> str | None:
    """The dated period written right after the number, before any other figure: "5,100 t
    in H2 2025" -> "h2 2025"."""
    period = _written_after(sentence, options, DATED_PERIOD)
    return next(iter(dated_periods(period.group(0))), None) if period else None


def _kinds_missing(claim: str, options: set[float], holders: list[str]) -> str | None:
    """A kind of material or estimate written next to the claim's number must be in a
    passage sentence holding that number ("JORC resource ... 3.9 billion tonnes" is wrong
    when 3.9 billion tonnes is the host rock and the resource is another figure)."""
    near = _units(_around_number(claim, options)) & set(_KINDS)
    for kind in sorted(near):
        if not any(_UNIT_RES[kind].search(h) for h in holders):
            return kind
    return None


# How many characters after a number its unit and basis are looked for.
_AFTER_NUMBER = 45


def _around_number(sentence: str, options: set[float]) -> str:
    """The words on either side of the number, up to the neighbouring numbers."""
    matches = list(NUMBER.finditer(sentence))
    for i, match in enumerate(matches):
        if number_options(match) & options:
            before = matches[i - 1].end() if i else 0
            after = matches[i + 1].start() if i + 1 < len(matches) else len(sentence)
            # a kind named next to the number belongs to it only within the same clause
            start = max(before, match.start() - 40, sentence.rfind(",", 0, match.start()) + 1)
            end = min(after, match.end() + _AFTER_NUMBER)
            clause_end = _CLAUSE_BREAK.search(sentence, match.end(), end)
            return sentence[start : clause_end.start() if clause_end else end]
    return ""


def _measures_of(sentence: str, options: set[float]) -> set[str | None]:
    """What each occurrence of the number in ``sentence`` measures (None: a bare count or a
    measure the patterns do not know)."""
    found: set[str | None] = set()
    for match in occurrences(sentence, options):
        if (match.group(3) or "").lower() in ("kt", "mt"):  # "20ktpa", "1.5 Mt"
            found.add("mass")
        else:
            found.add(_measure_at(sentence, match.start(1), match.end()))
    for match in WORD_NUMBER.finditer(sentence):
        if WORD_NUMBERS[match.group(1).lower()] in options:
            found.add(_measure_at(sentence, match.start(), match.end()))
    return found


def _measure_at(sentence: str, start: int, end: int) -> str | None:
    if _CURRENCY_BEFORE.search(sentence[max(0, start - 4) : start]):
        return "money"
    after = sentence[end : end + 40]
    return next((name for name, pattern in _MEASURES.items() if pattern.search(after)), None)


def _rate_after(sentence: str, options: set[float]) -> str | None:
    """The price or flow basis written right after the number ("US$98 per kilogram")."""
    after = _after_number(sentence, options)[:22]
    hits = [(m.start(), name) for name in _RATES if (m := _UNIT_RES[name].search(after))]
    return min(hits)[1] if hits else None


def _per_year_after(sentence: str, options: set[float]) -> bool:
    """Whether a per-year basis follows the number closely ("9,000 t a year"), before any
    other figure."""
    return _written_after(sentence, options, _UNIT_RES["per year"]) is not None


def _written_after(sentence: str, options: set[float], pattern: re.Pattern) -> re.Match | None:
    """``pattern`` where it starts within the reach of the number's first occurrence. It is
    searched in the rest of the sentence, so a phrase running past the reach ("a year
    before") is seen whole."""
    match = first_occurrence(sentence, options)
    if match is None:
        return None
    found = pattern.search(sentence, match.end())
    return found if found and found.start() < _reach_after(sentence, match) else None


def _reach_after(sentence: str, match: re.Match) -> int:
    """How far words after a number still belong to it: ``_AFTER_NUMBER`` characters, and
    never past the next figure that is not a year ("2,000 t" is a figure, "2025" a date)."""
    end = match.end() + _AFTER_NUMBER
    for other in NUMBER.finditer(sentence, match.end()):
        if other.start() >= end:
            break
        if not YEAR.fullmatch(other.group(0)):
            return other.start()
    return end


def _after_number(sentence: str, options: set[float]) -> str:
    """The words right after the claim's number in a passage sentence (its unit and basis)."""
    match = first_occurrence(sentence, options)
    return sentence[match.end() : match.end() + _AFTER_NUMBER] if match else ""
