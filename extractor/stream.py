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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .formats import UNIT_WORDS
from .model import Document, Grid, Image, Paragraph
from .textnorm import fold_char, fold_text
from .values import Value, parse

_SPACE_RUN = re.compile(r"\s+")
_UNIT_WORDS = frozenset(UNIT_WORDS)


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
    kstart: int = -1  # where its text starts in the stream's key (-1: not in the key)


@dataclass
class Stream:
    pieces: list[Piece] = field(default_factory=list)
    key: str = ""
    kpiece: list[int] = field(default_factory=list)  # key index -> piece
    koff: list[int] = field(default_factory=list)  # key index -> offset in the piece's text
    # values set aside, in order: slot i is piece slot_piece[i], which stood just before key[slot_kpos[i]]
    slot_piece: list[int] = field(default_factory=list)
    images: list[tuple[int, Image]] = field(default_factory=list)  # (kpos, image)
    line_first: dict[int, int] = field(default_factory=dict)  # line id -> its first piece
    slot_kpos: list[int] = field(default_factory=list)  # (ascending: found by bisect)
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
        return self.pieces[self.kpiece[min(kpos, len(self.kpiece) - 1)]]

    def contiguous(self, i: int, j: int) -> bool:
        """Are key chars i and j=i+1 adjacent in the printed text (same piece, no space between)?"""
        return self.kpiece[i] == self.kpiece[j] and self.koff[j] == self.koff[i] + 1


def _keyed(text: str) -> tuple[str, Sequence[int]]:
    """A piece's text as it goes into the key (folded, whitespace dropped) and, for each key
    character, its offset in the text."""
    folded = fold_text(text)
    if folded is not None:  # one character for one: the fast path
        if not _SPACE_RUN.search(folded):
            return folded, range(len(folded))
        parts: list[str] = []
        offs: list[int] = []
        start = 0
        for m in _SPACE_RUN.finditer(folded):  # the text between spaces, segment by segment
            if m.start() > start:
                parts.append(folded[start:m.start()])
                offs.extend(range(start, m.start()))
            start = m.end()
        if start < len(folded):
            parts.append(folded[start:])
            offs.extend(range(start, len(folded)))
        return "".join(parts), tuple(offs)
    chars: list[str] = []
    offs = []
    for off, ch in enumerate(text):
        f = fold_char(ch)
        chars.append(f)
        offs.extend([off] * len(f))
    return "".join(chars), tuple(offs)


# Label cells and template lines are the same few hundred texts in every report: remembered.
_keyed_short = lru_cache(maxsize=65536)(_keyed)


def build(doc: Document) -> Stream:
    s = Stream()
    key: list[str] = []  # chunks of folded text
    kpiece: list[int] = []
    koff: list[int] = []
    line = 0
    lines_with_label: set[int] = set()

    pieces, slot_kpos, slot_piece, line_first = s.pieces, s.slot_kpos, s.slot_piece, s.line_first

    def add(p: Piece) -> None:
        """A piece whose text goes into the key: a paragraph line or a label cell."""
        idx = len(pieces)
        pieces.append(p)
        if p.line not in line_first:
            line_first[p.line] = idx
        text = p.text
        p.kstart = len(kpiece)
        folded, offs = _keyed_short(text) if len(text) <= 64 else _keyed(text)
        key.append(folded)
        kpiece.extend([idx] * len(folded))
        koff.extend(offs)

    positioned = False
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            loc = f"p{b.page or ''}"
            for ln in b.text.split("\n"):
                line += 1
                add(Piece(ln, False, line, b.page, loc=loc))
        elif isinstance(b, Grid):
            aligned = b.kind == "cells"
            first_piece = len(pieces)
            table = f"table {b.table_no} row "
            for r, row in enumerate(b.rows):
                line += 1
                at_row = f"{table}{r} col "
                for c in row:
                    origin = c.origin
                    if origin is not None and origin != (c.row, c.col):
                        continue  # a copy of a merged cell: its origin stands for it
                    col = c.col
                    if c.x is not None:
                        x, x1 = c.x, c.x1
                    elif origin is None:  # grid columns: one wide (x + 1.0 is float(col + 1) exactly)
                        x = float(col)
                        x1 = x + 1.0
                    else:  # a merged cell spans its copies
                        span = sum(1 for d in row if d.origin == origin) or 1
                        x, x1 = float(col), float(col + span)
                    page = c.page
                    if page is None:
                        page = b.page
                    loc = at_row + str(col)
                    if page is not None:
                        positioned = True
                        if c.x is not None:  # where on the page (PDF points, from top left)
                            loc += f" at x={c.x:.0f}" + (f" y={c.top:.0f}" if c.top is not None else "")
                    text = c.text
                    value = parse(text)
                    if value is None or value.status != "number":
                        stripped = text.strip()
                        if stripped in _UNIT_WORDS and (line in lines_with_label or any(
                                (v := parse(d.text)) is not None and v.status != "blank" for d in row)):
                            # a 计量单位 cell after a label or beside a value: metadata, not to split a label
                            pieces.append(Piece(text, True, line, page, x, x1, loc, None, aligned))
                            line_first.setdefault(line, len(pieces) - 1)
                            continue
                        if value is None:  # a label cell
                            if stripped:
                                lines_with_label.add(line)
                            add(Piece(text, True, line, page, x, x1, loc, None, aligned))
                            continue
                    # a value (number, blank, dash): set aside where it stood
                    idx = len(pieces)
                    pieces.append(Piece(text, True, line, page, x, x1, loc, value, aligned))
                    if line not in line_first:
                        line_first[line] = idx
                    slot_kpos.append(len(kpiece))
                    slot_piece.append(idx)
            if not aligned and len(pieces) > first_piece:  # every cell not skipped made one piece
                positioned = True
        elif isinstance(b, Image):
            s.images.append((len(kpiece), b))
    s.key = "".join(key)
    s.kpiece, s.koff = kpiece, koff
    s.positioned = positioned
    return s
