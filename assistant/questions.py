"""Reading a question before anything is searched: whether it is in scope, what its
shorthand, tickers and follow-up references stand for, and which names it uses, so that a
question about something no article mentions is refused rather than answered from whatever
else matched. Both composers read questions through this module."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from assistant.domain import domain
from assistant.text import fold, places
from assistant.text.dates import is_period
from assistant.text.names import EXCHANGE_PREFIX, entities, expansion_of
from assistant.text.tokens import CONTRACTION, STOP_WORDS, common_words, content_words, is_common

_D = domain()
_OUT_OF_SCOPE = _D.scope_rules
# A question is in scope when it speaks of rare-earth supply or names a subject the corpus
# covers.
_DOMAIN = _D.compiled("domain_terms")
_FOLLOW_UP = re.compile(
    r"\b(it|its|they|their|them|this|that|these|those|there|the company|"
    r"the project|the plant|the country)\b",
    re.I,
)
_TRIVIAL = re.compile(r"^[\W\d]*$")
# One letter dropped, doubled or swapped in a word of four or more letters scores at least
# this difflib ratio; two such slips in a short word fall below it.
TYPO_SIMILARITY = 0.85
# Word prefixes that can be hyphenated onto a name ("ex-China", "non-EXIM", "pre-FID").
_PREFIXES = _D.name_prefixes
# "(GLs)" after "general licences": an abbreviation the question itself spells out
_PARENTHESISED = re.compile(r"\(\s*([A-Za-z]{2,8}?)s?\s*\)")


def _without_defined_acronyms(question: str) -> str:
    """The question without an abbreviation it defines in brackets, "general licences
    (GLs)" or "Critical Raw Materials Act (CRMA)": its words are already there, and the
    articles need not use the abbreviation."""

    def defined(match: re.Match) -> str:
        letters = match.group(1).lower()
        # "rare-earth permanent magnet (REPM)": each part of a hyphenated word has a letter
        words = re.findall(r"[A-Za-z][\w'’]*", question[: match.start()])[-len(letters) :]
        return "" if "".join(w[0].lower() for w in words) == letters else match.group(0)

    return _PARENTHESISED.sub(defined, question)


_DOTTED_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,3}(?!\w)")  # "U.S." is the US
_PREFIXED = re.compile(rf"(?<![\w'’-])(?:(?i:{'|'.join(_PREFIXES)})-)+(?=[^\W_])")


def out_of_scope_reason(question: str) -> str | None:
    for pattern, reason in _OUT_OF_SCOPE:
        if pattern.search(question):
            return reason
    return None


# Where a question starts asking something else: a second question mark, or a clause that
# opens with a question word ("..., and when is it meant to start up?").
_NEXT_PART = re.compile(
    r"\?\s+\S|(?:[,;:]\s*(?:and\s+|or\s+)?|\b(?:and|or)\s+)(?:what|how|when|where|why|who|"
    r"which|is|are|was|were|does|did|do|can|will|has|have)\b",
    re.IGNORECASE,
)


# What a question takes as given: a leading clause ("Since Karrath makes 5,000 t of terbium,
# who buys it?") or a statement before a dash ("Brennholt's plant is running - who buys?").
_QUESTION_WORD = (
    r"(?:who|what|when|where|why|how|which|is|are|was|were|does|do|did|can|could|will|"
    r"would|should|has|have)\b"
)
_ASKING = re.compile(rf"(?:and\s+|or\s+)?{_QUESTION_WORD}", re.IGNORECASE)
_PREMISE = re.compile(
    r"^\s*(?:(?:since|given\s+that|now\s+that|considering\s+that|seeing\s+that)\s+"
    r"(?P<clause>(?:[^,]|,(?=\d))+?),\s+\w"  # "5,000 t" does not end the clause
    rf"|(?!{_QUESTION_WORD})(?P<statement>[^?]+?)\s+[-–—;]\s+\w[^-–—;]*\?\s*$)",
    re.IGNORECASE,
)


# a statement has a verb; "Dy/Tb export licences apr 25 - which elements?" is a topic
_ASSERTING = re.compile(r"\b(?:is|are|was|were|has|have|had|already|\w{3,}ed)\b", re.IGNORECASE)


def stated_premise(question: str) -> str:
    """What the question asserts before it asks, or "" when it asserts nothing: the claim
    a headline-burned investor most needs checked."""
    match = _PREMISE.match(question)
    if not match:
        return ""
    if match.group("clause"):
        return match.group("clause").strip()
    statement = match.group("statement").strip()
    return statement if _ASSERTING.search(statement) else ""


# A premise that says something is delivered ("already supplies 10%", "produces 12,000 t
# a year", "has been producing since 2025"), not planned ("aims to", "by 2030"); and a
# question asking how much something produced, which takes it as given that there was some.
_OUTPUT_WORDS = _D.compiled("output_words")
_PLAN_WORDS = _D.compiled("plan_words")
_ASKS_PAST_OUTPUT = _D.compiled("asks_past_output")


def asks_for_output(question: str) -> bool:
    """Whether the question asks how much something produced or produces (not will)."""
    return bool(_ASKS_PAST_OUTPUT.search(question))


def asserts_output(statement: str) -> bool:
    """Whether a statement says something is being delivered, not planned."""
    return bool(_OUTPUT_WORDS.search(statement)) and not _PLAN_WORDS.search(statement)


_POSSESSIVE = re.compile(r"['’]s?$")


def typed_name_groups(question: str, names: set[str]) -> list[list[str]]:
    """The question's words that are ``names``, as typed, consecutive words grouped into
    one name ("Lake Qorvath"); a possessive ends a name ("Ostrova's Qorvath" is two), and so
    does a change between capitals and lower case: a name is typed one way throughout, so
    "Quorra Metals yelbin" (a symbol spelled out, then a project typed in a hurry) and
    "yelbin FID" are two.

    >>> typed_name_groups("Quorra Metals yelbin FID yet?", {"quorra", "metals", "yelbin", "fid"})
    [['Quorra', 'Metals'], ['yelbin'], ['FID']]

    A compound of names ("the Quorra-Velden contract") is its names, each its own:

    >>> typed_name_groups("the Quorra-Velden contract", {"quorra", "velden"})
    [['Quorra'], ['Velden']]
    """
    groups: list[list[str]] = []
    last = -2
    for n, typed in enumerate(re.findall(r"[\w'’-]+", question)):
        word = _POSSESSIVE.sub("", typed)  # "Yelbin's capex" names Yelbin
        known = fold(word).lower() in names
        parts = word.split("-")
        if not known and len(parts) > 1:
            if all(fold(p).lower() in names for p in parts):
                groups += [[p] for p in parts]
            last = -2
            continue
        if known:
            if n == last + 1 and word[0].islower() == groups[-1][-1][0].islower():
                groups[-1].append(word)
            else:
                groups.append([word])
            # "Ostrova's Qorvath" is two names, "Lake Qorvath" one
            last = n if word == typed else -2
    return groups


def question_parts(question: str) -> int:
    """How many things a question asks: "Where will it be built, what will it cost, and
    when does it start?" asks three."""
    return 1 + len(_NEXT_PART.findall(question.strip()))


def separate_questions(question: str) -> list[str]:
    """The questions a run-on question asks, each as its own text, or [] when it asks one:
    "Is Karrath still building its Texas plant, and how would it serve US buyers?" asks two.
    A leading clause ("After the April 2025 shock, when did ...") belongs to the question
    it opens. Each part keeps its own words only ("how is a run-rate worked out"), since a
    sentence answering it need not name the subject of the first."""
    text = question.strip()
    cuts = [0, *(m.start() for m in _NEXT_PART.finditer(text)), len(text)]
    parts = [text[start:end].strip(" ,;:?") for start, end in zip(cuts, cuts[1:])]
    if len(parts) > 1 and not _ASKING.match(parts[0]):
        parts[:2] = [f"{parts[0]} {parts[1]}"]
    parts = [part for part in parts if len(part.split()) >= 3]
    return parts if len(parts) > 1 else []


def expand_shorthand(question: str) -> str:
    """Investors' shorthand spelled out ("RE magnets", "REEs", "PRC", "Burma"): the encoder
    and the lexical index know "rare earth" and "China", so a question typed in shorthand
    would find nothing."""
    for pattern, words in _D.shorthand_rules:
        question = pattern.sub(words, question)
    return question


def spelled_out(question: str, index) -> str:
    """The question as it is searched: listing symbols, initialisms and the articles' own
    aliases spelled out (``index.tickers``, ``index.initialisms``, ``index.aliases``), a
    country's other name and a US state's news abbreviation as the articles name them, and
    lower-case typos of the articles' words corrected."""
    names = {**index.initialisms, **index.aliases, **index.tickers}
    question = spell_out_tickers(question, names)
    question = _other_country_names_spelled_out(question, index.vocabulary)
    question = _state_abbreviations_spelled_out(question)
    return corrected_typos(question, index)


def _other_country_names_spelled_out(question: str, vocabulary: frozenset[str]) -> str:
    """A country's other name ("Burma", "PRC") as the name the articles use, from the
    maintained country table, unless the articles use the word themselves (a company may be
    named "USA ..."). A lower-case word counts only when it is no English word: the table's
    patterns were written for country names, not prose."""

    def spelled(match: re.Match) -> str:
        word = match.group(0)
        if fold(word).lower() in vocabulary or (word.islower() and is_common(word)):
            return word
        country = places.other_name_of(word)
        return country.title() if country else word

    return re.sub(r"\b[A-Za-z]{3,}\b", spelled, question)


def _state_abbreviations_spelled_out(question: str) -> str:
    """ "Okla." as "Oklahoma": the abbreviation's full stop would otherwise end a name."""
    for short, full in places.state_abbreviations().items():
        question = re.sub(rf"(?<![\w.]){re.escape(short)}(?!\w)", full, question)
    return question


def condense(question: str, history: list[str]) -> str:
    """Offline follow-up handling: a question that leans on an earlier turn ("what about its
    separation plant?") borrows the names the previous questions used. Shorthand is spelled
    out first. Earlier turns are read as condensed in their turn, so a chain of follow-ups
    keeps its subject: "how much NdPr did they make?" after "What does Karrath produce?",
    "Is its Malaysian plant licensed?" and "What happened to the Texas plant?" still
    carries Karrath."""
    condensed: list[str] = []
    for turn in history:
        condensed.append(_with_carried_names(expand_shorthand(turn), condensed))
    return _with_carried_names(expand_shorthand(question), condensed)


def _with_carried_names(question: str, earlier: list[str]) -> str:
    if not earlier or (_subject_runs(question) and not _FOLLOW_UP.search(question)):
        return question
    carried: list[str] = []
    turns = 0
    for turn in reversed(earlier):
        names = _subject_runs(turn)
        if names:
            carried += names
            turns += 1
        if turns == _CARRIED_TURNS:
            break
    if not carried:
        return question
    return f"{question} ({'; '.join(dict.fromkeys(carried))})"


# How many earlier turns lend their names: two, so "which one is further along?" after
# "How big is Qorvath?" and "and Yelbin?" asks about both.
_CARRIED_TURNS = 2
# Capitalised words of the trade that name no subject: "when is FID?" still leans on the
# project asked about before, and "FID" is not carried over to the next question. Months,
# quarters and financial years are periods as the grounding checker reads them.
_NOT_SUBJECTS = frozenset(_D.trade_terms)


def _subject_runs(text: str) -> list[str]:
    """The capitalised runs of a turn that may name a subject ("Ostrova's Qorvath"), without
    the opening question word or the trade's own capitalised terms."""
    runs = re.findall(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*", text)
    names = []
    for run in runs:
        words = [
            w
            for w in _OPENING_WORDS.sub("", run).split()
            if not (w.lower() in _NOT_SUBJECTS or is_period(w.lower()))
        ]
        if words:
            names.append(" ".join(words))
    return names


# the question or request words that open a sentence, capitalised like a name: "Is" in
# "Is Yelbin on budget?", "Tell" in "Tell me about Lake Qorvath"
_OPENING_WORDS = re.compile(
    r"^(?:(?:what|how|is|are|was|were|can|could|does|do|did|which|who|why|when|where|will|"
    r"would|should|has|have|tell|show|give|explain|compare|list|and|but|so|please)\b\s*)+",
    re.IGNORECASE,
)
_SYMBOL_MARK = re.compile(r"(?<![\w$])\$(?=[A-Za-z])")


def spell_out_tickers(question: str, tickers: dict[str, str]) -> str:
    """A listing symbol typed for a company ("LYC", "$LYC", "ASX: LYC") reads as the
    company's name, which is what the articles say. A bare symbol counts in capitals only,
    so an ordinary word that happens to be a symbol is left alone; an exchange or a "$"
    marks one in any case. An exchange is never a name itself, listed symbol or not."""
    question = EXCHANGE_PREFIX.sub("$", question)
    if tickers:
        symbols = "|".join(sorted(map(re.escape, tickers), key=len, reverse=True))
        # ... and typed in lower case when it is no word at all ("crvn", not "mine")
        unworded = "|".join(
            re.escape(s.lower()) for s in sorted(tickers, key=len, reverse=True) if _no_word(s)
        )
        lower = rf"|(?<![\w$])({unworded})(?![\w$])" if unworded else ""
        listed = re.compile(rf"(?<![\w$])\$?({symbols})(?![\w$])|\$((?i:{symbols}))(?!\w){lower}")
        by_upper = {symbol.upper(): name for symbol, name in tickers.items()}
        question = listed.sub(
            lambda m: by_upper[next(g for g in m.groups() if g).upper()], question
        )
    return _SYMBOL_MARK.sub("", question)


def _no_word(symbol: str) -> bool:
    """A listing symbol that no dictionary or encoder vocabulary has as a word, so that typed
    in lower case it can only be the symbol."""
    lowered = symbol.lower()
    return len(lowered) >= 3 and not _is_english(lowered)


def question_names(
    question: str, subjects: frozenset[str], countries: frozenset[str] = frozenset()
) -> set[str]:
    """The names a question uses: ``entities``, plus the corpus's own subjects where a
    question typed in a hurry hides them from ``entities``, which skips an opener that is
    also a common word (so as not to take "Output" for a name) and knows no lower-case
    name. So "China 0.1% rule - still active?" and "Brennholt loan - how firm?" open with
    their subject, and "is karrath yelbin on budget?" names Karrath and Yelbin; a lower-case
    common word ("peak", "mine") is not taken for a company unless it is a country (any
    country: "kazakhstan", which no article covers, gets the question refused), and the
    trade's own words ("rare-earth", "NdPr") name no subject. A prefix is not part of a
    name: "ex-China", "non-Chinese" and "non-china" name China, and "Pro-rata" names
    nothing. Accents are dropped, as in the index: "Lake Qorvath" names Lake Qörvath; "U.S." is
    the US; "Velden-Whitby" names Velden and Whitby."""
    question = _without_defined_acronyms(_PREFIXED.sub("", fold(question)))
    question = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", ""), question)
    names = entities(question)
    for opener in re.findall(r"(?:^|[.!?:;]\s+)([A-Z][\w'’-]*)", question.strip()):
        word = CONTRACTION.sub("", opener).lower()
        if word in subjects and not _is_generic(word):
            names.add(word)
    # "mp q1 ndpr?": a short lower-case opener that is a subject's name, not a word
    first = re.match(r"\s*([a-z][a-z0-9]{1,2})\b(?![’'.-])", question)
    opener = first.group(1) if first else ""
    if opener in subjects and opener not in common_words() and not _is_generic(opener):
        names.add(opener)
    names = {part for name in names for part in _parts_known(name, subjects)}
    common = common_words()
    words = [
        part
        for word in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+", question)
        for part in _parts_known(CONTRACTION.sub("", word), subjects)
    ]
    for word in words:
        distinctive = len(word) > 2 and word not in common
        covered = word in subjects and (distinctive or word in countries)
        # a country no article lists is a name too, so the question is refused by it
        if covered and not _is_generic(word) or word in places.one_word_countries():
            names.add(word)
    for n in (2, 3, 4):  # a whole name: "brennholt metals", "ostrova rare metals"
        for gram in zip(*(words[i:] for i in range(n))):
            if " ".join(gram) in subjects and not all(_is_generic(w) for w in gram):
                names.update(w for w in gram if not _is_generic(w))
    return names


def _parts_known(word: str, subjects: frozenset[str]) -> list[str]:
    """A hyphenated compound of names as its names ("velden-whitby" is Velden and Whitby,
    which an article writes with a dash), unless the corpus knows the compound itself."""
    parts = word.split("-")
    if len(parts) > 1 and word not in subjects and all(p in subjects for p in parts):
        return parts
    return [word]


# "halvard metals cold creek - status?": a question opening with a company's name, typed
# in lower case, where nothing marks it as a name but the company word that ends it
_COMPANY_OPENER = re.compile(rf"^\s*((?:[a-z][a-z'’-]*\s+){{1,3}}{_D.company_words})\b")
# words that make a kind or an origin of material, not a company: "heavy rare earths"
_KIND_WORDS = frozenset(_D.kind_words) | STOP_WORDS  # and the stop words: "which metals"


def _opening_company(question: str, subjects: frozenset[str]) -> str | None:
    """The company a lower-case question opens with, when its words are no covered subject
    and no kind of material ("heavy rare earths", "battery metals")."""
    found = _COMPANY_OPENER.match(question)
    if not found:
        return None
    phrase = found.group(1)
    head = phrase.split()[: -2 if "earth" in phrase else -1]
    if any(w in subjects or w in _KIND_WORDS or _is_generic(w) for w in head):
        return None
    return " ".join(phrase.split())


def _is_generic(word: str) -> bool:
    """A word of the trade or of a question, not a subject's name."""
    return (
        word in STOP_WORDS
        or word in _D.material_words
        or word in _D.abbreviations
        or "earth" in word
        or bool(_DOMAIN.search(word))
    )


def _did_you_mean(unknown: list[str], subjects: frozenset[str]) -> str:
    """A close spelling of a subject the corpus covers ("karath": Karrath), so a typo costs
    the user one look rather than a wrong conclusion that the corpus has nothing. A country
    is no typo ("peru" is not "Per"), and nor is a name the length of a short word."""
    words = [w for w in subjects if len(w) >= 4]
    typos = [n for n in unknown if n not in places.one_word_countries()]
    close = [m for n in typos for m in difflib.get_close_matches(n, words, n=1, cutoff=0.8)]
    return f" (did you mean {', '.join(w.title() for w in close)}?)" if close else ""


# "outside China", "ex-China", "without China", "non-Chinese", "other than Karrath"
_SETTING_ASIDE = re.compile(
    r"(?<![\w'’-])(?i:outside(?:\s+of)?|without|excluding|except(?:\s+for)?|other\s+than|"
    r"apart\s+from|aside\s+from|besides|not\s+counting|beyond|ex|non)[\s-]+(?:(?i:the)\s+)?"
    r"([\w'’]+(?:\s+[A-Z][\w'’]*)*)"
    # "After China, which countries mine the most?" ranks the others; "after China's ban"
    # says when, so a possessive or no question word after the comma is not this
    r"|^\s*(?i:after|behind|besides)\s+(?:(?i:the)\s+)?([A-Z][\w]*(?:\s+[A-Z][\w]*)*)\s*,\s*"
    r"(?=(?i:which|who|what|where|how)\b)",
)


def set_aside_names(question: str, names: set[str]) -> set[str]:
    """The names a question sets aside rather than asks about: "Who separates heavy rare
    earths outside China?" asks about everyone but China, so China's own articles should
    not win the answer for naming it. A demonym counts for its country ("non-Chinese")."""
    aside = set()
    for match in _SETTING_ASIDE.finditer(fold(question)):
        for word in (match.group(1) or match.group(2)).lower().split():  # all of "Lake Qorvath"
            aside |= {n for n in names if n == word or demonym_of(word, n)}
    return aside


def demonym_of(word: str, name: str) -> bool:
    """Whether ``word`` reads as a demonym or inflection of ``name`` ("chinese" of "china"),
    as the grounding checker reads one: a word of five letters or more sharing its stem."""
    stem = max(4, len(word) - 4)
    return len(word) >= 5 and word[:stem] == name[:stem]


def refusal_before_search(question: str, index) -> str | None:
    """Why the question cannot be answered from this corpus before any search is run: it is
    empty, out of scope, or names something no article mentions. ``index`` is the lexical
    index, which knows the corpus's words, subjects, countries and tickers."""
    if _TRIVIAL.match(question) or len(content_words(question)) == 0:
        return "the question is empty or has no words to search for"
    question = fold(question)  # the index's words and names have no accents either
    if not _reads_as_english(question, index):
        return (
            "the assistant reads questions in English, the language of its articles; "
            "please ask in English"
        )
    reason = out_of_scope_reason(question)
    if reason:
        return reason
    # a company the question opens with is what it asks about, so its absence is the reason
    company = _opening_company(question, index.names)
    unknown = [company] if company and not index.mentions(company) else []
    names = question_names(question, index.names, index.countries)
    in_scope = (
        _DOMAIN.search(question)
        or names & index.names
        or _cited_instrument(question, index)
        or _corpus_term(question, index)
    )
    if not unknown and not in_scope:
        return (
            "the question is outside this assistant's scope, which is rare-earth supply "
            "as covered by its articles"
        )
    unknown += sorted(n for n in names if not corpus_knows(n, index))
    unknown += unknown_lowercase_names(question, index)
    if unknown:
        return (
            f"no article in the corpus mentions {', '.join(unknown)}"
            f"{_did_you_mean(unknown, index.names)}, so the corpus cannot answer this"
        )
    return None


# a numbered legal instrument: "Decree 71", "Announcement No. 18", "Section 232"
_INSTRUMENT = _D.compiled("instrument")


# a lower-case word built as an English word is built ("friendshoring", "decarbonisation")
# is a word the dictionary lacks, not a name
_WORD_ENDINGS = re.compile(r"(?:ing|tion|sion|ism|ist|ness|ment|ity|ship|able|ible|ise|ize)s?$")


@lru_cache(maxsize=1)
def _dictionary():
    """An English dictionary with word frequencies (pyspellchecker's), for telling a typo
    from a name: the encoder's vocabulary lacks everyday compounds ("rundown", "blowout")."""
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def _unfamiliar_words(question: str, index) -> list[str]:
    """Lower-case words of six letters or more that no dictionary, no article and no
    encoder vocabulary has (a capitalised word is a name, and read as one elsewhere). A
    shorter word is as likely an acronym typed in lower case ("kores") as a typo or name."""
    return [
        word
        for word in re.findall(r"(?<![\w'’$-])[a-z]{6,}(?![\w'’-])", question)
        if not _is_known_word(word, index)
    ]


def _is_known_word(word: str, index) -> bool:
    """An English word, or a word of the articles."""
    return _is_english(word) or word in index.vocabulary


def _is_english(word: str) -> bool:
    """A word of the dictionary or of the encoder's vocabulary, or an inflection of one."""
    return word in _dictionary() or is_common(word, common_words())


def _close_article_words(word: str, index, cutoff: float) -> list[str]:
    """The article word closest in spelling to ``word`` (none, or one), if close enough.
    A word whose length differs by more than ``2 * len(word) * (1 - cutoff) / cutoff``
    cannot reach the cutoff (difflib's ratio is at most twice the shorter length over both
    lengths), so only the others are compared: a large corpus has a large vocabulary."""
    spread = 2 * len(word) * (1 - cutoff) / cutoff
    near = [w for w in index.long_words if abs(len(w) - len(word)) <= spread]
    return difflib.get_close_matches(word, near, n=1, cutoff=cutoff)


def _meant_word(word: str, index) -> str | None:
    """The word of the articles that an unfamiliar word is a typo of: a close spelling
    of an article's word ("eneaba"), or the dictionary's one-letter correction where the
    articles use it ("prodution", "mountian") or it is a common word, which the question's
    own reading may need though no article uses it ("diffrence between")."""
    close = _close_article_words(word, index, TYPO_SIMILARITY)
    if close:
        return close[0]
    fixed = _dictionary().correction(word)
    known = fixed and (fixed in index.vocabulary or fixed in common_words())
    return fixed if known and fixed != word else None


def corrected_typos(question: str, index) -> str:
    """The question with each lower-case typo of an article's word corrected, and each
    capitalised typo of a word of a name the articles use ("Tallow Rdge", "Enneabba"), so a
    question typed in a hurry is searched, and judged in scope, by the words it means. The
    answer shows the question as searched, so a correction is never silent."""
    for word in _unfamiliar_words(question, index):
        meant = _meant_word(word, index)
        if meant:
            question = re.sub(rf"(?<![\w'’$-]){word}(?![\w'’-])", meant, question)
    for word, meant in _name_typos(question, index):
        question = re.sub(rf"(?<![\w'’$-]){word}(?![\w'’-])", meant, question)
    return question


def _name_typos(question: str, index) -> list[tuple[str, str]]:
    """Capitalised words no dictionary or article has, each with the word of a known name
    it is a close misspelling of (difflib ratio at least TYPO_SIMILARITY), capitalised as
    typed. A name no article has and no known name resembles stays as typed, to be refused
    as unknown."""
    name_words = sorted({w for name in index.names for w in re.findall(r"[a-z]{4,}", name)})
    found = []
    for word in re.findall(r"(?<![\w'’$-])[A-Z][a-z]{3,}(?![\w'’-])", question):
        lowered = word.lower()
        if _is_known_word(lowered, index):
            continue
        near = [w for w in name_words if abs(len(w) - len(lowered)) <= 2]
        close = difflib.get_close_matches(lowered, near, n=1, cutoff=TYPO_SIMILARITY)
        if close:
            found.append((word, close[0].capitalize()))
    return found


def unknown_lowercase_names(question: str, index) -> list[str]:
    """Lower-case words that can only be names, of things no article mentions: unfamiliar
    and no typo of any word ("halvard cold creek malawi - when does mining start" names
    Halvard, which no article covers, so it is refused rather than answered with
    Malawi's other project)."""
    return [
        word
        for word in _unfamiliar_words(question, index)
        if not _WORD_ENDINGS.search(word)
        and not _DOMAIN.search(word)  # a word of the trade: "ferroalloys", "supermagnets"
        and not corpus_knows(word, index)
        and not _close_article_words(word, index, 0.8)
        and not _dictionary().correction(word)
    ]


def _reads_as_english(question: str, index) -> bool:
    """Whether at least half the question's words are English or the articles' own: "Wie
    viel NdPr produziert Karrath im Jahr?" is not, and its words would otherwise be refused
    as names no article mentions ("wie", "produziert"). The dictionary holds some foreign
    words too, so this catches most questions in another language, not all (those are
    then refused as irrelevant). A short question is given the benefit of the doubt."""
    words = re.findall(r"[a-z]{3,}", question.lower())
    if len(words) < 4:
        return True
    known = [w for w in words if _is_known_word(w, index)]
    return len(known) >= len(words) / 2


def _cited_instrument(question: str, index) -> bool:
    """Whether the question names a numbered decree, announcement or law that an article
    cites: "What is Decree 71?" has no other word of the trade, yet the corpus covers it."""
    return any(index.mentions(m.group(0)) for m in _INSTRUMENT.finditer(question))


def _corpus_term(question: str, index) -> bool:
    """Whether the question uses a word no general vocabulary has but an article does: a
    place or project typed in lower case ("goias clay status", "kachin output")."""
    common = common_words()
    return any(
        len(word) > 3 and word not in common and word in index.vocabulary
        for word in re.findall(r"[a-z][a-z'-]+", question.lower())
    )


def corpus_knows(name: str, index) -> bool:
    """A name counts as known when the corpus has it, its expansion, the country it
    stands for (an irregular demonym or a capital: 'French' finds 'France', 'Tokyo'
    finds 'Japan') or a word sharing its stem (a regular demonym or plural: 'Chinese'
    finds 'China'). A hyphenated name is known when each of its words is; a prefix never
    reaches here ('ex-EXIM' is read as EXIM by ``question_names``)."""
    vocabulary = index.vocabulary
    parts = name.split("-")
    if name in vocabulary or all(part in vocabulary for part in parts):
        return True
    if name.endswith("s") and name[:-1] in index.names:  # "MPs chain": MP's, typed fast
        return True
    expansion = expansion_of(name)
    if expansion and all(w in vocabulary for w in expansion.split()):
        return True
    # "Ontario" in a question, "Ont." in the article; "NC" against "North Carolina"
    if any(all(w in vocabulary for w in f.split()) for f in places.other_forms_of_a_state(name)):
        return True
    stem = name[: max(4, len(name) - 3)]
    return len(name) >= 5 and any(w.startswith(stem) for w in vocabulary)
