"""PDF reader speed and memory, side by side with pdfplumber's default ``extract_tables``.

    python benchmarks/bench_pdf.py [FILE.pdf ...] [--runs 7]

Runs on one core (the process pins itself to one CPU where the OS allows).
For each file: median wall time of ``extractor.readers.pdf.read`` and of
pdfplumber opening the file and calling ``page.extract_tables()`` on every
page (its defaults), and the ratio. Peak RSS of each side is measured in a
fresh child process reading all files once. Without arguments it reads the
PDF fixtures and, where ../shared is present, the real and rendered corpus
PDFs (scans left out).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def default_files() -> list[Path]:
    files = sorted(p for p in (ROOT / "fixtures" / "pdf").glob("*.pdf") if "encrypted" not in p.name)
    shared = ROOT.parent / "shared" / "corpus"
    for sub in ("real-bin", "rendered"):
        files += sorted(p for p in (shared / sub).glob("*.pdf") if ".scan." not in p.name)
    return files


def ours(data: bytes, name: str) -> None:
    from extractor.readers import pdf

    pdf.read(data, name)


def plumber(data: bytes, name: str) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            page.extract_tables()


def pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def timed(fn, data: bytes, name: str, runs: int) -> float:
    fn(data, name)  # warm-up: imports, caches
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(data, name)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1000


def peak_rss(side: str, files: list[Path]) -> tuple[float, float]:
    """Peak RSS (MB) of a child process that reads every file once with one side: after the
    imports (the package pulls in pandas) and at the end."""
    code = (
        "import sys, resource, logging; logging.disable(logging.WARNING); "
        f"sys.path.insert(0, {str(ROOT)!r}); "
        "from benchmarks.bench_pdf import ours, plumber; import extractor.readers.pdf, pdfplumber; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
        f"fn = {side}; "
        f"[fn(open(p, 'rb').read(), p) for p in {json.dumps([str(f) for f in files])}]; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    base, peak = out.stdout.strip().splitlines()[-2:]
    return int(base) / 1024, int(peak) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except OSError:
            pass
    import logging

    logging.disable(logging.WARNING)  # pdfminer's font warnings would drown the table
    files = a.files or default_files()
    print(f"{'file':42s} {'pages':>5s} {'ours ms':>9s} {'pdfplumber ms':>14s} {'speed-up':>9s}")
    rows = []
    for f in files:
        data = f.read_bytes()
        n = pages(data)
        t_ours = timed(ours, data, f.name, a.runs)
        t_pl = timed(plumber, data, f.name, max(3, a.runs // 2))
        rows.append((f.name, n, t_ours, t_pl))
        print(f"{f.name:42s} {n:5d} {t_ours:9.1f} {t_pl:14.1f} {t_pl / t_ours:8.1f}x")
    five = [r for r in rows if r[1] == 5]
    print()
    print(f"all files: median ours {statistics.median(r[2] for r in rows):.1f} ms, "
          f"pdfplumber {statistics.median(r[3] for r in rows):.1f} ms; "
          f"total speed-up {sum(r[3] for r in rows) / sum(r[2] for r in rows):.1f}x")
    per_page = [r[2] / r[1] for r in rows]
    print(f"per page: median ours {statistics.median(per_page):.1f} ms "
          f"(a 5-page report ~ {5 * statistics.median(per_page):.0f} ms)")
    if five:
        print(f"5-page files ({len(five)}): median ours {statistics.median(r[2] for r in five):.1f} ms, "
              f"pdfplumber {statistics.median(r[3] for r in five):.1f} ms")
    for side in ("ours", "plumber"):
        base, peak = peak_rss(side, files)
        print(f"peak RSS {'ours' if side == 'ours' else 'pdfplumber':10s} {peak:6.0f} MB "
              f"(after imports {base:.0f} MB; child process reading all {len(files)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
