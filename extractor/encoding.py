"""Bytes to text: the bytes decide, not the file name.

Order: a BOM; strict UTF-8; a charset the document declares (gb2312/gbk read
as GB18030, their superset, since real pages use characters outside GB2312);
strict GB18030; charset-normalizer as the last resort.
"""

from __future__ import annotations

import codecs
import re

from .model import ReadError

_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "cp936": "gb18030", "ms936": "gb18030", "hz-gb-2312": "gb18030"}
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def canonical(name: str) -> str:
    n = name.strip().lower()
    return _SUPERSET.get(n, n)


def declared_charset(data: bytes) -> str | None:
    """A charset named in the first bytes (<meta charset>, http-equiv, XML declaration)."""
    m = _DECLARED.search(data[:4096]) or re.search(rb"""encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", data[:200])
    return canonical(m.group(1).decode("ascii")) if m else None


def decode(data: bytes, source: str = "", declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises ReadError when nothing decodes cleanly."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    tried = []
    for enc in [declared and canonical(declared), "gb18030", "big5"]:
        if not enc or enc in tried:
            continue
        tried.append(enc)
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector failure is just "unknown"
        best = None
    if best is not None and best.encoding:
        return str(best), canonical(best.encoding)
    raise ReadError(f"{source}: unknown encoding (not UTF-8, GB18030, Big5 or any detectable charset)")
