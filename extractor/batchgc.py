"""Garbage-collector settings for a batch run, and for one read that allocates much.

Python's default collector (a young-generation pass every 700 net
allocations, a full pass whenever the survivors grow by a quarter) is tuned
for programs that keep few objects alive. A batch does the opposite: every
report allocates tens of thousands of short-lived objects (cells, readings,
pieces) while the long-lived ones (modules, the format tables, the label
caches, the results gathered so far) are rescanned on every full pass. On
the text fixtures the collector took about a tenth of the run; with the
settings below it takes about a hundredth (measured with ``gc.callbacks`` on
``xxgk bench``). Cycles are still collected, just in larger batches.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 10_000  # net allocations between young-generation passes (Python's default: 700)


@contextmanager
def batch_gc(young: int = YOUNG) -> Iterator[None]:
    """Freeze what is alive now (it is never rescanned) and collect the young generation less often.

    The settings are the process's, so the CLI uses this around its batch loop;
    they are restored on the way out. A program calling ``extract`` in a loop of
    its own can wrap the loop in it too.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(young, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while the block runs (unless it was off already, when it stays off).

    For one read that builds tens of thousands of objects which all live until it
    returns (an HTML page's element proxies and cells): the collector would only
    scan them again and again. The few cycles such a read leaves are collected
    once the collector runs again.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
