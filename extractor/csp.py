"""Joint search for the readings of several rows that satisfy a table's relations.

Each row (unit) has a few candidate readings; relations are linear
(``a + b == c + d``) over cells of several rows. ``search`` finds every
combination of readings (up to a cap) under which all the given relations
hold: backtracking over rows, pruned by interval bounds and by exact subset
sums of what the remaining rows can still add (values are counts), after
removing readings that cannot satisfy a relation whatever the others read.

Pure functions over plain numbers. ``solve`` builds the input once per
table as a ``Stacked`` matrix (one row per distinct reading of every unit,
one column per relation: what the reading adds to it) and asks about subsets
of its readings (``doms``) and of its relations (``cols``, ``off``), so trying
many plans costs array operations, not rebuilding. ``refuted`` answers from
the bounds alone, which is how most hopeless plans are dismissed unsearched.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

TOL = 1e-6


@dataclass
class Linear:
    """sum(coef * cell) OP 0, with the fixed cells folded into ``const``."""

    op: str  # "==", "<=", ">="
    const: float
    units: tuple[int, ...]  # variable units it touches


@dataclass
class Stacked:
    """Every unit's readings in one matrix, units contiguous, in order.

    Readings of a unit that add the same amounts to every relation (``0`` and a
    blank where both count 0, say) are one row: the bounds and the search need
    only the distinct rows, which in a table of run-together digits are a
    fraction of the readings. ``row_of[u][r]`` is the row of reading r of unit u.
    """

    mat: np.ndarray  # (rows, relations): what a reading adds to each relation
    unit: np.ndarray  # the unit of each row
    start: np.ndarray  # first row of each unit; start[n] = number of rows
    row_of: list[np.ndarray]  # per unit: the row of each of its readings

    @classmethod
    def of(cls, mats: Sequence) -> Stacked:
        """From per-unit matrices (readings x relations), array-like."""
        arrs = [np.asarray(m, dtype=float) for m in mats]
        width = max((a.shape[1] for a in arrs if a.ndim == 2 and a.size), default=0)
        arrs = [a.reshape(len(a), width) for a in arrs]
        sizes = [len(a) for a in arrs]
        n = len(arrs)
        if not n or not sum(sizes):
            return cls(np.zeros((0, width)), np.zeros(0, dtype=np.int64), np.zeros(n + 1, dtype=np.int64),
                       [np.zeros(0, dtype=np.int64) for _ in arrs])
        tagged = np.column_stack([np.repeat(np.arange(n), sizes), np.concatenate(arrs)])
        order = np.lexsort(tagged.T[::-1])  # by unit first, then by the amounts
        ordered = tagged[order]
        new = np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)]
        inverse = np.empty(len(order), dtype=np.int64)
        inverse[order] = np.cumsum(new) - 1
        uniq = ordered[new]
        unit = uniq[:, 0].astype(np.int64)
        bounds = np.r_[0, np.cumsum(sizes)]
        return cls(uniq[:, 1:], unit, np.searchsorted(unit, np.arange(n + 1)).astype(np.int64),
                   [inverse[bounds[u]:bounds[u + 1]] for u in range(n)])

    @property
    def n(self) -> int:
        return len(self.start) - 1

    def rows(self, doms: Sequence[Iterable[int]]) -> np.ndarray:
        """The rows of the readings ``doms[u]`` of each unit u, sorted, each once."""
        if not doms:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([self.row_of[u][_index(d)] for u, d in enumerate(doms)]))

    def first_reading(self, row: int) -> int:
        """The first reading (index within its unit) standing on this row."""
        u = int(self.unit[row])
        return int(np.flatnonzero(self.row_of[u] == row)[0])


def _index(d) -> np.ndarray:
    """A unit's domain as reading indices: from a boolean mask, an index array or any iterable."""
    if isinstance(d, np.ndarray):
        return np.flatnonzero(d) if d.dtype == bool else d.astype(np.int64)
    return np.fromiter(sorted(d), dtype=np.int64)


def _ok(op: str, lo: float, hi: float) -> bool:
    """Can a value in [lo, hi] satisfy ``value OP 0``?"""
    if op == "==":
        return lo <= TOL and hi >= -TOL
    if op == "<=":
        return lo <= TOL
    return hi >= -TOL


def _suffix_sums(cols: list[list[list[int]]], order: list[int], m: int, asked: list[int],
                 limit: int = 20000) -> list[list[set[int] | None]]:
    """Per position i and relation j in ``asked``: every total the units order[i:] can still add.

    An exact (subset-sum) test, far stronger than bounds when values are small
    counts (the caller asks only when every amount is a whole number). None where
    the set grows too large, and for the relations not asked about. ``cols[u][a]``
    lists what unit u's allowed readings add to relation ``asked[a]``.
    """
    n = len(order)
    out: list[list[set[int] | None]] = [[None] * m for _ in range(n + 1)]
    # per unit and relation: the distinct amounts it can add
    amounts = [[set(col) for col in cols[order[i]]] for i in range(n)]
    for a, j in enumerate(asked):
        cur: set[int] | None = {0}
        out[n][j] = cur
        for i in range(n - 1, -1, -1):
            if cur is not None:
                iv = amounts[i][a]
                if len(iv) == 1:
                    d = next(iter(iv))
                    cur = {a + d for a in cur} if d else cur
                else:
                    cur = {a + b for a in cur for b in iv} if len(cur) * len(iv) <= limit * 4 else None
                    if cur is not None and len(cur) > limit:
                        cur = None
            out[i][j] = cur
    return out


def _limits(rels: list[Linear]) -> tuple[np.ndarray, np.ndarray]:
    """Per relation, what the sum of the variable amounts must stay at most / at least.

    value OP 0 needs: "==" low <= 0 and high >= 0; "<=" low <= 0; ">=" high >= 0 (an unused side: inf).
    """
    const = np.array([r.const for r in rels], dtype=float)
    low_max = np.array([TOL if r.op in ("==", "<=") else np.inf for r in rels]) - const
    high_min = np.array([-TOL if r.op in ("==", ">=") else -np.inf for r in rels]) - const
    return low_max, high_min


def _within(sub: np.ndarray, unit: np.ndarray, n: int, low_max: np.ndarray,
            high_min: np.ndarray) -> np.ndarray | None:
    """One round of bounds: per reading (row of ``sub``) and relation, can the other units, at
    their least (most), still bring the relation to (not past) zero? None when some unit has
    no reading left."""
    count = np.bincount(unit, minlength=n)
    if not count.all():
        return None
    starts = np.cumsum(count) - count
    lo = np.minimum.reduceat(sub, starts, axis=0)
    hi = np.maximum.reduceat(sub, starts, axis=0)
    return (sub - lo[unit] <= low_max - lo.sum(axis=0)) & (sub - hi[unit] >= high_min - hi.sum(axis=0))


def _prune(st: Stacked, mat: np.ndarray, rows: np.ndarray, rels: list[Linear],
           off: Collection[int] = (), limits: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray | None:
    """Of ``rows``, those no bound rules out: a reading goes when no choice of the other units can
    complete some relation with it, repeated to a fixpoint. ``mat`` is ``st.mat`` restricted to the
    relations asked about, less those ``off``. Each round is a few array operations whatever the
    number of units. ``limits``: ``_limits(rels)``, when the caller asks many times.

    None when some unit is left with nothing.
    """
    low_max, high_min = _limits(rels) if limits is None else limits
    if off:  # a relation set aside bounds nothing
        low_max, high_min = low_max.copy(), high_min.copy()
        low_max[list(off)], high_min[list(off)] = np.inf, -np.inf
    sub, unit = mat[rows], st.unit[rows]
    while True:
        ok = _within(sub, unit, st.n, low_max, high_min)
        if ok is None:
            return None
        keep = ok.all(axis=1)
        if keep.all():
            return rows
        rows, sub, unit = rows[keep], sub[keep], unit[keep]


def _as_stacked(mats) -> Stacked:
    return mats if isinstance(mats, Stacked) else Stacked.of(mats)


def _inputs(mats, rels: list[Linear], doms, cols) -> tuple[Stacked, np.ndarray, np.ndarray]:
    st = _as_stacked(mats)
    mat = st.mat if cols is None else st.mat[:, list(cols)]
    if doms is None:
        rows = np.arange(len(st.mat), dtype=np.int64)
    else:
        rows = doms if isinstance(doms, np.ndarray) else st.rows(doms)
    return st, mat.reshape(len(st.mat), len(rels)), rows


def refuted(mats, rels: list[Linear], doms: Sequence[Iterable[int]] | None = None,
            off: Collection[int] = ()) -> bool:
    """Do bounds alone show that no combination satisfies every relation? (cheap; False = maybe)

    ``mats``: a Stacked matrix or per-unit matrices; ``doms[u]``: unit u's readings that take
    part (default all), or those readings' rows of the Stacked matrix (``Stacked.rows``);
    ``off``: relations set aside (by index), as if they were not there.
    """
    st, mat, rows = _inputs(mats, rels, doms, None)
    return _prune(st, mat, rows, rels, off) is None


def refuted_each_off(mats, rels: list[Linear], doms: Sequence[Iterable[int]] | None = None) -> list[bool]:
    """``refuted`` with each relation in turn set aside (answer j: without relation j).

    The first round of bounds is shared: a reading survives it without relation j when j is
    the only relation it breaks, or it breaks none.
    """
    st, mat, rows = _inputs(mats, rels, doms, None)
    m = len(rels)
    limits = _limits(rels)
    ok = _within(mat[rows], st.unit[rows], st.n, *limits)
    if ok is None:
        return [True] * m
    bad = ~ok
    nbad = bad.sum(axis=1)
    out = []
    for j in range(m):
        keep = (nbad == 0) | ((nbad == 1) & bad[:, j])
        out.append(not keep.all() and _prune(st, mat, rows[keep], rels, (j,), limits) is None)
    return out


def search(mats, rels: list[Linear], doms: Sequence[Iterable[int]] | None = None,
           cols: Sequence[int] | None = None, cap: int = 500,
           budget: int = 200_000) -> list[tuple[int, ...]] | None:
    """All combinations (reading index per unit) satisfying every relation.

    ``mats[u][r][j]`` is what reading r of unit u adds to relation j; only the
    readings in ``doms[u]`` take part. Readings adding the same amounts are one
    (the first stands for them). Returns None when the node budget runs out.
    """
    st, mat, rows = _inputs(mats, rels, doms, cols)
    found = _search(st, mat, _prune(st, mat, rows, rels), rels, cap, budget)
    return None if found is None else [tuple(st.first_reading(g) for g in combo) for combo in found]


def _search(st: Stacked, mat: np.ndarray, rows: np.ndarray | None, rels: list[Linear], cap: int,
            budget: int) -> list[tuple[int, ...]] | None:
    """Combinations of rows (one per unit, as rows of ``st``) satisfying every relation."""
    if rows is None:
        return []
    n, m = st.n, len(rels)
    sub = mat[rows]
    bounds = np.searchsorted(st.unit[rows], np.arange(n + 1))
    ids = [rows[bounds[u]:bounds[u + 1]].tolist() for u in range(n)]
    vals = [sub[bounds[u]:bounds[u + 1]].tolist() for u in range(n)]
    lo_u = np.minimum.reduceat(sub, bounds[:-1], axis=0).tolist()  # every unit has a row (pruned)
    hi_u = np.maximum.reduceat(sub, bounds[:-1], axis=0).tolist()
    # units with many readings first: once they are fixed the rest is pinned by the relations
    order = sorted(range(n), key=lambda u: -len(ids[u]))
    rounded = np.round(sub)
    if (np.abs(sub - rounded) <= TOL).all():
        ints = rounded.astype(np.int64)
        asked = [j for j, r in enumerate(rels) if r.op == "=="]  # bounds settle the inequalities
        sums = _suffix_sums([ints[bounds[u]:bounds[u + 1], asked].T.tolist() for u in range(n)], order, m, asked)
    else:
        sums = [[None] * m for _ in range(n + 1)]
    rest_lo = [[0.0] * m for _ in range(n + 1)]
    rest_hi = [[0.0] * m for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        u = order[i]
        rest_lo[i] = [a + b for a, b in zip(rest_lo[i + 1], lo_u[u], strict=True)]
        rest_hi[i] = [a + b for a, b in zip(rest_hi[i + 1], hi_u[u], strict=True)]
    ops = [r.op for r in rels]
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
        lo_next, hi_next, reach_next = rest_lo[i + 1], rest_hi[i + 1], sums[i + 1]
        for r, c in zip(ids[u], vals[u], strict=True):
            nodes += 1
            if nodes > budget:
                return False
            ok = True
            for j in range(m):
                s = partial[j] + c[j]
                if not _ok(ops[j], s + lo_next[j], s + hi_next[j]):
                    ok = False
                    break
                reach = reach_next[j]
                if reach is not None and round(-s) not in reach:  # only equalities have one
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


def _cells_of(cells, readings: list[int]) -> dict[int, Sequence]:
    """The cell values of these readings of a unit (``cells``: a sequence of tuples, or a 2-D array)."""
    if isinstance(cells, np.ndarray):
        return dict(zip(readings, cells[readings].tolist(), strict=True))
    return {r: cells[r] for r in readings}


def supported(mats, rels: list[Linear], cells: Sequence, doms: Sequence[Iterable[int]] | None = None,
              cols: Sequence[int] | None = None,
              budget: int = 200_000) -> tuple[list[set[int]], tuple[int, ...] | None] | None:
    """Per unit, the readings that take part in some valid combination; and one combination.

    Without listing all combinations (there can be millions when blanks may
    stand anywhere): for each cell still showing one value, one search asks for
    a valid combination in which that cell reads otherwise (``cells[u][r]`` is
    reading r's tuple of cell values; ``cells[u]`` may be a 2-D array, of which only
    the readings the bounds leave are read); every combination found marks all its
    readings, and every reading adding the same amounts (it could stand in its
    place). That is exactly what tells a decided cell from an undecided one.
    Readings the bounds rule out are never asked about. None when a search
    runs out of budget.
    """
    st = _as_stacked(mats)
    n = st.n
    dom = [np.arange(len(st.row_of[u])) for u in range(n)] if doms is None else doms
    members: dict[int, list[int]] = {}  # row -> the readings (of the domain) standing on it
    for u in range(n):
        of = st.row_of[u].tolist()
        for r in _index(dom[u]).tolist():
            members.setdefault(of[r], []).append(r)
    st, mat, rows = _inputs(st, rels, np.array(sorted(members), dtype=np.int64), cols)
    seen: list[set[int]] = [set() for _ in range(n)]
    limits = _limits(rels)
    base = _prune(st, mat, rows, rels, limits=limits)
    first = _search(st, mat, base, rels, 1, budget)
    if first is None:
        return None
    if not first or base is None:
        return seen, None
    units = st.unit[base]
    live = [base[units == u].tolist() for u in range(n)]
    cells = [_cells_of(cells[u], [r for g in live[u] for r in members[g]]) for u in range(n)]
    values: list[list[set]] = [[set() for _ in next(iter(c.values()))] if c else [] for c in cells]

    def mark(combo: tuple[int, ...]) -> None:
        for v, g in enumerate(combo):
            for rv in members[g]:
                seen[v].add(rv)
                for i, x in enumerate(cells[v][rv]):
                    values[v][i].add(x)

    mark(first[0])
    for u in range(n):
        for i in range(len(values[u])):
            # is there a valid combination showing another value in this cell?
            while len(values[u][i]) == 1:
                other = [g for g in live[u] if any(cells[u][r][i] not in values[u][i] for r in members[g])]
                if not other:
                    break
                pinned = np.concatenate([base[units < u], np.asarray(other, dtype=np.int64), base[units > u]])
                got = _search(st, mat, _prune(st, mat, pinned, rels, limits=limits), rels, 1, budget)
                if got is None:
                    return None
                if not got:
                    break
                mark(got[0])
    return seen, tuple(members[g][0] for g in first[0])
