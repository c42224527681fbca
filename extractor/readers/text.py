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


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))  # bytes no text file holds


def _binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    ctrl = len(head) - len(head.translate(None, _CONTROL))
    return ctrl > len(head) * 0.02


_SPACES = re.compile(r"[\u00a0\u2000-\u200b\ufeff]")
_PIECE = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces: one piece
_NUMTOK = re.compile(r"^[+-]?\d+(?:\.\d+)?$|^[-—/]$")


def _layout_cells(line: str) -> list[Cell] | None:
    """Pieces of a space-aligned table line with their display columns, or None for prose.

    A run of numbers with single spaces (``4 0 0 0 0 0 4``) is several cells.
    """
    if width(line) > 400:
        return None
    cells: list[Cell] = []
    pos = x = 0  # x = width(line[:pos]): widths as printed, before any folding
    for m in _PIECE.finditer(line):
        text = m.group()
        x += width(line[pos:m.start()])
        pos = m.start()
        w = width(text)
        if w > 60:
            return None
        toks = text.split(" ")
        if len(toks) > 1 and all(_NUMTOK.match(t) for t in toks):
            off = 0
            for t in toks:
                cells.append(Cell(t, 0, len(cells), x=float(x + off), x1=float(x + off + len(t))))
                off += len(t) + 1
        else:
            cells.append(Cell(clean_text(text), 0, len(cells), x=float(x), x1=float(x + w)))
    indented = len(line) - len(line.lstrip(" ")) >= 6
    return cells if len(cells) >= 2 or (cells and indented) else None


def _is_char(c: Cell) -> bool:
    return len(c.text) == 1 and width(c.text) == 2


def _merge_vertical(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Join header words printed one character per line (``商/业/企/业``) into one word.

    A band of consecutive lines made mostly of single CJK characters is one
    header line: characters standing at the same column are read top-down.
    """
    out: list[list[Cell]] = []
    band: list[list[Cell]] = []

    def close() -> None:
        if len(band) < 2:
            out.extend(band)
        else:
            words: dict[float, Cell] = {}
            others: list[Cell] = []
            for row in band:
                for c in row:
                    if not _is_char(c):
                        others.append(c)
                        continue
                    x = next((k for k in words if abs(k - (c.x or 0)) <= 1), c.x or 0.0)
                    if x in words:
                        words[x].text += c.text
                    else:
                        words[x] = Cell(c.text, 0, 0, x=c.x, x1=(c.x or 0) + 2)
            merged = sorted([*words.values(), *others], key=lambda c: c.x or 0)
            for i, c in enumerate(merged):
                c.col = i
            out.append(merged)
        band.clear()

    for row in rows:
        chars = sum(1 for c in row if _is_char(c))
        if chars and chars * 2 >= len(row):
            band.append(row)
        else:
            close()
            out.append(row)
    close()
    for r, row in enumerate(out):
        for c in row:
            c.row = r
    return out


def width(s: str) -> int:
    """Display columns: wide (CJK) characters take two."""
    return len(s) if s.isascii() else sum(map(_WIDTHS.__getitem__, s))


class _Widths(dict[str, int]):
    """Display width per character, looked up once each (a plain dict lookup after that)."""

    def __missing__(self, ch: str) -> int:
        w = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return w


_WIDTHS = _Widths()


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
        if grid and kind == "lines":
            grid = _merge_vertical(grid)
        if grid:
            n_tables += 1
            doc.blocks.append(Grid(grid, table_no=n_tables, kind=kind))  # type: ignore[arg-type]
        grid = []

    raws = text.splitlines()
    # Cleaning is per character, and NFKC neither reaches across nor makes a line break
    # (each is a starter that composes with nothing), so the whole text is cleaned at once:
    # its lines are the cleaned lines. The count check only guards that reasoning.
    lines = clean_text(text).splitlines()
    if len(lines) != len(raws):
        lines = [clean_text(r) for r in raws]
    for raw, line in zip(raws, lines, strict=True):
        line = line.rstrip()
        if _FOOTER.match(line):
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 2:
            if _MD_SEP.match(stripped):
                continue
            fields = stripped[1:-1].split("|")
        elif "\t" in line:
            fields = line.split("\t")
        elif _LAYOUT.search(line) and (cells := _layout_cells(_SPACES.sub(" ", raw.rstrip()))):
            if grid and kind != "lines":
                flush()
            kind = "lines"
            grid.append(cells)  # rows are numbered when the grid is closed (_merge_vertical)
            continue
        else:
            if grid:
                flush()
            if stripped:
                doc.blocks.append(Paragraph(stripped.lstrip("#").strip()))
            continue
        if grid and kind != "cells":
            flush()
        kind = "cells"
        r = len(grid)
        grid.append([Cell(f.strip(), r, i) for i, f in enumerate(fields)])
    flush()
    if not doc.blocks:
        raise ReadError(f"{name}: no text")
    first = next((b.text for b in doc.blocks if isinstance(b, Paragraph)), "")
    doc.title = first[:200]
    return doc
