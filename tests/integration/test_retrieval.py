"""Hybrid retrieval on a real store: exact rare names, filters, offsets."""

from assistant.retrieval import SearchFilter

DECOY = """---
id: {id}
title: "{name} deposit update"
date: 2024-0{month}-01
sources:
  - url: "https://example.com/{id}"
tags: [decoy]
---
# {name} deposit update

## Resource
The {name} carbonatite hosts an indicated mineral resource of rare earths with neodymium
and praseodymium grades that the owner calls encouraging.
Metallurgical test work on {name} ore continued through the year with flotation and leaching trials.
"""
NAMES = [
    "Barrow Creek",
    "Mount Sable",
    "Kinder Ridge",
    "Pallas Hill",
    "Corran Flats",
    "Tilbury Dome",
]


def _decoys(folder):
    for i, name in enumerate(NAMES, start=1):
        slug = name.lower().replace(" ", "-")
        (folder / f"{slug}.md").write_text(DECOY.format(id=slug, name=name, month=i))


def test_hybrid_ranks_an_exact_rare_name_at_least_as_high_as_dense_alone(assistant, articles):
    _decoys(articles)
    assistant.ingest([articles])
    query = "Qorvath carbonatite resource grade"

    def rank(mode: str) -> int:
        hits = assistant.retriever.search(query, top_k=20, mode=mode)
        ids = [h.doc_id for h in hits]
        return ids.index("ostrova-rare-metals") + 1 if "ostrova-rare-metals" in ids else 99

    hybrid, dense, bm25 = rank("hybrid"), rank("dense"), rank("bm25")
    assert bm25 == 1  # the exact name is what lexical search is for
    assert hybrid <= 3
    assert hybrid <= dense, f"hybrid ranked the Qorvath article {hybrid}, dense alone {dense}"


def test_filters_restrict_by_date_tag_and_document(assistant, articles):
    _decoys(articles)
    assistant.ingest([articles])
    by_tag = assistant.search(
        "rare earth resource", top_k=20, search_filter=SearchFilter(tags=("decoy",))
    )
    assert by_tag and {h.doc_id for h in by_tag} <= {n.lower().replace(" ", "-") for n in NAMES}
    by_date = assistant.search(
        "rare earth", top_k=20, search_filter=SearchFilter(date_from="2025-06-01")
    )
    assert by_date and all(h.date >= "2025-06-01" for h in by_date)
    by_doc = assistant.search(
        "production", top_k=20, search_filter=SearchFilter(doc_ids=("karrath-minerals",))
    )
    assert by_doc and {h.doc_id for h in by_doc} == {"karrath-minerals"}
    combined = SearchFilter(date_to="2025-05-31", tags=("decoy",))
    for mode in ("bm25", "dense", "hybrid"):
        hits = assistant.retriever.search("rare earth", 20, combined, mode=mode)
        assert hits, mode
        assert all(h.date <= "2025-05-31" and "decoy" in h.metadata["tags"] for h in hits)


def test_results_carry_scores_and_offsets(assistant, articles):
    assistant.ingest([articles])
    hits = assistant.search("separated NdPr oxide produced at Yelbin", top_k=3)
    assert hits[0].doc_id == "karrath-minerals"
    assert hits[0].score >= hits[-1].score > 0
    assert {"start", "end", "heading", "title", "date", "source"} <= set(hits[0].metadata)


def test_bm25_cache_follows_the_corpus_version(assistant, articles):
    assistant.ingest([articles])
    assert assistant.retriever.bm25_search("Qorvath", 5)
    assistant.remove_document("ostrova-rare-metals")
    assert assistant.retriever.bm25_search("Qorvath", 5) == []


def test_a_second_process_view_sees_writes_through_chroma(assistant, articles, settings):
    """Two service objects on one store (as two app replicas on one Chroma server) agree."""
    from assistant.service import Assistant

    reader = Assistant(settings)
    assert reader.search("Lake Qorvath carbonatite") == []
    assistant.ingest([articles])
    found = reader.search("Lake Qorvath carbonatite")
    assert "ostrova-rare-metals" in {c.doc_id for c in found}
    assistant.remove_document("ostrova-rare-metals")
    assert "ostrova-rare-metals" not in {c.doc_id for c in reader.search("Lake Qorvath")}


def test_an_article_is_listed_whole_in_reading_order_or_its_best_passages(assistant, articles):
    assistant.ingest([articles])
    stored = assistant.store.chunks_of("karrath-minerals")
    assert len(stored) >= 2
    whole = assistant.retriever.article_chunks("karrath-minerals", "NdPr output", len(stored))
    assert [c.chunk_id for c in whole] == [cid for cid, _, _ in stored]
    assert [c.text for c in whole] == [text for _, text, _ in stored]
    best = assistant.retriever.article_chunks("karrath-minerals", "NdPr output", 1)
    assert len(best) == 1 and best[0].doc_id == "karrath-minerals" and best[0].score > 0
    assert assistant.retriever.article_chunks("no-such-article", "NdPr", 8) == []


def test_a_name_few_articles_hold_weighs_more_than_one_most_hold(assistant, articles):
    _decoys(articles)
    assistant.ingest([articles])
    index = assistant.retriever.lexical_index()
    rare = index.name_weight("Qorvath")  # one article
    common = index.name_weight("carbonatite")  # the decoys and Ostrova
    assert rare > common > 0
    assert index.name_weight("Qorv") == rare  # the start of a word, as answers match names
    assert index.name_weight("Lake Qorvath") == rare
    assert index.name_weight("Zanzibarite") > rare  # in no article at all
    assistant.remove_document("ostrova-rare-metals")
    assert assistant.retriever.lexical_index().name_weight("Qorvath") > rare


def test_a_name_typed_without_its_accents_finds_the_article(assistant, articles):
    (articles / "vallberg.md").write_text(
        '---\nid: vallberg\ntitle: "Vållberg Kärrdal rare earths"\ndate: 2025-05-01\n'
        "sources:\n  - url: https://example.com/vallberg\n---\n# Vållberg Kärrdal\n\n"
        "Vållberg Kärrdal holds an inferred resource of 3 Mt at 0.9% TREO (fictional).\n"
    )
    assistant.ingest([articles])
    index = assistant.retriever.lexical_index()
    for query in ("Vallberg Karrdal", "Vållberg Kärrdal"):
        rows = assistant.retriever.bm25_search(query, 3)
        assert rows and index.doc_ids[rows[0][0]] == "vallberg"
    assert "karrdal" in index.names


def test_a_question_word_few_articles_use_weighs_more_than_one_most_use(assistant, articles):
    from assistant.text.tokens import content_words

    _decoys(articles)
    assistant.ingest([articles])
    index = assistant.retriever.lexical_index()
    (rare,) = content_words("Qorvath")  # weighed by stem, as answers compare words
    (common,) = content_words("carbonatite")
    assert index.word_weight(rare) > index.word_weight(common) > 0
    assert index.word_weight("zanzibarit") > index.word_weight(rare)  # in no article
    assistant.remove_document("ostrova-rare-metals")
    assert assistant.retriever.lexical_index().word_weight(rare) > index.word_weight(rare)
