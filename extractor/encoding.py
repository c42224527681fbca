"""Bytes to text: the bytes decide, not the file name.

Order: a BOM; strict UTF-8; a charset the document declares (gb2312/gbk read
as GB18030, their superset, since real pages use characters outside GB2312);
strict GB18030; strict Big5; charset-normalizer as the last resort.

``decode`` gives the text; ``to_utf8`` gives the same text as UTF-8 bytes, for
a parser that wants bytes: a UTF-8 page as it is, no copy.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import numpy as np

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


def _candidates(declared: str | None) -> list[str]:
    """The encodings tried in turn after a BOM: strict UTF-8, the declared charset, GB18030, Big5."""
    out: list[str] = []
    for enc in ("utf-8", declared and canonical(declared), "gb18030", "big5"):
        if enc and enc not in out:
            out.append(enc)
    return out


def decode(data: bytes, source: str = "", declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises ReadError when nothing decodes cleanly."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    for enc in _candidates(declared):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return _detected(data, source)


def _detected(data: bytes, source: str) -> tuple[str, str]:
    """charset-normalizer's reading, the last resort."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector failure is just "unknown"
        best = None
    if best is not None and best.encoding:
        return str(best), canonical(best.encoding)
    raise ReadError(f"{source}: unknown encoding (not UTF-8, GB18030, Big5 or any detectable charset)")


_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)


def is_utf8(data: bytes) -> bool:
    """``data.decode("utf-8")`` would succeed."""
    return _recoded(data, "utf-8") is not None


def to_utf8(
    data: bytes, source: str = "", declared: str | Callable[[], str | None] | None = None
) -> tuple[bytes, str]:
    """``decode``'s text as UTF-8 bytes, for a parser that wants UTF-8: same choice, same result.

    UTF-8 bytes without a BOM are only checked and come back as they are; a
    GB18030 or Big5 page of 64 KB or more is recoded stretch by stretch
    (``_cjk_stretches``); any other page is decoded and encoded whole.
    ``declared`` may be a function that finds the declared charset, called
    only when the bytes are not UTF-8 (most pages are). Raises
    ``UnicodeEncodeError`` where ``decode``'s text has no UTF-8 form (lone
    surrogates, from a declared "unicode_escape").
    """
    if data.startswith(_BOM_PREFIXES):
        text, enc = decode(data, source)  # the BOM decides
        return text.encode("utf-8"), enc
    if is_utf8(data):
        return data, "utf-8"
    if callable(declared):
        declared = declared()
    for enc in _candidates(declared):
        if enc != "utf-8":  # just checked
            out = _recoded(data, enc)
            if out is not None:
                return out, enc
    text, enc = _detected(data, source)
    return text.encode("utf-8"), enc


_STRETCHED = frozenset({"gb18030", "big5"})  # codecs _cjk_stretches reads


def _recoded(data: bytes, enc: str) -> bytes | None:
    """``data`` strictly decoded as ``enc``, as UTF-8 (``data`` itself when ``enc`` is UTF-8); None if it does not decode.

    Raises ``UnicodeEncodeError`` when the text has no UTF-8 form. Whole, not
    in slices: in a read run right after another program (cold caches) a
    whole-page decode is the faster (60 KB: 26 us against 37).
    """
    try:
        if enc == "utf-8":
            data.decode("utf-8")  # only checked: the page goes on as it is
            return data
        if enc in _STRETCHED and len(data) >= _STRETCHES_FROM and (out := _cjk_stretches(data, enc)) is not None:
            return out
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):  # LookupError: no such codec, or a bytes-to-bytes one
        return None
    return text.encode("utf-8")


_STRETCHES_FROM = 65536  # below, the codec reads the page whole: numpy's fixed cost, cold, outweighs the saving
_MERGE = 48  # ASCII bytes between two stretches read by the codec rather than cut out (a cut costs more)


def _cjk_stretches(data: bytes, enc: str) -> bytes | None:
    """``data`` decoded as GB18030 or Big5, as UTF-8: only the stretches around bytes >= 0x80 go through the codec.

    Raises ``UnicodeDecodeError`` exactly when ``data.decode(enc)`` does;
    None (decode it whole) if a stretch holds a NUL. Why: the codec spends
    ~60 instructions on each ASCII byte, and a page is mostly ASCII markup.
    Why it is exact: in both codecs a character of several bytes starts with
    a byte >= 0x80, and an ASCII byte inside one follows a byte >= 0x80 of
    it. So in a text that decodes, the second of two ASCII bytes in a row is
    a character of its own: a stretch (a run of bytes >= 0x80 and the two
    bytes after it; one would do, the second is margin) is whole characters
    and the ASCII between stretches is itself. The codecs read no further
    than the character at hand, so the stretches decode alone iff the page
    decodes. Here they go in one call, joined by NULs: a NUL is never part of
    a character of several bytes, so a stretch that ends inside one fails at
    the NUL instead of taking it in.
    """
    if data.isascii():
        return data
    n = len(data)
    high = np.zeros(n + 2, np.bool_)
    np.greater_equal(np.frombuffer(data, np.uint8), 0x80, out=high[1:-1])
    edges = np.flatnonzero(high[1:] != high[:-1])  # start, end, start, end... of the runs of bytes >= 0x80
    edges[1::2] += 2  # each run and the two bytes after it: a stretch (the last may end past n)
    gaps = edges[1:-1].reshape(-1, 2)  # (end, start) of the ASCII between two stretches; short or none: no cut
    cuts = [0, int(edges[0]), *gaps[gaps[:, 1] - gaps[:, 0] > _MERGE].ravel().tolist(), int(edges[-1]), n]
    pieces = [data[i:j] for i, j in zip(cuts, cuts[1:], strict=False)]  # ASCII, stretch, ASCII, ..., stretch, ASCII
    done = b"\0".join(pieces[1::2]).decode(enc).encode("utf-8").split(b"\0")
    if 2 * len(done) + 1 != len(pieces):  # a NUL in some stretch
        return None
    pieces[1::2] = done
    return b"".join(pieces)
