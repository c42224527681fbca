"""DOCX reader: paragraphs and tables in document order, merged cells expanded.

python-docx opens the package; the body is then walked as WordprocessingML
directly, because the table model needs what python-docx smooths over: a
cell's ``gridSpan`` and ``vMerge`` (expanded here into one Cell per grid
position, each copy remembering its origin), ``gridBefore``/``gridAfter``,
content controls (``w:sdt``) wrapping rows and cells, and nested tables (read
as grids of their own). Cell x positions come from the table's ``tblGrid``
(twips -> points); a DOCX has no pages, so ``page`` stays None.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from ..model import Block, Cell, Document, Flag, Grid, Paragraph, ReadError
from ..textnorm import clean_text, join_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_P, _TBL, _SDT, _TR, _TC = f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}tr", f"{W}tc"
_CONTAINERS = {f"{W}sdtContent", f"{W}customXml", f"{W}smartTag", f"{W}ins", f"{W}moveTo", f"{W}hyperlink",
               f"{W}fldSimple", f"{W}dir", f"{W}bdo"}
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr", f"{MC}Fallback",
         f"{W}txbxContent", f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference"}

_WS = re.compile(r"[ \t\u00a0\u3000]+")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x206F


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _hidden(r) -> bool:
    """A run formatted as hidden (w:vanish) is not printed."""
    rpr = r.find(f"{W}rPr")
    if rpr is None:
        return False
    v = rpr.find(f"{W}vanish")
    return v is not None and v.get(f"{W}val", "true") not in ("0", "false", "off")


def _run_text(el, out: list[str]) -> None:
    """Printed text under a paragraph element: runs, tabs, breaks; deleted and hidden text left out."""
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}r":
            if _hidden(ch):
                continue
            for x in ch:
                t = x.tag
                if t == f"{W}t":
                    out.append(x.text or "")
                elif t == f"{W}tab" or t == f"{W}ptab":
                    out.append("\t")
                elif t in (f"{W}br", f"{W}cr"):
                    out.append("\n")
                elif t == f"{W}noBreakHyphen":
                    out.append("-")
                elif t == f"{W}sym":
                    c = x.get(f"{W}char")
                    if c:
                        try:
                            o = int(c, 16)
                            out.append(chr(o - 0xF000) if o >= 0xF000 else chr(o))
                        except ValueError:
                            pass
                elif t == f"{MC}AlternateContent":
                    _run_text(x, out)
        else:
            _run_text(ch, out)


def _para_text(p) -> str:
    out: list[str] = []
    _run_text(p, out)
    return "".join(out)


def _textboxes(p) -> list:
    """Paragraphs and tables inside text boxes anchored in a paragraph (printed, but outside the flow).

    A DrawingML box comes with a VML copy in ``mc:Fallback``; only one is read."""
    out = []
    for box in p.iter(f"{W}txbxContent"):
        anc = box.getparent()
        while anc is not None and anc is not p and anc.tag != f"{MC}Fallback":
            anc = anc.getparent()
        if anc is not None and anc is not p:
            continue
        out.extend(box)
    return out


def _clean_para(s: str) -> str:
    lines = [_WS.sub(" ", ln).strip() for ln in clean_text(s).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _squeeze(s: str) -> str:
    """Within one cell: drop spaces next to CJK and between digits ('2019 年' -> '2019年', '1 2 3' -> '123');
    keep one space between Latin words."""
    s = _WS.sub(" ", s).strip()
    if " " not in s:
        return s
    out = []
    for i, ch in enumerate(s):
        if ch == " ":
            a, b = s[i - 1], s[i + 1]
            if _is_word(a) and _is_word(b):
                out.append(ch)
            continue
        out.append(ch)
    return "".join(out)


_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for unit, v in (("千", 1000), ("百", 100), ("十", 10)):
        d, n = divmod(n, v)
        if d:
            out += ("" if unit == "十" and d == 1 and not out else _CN[d]) + unit
        elif out and n:
            out += "" if out.endswith("零") else "零"
    if n:
        out += _CN[n]
    return out


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, r in vals:
        while n >= v:
            out += r
            n -= v
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese(n)
    if fmt in ("ideographTraditional",):
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's automatic list numbers (numbering.xml), which are not in the paragraph text.

    Reports that number their headings and row labels (一、 （一） 1.) with Word
    lists would otherwise lose the numbers; counters run in document order.
    """

    def __init__(self, numbering_el, styles_el) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_el is not None:
            abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
            for an in numbering_el.findall(f"{W}abstractNum"):
                abstract[an.get(f"{W}abstractNumId")] = self._levels(an)
            for num in numbering_el.findall(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                lv = dict(abstract.get(ref.get(f"{W}val") if ref is not None else "", {}))
                for ov in num.findall(f"{W}lvlOverride"):
                    il = _int(ov.get(f"{W}ilvl"))
                    lvl = ov.find(f"{W}lvl")
                    if lvl is not None:
                        lv.update(self._levels(ov))
                    so = ov.find(f"{W}startOverride")
                    if so is not None and il in lv:
                        lv[il] = (_int(so.get(f"{W}val"), 1), lv[il][1], lv[il][2])
                self.levels[num.get(f"{W}numId")] = lv
        if styles_el is not None:
            for st in styles_el.findall(f"{W}style"):
                npr = st.find(f"{W}pPr/{W}numPr")
                if npr is not None:
                    nid = npr.find(f"{W}numId")
                    il = npr.find(f"{W}ilvl")
                    if nid is not None:
                        self.style_num[st.get(f"{W}styleId")] = (nid.get(f"{W}val"), _int(
                            il.get(f"{W}val") if il is not None else None))

    @staticmethod
    def _levels(el) -> dict[int, tuple[int, str, str]]:
        out = {}
        for lvl in el.findall(f"{W}lvl"):
            start = lvl.find(f"{W}start")
            fmt = lvl.find(f"{W}numFmt")
            text = lvl.find(f"{W}lvlText")
            out[_int(lvl.get(f"{W}ilvl"))] = (
                _int(start.get(f"{W}val"), 1) if start is not None else 1,
                fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                text.get(f"{W}val", "") if text is not None else "",
            )
        return out

    def label(self, p) -> str:
        """The list number printed before paragraph ``p`` ('' for none), advancing the counters."""
        if not self.levels:
            return ""
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        npr = ppr.find(f"{W}numPr")
        nid: str | None = None
        ilvl = 0
        if npr is not None:
            e = npr.find(f"{W}numId")
            nid = e.get(f"{W}val") if e is not None else None
            e = npr.find(f"{W}ilvl")
            ilvl = _int(e.get(f"{W}val")) if e is not None else 0
        else:
            st = ppr.find(f"{W}pStyle")
            if st is not None and st.get(f"{W}val") in self.style_num:
                nid, ilvl = self.style_num[st.get(f"{W}val")]
        if not nid or nid == "0" or nid not in self.levels:
            return ""
        lv = self.levels[nid]
        if ilvl not in lv:
            return ""
        cnt = self.counters.setdefault(nid, {})
        cnt[ilvl] = cnt.get(ilvl, lv[ilvl][0] - 1) + 1
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        _start, fmt, text = lv[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            return _format(cnt.get(k, lv[k][0]), lv[k][1]) if k in lv else ""

        return re.sub(r"%(\d)", sub, text)


class _Reader:
    def __init__(self, numbering: _Numbering | None = None, html_parts: dict | None = None) -> None:
        self.blocks: list[Block] = []
        self.table_no = 0
        self.numbering = numbering
        self.html_parts = html_parts or {}
        self.flags: list[Flag] = []

    def ptext(self, p) -> str:
        """Paragraph text with its list number, if Word numbers it."""
        label = self.numbering.label(p) if self.numbering is not None else ""
        return label + _para_text(p)

    def body(self, parent) -> None:
        for el in parent:
            tag = el.tag
            if tag == _P:
                self.paragraph(el)
            elif tag == _TBL:
                self.table(el)
            elif tag == _SDT or tag in _CONTAINERS:
                content = el.find(f"{W}sdtContent") if tag == _SDT else el
                if content is not None:
                    self.body(content)
            elif tag == f"{W}altChunk":
                self.alt_chunk(el)

    def alt_chunk(self, el) -> None:
        """An imported chunk (CMS 'export to Word' embeds the HTML page whole): read it as HTML."""
        rid = el.get(f"{R}id")
        part = self.html_parts.get(rid)
        if part is None:
            self.flags.append(Flag("unread_content", "an embedded document part (altChunk) that is not HTML "
                                   "was not read"))
            return
        from .html import read as read_html

        try:
            sub = read_html(part, "altChunk.html")
        except ReadError:
            return
        for b in sub.blocks:
            if isinstance(b, Grid):
                b.table_no = self.table_no
                self.table_no += 1
            self.blocks.append(b)

    def paragraph(self, p) -> None:
        text = _clean_para(self.ptext(p))
        if text:
            self.blocks.append(Paragraph(text))
        boxes = _textboxes(p)
        if boxes:
            self.body(boxes)

    # --- tables ---

    def table(self, tbl) -> None:
        rows = _rows(tbl)
        widths = [_twips(gc.get(f"{W}w")) for gc in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        # position -> (cell element, origin)
        occ: dict[tuple[int, int], tuple[object, tuple[int, int]]] = {}
        starts: dict[tuple[int, int], object] = {}
        ncols = 0
        for r, tr in enumerate(rows):
            trpr = tr.find(f"{W}trPr")
            c = _int(trpr.find(f"{W}gridBefore").get(f"{W}val")) if trpr is not None and trpr.find(
                f"{W}gridBefore") is not None else 0
            for tc in _cells(tr):
                tcpr = tc.find(f"{W}tcPr")
                span = 1
                vmerge = hmerge = None
                if tcpr is not None:
                    gs = tcpr.find(f"{W}gridSpan")
                    if gs is not None:
                        span = max(1, _int(gs.get(f"{W}val"), 1))
                    vm = tcpr.find(f"{W}vMerge")
                    if vm is not None:
                        vmerge = vm.get(f"{W}val", "continue")
                    hm = tcpr.find(f"{W}hMerge")
                    if hm is not None:
                        hmerge = hm.get(f"{W}val", "continue")
                if hmerge == "continue" and c > 0 and (r, c - 1) in occ:
                    origin = occ[(r, c - 1)][1]
                elif vmerge == "continue" and (r - 1, c) in occ:
                    origin = occ[(r - 1, c)][1]
                else:
                    origin = (r, c)
                    starts[origin] = tc
                for dc in range(span):
                    occ[(r, c + dc)] = (tc, origin)
                c += span
            ncols = max(ncols, c)
        if not occ:
            return
        # a merged cell's text is all its pieces' text (Word keeps text typed into continuation cells)
        members: dict[tuple[int, int], list] = {}
        for (_r, _c), (tc, origin) in sorted(occ.items()):
            lst = members.setdefault(origin, [])
            if tc not in lst:
                lst.append(tc)
        nested: list = []
        texts = {o: self.cell_text(tcs, nested) for o, tcs in members.items()}
        spans: dict[tuple[int, int], int] = {}
        cmax: dict[tuple[int, int], int] = {}
        for (_r, c), (_tc, origin) in occ.items():
            spans[origin] = spans.get(origin, 0) + 1
            cmax[origin] = max(cmax.get(origin, c), c)
        nrows = len(rows)
        if ncols == 1 or (nrows == 1 and ncols <= 1):
            # a one-column layout table: its content is running text (and tables), not a grid
            for tc in _ordered_unique(t for (_r, _c), (t, _o) in sorted(occ.items())):
                self.body(tc)
            return
        xs = [0.0]
        for w in widths:
            xs.append(xs[-1] + w)
        cols = [c for c in range(ncols) if not _sliver(occ, widths, nrows, c)]
        keep = [r for r in range(nrows) if any(texts.get(occ[(r, c)][1]) for c in cols if (r, c) in occ)]
        new_row = {old: new for new, old in enumerate(keep)}
        moved: dict[tuple[int, int], tuple[int, int]] = {}
        grid: list[list[Cell]] = []
        for nr, r in enumerate(keep):
            line = []
            for nc, c in enumerate(cols):
                if (r, c) not in occ:
                    line.append(Cell("", nr, nc, None, None, *_xpos(xs, c, c)))
                    continue
                _tc, origin = occ[(r, c)]
                o = None
                if spans[origin] > 1:
                    o = moved.get(origin)
                    if o is None:
                        if origin[0] in new_row and origin[1] in cols:
                            o = (new_row[origin[0]], cols.index(origin[1]))
                        else:  # the origin's row or column was dropped: the first kept copy stands in
                            o = moved.setdefault(origin, (nr, nc))
                line.append(Cell(texts.get(origin, ""), nr, nc, o, None, *_xpos(xs, origin[1], cmax[origin])))
            grid.append(line)
        if grid:
            self.blocks.append(Grid(grid, table_no=self.table_no, kind="cells"))
            self.table_no += 1
        for t in nested:
            self.table(t)

    def cell_text(self, tcs: list, nested: list) -> str:
        lines: list[str] = []
        for tc in tcs:
            self._cell_lines(tc, lines, nested)
        return clean_text(_squeeze(join_lines([clean_text(t) for t in lines])))

    def _cell_lines(self, parent, lines: list[str], nested: list) -> None:
        for el in parent:
            tag = el.tag
            if tag == _P:
                lines.extend(self.ptext(el).split("\n"))
                for box in _textboxes(el):
                    if box.tag == _P:
                        lines.extend(self.ptext(box).split("\n"))
            elif tag == _TBL:
                nested.append(el)
            elif tag == _SDT or tag in _CONTAINERS:
                content = el.find(f"{W}sdtContent") if tag == _SDT else el
                if content is not None:
                    self._cell_lines(content, lines, nested)


def _sliver(occ: dict, widths: list[float], nrows: int, c: int) -> bool:
    """A grid column a few twips wide that never holds a cell of its own (Word and LibreOffice
    leave these when column edges almost line up): dropping it loses nothing."""
    if c >= len(widths) or widths[c] >= 3.0:
        return False
    for r in range(nrows):
        here = occ.get((r, c))
        if here is None:
            continue
        left, right = occ.get((r, c - 1)), occ.get((r, c + 1))
        if not ((left and left[1] == here[1]) or (right and right[1] == here[1])):
            return False
    return True


def _ordered_unique(items) -> list:
    out = []
    for x in items:
        if not any(x is y for y in out):
            out.append(x)
    return out


def _xpos(xs: list[float], c0: int, c1: int) -> tuple[float | None, float | None]:
    if c1 + 1 < len(xs) and len(xs) > 1:
        return round(xs[c0], 1), round(xs[c1 + 1], 1)
    return None, None


def _children(el, tag: str) -> list:
    """Child elements of one kind (rows of a table, cells of a row), also those wrapped
    in content controls or other containers."""
    out = []
    for ch in el:
        if ch.tag == tag:
            out.append(ch)
        elif ch.tag == _SDT or ch.tag in _CONTAINERS:
            content = ch.find(f"{W}sdtContent") if ch.tag == _SDT else ch
            if content is not None:
                out.extend(_children(content, tag))
    return out


def _rows(tbl) -> list:
    return _children(tbl, _TR)


def _cells(tr) -> list:
    return _children(tr, _TC)


def _xml(blob: bytes):
    from lxml import etree

    try:
        return etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return None


def _int(v: str | None, default: int = 0) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _twips(v: str | None) -> float:
    """A gridCol width in points (values are twips; a few writers emit decimals)."""
    try:
        return float(v) / 20.0 if v is not None else 0.0
    except ValueError:
        return 0.0


def read(data: bytes, source: str) -> Document:
    """Read a DOCX into paragraphs and grids in document order."""
    import docx  # python-docx; imported here so the PDF path does not pay for it

    name = Path(source).name or source
    try:
        d = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(f"{name}: corrupt DOCX ({type(e).__name__}: {e})") from None
    except Exception as e:  # python-docx / lxml raise their own types for broken packages and XML
        raise ReadError(f"{name}: corrupt DOCX ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})") from None
    part = d.part
    numbering_el = styles_el = None
    html_parts: dict[str, bytes] = {}
    for rid, rel in part.rels.items():
        if rel.is_external:
            continue
        rt = rel.reltype.rsplit("/", 1)[-1]
        if rt == "numbering":
            numbering_el = _xml(rel.target_part.blob)
        elif rt == "styles":
            styles_el = _xml(rel.target_part.blob)
        elif rt == "aFChunk" and "html" in (rel.target_part.content_type or "").lower():
            html_parts[rid] = rel.target_part.blob
    r = _Reader(_Numbering(numbering_el, styles_el), html_parts)
    r.body(d.element.body)
    doc = Document(source=source, reader="docx", blocks=r.blocks, flags=r.flags)
    title = (d.core_properties.title or "").strip()
    if title:
        doc.meta["docx_title"] = clean_text(title)
    return doc
