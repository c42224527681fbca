"""Reading one printed cell into a number, and telling a number from a label.

A cell is read as ``number`` (with its value), ``blank`` (empty), ``dash``
(``/``, ``-``, ``—``, ``无``: printed but no number) or not a value at all.
Blank and dash are never silently 0: they keep value None and their status.
Amounts printed with a unit are given in the table's unit (万元).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .textnorm import clean_text

NULL_TOKENS = frozenset({"/", "-", "—", "——", "–", "－", "无", "空", "／", "\\", "---", "－－"})
_NUM = re.compile(r"^(?P<sign>[+-]|减少|增加)?(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|元)?$")
_SP = re.compile(r"\s+")


class Value(NamedTuple):
    """One printed cell read (a tuple: cheap to hash and compare by the million in the solver)."""

    value: float | int | None
    status: str  # number | blank | dash
    raw: str
    unit: str = ""  # the unit printed in the cell, if any


@lru_cache(maxsize=65536)
def parse(raw: str) -> Value | None:
    """A printed cell as a Value, or None when the text is not a value (a label, a word)."""
    t = _SP.sub("", clean_text(raw)).replace(",", "").replace("，", "")
    if t == "":
        return Value(None, "blank", raw)
    if t in NULL_TOKENS or set(t) <= set("-—–－/"):
        return Value(None, "dash", raw)
    m = _NUM.match(t)
    if not m:
        return None
    num = m.group("num")
    v: float | int = float(num) if "." in num else int(num)
    if m.group("sign") in ("-", "减少"):
        v = -v
    unit = m.group("unit") or ""
    if unit == "元":
        v = round(v / 10000, 10)
    if isinstance(v, float) and v.is_integer() and "." not in num:
        v = int(v)
    return Value(v, "number", raw, unit)
