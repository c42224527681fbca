"""HTML reader: CMS article pages, bare fragments, Word "Save as Web Page" files.

Agencies publish the report as a CMS article (site chrome, a metadata table,
the body), as Word's HTML export (mso styles, a <span> in every cell), or
inside a JS string or JSON field of an app page. All end as one Document:
paragraphs for text outside tables (so the locator can find headings and
narrative numbers), one Grid per data table with merged cells expanded, and
Image blocks where the body shows a picture (possibly a table printed as one).

Layout tables (a table holding tables, or one giant text cell) are walked as
containers, never turned into one giant cell. Site chrome (navigation,
breadcrumb, footer, related links, share bars) is skipped where it is
obvious; the metadata table (索引号 / 发布机构 / 发文日期 ...) is kept, and
its agency and date also go to ``Document.meta``.
"""

from __future__ import annotations

import html as htmllib
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..encoding import declared_charset, decode
from ..model import Block, Cell, Document, Grid, Image, Paragraph, ReadError
from ..textnorm import clean_text

# Elements whose content is never report text.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "frame",
    "object", "embed", "svg", "math", "select", "option", "button", "input", "textarea", "canvas",
    "audio", "video", "map", "xml", "colgroup", "col",
})
# Elements that start a new line of text (everything else is inline and runs on).
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
    "article", "main", "header", "footer", "aside", "nav", "blockquote", "pre", "center", "address",
    "form", "fieldset", "legend", "figure", "figcaption", "caption", "hr", "tr", "td", "th", "tbody",
    "thead", "tfoot", "body", "html", "table", "details", "summary",
})
# Class/id tokens of site chrome. "head" is deliberately absent: CMS metadata
# boxes are called "xxgk-head" and the like.
_CHROME = re.compile(
    r"^(?:nav|navbar|navigation|menu|mainmenu|submenu|topmenu|crumbs?|breadcrumbs?|bread|position|"
    r"location|curpos|weizhi|dqwz|footer|foot|bottom|copyright|banner|logo|sidebar|related|relate|"
    r"xgwz|xgxx|share|bdshare|tools?|toolbar|print|search|topbar|top|friendlinks?|links|pager|"
    r"pagination|skip)(?:[-_].*)?$",
    re.I,
)
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MSO_HIDE = re.compile(r"mso-hide\s*:\s*all", re.I)
_ICON = re.compile(
    r"logo|icon|ico[_\-.]|favicon|btn|button|arrow|share|qrcode|erweima|ewm|weixin|wechat|weibo|"
    r"print|close|spacer|blank\.gif|dot\.(?:gif|png)|line\.(?:gif|png)|bg[_\-.]|jiucuo|conac|"
    r"gongan|beian|wza|search|banner",
    re.I,
)
_WS = re.compile(r"[ \t\n\r\f\v]+")
_SPACES = re.compile(r" {2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u00ad\u200b-\u200f\u2060\ufeff]")
_TAG_RE = re.compile(r"<\s*(?:p|table|tr|td|div|span|br|h[1-6]|strong|b|font)\b[^>]*>", re.I)
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _is_cjk(ch: str) -> bool:
    """Ideographs, CJK punctuation and full-width forms: no space is printed between them."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x2FDF or 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x3FFFF)


def _squash(raw: str) -> str:
    """HTML whitespace collapsing, except a source line break between two CJK characters vanishes.

    Word wraps its HTML source inside running Chinese text; a browser shows no
    gap there, and neither should the label the locator matches.
    """
    def repl(m: re.Match[str]) -> str:
        s = m.string
        a, b = m.start(), m.end()
        if ("\n" in m.group() or "\r" in m.group()) and a > 0 and b < len(s) and _is_cjk(s[a - 1]) and _is_cjk(s[b]):
            return ""
        return " "

    return _WS.sub(repl, raw)


def _finish(text: str) -> str:
    """clean_text plus the final whitespace collapse (clean_text turns NBSP and U+3000 into spaces)."""
    return _SPACES.sub(" ", clean_text(_CONTROL.sub("", text))).strip()


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one cell: no space between CJK characters, one space otherwise."""
    out = ""
    for line in lines:
        line = line.strip(" \u00a0\u3000")
        if not line:
            continue
        if out and not (_is_cjk(out[-1]) and _is_cjk(line[0])):
            out += " "
        out += line
    return out


@dataclass(slots=True)
class _Deferred:
    """Content that may or may not be part of the report: a hidden element or an HTML string in a script.

    Decided after the walk: kept only when it holds report-sized text that the
    visible page does not already show.
    """

    html: str


# ------------------------------------------------------------------ the parsed tree
# The tree is lxml's (libxml2's HTML parser, the same parse bs4's "lxml" builder
# receives), walked directly: a text is ``el.text`` or a child's ``tail``;
# comments and processing instructions are children whose ``tag`` is not a str.
# Two details of bs4's tree are kept, since the thresholds below count text:
# a string of ASCII whitespace alone is one space (one newline if it has one)
# outside <pre>/<textarea>; and strings inside <script>, <style>, <template>,
# <rt>, <rp> are not page text.
_CONTAINER = {"rt": "rt", "rp": "rp", "style": "style", "script": "script", "template": "template"}
_PRESERVE = frozenset({"pre", "textarea"})
_SPECIAL = ("pre", "textarea", "rt", "rp", "template")  # may hold elements whose strings change kind
_ASCII_WS = " \n\t\f\r"
_CELL_NAMES = ("td", "th")
_ROW_GROUPS = ("thead", "tbody", "tfoot")
_NOT_ROW_HOLDERS = frozenset({"table", "td", "th", "caption", "thead", "tbody", "tfoot"})
_LAYOUT_MARKS = ("p", "div", "h1", "h2", "h3", "h4", "br")
_Element = etree._Element


def _ws(s: str) -> str:
    """A string of ASCII whitespace alone becomes one space, or one newline when it holds one."""
    if s.strip(_ASCII_WS):
        return s
    return "\n" if "\n" in s else " "


def _context(el: _Element) -> tuple[bool, str | None]:
    """For strings directly inside ``el``: whitespace kept as is; the innermost string container."""
    pre = False
    kind = None
    node: _Element | None = el
    while node is not None:
        tag = node.tag
        if tag in _PRESERVE:
            pre = True
        if kind is None and tag in _CONTAINER:
            kind = tag
        node = node.getparent()
    return pre, kind


def _gather(el: _Element, pre: bool, kind: str | None, want: str | None, out: list[str]) -> None:
    """Strings under ``el`` whose innermost container is ``want`` (None: page text), in order."""
    t = el.text
    if t and kind == want:
        out.append(t if pre else _ws(t))
    for ch in el:
        tag = ch.tag
        if type(tag) is str:
            ck = _CONTAINER.get(tag, kind)
            if want is not None or ck is None:  # else nothing under it is of the wanted kind
                _gather(ch, pre or tag in _PRESERVE, ck, want, out)
        t = ch.tail
        if t and kind == want:
            out.append(t if pre else _ws(t))


class _Tree:
    """One parsed page or fragment: its root (None when the markup holds no element) and lookups."""

    def __init__(self, root: _Element | None) -> None:
        self.root = root
        self.special = root is not None and next(root.iter(*_SPECIAL), None) is not None

    def first(self, tag: str) -> _Element | None:
        return None if self.root is None else next(self.root.iter(tag), None)

    def context(self, el: _Element) -> tuple[bool, str | None]:
        if self.special:
            return _context(el)
        return False, _CONTAINER.get(el.tag)  # script/style hold no elements

    def text(self, el: _Element) -> str:
        """``el``'s text as bs4's ``get_text()`` gives it."""
        out: list[str] = []
        pre, kind = self.context(el)
        _gather(el, pre, kind, _CONTAINER.get(el.tag), out)
        return "".join(out)

    def text_len(self, el: _Element) -> int:
        out: list[str] = []
        pre, kind = self.context(el)
        _gather(el, pre, kind, _CONTAINER.get(el.tag), out)
        return sum(map(len, out))


def _has_string(el: _Element) -> bool:
    """bs4's ``tag.string`` is not empty: one child only, a non-empty string or a tag (or comment) that has one."""
    while True:
        only: object = el.text or None
        n = 1 if only is not None else 0
        for ch in el:
            n += 1 + (1 if ch.tail else 0)
            only = ch
            if n > 1:
                return False
        if n != 1:
            return False
        if isinstance(only, str):
            return True
        assert isinstance(only, _Element)
        if type(only.tag) is not str:  # a comment or processing instruction: its own text
            return bool(only.text)
        el = only


def _inner_html(el: _Element) -> str:
    """The markup inside ``el``, to be parsed again on its own."""
    parts = [htmllib.escape(el.text, quote=False)] if el.text else []
    parts += [etree.tostring(ch, encoding=str, method="html") for ch in el]
    return "".join(parts)


class _Walker:
    """Turns a parsed tree into blocks in reading order."""

    def __init__(self, tree: _Tree, body_chars: int) -> None:
        self.tree = tree
        self.blocks: list[Block | _Deferred] = []
        self.buf: list[str] = []
        self.lines: list[str] | None = None  # set while collecting one cell's lines
        self.body_chars = body_chars
        self.script_fields: dict[str, str] = {}  # title/date/agency named by a script's data object

    # -- text buffer
    def flush(self) -> None:
        if not self.buf:
            return
        raw = _squash("".join(self.buf)).strip(" \u00a0\u3000")
        self.buf.clear()
        if not raw:
            return
        if self.lines is not None:
            self.lines.append(raw)
            return
        text = _finish(raw)
        if text:
            self.blocks.append(Paragraph(text))

    # -- tree walk
    def walk_from(self, node: _Element) -> None:
        """Walk ``node``'s content, wherever it sits in the tree."""
        pre, kind = self.tree.context(node)
        self.walk(node, pre, kind)

    def walk(self, node: _Element, pre: bool = False, kind: str | None = None) -> None:
        """``node``'s content; ``pre``/``kind``: the context of the strings directly inside it."""
        buf = self.buf
        t = node.text
        if t and kind is None:
            buf.append(t if pre else _ws(t))
        for child in node:
            name = child.tag
            if type(name) is str:
                self.visit(child, name, pre, kind)
                buf = self.buf
            t = child.tail
            if t and kind is None:
                buf.append(t if pre else _ws(t))

    def visit(self, child: _Element, name: str, pre: bool, kind: str | None) -> None:
        """One element met in the walk."""
        if name == "script" or name == "textarea":
            if self.lines is None:
                self._script(child)
            return
        if name in _SKIP:
            return
        if self._hidden(child):
            if self.lines is None and not _MSO_HIDE.search(child.get("style") or ""):
                self.flush()
                self.blocks.append(_Deferred(_inner_html(child)))
            return
        if self.lines is None and self._chrome(child):
            return
        if name == "br":
            self.flush()
        elif name == "img":
            if self.lines is None:
                self._image(child)
        elif name == "table" and self.lines is None:
            self.flush()
            self._table(child)
            self.flush()
        elif name in _BLOCK:
            self.flush()
            self.walk(child, pre or name in _PRESERVE, _CONTAINER.get(name, kind))
            self.flush()
        else:
            self.walk(child, pre or name in _PRESERVE, _CONTAINER.get(name, kind))

    @staticmethod
    def _hidden(el: _Element) -> bool:
        attrib = el.attrib
        if "hidden" in attrib:
            return True
        style = attrib.get("style")
        return bool(style) and bool(_HIDDEN.search(style) or _MSO_HIDE.search(style))

    def _chrome(self, el: _Element) -> bool:
        """Navigation, breadcrumb, footer, related links ... but never something holding a table or most of the text."""
        attrib = el.attrib
        if not attrib and el.tag not in _CHROME_TAGS:
            return False
        hit = el.tag in _CHROME_TAGS or (attrib.get("role") or "").lower() in _CHROME_ROLES
        if not hit:
            for attr in ("class", "id"):
                v = attrib.get(attr)
                if v and any(_CHROME.match(t) for t in v.split()):
                    hit = True
                    break
        if not hit or next(el.iterdescendants("table"), None) is not None:
            return False
        return self.tree.text_len(el) < 0.4 * max(self.body_chars, 1)

    def _image(self, el: _Element) -> None:
        src = (el.get("src") or el.get("data-src") or el.get("data-original") or "").strip()
        if not src:
            return
        probe = src[:40] if src.startswith("data:") else src
        probe += " " + " ".join(str(el.get(k) or "") for k in ("class", "id", "alt"))
        if _ICON.search(probe):
            return
        w, h = _px(el, "width"), _px(el, "height")
        if (w is not None and w < 60) or (h is not None and h < 30):
            return
        self.flush()
        self.blocks.append(Image(src=src, alt=_finish(el.get("alt") or "")))

    def _script(self, el: _Element) -> None:
        text = el.text if el.tag == "script" else self.tree.text(el)
        if not text or "<" not in text and "%3C" not in text.upper() and "\\u003c" not in text.lower():
            return
        frags = _embedded_html(text)
        if frags:
            for k, v in _script_fields(text).items():
                self.script_fields.setdefault(k, v)
        for frag in frags:
            self.flush()
            self.blocks.append(_Deferred(frag))

    # -- tables
    def _table(self, table: _Element) -> None:
        rows, ends = _table_rows(table)
        captions = [c for c in table if c.tag == "caption"]
        if _is_layout(self.tree, table, rows):
            for cap in captions:
                self.walk_from(cap)
                self.flush()
            for tr in rows:
                for td in _row_cells(tr):
                    if self._hidden(td) or self._chrome(td):
                        continue
                    self.flush()
                    self.walk_from(td)
                    self.flush()
            return
        for cap in captions:
            self.walk_from(cap)
            self.flush()
        grid = self._grid(rows, ends)
        if grid is not None:
            self.blocks.append(grid)

    def _cell_text(self, td: _Element) -> str:
        saved_buf, saved_lines = self.buf, self.lines
        self.buf, self.lines = [], []
        self.walk_from(td)
        self.flush()
        lines = self.lines
        self.buf, self.lines = saved_buf, saved_lines
        return _finish(_join_lines(lines))

    def _grid(self, rows: list[_Element], ends: list[int]) -> Grid | None:
        """The HTML table algorithm: rowspan/colspan expanded, every copy remembers its origin.

        Every position of a merged cell (its origin too) carries ``origin``; a
        plain cell has ``origin=None``.
        """
        n = len(rows)
        if n == 0:
            return None
        # position -> (text, origin of the merged cell or None)
        occ: dict[tuple[int, int], tuple[str, tuple[int, int] | None]] = {}
        for r, tr in enumerate(rows):
            c = 0
            for td in _row_cells(tr):
                while (r, c) in occ:
                    c += 1
                attrib = td.attrib
                cs = _span(attrib.get("colspan"), 1000)
                rs = min(_span(attrib.get("rowspan"), 65534, zero=ends[r] - r), ends[r] - r)
                text = self._cell_text(td)
                if rs == 1 and cs == 1:
                    occ[(r, c)] = (text, None)
                else:
                    merged = (r, c)
                    for dr in range(rs):
                        for dc in range(cs):
                            occ[(r + dr, c + dc)] = (text, merged)
                c += cs
        if not occ:
            return None
        # Word's zero-height "supportMisalignedColumns" row, empty <tr></tr>, rows of blanks: gone.
        # A row is kept when it prints something of its own (not only copies of cells merged from above).
        shown = {r for (r, c), (text, o) in occ.items() if text and (o is None or o == (r, c))}
        keep = sorted(shown)
        if not keep:
            return None
        keep_set = set(keep)
        # Trailing columns where no cell starts (colspan="100" on a 4-column table) have no width.
        width = 1 + max(c for (r, c), (_, o) in occ.items() if r in keep_set and (o is None or o == (r, c)))
        new_row = {old: new for new, old in enumerate(keep)}
        moved: dict[tuple[int, int], tuple[int, int]] = {}
        grid_rows: list[list[Cell]] = []
        blank = ("", None)
        for new_r, old_r in enumerate(keep):
            line: list[Cell] = []
            for c in range(width):
                text, origin = occ.get((old_r, c), blank)
                if origin is not None:
                    if origin[0] in new_row:
                        origin = (new_row[origin[0]], origin[1])
                    else:  # the origin's row was dropped: the first kept copy stands in for it
                        origin = moved.setdefault(origin, (new_r, c))
                line.append(Cell(text, new_r, c, origin))
            grid_rows.append(line)
        return Grid(rows=grid_rows, kind="cells")


_SPAN = re.compile(r"\s*(\d+)")


def _span(value: str | None, cap: int, zero: int = 1) -> int:
    """A rowspan/colspan attribute as browsers read it: leading digits, 0 for rowspan = to the end."""
    if value is None:
        return 1
    if value == "1":
        return 1
    m = _SPAN.match(value)
    if not m:
        return 1
    v = int(m.group(1))
    if v == 0:
        return max(zero, 1)
    return min(v, cap)


def _px(el: _Element, attr: str) -> float | None:
    v = el.get(attr)
    if v is None:
        m = re.search(rf"(?<![-\w]){attr}\s*:\s*([\d.]+)\s*px", el.get("style") or "", re.I)
        v = m.group(1) if m else None
    if v is None:
        return None
    m = re.match(r"\s*([\d.]+)\s*(px)?\s*$", str(v))
    try:
        return float(m.group(1)) if m else None
    except ValueError:
        return None


def _table_rows(table: _Element) -> tuple[list[_Element], list[int]]:
    """The table's own <tr>s (not those of nested tables), <tfoot> last as browsers draw it.

    Also the index just past each row's group (thead/tbody/tfoot): a rowspan
    ends there, as in a browser.
    """
    groups: list[list[_Element]] = []
    foot: list[list[_Element]] = []
    loose: list[_Element] = []

    def close_loose() -> None:
        if loose:
            groups.append(loose.copy())
            loose.clear()

    def gather(node: _Element, into: list[_Element]) -> None:
        for child in node:
            name = child.tag
            if name == "tr":
                into.append(child)
            elif type(name) is str and name not in _NOT_ROW_HOLDERS:
                gather(child, into)

    for child in table:
        name = child.tag
        if type(name) is not str:
            continue
        if name in _ROW_GROUPS:
            close_loose()
            rows: list[_Element] = []
            gather(child, rows)
            (foot if name == "tfoot" else groups).append(rows)
        elif name == "tr":
            loose.append(child)
        elif name not in ("table", "td", "th", "caption"):
            gather(child, loose)
    close_loose()
    out: list[_Element] = []
    ends: list[int] = []
    for g in groups + foot:
        out += g
        ends += [len(out)] * len(g)
    return out, ends


def _row_cells(tr: _Element) -> list[_Element]:
    return [c for c in tr if c.tag in _CELL_NAMES]


def _is_layout(tree: _Tree, table: _Element, rows: list[_Element]) -> bool:
    """A table used for page layout: it holds tables, is one single cell, or one cell holds the page's text.

    A data table with a long note row stays a table: the long cell must also
    hold most of the table's text.
    """
    if next(table.iterdescendants("table"), None) is not None:
        return True
    cells = [td for tr in rows for td in _row_cells(tr)]
    if len(cells) <= 1:
        return True
    lengths = [tree.text_len(td) for td in cells]
    total = sum(lengths)
    for td, n in zip(cells, lengths, strict=True):
        if n > 300 and n > 0.6 * total and next(td.iterdescendants(*_LAYOUT_MARKS), None) is not None:
            return True
    return False


# ------------------------------------------------------------------ embedded HTML (JS strings, JSON)
_JS_LIT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', re.S)
_JS_JOIN = re.compile(
    r"""^\s*(?:\+|\)\s*;?\s*document\.write(?:ln)?\s*\(|;?\s*[\w$.\[\]'"]+\s*\+=)\s*$"""
)
_JS_ESC = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": "", "\r\n": "", "\r": ""}


def _js_unescape(body: str) -> str:
    """A JS/JSON string literal's body as the string it denotes."""
    if "\\" not in body:
        return body

    def repl(m: re.Match[str]) -> str:
        e = m.group(1)
        if e.startswith("u{"):
            return chr(int(e[2:-1], 16))
        if e[0] == "u" and len(e) == 5:
            return chr(int(e[1:], 16))
        if e[0] == "x" and len(e) == 3:
            return chr(int(e[1:], 16))
        return _JS_SIMPLE.get(e, e)

    s = _JS_ESC.sub(repl, body)
    try:  # \ud83d\ude00 escapes arrive as two surrogates
        return s.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeError:
        return s


def _looks_like_report_html(s: str) -> bool:
    if len(_TAG_RE.findall(s[:200000])) < 2:
        return False
    text = re.sub(r"<[^>]*>", "", s)
    cjk = len(_CJK_RE.findall(text))
    return cjk >= 50 or ("<table" in s.lower() and cjk >= 10)


def _decode_markup(s: str) -> str:
    """Undo the extra escaping a page may add around stored HTML (entities, %-encoding)."""
    if "<" not in s and "&lt;" in s:
        s = htmllib.unescape(s)
    if "<" not in s and re.search(r"%3C", s, re.I):
        s = urllib.parse.unquote(s)
    return s


def _embedded_html(text: str) -> list[str]:
    """HTML fragments a script or JSON holds: string literals (joined across + and document.write), decoded."""
    out: list[str] = []
    group: list[str] = []
    last_end = -1
    for m in _JS_LIT.finditer(text):
        lit = m.group()
        if group and not _JS_JOIN.match(text[last_end:m.start()]):
            out.append("".join(group))
            group = []
        group.append(_js_unescape(lit[1:-1]))
        last_end = m.end()
    if group:
        out.append("".join(group))
    found = [s for s in (_decode_markup(x) for x in out) if _looks_like_report_html(s)]
    if not found:
        whole = _decode_markup(text)
        if _looks_like_report_html(whole):
            found = [whole]
    return found


_SCRIPT_KEYS = {
    "title": ("title", "articletitle", "doctitle", "wzbt", "bt"),
    "date": ("pubdate", "publishdate", "publishtime", "releasedate", "docdate", "fbrq", "cwrq", "fwrq", "fbsj"),
    "agency": ("source", "publisher", "publishorg", "fbjg", "fwjg", "deptname", "department"),
}
_SCRIPT_FIELD = re.compile(
    r"""["']?([A-Za-z_$][\w$]*)["']?\s*[:=]\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
)


def _script_fields(text: str) -> dict[str, str]:
    """Title, date and agency a page's data object names next to the report HTML (JSON of an app page)."""
    out: dict[str, str] = {}
    for m in _SCRIPT_FIELD.finditer(text):
        key = m.group(1).lower()
        value = _js_unescape(m.group(2)[1:-1])
        if "<" in value or not value.strip() or len(value) > 200:
            continue
        for field, keys in _SCRIPT_KEYS.items():
            if key in keys and field not in out:
                out[field] = _finish(value)
    return out


# ------------------------------------------------------------------ metadata
_META_FIELDS = {
    "agency": ("发布机构", "发文机关", "发布单位", "发文单位", "发布部门", "制发机关", "公开责任部门", "信息来源", "来源"),
    "date": ("发文日期", "成文日期", "发布日期", "公开日期", "生成日期", "印发日期", "发布时间", "日期"),
    "title": ("名称", "标题", "文件名称", "信息名称"),
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_LABEL = re.compile(r"^([\u4e00-\u9fff ]{2,12}?)\s*[:：]\s*(.*)$")
_PARA_FIELD = re.compile(
    r"(发布机构|发文机关|发布单位|来源|信息来源|发文日期|成文日期|发布日期|发布时间|公开日期)\s*[:：]\s*"
    r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|[^\s:：|/【\[]+)"
)


def _iso_date(s: str) -> str:
    m = _DATE.search(s)
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _field_of(label: str) -> tuple[str, int] | None:
    """Which metadata field a printed label names, and its rank (lower = preferred)."""
    key = re.sub(r"\s+", "", label)
    for field, names in _META_FIELDS.items():
        if key in names:
            return field, names.index(key)
    return None


def _metadata(blocks: list[Block], tree: _Tree, script_fields: dict[str, str]) -> tuple[dict[str, str], str]:
    """Agency, date and title from the metadata table, <meta> tags and the byline; and the title."""
    found: dict[str, tuple[int, str]] = {}

    def offer(field: str, rank: int, value: str) -> None:
        value = value.strip()
        if field == "date":
            value = _iso_date(value)
        if value and (field not in found or rank < found[field][0]):
            found[field] = (rank, value)

    for b in blocks:
        if not isinstance(b, Grid):
            continue
        for row in b.rows:
            cells = [c for c in row if c.is_origin]
            for i, c in enumerate(cells):
                m = _LABEL.match(c.text)
                label, value = (m.group(1), m.group(2)) if m else (c.text, "")
                hit = _field_of(label)
                if hit is None:
                    continue
                if not value and i + 1 < len(cells) and not _LABEL.match(cells[i + 1].text):
                    value = cells[i + 1].text
                offer(hit[0], hit[1], value)
    metas = {}
    root = tree.root
    for m in () if root is None else root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").lower()
        content = m.get("content")
        if name and content:
            metas[name] = _finish(content)
    for name in ("contentsource", "author"):
        if name in metas:
            offer("agency", 50, metas[name])
    for name in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time"):
        if name in metas:
            offer("date", 50, metas[name])
    for field in ("agency", "date"):
        if field in script_fields:
            offer(field, 60, script_fields[field])
    for b in blocks:
        if isinstance(b, Paragraph) and len(b.text) < 200:
            for m in _PARA_FIELD.finditer(b.text):
                hit = _field_of(m.group(1))
                if hit:
                    offer(hit[0], 100 + hit[1], m.group(2))

    # Title: the first candidate that names a report, else the first candidate at all.
    cands: list[str] = []
    for name in ("articletitle", "og:title"):
        if name in metas:
            cands.append(metas[name])
    if "title" in found:
        cands.append(found["title"][1])
    if "title" in script_fields:
        cands.append(script_fields["title"])
    body = tree.first("body") if root is not None else None
    if body is None:
        body = root
    for h in () if body is None else body.iter("h1"):
        t = _finish(tree.text(h))
        if t:
            cands.append(t)
    title_el = tree.first("title")
    if title_el is not None and _has_string(title_el):
        t = _finish(tree.text(title_el))
        parts = [p.strip() for p in re.split(r"\s*(?:_|\||--|—|-\s)\s*", t) if p.strip()]
        cands += [p for p in parts if "报告" in p] or parts[:1]
    for b in blocks[:15]:
        if isinstance(b, Paragraph) and len(b.text) <= 80 and "报告" in b.text:
            cands.append(b.text)
            break
    title = next((c for c in cands if "报告" in c), cands[0] if cands else "")
    meta = {k: v for k, (_, v) in found.items() if k in ("agency", "date")}
    return meta, title


# ------------------------------------------------------------------ entry point
def _html_charset(data: bytes) -> str | None:
    """A charset the page declares in a <meta> (searched further than the generic sniff), else the generic one."""
    m = _META_CHARSET.search(data[:65536])
    if m:
        return m.group(1).decode("ascii")
    return declared_charset(data)


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _block_texts(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Grid):
            out += [c.text for row in b.rows for c in row if c.is_origin and c.text]
    return out


def _parse(text: str) -> _Tree:
    """libxml2's HTML parser through lxml, fed the text as bs4's "lxml" builder fed it."""
    parser = etree.HTMLParser()
    parser.feed(text.replace("\x00", ""))
    return _Tree(parser.close())  # None: no element at all (empty, blanks, a lone comment)


def _walk_tree(tree: _Tree, depth: int) -> tuple[list[Block], dict[str, str]]:
    """Blocks of one parsed page or fragment, deferred content resolved; plus fields named by scripts."""
    root = tree.root
    body = tree.first("body")
    if body is not None:
        walker = _Walker(tree, tree.text_len(body))
    else:  # no <body> (a frameset, a head alone): the whole document
        walker = _Walker(tree, 0 if root is None else tree.text_len(root))
    head = tree.first("head")
    if head is not None:  # report HTML kept in a script in <head> goes first
        for s in head.iter("script"):
            walker._script(s)
    if body is not None:
        walker.walk_from(body)
    elif root is not None:
        walker.visit(root, root.tag, False, None)
    walker.flush()
    visible = _compact("".join(_block_texts([b for b in walker.blocks if not isinstance(b, _Deferred)])))
    out: list[Block] = []
    fields = dict(walker.script_fields)
    for b in walker.blocks:
        if not isinstance(b, _Deferred):
            out.append(b)
            continue
        if depth >= 3:
            continue
        sub, sub_fields = _walk_tree(_parse(b.html), depth + 1)
        texts = [_compact(t) for t in _block_texts(sub)]
        cjk = sum(len(_CJK_RE.findall(t)) for t in texts)
        if cjk < 50 and not any(isinstance(x, Grid) for x in sub):
            continue
        probes = [t for t in texts if len(t) >= 8][:30]
        if probes and sum(t in visible for t in probes) >= 0.6 * len(probes):
            continue  # the page already shows this copy
        visible += "".join(texts)
        out += sub
        for k, v in sub_fields.items():
            fields.setdefault(k, v)
    return out, fields


def _why_empty(tree: _Tree, blocks: list[Block]) -> str:
    """What an empty page holds instead, for the one-line reason: pictures, frames, a redirect."""
    images = sum(isinstance(b, Image) for b in blocks)
    if images:
        return f", only {images} image(s)"
    if tree.root is None:
        return ""
    frame = next((f for f in tree.root.iter("frame", "iframe") if f.get("src") is not None), None)
    if frame is not None:
        return f" (the content is in a frame: {frame.get('src')[:120]})"
    for m in tree.root.iter("meta"):
        content = m.get("content") or ""
        if (m.get("http-equiv") or "").lower() == "refresh" and "url=" in content.lower():
            target = re.split(r"url\s*=\s*", content, maxsplit=1, flags=re.I)[-1].strip(" '\"")
            return f" (it redirects to {target[:120]})"
    return ""


def read(data: bytes, source: str) -> Document:
    """Read an HTML page or fragment (or a JS/JSON file holding one) into a Document."""
    name = Path(source).name or source
    text, enc = decode(data, name, _html_charset(data))
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    file_fields: dict[str, str] = {}
    if stripped[:1] in "{[" or re.match(r"(?:var|let|const|window\.|document\.|[\w$.]+\s*[(=])", stripped):
        frags = _embedded_html(stripped)  # a JSON or JS file that carries the report as a string
        if frags:
            file_fields = _script_fields(stripped)
            text = "\n".join(frags)
    try:
        tree = _parse(text)
        blocks, fields = _walk_tree(tree, 0)
    except (ValueError, RecursionError, AssertionError, etree.LxmlError) as e:
        raise ReadError(f"{name}: HTML parser failed ({type(e).__name__}: {e})") from None
    has_text = any(
        (isinstance(b, Paragraph) and b.text) or (isinstance(b, Grid) and any(c.text for r in b.rows for c in r))
        for b in blocks
    )
    if not has_text:
        raise ReadError(f"{name}: no text in the HTML page{_why_empty(tree, blocks)}")
    table_no = 0
    for b in blocks:
        if isinstance(b, Grid):
            table_no += 1
            b.table_no = table_no
    meta, title = _metadata(blocks, tree, {**fields, **file_fields})
    return Document(source=source, reader="html", blocks=blocks, title=title, meta=meta, encoding=enc)
