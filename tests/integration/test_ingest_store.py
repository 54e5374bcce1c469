"""Ingest into a real Chroma (embedded under tmp_path, and a real server) with the real encoder."""

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.ingest import WriterBusy, vector_tag, writer_lock
from assistant.text.sentences import sentence_texts
from tests.conftest import FIXTURES

N_ARTICLES = 5


def _chunk_ids(assistant, doc_id: str) -> list[str]:
    return [cid for cid, _, _ in assistant.document_chunks(doc_id)]


def test_ingest_then_reingest_is_a_no_op(assistant, articles):
    first = assistant.ingest([articles]).summary()
    assert first["added"] == N_ARTICLES and not first["rejected"]
    chunks_before = assistant.store.count_chunks()
    version_before = assistant.store.corpus_version()

    second = assistant.ingest([articles]).summary()
    assert second == {
        "added": 0,
        "updated": 0,
        "unchanged": N_ARTICLES,
        "skipped": [],
        "rejected": [],
    }
    assert assistant.store.count_chunks() == chunks_before
    assert assistant.store.corpus_version() == version_before


def test_switching_encoder_backend_re_embeds_on_the_next_ingest(assistant, articles):
    from assistant.service import Assistant

    assistant.ingest([articles])
    made_by = {vector_tag(assistant.embedder.backend)}
    assert {d["encoder"] for d in assistant.list_documents()} == made_by
    chunk_ids = sorted(cid for cid, _, _ in assistant.store.iter_all_chunks())

    switched = Assistant(assistant.settings.model_copy(update={"encoder_backend": "torch"}))
    report = switched.ingest([articles]).summary()
    assert report["updated"] == N_ARTICLES and report["unchanged"] == 0
    assert {d["encoder"] for d in switched.list_documents()} == {vector_tag("torch")}
    # same chunks, new vectors: nothing duplicated or lost
    assert sorted(cid for cid, _, _ in switched.store.iter_all_chunks()) == chunk_ids


def test_a_start_reads_again_what_another_reader_version_read(assistant, articles):
    """An upgrade of the reader (domain file, models, reading code) re-reads at start the
    documents it read before, so no claim read the old way is answered from."""
    assistant.ingest([articles])
    assert assistant.ensure_indexed() is None  # nothing read by another version
    older = dict(assistant.store.document_record("karrath-minerals"), encoder="older-reader")
    assistant.store.documents.upsert(
        ids=["karrath-minerals"], embeddings=[[1.0]], metadatas=[older]
    )
    assert assistant.stale_documents() == [articles / "karrath-minerals.md"]
    report = assistant.ensure_indexed().summary()
    assert (report["updated"], report["added"]) == (1, 0)
    assert assistant.stale_documents() == []


def test_edited_document_replaces_all_its_chunks(assistant, articles):
    assistant.ingest([articles])
    old_ids = _chunk_ids(assistant, "karrath-minerals")
    path = articles / "karrath-minerals.md"
    path.write_text(path.read_text().replace("310 t", "355 t"))

    report = assistant.ingest([articles]).summary()
    assert report["updated"] == 1 and report["unchanged"] == N_ARTICLES - 1
    new_chunks = assistant.document_chunks("karrath-minerals")
    assert any("355 t" in text for _, text, _ in new_chunks)
    assert not any("310 t" in text for _, text, _ in new_chunks)
    record = assistant.store.document_record("karrath-minerals")
    assert record["n_chunks"] == len(new_chunks)
    # no orphans: the store holds exactly the chunks each document record counts
    total = sum(d["n_chunks"] for d in assistant.list_documents())
    assert assistant.store.count_chunks() == total
    assert set(old_ids) != {cid for cid, _, _ in new_chunks}


def test_remove_deletes_document_and_chunks(assistant, articles):
    assistant.ingest([articles])
    assert assistant.remove_document("ostrova-rare-metals")
    assert "ostrova-rare-metals" not in {d["doc_id"] for d in assistant.list_documents()}
    assert _chunk_ids(assistant, "ostrova-rare-metals") == []
    assert not assistant.remove_document("ostrova-rare-metals")
    hits = assistant.search("Lake Qorvath inferred resource", top_k=10)
    assert all(h.doc_id != "ostrova-rare-metals" for h in hits)


def _stored_sentences(assistant, doc_id: str, texts) -> dict:
    return assistant.retriever.stored_sentence_vectors([(doc_id, t) for t in texts])


def test_a_long_documents_sentence_vectors_span_records_and_are_replaced_whole(settings):
    from assistant.store import ChromaStore

    store = ChromaStore(settings)
    texts = [f"Fictional sentence {n} about the Lake Qorvath deposit." for n in range(300)]
    vectors = np.random.default_rng(3).normal(size=(300, 384)).astype(np.float32)
    store.write_sentence_vectors([("long-doc", t, v) for t, v in zip(texts, vectors)], "tag-a")
    assert store.sentences.count() == 3  # 128 + 128 + 44 sentences

    asked = [("long-doc", t) for t in texts[::7]] + [("other-doc", texts[1])]
    found = store.sentence_vectors(asked, "tag-a")
    assert set(found) == set(texts[::7])  # another document's sentence is not its own
    assert all(np.array_equal(found[t], vectors[n]) for n, t in enumerate(texts) if t in found)
    assert store.sentence_vectors([("long-doc", texts[0])], "tag-b") == {}

    store.write_sentence_vectors([("long-doc", texts[0], vectors[1])], "tag-a")
    assert store.sentences.count() == 1
    assert np.array_equal(store.sentence_vectors([asked[0]], "tag-a")[texts[0]], vectors[1])
    assert store.sentence_vectors([("long-doc", texts[7])], "tag-a") == {}


def test_opening_a_store_drops_the_old_per_sentence_collection(settings):
    from assistant.store import ChromaStore, make_client

    client = make_client(settings)
    client.create_collection(f"{settings.collection}_sentences", embedding_function=None)
    ChromaStore(settings, client)
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    assert f"{settings.collection}_sentences" not in names
    assert f"{settings.collection}_sentence_vectors" in names


def test_ingest_stores_the_vector_of_every_passage_sentence(assistant, articles):
    assistant.ingest([articles])
    chunks = assistant.document_chunks("ostrova-rare-metals")
    texts = {t for _, text, _ in chunks for t in sentence_texts(text)}
    stored = _stored_sentences(assistant, "ostrova-rare-metals", texts)
    assert set(stored) == texts
    # the stored vector is the encoder's vector of the sentence alone
    sample = sorted(texts)[:3]
    fresh = assistant.embedder.embed(sample)
    assert np.allclose(np.stack([stored[t] for t in sample]), fresh, atol=1e-6)

    assistant.remove_document("ostrova-rare-metals")
    assert _stored_sentences(assistant, "ostrova-rare-metals", texts) == {}


def test_a_chunk_vector_blends_its_sentences_with_its_title_and_heading():
    from assistant.ingest import chunk_vector
    from assistant.models import Chunk

    chunk = Chunk("c", "d", 0, "First sentence here. Second one follows.", 0, 40, "Output")
    e = np.eye(4, dtype=np.float32)
    encoded = {
        "First sentence here.": e[0],
        "Second one follows.": e[1],
        "A title": e[2],
        "Output": e[3],
    }
    vector = chunk_vector(chunk, "A title", encoded)
    # normalise(normalise(mean of sentences) + normalise(title + heading))
    expected = np.array([1, 1, 1, 1], dtype=np.float32) / 2
    assert np.allclose(vector, expected, atol=1e-6)
    no_context = chunk_vector(Chunk("c", "d", 0, "First sentence here.", 0, 20), "", encoded)
    assert np.allclose(no_context, e[0])


def test_a_failed_store_write_fails_the_ingest_and_reports_nothing_written(
    assistant, articles, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(assistant.store, "replace_documents", refuse)
    with pytest.raises(OSError, match="disk full"):
        assistant.ingest([articles])
    assert assistant.store.count_chunks() == 0


def test_chunks_carry_citation_metadata_and_exact_offsets(assistant, articles):
    assistant.ingest([articles])
    body = (articles / "karrath-minerals.md").read_text().split("---\n", 2)[2]
    for _, text, meta in assistant.document_chunks("karrath-minerals"):
        assert meta["title"] == "Karrath Minerals: Yelbin separation plant"
        assert meta["date"] == "2025-11-30"
        assert meta["source"] == "https://example.com/karrath/q3-2025"
        assert meta["heading"] in {"Production", "Expansion", "Bottom line"}
        assert body.lstrip("\n")[meta["start"] : meta["end"]] == text


def test_folder_rules_skip_readme_and_data_but_not_named_files(assistant, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "data").mkdir(parents=True)
    (corpus / "README.md").write_text("# How to edit\nEditors add files here.\n")
    (corpus / "data" / "table.csv").write_text("a,b\n1,2\n")
    for name in ("karrath-minerals.md", "ostrova-rare-metals.md"):
        (corpus / name).write_text((FIXTURES / "articles" / name).read_text())
    report = assistant.ingest([corpus]).summary()
    assert report["added"] == 2
    assert sorted(Path(p).name for p in report["skipped"]) == ["README.md", "table.csv"]
    assert report["rejected"] == []
    named = assistant.ingest([corpus / "README.md"]).summary()
    assert named["added"] == 1 and named["skipped"] == []


def test_bad_inputs_are_rejected_and_good_ones_still_indexed(assistant, articles):
    mixed = [articles, FIXTURES / "bad" / "empty.md", FIXTURES / "bad" / "notes.docx"]
    report = assistant.ingest(mixed).summary()
    assert report["added"] == N_ARTICLES
    reasons = {Path(r["path"]).name: r["reason"] for r in report["rejected"]}
    assert set(reasons) == {"empty.md", "notes.docx"}
    assert "empty" in reasons["empty.md"]


def test_duplicate_content_under_another_name_is_reported(assistant, articles, tmp_path):
    assistant.ingest([articles])
    twin = tmp_path / "copy-of-whitby.txt"
    twin.write_bytes((articles / "lake-whitby-notes.txt").read_bytes())
    report = assistant.ingest([twin]).summary()
    assert report["rejected"] == [
        {"path": str(twin), "reason": "duplicate of document 'lake-whitby-notes' (same content)"}
    ]


def test_a_folder_is_checked_against_the_records_it_started_with(assistant, articles, tmp_path):
    """From eight files the ingest reads the document records once; the outcomes must be
    those of asking per file: unchanged, duplicate, repeated id."""
    from assistant.ingest import _PREFETCH_FROM

    folder = tmp_path / "many"
    shutil.copytree(articles, folder)
    for n in range(_PREFETCH_FROM):
        note = f"Fictional note {n}: the Lake Qorvath pilot plant ran test {n} in 2025."
        (folder / f"note-{n}.txt").write_text(note)
    files = len(list(folder.iterdir()))
    assert assistant.ingest([folder]).summary()["added"] == files

    (folder / "copy-of-whitby.txt").write_bytes((articles / "lake-whitby-notes.txt").read_bytes())
    other = folder / "sub"
    other.mkdir()
    (other / "note-0.txt").write_text("Fictional note: a different text under a repeated name.")
    report = assistant.ingest([folder]).summary()
    assert report["unchanged"] == files and report["added"] == 0
    reasons = {Path(r["path"]).name: r["reason"] for r in report["rejected"]}
    assert reasons["copy-of-whitby.txt"] == (
        "duplicate of document 'lake-whitby-notes' (same content)"
    )
    assert "has id 'note-0'" in reasons["note-0.txt"]


def test_a_second_writer_gets_a_clear_message(settings):
    with (
        writer_lock(settings.data_dir),
        pytest.raises(WriterBusy, match="being changed"),
        writer_lock(settings.data_dir),
    ):
        pass


def test_a_second_writer_queues_behind_the_first_and_is_told_whom_it_waits_for(settings):
    import threading
    import time

    released = threading.Event()

    def hold() -> None:
        with writer_lock(settings.data_dir):
            time.sleep(0.6)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    waited_for: list[str] = []
    with writer_lock(settings.data_dir, wait_s=10, on_wait=waited_for.append):
        assert released.is_set()  # it got the lock only once the first let go
    holder.join()
    assert waited_for == [f"process {os.getpid()}"]
