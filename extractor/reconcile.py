"""Check every arithmetic relation of a table's edition; one flag per failure.

Relations come from ``formats.RELATIONS`` (expanded per column / row by
``formats.checks``). A blank or dash is read as 0 for the check, and the flag
says so; a cell the solver left ``unknown`` makes its relations uncheckable,
which is said too, never silently passed.
"""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter

from .formats import TableSpec, checks
from .model import Flag
from .solve import CellOut, Key


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


def reconcile(spec: TableSpec, cells: dict[Key, CellOut]) -> list[Flag]:
    flags: list[Flag] = []
    present = frozenset(map(itemgetter(0), cells))
    # every cell's number, 0 for a blank, dash or missing cell (the flag says so)
    num: defaultdict[Key, float] = defaultdict(float)
    unknown = set()
    for k, c in cells.items():
        if c.value is not None:
            num[k] = float(c.value)
        elif c.status == "unknown":
            unknown.add(k)
    printed = cells.keys()
    for chk in checks(spec, present):
        involved = chk.cells
        if unknown and not unknown.isdisjoint(involved):
            continue  # the ambiguous_split flag already names these cells
        if printed.isdisjoint(involved):
            continue
        a = sum(map(num.__getitem__, chk.lhs))
        b = sum(map(num.__getitem__, chk.rhs))
        if chk.holds(a, b):
            continue
        blanks = [f"{r}|{c}" for r, c in involved if (r, c) not in cells or cells[(r, c)].status in ("blank", "dash")]
        lhs = " + ".join(f"{r}|{c}" for r, c in chk.lhs)
        rhs = " + ".join(f"{r}|{c}" for r, c in chk.rhs)
        note = f"; blank or missing cells read as 0: {', '.join(blanks[:8])}{' …' if len(blanks) > 8 else ''}" if blanks else ""
        flags.append(Flag(
            kind="reconcile" if chk.severity == "error" else "reconcile_warning",
            table=spec.name, rule=chk.rule,
            cells=";".join(f"{r}|{c}" for r, c in involved),
            expected=_fmt(a), actual=_fmt(b),
            message=f"{chk.rule}: {lhs} = {_fmt(a)} but {rhs} = {_fmt(b)} (should be {chk.op}){note}",
        ))
    return flags
