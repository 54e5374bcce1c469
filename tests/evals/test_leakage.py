"""The sealed test splits stay sealed: no test question (or test sentence) may appear in the
code or in the tests, where tuning on it would make the gates measure nothing."""

import json
from pathlib import Path

from tests.conftest import REPO

TEST_SPLITS = REPO / "evals" / "test"
# what each kind of test item asks, by the field that holds it
_TEXT_FIELDS = ("question", "query", "text", "sentence")


def sealed_texts(folder: Path = TEST_SPLITS, shortest: int = 25) -> dict[str, str]:
    """Every test item's question or sentence of at least ``shortest`` characters, by id."""
    found = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            for key in _TEXT_FIELDS:
                text = item.get(key)
                if isinstance(text, str) and len(text) >= shortest:
                    found[f"{path.stem}:{item.get('id')}"] = text
    return found


def leaked(texts: dict[str, str], roots: list[Path]) -> list[str]:
    sources = "\n".join(
        path.read_text(encoding="utf-8", errors="ignore")
        for root in roots
        for path in root.rglob("*.py")
    )
    return sorted(item for item, text in texts.items() if text in sources)


def test_the_sealed_splits_exist_and_are_sizeable():
    texts = sealed_texts()
    kinds = {key.split(":")[0] for key in texts}
    assert {"grounding", "refusal", "retrieval", "stages", "checker", "claims", "verdict"} <= kinds
    assert len(texts) >= 400


def test_no_test_question_appears_in_the_code_or_the_tests():
    assert leaked(sealed_texts(), [REPO / "assistant", REPO / "tests"]) == []


def test_a_copied_question_is_caught(tmp_path):
    split = tmp_path / "splits"
    split.mkdir()
    item = {"id": "q1", "question": "How much does Quorra Hill produce a year now?"}
    (split / "grounding.jsonl").write_text(json.dumps(item) + "\n")
    code = tmp_path / "code"
    code.mkdir()
    (code / "rules.py").write_text('RULE = "How much does Quorra Hill produce a year now?"\n')
    assert leaked(sealed_texts(split), [code]) == ["grounding:q1"]
