"""The shape the code keeps: modules import each other one way only, no module reaches into
another's private names, and no corpus subject is named in the code (what belongs to one
article goes in its front matter, domain words in the domain data file)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import frontmatter

from tests.conftest import REPO

PACKAGE = REPO / "assistant"
# first words of company names that are words in their own right
_GENERIC_COMPANY_WORDS = {
    "critical",
    "european",
    "general",
    "export",
    "industrial",
    "energy",
    "leading",
    "toyota",
    "vital",
    "peak",
    "greenland",
    "saskatchewan",
    "beijing",
    "vietnam",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in the file, lazy ones too:
    an import inside a function is still a dependency."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, names in _imports(path):
            # "from assistant.text import places" imports the module assistant.text.places
            candidates = [f"{target}.{n}" for n in names] + [target]
            for candidate in candidates:
                if candidate in modules and candidate != name:
                    graph[name].add(candidate)
                    break
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_modules_import_each_other_one_way_only():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_another_modules_private_names():
    offending = [
        f"{path.relative_to(REPO)}: from {module} import {name}"
        for path in PACKAGE.rglob("*.py")
        for module, names in _imports(path)
        if module.startswith("assistant")
        for name in names
        if name.startswith("_")
    ]
    assert offending == []


def _corpus_subjects() -> set[str]:
    """Every company named in the corpus front matter, and the capitalised words of the
    article titles (the projects: a deposit, a mine, a plant) that are neither words of
    general English nor places."""
    from assistant.text import places
    from assistant.text.tokens import common_words

    common = common_words()

    from assistant.domain import domain
    from assistant.text.tokens import is_common

    trade = domain().material_words | set(domain().abbreviations)

    def is_no_subject(word: str) -> bool:
        """A place, a word of the trade ("NdFeB", "MoUs") or of English ("Earths")."""
        word = word.lower()
        return (
            word in places.world_country_names()
            or places.country_for(word) is not None
            or word in trade
            or word.rstrip("s") in trade
            or (is_common(word) and not word.endswith("s"))
            or word in _GENERIC_COMPANY_WORDS
            or "-" in word
            or word in {"explainer", "usgs", "earths"}  # a genre, the data source, the trade
        )

    names: set[str] = set()
    for path in (REPO / "corpus").glob("*.md"):
        meta = frontmatter.load(path).metadata
        for company in meta.get("companies") or []:
            names.add(str(company))
            first = str(company).split()[0]
            generic = first.lower() in _GENERIC_COMPANY_WORDS or places.country_for(first)
            if len(first) >= 5 and first[0].isupper() and not generic:
                names.add(first)
        title = str(meta.get("title", ""))
        words = [re.sub(r"['’]s?$", "", w) for w in re.findall(r"\b[A-Z][\w'’-]{3,}", title)]
        names.update(w for w in words if w.lower() not in common and not is_no_subject(w))
    return {n for n in names if len(n) >= 4}


def test_no_corpus_subject_is_named_in_the_code():
    subjects = _corpus_subjects()
    assert len(subjects) > 40  # the corpus names its subjects; this would catch none else
    found = {}
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        hits = [n for n in subjects if re.search(rf"\b{re.escape(n)}\b", text)]
        if hits:
            found[str(path.relative_to(REPO))] = sorted(hits)
    assert found == {}
