"""Words: tokens, stop words, the one English stemmer every module shares, content words, and
the encoder's vocabulary as a list of common English words."""

from __future__ import annotations

import re
from functools import lru_cache

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d[\d,.]*")
STOP_WORDS = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been being it "
    "its this that these those has have had will would which who whom what when where how "
    "than then there their they them he she his her we our you your i not no also into over "
    "under about after before during up down out more most less least such so can could may "
    "might should do does did per each all any some both other only own same very just said "
    "says according company companies ".split()
)
# "Karrath's" is Karrath; "I'm" is no name
CONTRACTION = re.compile(r"['’](?:s|m|re|ve|ll|d)$")


@lru_cache(maxsize=1)
def stemmer():
    """The Snowball English stemmer (PyStemmer): the lexical index, content words and the
    grounding checker must stem alike, so there is one."""
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    return stemmer().stemWord(word.lower().strip("'"))


def content_words(text: str) -> set[str]:
    """The stems of a text's words that carry content (not stop words, digits or letters)."""
    return {
        stem(t)
        for t in TOKEN.findall(text)
        if t.lower() not in STOP_WORDS and not t[0].isdigit() and len(t) > 1
    }


def words(text: str) -> set[str]:
    """Lower-case alphabetic words, unstemmed."""
    return set(re.findall(r"[a-z]+", text.lower()))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole words of the encoder's WordPiece vocabulary: a capitalised sentence opener that
    is a common word ("Output", "Roughly") is not a name; an invented name is not in it."""
    try:
        from assistant.encoders import packaged_model_dir

        vocab = (packaged_model_dir() / "vocab.txt").read_text(encoding="utf-8").split()
        return frozenset(w for w in vocab if w.isalpha() and len(w) > 2)
    except (ImportError, OSError):
        return frozenset()


def is_common(word: str, common: frozenset[str] | None = None) -> bool:
    """A common word, or an inflection of one ("Prepping", "Wondered"), which opens a
    sentence as readily as the word itself."""
    common = common_words() if common is None else common
    if word in common:
        return True
    if word.startswith("re") and len(word) >= 7 and is_common(word[2:], common):
        return True  # "Reaffirmed", "Restated": the same verb done again
    for suffix in ("ing", "ed", "es", "s"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            forms = {base, base + "e"} | ({base[:-1]} if base[-1] == base[-2] else set())
            if forms & common:
                return True
    return False
