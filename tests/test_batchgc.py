"""``batch_gc``: the collector settings a batch runs under, and that they are given back."""

from __future__ import annotations

import gc

import pytest

from extractor.batchgc import YOUNG, batch_gc, paused
from extractor.model import ReadError


def test_batch_gc_freezes_and_raises_the_young_threshold_then_restores():
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with batch_gc():
        assert gc.get_threshold() == (YOUNG, before[1], before[2])
        assert gc.get_freeze_count() > 0  # what was alive on entry is never rescanned
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_batch_gc_restores_after_an_error():
    before = gc.get_threshold()
    try:
        with batch_gc(young=5000):
            assert gc.get_threshold()[0] == 5000
            raise RuntimeError("a failing batch")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_are_still_collected_inside_a_batch():
    class Node:
        pass

    with batch_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2


def test_paused_stops_collection_and_restores_it():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_html_reader_gives_the_collector_back():
    from extractor.readers import html

    doc = html.read("<table><tr><td>一</td><td>2</td></tr></table>".encode(), "t.html")
    assert [c.text for c in doc.blocks[0].rows[0]] == ["一", "2"]
    assert gc.isenabled()
    with pytest.raises(ReadError, match="empty.html: no text"):
        html.read(b"", "empty.html")
    assert gc.isenabled()  # given back on the way out of a failed read too
