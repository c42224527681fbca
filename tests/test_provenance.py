"""Every cell says where it was read: its own grid position, and on a PDF its page and place."""

from __future__ import annotations

import re
from pathlib import Path

from extractor import extract

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def _cells(r, row):
    return [c for c in r.cell_rows if c["table"] == "requests" and c["row"] == row]


def test_grid_cells_carry_their_own_column():
    got = _cells(extract(FIX / "y2021_tsv.txt"), "granted")
    locs = [re.fullmatch(r"table (\d+) row (\d+) col (\d+)", c["location"]) for c in got]
    assert all(locs)
    assert len({m.group(1, 2) for m in locs}) == 1  # one grid row
    cols = [int(m.group(3)) for m in locs]
    assert cols == sorted(cols) and len(set(cols)) == 7  # seven distinct, left to right


def test_pdf_cells_carry_page_and_position():
    got = _cells(extract(FIX / "pdf" / "report.pdf"), "granted")
    assert got and all(c["page"] is not None for c in got)
    xs = [float(re.search(r"at x=(\d+)", c["location"]).group(1)) for c in got]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
