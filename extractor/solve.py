"""From a located table's chunks to cells, deciding only what the report decides.

Each row's chunks admit one or more *readings* (an assignment of printed
values to the row's columns): one for a clean grid row; several where a text
copy ran cells together (``规范性文件898989``), where a row has more numbers
than columns, or where blank cells vanished. Readings are narrowed by:

1. plausibility: no leading zeros, signs and decimals only where the column
   allows them, 历年累计 >= 本年度, published <= total;
2. numbers the report's prose states (``formats.NARRATIVE``), where a reading
   agrees with one;
3. the table's relations, jointly across rows (``csp``): readings that satisfy
   their own row's relations are preferred; among combinations valid under
   the relations that link rows, plans are tried in order: blanks confined to
   one column, the fewest blanks, any blanks; when no combination satisfies
   every relation (the printed numbers break one), each relation in turn
   (for a blank column, that column's) is set aside.

A cell is decided when every reading that survives agrees on it; any other
cell is ``unknown``, with a flag naming the candidates. When the search is
too large, nothing is decided across rows. Nothing is guessed.

A quick pass reads run-together text as if no cell had vanished; only when
that does not settle the table (a relation fails, a cell stays open) is the
thorough pass run. The quick pass stops as soon as bounds show its readings
cannot satisfy the linking relations together, and its cuts are kept for the
thorough pass. Readings are handled as arrays where there are thousands
(``_Nums``, ``csp.Stacked``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import is_, itemgetter

import numpy as np

from . import csp
from .formats import NARRATIVE, Check, TableSpec, checks
from .locate import Chunk, FoundTable
from .model import Flag
from .values import Value, parse

MAX_READINGS = 20000  # per row; beyond this a row is left unknown rather than searched forever
SEARCH_BUDGET = 60_000  # nodes of one joint search across rows

Key = tuple[str, str]  # (row, col)
_BLANK = Value(None, "blank", "")


@dataclass(slots=True)
class CellOut:
    value: float | int | None
    status: str  # number | blank | dash | unknown
    raw: str
    page: int | None = None
    loc: str = ""
    candidates: tuple = ()
    unit: str = ""


@dataclass
class Unit:
    """Cells read together: one table row, or all of table 四 printed as one run."""

    keys: list[Key]
    chunks: list[Chunk]
    readings: list[tuple[Value, ...]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # problems seen while reading


_PART = re.compile(r"^(?P<sign>[+-])?(?P<int>0|[1-9]\d*)(?P<frac>\.\d+)?(?P<unit>万元|元)?$")


def _part_ok(part: str, signed: bool, decimal: bool) -> bool:
    m = _PART.match(part)
    if not m:
        return False
    if m.group("sign") and not signed:
        return False
    if (m.group("frac") or m.group("unit")) and not decimal:
        return False
    return True


@cache
def _splits(s: str, k: int, flags: tuple[tuple[bool, bool], ...]) -> tuple[tuple[str, ...], ...]:
    """Every way to cut ``s`` into ``k`` valid numbers; flags[i] = (signed, decimal) of part i."""
    if k == 0:
        return ((),) if s == "" else ()
    if k == 1:
        return ((s,),) if _part_ok(s, *flags[0]) else ()
    out = []
    for i in range(1, len(s)):
        head = s[:i]
        if not _part_ok(head, *flags[0]):
            if head.lstrip("+-").startswith("0") and len(head.lstrip("+-")) > 1:
                break  # a longer head keeps its leading zero
            continue
        for rest in _splits(s[i:], k - 1, flags[1:]):
            out.append((head, *rest))
    return tuple(out)


def _as_value(part: str) -> Value:
    v = parse(part)
    return v if v is not None else Value(None, "dash", part)


def _max_parts(c: Chunk) -> int:
    return 1 if c.exact else max(1, _digits(c.text))


@cache
def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


@cache
def _per_row(spec: TableSpec, present: frozenset[str]) -> dict[str, list[Check]]:
    """The error-level rules within one row (REQ-3, RL-1), by row."""
    out: dict[str, list[Check]] = {}
    for c in checks(spec, present):
        rows = {r for r, _ in c.cells}
        if c.severity == "error" and len(rows) == 1:
            out.setdefault(next(iter(rows)), []).append(c)
    return out


class _Fits:
    """Does a reading satisfy the error-level relations inside its own row? (precompiled)"""

    def __init__(self, rules: list[Check], pos: dict[Key, int]) -> None:
        self.rules = rules
        self._ops = [(tuple(pos[k] for k in c.lhs), c.op, tuple(pos[k] for k in c.rhs)) for c in rules]

    def count(self, r: tuple[Value, ...]) -> int:
        """How many of the row's relations hold for this reading."""
        ok = 0
        for lhs, op, rhs in self._ops:
            a = sum(_num(r[i]) for i in lhs)
            b = sum(_num(r[i]) for i in rhs)
            ok += (abs(a - b) < 1e-6) if op == "==" else (a <= b + 1e-6 if op == "<=" else a >= b - 1e-6)
        return ok

    def count_all(self, nums: np.ndarray) -> np.ndarray:
        """``count`` for every reading at once (rows of ``nums``: the readings' numbers)."""
        ok = np.zeros(len(nums), dtype=np.int64)
        for lhs, op, rhs in self._ops:
            a, b = nums[:, list(lhs)].sum(axis=1), nums[:, list(rhs)].sum(axis=1)
            ok += (np.abs(a - b) < 1e-6) if op == "==" else (a <= b + 1e-6 if op == "<=" else a >= b - 1e-6)
        return ok

    def __call__(self, r: tuple[Value, ...]) -> bool:
        return self.count(r) == len(self._ops)


def readings(unit: Unit, col_flags: list[tuple[bool, bool]], header: dict[int, tuple[float, float]],
             fits: _Fits | None = None, thorough: bool = True, memo: dict | None = None,
             ) -> list[tuple[Value, ...]]:
    """All readings of a unit's chunks onto its columns (before any relation).

    ``memo`` keeps the cuts of run-together text between the quick and the thorough pass
    over one table (the thorough pass repeats the quick pass's cuts and adds some).
    """
    n = len(unit.keys)
    chunks = unit.chunks
    if not chunks:  # the row is printed with nothing in it: every cell blank
        return [(_BLANK,) * n]
    exact = all(c.exact for c in chunks)
    if exact:
        vals = [c.value or _as_value(c.text) for c in chunks]
        nonblank = [v for v in vals if v.status != "blank"]
        if len(vals) == n:
            return [tuple(vals)]
        if len(nonblank) == n:
            return [tuple(nonblank)]
        if not nonblank:
            return [(_BLANK,) * n]
        if len(nonblank) < n:
            placed = _by_position([c for c in chunks if (c.value or _as_value(c.text)).status != "blank"],
                                  header, n)
            if placed is not None:
                return [placed]
            unit.flags.append("column_count_mismatch")
            return _placements(nonblank, n)
        unit.flags.append("column_count_mismatch")
        return [tuple(comb) for comb in itertools.combinations(nonblank, n)][:MAX_READINGS]
    # free text: cut run-together digits. A blank cell leaves no trace in such a copy, so
    # readings with one cell fewer than the columns (and the blank anywhere) are kept too.
    lo = len(chunks)
    hi = sum(_max_parts(c) for c in chunks)
    if lo > n:
        unit.flags.append("column_count_mismatch")
        return []
    out: list[tuple[Value, ...]] = []
    top = min(n, hi)
    # fewer digits than columns: blanks vanished, any number of them; otherwise allow one
    bottom = lo if hi < n else max(lo, top - 1) if thorough else top
    if not thorough and hi >= n and top - 1 >= lo:
        unit.flags.append("quick")  # readings with a vanished cell were left out
    shape = (tuple((c.text, c.exact) for c in chunks), n, tuple(col_flags))
    for k_total in range(top, bottom - 1, -1):
        found = None if memo is None else memo.get((shape, k_total))
        if found is None:
            found = _free_readings(chunks, k_total, n, col_flags)
            if k_total < n:
                found = [r for vals in found for r in _placements(list(vals), n)]
            if memo is not None:
                memo[(shape, k_total)] = found
        out += found
        if len(out) >= MAX_READINGS:
            unit.flags.append("too_many_readings")
            break
    if thorough and fits is not None and fits.rules and hi >= n and hi <= 14 and not any(fits(r) for r in out):
        # a copy that drops every zero ('88' for 8 ... 8) loses more blanks: such readings are
        # kept only where the row's own relations hold for them
        for k_total in range(bottom - 1, lo - 1, -1):
            for vals in _free_readings(chunks, k_total, n, col_flags):
                out += [r for r in _placements(list(vals), n) if fits(r)]
            if len(out) >= MAX_READINGS:
                break
    if hi < n:
        unit.flags.append("column_count_mismatch")
    return out[:MAX_READINGS]


def _free_readings(chunks: list[Chunk], k_total: int, n: int, col_flags: list[tuple[bool, bool]],
                   ) -> list[tuple[Value, ...]]:
    """Cuts of the chunks into exactly ``k_total`` values, in print order."""
    out: list[tuple[Value, ...]] = []
    loose = (any(f[0] for f in col_flags), any(f[1] for f in col_flags))  # any column's allowance

    def rec(ci: int, col: int, acc: tuple[Value, ...]) -> None:
        if len(out) >= MAX_READINGS:
            return
        if ci == len(chunks):
            if col == k_total:
                out.append(acc)
            return
        c = chunks[ci]
        remaining = len(chunks) - ci - 1
        if c.exact:
            rec(ci + 1, col + 1, (*acc, c.value or _as_value(c.text)))
            return
        text = c.text.replace(",", "")
        v = parse(text)
        if v is not None and v.status == "dash":
            rec(ci + 1, col + 1, (*acc, v))
            return
        for k in range(1, min(_max_parts(c), k_total - col - remaining) + 1):
            # the column a part lands in is known only when no blank shifts it
            fl = tuple(col_flags[col:col + k]) if k_total == n else (loose,) * k
            for parts in _split_values(text, k, fl):
                rec(ci + 1, col + k, acc + parts)

    rec(0, 0, ())
    return out


@cache
def _split_values(s: str, k: int, flags: tuple[tuple[bool, bool], ...]) -> tuple[tuple[Value, ...], ...]:
    """``_splits`` with each part read as a Value."""
    return tuple(tuple(_as_value(p) for p in parts) for parts in _splits(s, k, flags))


def _placements(vals: list[Value], n: int) -> list[tuple[Value, ...]]:
    """Readings of k < n values with the blanks anywhere (order kept)."""
    if n == 1:
        return [(_BLANK,)]
    ext = (_BLANK, *vals)
    return [g(ext) for g in _placers(len(vals), n)]


@cache
def _placers(k: int, n: int) -> tuple[itemgetter, ...]:
    """Per way to place k values among n cells: a getter that picks, from ``(blank, *values)``,
    each cell's entry (one C call per reading; n >= 2, so every getter returns a tuple)."""
    out = []
    for pos in itertools.combinations(range(n), k):
        pick = [0] * n
        for i, p in enumerate(pos, start=1):
            pick[p] = i
        out.append(itemgetter(*pick))
    if k == n - 1:
        out.reverse()  # one cell vanished: the blank first in the first column, as ever
    return tuple(out)


def _by_position(chunks: list[Chunk], header: dict[int, tuple[float, float]], n: int) -> tuple[Value, ...] | None:
    """Place values under the header column whose centre is nearest (a layout with blank cells)."""
    if not header or any(c.x is None for c in chunks):
        return None
    row: list[Value] = [_BLANK] * n
    used: set[int] = set()
    for c in chunks:
        cx = (c.x + (c.x1 if c.x1 is not None else c.x)) / 2
        best = min(header, key=lambda i: abs((header[i][0] + header[i][1]) / 2 - cx))
        # also accept a value starting where the header starts (left-aligned text tables)
        left = min(header, key=lambda i: abs(header[i][0] - c.x))
        if abs(header[left][0] - c.x) < abs((header[best][0] + header[best][1]) / 2 - cx):
            best = left
        if best in used:
            return None
        used.add(best)
        row[best] = c.value or _as_value(c.text)
    return tuple(row)


def _num(v: Value | None) -> float:
    return 0.0 if v is None or v.value is None else float(v.value)


_UNSETTLED: list = []  # what the quick pass's joint search answers when it cannot settle the table


Narrative = Callable[[], dict[Key, set[float]]]


def solve(ft: FoundTable, narrative: dict[Key, set[float]] | Narrative,
          ) -> tuple[dict[Key, CellOut], list[Flag]]:
    """Cells of a located table, each decided or ``unknown``, and the flags for what is not.

    ``narrative``: the numbers the prose states (``narrative_numbers``), or a function giving
    them, asked only when some row has several readings (a clean grid never needs the prose).

    A quick pass first reads run-together text as if no cell had vanished; when that
    reading decides every cell and every relation of the table holds, no reading with
    vanished (blank) cells could do better, and it stands. Otherwise the thorough pass
    considers those too.
    """
    said = cache(narrative if callable(narrative) else lambda: narrative)
    memo: dict = {}
    cells, flags, settled = _solve(ft, said, False, memo)
    if settled:
        return cells, flags
    cells, flags, _ = _solve(ft, said, True, memo)
    return cells, flags


def _solve(ft: FoundTable, narrative: Narrative, thorough: bool, memo: dict | None = None,
           ) -> tuple[dict[Key, CellOut], list[Flag], bool]:
    spec = ft.spec
    units = _units(ft)
    flags: list[Flag] = []
    present = frozenset(r for u in units for r, _ in u.keys)
    every = checks(spec, present)
    for u in units:
        col_flags, fits, pairs = _setup(spec, tuple(u.keys), present)
        if spec.flat:
            header = {int(i): pos for i, pos in ft.header_pos.items()}
        else:
            header = {i: ft.header_pos[c] for i, (_, c) in enumerate(u.keys) if c in ft.header_pos}
        u.readings = readings(u, col_flags, header, fits, thorough, memo)
        if len(u.readings) > 1 and pairs:
            u.readings = [r for r in u.readings if _plausible(pairs, r)] or u.readings
    _narrow_by_narrative(units, narrative)
    kept = _global(units, _linking(spec, present), thorough, *_placing(spec, present), memo)
    if kept is _UNSETTLED:
        return {}, [], False
    cells: dict[Key, CellOut] = {}
    for ui, u in enumerate(units):
        rs = kept[ui]
        if not rs:
            if u.chunks:
                flags.append(Flag("unreadable_row", f"{spec.name}: no reading of {_show(u)} fits {len(u.keys)} "
                                  "columns", table=spec.name, cells=";".join(f"{r}|{c}" for r, c in u.keys)))
            continue
        undecided = []
        src = u.chunks[0] if u.chunks else None
        own = _cell_sources(u)
        one = len(rs) == 1
        for i, k in enumerate(u.keys):
            if one or len({(r[i].value, r[i].status) for r in rs}) == 1:
                v = next(iter(rs))[i]
                at = own[i] if own else src
                cells[k] = CellOut(v.value, v.status, v.raw, at.page if at else None, at.loc if at else "",
                                   unit=v.unit)
            else:
                cand = tuple(sorted({r[i].value for r in rs}, key=lambda x: (x is None, x or 0)))
                cells[k] = CellOut(None, "unknown", " ".join(c.text for c in u.chunks), src.page if src else None,
                                   src.loc if src else "", candidates=cand)
                undecided.append((k, cand))
        if undecided:
            kind = "column_count_mismatch" if "column_count_mismatch" in u.flags else "ambiguous_split"
            shown = "; ".join(f"{c}: {' or '.join(_fmt(x) for x in cand[:6])}" for (_, c), cand in undecided)
            flags.append(Flag(kind, f"{spec.name} row {u.keys[0][0]}: printed {_show(u)}; undecided {shown}",
                              table=spec.name, cells=";".join(f"{r}|{c}" for (r, c), _ in undecided)))
    quick = any("quick" in u.flags for u in units)
    settled = not quick or (not flags and _all_hold([c for c in every if c.severity == "error"], cells))
    return cells, flags, settled


def _all_hold(rules: list[Check], cells: dict[Key, CellOut]) -> bool:
    """Do these relations all hold over the cells (blank, dash, unknown and missing cells as 0)?"""
    num = {k: float(c.value) for k, c in cells.items() if c.value is not None}
    for c in rules:
        if not c.holds(sum(num.get(k, 0.0) for k in c.lhs), sum(num.get(k, 0.0) for k in c.rhs)):
            return False
    return True


@cache
def _setup(spec: TableSpec, keys: tuple[Key, ...], present: frozenset[str],
           ) -> tuple[list[tuple[bool, bool]], _Fits, list[tuple[int, int]]]:
    """Per unit layout: each column's (signed, decimal), its own relations, its >= pairs."""
    col_flags = [(c in spec.row(r).signed, c in spec.row(r).decimals) for r, c in keys]
    if spec.flat:
        inner = [c for c in checks(spec, present) if c.severity == "error"]
    else:
        inner = _per_row(spec, present).get(keys[0][0], [])
    return col_flags, _Fits(inner, {k: i for i, k in enumerate(keys)}), _gte_pairs(spec, list(keys))


@cache
def _unit_keys(spec: TableSpec, present: frozenset[str]) -> tuple[tuple[Key, ...], ...]:
    """The cells read together, unit by unit: each printed row with columns, or table 四 whole."""
    if spec.flat:
        return (tuple((r.key, c) for r in spec.rows for c in r.cols),)
    return tuple(tuple((r.key, c) for c in r.cols) for r in spec.rows if r.key in present and r.cols)


@cache
def _placing(spec: TableSpec, present: frozenset[str],
             ) -> tuple[dict[Key, tuple[int, int]], list[frozenset], list[_Fits]]:
    """Where each cell stands (unit, column); per relation of ``_linking`` the units its
    cells stand in (None: not printed); per unit, the relations among its own cells only."""
    layout = _unit_keys(spec, present)
    where = {k: (ui, i) for ui, ks in enumerate(layout) for i, k in enumerate(ks)}
    rules = _linking(spec, present)
    rule_units = [frozenset(where.get(k, (None,))[0] for k in c.cells) for c in rules]
    inside: dict[int, list[Check]] = {}
    for c, at in zip(rules, rule_units, strict=True):
        if len(at) == 1:
            inside.setdefault(next(iter(at)), []).append(c)
    fits = [_Fits(inside.get(ui, []), {k: i for i, k in enumerate(ks)}) for ui, ks in enumerate(layout)]
    return where, rule_units, fits


@cache
def _linking(spec: TableSpec, present: frozenset[str]) -> list[Check]:
    """The relations the joint search uses: every error-level one, and warn-level ones within a
    unit (e.g. published <= total_published: plausibility for splits)."""
    groups = [set(ks) for ks in _unit_keys(spec, present)]
    return [c for c in checks(spec, present) if c.severity == "error" or any(set(c.cells) <= g for g in groups)]


def _cell_sources(u: Unit) -> list[Chunk] | None:
    """The printed cell behind each column, where a grid row maps one to one (else None)."""
    if not u.chunks or not all(c.exact for c in u.chunks):
        return None
    if len(u.chunks) == len(u.keys):
        return u.chunks
    filled = [c for c in u.chunks if c.value is None or c.value.status != "blank"]
    return filled if len(filled) == len(u.keys) else None


def _gte_pairs(spec: TableSpec, keys: list[Key]) -> list[tuple[int, int]]:
    """Positions (big, small) in a unit of the cells where 历年累计 >= 本年度 and the like must hold."""
    pos = {k: i for i, k in enumerate(keys)}
    return [(pos[(row, big)], i) for big, small in spec.gte for (row, col), i in pos.items()
            if col == small and (row, big) in pos]


def _plausible(pairs: list[tuple[int, int]], r: tuple[Value, ...]) -> bool:
    return all(_num(r[big]) >= _num(r[small]) for big, small in pairs)


def _global(units: list[Unit], rules: list[Check], thorough: bool, where: dict[Key, tuple[int, int]],
            rule_units: list[frozenset], inside: list[_Fits], memo: dict | None = None,
            ) -> list[set[tuple[Value, ...]]]:
    """Per unit, the readings that survive the table's relations.

    First a joint search across rows (``_joint``); when that cannot answer
    (too large), each row keeps the readings best by its own relations and
    fewest blanks, and what those disagree on stays undecided.
    """
    amb = [ui for ui, u in enumerate(units) if len(u.readings) > 1]
    if not amb:
        return [set(u.readings) for u in units]
    nums = {ui: _Nums.of(units[ui].readings, ("numbers", ui), memo) for ui in amb}
    own = {ui: nums[ui].count(inside[ui]) for ui in amb}  # relations among the unit's own cells
    current = [u.readings[0] if len(u.readings) == 1 else None for u in units]
    joint = _joint(units, nums, rules, where, rule_units, amb, current, own, levels=(0, 1) if thorough else (0,))
    if joint is not None:
        return joint  # (or _UNSETTLED)
    out: list[set[tuple[Value, ...]]] = [set() if ui in nums else set(u.readings) for ui, u in enumerate(units)]
    for ui in amb:  # the readings best by their own relations, then by fewest blanks
        count, blanks = own[ui], nums[ui].blank.sum(axis=1)
        best = count == count.max()
        keep = best & (blanks == blanks[best].min())
        out[ui] = {units[ui].readings[ri] for ri in np.flatnonzero(keep).tolist()}
    return out


_VALUE = itemgetter(0)


class _Nums:
    """A unit's readings as arrays, one row per reading, one column per cell. The statuses are
    read only when asked: refuting a table's relations needs the numbers alone."""

    def __init__(self, rs: list[tuple[Value, ...]], before: _Nums | None = None) -> None:
        """``before``: the arrays of ``rs``'s first readings, read already."""
        self.rs = rs
        start = 0 if before is None else len(before.rs)
        self._shape = (len(rs), len(rs[0]))
        flat = list(itertools.chain.from_iterable(rs[start:]))  # read by C-level maps: thousands of cells
        vals = np.array(list(map(_VALUE, flat)), dtype=float).reshape(len(rs) - start, self._shape[1])  # None: nan
        missing = np.isnan(vals)
        value = np.where(missing, 0.0, vals)  # the number; 0 for a blank or a dash
        if before is not None:
            flat, missing, value = before._flat + flat, np.vstack([before._missing, missing]), \
                np.vstack([before.value, value])
        self._flat, self._missing, self.value = flat, missing, value
        self._count: tuple[_Fits, np.ndarray] | None = None

    @staticmethod
    def of(rs: list[tuple[Value, ...]], slot: object, memo: dict | None) -> _Nums:
        """A unit's ``_Nums``, kept in ``memo`` under ``slot``: the thorough pass's readings of a row
        begin with the quick pass's (its cuts come first), and those are not read again."""
        before = None if memo is None else memo.get(slot)
        if before is not None and not (len(before.rs) <= len(rs) and all(map(is_, before.rs, rs))):
            before = None
        out = before if before is not None and len(before.rs) == len(rs) else _Nums(rs, before)
        if memo is not None:
            memo[slot] = out
        return out

    def count(self, fits: _Fits) -> np.ndarray:
        """``fits.count_all`` of the readings: how many of the row's own relations each satisfies
        (kept for the next pass, which asks the same ``fits`` of the same readings)."""
        if self._count is None or self._count[0] is not fits:
            self._count = (fits, fits.count_all(self.value))
        return self._count[1]

    @cached_property
    def blank(self) -> np.ndarray:
        """Is the cell blank?"""
        out = np.zeros(self._shape, dtype=bool)
        at = np.flatnonzero(self._missing)  # a blank has no number: only those cells are asked
        if len(at):
            flat = self._flat
            out.flat[at] = [flat[i].status == "blank" for i in at.tolist()]
        return out

    @cached_property
    def shown(self) -> np.ndarray:
        """What the cell shows, for telling readings apart: the number, inf a blank, -inf a dash."""
        return np.where(self._missing, np.where(self.blank, np.inf, -np.inf), self.value)



def _joint(units: list[Unit], nums: dict[int, _Nums], rules: list[Check], where: dict[Key, tuple[int, int]],
           rule_units: list[frozenset], amb: list[int], current: list, own: dict[int, np.ndarray],
           levels: tuple[int, ...] = (0, 1)) -> list[set[tuple[Value, ...]]] | None:
    """Exact joint search (``csp.search``) under the relations that link rows.

    Each row takes part with the readings best by its own relations (all of
    them, if none satisfies those). A relation the printed numbers break makes
    the search fail; then each linking relation in turn is set aside. Among the
    combinations found, those satisfying the most relations and printing the
    fewest blanks are kept. None when nothing can be said (too large, or no
    combination at all).
    """
    linked = set(amb)
    cross = [c for c, at in zip(rules, rule_units, strict=True)
             if c.severity == "error" and len(at - {None}) > 1 and not linked.isdisjoint(at)]
    if not amb or not cross:
        return None
    index = {ui: i for i, ui in enumerate(amb)}

    # what each reading adds to each linking relation (lhs +, rhs -), and the fixed part
    # per row: how much each of its cells adds to each relation (+1 lhs, -1 rhs)
    coef = [np.zeros((len(units[ui].keys), len(cross))) for ui in amb]
    consts: list[float] = [0.0] * len(cross)
    touches: list[tuple[int, ...]] = []
    for j, c in enumerate(cross):
        touched = set()
        for side, sign in ((c.lhs, 1.0), (c.rhs, -1.0)):
            for k in side:
                loc = where.get(k)
                if loc is None:
                    continue  # a row the report does not print
                ui, i = loc
                if ui in index:
                    touched.add(index[ui])
                    coef[index[ui]][i, j] += sign
                elif current[ui] is not None:
                    consts[j] += sign * _num(current[ui][i])
        touches.append(tuple(sorted(touched)))

    stacked = csp.Stacked.of([nums[ui].value @ m for ui, m in zip(amb, coef, strict=True)])
    linear = [csp.Linear(c.op, consts[j], touches[j]) for j, c in enumerate(cross)]
    if csp.refuted(stacked, linear):  # not even every reading together satisfies every linking relation
        if levels == (0,):
            return _UNSETTLED  # the quick pass cannot settle the table: no combination satisfies all
        levels = tuple(level for level in levels if level)

    # Plans are masks over the readings of every row at once (row a's readings are
    # ``sizes[a]`` entries from ``starts[a]``); first, the readings best by their row's own relations.
    sizes = [len(own[ui]) for ui in amb]
    starts = np.cumsum([0, *sizes[:-1]])
    seg = np.repeat(np.arange(len(amb)), sizes)

    def per_row(mask: np.ndarray) -> list[np.ndarray]:
        return [mask[s:s + n] for s, n in zip(starts.tolist(), sizes, strict=True)]

    def every_row(mask: np.ndarray) -> bool:
        """Does the plan leave every row a reading?"""
        return bool(np.logical_or.reduceat(mask, starts).all())

    counts_own = np.concatenate([own[ui] for ui in amb])
    tight = counts_own == np.maximum.reduceat(counts_own, starts)[seg]

    # Blank cells come in columns (a 总计 column left empty, zeros printed as nothing): each
    # row's blanks confined to one column is tried first, column by column; then any blanks.
    widths = [len(units[ui].keys) for ui in amb]
    ncols = max(widths)
    col_keys = [units[amb[0]].keys[i][1] if i < widths[0] else "" for i in range(ncols)]
    if min(widths) == ncols:
        blank = np.concatenate([nums[ui].blank for ui in amb])
        has_col = None
    else:  # rows of several widths: a row has no reading with its blanks in a column it lacks
        blank, has_col = np.zeros((len(seg), ncols), dtype=bool), np.zeros((len(seg), ncols), dtype=bool)
        for ui, s, n, w in zip(amb, starts.tolist(), sizes, widths, strict=True):
            blank[s:s + n, :w] = nums[ui].blank
            has_col[s:s + n, :w] = True
    counts = blank.sum(axis=1)
    # (plan, the column its blanks stand in, or None for blanks anywhere)
    by_column: list[tuple[np.ndarray, int | None]] = []
    if counts.any():
        for col in range(ncols):
            plan = counts == blank[:, col]
            if has_col is not None:
                plan &= has_col[:, col]
            if every_row(plan):
                by_column.append((plan, col))
    # and a run-together copy loses a cell only when it must: the fewest blanks each row allows
    fewest = tight & (counts == np.minimum.reduceat(np.where(tight, counts, ncols + 1), starts)[seg])
    fewest_by_column = [(plan & fewest, col) for plan, col in by_column]
    groups = [_distinct([(p, col) for p, col in fewest_by_column if every_row(p)]), [(fewest, None)],
              by_column, [(tight, None)]]
    every_rel = list(range(len(cross)))
    rel_cols = [{k[1] for k in c.cells} for c in cross]

    def drops(col: int | None) -> list[int]:
        """Relations that may be the broken one: under blanks confined to a column, that column's."""
        if col is None:
            return every_rel
        return [j for j in every_rel if col_keys[col] in rel_cols[j]]

    # Every plan's readings lie within ``loosest``: relations that bounds alone show no combination
    # of those can satisfy are satisfied under no plan, and are not searched plan by plan.
    loosest = stacked.rows(per_row(np.logical_or.reduce([tight, *(plan for plan, _ in by_column)])))
    hopeless: dict[tuple[int, ...], bool] = {}

    def hopeless_under(chosen: list[int]) -> bool:
        key = tuple(chosen)
        if key not in hopeless:
            if len(chosen) == len(every_rel) - 1:  # one relation set aside: all such at once
                for j, no in enumerate(csp.refuted_each_off(stacked, linear, loosest)):
                    hopeless[tuple(i for i in every_rel if i != j)] = no
            else:
                hopeless[key] = csp.refuted(stacked, linear, loosest, off=set(every_rel) - set(chosen))
        return hopeless[key]

    # per plan that has valid combinations: the readings taking part, and one combination
    answers: list[tuple[list[set[int]], tuple[int, ...]]] = []
    cell_values: list[np.ndarray] = []  # per reading, what its cells show: made when first searched
    for level in levels:
        for plans in groups:
            for domain, col in plans:
                attempts = [every_rel] if level == 0 else [[j for j in every_rel if j != d] for d in drops(col)]
                attempts = [chosen for chosen in attempts if not hopeless_under(chosen)]
                seen: list[set[int]] | None = None
                example = None
                if attempts and not cell_values:
                    cell_values = [nums[ui].shown for ui in amb]
                for chosen in attempts:
                    got = csp.supported(stacked, [linear[j] for j in chosen], cell_values, per_row(domain), chosen,
                                        budget=SEARCH_BUDGET)
                    if got is None:
                        seen = None  # too large to search under this plan
                        break
                    part, ex = got
                    if ex is not None:
                        seen = part if seen is None else [a | b for a, b in zip(seen, part, strict=True)]
                        example = example or ex
                if seen is not None and example is not None:
                    answers.append((seen, example))
            if answers:
                break
        if answers:
            break
    if not answers:
        return None

    scored = [((), seen) for seen, _ in answers] if len(answers) == 1 else \
        list(zip(_scores(units, rules, where, amb, current, nums, [ex for _, ex in answers]),
                 (seen for seen, _ in answers), strict=True))
    best = max(sc for sc, _ in scored)
    out: list[set[tuple[Value, ...]]] = [set() if ui in linked else set(u.readings) for ui, u in enumerate(units)]
    for sc, seen in scored:
        if sc == best:
            for a, ui in enumerate(amb):
                out[ui] |= {units[ui].readings[ri] for ri in seen[a]}
    return out


def _scores(units: list[Unit], rules: list[Check], where: dict[Key, tuple[int, int]], amb: list[int],
            current: list, nums: dict[int, _Nums], combos: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """How likely each combination of readings is, best highest: (relations that hold, minus
    relations broken among printed numbers, minus blank cells, minus columns holding blanks).

    A relation broken among printed numbers is an error in the report; one broken only because
    a cell is blank is an omission: the reading with fewer errors is likelier. Blank cells come
    in columns: fewer columns holding blanks is the likelier reading. A relation over a row with
    no reading at all cannot be said to hold.
    """
    keys = list(where)
    at = {k: i for i, k in enumerate(keys)}
    lhs, rhs = np.zeros((len(rules), len(keys))), np.zeros((len(rules), len(keys)))
    inv = np.zeros((len(rules), len(keys)), dtype=bool)
    for j, c in enumerate(rules):
        for side, mat in ((c.lhs, lhs), (c.rhs, rhs)):
            for k in side:
                if k in at:  # a row the report does not print counts 0
                    mat[j, at[k]] += 1
                    inv[j, at[k]] = True
    ops = np.array([c.op for c in rules])
    # the fixed rows' cells: number, printed at all, printed as a number
    vals, shown, isnum = np.zeros(len(keys)), np.zeros(len(keys), dtype=bool), np.zeros(len(keys), dtype=bool)
    where_amb: dict[int, list[tuple[int, int]]] = {ui: [] for ui in amb}
    for k, (ui, i) in where.items():
        if ui in where_amb:
            where_amb[ui].append((at[k], i))
        elif current[ui] is not None:
            v = current[ui][i]
            vals[at[k]], shown[at[k]], isnum[at[k]] = _num(v), True, v.status == "number"
    out = []
    for combo in combos:
        v, sh, num = vals.copy(), shown.copy(), isnum.copy()
        blanks, blank_cols = 0, set()
        for ui, ri in zip(amb, combo, strict=True):
            pos, cols = zip(*where_amb[ui], strict=True)
            row = nums[ui]
            v[list(pos)] = row.value[ri][list(cols)]
            sh[list(pos)] = True
            num[list(pos)] = np.isfinite(row.shown[ri][list(cols)])
            blanks += int(row.blank[ri].sum())
            blank_cols |= set(np.flatnonzero(row.blank[ri]).tolist())
        a, b = lhs @ v, rhs @ v
        close = np.abs(a - b) <= np.maximum(1e-9 * np.maximum(np.abs(a), np.abs(b)), 1e-6)
        ok = np.where(ops == "==", close, np.where(ops == "<=", a <= b + 1e-6, a >= b - 1e-6))
        held = ok & ~(inv & ~sh).any(axis=1)
        errors = ~held & ~(inv & sh & ~num).any(axis=1)
        out.append((int(held.sum()), -int(errors.sum()), -blanks, -len(blank_cols)))
    return out


def _distinct(plans: list[tuple[np.ndarray, int | None]]) -> list[tuple[np.ndarray, int | None]]:
    """Plans with the same readings tried once (the first column named keeps it)."""
    out: list[tuple[np.ndarray, int | None]] = []
    for p, col in plans:
        if not any(np.array_equal(p, q) for q, _ in out):
            out.append((p, col))
    return out


def _narrow_by_narrative(units: list[Unit], narrative: Narrative) -> None:
    """Keep the readings that agree with a number the prose states, where any does."""
    if all(len(u.readings) <= 1 for u in units):
        return
    said_all = narrative()
    if not said_all:
        return
    for u in units:
        if len(u.readings) <= 1:
            continue
        for i, k in enumerate(u.keys):
            said = said_all.get(k)
            if said:
                match = [r for r in u.readings if _num(r[i]) in said]
                if match and len(match) < len(u.readings):
                    u.readings = match


def _fmt(x) -> str:
    return "blank" if x is None else str(x)


def _show(u: Unit) -> str:
    return "'" + " ".join(c.text.strip() or "·" for c in u.chunks) + "'"


def _units(ft: FoundTable) -> list[Unit]:
    spec = ft.spec
    if spec.flat:
        return [Unit(list(keys), ft.flat) for keys in _unit_keys(spec, frozenset(r.key for r in spec.rows))]
    present = frozenset(k for k in ft.rows if spec.row(k).cols)
    return [Unit(list(keys), ft.rows[keys[0][0]].chunks) for keys in _unit_keys(spec, present)]


def narrative_numbers(text: str, table: str) -> dict[Key, set[float]]:
    """Numbers the prose states for cells of this table (``formats.NARRATIVE``)."""
    out: dict[Key, set[float]] = {}
    for pattern, t, row, col in NARRATIVE:
        if t != table:
            continue
        for m in re.finditer(pattern, text):
            out.setdefault((row, col), set()).add(float(m.group(1)))
    return out
