"""One reader per format, all behind one calling convention (like pandas ``io/``).

``read(path)`` sniffs the bytes, picks the reader and returns a Document. Each
reader module exposes ``read(data: bytes, source: str) -> Document`` and raises
``ReadError`` with a one-line reason for a file it cannot read.
"""

from __future__ import annotations

import importlib
import zipfile
from io import BytesIO
from pathlib import Path

from ..model import Document, ReadError

# format name -> module under extractor.readers
READERS = {"pdf": "pdf", "docx": "docx", "doc": "doc", "html": "html", "text": "text"}

_HTML_MARKS = (b"<html", b"<!doctype html", b"<table", b"<body", b"<div", b"<p>", b"<p ", b"<head", b"<meta")


def sniff(data: bytes, name: str = "") -> str:
    """The format of a file from its content; the extension only breaks ties."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile as e:
            raise ReadError(f"{name}: truncated or corrupt ZIP container ({e})") from None
        if "word/document.xml" in names:
            return "docx"
        raise ReadError(f"{name}: a ZIP file that is not a Word document")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    low = head.lower()
    if any(m in low for m in _HTML_MARKS) or name.lower().endswith((".html", ".htm", ".shtml", ".js")):
        if b"<" in low:
            return "html"
    return "text"


def read_bytes(data: bytes, source: str) -> Document:
    fmt = sniff(data, source)
    module = importlib.import_module(f".{READERS[fmt]}", __name__)
    return module.read(data, source)


def read(path: str | Path) -> Document:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(f"{p}: cannot open ({e.strerror})") from None
    if not data.strip():
        raise ReadError(f"{p.name}: empty file")
    return read_bytes(data, str(p))
