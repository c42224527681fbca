"""One document through the whole chain: read, locate, solve, reconcile, frame.

``extract(path)`` never raises for a bad document: the result carries
``error`` (a one-line reason) and status ``failed``, so a batch goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from . import readers
from .formats import HEADINGS, TABLES
from .locate import find_tables
from .meta import metadata
from .model import Document, Flag, ReadError
from .reconcile import reconcile
from .solve import narrative_numbers, solve
from .stream import build
from .textnorm import label_key

CELL_COLUMNS = ["source", "edition", "agency", "year", "table", "row", "col", "value", "raw", "status", "page",
                "location"]
FLAG_COLUMNS = ["source", "table", "kind", "rule", "cells", "expected", "actual", "message"]
REPORT_COLUMNS = ["source", "sha256", "reader", "editions", "agency", "year", "status", "error"]


@dataclass
class Result:
    """One document's outcome. Frames are built on first use from plain rows, so a
    batch of thousands pays pandas once (in ``output``), not per report."""

    source: str
    reader: str = ""
    sha256: str = ""
    meta: dict = field(default_factory=dict)
    editions: dict[str, str] = field(default_factory=dict)  # table -> edition
    cell_rows: list[dict] = field(default_factory=list)
    flag_rows: list[dict] = field(default_factory=list)
    table_cells: dict[str, tuple] = field(default_factory=dict)  # table -> (spec, {(row, col): CellOut})
    error: str = ""

    @cached_property
    def cells(self) -> pd.DataFrame:
        """The tidy long frame: one row per cell."""
        return pd.DataFrame(self.cell_rows, columns=CELL_COLUMNS)

    @cached_property
    def flags(self) -> pd.DataFrame:
        return pd.DataFrame(self.flag_rows, columns=FLAG_COLUMNS)

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Per table a frame: index = row keys, columns = col keys (labels in ``.attrs``)."""
        return {name: _frame(spec, cells) for name, (spec, cells) in self.table_cells.items()}

    @property
    def status(self) -> str:
        if self.error:
            return "failed"
        return "flagged" if self.flag_rows else "ok"

    def report_row(self) -> dict:
        return {"source": self.source, "sha256": self.sha256, "reader": self.reader,
                "editions": ";".join(f"{t}={e}" for t, e in self.editions.items()),
                "agency": self.meta.get("agency"), "year": self.meta.get("year"), "status": self.status,
                "error": self.error}

    def to_json(self) -> dict:
        return {"source": self.source, "reader": self.reader, "status": self.status, "error": self.error,
                "meta": self.meta, "editions": self.editions,
                "tables": {t: {r: {c: _jsonable(v) for c, v in row.items()} for r, row in df.iterrows()}
                           for t, df in self.tables.items()},
                "cells": self.cell_rows, "flags": self.flag_rows}


def _jsonable(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def extract(path: str | Path) -> Result:
    """Read one file and return its tables, cells, flags and metadata (never raises for bad input)."""
    p = Path(path)
    res = Result(source=str(p))
    try:
        data = p.read_bytes()
    except OSError as e:
        res.error = f"{p.name}: cannot open ({e.strerror})"
        return res
    res.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if not data.strip():
            raise ReadError(f"{p.name}: empty file")
        fmt = readers.sniff(data, p.name)
        res.reader = fmt
        doc = readers.read_bytes(data, str(p))
    except ReadError as e:
        res.error = str(e)
        return res
    except Exception as e:  # noqa: BLE001 - one bad file must never stop a batch
        res.error = f"{p.name}: could not be read ({type(e).__name__}: {e})"
        return res
    try:
        return analyse(doc, res)
    except Exception as e:  # noqa: BLE001 - an internal error is reported, the batch goes on
        res.error = f"{p.name}: internal error while analysing ({type(e).__name__}: {e})"
        return res


def analyse(doc: Document, res: Result | None = None) -> Result:
    """Locate, solve and reconcile the tables of a Document a reader produced."""
    res = res or Result(source=doc.source)
    res.reader = res.reader or doc.reader
    name = Path(doc.source).name
    meta, flags = metadata(doc)
    flags = list(doc.flags) + flags
    res.meta = meta
    stream = build(doc)
    found = find_tables(stream)
    text = cache(doc.text)  # for the prose's numbers, read only where a row has several readings
    rows: list[dict] = []
    for ft in found:
        spec = ft.spec
        cells, fl = solve(ft, lambda name=spec.name: narrative_numbers(text(), name))
        flags += fl
        flags += reconcile(spec, cells)
        edition = _edition(spec, found)
        res.editions[spec.name] = edition
        source, agency, year, table = doc.source, meta["agency"], meta["year"], spec.name
        for (r, c), cell in cells.items():
            rows.append({"source": source, "edition": edition, "agency": agency, "year": year,
                         "table": table, "row": r, "col": c, "value": cell.value, "raw": cell.raw,
                         "status": cell.status, "page": cell.page, "location": cell.loc})
            if cell.unit == "元":
                flags.append(Flag("unit_converted", f"{r}|{c} printed as {cell.raw.strip()}: given in 万元",
                                  table=spec.name, cells=f"{r}|{c}"))
        for label in ft.extra_rows:
            flags.append(Flag("unexpected_row", f"{spec.name}: row '{label}' is not in the {spec.edition} "
                              "template; its numbers were left out", table=spec.name))
        for r in spec.rows:
            if not r.optional and r.cols and r.key not in ft.rows and not spec.flat:
                flags.append(Flag("missing_row", f"{spec.name}: row {r.key} ({r.label}) not found",
                                  table=spec.name, cells=";".join(f"{r.key}|{c}" for c in r.cols)))
        res.table_cells[spec.name] = (spec, cells)
    names = {ft.spec.name for ft in found}
    flags += _image_tables(stream, names)
    if len({e for e in res.editions.values() if e != "legacy"}) > 1:
        flags.append(Flag("edition_mix", "tables of different editions: " +
                          ", ".join(f"{t} {e}" for t, e in res.editions.items())))
    res.cell_rows = rows
    res.flag_rows = [{"source": doc.source, "table": f.table, "kind": f.kind, "rule": f.rule, "cells": f.cells,
                      "expected": f.expected, "actual": f.actual, "message": f.message} for f in flags]
    if not found:
        images = [f for f in flags if f.kind == "table_is_image"]
        needs_ocr = [f for f in flags if f.kind == "needs_ocr"]
        if images:
            res.error = f"{name}: the tables are images ({images[0].message})"
        elif needs_ocr:
            res.error = f"{name}: no usable text layer ({needs_ocr[0].message}); needs OCR"
        else:
            res.error = f"{name}: not a report: no standard table (二/三/四 or 统计表) found"
    return res


def _edition(spec, found) -> str:
    if spec.edition == "2019/2021":  # table 四 is the same in both: follow table 三, else 二
        for name in ("requests", "active"):
            other = next((f.spec.edition for f in found if f.spec.name == name), None)
            if other:
                return other
        return "2021"
    return spec.edition


def _frame(spec, cells) -> pd.DataFrame:
    cols = list(dict.fromkeys(c for r in spec.rows for c in r.cols))
    idx = [r.key for r in spec.rows if r.cols and any((r.key, c) in cells for c in r.cols)]
    data = [[cells[(r, c)].value if (r, c) in cells else None for c in cols] for r in idx]
    df = pd.DataFrame(data, index=pd.Index(idx, name="row"), columns=pd.Index(cols, name="col"), dtype=object)
    df.attrs["labels"] = {"rows": {r.key: r.label for r in spec.rows}, "cols": dict(spec.col_labels)}
    df.attrs["edition"] = spec.edition
    return df


def _image_tables(stream, names: set[str]) -> list[Flag]:
    """A standard table missing where the report shows a picture under its heading."""
    if not stream.images:
        return []
    out = []
    for table, heads in HEADINGS.items():
        if table in names:
            continue
        pos = [p for h in heads for p in stream.find_all(label_key(h))]
        if not pos:
            continue
        start = min(pos)
        nxt = [p for t, hs in HEADINGS.items() for h in hs for p in stream.find_all(label_key(h)) if p > start]
        end = min(nxt) if nxt else len(stream.key) + 1
        for kpos, img in stream.images:
            if start <= kpos <= end:
                out.append(Flag("table_is_image", f"{table}: the table is an image: {img.src}", table=table))
                break
    return out


def extract_many(paths: Iterable[str | Path]) -> Iterator[Result]:
    for p in paths:
        yield extract(p)


__all__ = ["Result", "extract", "extract_many", "analyse", "TABLES"]
