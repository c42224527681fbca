"""A document as one searchable stream of label text, with the values set aside.

Every reader's output (paragraphs, cell grids, position-placed lines) is laid
end to end as *pieces*. Label text is folded (``textnorm.fold_char``) into one
string ``key`` with whitespace dropped, so a label wrapped over lines, spaced
out or split by a page break is still one substring. A grid cell that is a
value (a number, a dash, a blank) is not put into ``key``: it is kept aside at
the position where it stood, so a number printed in the middle of a wrapped
label does not break the label. Free text (paragraphs, run-together copies)
keeps its digits in ``key``; the locator cuts them out between labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .formats import UNIT_WORDS
from .model import Document, Grid, Image, Paragraph
from .textnorm import fold_char, fold_text
from .values import Value, parse


@dataclass(slots=True)
class Piece:
    text: str
    exact: bool  # a whole grid cell: exactly one printed cell
    line: int  # line id: grid row or text line; equal ids = same printed line
    page: int | None = None
    x: float | None = None
    x1: float | None = None
    loc: str = ""
    value: Value | None = None  # for exact pieces that read as a value
    aligned: bool = False  # a cell of a true grid (rows and columns aligned), not a positioned text piece


@dataclass(slots=True)
class ValueSlot:
    kpos: int  # the value stood just before key[kpos]
    piece: int


@dataclass
class Stream:
    pieces: list[Piece] = field(default_factory=list)
    key: str = ""
    kmap: list[tuple[int, int]] = field(default_factory=list)  # key index -> (piece, offset in piece text)
    slots: list[ValueSlot] = field(default_factory=list)
    images: list[tuple[int, Image]] = field(default_factory=list)  # (kpos, image)
    slot_kpos: list[int] = field(default_factory=list)  # kpos of each slot, for bisect
    positioned: bool = False  # holds text placed by position (space-aligned text, PDF pages)
    occ_cache: dict = field(default_factory=dict)
    _find_cache: dict[str, list[int]] = field(default_factory=dict)

    def find_all(self, needle: str) -> list[int]:
        """Every start of ``needle`` in ``key`` (cached: the locator asks often)."""
        hit = self._find_cache.get(needle)
        if hit is None:
            hit = []
            i = self.key.find(needle)
            while i >= 0:
                hit.append(i)
                i = self.key.find(needle, i + 1)
            self._find_cache[needle] = hit
        return hit

    def piece_at(self, kpos: int) -> Piece:
        return self.pieces[self.kmap[min(kpos, len(self.kmap) - 1)][0]]

    def contiguous(self, i: int, j: int) -> bool:
        """Are key chars i and j=i+1 adjacent in the printed text (same piece, no space between)?"""
        (pi, oi), (pj, oj) = self.kmap[i], self.kmap[j]
        return pi == pj and oj == oi + 1


def build(doc: Document) -> Stream:
    s = Stream()
    key: list[str] = []
    kmap: list[tuple[int, int]] = []
    line = 0
    lines_with_values: set[int] = set()
    lines_with_label: set[int] = set()

    def add(p: Piece) -> None:
        idx = len(s.pieces)
        s.pieces.append(p)
        if p.exact and p.text.strip() in UNIT_WORDS and (p.line in lines_with_values or p.line in lines_with_label):
            return  # a 计量单位 cell after a label or beside a value: metadata, and it must not split a label
        if p.exact:
            p.value = parse(p.text)
            if p.value is not None:
                s.slots.append(ValueSlot(len(key), idx))
                return
        if p.exact and p.text.strip():
            lines_with_label.add(p.line)
        folded = fold_text(p.text)
        if folded is not None:  # one character for one: the fast path
            keep = [off for off, c in enumerate(folded) if not c.isspace()]
            key.extend(folded[off] for off in keep)
            kmap.extend((idx, off) for off in keep)
            return
        for off, ch in enumerate(p.text):
            for c in fold_char(ch):
                key.append(c)
                kmap.append((idx, off))

    for b in doc.blocks:
        if isinstance(b, Paragraph):
            for ln in b.text.split("\n"):
                line += 1
                add(Piece(ln, False, line, b.page, loc=f"p{b.page or ''}"))
        elif isinstance(b, Grid):
            for r, row in enumerate(b.rows):
                line += 1
                if any(c.text.strip() in UNIT_WORDS for c in row) and any(
                        (v := parse(c.text)) is not None and v.status != "blank" for c in row):
                    lines_with_values.add(line)
                for c in row:
                    if not c.is_origin:
                        continue
                    if c.x is not None:
                        x, x1 = c.x, c.x1
                    else:  # grid columns; a merged cell spans its copies
                        span = 1 if c.origin is None else sum(1 for d in row if d.origin == c.origin) or 1
                        x, x1 = float(c.col), float(c.col + span)
                    add(Piece(c.text, True, line, c.page if c.page is not None else b.page, x, x1,
                              loc=f"table {b.table_no} row {r} col {c.col}", aligned=b.kind == "cells"))
        elif isinstance(b, Image):
            s.images.append((len(key), b))
    s.key = "".join(key)
    s.kmap = kmap
    s.slot_kpos = [v.kpos for v in s.slots]
    s.positioned = any(p.x is not None and (not p.aligned or p.page is not None) for p in s.pieces)
    return s
