"""The evaluation items themselves: a gold label that cannot be checked against its article
would score the assistant against a figure the corpus never states."""

import json

from assistant.assemble import SECTION_ORDER
from assistant.settings import REPO_ROOT
from assistant.text.numbers import numbers_in

GROUNDING = [
    json.loads(line)
    for line in (REPO_ROOT / "evals" / "grounding.jsonl").read_text().splitlines()
    if line.strip()
]


def _article(doc_id: str) -> str:
    return (REPO_ROOT / "corpus" / f"{doc_id}.md").read_text(encoding="utf-8")


def test_grounding_items_have_unique_ids_and_known_splits():
    ids = [item["id"] for item in GROUNDING]
    assert len(ids) == len(set(ids))
    assert {item["split"] for item in GROUNDING} <= {"dev", "test"}


def _unchecked_facts(item: dict) -> list[str]:
    problems = []
    for fact in item["key_facts"]:
        if fact["section"] not in SECTION_ORDER or fact["doc_id"] not in item["must_cite"]:
            problems.append(f"{item['id']}: section or doc of {fact['fact']!r}")
            continue
        stated = numbers_in(_article(fact["doc_id"]))
        problems += [
            f"{item['id']}: {number} is not in {fact['doc_id']}"
            for number in fact["numbers"]
            if not numbers_in(number) & stated
        ]
    return problems


def test_every_key_fact_is_checkable_against_its_article():
    assert [p for item in GROUNDING for p in _unchecked_facts(item)] == []


def test_an_uncheckable_key_fact_is_reported():
    item = {
        "id": "x",
        "must_cite": ["tomtor"],
        "key_facts": [
            {
                "fact": "Tomtor made 987,654 t",
                "numbers": ["987,654"],
                "section": "pipeline",
                "doc_id": "tomtor",
            }
        ],
    }
    assert _unchecked_facts(item) == ["x: 987,654 is not in tomtor"]
