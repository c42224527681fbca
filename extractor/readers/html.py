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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from lxml import etree

from ..batchgc import paused
from ..encoding import declared_charset, decode, to_utf8
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
@lru_cache(maxsize=50000)
def _chrome_value(v: str) -> bool:
    """A class or id value holds a chrome token (memoised: pages repeat their class names)."""
    return any(_CHROME.match(t) for t in v.split())


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


_CJK_CLASS = "\u2e80-\u2fdf\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
_CJK_BREAK = re.compile(f"(?<=[{_CJK_CLASS}])[ \\t\\n\\r\\f\\v]*[\\n\\r][ \\t\\n\\r\\f\\v]*(?=[{_CJK_CLASS}])")


def _squash(raw: str) -> str:
    """HTML whitespace collapsing, except a source line break between two CJK characters vanishes.

    Word wraps its HTML source inside running Chinese text; a browser shows no
    gap there, and neither should the label the locator matches.
    """
    if raw.isprintable() and "  " not in raw:  # no tab, line break or run of spaces: nothing to collapse
        return raw
    if "\n" in raw or "\r" in raw:
        raw = _CJK_BREAK.sub("", raw)
    return _WS.sub(" ", raw)


def _squashed_line(raw: str) -> str:
    """``_squash(raw).strip(" \u00a0\u3000")``, a line's text, with the ASCII whitespace at either end cut first.

    Such a run becomes one space that the strip drops, and no CJK character stands before the first run or
    after the last one, so cutting it changes nothing; but a line whose only breaks were there (most: the
    walk's newlines between elements) then needs no regex.
    """
    return _squash(raw.strip(" \t\n\r\f\v")).strip(" \u00a0\u3000")


def _finish(text: str) -> str:
    """clean_text plus the final whitespace collapse (clean_text turns NBSP and U+3000 into spaces)."""
    if not text.isprintable():  # every character _CONTROL takes is a non-printable one
        text = _CONTROL.sub("", text)
    text = clean_text(text)
    return (_SPACES.sub(" ", text) if "  " in text else text).strip()


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
# The tree is lxml's (libxml2's HTML parser, the parse bs4's "lxml" builder is
# fed), walked directly: a string is ``el.text`` or a child's ``tail``;
# comments and processing instructions are children whose ``tag`` is not a str.
# Two details of bs4's tree are kept, since thresholds below count text: a
# string of ASCII whitespace alone is one space (one newline if it has one)
# outside <pre>/<textarea>; strings inside <script>, <style>, <template>,
# <rt>, <rp> are not page text.
#
# Speed: most of a page is table cells, so a cell's text comes from libxml2's
# own text serialisation whenever that provably equals what the walk gives (one
# line of text, nothing hidden or skipped inside); the Python walk is kept for
# the rest of the page and for any cell that is not that plain.
_CONTAINER = {"rt": "rt", "rp": "rp", "style": "style", "script": "script", "template": "template"}
_PRESERVE = frozenset({"pre", "textarea"})
_SPECIAL = ("pre", "textarea", "rt", "rp", "template")  # may hold elements whose strings change kind
_ASCII_WS = " \n\t\f\r"
_VANISH = " \t\n\r\f\v\u00a0\u3000"  # what one line of a cell loses: squashed whitespace, then the strip
_BREAKS = tuple(sorted(_BLOCK | {"br"}))  # elements that end a line inside a cell
_BREAK_SET = frozenset(_BREAKS)
_CELL_MUTE = tuple(sorted(_SKIP | {"script", "textarea", "rt", "rp"}))  # a cell shows none of their strings
_CELL_NAMES = frozenset({"td", "th"})
_SPECIAL_SET = frozenset(_SPECIAL)
_CELL_MUTE_SET = frozenset(_CELL_MUTE)
_FIRST_PASS = tuple(sorted(_SPECIAL_SET | _CELL_MUTE_SET | {"meta", "h1", "table"}))  # what _Tree's one pass finds
_ROW_GROUPS = ("thead", "tbody", "tfoot")
_NOT_ROW_HOLDERS = frozenset({"table", "td", "th", "caption", "thead", "tbody", "tfoot"})
_LAYOUT_MARKS = ("p", "div", "h1", "h2", "h3", "h4", "br")
# Whether any element may be hidden (``_HIDDEN``/``_MSO_HIDE`` on its style, or a ``hidden``
# attribute), asked of the ASCII-lowered UTF-8 markup; a hit only means "look at each element".
# Character references to letters or "-", and the non-ASCII letters re.I folds to ASCII ones
# (İ ı ſ), could spell a keyword the markup does not show: they are hits too.
_HIDE_AFTER = frozenset(b" \t\n\r\f\v\x1c\x1d\x1e\x1f:&;") | frozenset(range(0x80, 0x100))
_HIDDEN_BEFORE = frozenset(b" \t\n\r\f\v\"'/")
_HIDDEN_AFTER = frozenset(b" \t\n\r\f\v=>/")
_LETTER_REF = re.compile(
    rb"&#(?:x0*(?:2d|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])(?![0-9a-f])|0*(?:45|6[5-9]|[78][0-9]|9[0789]|1[01][0-9]|12[0-2])(?![0-9]))"
)


# The two words _may_hide looks for, as regexes: re finds a literal 1.5-2 times faster than bytes.find does
# in page markup (a full pass over a 140 KB Word page: 45-49 us against 56-96).
_DISPLAY = re.compile(rb"display")
_HID = re.compile(rb"hid")


def _may_hide(markup: bytes) -> bool:
    if (b"\xc4" in markup or b"\xc5" in markup) and any(c in markup for c in (b"\xc4\xb0", b"\xc4\xb1", b"\xc5\xbf")):
        return True
    low = markup.lower()  # lower() keeps non-letters, so "&#" is found as well in either
    if _has_char_ref(markup) and _LETTER_REF.search(low):
        return True
    for m in _DISPLAY.finditer(low):
        i = m.end()
        if i < len(low) and low[i] in _HIDE_AFTER:  # display\s*:
            return True
    visibility = None
    for m in _HID.finditer(low):
        i = m.start()
        if low[i - 4:i] == b"mso-":  # mso-hide
            return True
        if low[i + 3:i + 6] == b"den":
            if i > 0 and low[i - 1] in _HIDDEN_BEFORE and (i + 6 >= len(low) or low[i + 6] in _HIDDEN_AFTER):
                return True  # a hidden attribute
            if i > 0 and low[i - 1] in _HIDE_AFTER:  # visibility\s*:\s*hidden
                if visibility is None:
                    visibility = b"visibility" in low
                if visibility:
                    return True
    return False


def _has_char_ref(markup: bytes) -> bool:
    """``b"&#" in markup``, by the few "&"s a page holds (a one-byte search is much faster than a two-byte one)."""
    i = markup.find(b"&")
    while i >= 0:
        if markup[i + 1:i + 2] == b"#":
            return True
        i = markup.find(b"&", i + 1)
    return False


_Element = etree._Element


def _ws(s: str) -> str:
    """A string of ASCII whitespace alone becomes one space, or one newline when it holds one."""
    if s.strip(_ASCII_WS):
        return s
    return "\n" if "\n" in s else " "


def _raw_text(el: _Element) -> str:
    """Every string under ``el`` (script and style text too, no comments), by libxml2."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


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


def _hidden_attrs(el: _Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and bool(_HIDDEN.search(style) or _MSO_HIDE.search(style))


def _first(root: _Element, *tags: str) -> _Element | None:
    """``next(root.iter(*tags), None)``, without lxml's walk over the rest of the tree.

    An lxml iterator finds its next match ahead of time, so ``next()`` on it
    scans the whole document after the first hit; here only the subtree of the
    root's child holding the hit is scanned (document order: the root, then each
    child's subtree in turn). The HTML parser makes no namespaces: a tag is its name.
    """
    if root.tag in tags:
        return root
    for child in root:
        tag = child.tag
        if type(tag) is str:
            if tag in tags:
                return child
            hit = next(child.iter(*tags), None)
            if hit is not None:
                return hit
    return None


class _Tree:
    """One parsed page or fragment: its root (None when the markup holds no element) and what the walk asks of it."""

    def __init__(self, root: _Element | None, markup: bytes) -> None:
        self.root = root
        self.body = self.head = None
        self.special = False
        self.hidden: set[_Element] = set()
        self._mute: set[_Element] | None = None
        self._body_len: int | None = None
        self._body_bounds: tuple[int, int] | None = None
        self.metas: list[_Element] = []  # every <meta>, and every <h1> (in the body or not), for _metadata
        self.h1s: list[_Element] = []
        self.holders: set[_Element] = set()  # every element holding a table (a table holding one is a layout)
        self._mute_els: list[_Element] = []  # every element a cell never shows (_CELL_MUTE), for mute_cells
        if root is None:
            return
        self.body = _first(root, "body")
        self.head = _first(root, "head")
        # One pass, while the new tree is still in the cache: elements that change how strings are read, those
        # _metadata wants (it runs last, when a large page's tree has left the cache), tables, and what mutes a
        # cell. (Asking each table and each chrome element whether it holds a table scanned their subtrees.)
        tables = []
        for el in root.iter(*_FIRST_PASS):
            tag = el.tag
            if tag == "table":
                tables.append(el)
                continue
            if tag == "meta":
                self.metas.append(el)
            elif tag == "h1":
                self.h1s.append(el)
            if tag in _SPECIAL_SET:
                self.special = True
            if tag in _CELL_MUTE_SET:
                self._mute_els.append(el)
        holders = self.holders
        for table in tables:
            for el in table.iterancestors():
                if el in holders:  # and so are all its ancestors
                    break
                holders.add(el)
        if _may_hide(markup):  # it lowers the markup itself
            self.hidden = {el for el in root.iter(etree.Element) if _hidden_attrs(el)}

    def first(self, tag: str) -> _Element | None:
        return None if self.root is None else _first(self.root, tag)

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

    @staticmethod
    def _low(el: _Element, raw: str) -> int:
        """A lower bound on ``text_len(el)`` from ``raw``, libxml2's text of ``el`` (a tree without _SPECIAL elements).

        ``len(raw)`` is the upper bound: it holds every string of ``el``.
        """
        return len(raw) - sum(map(raw.count, _ASCII_WS)) - sum(len(s.text or "") for s in el.iter("script", "style"))

    def small(self, el: _Element) -> bool:
        """``el`` holds less than 0.4 of the page's text (``text_len`` of the body, else of the document)."""
        top = self.body if self.body is not None else self.root
        assert top is not None
        if not self.special:
            if self._body_bounds is None:
                raw = _raw_text(top)
                self._body_bounds = self._low(top, raw), len(raw)
            raw = _raw_text(el)
            if len(raw) < 0.4 * max(self._body_bounds[0], 1):  # the usual chrome: its lower bound is not needed
                return True
            if self._low(el, raw) >= 0.4 * max(self._body_bounds[1], 1):
                return False
        if self._body_len is None:
            self._body_len = self.text_len(top)
        return self.text_len(el) < 0.4 * max(self._body_len, 1)

    def mute_cells(self) -> set[_Element]:
        """Cells holding something a cell never shows (script, form field, hidden element, ruby text)."""
        if self._mute is None:
            mute: set[_Element] = set()
            for el in self._mute_els:  # those outside the body too: the cells they mute are never read
                mute.update(el.iterancestors("td", "th"))
            for el in self.hidden:
                mute.update(el.iterancestors("td", "th"))
            if self.special and self.root is not None:
                for el in self.root.iter("rt", "rp", "template"):
                    mute.update(el.iter("td", "th"))
            self._mute = mute
        return self._mute


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


# bs4's void elements: written as <br/> when empty.
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image", "img", "input",
    "isindex", "keygen", "link", "menuitem", "meta", "nextid", "param", "source", "spacer", "track", "wbr",
})


def _inner_html(el: _Element) -> str:
    """The markup inside ``el``, as bs4's ``decode_contents()`` wrote it, to be parsed again on its own.

    Not libxml2's serialisation: that writes a "\r" as "&#13;", which parses back
    as "\r", where bs4's raw "\r" parses back as a line feed.
    """
    out: list[str] = []
    _dump(el, _context(el)[0], out)
    return "".join(out)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dump(el: _Element, pre: bool, out: list[str]) -> None:
    raw = el.tag in ("script", "style")  # their strings are written as they are
    t = el.text
    if t:
        t = t if pre else _ws(t)
        out.append(t if raw else _escape(t))
    for ch in el:
        tag = ch.tag
        if type(tag) is str:
            attrs = "".join(f' {k}="{_escape(v).replace(chr(34), "&quot;")}"' for k, v in ch.items())
            if tag in _VOID and not len(ch) and not ch.text:
                out.append(f"<{tag}{attrs}/>")
            else:
                out.append(f"<{tag}{attrs}>")
                _dump(ch, pre or tag in _PRESERVE, out)
                out.append(f"</{tag}>")
        elif tag is etree.Comment:
            out.append(f"<!--{ch.text or ''}-->")
        elif tag is etree.ProcessingInstruction:
            out.append(f"<?{ch.target} {ch.text or ''}?>")
        t = ch.tail
        if t:
            t = t if pre else _ws(t)
            out.append(t if raw else _escape(t))


def _remember(memo: dict, key: str, value, limit: int = 50000):
    """``memo[key] = value``, ``memo`` emptied first when it holds ``limit`` entries; returns ``value``.

    The reader's memos of per-cell work are plain dicts that the hot loop asks
    with ``.get`` and fills through this on a miss, not lru_caches: an
    lru_cache hit also relinks the cache's list, which touches more memory,
    and a read runs with cold caches (after another program, or the previous
    page's parse).
    """
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


_LINES: dict[str, str] = {}  # _line's memo


def _runs(el: _Element, runs: list[str], run: list[str]) -> int:
    """``el``'s strings cut where the walk ends a line (at each line-breaking element's start and end, at a <br>);
    ``run`` holds the open run's strings, ``runs`` gets the closed ones. Returns how many such elements are below.

    What ``_Walker._cell_text`` does, for a cell holding nothing the walk skips or hides (``_Tree.mute_cells``):
    there every element is either one of these or runs on, so only the cuts matter. The strings are taken
    raw, as in a one-line cell's libxml2 text (see ``_grid``): the walk turns a string of ASCII whitespace
    alone into one space, or one newline if it holds one (``_ws``), and squashing a line gives the same
    either way; but for a lone "\r", which it turns into a space (``_lines_text`` leaves that to the walk).
    """
    n = 0
    t = el.text
    if t:
        run.append(t)
    for ch in el:
        tag = ch.tag
        if type(tag) is str:
            if tag in _BREAK_SET:
                n += 1
                runs.append("".join(run))
                run.clear()
                if tag != "br":  # the walk ends a line at a <br> and reads nothing of it
                    n += _runs(ch, runs, run)
                    runs.append("".join(run))
                    run.clear()
            elif len(ch):
                n += _runs(ch, runs, run)
            elif t := ch.text:
                run.append(t)
        t = ch.tail
        if t:
            run.append(t)
    return n


def _lines_text(td: _Element) -> tuple[str | None, int, int]:
    """A cell's text by its lines (``_runs``), the number of line-breaking elements in it, and the length of all
    its strings (libxml2's text of the cell: ``_grid``'s bound on its longest cell).

    The text is None when a string holds "\r" (bs4 reads a lone "\r" as a space; the walk must see it).
    """
    runs: list[str] = []
    run: list[str] = []
    n = _runs(td, runs, run)
    runs.append("".join(run))
    size = sum(map(len, runs))
    if any("\r" in r for r in runs):
        return None, n, size
    lines = [line for r in runs if (line := _squashed_line(r))]
    return _finish(_join_lines(lines)), n, size


def _line(raw: str) -> str:
    """A cell's text when all of it is one line: ``raw`` squashed, stripped and finished (``_grid`` asks ``_LINES`` first)."""
    return _remember(_LINES, raw, _finish(_squashed_line(raw)))


class _Walker:
    """Turns a parsed tree into blocks in reading order."""

    def __init__(self, tree: _Tree, field_grids: dict[int, Grid]) -> None:
        self.tree = tree
        self.hidden = tree.hidden
        self.blocks: list[Block | _Deferred] = []
        self.buf: list[str] = []
        self.lines: list[str] | None = None  # set while collecting one cell's lines
        self.script_fields: dict[str, str] = {}  # title/date/agency named by a script's data object
        self.field_grids = field_grids  # each grid made with a cell that names a metadata field, by id()

    # -- text buffer
    def flush(self) -> None:
        if not self.buf:
            return
        raw = _squashed_line("".join(self.buf))
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
        t = node.text
        if t and kind is None:
            self.buf.append(t if pre else _ws(t))
        for child in node:
            name = child.tag
            if type(name) is str:
                self.visit(child, name, pre, kind)
            t = child.tail
            if t and kind is None:
                self.buf.append(t if pre else _ws(t))

    def visit(self, child: _Element, name: str, pre: bool, kind: str | None) -> None:
        """One element met in the walk."""
        if name == "script" or name == "textarea":
            if self.lines is None:
                self._script(child)
            return
        if name in _SKIP:
            return
        if child in self.hidden:
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

    def _chrome(self, el: _Element) -> bool:
        """Navigation, breadcrumb, footer, related links ... but never something holding a table or most of the text."""
        if el.tag in _CHROME_TAGS:
            hit = True
        else:
            keys = el.keys()  # most elements have none of the three: no .get for those
            if not keys:
                return False
            hit = "role" in keys and (el.get("role") or "").lower() in _CHROME_ROLES
            if not hit:
                for attr in ("class", "id"):
                    if attr in keys:
                        v = el.get(attr)
                        if v:
                            hit = _chrome_value(v)
                            if hit:
                                break
        if not hit or el in self.tree.holders:
            return False
        return self.tree.small(el)

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
        rows, ends, groups, captions = _table_rows(table)
        row_cells = [_row_cells(tr) for tr in rows]
        # A table used for page layout (see ``_long_cell``) is walked as a container. Whether a cell is
        # that long is asked only when the grid's reading finds one over 300 characters long.
        grid = None
        layout = table in self.tree.holders or sum(map(len, row_cells)) <= 1
        if not layout:
            grid, longest = self._grid(table, ends, row_cells, groups + len(captions))
            layout = longest > 300 and _long_cell(self.tree, row_cells)
        if layout:
            for cap in captions:
                self.walk_from(cap)
                self.flush()
            for cells in row_cells:
                for td in cells:
                    if td in self.hidden or self._chrome(td):
                        continue
                    self.flush()
                    self.walk_from(td)
                    self.flush()
            return
        for cap in captions:
            self.walk_from(cap)
            self.flush()
        if grid is not None:
            self.blocks.append(grid)

    def _cell_text(self, td: _Element) -> str:
        """A cell's text by the walk: its lines, joined."""
        saved_buf, saved_lines = self.buf, self.lines
        self.buf, self.lines = [], []
        self.walk_from(td)
        self.flush()
        lines = self.lines
        self.buf, self.lines = saved_buf, saved_lines
        return _finish(_join_lines(lines))

    def _grid(
        self, table: _Element, ends: list[int], row_cells: list[list[_Element]], outside: int
    ) -> tuple[Grid | None, int]:
        """The HTML table algorithm: rowspan/colspan expanded, every copy remembers its origin.

        Also a bound on the length of the longest cell's text (``text_len``): the
        length of libxml2's text of the cell, which holds every string of it.

        Every position of a merged cell (its origin too) carries ``origin``; a
        plain cell has ``origin=None``.

        A cell's text is what ``_cell_text`` gives; when the cell is one line
        (no element that breaks a line inside it, or one alone in it with blanks
        around) that line is libxml2's text of the cell, or of that element.
        A cell of several children, or whose lone block's lone child is or
        directly holds a line break, or whose lone block has several children
        after some text, is read by its lines (``_lines_text``), every break in
        it counted: agencies print vertical headers so ("商<br>业", Word's one
        paragraph per line).
        Whether the other cells are one line is settled for the whole table at
        once: every line-breaking element in the table must be a row group,
        caption, row, cell, such a lone element, or counted in a cell read by
        its lines (``outside``: the groups and captions). A cell whose block
        has several children, or a lone child holding elements, is read off
        libxml2's text of the block; when the count shows a break that was not
        accounted for, ``_rewalk`` reads again by their lines those cells that
        hold one. The count is skipped when no cell's text was taken so: only
        such a cell can hold a break its reading missed.
        """
        if not row_cells:
            return None, 0
        mute = self.tree.mute_cells()
        field_start = _FIELD_START
        has_field = False  # a cell's text names a metadata field (_cell_field), for _metadata
        tostring = etree.tostring
        breaks = _BREAK_SET
        spans = _SPANS
        lines = _LINES
        deep = False  # some cell's text was taken from libxml2's text of an element holding elements
        accounted = outside + len(row_cells)
        n_rows = len(row_cells)
        # occ[r][c]: the text at (r, c), None where no cell is; org[r][c]: the origin of a merged cell at
        # (r, c), None elsewhere (and past the row's end); org[r] is None while no merged cell reaches the row
        occ: list[list[str | None]] = [[] for _ in range(n_rows)]
        org: list[list[tuple[int, int] | None] | None] = [None] * n_rows
        # td, pick, r, c, rs, cs of each cell read off an element holding elements: of the cells whose text is
        # taken from libxml2 (not walked), only these can hold a line break not accounted for (see _rewalk)
        placed: list[tuple[_Element, _Element | None, int, int, int, int]] = []
        shown = [False] * n_rows  # the row prints something of its own (not only copies merged from above)
        last = [-1] * n_rows  # column of the row's last cell
        longest = 0
        for r, cells in enumerate(row_cells):
            accounted += len(cells)
            row = occ[r]
            c = 0
            down = ends[r] - r  # rows left in the row's group
            for td in cells:
                n = len(row)
                while c < n and row[c] is not None:  # taken by a cell merged from above
                    c += 1
                cs = td.get(b"colspan")  # a bytes name: lxml takes it as it is (a str is encoded on each call)
                rs = td.get(b"rowspan")
                if cs is not None:
                    cs = _span(cs) if (v := spans.get(cs)) is None else v
                    cs = 1 if cs < 1 else min(cs, 1000)
                else:
                    cs = 1
                if rs is not None:  # 0: to the group's end
                    rs = _span(rs) if (v := spans.get(rs)) is None else v
                    rs = 1 if rs < 0 else down if rs == 0 else min(rs, 65534, down)
                else:
                    rs = 1
                # the text: pick what to take libxml2's text of (None: read the cell by its lines, or walk it),
                # and read it
                # (``_raw_text`` of ``pick``; off lxml's .text/.tail when ``pick`` holds text nodes alone,
                # or those and one childless element)
                pick: _Element | None = td
                raw = text = None
                cell_deep = False
                by_lines = False  # the cell is read by its lines (_lines_text), every break in it counted
                k = len(td)
                if mute and td in mute:
                    pick = None
                    accounted += sum(1 for _ in td.iterdescendants(*_BREAKS))
                    size = len(_raw_text(td))
                elif not k:
                    raw = td.text or ""
                    size = len(raw)
                elif k == 1:
                    b = td[0]
                    tag = b.tag
                    t = td.text
                    tail = b.tail
                    if tag in breaks:
                        if (t and t.strip(_VANISH)) or (tail and tail.strip(_VANISH)):
                            by_lines = True  # text around a block: several lines
                        else:
                            pick = b
                            kb = len(b)
                            if kb == 1:
                                inner = b[0]
                                itag = inner.tag
                                ki = len(inner)
                                if itag in breaks or (ki and not breaks.isdisjoint([ch.tag for ch in inner])):
                                    by_lines = True  # the block's lone child is or holds a break
                                elif ki:  # elements below the lone child: breaks further down are counted
                                    raw = tostring(b, method="text", encoding=str, with_tail=False)
                                    cell_deep = True
                                elif type(itag) is str:
                                    raw = (b.text or "") + (inner.text or "") + (inner.tail or "")
                                else:  # a comment or processing instruction: not its text
                                    raw = (b.text or "") + (inner.tail or "")
                            elif kb and b.text:  # several children after text, as in "商<br>业<br>企"
                                by_lines = True
                            elif kb:  # several elements (Word's runs): any break among or below them is counted
                                raw = tostring(b, method="text", encoding=str, with_tail=False)
                                cell_deep = True
                            else:
                                raw = b.text or ""
                            if raw is not None:
                                accounted += 1
                                size = len(raw)
                                if t:
                                    size += len(t)
                                if tail:
                                    size += len(tail)
                    elif type(tag) is str and not len(b):
                        raw = (t or "") + (b.text or "") + (tail or "")
                        size = len(raw)
                    else:
                        raw = tostring(td, method="text", encoding=str, with_tail=False)
                        size = len(raw)
                        cell_deep = True
                else:  # several children
                    by_lines = True
                if by_lines:
                    pick = None
                    text, nb, size = _lines_text(td)
                    accounted += nb
                if size > longest:
                    longest = size
                if raw is not None and "\r" not in raw:  # "\r" alone is a string bs4 turns into a space
                    text = lines.get(raw)
                    if text is None:
                        text = _line(raw)
                elif text is None:
                    pick = None
                    text = self._cell_text(td)
                if text:
                    shown[r] = True
                    if text[0] in field_start and not has_field:
                        has_field = _cell_field(text) is not None
                if rs == 1 and cs == 1:
                    if c == n:
                        row.append(text)
                    else:
                        row[c] = text
                else:
                    _merge(occ, org, r, c, rs, cs, text)
                if cell_deep and pick is not None:
                    deep = True
                    placed.append((td, pick, r, c, rs, cs))
                c += cs
            if cells:
                last[r] = c - cs
        if deep and len(list(table.iterdescendants(*_BREAKS))) != accounted and self._rewalk(table, placed, occ, org):
            # Texts changed: again, whether each row shows a text of its own (at a position whose origin is in
            # the row), and whether a text names a field. (No input seen yet changes either; kept for exactness.)
            has_field = False
            for r in range(n_rows):
                origins = org[r]
                shown[r] = False
                for c, text in enumerate(occ[r]):
                    if text and (origins is None or c >= len(origins) or origins[c] is None or origins[c][0] == r):
                        shown[r] = True
                        if text[0] in field_start and not has_field:
                            has_field = _cell_field(text) is not None
        # Word's zero-height "supportMisalignedColumns" row, empty <tr></tr>, rows of blanks: gone.
        # A row is kept when it prints something of its own (a cell's own position is never taken by a later cell).
        keep = [r for r in range(n_rows) if shown[r]]
        if not keep:
            return None, longest
        grid = Grid(rows=_cells(occ, org, keep, last), kind="cells")
        if has_field:
            self.field_grids[id(grid)] = grid  # kept, so no later grid can take its id
        return grid, longest

    def _rewalk(
        self, table: _Element, placed: list, occ: list[list[str | None]], org: list[list[tuple[int, int] | None] | None]
    ) -> bool:
        """Read again, by their lines, the cells that hold line-breaking elements not accounted for; fix their text
        in ``occ`` and ``placed``.

        ``placed``: the cells read off an element holding elements. Of the other
        cells, those taken from libxml2's text hold no such break (theirs are the
        cell and its lone element) and those read by their lines or walked
        already need no second reading. Returns whether any cell was read again.
        """
        where: dict[_Element, int] = {}
        known: set[_Element] = set()
        for i, (td, pick, *_) in enumerate(placed):
            where[td] = i
            if pick is not None and pick is not td:
                known.add(pick)
        redo: set[int] = set()
        for el in table.iterdescendants(*_BREAKS):
            if el in known or el in where:
                continue
            node = el.getparent()
            while node is not None and node is not table:
                i = where.get(node)
                if i is not None:
                    if placed[i][1] is not None:
                        redo.add(i)
                    break
                node = node.getparent()
        for i in sorted(redo):
            td, _, r, c, rs, cs = placed[i]
            text = _lines_text(td)[0]  # placed cells are not mute
            if text is None:
                text = self._cell_text(td)
            if rs == 1 and cs == 1:
                occ[r][c] = text
            else:
                origin = (r, c)
                for below in range(r, r + rs):
                    texts, origins = occ[below], org[below]
                    assert origins is not None  # the merge reached the row
                    for cc in range(c, c + cs):
                        if origins[cc] == origin:  # not since covered by a later cell
                            texts[cc] = text
            placed[i] = (td, None, r, c, rs, cs)
        return bool(redo)


def _cells(
    occ: list[list[str | None]], org: list[list[tuple[int, int] | None] | None], keep: list[int], last: list[int]
) -> list[list[Cell]]:
    """The kept rows of ``occ`` as Cells, origins renumbered.

    ``org``: the origins of merged cells (see ``_grid``); ``last``: the column
    of each row's last cell.
    """
    # Trailing columns where no cell starts (colspan="100" on a 4-column table) have no width.
    width = 1 + max(last[r] for r in keep)
    cols = range(width)
    new_row: dict[int, int] | None = None
    moved: dict[tuple[int, int], tuple[int, int]] = {}
    grid_rows: list[list[Cell]] = []
    for new_r, old_r in enumerate(keep):
        row = occ[old_r]
        if len(row) < width:
            row.extend([None] * (width - len(row)))
        origins = org[old_r]
        if origins is None:  # no merged cell reaches the row: it is text alone, up to where it ends
            if row[width - 1] is None:
                row = ["" if t is None else t for t in row]
            grid_rows.append(list(map(Cell, row, repeat(new_r, width), cols)))
            continue
        if len(origins) < width:
            origins.extend([None] * (width - len(origins)))
        if new_r == old_r:  # no row above was dropped: every origin (in this row or above) keeps its place
            if None in row:
                row = ["" if t is None else t for t in row]
            grid_rows.append(list(map(Cell, row, repeat(new_r, width), cols, origins)))
            continue
        if new_row is None:
            new_row = {old: new for new, old in enumerate(keep)}
        line: list[Cell] = []
        for c in cols:
            text, origin = row[c], origins[c]
            if origin is not None:
                if origin[0] in new_row:
                    origin = (new_row[origin[0]], origin[1])
                else:  # the origin's row was dropped: the first kept copy stands in for it
                    origin = moved.setdefault(origin, (new_r, c))
            line.append(Cell("" if text is None else text, new_r, c, origin))
        grid_rows.append(line)
    return grid_rows


def _merge(
    occ: list[list[str | None]], org: list[list[tuple[int, int] | None] | None], r: int, c: int, rs: int, cs: int,
    text: str,
) -> None:
    """Put a merged cell starting at (r, c) on every position it covers."""
    origin = (r, c)
    end = c + cs
    for below in range(r, r + rs):
        texts = occ[below]
        origins = org[below]
        if origins is None:
            origins = org[below] = [None] * end
        elif len(origins) < end:
            origins.extend([None] * (end - len(origins)))
        if len(texts) < end:
            texts.extend([None] * (end - len(texts)))
        texts[c:end] = [text] * cs
        origins[c:end] = [origin] * cs


_SPAN = re.compile(r"\s*(\d+)")


_SPANS: dict[str, int] = {}


def _span(value: str) -> int:
    """A rowspan/colspan attribute's number as browsers read it: its leading digits, -1 for none (memoised in ``_SPANS``)."""
    m = _SPAN.match(value)
    v = int(m.group(1)) if m else -1
    return _remember(_SPANS, value, v, 10000) if len(value) <= 16 else v


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


def _table_rows(table: _Element) -> tuple[list[_Element], list[int], int, list[_Element]]:
    """The table's own <tr>s (not those of nested tables), <tfoot> last as browsers draw it.

    Also the index just past each row's group (thead/tbody/tfoot): a rowspan
    ends there, as in a browser; how many groups are the table's children;
    and its <caption> children (met on the same pass).
    """
    groups: list[list[_Element]] = []
    foot: list[list[_Element]] = []
    loose: list[_Element] = []
    captions: list[_Element] = []
    n_groups = 0

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
            n_groups += 1
            close_loose()
            rows: list[_Element] = []
            gather(child, rows)
            (foot if name == "tfoot" else groups).append(rows)
        elif name == "tr":
            loose.append(child)
        elif name == "caption":
            captions.append(child)
        elif name not in ("table", "td", "th"):
            gather(child, loose)
    close_loose()
    out: list[_Element] = []
    ends: list[int] = []
    for g in groups + foot:
        out += g
        ends += [len(out)] * len(g)
    return out, ends, n_groups, captions


def _row_cells(tr: _Element) -> list[_Element]:
    """The row's cells: its <td> and <th> children (``tr[:]`` and a test of each tag beats ``iterchildren("td", "th")``)."""
    cells = tr[:]
    for child in cells:
        if child.tag not in _CELL_NAMES:
            return [c for c in cells if c.tag in _CELL_NAMES]
    return cells


def _long_cell(tree: _Tree, row_cells: list[list[_Element]]) -> bool:
    """One cell holds over 300 characters, most of the table's text, and paragraphs: the table lays out a page.

    (The other layout tables hold tables or are one single cell.) A data table
    with a long note row stays a table: the long cell must also hold most of
    the table's text.
    """
    cells = [td for line in row_cells for td in line]
    lengths = [tree.text_len(td) for td in cells]
    total = sum(lengths)
    for td, n in zip(cells, lengths, strict=True):
        if n > 300 and n > 0.6 * total and next(td.iterdescendants(*_LAYOUT_MARKS), None) is not None:
            return True
    return False


# ------------------------------------------------------------------ embedded HTML (JS strings, JSON)
# A JS string literal: "..." or '...' (one line), `...` (any lines); a backslash escapes the next character.
_JS_QUOTE = re.compile(r"[\"'`]")
_JS_BODY = {
    '"': re.compile(r'(?:[^"\\\n]|\\.)*', re.S),
    "'": re.compile(r"(?:[^'\\\n]|\\.)*", re.S),
    "`": re.compile(r"(?:[^`\\]|\\.)*", re.S),
}


def _js_literals(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of each string literal, left to right (what a ``finditer`` of the three forms finds).

    In linear time: a literal that never closes (a stray quote) fails where its
    body ends, and no later start with the same quote before that point can
    close either (it is an escaped quote inside that body, and its own body
    runs on in step), so those starts are not tried again. A ``finditer``
    tried each, scanning to the end of the line every time: a long one-line
    file of escaped quotes took minutes.
    """
    failed = {'"': -1, "'": -1, "`": -1}  # for each quote: starts before this point cannot close
    n = len(text)
    pos = 0
    while (m := _JS_QUOTE.search(text, pos)) is not None:
        start = m.start()
        quote = text[start]
        if start < failed[quote]:
            pos = start + 1
            continue
        end = _JS_BODY[quote].match(text, start + 1).end()  # the body never gives back: its units cannot be a quote
        if end < n and text[end] == quote:
            yield start, end + 1
            pos = end + 1
        else:
            failed[quote] = end
            pos = start + 1


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


_ANY_TAG = re.compile(r"<[^>]*>")


def _looks_like_report_html(s: str) -> bool:
    # Both patterns need a ">" after their "<", so nothing starting past the last ">" can match; and before
    # it a "<" either fails at once (no tag name) or matches. Cutting there keeps the results and spares a
    # scan to the end from every "<" with no ">" after it (quadratic on a long run of "<p").
    head = s[:200000]
    if len(_TAG_RE.findall(head, 0, head.rfind(">") + 1)) < 2:
        return False
    cut = s.rfind(">") + 1
    text = _ANY_TAG.sub("", s[:cut]) + s[cut:]
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
    for start, end in _js_literals(text):
        if group and not _JS_JOIN.match(text[last_end:start]):
            out.append("".join(group))
            group = []
        group.append(_js_unescape(text[start + 1:end - 1]))
        last_end = end
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
_PARA_LABELS = ("发布机构", "发文机关", "发布单位", "来源", "信息来源", "发文日期", "成文日期", "发布日期", "发布时间", "公开日期")
_PARA_FIELD = re.compile(
    "(" + "|".join(_PARA_LABELS) + r")\s*[:：]\s*"
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


_FIELD_INDEX: dict[str, tuple[str, int]] = {}
for _field, _names in _META_FIELDS.items():
    for _i, _name in enumerate(_names):
        _FIELD_INDEX.setdefault(_name, (_field, _i))
_SPACE_RUN = re.compile(r"\s+")
# The characters a text that names a field (_cell_field) can start with: a label's first, or a
# whitespace (the lookup drops it; U+3000 is the last character str.isspace() holds true of).
_FIELD_START = frozenset(name[0] for name in _FIELD_INDEX) | frozenset(c for c in map(chr, range(0x3001)) if c.isspace())
_TITLE_SEP = re.compile(r"\s*(?:_|\||--|—|-\s)\s*")  # between a page title's parts ("报告_某某局_首页")


def _field_of(label: str) -> tuple[str, int] | None:
    """Which metadata field a printed label names, and its rank (lower = preferred)."""
    hit = _FIELD_INDEX.get(label)
    if hit is None and _SPACE_RUN.search(label):
        hit = _FIELD_INDEX.get(_SPACE_RUN.sub("", label))
    return hit


def _label(text: str) -> re.Match[str] | None:
    """``_LABEL.match``, skipped when the text has no colon it could match."""
    return _LABEL.match(text) if ":" in text or "：" in text else None


_CELL_FIELDS: dict[str, tuple[tuple[str, int], str] | None] = {}


def _cell_field(text: str) -> tuple[tuple[str, int], str] | None:
    """The metadata field a cell's text names (label alone, or "label: value") and the value it holds (memoised)."""
    try:
        return _CELL_FIELDS[text]
    except KeyError:
        pass
    m = _label(text)
    label, value = (m.group(1), m.group(2)) if m else (text, "")
    hit = _field_of(label)
    return _remember(_CELL_FIELDS, text, None if hit is None else (hit, value))


def _inside(el: _Element, top: _Element) -> bool:
    """``top`` is an ancestor of ``el``."""
    node = el.getparent()
    while node is not None:
        if node is top:
            return True
        node = node.getparent()
    return False


def _metadata(
    blocks: list[Block], tree: _Tree, script_fields: dict[str, str], field_grids: dict[int, Grid]
) -> tuple[dict[str, str], str]:
    """Agency, date and title from the metadata table, <meta> tags and the byline; and the title.

    ``field_grids``: each grid with a cell that names a field, by id() (the walk
    notes them as it reads the cells); the rows of no other grid need reading here.
    """
    found: dict[str, tuple[int, str]] = {}

    def offer(field: str, rank: int, value: str) -> None:
        value = value.strip()
        if field == "date":
            value = _iso_date(value)
        if value and (field not in found or rank < found[field][0]):
            found[field] = (rank, value)

    for b in blocks:
        if not isinstance(b, Grid) or id(b) not in field_grids:
            continue
        for row in b.rows:
            if not any(_cell_field(c.text) for c in row if c.text):
                continue
            cells = [c for c in row if c.origin is None or c.origin == (c.row, c.col)]  # is_origin, inlined
            for i, c in enumerate(cells):
                if not c.text:
                    continue  # no label, no field
                found_field = _cell_field(c.text)
                if found_field is None:
                    continue
                hit, value = found_field
                if not value and i + 1 < len(cells) and not _label(cells[i + 1].text):
                    value = cells[i + 1].text
                offer(hit[0], hit[1], value)
    metas = {}
    for m in tree.metas:
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
    for b in blocks:  # _PARA_FIELD needs a label and a colon after it (NFKC made a full-width one ":" already)
        if (isinstance(b, Paragraph) and len(b.text) < 200 and ":" in b.text
                and any(label in b.text for label in _PARA_LABELS)):
            for m in _PARA_FIELD.finditer(b.text):
                hit = _field_of(m.group(1))
                if hit:
                    offer(hit[0], 100 + hit[1], m.group(2))

    # Title: the first candidate that names a report, else the first candidate at all.
    first: str | None = None
    for cand in _title_candidates(blocks, tree, metas, found, script_fields):
        if "报告" in cand:
            title = cand
            break
        if first is None:
            first = cand
    else:
        title = first or ""
    meta = {k: v for k, (_, v) in found.items() if k in ("agency", "date")}
    return meta, title


def _title_candidates(
    blocks: list[Block], tree: _Tree, metas: dict[str, str], found: dict[str, tuple[int, str]],
    script_fields: dict[str, str],
) -> Iterator[str]:
    """Title candidates, best first: <meta> titles, the metadata table's, a script's, the body's <h1>s, the
    <title>'s parts, a short paragraph naming a report. Each is worked out only when asked for: the first
    one naming a report ends the search."""
    for name in ("articletitle", "og:title"):
        if name in metas:
            yield metas[name]
    if "title" in found:
        yield found["title"][1]
    if "title" in script_fields:
        yield script_fields["title"]
    body = tree.body if tree.body is not None else tree.root
    for h in tree.h1s:
        if body is tree.root or _inside(h, body):
            t = _finish(tree.text(h))
            if t:
                yield t
    title_el = tree.first("title")
    if title_el is not None and _has_string(title_el):
        t = _finish(tree.text(title_el))
        parts = [p.strip() for p in _TITLE_SEP.split(t) if p.strip()]
        yield from [p for p in parts if "报告" in p] or parts[:1]
    for b in blocks[:15]:
        if isinstance(b, Paragraph) and len(b.text) <= 80 and "报告" in b.text:
            yield b.text
            break


# ------------------------------------------------------------------ entry point
def _html_charset(data: bytes) -> str | None:
    """A charset the page declares in a <meta> (searched further than the generic sniff), else the generic one."""
    m = _META_CHARSET.search(data[:65536])
    if m:
        return m.group(1).decode("ascii")
    return declared_charset(data)


def _utf8_page(data: bytes, name: str) -> tuple[bytes | str, str]:
    """The page for the parser, as UTF-8 bytes (``encoding.to_utf8``), and its encoding.

    The declared charset is sought only when the bytes are not UTF-8 (most
    pages are). A page whose text UTF-8 cannot hold (lone surrogates, from a
    declared "unicode_escape") comes back as that text, and its parse fails
    as it always did.
    """
    try:
        return to_utf8(data, name, lambda: _html_charset(data))
    except UnicodeEncodeError:
        return decode(data, name, _html_charset(data))


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


def _parse(page: str | bytes) -> _Tree:
    """libxml2's HTML parser through lxml (the parse bs4's "lxml" builder made), given the page as UTF-8.

    ``page``: the text, or its UTF-8 bytes. NULs are dropped.
    """
    if isinstance(page, str):
        if "\x00" in page:
            page = page.replace("\x00", "")
        markup = page.encode("utf-8")
    else:
        markup = page.replace(b"\x00", b"") if b"\x00" in page else page
    root = etree.fromstring(markup, etree.HTMLParser(encoding="utf-8", collect_ids=False))
    return _Tree(root, markup)  # root None: no element at all (empty, blanks, a lone comment)


def _walk_tree(tree: _Tree, depth: int, field_grids: dict[int, Grid]) -> tuple[list[Block], dict[str, str]]:
    """Blocks of one parsed page or fragment, deferred content resolved; plus fields named by scripts.

    ``field_grids`` gathers the grids holding a metadata field, by id() (see ``_metadata``).
    """
    walker = _Walker(tree, field_grids)
    if tree.head is not None:  # report HTML kept in a script in <head> goes first
        for s in tree.head.iter("script"):
            walker._script(s)
    if tree.body is not None:
        walker.walk_from(tree.body)
    elif tree.root is not None:  # no <body> (a frameset, a head alone): the whole document
        walker.visit(tree.root, tree.root.tag, False, None)
    walker.flush()
    if not any(isinstance(b, _Deferred) for b in walker.blocks):
        return walker.blocks, dict(walker.script_fields)  # type: ignore[return-value]
    visible = _compact("".join(_block_texts([b for b in walker.blocks if not isinstance(b, _Deferred)])))
    out: list[Block] = []
    fields = dict(walker.script_fields)
    for b in walker.blocks:
        if not isinstance(b, _Deferred):
            out.append(b)
            continue
        if depth >= 3:
            continue
        sub, sub_fields = _walk_tree(_parse(b.html), depth + 1, field_grids)
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
    """Read an HTML page or fragment (or a JS/JSON file holding one) into a Document.

    The cyclic garbage collector is paused meanwhile (``batchgc.paused``): the
    objects a read makes all live until it returns.
    """
    with paused():
        return _read(data, source)


def _file_name(source: str) -> str:
    """``Path(source).name or source``, by ``rpartition`` where that gives the same.

    Path's parsing took 25 us of a read run right after pandas (cold caches), 1% of it.
    A backslash or a colon (Windows separators and drives, URLs) goes to Path.
    """
    if "\\" not in source and ":" not in source:
        last = source.rpartition("/")[2]
        if last and last != ".":
            return last
    return Path(source).name or source


def _read(data: bytes, source: str) -> Document:
    name = _file_name(source)
    page, enc = _utf8_page(data, name)
    if isinstance(page, bytes):
        i = 0
        while page.startswith(b"\xef\xbb\xbf", i):  # U+FEFF, as text.lstrip("\ufeff")
            i += 3
        page = page[i:] if i else page
        # The text is needed whole only when the page may be a JS or JSON file: it does not start with "<".
        text = None if page[:4096].decode("utf-8", "ignore").lstrip()[:1] == "<" else page.decode("utf-8")
    else:
        page = text = page.lstrip("\ufeff")
    file_fields: dict[str, str] = {}
    if text is not None:
        stripped = text.lstrip()
        if stripped[:1] in "{[" or re.match(r"(?:var|let|const|window\.|document\.|[\w$.]+\s*[(=])", stripped):
            frags = _embedded_html(stripped)  # a JSON or JS file that carries the report as a string
            if frags:
                file_fields = _script_fields(stripped)
                page = "\n".join(frags)
    try:
        tree = _parse(page)
        field_grids: dict[int, Grid] = {}
        blocks, fields = _walk_tree(tree, 0, field_grids)
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
    meta, title = _metadata(blocks, tree, {**fields, **file_fields}, field_grids)
    return Document(source=source, reader="html", blocks=blocks, title=title, meta=meta, encoding=enc)
