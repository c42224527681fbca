"""A page to look at, not read: every table of a batch with its failing cells marked.

Cells named by a ``reconcile`` flag are red, cells the solver could not decide
(``unknown``) are amber, blanks and dashes are grey; each table lists its flags
beneath it. Failed documents are listed at the top with their reasons.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .pipeline import Result

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222}
h2{margin-top:2em;border-bottom:1px solid #ccc} table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;font-size:13px} th{background:#f4f4f4}
th.row{text-align:left} td.bad{background:#f8c9c4} td.unknown{background:#fde7a9} td.empty{color:#999}
ul.flags{font-size:13px} .failed{color:#a00}
"""


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def render(results: Iterable[Result]) -> str:
    results = list(results)
    out = [f"<!doctype html><meta charset='utf-8'><title>xxgk report</title><style>{_CSS}</style>",
           f"<h1>xxgk: {len(results)} documents</h1>"]
    failed = [r for r in results if r.error]
    if failed:
        out.append("<h2>Not read</h2><ul>" + "".join(
            f"<li class='failed'>{html.escape(r.error)}</li>" for r in failed) + "</ul>")
    for r in results:
        if r.error or not r.table_cells:
            continue
        title = f"{r.meta.get('agency') or ''} {r.meta.get('year') or ''}".strip() or Path(r.source).name
        out.append(f"<h2>{html.escape(title)} <small>{html.escape(r.source)}</small></h2>")
        bad: dict[str, set[str]] = defaultdict(set)
        for f in r.flag_rows:
            if f["kind"] == "reconcile":
                bad[f["table"]].update(x for x in f["cells"].split(";") if x)
        for name, (spec, cells) in r.table_cells.items():
            cols = list(dict.fromkeys(c for row in spec.rows for c in row.cols))
            out.append(f"<h3>{html.escape(name)} ({html.escape(r.editions.get(name, ''))})</h3><table><tr><th></th>"
                       + "".join(f"<th>{html.escape(spec.col_labels.get(c, c))}</th>" for c in cols) + "</tr>")
            for row in spec.rows:
                if not any((row.key, c) in cells for c in row.cols):
                    continue
                tds = []
                for c in cols:
                    cell = cells.get((row.key, c))
                    if cell is None:
                        tds.append("<td class='empty'></td>")
                        continue
                    cls = ("bad" if f"{row.key}|{c}" in bad[name] else "unknown" if cell.status == "unknown"
                           else "empty" if cell.status in ("blank", "dash") else "")
                    text = "?" if cell.status == "unknown" else _fmt(cell.value) or html.escape(cell.raw.strip())
                    tds.append(f"<td class='{cls}' title='{html.escape(cell.raw)}'>{text}</td>")
                out.append(f"<tr><th class='row'>{html.escape(row.label)}</th>{''.join(tds)}</tr>")
            out.append("</table>")
            notes = [f for f in r.flag_rows if f["table"] == name]
            if notes:
                out.append("<ul class='flags'>" + "".join(
                    f"<li><b>{html.escape(f['kind'])}</b> {html.escape(f['message'])}</li>" for f in notes) + "</ul>")
    return "\n".join(out)


def write(results: Iterable[Result], path: str | Path) -> Path:
    p = Path(path)
    p.write_text(render(results), encoding="utf-8")
    return p
