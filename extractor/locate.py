"""Find the standard tables in a document stream by their row labels.

For each table layout of ``formats.TABLES`` the locator finds the printed row
labels in order (tolerating missing rows, extra rows, notes and footers), then
hands each row the values printed between its label and the next known text:
grid cells set aside by the stream, and number runs cut out of free text. What
comes out is raw: a list of *chunks* per row. A chunk is one cell (a grid
cell) or a run of digits that may hold several cells run together (a text
copy); ``solve`` turns chunks into cells.

The layout (edition) is decided per table by which layout's labels are
printed, never by the report's year.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter

from .formats import TABLES, UNIT_WORDS, RowSpec, TableSpec
from .stream import Piece, Stream
from .textnorm import label_key
from .values import Value

_first, _second = itemgetter(0), itemgetter(1)  # of a (start, end) span

WINDOW = 400  # the most label text (folded chars) between two consecutive rows of one table

_NUMBERING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+\.|\d+\.)")
_NUMCHARS = set("0123456789.+-")
_DASHES = set("/—–")
_UNIT_CHARS = set("".join(UNIT_WORDS))


@dataclass(slots=True)
class Run:
    """A run of digits cut out of free text (it may hold several cells run together)."""

    text: str
    exact: bool  # one printed cell; False = may be several cells run together
    value: Value | None = None  # for exact chunks
    x: float | None = None
    x1: float | None = None
    page: int | None = None
    loc: str = ""


Chunk = Run | Piece  # what a row prints: runs of free text, and grid cells (their own pieces)


@dataclass
class FoundRow:
    spec: RowSpec
    start: int  # the printed label spans stream.key[start:end] (``_printed`` gives its text)
    end: int
    chunks: list[Chunk] = field(default_factory=list)


@dataclass
class FoundTable:
    spec: TableSpec
    rows: dict[str, FoundRow]
    start: int
    end: int
    header_pos: dict[str, tuple[float, float]] = field(default_factory=dict)  # col -> (x, x1)
    flat: list[Chunk] = field(default_factory=list)  # table 四: all values in print order
    extra_rows: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        """Rows found, less twice the required rows of this layout that are not printed."""
        missing = sum(1 for r in self.spec.rows if not r.optional and r.cols and r.key not in self.rows)
        return len(self.rows) - 2 * missing


@cache
def _variants(label: str) -> tuple[str, ...]:
    """Folded forms of a label to search for, longest (with numbering) first."""
    k = label_key(label)
    out = [k]
    m = _NUMBERING.match(k)
    if m and len(k) - m.end() >= 3:
        out.append(k[m.end():])
    return tuple(out)


def _occurrences(stream: Stream, labels: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every printed form of any of these labels, longest form per start."""
    hit = stream.occ_cache.get(labels)
    if hit is None:
        hit = stream.occ_cache[labels] = _find_occurrences(stream, labels)
    return hit


@cache
def _needles(labels: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Every folded form of these labels, once each, with its length."""
    return tuple((v, len(v)) for v in dict.fromkeys(v for lab in labels for v in _variants(lab)))


def _find_occurrences(stream: Stream, labels: tuple[str, ...]) -> list[tuple[int, int]]:
    best: dict[int, int] = {}
    find_all = stream.find_all
    for v, n in _needles(labels):
        for i in find_all(v):
            if best.get(i, 0) < i + n:
                best[i] = i + n
    if not best:
        return []
    # drop matches contained in a longer one (e.g. the numbering-less form inside the numbered)
    out = sorted(best.items())
    keep: list[tuple[int, int]] = []
    for s, e in out:
        if keep and s < keep[-1][1] and e <= keep[-1][1]:
            continue
        keep.append((s, e))
    return keep


@cache
def _row_labels(r: RowSpec) -> tuple[str, ...]:
    """A row's label and its aliases."""
    return (r.label, *r.aliases)


def _scan(stream: Stream, required: list[tuple[RowSpec, list[tuple[int, int]]]], start: int,
          ) -> dict[str, tuple[int, int]]:
    """Greedy in-order scan of the required rows (each with its label's occurrences) from ``start``."""
    found: dict[str, tuple[int, int]] = {}
    pos = start
    limit = start + WINDOW
    for r, occ in required:
        i = bisect.bisect_left(occ, (pos, -1))
        hit = occ[i] if i < len(occ) and occ[i][0] <= limit else None
        if hit is None and stream.positioned:  # only text placed by position interleaves columns
            hit = _interleaved(stream.key, _variants(r.label)[0], pos, min(limit, len(stream.key)))
        if hit:
            found[r.key] = hit
            pos = hit[1]
            limit = pos + WINDOW
    return found


def _interleaved(key: str, label: str, a: int, b: int, gap: int = 12) -> tuple[int, int] | None:
    """A label whose characters are printed in order but interleaved with other text.

    Space-aligned text copies of tables with narrow label columns wrap a label
    over lines, with the neighbouring column's words between its pieces
    (``（一）度办理结予以公果开``). Accepted only with small gaps and a tight span.
    """
    if len(label) < 4:
        return None
    p = key.find(label[0], a, b)  # each start in turn: the next place its first character stands
    while p >= 0:
        i, q = 1, p + 1
        while i < len(label) and q < len(key) and q - p <= 3 * len(label) + 10:
            nq = key.find(label[i], q, q + gap + 1)
            if nq < 0:
                break
            i, q = i + 1, nq + 1
        if i == len(label):
            return p, q
        p = key.find(label[0], p + 1, b)
    return None


@cache
def _required(spec: TableSpec) -> tuple[tuple[RowSpec, tuple[str, ...]], ...]:
    """The rows every printing of this layout has, each with its labels."""
    return tuple((r, _row_labels(r)) for r in spec.rows if not r.optional)


def locate(stream: Stream, spec: TableSpec) -> FoundTable | None:
    """The best printing of this table layout in the stream, or None."""
    rows = _required(spec)
    starts: set[int] = set()
    for _, labels in rows[:4]:
        starts.update(map(_first, _occurrences(stream, labels)))
    if not starts:
        return None
    required = [(r, _occurrences(stream, labels)) for r, labels in rows]
    noise = _occurrences(stream, spec.noise)
    best: tuple[int, int, int] | None = None
    best_found: dict[str, tuple[int, int]] = {}
    least = max(3, min(4, len(required) // 3))
    for st in sorted(starts):
        found = _scan(stream, required, st)
        if len(found) < least:
            continue
        lo = min(map(_first, found.values()))
        hi = max(map(_second, found.values()))
        if not any(lo - WINDOW <= s <= hi for s, _ in noise):
            continue  # row words in prose, with no header or caption of the table around them
        span = hi - lo
        cand = (len(found), -span, -st)
        if best is None or cand > best:
            best, best_found = cand, found
    if not best_found:
        return None
    return _assemble(stream, spec, best_found)


def _assemble(stream: Stream, spec: TableSpec, found: dict[str, tuple[int, int]]) -> FoundTable:
    t_start = min(map(_first, found.values()))
    t_end = max(map(_second, found.values()))
    # optional rows and noise inside the table's span (and its header just before)
    anchors: list[tuple[int, int, str]] = [(s, e, k) for k, (s, e) in found.items()]
    head_from = max(0, t_start - WINDOW)
    taken = bytearray(len(stream.key) + 1)  # key positions inside an anchor already

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(s: int, e: int, k: str) -> None:
        anchors.append((s, e, k))
        taken[s:e] = b"\x01" * (e - s)

    for s, e, _ in anchors:
        taken[s:e] = b"\x01" * (e - s)
    for r in spec.rows:
        if r.optional:
            for s, e in _occurrences(stream, _row_labels(r)):
                if t_start <= s <= t_end and not taken[s]:
                    take(s, e, r.key)
    for s, e in _occurrences(stream, spec.noise):
        if head_from <= s <= t_end and free(s, e):
            take(s, e, "")
    # a row label printed twice in the table (a heading above a one-row table, a repeated group)
    for k in found:
        for s, e in _occurrences(stream, _row_labels(spec.row(k))):
            if t_start <= s <= t_end + WINDOW // 4 and free(s, e):
                take(s, e, k)
    anchors.sort()
    mask = bytearray(len(stream.key))
    for s, e, _ in anchors:
        mask[s:e] = b"\x01" * (e - s)
    for a, b in _sequence_numbers(stream, [(s, k) for s, _, k in anchors if k]):
        mask[a:b] = b"\x01" * (b - a)
    rows: dict[str, FoundRow] = {}
    last_row = max((i for i, a in enumerate(anchors) if a[2]), default=-1)
    known = _known_text(spec)
    for i, (s, e, k) in enumerate(anchors):
        if not k:
            continue
        nxt = anchors[i + 1][0] if i + 1 < len(anchors) else None
        chunks = _values(stream, s, e, nxt, mask, last=i == last_row, known=known)
        if k in rows:
            rows[k].chunks += chunks
            continue
        row_spec = spec.row(k)
        if row_spec.optional and not any(not c.exact or (c.value and c.value.status != "blank") for c in chunks):
            continue  # a group label with no numbers of its own, as in the template
        rows[k] = FoundRow(row_spec, s, e, chunks)
    ft = FoundTable(spec, rows, t_start, t_end)
    ft.extra_rows = _extra_rows(stream, t_start, t_end, mask, known)
    # the header: from this table's first header word (not the previous table's text)
    own_head = [a for a, _, k in anchors if not k and head_from <= a < t_start]
    ft.header_pos = _header_positions(stream, spec, min(own_head, default=t_start), t_start)
    return ft


def _sequence_numbers(stream: Stream, row_starts: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Spans of a 序号 column run into the text: 1, 2, 3 ... glued before each row label.

    Only when most labels are preceded by exactly the next number in turn; then
    those digits are the row's number, not the end of the previous value.
    """
    seen: list[tuple[int, int]] = []
    hits = 0
    for n, (s, _) in enumerate(row_starts, start=1):
        tag = str(n)
        a = s - len(tag)
        if a >= 0 and stream.key[a:s] == tag and all(stream.contiguous(i, i + 1) for i in range(a, s - 1)) and (
                not stream.piece_at(a).exact):
            hits += 1
            seen.append((a, s))
    if len(row_starts) >= 4 and hits >= 0.8 * len(row_starts):
        return seen
    return []


def _extra_rows(stream: Stream, a: int, b: int, mask: bytearray, known: str) -> list[str]:
    """Rows printed inside the table that the template does not have (其他主动公开文件 …), with values."""
    pieces = stream.pieces
    lines = set()
    for pi in stream.slot_piece[bisect.bisect_right(stream.slot_kpos, a):bisect.bisect_right(stream.slot_kpos, b)]:
        p = pieces[pi]
        if p.value is not None and p.value.status != "blank":
            lines.add(p.line)
    out = []
    for line in sorted(lines):
        p = stream.pieces[stream.line_first[line]]
        if p.value is None and p.kstart >= 0 and not mask[p.kstart] and _foreign(p.text, known):
            out.append(p.text.strip())
    return out


@cache
def _known_text(spec: TableSpec) -> str:
    """Every label, alias and header word of a table layout, folded, for fragment tests."""
    words = [w for r in spec.rows for w in (r.label, *r.aliases)] + list(spec.noise)
    return "\n".join(label_key(w) for w in words)


def _printed(stream: Stream, s: int, e: int) -> str:
    if s >= len(stream.kpiece):
        return ""
    out, last = [], None
    for i in range(s, min(e, len(stream.kpiece))):
        p, o = stream.kpiece[i], stream.koff[i]
        if (p, o) != last:
            out.append(stream.pieces[p].text[o])
        last = (p, o)
    return "".join(out)


_VALUE_CHAR = re.compile(r"[0-9.+\-/—–]")


def _events(stream: Stream, a: int, b: int, every_char: bool) -> Iterable[tuple[int, int]]:
    """Value slots and key positions of key[a:b] in print order: (kpos, piece) for a slot,
    (key position, -1) for a character.

    A slot at ``kpos`` stood just before key[kpos]: slots with a < kpos <= b are
    in the region (one at ``a`` stood before this region's own label). With
    ``every_char`` False only the positions that can start a value are given
    (enough for every row but a table's last, which must also see where it ends);
    with True they come lazily, as the caller stops where the table ends.
    """
    kpos, piece = stream.slot_kpos, stream.slot_piece
    si = bisect.bisect_right(kpos, a)
    sj = bisect.bisect_right(kpos, b)
    if every_char:
        return _merged(kpos, piece, si, sj, range(a, b))
    positions = [m.start() for m in _VALUE_CHAR.finditer(stream.key, a, b)]
    if not positions:  # a grid row: its values are all slots
        return zip(kpos[si:sj], piece[si:sj], strict=True)
    return list(_merged(kpos, piece, si, sj, positions))


def _merged(kpos: list[int], piece: list[int], si: int, sj: int, positions: Iterable[int],
            ) -> Iterator[tuple[int, int]]:
    for i in positions:
        while si < sj and kpos[si] <= i:
            yield kpos[si], piece[si]
            si += 1
        yield i, -1
    yield from zip(kpos[si:sj], piece[si:sj], strict=True)


def _unknown_row(stream: Stream, line: int, mask: bytearray, known: str) -> bool:
    """Does this positioned line start with a label the table does not know (its own row)?

    A fragment of a known label wrapped onto the line (``度办理结`` of 三、本年度办理结果)
    is not; a row the template lacks (其他主动公开文件) is.
    """
    p = stream.pieces[stream.line_first[line]]
    if p.value is not None or p.kstart < 0 or p.aligned or mask[p.kstart]:
        return False
    return _foreign(p.text, known)


_CONTINUED = re.compile(r"[（(]?续(表)?[）)]?$")


def _foreign(text: str, known: str) -> bool:
    """A row label (two or more CJK characters) that no label of the table contains."""
    k = _CONTINUED.sub("", label_key(text))
    return sum(1 for ch in k if "\u4e00" <= ch <= "\u9fff") >= 2 and k not in known


def _values(stream: Stream, s: int, e: int, nxt: int | None, mask: bytearray, last: bool,
            known: str = "") -> list[Chunk]:
    """The values of the row whose label spans key[s:e], up to the next anchor at ``nxt``.

    Free text gives number runs; grid cells give slots. For the last row of a
    table the region ends at the first text that is not the table's (prose,
    the next heading) once a value was seen.
    """
    pieces, kpiece = stream.pieces, stream.kpiece
    n_key = len(kpiece)
    anchor_line = pieces[kpiece[min(max(e - 1, s), n_key - 1)]].line  # stream.piece_at, inlined
    anchor_x = pieces[kpiece[s]].x if s < n_key else None
    end = nxt if nxt is not None else len(stream.key)
    next_line = pieces[kpiece[nxt]].line if nxt is not None and nxt < n_key else None
    key = stream.key
    chunks: list[Chunk] = []
    seen = False
    skip_to = s
    for i, pi in _events(stream, s, end, every_char=last):
        if pi >= 0:  # a slot
            p = pieces[pi]
            blank = p.value is None or p.value.status == "blank"
            if p.line != anchor_line:
                if blank or p.aligned:
                    # in a true cell grid a row's values stand on the label's own grid row (a row the
                    # template does not know keeps its own); blanks elsewhere are merged label columns
                    continue
                if i == nxt and p.line == next_line:
                    continue  # e.g. a 序号 cell printed before the next row's label
                if known and _unknown_row(stream, p.line, mask, known):
                    continue  # the values of a row the template does not have
            if anchor_x is not None and p.x1 is not None and p.x1 <= anchor_x:
                continue  # left of the row's label: a 序号 column, not a value
            chunks.append(p)  # a grid cell's piece is its chunk (the same fields)
            if not blank:
                seen = True
            continue
        if i < skip_to or mask[i]:
            continue
        ch = key[i]
        p = stream.piece_at(i)
        if (ch in _NUMCHARS or ch in _DASHES) and not p.exact:
            j = i + 1
            while ch in _DASHES and j < end and key[j] == ch == "—" and stream.contiguous(j - 1, j):
                j += 1  # '——' is one dash
            while ch not in _DASHES and j < end and not mask[j] and (key[j] in _NUMCHARS or key[j] in "万元") and stream.contiguous(j - 1, j):
                j += 1
            skip_to = j
            if last and j < len(key) and stream.contiguous(j - 1, j) and _is_prose_unit(key[j]):
                break  # a number glued to prose ('2021年'): the table ended before it
            text = _printed(stream, i, j)
            if any(c.isdigit() for c in text) or text.strip() in _DASHES:
                chunks.append(Run(text, False, page=p.page, loc=p.loc))
                seen = True
            continue
        if last and _is_word(ch) and ch not in _UNIT_CHARS and (not p.exact or seen or p.line > anchor_line + 2):
            break  # the table ended: a heading or prose follows its last row
    if last:
        chunks = _trim_last(chunks)
    return chunks


def _trim_last(chunks: list[Chunk]) -> list[Chunk]:
    # trailing blanks after the last row belong to nobody
    while chunks and chunks[-1].exact and chunks[-1].value is not None and chunks[-1].value.status == "blank":
        chunks.pop()
    return chunks


def _is_prose_unit(ch: str) -> bool:
    """A character that, glued after a number, makes it prose ('2021年', '15件'), not a cell."""
    return ch in "年月日号件条个次人名项家万亿%余多份篇期"


def _is_word(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch.isalpha()


def _header_positions(stream: Stream, spec: TableSpec, a: int, b: int) -> dict[str, tuple[float, float]]:
    """Where each column's header stands (x range), for placing values under it.

    Header words are often broken over lines (``自然`` / ``人``, ``社会`` / ``公益``
    / ``组织``): the pieces of the header area are stacked into columns by
    horizontal overlap and each stack is read top-down.
    """
    out: dict[str, tuple[float, float]] = {}
    for col, words in spec.header_cols.items():  # a piece that is the whole word
        for w in words:
            hits = [s for s in stream.find_all(label_key(w)) if a <= s < b]
            hits = [s for s in hits if label_key(stream.piece_at(s).text) == label_key(w)]
            if hits and (p := stream.piece_at(hits[-1])).x is not None and p.x1 is not None:
                out[col] = (p.x, p.x1)
                break
    if len(out) == len(spec.header_cols):
        return out
    stacks = _stacks(stream, a, b)
    for col, words in spec.header_cols.items():
        if col in out:
            continue
        keys = [label_key(w) for w in words]
        for x0, x1, text in stacks:
            # 其他 must stand alone (法人或其他组织 and 其他法律… contain it too)
            if any(text == k if col == "other" else k in text for k in keys):
                out[col] = (x0, x1)
                break
    return out


def _stacks(stream: Stream, a: int, b: int) -> list[tuple[float, float, str]]:
    """Positioned pieces of key[a:b] stacked by horizontal overlap: (x0, x1, folded text)."""
    seen: list[int] = []
    for i in range(a, min(b, len(stream.kpiece))):
        p = stream.kpiece[i]
        if not seen or seen[-1] != p:
            seen.append(p)
    stacks: list[list] = []
    for p in dict.fromkeys(seen):
        pc = stream.pieces[p]
        if pc.x is None or pc.x1 is None or pc.value is not None:
            continue
        x0, x1 = pc.x, max(pc.x1, pc.x + 1e-6)
        over = [st for st in stacks if min(x1, st[1]) - max(x0, st[0]) > 0.3 * min(x1 - x0, st[1] - st[0])]
        # a cell of a true grid is whole; a positioned text piece may continue the word above it
        if not pc.aligned and len(over) == 1 and 0.25 <= (x1 - x0) / (over[0][1] - over[0][0]) <= 4:
            over[0][2] += label_key(pc.text)
            over[0][0], over[0][1] = x0, x1  # the column is where its lowest piece stands
        else:  # a new column, or a header spanning several (法人或其他组织) standing on its own
            stacks.append([x0, x1, label_key(pc.text)])
    return [(x0, x1, t) for x0, x1, t in stacks]


def locate_flat(stream: Stream, spec: TableSpec) -> FoundTable | None:
    """Table 四: header words, then its 15 numbers (one row, or split into three small tables)."""
    sig = _occurrences(stream, spec.signatures)
    if not sig:  # a header wrapped in narrow columns: 复议后起 / 诉
        sig = [h for w in spec.signatures if (h := _interleaved(stream.key, label_key(w), 0, len(stream.key)))]
        if not sig:
            return None
    first = min(s for s, _ in sig)
    noise = _occurrences(stream, spec.noise)
    # the header begins at the last 行政复议 shortly before the first signature
    heads = _occurrences(stream, _row_labels(spec.rows[0]))
    start = max([s for s, _ in heads if first - 120 <= s <= first] or [first])
    mask = bytearray(len(stream.key))
    for a, b in noise:
        if a >= start:
            mask[a:b] = b"\x01" * (b - a)
    key = stream.key
    chunks: list[Chunk] = []
    lines_with_numbers: set[int] = set()
    pending_blanks: list[tuple[int, Chunk]] = []
    skip_to = start
    seen = False
    end = len(key)
    first_value = len(key)
    for i, pi in _events(stream, start, len(key), every_char=True):
        if pi >= 0:  # a slot
            p = stream.pieces[pi]
            c = p  # a grid cell's piece is its chunk (the same fields)
            first_value = min(first_value, i)
            if p.value is not None and p.value.status == "blank":
                pending_blanks.append((p.line, c))
                chunks.append(c)
            else:
                lines_with_numbers.add(p.line)
                chunks.append(c)
                seen = True
            continue
        if i < skip_to or mask[i]:
            continue
        ch = key[i]
        p = stream.piece_at(i)
        if (ch in _NUMCHARS or ch in _DASHES) and not p.exact:
            j = i + 1
            while j < len(key) and not mask[j] and key[j] in _NUMCHARS and stream.contiguous(j - 1, j):
                j += 1
            skip_to = j
            if j < len(key) and stream.contiguous(j - 1, j) and _is_prose_unit(key[j]):
                end = i
                break  # '2021年': prose after the table
            text = _printed(stream, i, j)
            if any(c.isdigit() for c in text) or text.strip() in _DASHES:
                chunks.append(Run(text, False, page=p.page, loc=p.loc))
                first_value = min(first_value, i)
                seen = True
            continue
        if _is_word(ch) and (seen or i - start > 200):
            end = i
            break
    # blanks count only on lines that print numbers too (else they are header or layout cells)
    drop = {id(c) for line, c in pending_blanks if line not in lines_with_numbers}
    chunks = [c for c in chunks if id(c) not in drop]
    if not chunks and sum(1 for a, _ in noise if start <= a <= start + 300) < 6:
        return None  # the words are mentioned, but no table is printed
    ft = FoundTable(spec, {}, start, end)
    ft.flat = chunks  # none at all: the header is printed over blank cells
    ft.header_pos = _flat_header_positions(stream, spec, start, first_value if chunks else end)
    return ft


def _flat_header_positions(stream: Stream, spec: TableSpec, a: int, b: int) -> dict[str, tuple[float, float]]:
    """Table 四's 15 sub-headers, left to right, when each has a position on the page."""
    words = {label_key(w) for w in spec.col_labels.values()}
    pieces: dict[int, Piece] = {}
    for w in words:
        for s in stream.find_all(w):
            if a <= s < b:
                p = stream.kpiece[s]
                if stream.pieces[p].x is not None and label_key(stream.pieces[p].text) == w:
                    pieces[p] = stream.pieces[p]
    n = sum(len(r.cols) for r in spec.rows)
    spots = [(p.x, p.x1 if p.x1 is not None else p.x) for p in pieces.values()]
    if len(spots) != n:  # sub-headers broken over lines (结/果/维/持): read the stacks
        spots = [(x0, x1) for x0, x1, text in _stacks(stream, a, b) if any(text.endswith(w) for w in words)]
    if len(spots) != n:
        return {}
    return {str(i): spot for i, spot in enumerate(sorted(spots))}


def find_tables(stream: Stream) -> list[FoundTable]:
    """Every standard table printed, one layout per table name (the best-matching one)."""
    by_name: dict[str, list[FoundTable]] = {}
    # where only one layout of a table prints its signature words, the others need no search
    signed = {spec: bool(spec.signatures) and bool(_occurrences(stream, spec.signatures)) for spec in TABLES}
    for spec in TABLES:
        if not signed[spec] and any(signed[t] for t in TABLES if t.name == spec.name and t is not spec):
            continue
        ft = locate_flat(stream, spec) if spec.flat else locate(stream, spec)
        if ft is not None:
            by_name.setdefault(spec.name, []).append(ft)
    out = []
    for cands in by_name.values():
        out.append(max(cands, key=lambda f: (_signature_hits(stream, f), f.score)))
    return sorted(out, key=lambda f: f.start)


def _signature_hits(stream: Stream, ft: FoundTable) -> int:
    a, b = max(0, ft.start - WINDOW), ft.end + 1
    return sum(1 for s, _ in _occurrences(stream, ft.spec.signatures) if a <= s <= b)
