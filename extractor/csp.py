"""Joint search for the readings of several rows that satisfy a table's relations.

Each row (unit) has a few candidate readings; relations are linear
(``a + b == c + d``) over cells of several rows. ``search`` finds every
combination of readings (up to a cap) under which all the given relations
hold: backtracking over rows, pruned by interval bounds and by exact subset
sums of what the remaining rows can still add (values are counts), after
removing readings that cannot satisfy a relation whatever the others read.

Pure functions over plain numbers; ``solve`` builds the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOL = 1e-6


@dataclass
class Linear:
    """sum(coef * cell) OP 0, with the fixed cells folded into ``const``."""

    op: str  # "==", "<=", ">="
    const: float
    units: tuple[int, ...]  # variable units it touches


def _ok(op: str, lo: float, hi: float) -> bool:
    """Can a value in [lo, hi] satisfy ``value OP 0``?"""
    if op == "==":
        return lo <= TOL and hi >= -TOL
    if op == "<=":
        return lo <= TOL
    return hi >= -TOL


def _suffix_sums(contrib, doms, rels, order, limit: int = 20000) -> list[list[set[int] | None]]:
    """Per position i and relation j: every total the units order[i:] can still add.

    An exact (subset-sum) test, far stronger than bounds when values are small
    counts. None where values are not whole numbers or the set grows too large.
    """
    n, m = len(order), len(rels)
    out: list[list[set[int] | None]] = [[None] * m for _ in range(n + 1)]
    for j in range(m):
        cur: set[int] | None = {0}
        out[n][j] = cur
        for i in range(n - 1, -1, -1):
            u = order[i]
            if cur is not None:
                vals = {contrib[u][r][j] for r in doms[u]}
                if any(abs(v - round(v)) > TOL for v in vals):
                    cur = None
                else:
                    iv = {round(v) for v in vals}
                    cur = {a + b for a in cur for b in iv} if len(cur) * len(iv) <= limit * 4 else None
                    if cur is not None and len(cur) > limit:
                        cur = None
            out[i][j] = cur
    return out


def _prune(contrib: list[list[list[float] | None]], rels: list[Linear]) -> list[list[int]] | None:
    """Drop readings that no combination of the other units can complete (bounds, to a fixpoint).

    None when some unit is left with nothing.
    """
    m = len(rels)
    doms = [np.array([r for r in range(len(c)) if c[r] is not None], dtype=np.int64) for c in contrib]
    if any(len(d) == 0 for d in doms):
        return None
    mats = [np.array([contrib[u][r] for r in doms[u]], dtype=float).reshape(len(doms[u]), m)
            for u in range(len(contrib))]
    const = np.array([r.const for r in rels], dtype=float)
    eq = np.array([r.op == "==" for r in rels])
    le = np.array([r.op == "<=" for r in rels])
    ge = np.array([r.op == ">=" for r in rels])
    changed = True
    while changed:
        changed = False
        lo = np.array([mat.min(axis=0) for mat in mats])
        hi = np.array([mat.max(axis=0) for mat in mats])
        tot_lo, tot_hi = lo.sum(axis=0), hi.sum(axis=0)
        for u, mat in enumerate(mats):
            low = const + tot_lo - lo[u] + mat
            high = const + tot_hi - hi[u] + mat
            ok = ((low <= TOL) | ~(eq | le)) & ((high >= -TOL) | ~(eq | ge))
            keep = ok.all(axis=1)
            if not keep.all():
                if not keep.any():
                    return None
                doms[u], mats[u] = doms[u][keep], mat[keep]
                changed = True
    return [d.tolist() for d in doms]


def search(contrib: list[list[list[float] | None]], rels: list[Linear], cap: int = 500,
           budget: int = 200_000) -> list[tuple[int, ...]] | None:
    """All combinations (reading index per unit) satisfying every relation.

    ``contrib[u][r][j]`` is what reading r of unit u adds to relation j (None:
    reading excluded). Returns None when the node budget runs out.
    """
    n = len(contrib)
    doms = _prune(contrib, rels)
    if doms is None:
        return []
    m = len(rels)
    # units with many readings first: once they are fixed the rest is pinned by the relations
    order = sorted(range(n), key=lambda u: -len(doms[u]))
    sums = _suffix_sums(contrib, doms, rels, order)
    rest_lo = [[0.0] * m for _ in range(n + 1)]
    rest_hi = [[0.0] * m for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        u = order[i]
        for j in range(m):
            rest_lo[i][j] = rest_lo[i + 1][j] + min(contrib[u][r][j] for r in doms[u])
            rest_hi[i][j] = rest_hi[i + 1][j] + max(contrib[u][r][j] for r in doms[u])
    out: list[tuple[int, ...]] = []
    choice = [0] * n
    nodes = 0
    partial = [rel.const for rel in rels]

    def rec(i: int) -> bool:
        nonlocal nodes
        if len(out) >= cap:
            return True
        if i == n:
            out.append(tuple(choice))
            return True
        u = order[i]
        for r in doms[u]:
            nodes += 1
            if nodes > budget:
                return False
            c = contrib[u][r]
            ok = True
            for j in range(m):
                s = partial[j] + c[j]
                if not _ok(rels[j].op, s + rest_lo[i + 1][j], s + rest_hi[i + 1][j]):
                    ok = False
                    break
                reach = sums[i + 1][j]
                if reach is not None and rels[j].op == "==" and round(-s) not in reach:
                    ok = False
                    break
            if not ok:
                continue
            for j in range(m):
                partial[j] += c[j]
            choice[u] = r
            done = rec(i + 1)
            for j in range(m):
                partial[j] -= c[j]
            if not done:
                return False
        return True

    if not rec(0):
        return None
    return out


def supported(contrib: list[list[list[float] | None]], rels: list[Linear], cells: list[list[tuple]],
              budget: int = 200_000) -> tuple[list[set[int]], tuple[int, ...] | None] | None:
    """Per unit, the readings that take part in some valid combination; and one combination.

    Without listing all combinations (there can be millions when blanks may
    stand anywhere): for each cell still showing one value, one search asks for
    a valid combination in which that cell reads otherwise (``cells[u][r]`` is
    reading r's tuple of cell values); every combination found marks all its
    readings. That is exactly what tells a decided cell from an undecided one.
    None when a search runs out of budget.
    """
    n = len(contrib)
    first = search(contrib, rels, cap=1, budget=budget)
    if first is None:
        return None
    seen: list[set[int]] = [set() for _ in range(n)]
    if not first:
        return seen, None
    values: list[list[set]] = [[set() for _ in cells[u][0]] if cells[u] else [] for u in range(n)]

    def mark(combo: tuple[int, ...]) -> None:
        for v, rv in enumerate(combo):
            seen[v].add(rv)
            for i, x in enumerate(cells[v][rv]):
                values[v][i].add(x)

    mark(first[0])
    for u in range(n):
        for i in range(len(values[u])):
            # is there a valid combination showing another value in this cell?
            while len(values[u][i]) == 1:
                other = [r for r in range(len(contrib[u]))
                         if contrib[u][r] is not None and cells[u][r][i] not in values[u][i]]
                if not other:
                    break
                keep = set(other)
                pinned = [row if v != u else [c if r in keep else None for r, c in enumerate(row)]
                          for v, row in enumerate(contrib)]
                got = search(pinned, rels, cap=1, budget=budget)
                if got is None:
                    return None
                if not got:
                    break
                mark(got[0])
    return seen, first[0]
