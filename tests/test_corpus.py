"""The curated corpus: format rules every article must keep, and the data table."""

import csv
from pathlib import Path

import frontmatter
import pytest

from tests.conftest import REPO

CORPUS = REPO / "corpus"
ARTICLES = sorted(p for p in CORPUS.glob("*.md") if p.name.lower() != "readme.md")
REQUIRED = ("id", "title", "date", "sources", "countries", "companies", "elements", "tags")


def test_corpus_size():
    words = sum(len(frontmatter.load(p).content.split()) for p in ARTICLES)
    assert len(ARTICLES) >= 40
    assert words >= 25_000


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_front_matter(path: Path):
    post = frontmatter.load(path)
    missing = [key for key in REQUIRED if key not in post.metadata]
    assert not missing, f"missing front matter keys: {missing}"
    assert post["id"] == path.stem
    assert str(post["date"])[:4].isdigit()
    urls = [s.get("url", "") for s in post["sources"] if isinstance(s, dict)]
    assert any(u.startswith(("http://", "https://")) for u in urls), "no source URL"
    assert 300 <= len(post.content.split()) <= 2000


def test_data_table_has_sources_for_every_row():
    with (CORPUS / "data" / "usgs_mine_production_reserves.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert {"country", "year", "mine_production_t_reo", "reserves_t_reo", "source"} <= set(rows[0])
    assert all(r["source"] and r["source_url"].startswith("https://") for r in rows)
    countries = {r["country"] for r in rows}
    assert {"China", "Russia", "Brazil", "World"} <= countries
