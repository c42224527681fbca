"""Agency and report year from the title (or the page's metadata), null plus a flag when absent."""

from __future__ import annotations

import re

from .formats import TITLE_PATTERNS
from .model import Document, Flag, Paragraph

_LEAD = re.compile(r"^(?:标题[:：]\s*)")
_AROUND = re.compile(r"^(?:关于|印发)+|(?:关于)+$")


def metadata(doc: Document) -> tuple[dict[str, object], list[Flag]]:
    flags: list[Flag] = []
    agency: str | None = None
    year: int | None = None
    title = ""
    texts = [doc.title] if doc.title else []
    texts += [b.text for b in doc.blocks[:40] if isinstance(b, Paragraph)]
    texts = [_LEAD.sub("", re.sub(r"\s+", "", t)) for t in texts]
    # a title naming the agency anywhere near the top wins over one naming only the year
    m = next((m for p in TITLE_PATTERNS for t in texts if (m := p.search(t))), None)
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
