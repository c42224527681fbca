"""From a located table's chunks to cells, deciding only what the report decides.

Each row's chunks admit one or more *readings* (an assignment of printed
values to the row's columns): one for a clean grid row; several where a text
copy ran cells together (``规范性文件898989``), where a row has more numbers
than columns, or where blanks vanished. Readings are narrowed, in order, by
plausibility (no leading zeros, signs and decimals only where the column
allows them, 历年累计 >= 本年度), by the table's relations (rows first, then
across rows; a relation the printed numbers themselves break cannot narrow
anything, so the readings that satisfy the most relations are kept), and by
numbers the report's narrative states. A cell on which the remaining readings
agree is decided; any other cell is ``unknown``, with a flag naming the
candidates. Nothing is guessed.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import cache

from .formats import NARRATIVE, Check, TableSpec, checks
from .locate import Chunk, FoundTable
from .model import Flag
from .values import Value, parse

MAX_READINGS = 20000  # per row; beyond this a row is left unknown rather than searched forever
MAX_COMBOS = 50000  # across rows

Key = tuple[str, str]  # (row, col)


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
    return 1 if c.exact else max(1, sum(ch.isdigit() for ch in c.text))


def readings(unit: Unit, col_flags: list[tuple[bool, bool]], header: dict[int, tuple[float, float]],
             ) -> list[tuple[Value, ...]]:
    """All readings of a unit's chunks onto its columns (before any relation)."""
    n = len(unit.keys)
    chunks = unit.chunks
    if not chunks:  # the row is printed with nothing in it: every cell blank
        return [tuple(Value(None, "blank", "") for _ in range(n))]
    exact = all(c.exact for c in chunks)
    if exact:
        vals = [c.value or _as_value(c.text) for c in chunks]
        nonblank = [v for v in vals if v.status != "blank"]
        if len(vals) == n:
            return [tuple(vals)]
        if len(nonblank) == n:
            return [tuple(nonblank)]
        if not nonblank:
            return [tuple(Value(None, "blank", "") for _ in range(n))]
        if len(nonblank) < n:
            placed = _by_position([c for c in chunks if (c.value or _as_value(c.text)).status != "blank"],
                                  header, n)
            if placed is not None:
                return [placed]
            unit.flags.append("column_count_mismatch")
            return _placements(nonblank, n)
        unit.flags.append("column_count_mismatch")
        return [tuple(comb) for comb in itertools.combinations(nonblank, n)][:MAX_READINGS]
    # free text: cut run-together digits
    lo = len(chunks)
    hi = sum(_max_parts(c) for c in chunks)
    k_total = min(n, hi)
    if lo > n:
        unit.flags.append("column_count_mismatch")
        return []
    out: list[tuple[Value, ...]] = []

    def rec(ci: int, col: int, acc: list[Value]) -> None:
        if len(out) >= MAX_READINGS:
            return
        if ci == len(chunks):
            if col == k_total:
                out.append(tuple(acc))
            return
        c = chunks[ci]
        remaining = len(chunks) - ci - 1
        if c.exact:
            rec(ci + 1, col + 1, [*acc, c.value or _as_value(c.text)])
            return
        text = c.text.replace(",", "")
        if parse(text) is not None and parse(text).status == "dash":
            rec(ci + 1, col + 1, [*acc, parse(text)])
            return
        for k in range(1, min(_max_parts(c), k_total - col - remaining) + 1):
            fl = tuple(col_flags[min(col + j, n - 1)] for j in range(k)) if k_total == n else tuple(
                (True, True) for _ in range(k))
            for parts in _splits(text, k, fl):
                rec(ci + 1, col + k, [*acc, *(_as_value(p) for p in parts)])

    rec(0, 0, [])
    if k_total < n:
        unit.flags.append("column_count_mismatch")
        out = [r for vals in out for r in _placements(list(vals), n)][:MAX_READINGS]
    elif len(out) >= MAX_READINGS:
        unit.flags.append("too_many_readings")
    return out


def _placements(vals: list[Value], n: int) -> list[tuple[Value, ...]]:
    """Readings of k < n values with the blanks anywhere (order kept)."""
    blank = Value(None, "blank", "")
    out = []
    for pos in itertools.combinations(range(n), len(vals)):
        row = [blank] * n
        for p, v in zip(pos, vals, strict=True):
            row[p] = v
        out.append(tuple(row))
    return out


def _by_position(chunks: list[Chunk], header: dict[int, tuple[float, float]], n: int) -> tuple[Value, ...] | None:
    """Place values under the header column whose centre is nearest (a layout with blank cells)."""
    if not header or any(c.x is None for c in chunks):
        return None
    row: list[Value] = [Value(None, "blank", "")] * n
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


def _holds(chk: Check, get) -> bool | None:
    vals = [get(k) for k in chk.cells]
    if any(v is _MISSING for v in vals):
        return None
    a = sum(_num(get(k)) for k in chk.lhs)
    b = sum(_num(get(k)) for k in chk.rhs)
    if chk.op == "==":
        return math.isclose(a, b, abs_tol=1e-6)
    return a <= b + 1e-6 if chk.op == "<=" else a >= b - 1e-6


_MISSING = object()


def solve(ft: FoundTable, narrative: dict[Key, set[float]]) -> tuple[dict[Key, CellOut], list[Flag]]:
    spec = ft.spec
    units = _units(ft)
    flags: list[Flag] = []
    present = frozenset(r for u in units for r, _ in u.keys)
    every = checks(spec, present)
    all_checks = [c for c in every if c.severity == "error"]
    gte = spec.gte
    for u in units:
        col_flags = [(_signed(spec, k), _decimal(spec, k)) for k in u.keys]
        if spec.flat:
            header = {int(i): pos for i, pos in ft.header_pos.items()}
        else:
            header = {i: ft.header_pos[c] for i, (_, c) in enumerate(u.keys) if c in ft.header_pos}
        u.readings = readings(u, col_flags, header)
        keyset = set(u.keys)
        inner = [c for c in every if set(c.cells) <= keyset]  # warn rules too: plausibility
        pos = {k: i for i, k in enumerate(u.keys)}

        def plausible(r: tuple[Value, ...], u=u, pos=pos) -> bool:
            for big, small in gte:
                for (row, col), i in pos.items():
                    if col == small and (row, big) in pos and _num(r[pos[(row, big)]]) < _num(r[i]):
                        return False
            return True

        if len(u.readings) > 1:
            kept = [r for r in u.readings if plausible(r)] or u.readings
            if inner:
                scored = [(sum(bool(_holds(c, lambda k, r=r: r[pos[k]])) for c in inner), r) for r in kept]
                top = max(s for s, _ in scored)
                kept = [r for s, r in scored if s == top]
            u.readings = kept
    _narrow_by_narrative(units, narrative)
    kept = _cross(units, all_checks)
    cells: dict[Key, CellOut] = {}
    for ui, u in enumerate(units):
        rs = kept[ui]
        if not rs:
            if u.chunks:
                flags.append(Flag("unreadable_row", f"{spec.name}: no reading of {_show(u)} fits {len(u.keys)} "
                                  "columns", table=spec.name, cells=";".join(f"{r}|{c}" for r, c in u.keys)))
            continue
        undecided = []
        for i, k in enumerate(u.keys):
            vals = {(r[i].value, r[i].status) for r in rs}
            src = u.chunks[0] if u.chunks else None
            if len(vals) == 1:
                v = next(iter(rs))[i]
                cells[k] = CellOut(v.value, v.status, v.raw, src.page if src else None, src.loc if src else "",
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
    return cells, flags


def _fmt(x) -> str:
    return "blank" if x is None else str(x)


def _show(u: Unit) -> str:
    return "'" + " ".join(c.text.strip() or "·" for c in u.chunks) + "'"


def _signed(spec: TableSpec, k: Key) -> bool:
    row = next((r for r in spec.rows if r.key == k[0]), None)
    return bool(row and k[1] in row.signed)


def _decimal(spec: TableSpec, k: Key) -> bool:
    row = next((r for r in spec.rows if r.key == k[0]), None)
    return bool(row and k[1] in row.decimals)


def _units(ft: FoundTable) -> list[Unit]:
    spec = ft.spec
    if spec.flat:
        keys = [(r.key, c) for r in spec.rows for c in r.cols]
        return [Unit(keys, ft.flat)]
    out = []
    for r in spec.rows:
        if r.key in ft.rows and r.cols:
            out.append(Unit([(r.key, c) for c in r.cols], ft.rows[r.key].chunks))
    return out


def _cross(units: list[Unit], all_checks: list[Check]) -> list[set[tuple[Value, ...]]]:
    """Per unit, the readings found in some combination that satisfies the most cross-row relations."""
    where: dict[Key, tuple[int, int]] = {k: (ui, i) for ui, u in enumerate(units) for i, k in enumerate(u.keys)}
    amb = [ui for ui, u in enumerate(units) if len(u.readings) > 1]
    fixed = [u.readings[0] if u.readings else None for u in units]
    out = [set(u.readings) for u in units]
    touched = [c for c in all_checks
               if len({where[k][0] for k in c.cells if k in where}) > 1
               and any(where.get(k, (None,))[0] in amb for k in c.cells)]
    if not amb or not touched:
        return out

    def score(combo: list) -> int:
        def get(k):
            loc = where.get(k)
            if loc is None:
                return None  # a row the report does not print: counts as 0
            r = combo[loc[0]]
            return _MISSING if r is None else r[loc[1]]
        return sum(bool(_holds(c, get)) for c in touched)

    # only the ambiguous units that some cross-row relation touches need a joint search
    linked = [ui for ui in amb if any(where.get(k, (None,))[0] == ui for c in touched for k in c.cells)]
    size = math.prod(len(units[ui].readings) for ui in linked)
    if size <= MAX_COMBOS:
        best = -1
        sets: dict[int, set] = {}
        for choice in itertools.product(*(units[ui].readings for ui in linked)):
            combo = list(fixed)
            for ui, r in zip(linked, choice, strict=True):
                combo[ui] = r
            sc = score(combo)
            if sc > best:
                best, sets = sc, {ui: {r} for ui, r in zip(linked, choice, strict=True)}
            elif sc == best:
                for ui, r in zip(linked, choice, strict=True):
                    sets[ui].add(r)
        for ui in linked:
            out[ui] = sets[ui]
        return out
    # too many together: narrow each unit against the decided rows only
    for ui in linked:
        own = [c for c in touched if all(where.get(k, (None,))[0] not in amb or where[k][0] == ui for k in c.cells)]
        if not own:
            continue
        scored = []
        for r in units[ui].readings:
            combo = list(fixed)
            combo[ui] = r
            def get(k, combo=combo):
                loc = where.get(k)
                return None if loc is None else combo[loc[0]][loc[1]]
            scored.append((sum(bool(_holds(c, get)) for c in own), r))
        top = max(sc for sc, _ in scored)
        out[ui] = {r for sc, r in scored if sc == top}
    return out


def _narrow_by_narrative(units: list[Unit], narrative: dict[Key, set[float]]) -> None:
    """Keep the readings that agree with a number the prose states, where any does."""
    if not narrative:
        return
    for u in units:
        if len(u.readings) <= 1:
            continue
        for i, k in enumerate(u.keys):
            said = narrative.get(k)
            if said:
                match = [r for r in u.readings if _num(r[i]) in said]
                if match and len(match) < len(u.readings):
                    u.readings = match


def narrative_numbers(text: str, table: str) -> dict[Key, set[float]]:
    """Numbers the prose states for cells of this table (``formats.NARRATIVE``)."""
    out: dict[Key, set[float]] = {}
    for pattern, t, row, col in NARRATIVE:
        if t != table:
            continue
        for m in re.finditer(pattern, text):
            out.setdefault((row, col), set()).add(float(m.group(1)))
    return out
