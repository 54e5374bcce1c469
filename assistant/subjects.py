"""What an article and each of its sentences speak of.

Real articles name their subject once and then write "the company", "it", "the plant" or
"the Australian miner". Each sentence is given the subject it speaks of: one it names, or
for a sentence that names none or opens with such a reference, the subject the article was
last speaking of. An article's subjects come from its front matter, else from its title and
the organisations and sites it names most.

>>> found = mentions("Karrath Minerals Ltd said its Yelbin plant made 310t, chief Jo Bell said.")
>>> [(m.name, m.kind) for m in found]
[('Karrath Minerals Ltd', 'organisation'), ('Yelbin', 'facility'), ('Jo Bell', 'person')]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain import domain
from assistant.text import fold, places
from assistant.text.dates import is_period, is_period_span
from assistant.text.tokens import is_common

# a run of capitalised words, joined by "of", "de", "and" or "&" inside a name
_RUN = re.compile(
    r"(?<![\w'’$])[A-Z][\w'’&.\-]*[\w]"
    r"(?:(?:\s+(?:of|for|de|du|da|do|and|&|la|le)\s+|\s+)[A-Z][\w'’&.\-]*[\w]|\s+[A-Z]\.?)*"
)
# "WASHINGTON, Nov. 4 (Wire) - " or "PERTH, Jan 28 - ": a dateline names where, not who
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .,'’-]{2,},?\s+(?:[A-Z][a-z]+\.?,?\s+)*"
    r"(?:[A-Z][a-z]{2,}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,}\.?)(?:,?\s+\d{4})?"
    r"\s*(?:\([^)]*\))?\s*[-–—]+\s*"
)
_ANAPHOR = re.compile(
    r"^\W*(?:it|its|they|their|he|she|the\s+(?:\w+[\s-]+){0,3}(?:company|group|firm|miner|producer|"
    r"plant|project|facility|refinery|mine|operation|business|developer|explorer|partnership|"
    r"venture|site|line|deposit|maker|refiner|operator|separator|owner|supplier|manufacturer|"
    r"country|government|state|nation|agency|bloc))\b",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    end: int
    kind: str  # organisation, facility, place, agency, person, name


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    w = domain().subject_words
    return {
        "facility": frozenset(w.facility),
        "organisation": frozenset(w.organisation),
        "agency": frozenset(w.agency),
        "place": frozenset(w.place_nouns),
        "region": frozenset(w.region_nouns),
        "person": frozenset(w.person_roles),
        "never": frozenset(w.never),
    }


def dateline_end(text: str) -> int:
    """Where the text begins after a dateline ("PERTH, Jan 28 - "), else 0."""
    found = _DATELINE.match(text)
    return found.end() if found else 0


@lru_cache(maxsize=8192)
def mentions(text: str) -> tuple[Mention, ...]:
    """The names a text uses, with what kind of thing each names: an organisation (its
    name ends in a company word, or it owns something), a facility (a site word follows
    it), a place (a country or its demonym), an agency (a public body), a person (a role
    is next to it), or just a name."""
    skip = dateline_end(text)
    dateline = {w.lower() for w in re.findall(r"[A-Za-z][\w'’-]+", text[:skip])}
    headline = _title_cased(text)
    found = []
    for run in _RUN.finditer(text, skip):
        opens = not text[skip : run.start()].strip() or bool(
            re.search(r"[.!?:;\n•*▪●◦-]\s*$", text[: run.start()])
        )
        for name, start in _names_in_run(run.group(0), run.start(), headline, opens):
            if _no_name(name, text, start) or _only_common_nouns(name):
                continue
            # the town a dateline names is a place wherever the story names it again
            kind = "place" if name.lower() in dateline else _kind(name, text, start)
            found.append(Mention(name, start, start + len(name), kind))
    return tuple(found)  # cached: one sentence is read by several steps


_CLOSED_CLASS = frozenset(
    "is are was were be been has have had do does did to for with from by on at in as up its "
    "their his her says said will would can could may might shall should not no".split()
)


def _title_cased(text: str) -> bool:
    """A headline written in title case: most of its words capitalised."""
    tokens = re.findall(r"[A-Za-z][\w'’-]*", text)
    return len(tokens) >= 4 and sum(t[0].isupper() for t in tokens) >= 0.6 * len(tokens)


def _names_in_run(
    run: str, start: int, headline: bool = False, opens: bool = False
) -> list[tuple[str, int]]:
    """The names in a run of capitalised words. A run is cut at a possessive ("Karrath's
    Yelbin plant": Karrath, Yelbin), at a wire slug ("ANALYSIS-Karrath"), and, in a
    headline written in title case, at an everyday word ("Karrath Metals Reports Record
    Output": Karrath Metals), and words that never start a name are dropped from its ends."""
    words = _words()
    pieces: list[tuple[str, int]] = []
    for m in re.finditer(r"\S+", run):
        token, at = m.group(0), start + m.start()
        slug = re.match(r"^([A-Z]{3,})-(?=[A-Z])", token)
        if slug:
            token, at = token[slug.end() :], at + slug.end()
        # "Kastrian-funded", "London-listed": the name, if any, is the capitalised part,
        # and it describes what follows rather than starting its name
        described = re.match(r"^([A-Z][\w'’&.]*?)-[a-z][\w-]*$", token)
        if described:
            pieces += [(described.group(1), at), ("|", at)]
            continue
        pieces.append((token, at))
    names: list[list[tuple[str, int]]] = [[]]
    for token, at in pieces:
        if token == "|":
            names.append([])
            continue
        bare = re.sub(r"['’]s$", "", token).strip(".,")
        lowered = bare.lower()
        title_case_word = lowered in _CLOSED_CLASS or (
            headline
            and lowered not in words["organisation"]
            and lowered not in words["facility"]
            and lowered not in words["place"]
            and is_common(lowered)
            and lowered not in ("of", "de", "and", "&", "la", "le", "du", "da", "do")
            and not places.country_for(lowered)
        )
        inside_a_body = (
            lowered == "for" and names[-1] and names[-1][-1][0].lower() in words["agency"]
        )  # "the National Agency for Mineral Resources", "Office for Critical Minerals"
        if inside_a_body:
            names[-1].append((token, at))
            continue
        # "We're", "I'm", "We've": a pronoun and its verb, never a name
        contraction = re.search(r"['’](?:re|ve|m|ll|d)$", lowered)
        if title_case_word or lowered in words["never"] or is_period(lowered) or contraction:
            names.append([])
            continue
        names[-1].append((bare if bare != token else token, at))
        if bare != token.strip(".,") and re.search(r"['’]s$", token):
            names.append([])  # a possessive ends the name it is on
    out = []
    for group in names:
        while group and group[-1][0].lower() in (
            "for",
            "of",
            "de",
            "and",
            "&",
            "la",
            "le",
            "du",
            "da",
            "do",
        ):
            group = group[:-1]
        if len(group) > 2 and group[1][0] == "of" and opens and group[0][1] == start:
            first = group[0][0].lower()
            if is_common(first) and first not in words["organisation"] | words["agency"]:
                group = group[2:]  # "Completion of SMCO ..." opening a line names SMCO
        if not group:
            continue
        first_at = group[0][1]
        last_token, last_at = group[-1]
        out.append((re.sub(r"\s+", " ", " ".join(t for t, _ in group)).strip(".,"), first_at))
    return out


def _only_common_nouns(name: str) -> bool:
    """ "Company", "the Group", "Resources": words that end names but name nothing alone."""
    words = _words()
    return all(
        w.lower() in words["organisation"] or w.lower() in words["facility"] for w in name.split()
    )


def _no_name(name: str, text: str, start: int) -> bool:
    """A capitalised word that names nothing: a period ("FY26"), a unit or currency code
    ("NOK"), or a common word capitalised only because it opens the sentence ("Feed")."""
    lowered = name.lower()
    if is_period(lowered) or is_period_span(lowered) or lowered in domain().not_names:
        return True
    if lowered in ("million", "billion", "thousand", "trillion") or len(name) < 2:
        return True
    if lowered in places.currency_codes() and re.match(r"\s?\d", text[start + len(name) :]):
        return True  # "SEK 1.9bn"
    if all(part in _material_words() for part in re.split(r"[\s-]+", lowered)):
        return True  # "Neodymium-praseodymium output", "Terbium oxide"
    if lowered in domain().material_words and _PRODUCT_AFTER.match(text[start + len(name) :]):
        return True  # "410 tpa of Dy oxide": an element's symbol before its product
    if _MONEY_TOKEN.match(name):
        return True  # "R1.9bn", "A$40M" read as one word
    opens = not text[:start].strip() or re.search(r"[.!?:;\-•*▪●◦\n“‘\"'(|]\s*$", text[:start])
    is_place = lowered in places.world_country_names() or places.country_for(lowered)
    return " " not in name and bool(opens) and is_common(lowered) and not is_place


_PRODUCT_AFTER = re.compile(r"[\s-]+(?:oxides?|metals?|carbonate|concentrate|alloy|feed)\b", re.I)
_MONEY_TOKEN = re.compile(r"^[A-Za-z]{1,3}\$?\d[\d.,]*(?:bn|mn|m|k|b)?$")


@lru_cache(maxsize=1)
def _material_words() -> frozenset[str]:
    """Element names and the trade's product words ("neodymium", "oxide"), which open a
    sentence capitalised but name no subject."""
    # element names in full, not symbols or the trade's abbreviations: "SMCO" may be an
    # agency's initials as well as samarium-cobalt
    d = domain()
    return frozenset(
        [*d.elements, *d.minerals, "ndpr", "ndfeb", "oxide", "oxides", "metal", "alloy"]
    )


_MONEY_NEAR = re.compile(
    r"\b(?:debt|loans?|credit|drawn|undrawn|drawdowns?|lend\w*|lenders?|banks?|revolving|"
    r"bridge|tranches?|mn|million|bn|billion)\b|[$€£¥]",
    re.I,
)


def _site_word_follows(following: list[str], around: str = "") -> bool:
    """Whether a site word ("mine", "plant") follows a name directly or after describing
    words ("its Velden rare earths refinery"), with no conjunction or preposition between.
    A "facility" among talk of money is a loan ("the Halberd facility, A$60mn drawn")."""
    for word in following:
        if word in _words()["facility"]:
            return not (word in ("facility", "facilities") and _MONEY_NEAR.search(around))
        if word in ("and", "or", "of", "to", "in", "on", "at", "for", "with", "said", "is", "was"):
            return False
    return False


def _kind(name: str, text: str, start: int) -> str:
    words = _words()
    lowered = [w.lower().strip(".,") for w in name.split()]
    after = text[start + len(name) : start + len(name) + 40].lower()
    before = text[max(0, start - 40) : start].lower()
    following = re.findall(r"[a-z]+", after)[:4]
    if any(w in words["agency"] for w in lowered) and lowered[-1] not in words["organisation"]:
        return "agency"
    single_place = len(lowered) == 1 and (
        lowered[0] in places.world_country_names() or places.country_for(lowered[0])
    )
    if lowered[-1] in words["organisation"] or (re.match(r"['’]s\s", after) and not single_place):
        return "organisation"
    if places.is_place_name(name):
        return "place"  # "its Nevada plant", "a second U.S. magnet plant": where, not which
    if following[:1] and following[0] in words["region"]:
        return "place"  # "the Setúbal district"
    around = text[max(0, start - 60) : start + len(name) + 60]
    if _site_word_follows(following[:4], around) and not re.match(r"\s*[,.;]", after):
        return "facility"
    if len(lowered) == 1 and (
        lowered[0] in places.world_country_names()
        or places.country_for(lowered[0])
        or f"{name}." in places.state_abbreviations()
    ):
        return "place"
    if " ".join(lowered) in places.world_country_names():
        return "place"
    if lowered[0] in words["person"] and len(lowered) >= 3:
        return "person"  # "Chief Executive Dana Whitlock"
    role = re.match(r",?\s*(?:the\s+)?(?:\w+\s+){0,2}?(\w+)", after)
    # "Chief Executive Dana Whitlock", "its chief operating officer, Dana Whitlock,"
    titled = re.search(r"\b(?:" + "|".join(words["person"]) + r")\s*,?\s*$", before)
    if ((role and role.group(1) in words["person"]) or titled) and len(lowered) in (2, 3):
        return "person"
    if len(lowered) <= 2 and re.match(r"\s*(?:said|says|told|added|noted|warned)\b", after):
        return "person"
    if re.search(r"\b(?:at|from)\s+(?:its\s+|their\s+|the\s+)?$", before):
        return "facility"  # "produced 2,410t at Kilcoy Creek": where output is made
    if _named_with_its_region(text[start + len(name) :]):
        return "place"  # "outside Greer, South Carolina": a town, with its state
    return "name"


_REGION_AFTER = re.compile(r",\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")


def _named_with_its_region(after: str) -> bool:
    """Whether a name is followed by its state or country, as a town is ("Greer, S.C.",
    "Varginha, Brazil")."""
    region = _REGION_AFTER.match(after)
    if region is None:
        return False
    # is_place_name reads a state's news abbreviation too ("S.C.", "Okla.")
    return places.is_place_name(region.group(1).rstrip(",."))


@lru_cache(maxsize=512)
def names_masked(text: str) -> str:
    """The text with the names of organisations and agencies blanked out, offsets kept, so
    a cue word inside a name is not read as one: "Target Metals", "AIM", "the National
    Agency for Mineral Resources"."""
    chars = list(text)
    for m in mentions(text):
        if m.kind in ("organisation", "agency"):
            chars[m.start : m.end] = "X" * (m.end - m.start)
    return "".join(chars)


def opens_with_reference(text: str) -> bool:
    """Whether a sentence opens with "it", "the company", "the plant", "the Australian
    miner" and the like, whose referent an earlier sentence named."""
    return bool(_ANAPHOR.match(text[dateline_end(text) :]))


def article_subjects(
    title: str, text: str, given: list[str] | None = None, most: int = 4
) -> list[str]:
    """An article's subjects: those its front matter gives, else the organisations and
    sites its title names, then those its body names most (at least twice)."""
    if given:
        return list(dict.fromkeys(given))
    wanted = ("organisation", "facility", "name")
    # a title in capitals tells names from words no better than its length does
    short = short_names(f"{title}\n{text[:20000]}")
    titled = [] if title.isupper() else [m.name for m in mentions(title) if m.kind in wanted]
    # a short name stands for its full name, and an agency's is no subject, as the agency's
    # own name is not: "SMCO announces a loan to Pellane" is about Pellane
    titled = [short.get(n, n) for n in titled if not stands_for_agency(n, short)]
    found = [m for m in mentions(text[:20000]) if m.kind in ("organisation", "facility")]
    # one subject however it is written: "Quorra Metals Ltd", later "Quorra" or "Quorra Metals"
    longest: dict[str, str] = {}
    for m in found:
        key = m.name.split()[0]
        if len(m.name) > len(longest.get(key, "")):
            longest[key] = m.name
    counts = Counter(
        m.name.split()[0] for m in mentions(text[:20000]) if m.name.split()[0] in longest
    )
    named = [longest[key] for key, n in counts.most_common() if n >= 2]
    # the organisation the text names first is its issuer or its subject, however often
    first = [m.name for m in found[:3] if m.kind == "organisation"][:1]
    return list(dict.fromkeys(as_known(t, named) for t in titled + first + named))[:most]


def article_sites(title: str, text: str, given: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The sites an article names: those given, then every name its title or text uses for a
    mine, plant or project ("Loma Ceniza" once "the Loma Ceniza leach plant" is written), so
    a later bare "Loma Ceniza" is known for a site too."""
    found = [m.name for m in mentions(f"{title}\n{text[:20000]}") if m.kind == "facility"]
    # a title that names an organisation and another name is about the organisation's
    # project: "Greywacke Rare Earths files PEA for Lac Sauvin"
    in_title = [] if title.isupper() else mentions(title)
    if any(m.kind == "organisation" for m in in_title):
        found += [m.name for m in in_title if m.kind == "name"]
    return list(dict.fromkeys([*given, *found]))


# "Granville Separation (GRSX)", "Velstrand Magnetics, Inc. (NYSE American: VMAG)": a short
# name in brackets right after a name, with or without the exchange it is listed on
_SHORT_NAME = re.compile(
    r"(?P<name>(?:[A-Z][\w&'’.-]*\s+){0,4}[A-Z][\w&'’-]*)"
    r"(?:,?\s+(?:Inc|Ltd|Corp|LLC|plc|Limited|S\.A|N\.V|AG|AB|ASA)\.?)?"
    r"\s*\(\s*(?P<exchange>(?:[A-Z][A-Za-z-]*\s?){1,2}:\s*)?(?P<short>[A-Z]{2,6})\s*\)"
)


def short_names(text: str) -> dict[str, str]:
    """The short names a text gives its organisations: a listing symbol ("(ASX: QRM)"), or
    capitals in brackets that begin as the name does ("Sarovia Mining Corporation (SMC)"),
    each with the name it stands for, so a later "SMC" is read as that company."""
    found: dict[str, str] = {}
    for m in _SHORT_NAME.finditer(text):
        name, short = m.group("name").strip(), m.group("short")
        words = [w for w in name.split() if w[:1].isupper()]
        # a sentence's opening word is no part of the name: "Shares of Velden (VLD)"
        while len(words) > 1 and is_common(words[0].lower()) and words[0][0] != short[0]:
            words = words[1:]
        name = " ".join(words)
        if name != short and (m.group("exchange") or name[:1] == short[:1]):
            found.setdefault(short, name)
    return found


def stands_for_agency(name: str, short: dict[str, str]) -> bool:
    """A short name (``short``: those ``short_names`` found) of a lender, regulator or
    government, which, as its full name is, is seldom what a figure is about."""
    full = short.get(name)
    return full is not None and _kind(full, full, 0) == "agency"


def as_known(name: str, known: list[str] | tuple[str, ...]) -> str:
    """A name as the article's subjects spell it in full ("Karrath" -> "Karrath Minerals"),
    else as written."""
    low = name.lower()
    for subject in known:
        s = subject.lower()
        if s == low or s.startswith(low + " ") or low.startswith(s + " "):
            return subject
    return name


_PRONOUN = re.compile(r"^\W*(?:it|its|it['’]s)\b", re.I)
_SITE_REFERENCE = re.compile(
    r"^\W*the\s+(?:\w+[\s-]+){0,3}?(?:plant|project|facility|refinery|mine|operation|site|line|"
    r"deposit|mill|hub|concentrator|circuit)\b",
    re.I,
)


_SITE_MENTION = re.compile(
    r"\b(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:plant|project|facility|refinery|mine|site|"
    r"deposit|mill|concentrator|expansion)(?:['’]s)?\b(?!\s+(?:of|at|in)\b)",
    re.I,
)


def refers_to_site(clause: str) -> bool:
    """Whether a clause speaks of a site without naming it ("the plant", "the mine's
    capacity", "its refinery")."""
    return bool(_SITE_MENTION.search(clause))


@dataclass(frozen=True)
class Referents:
    """The organisation and the site the article was last speaking of."""

    organisation: str = ""
    site: str = ""
    opener: str = ""  # the name the sentence before opened with: its grammatical subject

    def for_sentence(self, sentence: str) -> str:
        """What a reference opening the sentence stands for: "the plant" for the last site
        named; "it" for what the sentence before was about ("Ostland has no separation
        plant. Its only output is ..."); else "the company" for the last organisation."""
        text = sentence[dateline_end(sentence) :]
        if _SITE_REFERENCE.match(text) and self.site:
            return self.site
        if _PRONOUN.match(text) and self.opener:
            return self.opener
        return self.organisation or self.site


def sentence_referents(
    sentences: list[str],
    subjects: list[str],
    title: str = "",
    sites: list[str] | tuple[str, ...] = (),
) -> list[Referents]:
    """For each sentence, the organisation and site the article was speaking of *before*
    it: at first, what its title names, else its first subject. ``sites`` are the names the
    article uses for sites (``article_sites``)."""
    first = Referents(organisation=subjects[0] if subjects else "")
    state = _after(title, first, subjects, sites)
    out = []
    for sentence in sentences:
        out.append(state)
        state = _after(sentence, state, subjects, sites)
    return out


def _after(
    sentence: str, state: Referents, subjects: list[str], sites: list[str] | tuple[str, ...]
) -> Referents:
    """The referents once a sentence has been read: the first organisation it names (the
    sentence's own subject) and the first site."""
    found = mentions(sentence)

    def is_site(m: Mention) -> bool:
        return m.kind == "facility" or as_known(m.name, sites) in sites

    organisations = [
        as_known(m.name, subjects)
        for m in found
        if not is_site(m)
        and (
            m.kind == "organisation"
            or (m.kind == "name" and as_known(m.name, subjects) in subjects)
        )
    ]
    sites_named = [as_known(m.name, sites) for m in found if is_site(m)]
    if opens_with_reference(sentence) and not _named_in_apposition(sentence, found):
        # "The company expects to deliver 250 t to Velden. It does not expect ...": the
        # sentence speaks of what its reference stands for; the names after it are objects
        site = sites_named[0] if sites_named else state.site
        meant = Referents(state.organisation, site).for_sentence(sentence)
        return Referents(state.organisation or meant, site, meant)
    # "it" in the next sentence most likely stands for this one's grammatical subject
    opens = found and found[0].kind != "person" and _opens_sentence(sentence, found[0])
    return Referents(
        organisations[0] if organisations else state.organisation,
        sites_named[0] if sites_named else state.site,
        as_known(found[0].name, [*subjects, *sites]) if opens else "",
    )


def _named_in_apposition(sentence: str, found: tuple[Mention, ...]) -> bool:
    """A reference that names what it stands for right after it: "The venture, Velden
    Magnetics, is ...", "The line, at the company's Quorra works, ..."."""
    start = dateline_end(sentence)
    reference = _ANAPHOR.match(sentence[start:])
    if reference is None or not found:
        return False
    between = sentence[start + reference.end() : found[0].start]
    return bool(re.fullmatch(r"\s*[,(–—-]\s*(?:\w+\s+){0,3}?(?:the\s+company['’]s\s+)?", between))


def _opens_sentence(sentence: str, mention: Mention) -> bool:
    return not sentence[dateline_end(sentence) : mention.start].strip(" \"'‘“")


def sentence_subjects(sentences: list[str], subjects: list[str], title: str = "") -> list[str]:
    """The subject each sentence speaks of: the first organisation, site or known subject
    it names, or, when it names none or opens with a reference ("the company"), what that
    reference stands for."""
    out = []
    for sentence, before in zip(sentences, sentence_referents(sentences, subjects, title)):
        named = own_subject(sentence, subjects)
        out.append(
            named if named and not opens_with_reference(sentence) else before.for_sentence(sentence)
        )
    return out


@lru_cache(maxsize=512)
def telling_words(name: str) -> tuple[str, ...]:
    """The words that tell a name apart: "Tallow Ridge Resources Ltd" -> tallow, ridge;
    "Lake Qorvath" -> qorvath. Company endings and site or place nouns name nothing alone."""
    w = domain().subject_words
    common = {*w.organisation, *w.facility, *w.place_nouns, *w.agency}
    words = [x for x in re.findall(r"[\w'’-]+", fold(name).lower()) if x not in common]
    # a ticker typed twice ("MP (NYSE: MP)") is one name
    return tuple(x for x in words if len(x) >= 3) or (
        " ".join(dict.fromkeys(words)) or fold(name).lower(),
    )


def names_subject(named: list[str | None], text: str, subject: str) -> bool:
    """Whether a claim is about ``subject``: the names it was read with (its subject, its
    counterpart, its sentence's subject) or, with none, its sentence's words name it."""
    names = [n for n in named if n] or [text]
    folded = fold(" | ".join(names)).lower()
    # a country asked by its code or another name ("US", "Burma") is named by its own name
    country = places.country_of_code(subject.strip()) or places.country_for(subject)
    words = telling_words(subject) + (telling_words(country) if country else ())
    return any(re.search(rf"(?<!\w){re.escape(word)}", folded) for word in words)


def own_subject(sentence: str, subjects: list[str] | tuple[str, ...]) -> str | None:
    """The subject a sentence names itself: an article subject it names first, else its
    first organisation or site."""
    found = mentions(sentence)
    for mention in found:
        known = as_known(mention.name, subjects)
        if known in subjects:
            return known
    for mention in found:
        if mention.kind in ("organisation", "facility"):
            return as_known(mention.name, subjects)
    return None
