"""Places from maintained data, never from a list of the countries the corpus happens to cover.

- ``pycountry`` (ISO 3166): the world's country names, so a country no article covers is still
  a name ("kazakhstan"), and subdivisions with their codes;
- ``countryinfo``: each country's demonym ("French" -> France) and capital ("Tokyo" ->
  Japan), since news copy writes both for the country;
- ``country_converter``'s name table (read directly: its converter needs pandas 2): the
  other names countries go by ("Burma", "PRC", "Holland");
- the domain file: seats that stand for a bloc ("Brussels") and news-style US state
  abbreviations ("Okla.").

All lookups take and give lower-cased names."""

from __future__ import annotations

import csv
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from assistant.domain import domain


@lru_cache(maxsize=1)
def _countryinfo() -> list[dict]:
    from countryinfo import all_countries

    rows = []
    for country in all_countries():
        try:
            info = country.info()
        except Exception:  # a territory with missing fields: skip it, the rest still serve
            continue
        rows.append(info)
    return rows


def _lower(value: object) -> str:
    return str(value or "").strip().lower()


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym -> country ("french" -> "france"), one-word demonyms only."""
    found = {}
    for info in _countryinfo():
        demonym, name = _lower(info.get("demonym")), _lower(info.get("name"))
        if demonym and name and " " not in demonym:
            found.setdefault(demonym, name)
    return found


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital -> country ("tokyo" -> "japan"), plus the seats that stand for a bloc."""
    found = {}
    for info in _countryinfo():
        capital, name = _lower(info.get("capital")), _lower(info.get("name"))
        if capital and name:
            found.setdefault(capital, name)
    found.update({k.lower(): v.lower() for k, v in domain().bloc_seats.items()})
    return found


@lru_cache(maxsize=1)
def _name_table() -> list[tuple[str, re.Pattern]]:
    """(short name, the pattern of its other names) from country_converter's data file."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    rows = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                rows.append((row["name_short"].lower(), re.compile(row["regex"], re.IGNORECASE)))
            except (KeyError, re.error):
                continue
    return rows


@lru_cache(maxsize=4096)
def other_name_of(name: str) -> str | None:
    """The country a name stands for when it is not the country's own name: "burma" ->
    "myanmar", "prc" -> "china". None for a country's own name and for anything else."""
    name = name.strip().lower()
    if len(name) < 3 or name in world_country_names():
        return None
    for short, pattern in _name_table():
        # a word of the country's own name is only part of it ("cook" of "cook islands")
        if pattern.fullmatch(name) and name not in re.findall(r"[^\W\d_]+", short):
            return short
    return None


@lru_cache(maxsize=1)
def world_country_names() -> frozenset[str]:
    """Every country's ISO names and common names, and the short names news uses
    (country_converter's: "Russia" for the Russian Federation, "South Korea"), lower-cased,
    of any number of words."""
    import pycountry

    names = {short for short, _ in _name_table()}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, "")
            if value:
                names.add(value.lower())
    return frozenset(names)


@lru_cache(maxsize=1)
def one_word_countries() -> frozenset[str]:
    """The one-word names of the world's countries, lower-cased, without those that are also
    English words a lower-case question may mean as words ("chad", "turkey")."""
    single = set()
    for name in world_country_names():
        found = re.findall(r"[^\W\d_]+", name)
        if len(found) == 1:
            single.add(found[0])
    return frozenset(single - set(domain().country_homographs))


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    return frozenset(demonyms())


def country_for(name: str) -> str | None:
    """The country a demonym, capital or other name stands for, lower-cased, or None."""
    name = name.strip().lower()
    return demonyms().get(name) or capitals().get(name) or other_name_of(name)


def country_of_code(code: str) -> str | None:
    """The country an ISO 3166 code typed in capitals stands for ("US" -> "united states"),
    lower-cased, or None: lower-case "us" or "in" is a word."""
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        return None
    import pycountry

    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    found = found or (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    if found is None:
        return None
    return (getattr(found, "common_name", "") or found.name).lower()


@lru_cache(maxsize=1)
def subdivision_names() -> frozenset[str]:
    """The world's states, provinces and regions (ISO 3166-2 through pycountry), lower-cased:
    "Nevada", "Western Australia", "Quebec". A name among them is a place, so "its Nevada
    plant" names where a plant is, not the plant. Towns and districts are left out: a plant
    is often named after its town ("the Tarnby plant")."""
    import pycountry

    kinds = set(domain().place_subdivision_types)
    return frozenset(s.name.lower() for s in pycountry.subdivisions if s.type in kinds)


def other_forms_of_a_state(name: str) -> list[str]:
    """The other ways an article may write a US state or a Canadian province that a question
    names, lower-cased: its news abbreviation without the stops ("ontario" -> "ont"), or its
    name for its postal code ("nc" -> "north carolina"), so that a question typed one way is
    known to articles written the other.

    >>> other_forms_of_a_state("nc")
    ['north carolina']
    >>> other_forms_of_a_state("ontario")
    ['ont']
    """
    low = name.strip().lower()
    forms = [
        short.replace(".", "").lower()
        for short, full in state_abbreviations().items()
        if full.lower() == low
    ]
    by_code = _postal_codes().get(low)
    return forms + [by_code] if by_code else forms


@lru_cache(maxsize=1)
def _postal_codes() -> dict[str, str]:
    """The two-letter codes of the states and provinces whose news abbreviations the domain
    file lists, with their names, lower-cased ("nc" -> "north carolina")."""
    import pycountry

    names = {full.lower() for full in state_abbreviations().values()}
    return {
        s.code.split("-", 1)[1].lower(): s.name.lower()
        for s in pycountry.subdivisions
        if s.name.lower() in names
    }


def is_place_name(name: str) -> bool:
    """A country, its demonym or capital, or a state or province."""
    low = name.strip().lower()
    return (
        low in world_country_names()
        or low in subdivision_names()
        or country_for(low) is not None
        or f"{name.strip()}." in state_abbreviations()
    )


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes (pycountry), lower-cased: "SEK 1.9bn" names a currency, not a subject."""
    import pycountry

    return frozenset(c.alpha_3.lower() for c in pycountry.currencies)


@lru_cache(maxsize=1)
def state_abbreviations() -> dict[str, str]:
    """News-style abbreviations of US states and Canadian provinces with their full stops
    ("Okla." -> "Oklahoma", "Ont." -> "Ontario")."""
    return dict(domain().state_abbreviations)
