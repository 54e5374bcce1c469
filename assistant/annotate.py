"""What the pipeline derives from an assembled answer, as structured fields rather than
sentences of its own: how far the evidence reaches at each value-chain step, figures that
disagree between articles, and a figure the question asks for that no sentence gives."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain import domain
from assistant.questions import typed_name_groups
from assistant.selection import ASKS_FOR_AMOUNT
from assistant.text import fold
from assistant.text.names import entities, name_in
from assistant.text.numbers import stated_figures

_STATUS_RANK = {"deliverable_supply": 3, "pipeline": 2, "resource_potential": 1, "constraints": 0}
_STATUS_NAME = {
    "deliverable_supply": "producing",
    "pipeline": "in pipeline",
    "resource_potential": "potential only",
    "constraints": "constrained",
}


@lru_cache(maxsize=1)
def _asked_material() -> re.Pattern:
    """An element or product named in full, or a single element's symbol as typed ("Dy",
    not "pr": "pr" and "sm" are ordinary abbreviations), or in any case for a symbol no
    word is spelled as ("dy")."""
    d = domain()
    names = [*d.elements, *d.asked_products]
    symbols = [s for s, elements in d.element_symbols.items() if len(elements) == 1]
    caseless = "|".join(d.caseless_symbols)
    return re.compile(
        rf"\b({'|'.join(names)})s?\b|(?-i:\b({'|'.join(symbols)})\b)|\b({caseless})\b",
        re.IGNORECASE,
    )


def asked_materials(text: str) -> set[str]:
    """The elements and products a text names, by name or symbol, in their name's form."""
    symbols = domain().element_symbols
    by_case = {s.lower(): s for s in symbols}
    return {
        name.lower() if name else symbols[symbol or by_case[caseless.lower()]][0]
        for name, symbol, caseless in _asked_material().findall(text)
    }


def with_material_groups(question: str) -> str:
    """The question with the groups of the elements whose output it asks about ("does it
    separate Dy or Tb?" with "heavy rare earth oxides"), so a search finds what is written
    of the group ("a heavy rare earth circuit") as well as of the element. A question about
    something else ("a dysprosium export licence") is searched as typed."""
    named = asked_materials(question) if domain().verdict.asks_making.search(question) else set()
    groups = [
        group
        for group, members in domain().verdict.material_groups.items()
        if named & set(members) and group not in fold(question).lower()
    ]
    return " ".join([question, *groups])


def asked_measures(text: str) -> set[str]:
    """The measures of a project's economics a text names (NPV, capital cost, ...)."""
    return {name for name, p in domain().asked_measure_patterns.items() if p.search(text)}


def unstated_figure(
    question: str, sections: list[dict], citations: list[dict], names: set[str]
) -> str:
    """What a question asks a figure for that no sentence of the answer gives, e.g. "a
    figure for terbium naming Quorra" when every sentence with a figure is about NdPr or
    another company, or "a figure for NPV naming Yelbin". Only for an amount asked of a
    named element or product, or for a measure of a project's economics: so the answer says
    what it lacks instead of letting a nearby figure pass for the one asked. Empty when some
    sentence states a figure naming the material (or measure) and each subject. A subject
    may be named by the opening words of the article's title instead ("Quorra Hill: ..."
    for "The company produced ..."), not by a title that merely mentions it."""
    # a measure asked is what the figure is for: "the cost to build a magnet plant" asks
    # for a cost, not for magnet tonnes
    measures = asked_measures(question)
    asked = measures or asked_materials(question)
    if not asked or not (measures or ASKS_FOR_AMOUNT.search(question)):
        return ""
    titles = {c["n"]: " ".join(c["title"].split()[:3]) for c in citations}
    stating = [
        fold(
            " ".join([*(titles.get(n, "") for n in sentence["citations"]), sentence["text"]])
        ).lower()
        for section in sections
        for sentence in section["sentences"]
        if stated_figures(sentence["text"])
        and asked <= asked_measures(sentence["text"]) | asked_materials(sentence["text"])
    ]
    materials = domain().material_words
    subjects = [n for n in names if n not in materials and not asked_measures(n)]
    # named as the grounding checker reads names: a demonym names its country
    missing = {n for n in subjects if not any(name_in(n, t) for t in stating)}
    if stating and not missing:
        return ""
    shown_as = domain().asked_products
    what = " and ".join(shown_as.get(m, m) for m in sorted(asked))
    whose = _as_typed(question, missing if stating else set(subjects))
    if stating and not whose:  # figures there are, for subjects the note could not name
        return ""
    return f"a figure for {what}" + (f" naming {whose}" if whose else "")


def _as_typed(question: str, names: set[str]) -> str:
    """The names as the question writes them, words of one name kept together."""
    return " and ".join(" ".join(g) for g in typed_name_groups(question, names))


def supply_readiness(sections: list[dict]) -> dict:
    """Per value-chain step, the furthest stage the cited evidence reaches."""
    steps = domain().readiness_steps
    readiness = {step: {"status": "no evidence", "citations": []} for step in steps}
    best_rank = dict.fromkeys(steps, -1)
    for section in sections:
        rank = _STATUS_RANK.get(section["label"])
        if rank is None:
            continue
        for sentence in section["sentences"]:
            for step, chains in steps.items():
                if sentence.get("chain") not in chains:
                    continue
                readiness[step]["citations"] = sorted(
                    set(readiness[step]["citations"]) | set(sentence["citations"])
                )
                if rank > best_rank[step]:
                    best_rank[step] = rank
                    readiness[step]["status"] = _STATUS_NAME[section["label"]]
    return readiness


def find_conflicts(sections: list[dict], citations: list[dict]) -> list[dict]:
    """Sentences from *different* articles about the same subject, stage and value-chain
    step that give different figures, so the UI can show them side by side with their dates
    rather than silently pick one. Materials (NdPr, REO) are not subjects."""
    by_n = {c["n"]: c for c in citations}
    rows = [s for sec in sections for s in sec["sentences"]]
    materials = domain().material_words
    groups: dict[tuple[int, ...], set[str]] = {}
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            docs_a = {by_n[n]["doc_id"] for n in a["citations"]}
            docs_b = {by_n[n]["doc_id"] for n in b["citations"]}
            same_kind = (a.get("chain"), a.get("stage")) == (b.get("chain"), b.get("stage"))
            if docs_a & docs_b or not same_kind:
                continue
            figures_a, figures_b = stated_figures(a["text"]), stated_figures(b["text"])
            if not figures_a or not figures_b or figures_a & figures_b:
                continue
            subjects = (entities(a["text"]) & entities(b["text"])) - materials
            if subjects:
                key = tuple(sorted(set(a["citations"] + b["citations"])))
                groups.setdefault(key, set()).update(_as_written(n, a["text"]) for n in subjects)
    return [
        {
            "subject": " ".join(sorted(subjects)),
            "citations": list(key),
            "dates": [by_n[n].get("date", "") for n in key],
        }
        for key, subjects in groups.items()
    ]


def _as_written(name: str, text: str) -> str:
    """A name as the sentence writes it, not as the index lower-cases it."""
    found = re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    return found.group(0) if found else name
