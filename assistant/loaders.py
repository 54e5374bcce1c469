"""Turn one file into a ``Document``, or raise ``RejectedFile`` with a reason a person can act on.

Markdown carries YAML front matter (python-frontmatter), HTML is reduced to its main text
with trafilatura (which drops navigation, scripts and footers and reads the page's meta
tags), PDFs keep their text layer and page numbers (pypdf)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

from assistant.cleanup import clean_page, clean_pdf_pages
from assistant.domain import domain
from assistant.models import Document
from assistant.subjects import article_subjects
from assistant.text.dates import article_date, dateline_date
from assistant.text.names import listing_symbols

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


class RejectedFile(Exception):
    """The file cannot become a document; ``str(exc)`` is the reason shown to the user."""


def slugify(name: str) -> str:
    return _SLUG_CHARS.sub("-", name.lower()).strip("-")[:80] or "document"


def _iso_date(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    try:
        if match:
            year, month, day = match.groups()
            return dt.date(int(year), int(month or 1), int(day or 1)).isoformat()
    except ValueError:
        pass
    raise RejectedFile(f"date {text!r} is not an ISO date (YYYY-MM-DD)")


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _aliases(value: object) -> dict[str, list[str]]:
    """Front matter ``aliases``: a mapping of a name to one alias or a list of them."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise RejectedFile(
            "aliases must map a name to its other names, e.g. {Northern Territory: [NT]}"
        )
    return {str(name).strip(): _as_list(others) for name, others in value.items() if others}


def _normalise_sources(value: object) -> list[dict]:
    sources = []
    for item in value if isinstance(value, list) else ([value] if value else []):
        if isinstance(item, dict):
            sources.append({k: str(v) for k, v in item.items() if v is not None})
        else:
            sources.append({"url": str(item)})
    return sources


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 first; otherwise a detected legacy encoding, or a clear refusal."""
    if not raw.strip():
        raise RejectedFile("the file is empty")
    if b"\x00" in raw[:8192]:
        raise RejectedFile(f"binary content in a {path.suffix or 'text'} file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.percent_chaos > 20:
        raise RejectedFile("the text is not UTF-8 and its encoding could not be detected")
    return str(best)


def _first_heading(text: str) -> str | None:
    match = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else None


def load_markdown(path: Path, raw: bytes) -> Document:
    import frontmatter
    import yaml

    text = decode_text(raw, path)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise RejectedFile(f"malformed YAML front matter{where}") from None
    meta = post.metadata
    if not isinstance(meta, dict):
        raise RejectedFile("front matter must be a YAML mapping of keys to values")
    body = post.content
    if not body.strip():
        raise RejectedFile("the article has front matter but no body text")
    sources = _normalise_sources(meta.get("sources") or meta.get("source"))
    cleaned = clean_page(body)
    body = cleaned.text
    doc = Document(
        doc_id=slugify(str(meta.get("id") or path.stem)),
        title=str(meta.get("title") or _first_heading(body) or path.stem),
        text=body,
        content_hash=_hash(raw),
        path=str(path),
        kind="md",
        date=_iso_date(meta.get("date")),
        source=sources[0].get("url", "") if sources else "",
        sources=sources,
        tags=_as_list(meta.get("tags")),
        countries=_as_list(meta.get("countries")),
        companies=_as_list(meta.get("companies")),
        tickers=_as_list(meta.get("tickers")),
        aliases=_aliases(meta.get("aliases")),
        elements=_as_list(meta.get("elements")),
        dropped=cleaned.dropped,
    )
    return _completed(doc, given_title="title" in meta or bool(_first_heading(body)))


def load_text(path: Path, raw: bytes) -> Document:
    cleaned = clean_page(decode_text(raw, path))
    if not cleaned.text.strip():
        raise RejectedFile(
            "the page has no article text once its menus and boilerplate are removed"
        )
    doc = Document(
        doc_id=slugify(path.stem),
        title=path.stem,
        text=cleaned.text,
        content_hash=_hash(raw),
        path=str(path),
        kind="txt",
        dropped=cleaned.dropped,
    )
    return _completed(doc, given_title=False)


def load_html(path: Path, raw: bytes) -> Document:
    import trafilatura

    html = decode_text(raw, path)
    body = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    if not body or not body.strip():
        raise RejectedFile("the HTML page has no main text")
    cleaned = clean_page(body)
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta and meta.title else None
    url = (meta.url if meta else None) or ""
    doc = Document(
        doc_id=slugify(path.stem),
        title=title or path.stem,
        text=cleaned.text,
        content_hash=_hash(raw),
        path=str(path),
        kind="html",
        date=_iso_date(meta.date) if meta and meta.date else None,
        source=url,
        sources=[{"url": url}] if url else [],
        tags=_as_list(meta.tags if meta else None),
        dropped=cleaned.dropped,
    )
    return _completed(doc, given_title=bool(title))


def load_pdf(path: Path, raw: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise RejectedFile("the PDF is encrypted")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except RejectedFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise RejectedFile(f"the PDF is corrupt or unreadable ({type(exc).__name__})") from None
    if not any(pages):
        raise RejectedFile("the PDF has no text layer (scanned images need OCR first)")
    cleaned = clean_pdf_pages(pages)
    info = reader.metadata or {}
    title = str(info.get("/Title") or "").strip()
    doc = Document(
        doc_id=slugify(path.stem),
        title=title or path.stem,
        text=cleaned.text,
        content_hash=_hash(raw),
        path=str(path),
        kind="pdf",
        page_starts=_page_starts(cleaned.text, pages),
        dropped=cleaned.dropped,
    )
    return _completed(doc, given_title=bool(title))


def _page_starts(text: str, pages: list[str]) -> list[tuple[int, int]]:
    """(offset in the cleaned text, page number) where each page's first kept line stands,
    so a chunk can say which page it came from."""
    starts, cursor = [], 0
    for number, page in enumerate(pages, start=1):
        for line in page.splitlines():
            probe = line.strip()[:40]
            if len(probe) < 12:
                continue
            found = text.find(probe, cursor)
            if found >= 0:
                starts.append((found, number))
                cursor = found
                break
    return starts


def _completed(doc: Document, given_title: bool) -> Document:
    """A document's title, date and subjects from its own text where nothing gave them: the
    first line standing alone at its top as the title, a date line or dateline near the top
    as its date, the organisations and sites its title and body name as its subjects."""
    if not given_title:
        doc.title = _title_line(doc.text) or doc.title
        doc.derived.append("title")
    if doc.date is None:
        found = article_date(doc.text) or dateline_date(doc.text)
        if found is not None:
            doc.date = found.isoformat()
            doc.derived.append("date")
    if not doc.companies:
        doc.companies = article_subjects(doc.title, doc.text)
        if doc.companies:
            doc.derived.append("subjects")
    if not doc.aliases:  # "Corvane Materials Inc. (Nasdaq: CRVN)": its symbol is its alias
        doc.aliases = listing_symbols(doc.text[:_SYMBOLS_WITHIN])
        if doc.aliases:
            doc.derived.append("aliases")
    return doc


# a release gives its symbols near its top; far below, a symbol may be another company's
_SYMBOLS_WITHIN = 20_000


def _title_line(text: str) -> str | None:
    """The first line near the top that reads as a title: three to 25 words, not the label a
    release puts above its title ("ASX ANNOUNCEMENT"), not a date or a byline."""
    label = domain().compiled("release_labels")
    for line in [x.strip().lstrip("#").strip() for x in text.splitlines() if x.strip()][:8]:
        words = line.split()
        if label.match(line) or re.match(r"^(?:by|posted\s+by|updated|published)\b", line, re.I):
            continue
        if article_date(line) is not None or not 3 <= len(words) <= 25:
            continue
        return " ".join(words)
    return None


_LOADERS = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
}


def _hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def load_file(path: Path, max_bytes: int) -> Document:
    suffix = path.suffix.lower()
    if suffix not in _LOADERS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise RejectedFile(
            f"unsupported file type '{suffix or path.name}' (supported: {supported})"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise RejectedFile(
            f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit"
        )
    if size == 0:
        raise RejectedFile("the file is empty")
    raw = path.read_bytes()
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return _LOADERS[suffix](path, raw)
    doc = _LOADERS[suffix](path, raw)
    return with_corrections(doc, sidecar)


SIDECAR_SUFFIX = ".meta.yaml"
_CORRECTABLE = ("title", "date", "companies", "countries", "aliases", "tickers", "tags")


def sidecar_path(path: Path) -> Path:
    """Where an editor's corrections to an article's title, date or subjects are kept:
    ``article.html.meta.yaml`` next to ``article.html``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def write_corrections(path: Path, title: str, date: str | None, subjects: list[str]) -> Path:
    """Keep an editor's corrections of an article's title, date and subjects next to it
    (``sidecar_path``); the next ingest of the article applies them. Raises RejectedFile
    for a date that is not a date."""
    import yaml

    meta: dict = {"title": title.strip()}
    if date:
        meta["date"] = _iso_date(date)
    cleaned = [s.strip() for s in subjects if s.strip()]
    if cleaned:
        meta["companies"] = cleaned
    sidecar = sidecar_path(path)
    sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), "utf-8")
    return sidecar


def with_corrections(doc: Document, sidecar: Path) -> Document:
    """The document with the editor's corrections applied; they count towards its content,
    so a corrected article is indexed again."""
    import yaml

    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError) as exc:
        raise RejectedFile(
            f"the corrections file {sidecar.name} is not valid YAML ({exc})"
        ) from None
    if not isinstance(meta, dict):
        raise RejectedFile(f"the corrections file {sidecar.name} must map keys to values")
    unknown = sorted(set(meta) - set(_CORRECTABLE))
    if unknown:
        raise RejectedFile(f"{sidecar.name} may correct {', '.join(_CORRECTABLE)}, not {unknown}")
    if "title" in meta:
        doc.title = str(meta["title"])
    if "date" in meta:
        doc.date = _iso_date(meta["date"])
    for key in ("companies", "countries", "tickers", "tags"):
        if key in meta:
            setattr(doc, key, _as_list(meta[key]))
    if "aliases" in meta:
        doc.aliases = _aliases(meta["aliases"])
    doc.derived = [
        d for d in doc.derived if d not in meta and not (d == "subjects" and "companies" in meta)
    ]
    doc.content_hash = _hash(doc.content_hash.encode() + sidecar.read_bytes())
    return doc
