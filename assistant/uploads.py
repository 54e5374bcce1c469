"""Keeping editors' originals under the data dir, so the index can always be rebuilt."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from assistant.loaders import SUPPORTED_SUFFIXES, slugify


def safe_upload_name(name: str) -> str:
    """A file name that cannot leave the uploads folder: the last path component only,
    slugged, with a supported suffix kept as is."""
    base = re.split(r"[\\/]", name.replace("\x00", ""))[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix.lower()
    clean = slugify(stem) or "upload"
    return f"{clean}.{suffix}" if suffix else clean


def store_upload(uploads_dir: Path, name: str, data: bytes) -> Path:
    uploads_dir.mkdir(parents=True, exist_ok=True)
    target = (uploads_dir / safe_upload_name(name)).resolve()
    if target.parent != uploads_dir.resolve():  # belt and braces: never write outside
        raise ValueError(f"refusing to store {name!r} outside the uploads folder")
    target.write_bytes(data)
    return target


def pasted_article(title: str, date: dt.date | None, source: str, text: str) -> tuple[str, bytes]:
    """A Markdown article with front matter built from the paste form's fields."""
    meta = {"title": title.strip(), "sources": [{"url": source.strip()}] if source.strip() else []}
    if date:
        meta["date"] = date.isoformat()
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    body = f"---\n{front}---\n\n# {title.strip()}\n\n{text.strip()}\n"
    return f"{slugify(title)}.md", body.encode("utf-8")


def is_supported(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES
