import pytest

from assistant.loaders import RejectedFile, load_file, slugify
from tests.conftest import FIXTURES
from tests.pdf_maker import make_pdf

ARTICLES = FIXTURES / "articles"
BAD = FIXTURES / "bad"
LIMIT = 20 * 1024 * 1024


def test_markdown_front_matter_becomes_metadata():
    doc = load_file(ARTICLES / "karrath-minerals.md", LIMIT)
    assert doc.doc_id == "karrath-minerals"
    assert doc.title == "Karrath Minerals: Yelbin separation plant"
    assert doc.date == "2025-11-30"
    assert doc.source == "https://example.com/karrath/q3-2025"
    assert doc.tags == ["fixture", "operating"]
    assert doc.companies == ["Karrath Minerals"]
    assert "---" not in doc.text and "Karrath Minerals produced 310 t" in doc.text
    assert len(doc.content_hash) == 64


def test_html_keeps_main_text_and_meta_only():
    doc = load_file(ARTICLES / "brennholt-magnets.html", LIMIT)
    assert doc.title == "Brennholt opens magnet line"
    assert doc.date == "2026-02-10"
    assert "sintered NdFeB magnet line" in doc.text
    for noise in ("NAVIGATION SCRIPT", "Markets menu item", "Copyright footer"):
        assert noise not in doc.text


def test_plain_text_title_from_first_line():
    doc = load_file(ARTICLES / "lake-whitby-notes.txt", LIMIT)
    assert doc.title == "Lake Whitby heavy rare earth pilot"
    assert doc.doc_id == "lake-whitby-notes"


def test_pdf_keeps_page_numbers(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(
        make_pdf(
            ["Page one says Karrath produced 310 t.", "Page two says Ostrova aims for 4,000 t."]
        )
    )
    doc = load_file(path, LIMIT)
    assert "Karrath produced 310 t" in doc.text and "Ostrova aims" in doc.text
    assert [page for _, page in doc.page_starts] == [1, 2]
    second_offset = doc.page_starts[1][0]
    assert doc.text[second_offset:].startswith("Page two")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.md", "empty"),
        ("binary.txt", "binary content"),
        ("bad-front-matter.md", "malformed YAML front matter"),
        ("notes.docx", "unsupported file type"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(name, reason):
    with pytest.raises(RejectedFile, match=reason):
        load_file(BAD / name, LIMIT)


def test_legacy_encodings_are_detected():
    doc = load_file(BAD / "latin1.txt", LIMIT)
    assert "café crème" in doc.text and "séparation" in doc.text


def test_oversized_files_are_rejected(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("rare earths " * 2000)
    with pytest.raises(RejectedFile, match="over the 0 MB limit"):
        load_file(path, max_bytes=1000)


def test_corrupt_and_textless_pdfs_are_rejected(tmp_path):
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(RejectedFile, match="corrupt"):
        load_file(corrupt, LIMIT)
    scanned = tmp_path / "scanned.pdf"
    scanned.write_bytes(make_pdf([""]))
    with pytest.raises(RejectedFile, match="no text layer"):
        load_file(scanned, LIMIT)


def test_slugs_are_safe_ids():
    assert slugify("Lynas FY25 Report (final).PDF") == "lynas-fy25-report-final-pdf"
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_encrypted_pdfs_are_rejected(tmp_path):
    from pypdf import PdfReader, PdfWriter

    source = tmp_path / "plain.pdf"
    source.write_bytes(make_pdf(["Karrath produced 310 t of oxide."]))
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt("owner-secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(RejectedFile, match="encrypted"):
        load_file(locked, LIMIT)


def test_the_symbols_an_article_gives_its_companies_become_their_aliases(tmp_path):
    release = tmp_path / "orrin-release.txt"
    release.write_text(
        "Orrin Minerals Ltd (ASX: ORN) opens Kestle concentrator\n\n"
        "PERTH, March 3 - Orrin Minerals Ltd (ASX: ORN) said on Monday that its Kestle "
        "concentrator had produced first concentrate, and that partner Velden Magnetics Inc. "
        "(Nasdaq: VLDN) would take half of it.\n",
        encoding="utf-8",
    )
    doc = load_file(release, 10**6)
    assert doc.aliases == {"Orrin Minerals Ltd": ["ORN"], "Velden Magnetics Inc.": ["VLDN"]}
    assert "aliases" in doc.derived
