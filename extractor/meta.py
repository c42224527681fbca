"""Agency and report year from the title (or the page's metadata), null plus a flag when absent."""

from __future__ import annotations

import re

from .formats import TITLE_PATTERNS
from .model import Document, Flag, Paragraph

_LEAD = re.compile(r"^(?:标题[:：]\s*)")
_WS = re.compile(r"\s+")
_SHORT = 60  # a title is a short line
_AROUND = re.compile(r"^(?:关于|印发)+|(?:关于)+$")


def metadata(doc: Document) -> tuple[dict[str, object], list[Flag]]:
    flags: list[Flag] = []
    agency: str | None = None
    year: int | None = None
    title = ""
    texts = [doc.title] if doc.title else []
    texts += [b.text for b in doc.blocks[:40] if isinstance(b, Paragraph)]
    texts = [_LEAD.sub("", _WS.sub("", t)) for t in texts]
    # Title-like lines: short ones, and two short ones in a row (a title broken over lines:
    # 洪泽区人民政府 / 2023年政府信息公开工作年度报告). Prose only where a line starts with it.
    found = []  # in reading order: the page's own title comes before links to other years' reports
    for i, t in enumerate(texts):
        if len(t) <= _SHORT:
            alone = _titles(t)
            nxt = texts[i + 1] if i + 1 < len(texts) and len(texts[i + 1]) <= _SHORT else ""
            # a title broken over two lines, only when neither line is a title on its own
            if not alone and nxt and not _titles(nxt, TITLE_PATTERNS[:2]):
                alone = _titles(t + nxt)
            found += alone
        else:
            found += [m for p in TITLE_PATTERNS[:2] if (m := p.match(t))]
    # a title naming the agency wins over one naming only the year
    m = next((m for m in found if m.groupdict().get("agency")), found[0] if found else None)
    if m:
        title = m.group(0)
        agency = _AROUND.sub("", m.groupdict().get("agency") or "") or None
        year = int(m.group("year"))
    if doc.meta.get("agency"):
        agency = doc.meta["agency"]
    if year is None and doc.meta.get("year"):
        year = int(doc.meta["year"])
    if agency is None or year is None:
        missing = " and ".join(n for n, v in (("agency", agency), ("year", year)) if v is None)
        flags.append(Flag("no_metadata", f"{missing} not found in the title or page metadata"))
    return {"agency": agency, "year": year, "title": title or doc.title, "date": doc.meta.get("date")}, flags


def _titles(t: str, patterns: tuple[re.Pattern[str], ...] = TITLE_PATTERNS) -> list[re.Match[str]]:
    """The title patterns this line matches (each names 政府信息公开: a line without it matches none,
    and is not searched, which with the patterns' lazy repeats is most of the cost)."""
    return [m for p in patterns if (m := p.search(t))] if _KEY_WORDS in t else []


_KEY_WORDS = "政府信息公开"
