"""``batch_gc``: the collector settings a batch runs under, and that they are given back."""

from __future__ import annotations

import gc

from extractor.batchgc import YOUNG, batch_gc


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
