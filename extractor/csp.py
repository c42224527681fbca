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


def search(contrib: list[list[list[float] | None]], rels: list[Linear], cap: int = 500,
           budget: int = 200_000) -> list[tuple[int, ...]] | None:
    """All combinations (reading index per unit) satisfying every relation.

    ``contrib[u][r][j]`` is what reading r of unit u adds to relation j (None:
    reading excluded). Returns None when the node budget runs out.
    """
    n = len(contrib)
    doms = [[r for r in range(len(c)) if c[r] is not None] for c in contrib]
    m = len(rels)
    changed = True
    while changed:  # drop readings that no combination of the others can complete
        changed = False
        if any(not d for d in doms):
            return []
        lo = [[min(contrib[u][r][j] for r in doms[u]) for j in range(m)] for u in range(n)]
        hi = [[max(contrib[u][r][j] for r in doms[u]) for j in range(m)] for u in range(n)]
        tot_lo = [sum(lo[u][j] for u in range(n)) for j in range(m)]
        tot_hi = [sum(hi[u][j] for u in range(n)) for j in range(m)]
        for u in range(n):
            keep = [r for r in doms[u]
                    if all(_ok(rel.op, rel.const + tot_lo[j] - lo[u][j] + contrib[u][r][j],
                               rel.const + tot_hi[j] - hi[u][j] + contrib[u][r][j])
                           for j, rel in enumerate(rels) if u in rel.units)]
            if len(keep) < len(doms[u]):
                doms[u] = keep
                changed = True
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
