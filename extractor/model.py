"""The document model every reader produces and the locator consumes.

A document is an ordered list of blocks: paragraphs of running text, grids of
cells, and images standing where a table should be. Readers for HTML, PDF,
DOCX, DOC and plain text all end here, so the table logic is written once.

A grid is rows x columns with merged cells already expanded: every position
holds a Cell, and a cell copied from a merge remembers its origin. A grid of
kind ``"lines"`` is a looser thing: rows of text pieces placed by position (a
space-aligned text table, a PDF table with no ruling lines); its cells carry an
``x`` so columns can be matched by position, not by order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import msgspec


class Cell(msgspec.Struct, gc=False):
    """One cell as printed: raw text and where it came from.

    A msgspec Struct, not a dataclass: every reader makes one per grid
    position, and its constructor runs in C (a slots dataclass's ``__init__``
    is Python, about 190 ns against 85). It behaves as the dataclass did:
    positional or keyword fields, mutable, compared by value, unhashable, the
    same repr, copies and pickles (the ``dataclasses`` helpers do not apply).
    ``gc=False``: a Cell holds text, numbers and an origin tuple, never
    anything that could lead back to it, so the cycle collector need not
    track the hundreds a page makes.
    """

    text: str
    row: int
    col: int
    origin: tuple[int, int] | None = None  # (row, col) of the merged cell's origin; None = itself
    page: int | None = None
    x: float | None = None  # left edge (PDF points, or character column for text)
    x1: float | None = None  # right edge
    top: float | None = None

    @property
    def is_origin(self) -> bool:
        return self.origin is None or self.origin == (self.row, self.col)


@dataclass(slots=True)
class Grid:
    """A table: ``rows[r][c]`` is a Cell; merged cells expanded."""

    rows: list[list[Cell]]
    table_no: int = 0
    page: int | None = None
    kind: Literal["cells", "lines"] = "cells"


@dataclass(slots=True)
class Paragraph:
    text: str
    page: int | None = None


@dataclass(slots=True)
class Image:
    """An image standing in the body, possibly a table printed as a picture."""

    src: str
    page: int | None = None
    alt: str = ""


Block = Paragraph | Grid | Image


@dataclass(slots=True)
class Flag:
    """One finding about a document: a broken relation, an ambiguity, a reader problem."""

    kind: str
    message: str
    table: str = ""
    rule: str = ""
    cells: str = ""  # involved `row|col` keys joined by ';'
    expected: str = ""
    actual: str = ""


@dataclass
class Document:
    """What a reader hands on: blocks in reading order, plus what it learnt on the way."""

    source: str
    reader: str
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # e.g. agency / date from a page's metadata table
    flags: list[Flag] = field(default_factory=list)
    encoding: str = ""

    def text(self) -> str:
        """All paragraph and cell text, in order: for metadata and narrative searches."""
        parts: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                parts.append(b.text)
            elif isinstance(b, Grid):
                for row in b.rows:
                    parts.append("\t".join(c.text for c in row if c.is_origin))
        return "\n".join(parts)


class ReadError(Exception):
    """A document that cannot be read; the message is the one-line reason for reports.csv."""
