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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.chunking import sentence_texts

_SCALE = {
    "trillion": 1e12,
    "tn": 1e12,
    "bn": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "crore": 1e7,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "mt": 1e6,
    "lakh": 1e5,
    "k": 1e3,
    "kt": 1e3,
    "thousand": 1e3,
}
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# A figure is read whole or not at all: "20ktpa" is 20 kt a year, never a 2, and a
# currency written against the digits ("R184 million", "INR7,280 crore") is not taken for
# the end of a word.
_NUMBER = re.compile(
    r"""(?<!\w)(?<!\d\.)
    (?=[\d$€£¥₹]|[a-z]{1,3}(?:\$|\.?\d))  # a cheap look ahead first: most positions fail here
    (?:[a-z]{1,3}\$|[$€£¥₹]|(?:rs|rp|inr|rmb|cny|zar|r)\.?)?
    (\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|\.\d)
    (?:[\s-]?(trillion|billion|million|thousand|crore|lakh)s?(?![a-z])
      |\s?(tn|bn|mn|mt|kt|m|k|b)(?=pa\b|py\b|t\b|/|[^a-z]|$)
      |(?!st\b|nd\b|rd\b|th\b))""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "half": 0.5,
    "dozen": 12,
    "hundred": 100,
    "twice": 2,
    "double": 2,
    "triple": 3,
    "thrice": 3,
}
_FY = re.compile(r"\bFY\s?'?(\d{2}|\d{4})\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b[QH]([1-4])\b")
_MONTHS = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "may": "may",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
# month names and their abbreviations, one alternation shared by every date pattern
_MONTH_NAMES = "|".join(sorted(set(_MONTHS) | set(_MONTHS.values()), key=len, reverse=True))
_MONTH = re.compile(rf"\b({_MONTH_NAMES})\b\.?(?=\s+\d|\s*$|,)", re.I)
_MONTH_WORD = re.compile(rf"\b({_MONTH_NAMES})\b", re.I)
# A year together with the part of it that it dates: "March 2025", "Q3 2026",
# "the second half of 2026". Swapping the year between two such dates in one sentence is a
# different claim even though both numbers appear in the passage.
_ORDINAL = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2"}
_ORDINAL |= {"3rd": "3", "4th": "4"}
_DATED_PERIOD = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<y1>(?:19|20)\d\d)\b|"
    r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half)\s+"
    r"(?:of\s+)?(?P<y2>(?:19|20)\d\d)\b|"
    r"\b(?P<qh>[QH])(?P<n>[1-4])\s*(?:of\s+)?'?(?P<y3>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# Words that say a thing is absent or not yet done: "is still looking for a buyer" denies
# "has found a buyer" as surely as "has not found one" does.
_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|without|yet to|failed to|cannot|unable|no longer|"
    r"lacks?|lacking|pending|awaiting|unsigned|unfunded|unpaid|"
    r"still (?:looking|seeking|searching|negotiating|waiting|in talks))\b|n't\b",
    re.I,
)
_OPPOSITES = [
    ("approved granted accepted awarded renewed", "rejected refused denied revoked declined"),
    (
        "rose increased grew up higher gained climbed dearer pricier",
        "fell decreased declined down lower dropped cheaper",
    ),
    ("started began opened", "stopped halted closed suspended"),
    ("domestic domestically local locally", "imported foreign overseas abroad"),
    ("each apiece respectively", "combined jointly"),
    ("continued kept maintained sustained", "paused halted suspended stopped"),
    # money promised is not money delivered: the distinction this product exists to keep
    ("invested paid disbursed spent", "pledged promised offered committed earmarked"),
    ("received obtained won holds secured", "applied sought requested"),
]
_OPPOSITE_SETS = [(set(a.split()), set(b.split())) for a, b in _OPPOSITES]
# Hedges and bases that change what a sentence claims; dropping or adding one is a new claim.
_QUALIFIERS = {
    "plan": r"\b(aims?|aiming|plans?|planned|planning|targets?|targeted|targeting|expects?|"
    r"expected|intends?|intended|projected|forecasts?|ambition|goal|hopes?|seeks?)\b",
    "possibility": r"\b(could|might|(?-i:may)|potential(?:ly)?|possible|possibly|likely)\b",
    "soft deal": r"\b(mou|memorandum|loi|letter of (?:intent|interest)|non-binding|"
    r"heads of agreement)\b",
    "condition": r"\b(conditional(?:ly)?|subject to|provided|depends on|contingent)\b",
    "capacity": r"\b(capacity|nameplate|run-rate|designed|design)\b",
}
_QUALIFIER_RES = {name: re.compile(p, re.I) for name, p in _QUALIFIERS.items()}
# Dropping the future turns a plan into a fact; adding it is how paraphrases restate dated
# agreements ("agreed to invest" -> "will invest"), so only dropping it is an error.
_FUTURE = re.compile(
    r"\b(will|scheduled|slated|proposed|set to|on track to|"
    r"due (?:to (?:begin|start|open|be|complete|commence|come|enter)|by|in))\b",
    re.I,
)
_UNIT_CLASSES = {
    "concentrate": r"\bconcentrates?\b",
    "oxide": r"\boxides?\b|\breo\b|\btreo\b",
    "metal": r"\bmetals?\b|\balloys?\b",
    "magnet": r"\bmagnets?\b",
    "carbonate": r"\bcarbonates?\b",
    "ore": r"\bore\b|\bin[- ]situ\b",
    "per year": r"\bper[- ]year\b|\ba[- ]year\b(?!\s+(?:earlier|ago|before|later|after|on)\b)|"
    r"\bannual(?:ly)?\b|\bper annum\b|/y(?:ea)?r?\b|\byearly\b|\beach year\b|"
    r"(?<![a-z])[km]?tp[ay]\b|(?<=\d[km]t)p[ay]\b",  # 2,000 tpa, 2,000tpa, 20ktpa, 1.5Mtpa
    "per kilogram": r"\bper kilogram\b|/kg\b|\bper kg\b|\ba kilogram\b",
    "per tonne": r"\bper tonne\b|/t\b|\bper ton\b|\ba tonne\b",
    "reserve": r"\breserves?\b",
    "resource": r"\bresources?\b",
}
_UNIT_RES = {name: re.compile(p, re.I) for name, p in _UNIT_CLASSES.items()}
_ABBREVIATIONS = {
    "ceo": "chief executive",
    "cfo": "chief financial",
    "pfs": "pre-feasibility",
    "dfs": "definitive feasibility",
    "bfs": "bankable feasibility",
    "pea": "preliminary economic",
    "npv": "net present value",
    "irr": "internal rate",
    "fid": "final investment decision",
    "mou": "memorandum of understanding",
    "loi": "letter of intent",
    "reo": "rare-earth oxide",
    "treo": "total rare-earth oxide",
    "dy": "dysprosium",
    "tb": "terbium",
    "nd": "neodymium",
    "pr": "praseodymium",
    "sm": "samarium",
    "ndpr": "neodymium-praseodymium",
    "cny": "yuan",
    "rmb": "yuan",
    "jpy": "yen",
    "us": "united states",
    "usa": "united states",
    "u.s": "united states",
    "eu": "european union",
    "uk": "united kingdom",
    "dod": "defense department",
    "doe": "department of energy",
    "capex": "capital cost",
    "opex": "operating cost",
    "sx": "solvent extraction",
    "hreo": "heavy rare",
    "lreo": "light rare",
    "mreo": "magnet rare",
    "ev": "electric vehicle",
    "evs": "electric vehicle",
    "efa": "export finance",
    "osc": "strategic capital",
    "dpa": "defense production",
    "smco": "samarium cobalt",
    "dept": "department",
    "govt": "government",
    "ree": "rare earth",
    "rees": "rare earth",
    "re": "rare earth",  # investors' shorthand: "RE magnets", "RE projects"
    "res": "rare earth",
    "hree": "heavy rare",
    "lree": "light rare",
}
_NOT_NAMES = {"mt", "kt", "ppm", "q1", "q2", "q3", "q4", "h1", "h2", "ndfeb", "us$", "a$"}
_NOT_NAMES |= {"hi", "hey"}  # a greeting opening a chat message
# chat shorthand and units, which name nothing
_NOT_NAMES |= {"dd", "fyi", "imo", "imho", "tldr", "asap", "afaik", "iirc", "tbh", "btw", "eta"}
_NOT_NAMES |= {"yoy", "qoq", "ytd", "tpa", "ktpa", "mtpa", "tpy"}
_NOT_NAMES |= {"ic", "ir", "pm", "jv", "jvs", "vs"}  # investment committee, investor relations
# currency codes: which currency a figure is in is the currency rule's to check
_NOT_NAMES |= {"rs", "inr", "zar", "rp", "brl", "rub", "usd", "aud", "cad", "eur", "gbp"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d[\d,.]*")
_STOP = set(
    "a an the of in on at to for from by with and or but as is are was were be been being it "
    "its this that these those has have had will would which who whom what when where how "
    "than then there their they them he she his her we our you your i not no also into over "
    "under about after before during up down out more most less least such so can could may "
    "might should do does did per each all any some both other only own same very just said "
    "says according company companies ".split()
)


@dataclass
class Verdict:
    supported: bool
    reasons: list[str] = field(default_factory=list)
    coverage: float = 0.0
    similarity: float | None = None


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _stem(word: str) -> str:
    return _stemmer().stemWord(word.lower().strip("'"))


def content_words(text: str) -> set[str]:
    return {
        _stem(t)
        for t in _TOKEN.findall(text)
        if t.lower() not in _STOP and not t[0].isdigit() and len(t) > 1
    }


def _number_options(match: re.Match) -> set[float]:
    raw = float(match.group(1).replace(",", ""))
    options = {raw}
    scale = (match.group(2) or match.group(3) or "").lower()
    if scale in _SCALE:
        options.add(round(raw * _SCALE[scale], 6))
    return options


def years_in(text: str) -> set[int]:
    """The years a text names, financial years included: "in 2030", "FY2030", "FY30"."""
    years = {int(y) for y in YEAR.findall(text)}
    for match in _FY.finditer(text):
        year = int(match.group(1))
        years.add(year if year > 99 else 2000 + year)
    return years


def numbers_in(text: str) -> set[float]:
    """Every number in ``text`` both as written and scaled (1.5bn -> 1.5 and 1.5e9), so the
    same figure matches across '3.8 Mt', '3.8 million tonnes' and '3,800,000 t'."""
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        values |= _number_options(match)
    for match in _FY.finditer(text):
        year = int(match.group(1))
        values |= {float(year if year > 99 else 2000 + year), float(year % 100)}
    for match in _QUARTER.finditer(text):
        values.add(float(match.group(1)))
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in _WORD_NUMBERS:
            values.add(float(_WORD_NUMBERS[word.lower()]))
    values |= {decades * 10 for decades in _decades(text)}
    return values


_DECADES = re.compile(r"\b(\d+|" + "|".join(_WORD_NUMBERS) + r")[\s-]+decades?\b", re.I)
# not fractions ("four-fifths") and not "twelve months", which is how people say "a year"
_CARDINAL_WORDS = re.compile(
    r"(?<!-)\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!-|\s+months)",
    re.IGNORECASE,
)


def claim_numbers(text: str) -> list[set[float]]:
    """One set of acceptable values per number in the claim: digits, and cardinal words
    from two to twelve ("up to five years"); "one" is too often not a count. A number of
    decades may also be matched in years ("two decades", "a 20-year lease")."""
    claims = [_number_options(m) for m in _NUMBER.finditer(text)]
    claims += [{float(_WORD_NUMBERS[w.lower()])} for w in _CARDINAL_WORDS.findall(text)]
    for decades in _decades(text):
        claims = [c | {decades * 10} if c == {decades} else c for c in claims]
    for match in _FY.finditer(text):
        year = int(match.group(1))
        claims.append({float(year if year > 99 else 2000 + year), float(year % 100)})
    return claims


def _decades(text: str) -> list[float]:
    return [
        float(_WORD_NUMBERS.get(n.lower()) or n) for n in _DECADES.findall(text.replace(",", ""))
    ]


def _is_year(options: set[float]) -> bool:
    return any(1900 <= v <= 2100 and v == int(v) for v in options)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Whole words of the encoder's WordPiece vocabulary: a capitalised sentence opener that
    is a common word ("Output", "Roughly") is not a name; "Karrath" is not in it."""
    try:
        from assistant.embeddings import packaged_model_dir

        vocab = (packaged_model_dir() / "vocab.txt").read_text(encoding="utf-8").split()
        return frozenset(w for w in vocab if w.isalpha() and len(w) > 2)
    except (ImportError, OSError):
        return frozenset()


# a currency sign or code written against a figure ("US$620m", "R184m") is not a name
_CURRENCY = re.compile(r"\b(?:US|A|C|NZ|HK|S|R)\$|\b(?:Rs|INR|ZAR|Rp|RMB|CNY|R)\.?(?=\d)")
_MATERIALS = {
    "ndpr",
    "nd",
    "pr",
    "dy",
    "tb",
    "sm",
    "reo",
    "treo",
    "ree",
    "rees",
    "re",
    "res",
    "hree",
    "lree",
    "ndfeb",
    "smco",
    "ni",
    "jorc",
    "s-k",
    "usgs",
}


_CONTRACTION = re.compile(r"['’](?:s|m|re|ve|ll|d)$")
# A token starts at a word's start: the "Q25" of "4Q25" names nothing.
_NAME_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9'&.-]*[A-Za-z0-9]|[A-Z])")


def _is_common(word: str, common: frozenset[str]) -> bool:
    """A common word, or an inflection of one ("Prepping", "Wondered"), which opens a
    sentence as readily as the word itself."""
    if word in common:
        return True
    for suffix in ("ing", "ed", "es", "s"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            forms = {base, base + "e"} | ({base[:-1]} if base[-1] == base[-2] else set())
            if forms & common:
                return True
    return False


def entities(text: str) -> set[str]:
    """Proper names and acronyms, lower-cased: capitalised tokens that are not merely a
    sentence opener, a month or a unit."""
    found = set()
    common = _common_words()
    text = _CURRENCY.sub("$", text)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        tokens = _NAME_TOKEN.findall(sentence)
        for i, token in enumerate(tokens):
            token = _CONTRACTION.sub("", token)  # "Lynas's" is Lynas; "I'm" is no name
            if len(token) < 2:  # a lone capital ("10X", "Phase A") names nothing
                continue
            is_acronym = sum(ch.isupper() for ch in token) >= 2
            if not (token[0].isupper() or is_acronym):
                continue
            lowered = token.lower()
            if lowered in _NOT_NAMES or _is_period_span(lowered):
                continue  # "Jan-May", "Oct-9", "FY26" and "Q3-Q4" say when, not who
            if _ELEMENT_RUN.fullmatch(token):
                continue  # "DyTb", "NdPr": elements, not names
            if i == 0 and not is_acronym and (_is_common(lowered, common) or lowered in _STOP):
                continue
            if lowered in _STOP:
                continue
            found.add(lowered)
    return found


def _is_period_span(token: str) -> bool:
    parts = token.split("-")
    return all(_is_period(p) or p.isdigit() for p in parts) and not parts[0].isdigit()


def _is_period(word: str) -> bool:
    return word in _MONTHS or word in _MONTHS.values() or bool(_PERIOD.fullmatch(word))


# a financial or calendar year, half or quarter: FY26, FY2025, CY24, H1, 1H26, Q3
_PERIOD = re.compile(r"(?:fy|cy)(?:\d{2}|\d{4})|[hq][1-4](?:fy)?(?:\d{2}|\d{4})?")
# two or more chemical symbols of the rare earths and their magnet partners run together
_ELEMENT_RUN = re.compile(r"(?:(?:La|Ce|Pr|Nd|Pm|Sm|Eu|Gd|Tb|Dy|Ho|Er|Tm|Yb|Lu|Sc|Y|Fe|Co|B)){2,}")


# demonyms whose country does not start with their first four letters
_DEMONYMS = {
    "danish": "denmark",
    "dutch": "netherlands",
    "french": "france",
    "british": "britain",
    "finnish": "finland",
    "spanish": "spain",
    "swiss": "switzerland",
    "burmese": "myanmar",
    "malagasy": "madagascar",
    "filipino": "philippines",
    "emirati": "emirates",
    "welsh": "wales",
    "irish": "ireland",
}


_NATIONALITIES = frozenset(
    """american argentine australian austrian belgian brazilian british burmese canadian
    chilean chinese czech danish dutch egyptian emirati estonian filipino finnish french
    german greek greenlandic indian indonesian irish israeli italian japanese kazakh kenyan
    korean malagasy malawian malaysian mexican mongolian namibian nigerian norwegian peruvian
    polish portuguese russian saudi scottish singaporean slovak slovenian spanish swedish
    swiss taiwanese tanzanian thai turkish ugandan ukrainian uzbek vietnamese welsh""".split()
)


def _nationality_failures(claim: str, closest: list[str]) -> list[str]:
    """A nationality the claim gives where the restated sentence gives another: "a Spanish
    magnet maker" is not "a Portuguese" one, even when the passage names Portugal elsewhere."""
    claimed = _words(claim) & _NATIONALITIES
    for nationality in sorted(claimed):
        country = _DEMONYMS.get(nationality, nationality[:4])
        if all(
            (_words(s) & _NATIONALITIES) - claimed
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
        places = [
            p for p in re.findall(r"[A-Z][\w'-]*", match.group(2)) if not _MONTH_WORD.match(p)
        ]
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


def _name_in(name: str, passage_lower: str) -> bool:
    if name in passage_lower:
        return True
    expansion = _ABBREVIATIONS.get(name) or _DEMONYMS.get(name)
    if expansion and expansion in passage_lower:
        return True
    if re.fullmatch(r"fy\d{2,4}", name):
        return True  # financial years are checked as numbers
    # demonyms and inflections: Chinese ~ China, Malawian ~ Malawi, Greenlandic ~ Greenland
    stem = name[: max(4, len(name) - 4)]
    return len(name) >= 5 and re.search(r"\b" + re.escape(stem), passage_lower) is not None


def _only_in_longer_name(name: str, claim: str, passage: str) -> bool:
    """True when the passage has the name only as the first part of a hyphenated proper
    name that the claim does not use: "Saxony" is not "Saxony-Anhalt"."""
    pattern = re.compile(rf"\b{re.escape(name)}\b(-[A-Z][\w]*)?", re.I)
    found = list(pattern.finditer(passage))
    if not found or any(m.group(1) is None for m in found):
        return False
    return not any(m.group(0).lower() in claim.lower() for m in found)


def dated_periods(text: str) -> set[str]:
    """Normalised month-year, quarter-year and half-year dates: {"march 2025", "q3 2026"}."""
    found = set()
    for m in _DATED_PERIOD.finditer(text):
        if m["month"]:
            month = m["month"].lower()
            found.add(f"{_MONTHS.get(month, month)} {m['y1']}")
        elif m["ord"]:
            found.add(f"{m['part'][0].lower()}{_ORDINAL[m['ord'].lower()]} {m['y2']}")
        else:
            found.add(f"{m['qh'].lower()}{m['n']} {m['y3']}")
    return found


def months(text: str) -> set[str]:
    return {_MONTHS.get(m.lower().rstrip("."), m.lower().rstrip(".")) for m in _MONTH.findall(text)}


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


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _affirmed_clauses(sentence: str) -> list[str]:
    return [c for c in _clauses([sentence]) if not _NEGATION.search(c)]


# A finished act, and a state of things still going on: "has chosen a buyer" is not "is in
# talks with three buyers", nor "has approved a loan" "is considering a loan".
_DONE = re.compile(
    r"\b(completed|finished|concluded|finali[sz]ed|chosen|chose|picked|selected|signed|"
    r"approved|agreed|lent|granted|awarded|secured|closed|delivered|built|commissioned)\b",
    re.I,
)
_UNDER_WAY = re.compile(
    r"\b(?:is|are|was|were|remains?)\s+(?:still\s+|now\s+|currently\s+)?(?:being\s+)?\w+ing\b|"
    r"\bbeing\s+\w+|\bstill\s+\w+ing\b|\bunder ?way\b|\bin progress\b|\bin talks\b|"
    r"\bunder (?:construction|review|consideration|negotiation|study)\b",
    re.I,
)


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
            if not _name_in(n, passage_lower) or _only_in_longer_name(n, claim, passage)
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
            if _is_year(options) or _is_day_of_month(claim, options):
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
        claim_words = _words(claim)
        affirmed_only = not _NEGATION.search(claim)
        sources = [
            (_words(s), _words(" ".join(_affirmed_clauses(s))) if affirmed_only else _words(s))
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


_ELEMENTS = {
    "lanthanum": ("la",),
    "cerium": ("ce",),
    "praseodymium": ("pr", "ndpr", "didymium"),
    "neodymium": ("nd", "ndpr", "ndfeb", "didymium"),
    "samarium": ("sm", "smco"),
    "europium": (),  # not "EU", which is the European Union
    "gadolinium": ("gd",),
    "terbium": ("tb",),
    "dysprosium": ("dy",),
    "holmium": ("ho",),
    "erbium": ("er",),
    "yttrium": ("y",),
    "lutetium": ("lu",),
    "scandium": ("sc",),
}
_ELEMENT_WORD = re.compile(r"\b(" + "|".join(_ELEMENTS) + r")\b", re.IGNORECASE)
# In a claim a symbol counts only as written: "PR" or "nd" in prose is not an element.
_ELEMENT_SYMBOLS = {
    "NdPr": ("neodymium", "praseodymium"),
    "Nd": ("neodymium",),
    "Pr": ("praseodymium",),
    "Dy": ("dysprosium",),
    "Tb": ("terbium",),
    "Sm": ("samarium",),
}
_ELEMENT_SYMBOL = re.compile(r"\b(" + "|".join(_ELEMENT_SYMBOLS) + r")\b")
_ELEMENT_FORMS = {
    element: re.compile(rf"\b({'|'.join((element, *short))})\b", re.IGNORECASE)
    for element, short in _ELEMENTS.items()
}


def _element_failures(claim: str, closest: list[str]) -> list[str]:
    """Which rare earth a figure is about is the fact itself: an element the claim names
    must be named (or abbreviated) in the passage sentence it restates."""
    named = {e.lower() for e in _ELEMENT_WORD.findall(claim)}
    named |= {e for symbol in _ELEMENT_SYMBOL.findall(claim) for e in _ELEMENT_SYMBOLS[symbol]}
    missing = []
    for element in sorted(named):
        if not any(_ELEMENT_FORMS[element].search(s) for s in closest):
            missing.append(element)
    if not missing:
        return []
    return [f"element not in the restated sentence: {', '.join(sorted(missing))}"]


def _occurrences(sentence: str, options: set[float]) -> Iterator[re.Match]:
    """Where the number (any of its spellings in ``options``) is written in ``sentence``."""
    return (m for m in _NUMBER.finditer(sentence) if _number_options(m) & options)


def _first_occurrence(sentence: str, options: set[float]) -> re.Match | None:
    return next(_occurrences(sentence, options), None)


def _is_day_of_month(claim: str, options: set[float]) -> bool:
    match = _first_occurrence(claim, options)
    if match is None:
        return False
    around = claim[max(0, match.start() - 10) : match.end() + 10]
    return bool(_MONTH_WORD.search(around)) and min(options) <= 31


def _shares_fact(claim_words: set[str], sentence: str) -> bool:
    shared = len(claim_words & content_words(sentence))
    return shared >= 2 or shared >= 0.3 * len(claim_words)


def _fits_subject(claim: str, claim_names: set[str], holder: str) -> bool:
    """A passage sentence can carry the claim's number unless it is about someone else: it
    names none of the claim's subjects and names a subject the claim does not mention.
    Materials (NdPr, REO) are what a fact is about, not whose it is, so they do not count."""
    subjects = claim_names - _MATERIALS
    if not subjects:
        return True
    holder_lower, claim_lower = holder.lower(), claim.lower()
    names_a_claim_subject = any(_name_in(n, holder_lower) for n in subjects)
    names_other_subject = any(not _name_in(n, claim_lower) for n in entities(holder) - _MATERIALS)
    return names_a_claim_subject or not names_other_subject


_RATES = ("per kilogram", "per tonne", "per year")

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
    for match in _occurrences(sentence, options):
        before = sentence[max(0, match.start(1) - 5) : match.start(1)]
        after = sentence[match.end() : match.end() + 20]
        found |= {
            name
            for name, (ahead, behind) in _CURRENCY_RES.items()
            if ahead.search(before) or behind.search(after)
        }
    return found


_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.I)


# what a quantity is of: a resource is not a reserve, concentrate is not oxide
_KINDS = ("concentrate", "oxide", "metal", "magnet", "carbonate", "ore", "reserve", "resource")


def _period_after(sentence: str, options: set[float]) -> str | None:
    """The dated period written right after the number, before any other figure: "5,100 t
    in H2 2025" -> "h2 2025"."""
    period = _written_after(sentence, options, _DATED_PERIOD)
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
    matches = list(_NUMBER.finditer(sentence))
    for i, match in enumerate(matches):
        if _number_options(match) & options:
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
    for match in _occurrences(sentence, options):
        if (match.group(3) or "").lower() in ("kt", "mt"):  # "20ktpa", "1.5 Mt"
            found.add("mass")
        else:
            found.add(_measure_at(sentence, match.start(1), match.end()))
    for match in _WORD_NUMBER.finditer(sentence):
        if _WORD_NUMBERS[match.group(1).lower()] in options:
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
    match = _first_occurrence(sentence, options)
    if match is None:
        return None
    found = pattern.search(sentence, match.end())
    return found if found and found.start() < _reach_after(sentence, match) else None


def _reach_after(sentence: str, match: re.Match) -> int:
    """How far words after a number still belong to it: ``_AFTER_NUMBER`` characters, and
    never past the next figure that is not a year ("2,000 t" is a figure, "2025" a date)."""
    end = match.end() + _AFTER_NUMBER
    for other in _NUMBER.finditer(sentence, match.end()):
        if other.start() >= end:
            break
        if not YEAR.fullmatch(other.group(0)):
            return other.start()
    return end


def _after_number(sentence: str, options: set[float]) -> str:
    """The words right after the claim's number in a passage sentence (its unit and basis)."""
    match = _first_occurrence(sentence, options)
    return sentence[match.end() : match.end() + _AFTER_NUMBER] if match else ""
