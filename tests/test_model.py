"""The document model's Cell: a msgspec Struct that must behave as the dataclass it replaced."""

from __future__ import annotations

import copy
import gc
import pickle

import pytest

from extractor.model import Cell, Document, Grid


def test_cell_fields_positional_and_by_name() -> None:
    c = Cell("合计", 2, 3, (1, 3), 4, 10.5, 20.0, 7.25)
    assert (c.text, c.row, c.col, c.origin, c.page, c.x, c.x1, c.top) == ("合计", 2, 3, (1, 3), 4, 10.5, 20.0, 7.25)
    d = Cell("5", 0, 1)
    assert (d.origin, d.page, d.x, d.x1, d.top) == (None, None, None, None, None)
    assert Cell(text="5", row=0, col=1, x=3.0) == Cell("5", 0, 1, None, None, 3.0)


def test_cell_compares_by_value_and_is_unhashable() -> None:
    assert Cell("a", 0, 0) == Cell("a", 0, 0)
    assert Cell("a", 0, 0) != Cell("a", 0, 1)
    assert Cell("a", 0, 0, (0, 0)) != Cell("a", 0, 0)
    with pytest.raises(TypeError):
        hash(Cell("a", 0, 0))


def test_cell_repr_is_the_dataclass_repr() -> None:
    assert repr(Cell("x", 1, 2, (0, 2))) == "Cell(text='x', row=1, col=2, origin=(0, 2), page=None, x=None, x1=None, top=None)"


def test_cell_is_mutable_but_takes_no_new_attributes() -> None:
    c = Cell("x", 0, 0)
    c.row, c.col, c.text = 4, 5, "y"  # the text reader renumbers cells in place
    assert (c.row, c.col, c.text) == (4, 5, "y")
    with pytest.raises(AttributeError):
        c.colour = "red"  # type: ignore[attr-defined]


def test_cell_is_origin() -> None:
    assert Cell("x", 1, 1).is_origin
    assert Cell("x", 1, 1, (1, 1)).is_origin
    assert not Cell("x", 2, 1, (1, 1)).is_origin


def test_cells_are_not_tracked_by_the_cycle_collector() -> None:
    """gc=False: a page's hundreds of cells cost the collector nothing (they hold no references back)."""
    assert not gc.is_tracked(Cell("x", 0, 0, (0, 0)))


def test_document_with_cells_copies_and_pickles() -> None:
    doc = Document(source="a.html", reader="html", blocks=[Grid(rows=[[Cell("总计", 0, 0), Cell("12", 0, 1, (0, 1))]])])
    for other in (copy.deepcopy(doc), pickle.loads(pickle.dumps(doc))):
        assert other == doc
        assert other.blocks[0].rows[0][1].origin == (0, 1)
