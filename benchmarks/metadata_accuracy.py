"""How often the agency and year read from a report's title match the truth files.

    python benchmarks/metadata_accuracy.py [../shared/corpus]

Extracts every file of the corpus folders that has a truth file and compares
`meta["agency"]` / `meta["year"]` with the truth's `agency` / `year`; prints the
figures and the mismatches. Reports that could not be read (scans) are left out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor import extract


def main() -> int:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus")
    truth = {}
    for d in ("truth", "synth-truth"):
        for p in (corpus / d).glob("*.json"):
            t = json.loads(p.read_text(encoding="utf-8"))
            truth[t.get("id", p.stem)] = t
    files = sorted(p for d in ("real", "real-bin", "rendered", "synth") for p in (corpus / d).glob("*")
                   if p.is_file() and p.name.split(".")[0] in truth)
    n = years = agencies = 0
    misses = []
    for f in files:
        r = extract(f)
        if r.error:
            continue
        t = truth[f.name.split(".")[0]]
        n += 1
        years += r.meta.get("year") == t.get("year")
        agencies += r.meta.get("agency") == t.get("agency")
        if r.meta.get("year") != t.get("year") or r.meta.get("agency") != t.get("agency"):
            misses.append(f"{f.name}: {r.meta.get('agency')} {r.meta.get('year')} (truth {t.get('agency')} {t.get('year')})")
    print("\n".join(misses))
    print(f"{n} reports read: year right {years}/{n}, agency right {agencies}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
