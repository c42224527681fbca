"""PDF reader: glyphs and ruling lines from PDFium, assembled into grids and paragraphs.

Why PDFium (pypdfium2) and not pdfplumber: pdfminer's layout pass costs about
100 ms a page in pure Python, while PDFium hands over glyph boxes and path
objects from C; the table logic below then runs on a few thousand tuples.

Per page:
1. glyphs (non-blank characters with their boxes, top-down coordinates) and
   ruling segments (stroked lines, thin filled rectangles, stroked rectangles);
2. ruled tables: connected groups of segments -> a grid of slots between the
   ruling positions; slots not separated by a ruling segment are one merged
   cell. Glyphs are assigned to cells by their centre;
3. the remaining glyphs are grouped into visual lines; page numbers in the
   margins are dropped; runs of lines split into several far-apart pieces are
   borderless tables, emitted as ``Grid(kind="lines")`` with one row per line;
4. everything else is running text, joined into paragraphs.
Blocks of a page are ordered by their top edge, so tables stand in their place.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pr

from ..model import Block, Cell, Document, Flag, Grid, Paragraph, ReadError
from ..textnorm import clean_text, join_lines

# --- tolerances (PDF points) -------------------------------------------------
SNAP = 3.0  # ruling positions closer than this are one line (Chromium draws double borders 1.5 pt apart)
JOIN = 3.5  # collinear segments with gaps up to this are one line
MIN_SLOT = 7.0  # no text fits in a row or column narrower than this: merge it away
THIN = 3.0  # a filled rectangle thinner than this is a ruling line
PIECE_GAP = 0.75  # (em) a wider gap between glyphs on a line separates two cells of a borderless table
TABLE_GAP = 1.6  # (em) a wider gap between lines ends a borderless table

_PAGE_NO = re.compile(
    r"^(?:[-—–－_~·•\s]*\d{1,4}[-—–－_~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)


# --- glyphs ------------------------------------------------------------------


class _Glyph:
    """One visible character; coordinates top-down (``top`` < ``bottom``); centre and height
    precomputed because line grouping reads them tens of thousands of times."""

    __slots__ = ("ch", "x0", "top", "x1", "bottom", "idx", "cx", "cy", "h", "q")

    def __init__(self, ch: str, x0: float, top: float, x1: float, bottom: float, idx: int, q: int = 0) -> None:
        self.ch, self.x0, self.top, self.x1, self.bottom, self.idx = ch, x0, top, x1, bottom, idx
        self.q = q  # quarter turns of the glyph (text rotated in a cell: 3 reads bottom to top)
        self.cx = (x0 + x1) / 2
        self.cy = (top + bottom) / 2
        self.h = bottom - top

    def __repr__(self) -> str:
        return f"_Glyph({self.ch!r}, {self.x0:.1f}, {self.top:.1f}, {self.x1:.1f}, {self.bottom:.1f})"


@dataclass(slots=True)
class _Line:
    """Glyphs on one visual line, left to right."""

    glyphs: list[_Glyph]
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    em: float = 0.0

    def finish(self) -> _Line:
        g = self.glyphs
        g.sort(key=lambda c: c.x0)
        self.top = min(c.top for c in g)
        self.bottom = max(c.bottom for c in g)
        self.x0 = g[0].x0
        self.x1 = max(c.x1 for c in g)
        hs = sorted(c.h for c in g if _is_cjk(c.ch)) or sorted(c.h for c in g)
        self.em = max(hs[len(hs) // 2], 1.0)
        return self


def _is_cjk(ch: str) -> bool:
    """Ideographs, CJK and full-width punctuation: scripts written without spaces."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x2010 <= o <= 0x206F  # general punctuation: “”‘’—…
        or 0x20000 <= o <= 0x2FA1F
    )


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# what Chinese report text is made of; a page mostly of other characters has a broken text layer
_TEXT_OK = re.compile(r"[\u0020-\u007e\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2010-\u206f\u2100-\u2473"
                      r"\u2500-\u27bf\u2e80-\u2fdf\u3000-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                      r"\U00020000-\U0002fa1f]")


def _page_glyphs(textpage: pdfium.PdfTextPage, height: float) -> tuple[list[_Glyph], int, int]:
    """Non-blank characters of a page with boxes, plus (total chars, unusable chars).

    Loose boxes (font ascent/descent) make lines of equal height; PDFium gives
    absurd loose boxes for vertical (Identity-V) fonts, where the tight glyph
    box is used instead.
    """
    raw = textpage.raw
    n = pr.FPDFText_CountChars(raw)
    rect = pr.FS_RECTF()
    l_, r_, b_, t_ = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    get_u = pr.FPDFText_GetUnicode
    loose = pr.FPDFText_GetLooseCharBox
    angle = pr.FPDFText_GetCharAngle
    tight = pr.FPDFText_GetCharBox
    maperr = pr.FPDFText_HasUnicodeMapError
    out: list[_Glyph] = []
    bad = total = 0
    for i in range(n):
        u = get_u(raw, i)
        if u <= 0x20 or u in (0xA0, 0x3000, 0xFEFF) or 0x2000 <= u <= 0x200B:
            continue
        total += 1
        ch = chr(u)
        if maperr(raw, i) == 1 or 0xE000 <= u <= 0xF8FF or u == 0xFFFD or u < 0x20 or 0x7F <= u < 0xA0:
            bad += 1  # no usable code point: drop it
            continue
        if not _TEXT_OK.match(ch):
            bad += 1  # kept, but a page of these is mojibake (a font without a ToUnicode map)
        loose(raw, i, rect)
        x0, x1, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
        w, h = x1 - x0, bottom - top
        if h > 40 or w > 40 or h <= 0:
            tight(raw, i, l_, r_, b_, t_)
            tw, th = r_.value - l_.value, t_.value - b_.value
            if h <= 0 or h > 2.5 * max(tw, th, 1.0) or w > 2.5 * max(tw, th, 1.0):
                x0, x1, top, bottom = l_.value, r_.value, height - t_.value, height - b_.value
                if bottom - top < 1.0:
                    top -= 0.5
                    bottom += 0.5
        a = angle(raw, i)
        q = round(a / _QUARTER) % 4 if a > 0.2 else 0
        out.append(_Glyph(ch, x0, top, x1, bottom, i, q))
    return out, total, bad


_QUARTER = math.pi / 2


def _upright(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Glyphs of rotated text mapped so that they read left to right, lines top to bottom.

    PDFium reports the angle of the glyph; quarter turn 3 is text reading
    upwards (Word's btLr cells), 1 reads downwards, 2 is upside down.
    """
    counts = [0, 0, 0, 0]
    for g in glyphs:
        counts[g.q] += 1
    q = counts.index(max(counts))
    if q == 0:
        return glyphs
    if q == 3:
        return [_Glyph(g.ch, -g.bottom, g.x0, -g.top, g.x1, g.idx) for g in glyphs]
    if q == 1:
        return [_Glyph(g.ch, g.top, -g.x1, g.bottom, -g.x0, g.idx) for g in glyphs]
    return [_Glyph(g.ch, -g.x1, -g.bottom, -g.x0, -g.top, g.idx) for g in glyphs]


def _dedupe(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Drop overprinted copies (fake bold draws a glyph twice, slightly shifted)."""
    seen: dict[tuple[str, int, int], _Glyph] = {}
    out = []
    for g in glyphs:
        k = (g.ch, round(g.x0), round(g.top))
        if k in seen:
            continue
        seen[k] = g
        out.append(g)
    return out


def _group_lines(glyphs: list[_Glyph]) -> list[_Line]:
    """Visual lines: glyphs whose vertical centres agree within a third of their height."""
    if not glyphs:
        return []
    gs = sorted(glyphs, key=lambda c: c.cy)
    lines: list[_Line] = []
    cur: list[_Glyph] = [gs[0]]
    ref = gs[0].cy
    ref_h = gs[0].h
    for g in gs[1:]:
        if abs(g.cy - ref) <= 0.35 * min(max(ref_h, 1.0), max(g.h, 1.0)) + 0.5:
            cur.append(g)
            # the running centre follows the line (baselines drift by a fraction of a point)
            ref = (ref * (len(cur) - 1) + g.cy) / len(cur)
            ref_h = max(ref_h, g.h)
        else:
            lines.append(_Line(cur).finish())
            cur = [g]
            ref, ref_h = g.cy, g.h
    lines.append(_Line(cur).finish())
    lines.sort(key=lambda ln: ln.top)
    return lines


def _line_text(glyphs: list[_Glyph], em: float, spaced: bool) -> str:
    """Text of glyphs on one line. ``spaced``: running text, where wide gaps become spaces;
    otherwise (a table cell) spaces survive only between two Latin letters."""
    parts: list[str] = []
    prev: _Glyph | None = None
    for g in glyphs:
        if prev is not None:
            gap = g.x0 - prev.x1
            if spaced:
                if gap > 0.9 * em or (gap > 0.2 * em and not (_is_cjk(prev.ch) and _is_cjk(g.ch))):
                    parts.append(" ")
            elif gap > 0.2 * em and _is_word(prev.ch) and _is_word(g.ch):
                parts.append(" ")
        parts.append(g.ch)
        prev = g
    return "".join(parts)


def _cell_text(glyphs: list[_Glyph]) -> str:
    """All glyphs of one cell as one label or number (wrapped and one-char-per-line text joined)."""
    if not glyphs:
        return ""
    lines = _group_lines(_upright(glyphs))
    return clean_text(join_lines([_line_text(ln.glyphs, ln.em, False) for ln in lines]))


# --- ruling segments ---------------------------------------------------------


@dataclass(slots=True)
class _Seg:
    """An axis-parallel ruling segment: ``pos`` is y (horizontal) or x (vertical)."""

    horiz: bool
    pos: float
    a: float  # start along the line (x0 or top)
    b: float  # end


def _visible(r: int, g: int, b: int, a: int) -> bool:
    """White or transparent strokes are cell padding tricks, not borders."""
    return a > 20 and not (r > 235 and g > 235 and b > 235)


def _transform(m: pr.FS_MATRIX, x: float, y: float) -> tuple[float, float]:
    return m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f


@dataclass(slots=True)
class _Graphics:
    segs: list[_Seg] = field(default_factory=list)
    image_area: float = 0.0
    images: int = 0


def _collect_graphics(page: pdfium.PdfPage, height: float) -> _Graphics:
    """Ruling segments and image coverage of a page (form XObjects included)."""
    out = _Graphics()
    raw = page.raw
    n = pr.FPDFPage_CountObjects(raw)
    _walk([pr.FPDFPage_GetObject(raw, i) for i in range(n)], None, height, out)
    return out


def _walk(objs: list, outer: pr.FS_MATRIX | None, height: float, out: _Graphics) -> None:
    lf, bf, rf, tf = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fm, st = ctypes.c_int(), ctypes.c_int()
    cr, cg, cb, ca = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    for obj in objs:
        t = pr.FPDFPageObj_GetType(obj)
        if t == pr.FPDF_PAGEOBJ_TEXT:
            continue
        if t == pr.FPDF_PAGEOBJ_FORM:
            m = pr.FS_MATRIX()
            pr.FPDFPageObj_GetMatrix(obj, m)
            if outer is not None:
                m = _compose(m, outer)
            k = pr.FPDFFormObj_CountObjects(obj)
            _walk([pr.FPDFFormObj_GetObject(obj, i) for i in range(k)], m, height, out)
            continue
        if t not in (pr.FPDF_PAGEOBJ_PATH, pr.FPDF_PAGEOBJ_IMAGE):
            continue
        if not pr.FPDFPageObj_GetBounds(obj, lf, bf, rf, tf):
            continue
        x0, y0, x1, y1 = lf.value, bf.value, rf.value, tf.value
        if outer is not None:
            xs, ys = zip(*(_transform(outer, x, y) for x in (x0, x1) for y in (y0, y1)), strict=True)
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if t == pr.FPDF_PAGEOBJ_IMAGE:
            out.images += 1
            out.image_area += max(0.0, x1 - x0) * max(0.0, y1 - y0)
            continue
        pr.FPDFPath_GetDrawMode(obj, fm, st)
        stroked, filled = bool(st.value), fm.value != 0
        w, h = x1 - x0, y1 - y0
        if w < THIN or h < THIN:
            if max(w, h) < THIN:
                continue
            vis = False
            if stroked:
                pr.FPDFPageObj_GetStrokeColor(obj, cr, cg, cb, ca)
                vis = _visible(cr.value, cg.value, cb.value, ca.value)
            if not vis and filled:
                pr.FPDFPageObj_GetFillColor(obj, cr, cg, cb, ca)
                vis = _visible(cr.value, cg.value, cb.value, ca.value)
            if vis:
                if w >= h:
                    out.segs.append(_Seg(True, height - (y0 + y1) / 2, x0, x1))
                else:
                    out.segs.append(_Seg(False, (x0 + x1) / 2, height - y1, height - y0))
            continue
        if not stroked:
            continue  # a filled area (cell shading, page background): its edges are no rulings
        pr.FPDFPageObj_GetStrokeColor(obj, cr, cg, cb, ca)
        if not _visible(cr.value, cg.value, cb.value, ca.value):
            continue
        _path_segments(obj, outer, height, out.segs)


def _compose(m: pr.FS_MATRIX, outer: pr.FS_MATRIX) -> pr.FS_MATRIX:
    """m then outer."""
    r = pr.FS_MATRIX()
    r.a = m.a * outer.a + m.b * outer.c
    r.b = m.a * outer.b + m.b * outer.d
    r.c = m.c * outer.a + m.d * outer.c
    r.d = m.c * outer.b + m.d * outer.d
    r.e = m.e * outer.a + m.f * outer.c + outer.e
    r.f = m.e * outer.b + m.f * outer.d + outer.f
    return r


def _path_segments(obj, outer: pr.FS_MATRIX | None, height: float, segs: list[_Seg]) -> None:
    """Axis-parallel straight pieces of a stroked path (rectangles, polylines)."""
    m = pr.FS_MATRIX()
    pr.FPDFPageObj_GetMatrix(obj, m)
    if outer is not None:
        m = _compose(m, outer)
    px, py = ctypes.c_float(), ctypes.c_float()
    n = pr.FPDFPath_CountSegments(obj)
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(n):
        s = pr.FPDFPath_GetPathSegment(obj, i)
        pr.FPDFPathSegment_GetPoint(s, px, py)
        pt = _transform(m, px.value, py.value)
        kind = pr.FPDFPathSegment_GetType(s)
        if kind == pr.FPDF_SEGMENT_MOVETO:
            start = prev = pt
            continue
        if kind == pr.FPDF_SEGMENT_LINETO and prev is not None:
            _add_seg(prev, pt, height, segs)
        prev = pt
        if pr.FPDFPathSegment_GetClose(s) and start is not None and prev is not None:
            _add_seg(prev, start, height, segs)
            prev = start


def _add_seg(p: tuple[float, float], q: tuple[float, float], height: float, segs: list[_Seg]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= THIN:
        segs.append(_Seg(True, height - y0, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= THIN:
        segs.append(_Seg(False, x0, height - max(y0, y1), height - min(y0, y1)))


def _merge_segments(segs: list[_Seg]) -> list[_Seg]:
    """Snap near-equal positions together and join collinear pieces."""
    out: list[_Seg] = []
    for horiz in (True, False):
        group = sorted((s for s in segs if s.horiz == horiz), key=lambda s: s.pos)
        clusters: list[list[_Seg]] = []
        for s in group:
            if clusters and s.pos - clusters[-1][0].pos <= SNAP:
                clusters[-1].append(s)
            else:
                clusters.append([s])
        for cl in clusters:
            pos = sum(s.pos for s in cl) / len(cl)
            cl.sort(key=lambda s: s.a)
            a, b = cl[0].a, cl[0].b
            for s in cl[1:]:
                if s.a <= b + JOIN:
                    b = max(b, s.b)
                else:
                    out.append(_Seg(horiz, pos, a, b))
                    a, b = s.a, s.b
            out.append(_Seg(horiz, pos, a, b))
    return out


# --- ruled tables ------------------------------------------------------------


@dataclass(slots=True)
class _Table:
    xs: list[float]
    ys: list[float]
    region: list[list[int]]  # slot -> region id
    boxes: dict[int, tuple[int, int, int, int]]  # region id -> (r0, c0, r1, c1) slot bounds, inclusive
    glyphs: dict[int, list[_Glyph]] = field(default_factory=dict)
    inked: set[int] = field(default_factory=set)  # slot rows holding a glyph

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def contains(self, g: _Glyph) -> bool:
        return self.xs[0] - 1 <= g.cx <= self.xs[-1] + 1 and self.ys[0] - 1 <= g.cy <= self.ys[-1] + 1


def _cluster(values: list[float], tol: float) -> list[tuple[float, float, float]]:
    """Group sorted positions whose neighbours are within ``tol``: (centre, min, max) per group."""
    vals = sorted(values)
    out: list[list[float]] = []
    for v in vals:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [(sum(c) / len(c), c[0], c[-1]) for c in out]


def _find_tables(segs: list[_Seg]) -> list[_Table]:
    """Ruled tables: connected sets of horizontal and vertical rulings."""
    hs = [s for s in segs if s.horiz]
    vs = [s for s in segs if not s.horiz]
    if len(hs) < 1 or len(vs) < 1:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = JOIN
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - tol <= v.pos <= h.b + tol and v.a - tol <= h.pos <= v.b + tol:
                ri, rj = find(i), find(len(hs) + j)
                if ri != rj:
                    parent[ri] = rj
    comps: dict[int, tuple[list[_Seg], list[_Seg]]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for ch, cv in comps.values():
        if not ch or not cv:
            continue
        t = _build_table(ch, cv)
        if t is not None:
            tables.append(t)
    tables.sort(key=lambda t: t.top)
    return tables


def _covered(lines: list[_Seg], lo_pos: float, hi_pos: float, a: float, b: float) -> bool:
    """Is there a ruling between lo_pos and hi_pos covering the middle of the span a..b?"""
    m = min(SNAP, 0.25 * (b - a))
    lo, hi = a + m, b - m
    for s in lines:
        if lo_pos - SNAP <= s.pos <= hi_pos + SNAP and s.a <= lo + 0.5 and s.b >= hi - 0.5:
            return True
    return False


def _build_table(hs: list[_Seg], vs: list[_Seg]) -> _Table | None:
    x_lo = min(min(s.a for s in hs), min(s.pos for s in vs))
    x_hi = max(max(s.b for s in hs), max(s.pos for s in vs))
    y_lo = min(min(s.a for s in vs), min(s.pos for s in hs))
    y_hi = max(max(s.b for s in vs), max(s.pos for s in hs))
    xg = _cluster([s.pos for s in vs] + [x_lo, x_hi], MIN_SLOT)
    yg = _cluster([s.pos for s in hs] + [y_lo, y_hi], MIN_SLOT)
    xs = [g[0] for g in xg]
    ys = [g[0] for g in yg]
    xs[0], xs[-1], ys[0], ys[-1] = x_lo, x_hi, y_lo, y_hi
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 2:
        return None
    # union slots not separated by a ruling
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    for r in range(nr):
        for c in range(1, nc):
            if not _covered(vs, xg[c][1], xg[c][2], ys[r], ys[r + 1]):
                union(r * nc + c - 1, r * nc + c)
    for r in range(1, nr):
        for c in range(nc):
            if not _covered(hs, yg[r][1], yg[r][2], xs[c], xs[c + 1]):
                union((r - 1) * nc + c, r * nc + c)
    region = [[find(r * nc + c) for c in range(nc)] for r in range(nr)]
    boxes: dict[int, tuple[int, int, int, int]] = {}
    for r in range(nr):
        for c in range(nc):
            k = region[r][c]
            b = boxes.get(k)
            boxes[k] = (r, c, r, c) if b is None else (min(b[0], r), min(b[1], c), max(b[2], r), max(b[3], c))
    if len(boxes) < 2:
        return None
    return _Table(xs, ys, region, boxes)


def _table_grid(t: _Table, page: int) -> Grid:
    """Expand a ruled table: every slot a Cell, merged slots pointing at their origin.

    Rows without any text are dropped (slivers between a cell split across a
    page break and the table's frame); origins are re-pointed to kept rows.
    """
    texts = {k: _cell_text(gs) for k, gs in t.glyphs.items()}
    keep = sorted(t.inked)
    first: dict[int, tuple[int, int]] = {}
    last: dict[int, tuple[int, int]] = {}
    for nr, r in enumerate(keep):
        for c, k in enumerate(t.region[r]):
            first.setdefault(k, (nr, c))
            last[k] = (nr, c)
    rows: list[list[Cell]] = []
    for nr, r in enumerate(keep):
        row = []
        for c, k in enumerate(t.region[r]):
            r0, c0, r1, c1 = t.boxes[k]
            origin = first[k] if first[k] != last[k] else None
            row.append(Cell(texts.get(k, ""), nr, c, origin, page, round(t.xs[c0], 1), round(t.xs[c1 + 1], 1),
                            round(t.ys[r0], 1)))
        rows.append(row)
    return Grid(rows, page=page, kind="cells")


# --- page assembly -----------------------------------------------------------


@dataclass(slots=True)
class _PageOut:
    blocks: list[tuple[float, Block]]
    usable: bool


def _drop_page_numbers(lines: list[_Line], height: float) -> list[_Line]:
    """Page numbers / footers like `— 9 —`, `- 3 -`, `第3页` in the top or bottom margin."""
    out = []
    for ln in lines:
        in_margin = ln.top > height * 0.85 or ln.bottom < height * 0.1
        if in_margin and _PAGE_NO.match(_line_text(ln.glyphs, ln.em, True).strip()):
            continue
        out.append(ln)
    return out


def _pieces(ln: _Line) -> list[list[_Glyph]]:
    """Split a line at wide gaps: the columns of a borderless table.

    Inside a label or number glyphs sit at most a space apart (< 0.45 em, even
    with the spaces some reports put inside labels); cells of neighbouring
    columns are at least about 1 em apart, so 0.75 em separates the two.
    """
    limit = PIECE_GAP * ln.em
    out: list[list[_Glyph]] = [[ln.glyphs[0]]]
    for g in ln.glyphs[1:]:
        if g.x0 - out[-1][-1].x1 > limit:
            out.append([g])
        else:
            out[-1].append(g)
    return out


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= 0.25 * max(a, b)


def _lines_grids(lines: list[_Line], left: float, right: float) -> list[tuple[int, int]]:
    """Index ranges [i, j) of lines that form a borderless table.

    A table starts at a line split into several pieces and runs on over lines
    at table pitch (wrapped labels, numbers standing between label lines,
    captions) until a prose line (one piece spanning the text width) or a
    wide vertical gap; header lines directly above the first split line join
    it too. Single-piece lines after the last split line stay only when they
    stand in the label columns (a wrapped label), not under the values (a
    signature). At least two split lines make a table.
    """
    pieces = [_pieces(ln) for ln in lines]
    multi = [len(p) >= 2 for p in pieces]
    prose = [not m and ln.x0 <= left + 2.5 * ln.em and ln.x1 >= right - 2.0 * ln.em
             for m, ln in zip(multi, lines, strict=True)]
    spans: list[tuple[int, int]] = []
    n = len(lines)
    i = 0
    while i < n:
        if not multi[i]:
            i += 1
            continue
        j = i + 1
        ems = [lines[i].em]
        while j < n and not prose[j]:
            em = sorted(ems)[len(ems) // 2]
            if lines[j].top - lines[j - 1].bottom > TABLE_GAP * em or not _same_size(lines[j].em, em):
                break
            ems.append(lines[j].em)
            j += 1
        if sum(multi[i:j]) >= 2:
            em = sorted(ems)[len(ems) // 2]
            last = max(k for k in range(i, j) if multi[k])
            seconds = sorted(pieces[k][1][0].x0 for k in range(i, j) if multi[k])
            value_x = seconds[len(seconds) // 2]
            while j > last + 1 and lines[j - 1].x0 >= value_x - em:
                j -= 1
            k = i
            lo = spans[-1][1] if spans else 0
            while k > lo and i - k < 8:
                prev = lines[k - 1]
                if prose[k - 1] or multi[k - 1] or lines[k].top - prev.bottom > TABLE_GAP * em:
                    break
                if not _same_size(prev.em, em):
                    break  # a heading or title in a larger font
                if k >= 2 and prose[k - 2] and prev.top - lines[k - 2].bottom <= 1.2 * em:
                    break  # the short last line of a paragraph
                k -= 1
            spans.append((k, j))
        i = j
    return spans


def _lines_grid(lines: list[_Line], page: int) -> Grid:
    rows = []
    for r, ln in enumerate(lines):
        cells = []
        for c, piece in enumerate(_pieces(ln)):
            text = clean_text(_line_text(piece, ln.em, False))
            cells.append(Cell(text, r, c, None, page, round(piece[0].x0, 1), round(max(g.x1 for g in piece), 1),
                              round(min(g.top for g in piece), 1)))
        rows.append(cells)
    return Grid(rows, page=page, kind="lines")


def _paragraphs(lines: list[_Line], page: int, left: float, right: float) -> list[tuple[float, Paragraph]]:
    """Join wrapped lines of running text into paragraphs.

    A line continues the previous paragraph when the previous one ran to the
    right margin, the new one is not indented, the size is the same and the
    line pitch is normal; Chinese paragraphs start indented, headings are short.
    """
    out: list[tuple[float, Paragraph]] = []
    cur: list[str] = []
    cur_top = 0.0
    prev: _Line | None = None
    for ln in lines:
        text = _line_text(ln.glyphs, ln.em, True)
        cont = (
            prev is not None
            and prev.x1 >= right - 2.0 * prev.em
            and (ln.x0 <= left + 1.0 * ln.em or _centred(prev, left, right) and _centred(ln, left, right))
            and abs(ln.em - prev.em) <= 0.2 * prev.em
            and 0 <= ln.top - prev.bottom <= 1.2 * ln.em
        )
        if cont:
            cur.append(text)
        else:
            if cur:
                out.append((cur_top, Paragraph(clean_text(join_lines(cur)), page)))
            cur, cur_top = [text], ln.top
        prev = ln
    if cur:
        out.append((cur_top, Paragraph(clean_text(join_lines(cur)), page)))
    return out


def _centred(ln: _Line, left: float, right: float) -> bool:
    """A centred line (a title wrapped over two lines keeps both centred)."""
    return abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) <= 1.5 * ln.em and ln.x0 > left + 0.5 * ln.em


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """Left and right edges of the running text: the most common line starts and ends."""
    if not lines:
        return 0.0, 0.0
    starts: dict[int, int] = {}
    for ln in lines:
        k = round(ln.x0 / 3)
        starts[k] = starts.get(k, 0) + 1
    left = min(ln.x0 for ln in lines if round(ln.x0 / 3) == max(starts, key=lambda k: starts[k]))
    ends = sorted(ln.x1 for ln in lines)
    right = ends[int(0.9 * (len(ends) - 1))]
    return left, right


def _read_page(page: pdfium.PdfPage, pno: int) -> _PageOut:
    width, height = page.get_size()
    if page.get_rotation() in (90, 270):  # PDFium's text and path coordinates are the unrotated page's
        width, height = height, width
    textpage = page.get_textpage()
    try:
        glyphs, total, bad = _page_glyphs(textpage, height)
    finally:
        textpage.close()
    gfx = _collect_graphics(page, height)
    cids = 0
    if len(glyphs) >= 10:  # text that is itself an extractor's placeholder: '(cid:123)(cid:45)...'
        cids = "".join(g.ch for g in glyphs).count("(cid:")
    usable = not (
        (not glyphs and (gfx.images > 0 or total > 0))
        or (total >= 10 and bad > 0.5 * total)
        or (gfx.image_area > 0.5 * width * height and len(glyphs) < 20)
        or cids * 7 > 0.5 * len(glyphs)
    )
    glyphs = _dedupe(glyphs)
    tables = _find_tables(_merge_segments(gfx.segs))
    free: list[_Glyph] = []
    for g in glyphs:
        for t in tables:
            if t.contains(g):
                i = min(max(bisect_right(t.xs, g.cx) - 1, 0), len(t.xs) - 2)
                j = min(max(bisect_right(t.ys, g.cy) - 1, 0), len(t.ys) - 2)
                t.glyphs.setdefault(t.region[j][i], []).append(g)
                t.inked.add(j)
                break
        else:
            free.append(g)
    blocks: list[tuple[float, Block]] = []
    for t in tables:
        if not t.glyphs:
            continue
        blocks.append((t.top, _table_grid(t, pno)))
    lines = _drop_page_numbers(_group_lines(free), height)
    left, right = _margins(lines)
    done = 0
    for i, j in _lines_grids(lines, left, right):
        blocks.extend(_paragraphs(lines[done:i], pno, left, right))
        blocks.append((lines[i].top, _lines_grid(lines[i:j], pno)))
        done = j
    blocks.extend(_paragraphs(lines[done:], pno, left, right))
    blocks.sort(key=lambda b: b[0])
    return _PageOut(blocks, usable)


# --- document ----------------------------------------------------------------


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    if data.rfind(b"%%EOF") < 0:
        raise ReadError(f"{name}: truncated PDF (no %%EOF end marker; {len(data)} bytes)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pr.FPDF_ERR_PASSWORD:
            raise ReadError(f"{name}: encrypted PDF, needs a password") from None
        if code == pr.FPDF_ERR_SECURITY:
            raise ReadError(f"{name}: encrypted PDF with an unsupported security handler") from None
        reason = {pr.FPDF_ERR_FORMAT: "corrupt PDF (not a readable PDF structure)",
                  pr.FPDF_ERR_FILE: "cannot read PDF file"}.get(code, f"unreadable PDF ({e})")
        raise ReadError(f"{name}: {reason}") from None


def read(data: bytes, source: str) -> Document:
    """Read a PDF into paragraphs and grids; flag pages without a usable text layer."""
    name = Path(source).name or source
    pdf = _open(data, name)
    doc = Document(source=source, reader="pdf")
    try:
        n = len(pdf)
        if n == 0:
            raise ReadError(f"{name}: corrupt PDF (no pages)")
        bad_pages: list[int] = []
        table_no = 0
        for i in range(n):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as e:
                raise ReadError(f"{name}: corrupt PDF (page {i + 1} cannot be loaded: {e})") from None
            try:
                out = _read_page(page, i + 1)
            finally:
                page.close()
            if not out.usable:
                bad_pages.append(i + 1)
            for _, b in out.blocks:
                if isinstance(b, Grid):
                    b.table_no = table_no
                    table_no += 1
                doc.blocks.append(b)
        meta_title = (pdf.get_metadata_value("Title") or "").strip() if hasattr(pdf, "get_metadata_value") else ""
        if meta_title:
            doc.meta["pdf_title"] = clean_text(meta_title)
    finally:
        pdf.close()
    if bad_pages:
        pages = ",".join(map(str, bad_pages))
        word = "pages" if len(bad_pages) > 1 else "page"
        verb = "have" if len(bad_pages) > 1 else "has"
        doc.flags.append(Flag(kind="needs_ocr", message=f"{word} {pages} {verb} no usable text layer"))
    return doc
