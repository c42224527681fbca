"""Plain-text copies of reports: tab-separated, space-aligned, markdown pipes, run-together.

Lines that look like table rows become grid rows: tab fields and pipe cells
are exact cells; a space-aligned line is cut at runs of two or more spaces
into pieces that keep their display column (CJK counts two), so values can be
put under their header by position. Everything else is a paragraph; a copy
whose cells ran together (``规范性文件898989``) is all paragraph, and the
locator and solver cut its numbers apart.
"""

from __future__ import annotations

import re
import unicodedata

from ..encoding import decode
from ..model import Cell, Document, Grid, Paragraph, ReadError
from ..textnorm import clean_text

_MD_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_GAP = re.compile(r"\s{2,}")
_LAYOUT = re.compile(r"\S {2,}\S|^ {2,}\S")
_FOOTER = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$|^\s*第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?\s*$")


def _binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > len(head) * 0.02


_NUMTOK = re.compile(r"^[+-]?\d+(?:\.\d+)?$|^[-—/]$")


def _layout_cells(line: str) -> list[Cell] | None:
    """Pieces of a space-aligned table line with their display columns, or None for prose.

    A run of numbers with single spaces (``4 0 0 0 0 0 4``) is several cells.
    """
    if width(line) > 400:
        return None
    cells: list[Cell] = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        text, x = m.group(), width(line[: m.start()])
        if width(text) > 60:
            return None
        toks = text.split(" ")
        if len(toks) > 1 and all(_NUMTOK.match(t) for t in toks):
            off = 0
            for t in toks:
                cells.append(Cell(t, 0, len(cells), x=float(x + off), x1=float(x + off + len(t))))
                off += len(t) + 1
        else:
            cells.append(Cell(text, 0, len(cells), x=float(x), x1=float(x + width(text))))
    return cells if len(cells) >= 2 else None


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def read(data: bytes, source: str) -> Document:
    name = source.rsplit("/", 1)[-1]
    if _binary(data):
        raise ReadError(f"{name}: binary data, not a text report")
    text, enc = decode(data, name)
    if "\ufffd" in text[:20000] and text.count("\ufffd") > 20:
        raise ReadError(f"{name}: unknown encoding (undecodable bytes)")
    doc = Document(source=source, reader="text", encoding=enc)
    grid: list[list[Cell]] = []
    kind = "cells"
    n_tables = 0

    def flush() -> None:
        nonlocal grid, n_tables
        if grid:
            n_tables += 1
            doc.blocks.append(Grid(grid, table_no=n_tables, kind=kind))  # type: ignore[arg-type]
        grid = []

    for raw in text.splitlines():
        line = clean_text(raw).rstrip()
        if _FOOTER.match(line):
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 2:
            if _MD_SEP.match(stripped):
                continue
            row_kind = "cells"
            fields = [f.strip() for f in stripped[1:-1].split("|")]
            cells = [Cell(f, len(grid), i) for i, f in enumerate(fields)]
        elif "\t" in line:
            row_kind = "cells"
            cells = [Cell(f.strip(), len(grid), i) for i, f in enumerate(line.split("\t"))]
        elif _LAYOUT.search(line) and (cells := _layout_cells(line)):
            row_kind = "lines"
        else:
            flush()
            if stripped:
                doc.blocks.append(Paragraph(stripped.lstrip("#").strip()))
            continue
        if grid and row_kind != kind:
            flush()
        kind = row_kind
        for c in cells:
            c.row = len(grid)
        grid.append(cells)
    flush()
    if not doc.blocks:
        raise ReadError(f"{name}: no text")
    first = next((b.text for b in doc.blocks if isinstance(b, Paragraph)), "")
    doc.title = first[:200]
    return doc
