from assistant.chunking import chunk_document, document_sentences
from assistant.models import Document
from assistant.text.sentences import sentence_spans


def _doc(text: str) -> Document:
    return Document(doc_id="d", title="T", text=text, content_hash="h")


def test_sentences_keep_abbreviations_and_decimals_together():
    text = "The U.S. plant holds 3.5 Mt. Mr. Smith said so (e.g. in May). Output rose 12%."
    spans = [text[s.start : s.end] for s in sentence_spans(text)]
    assert spans == [
        "The U.S. plant holds 3.5 Mt.",
        "Mr. Smith said so (e.g. in May).",
        "Output rose 12%.",
    ]


def test_headings_become_section_labels_not_text():
    text = "# Title\n\n## Output\nA produced 5 t. B shipped 4 t.\n\n## Plans\n- C aims high.\n"
    rows = [(text[s.start : s.end], h) for s, h in document_sentences(text)]
    assert rows == [
        ("A produced 5 t.", "Output"),
        ("B shipped 4 t.", "Output"),
        ("C aims high.", "Plans"),
    ]


def test_chunks_respect_word_budget_overlap_and_offsets():
    sentence = "Karrath Minerals produced three hundred tonnes of oxide in the quarter."
    text = "## Section\n" + " ".join([sentence] * 40)
    chunks = chunk_document(_doc(text), max_words=50, overlap=1)
    assert len(chunks) > 5
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text.split()) <= 50
        assert chunk.heading == "Section"
    # consecutive chunks share one sentence
    assert chunks[0].text.split(". ")[-1].rstrip(".") in chunks[1].text


def test_chunks_never_cross_headings():
    text = "## A\nOne sentence here is long enough.\n\n## B\nAnother sentence lives here."
    chunks = chunk_document(_doc(text), max_words=500)
    assert [c.heading for c in chunks] == ["A", "B"]


def test_chunk_ids_are_stable_and_content_addressed():
    text = "## A\nFirst sentence is here. Second sentence is here."
    first = [c.chunk_id for c in chunk_document(_doc(text))]
    again = [c.chunk_id for c in chunk_document(_doc(text))]
    edited = [c.chunk_id for c in chunk_document(_doc(text.replace("Second", "Third")))]
    assert first == again
    assert first[0].startswith("d:0000:")
    assert first != edited


def test_an_overlong_sentence_is_its_own_chunk():
    text = "## A\n" + "word " * 300 + "end. Short one follows."
    chunks = chunk_document(_doc(text), max_words=100)
    assert len(chunks) == 2


def test_each_list_item_is_its_own_sentence_even_after_a_full_stop():
    text = (
        "Projects in the pipeline:\n"
        '- Commissioning: the Alder plant started in 2026 ("Alder").\n'
        "- Under construction: the Birch line, 40% built.\n"
        "1. Stalled: Cedar. Funding lapsed."
    )
    assert [text[s.start : s.end] for s in sentence_spans(text)] == [
        "Projects in the pipeline:",
        'Commissioning: the Alder plant started in 2026 ("Alder").',
        "Under construction: the Birch line, 40% built.",
        "Stalled: Cedar.",
        "Funding lapsed.",
    ]
