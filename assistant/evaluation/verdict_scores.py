"""Scoring verdicts against an analyst's (``evals/verdict``): status accuracy, how many
questions the sources cannot answer are said to be ``not_shown`` with a ``missing`` line,
and whether every figure a verdict line gives is a figure of a claim of a sentence it
cites (a verdict must copy its figures, never make them up)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.claims import shown_figure

_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def line_figures(text: str) -> set[str]:
    """The figures a verdict line writes, without its citation marks and percentages it
    computed itself."""
    text = re.sub(r"\[\d+\]", "", text)
    return set(_FIGURE.findall(text))


def claim_figures(claims: list[dict]) -> set[str]:
    """The figures of claims as a verdict line may write them: their shown form and the
    numbers in their periods ("Q4 2025")."""
    found: set[str] = set()
    for claim in claims:
        if claim.get("value") is not None and claim.get("unit"):
            found |= set(_FIGURE.findall(shown_figure(claim["value"], claim["unit"])))
        for key in ("period", "material"):
            found |= set(_FIGURE.findall(str(claim.get(key) or "")))
    return found


def _checked_part(line: dict) -> str:
    """The part of a line whose figures must come from claims: not what a ``missing`` line
    says the question asked ("Not in the sources: Q1 2026"), not a ``computed`` line's own
    percentage, and not a quote (checked against its sentence instead)."""
    text = line["text"]
    if line["kind"] == "missing":
        text = text.partition("the nearest shown is")[2]
    if line["kind"] == "computed":  # its own result: a share, or how many years later
        text = re.sub(r"\bis \d+%|\b\d+(?:\.\d+)? years later", "", text)
    return re.sub(r"“[^”]*”", "", text)


def _quotes_copied(line: dict, cited_texts: list[str]) -> list[str]:
    """Quotes of a line that are not word for word in a sentence it cites."""
    quotes = [q.removesuffix(" …") for q in re.findall(r"“([^”]*)”", line["text"])]
    return [q for q in quotes if not any(q in text for text in cited_texts)]


def unsupported_figures(answer: dict) -> list[dict]:
    """Figures of the verdict's lines that no claim of a cited sentence gives, and quotes
    that no cited sentence contains (a verdict copies, never makes up)."""
    verdict = answer.get("verdict") or {}
    rows = [r for s in answer.get("sections", []) for r in s["sentences"]]
    rows += answer.get("evidence_more", [])
    claims_by_n: dict[int, list[dict]] = {}
    texts_by_n: dict[int, list[str]] = {}
    for row in rows:
        for n in row["citations"]:
            claims_by_n.setdefault(n, []).extend(row.get("claims") or [])
            texts_by_n.setdefault(n, []).append(row["text"])
    missing = []
    for line in verdict.get("lines", []):
        cited = line["citations"]
        allowed = claim_figures([c for n in cited for c in claims_by_n.get(n, [])])
        figures = line_figures(_checked_part(line)) - allowed
        quotes = _quotes_copied(line, [t for n in cited for t in texts_by_n.get(n, [])])
        missing += [{"line": line["text"], "figure": f} for f in sorted(figures)]
        missing += [{"line": line["text"], "quote": q} for q in quotes]
    return missing


@dataclass
class VerdictScores:
    items: int = 0
    right: int = 0
    unanswerable: int = 0
    said_missing: int = 0
    lines: int = 0
    lines_supported: int = 0
    rows: list[dict] = field(default_factory=list)

    def add(self, item: dict, answer: dict) -> None:
        verdict = answer.get("verdict") or {}
        status = "refused" if answer["refused"] else verdict.get("status", "")
        self.items += 1
        self.right += status == item["status"]
        if item["status"] == "not_shown":
            self.unanswerable += 1
            self.said_missing += status == "not_shown" and any(
                line["kind"] == "missing" for line in verdict.get("lines", [])
            )
        unsupported = unsupported_figures(answer)
        self.lines += len(verdict.get("lines", []))
        self.lines_supported += len(verdict.get("lines", [])) - len(
            {u["line"] for u in unsupported}
        )
        self.rows.append(
            {
                "id": item["id"],
                "question": item["question"],
                "corpus": item["corpus"],
                "gold": item["status"],
                "predicted": status,
                "passed": status == item["status"],
                "lines": [line["text"] for line in verdict.get("lines", [])],
                "unsupported_figures": unsupported,
            }
        )

    def metrics(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "status_accuracy": ratio(self.right, self.items),
            "not_shown_recall": ratio(self.said_missing, self.unanswerable),
            "lines_with_cited_figures": ratio(self.lines_supported, self.lines),
        }
