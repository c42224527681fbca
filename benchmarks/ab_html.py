"""Paired A/B of the HTML reader of two checkouts, page by page, as bench_html.py runs it.

    python benchmarks/ab_html.py OLD_CHECKOUT NEW_CHECKOUT [PAGES...] [--repeat N]

e.g. ``git worktree add /tmp/old c95f926`` then
``python benchmarks/ab_html.py /tmp/old .``. Each checkout's ``extractor``
package is copied to a temporary folder under its own name, so both load in
one process. For each page, each read runs right after ``pandas.read_html`` of
the page (caches as cold as in bench_html.py), and the two alternate which
goes first. Prints, over the pages, the median of new/old per page: a figure
the machine's drift from minute to minute hardly moves, unlike two separate
runs of bench_html.py (whose pandas/read ratio moves by 10% between runs).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core: set before numpy/pandas load

import argparse  # noqa: E402
import importlib  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_html import prepare  # noqa: E402


def load(checkout: Path, name: str, into: Path):
    """The HTML reader module of ``checkout``, imported as package ``name``."""
    shutil.copytree(checkout / "extractor", into / name)
    return importlib.import_module(f"{name}.readers.html")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("pages", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    if (ready := prepare(a.pages)) is None:
        return 2
    pages, where = ready
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        old, new = load(a.old, "ab_old", Path(tmp)), load(a.new, "ab_new", Path(tmp))
        ratios, old_ms, new_ms = [], [], []
        for p in pages:
            enc = new.read(p.read_bytes(), str(p)).encoding  # warm-up, and the encoding pandas is told
            old.read(p.read_bytes(), str(p))
            times: dict[object, list[float]] = {old: [], new: []}
            for i in range(a.repeat):
                for mod in (old, new) if i % 2 == 0 else (new, old):
                    try:
                        pd.read_html(p, encoding=enc, flavor="lxml")
                    except ValueError:  # "No tables found"
                        pass
                    t = time.perf_counter()
                    mod.read(p.read_bytes(), str(p))
                    times[mod].append(time.perf_counter() - t)
            o, n = statistics.median(times[old]), statistics.median(times[new])
            ratios.append(n / o)
            old_ms.append(o * 1000)
            new_ms.append(n * 1000)
    ratios.sort()
    q = len(ratios) // 4
    print(f"{len(pages)} pages, {a.repeat} reads each of each, {where}")
    print(f"  median ms per page: old {statistics.median(old_ms):.2f}, new {statistics.median(new_ms):.2f}")
    print(f"  new/old per page: median {statistics.median(ratios):.3f} (quartiles {ratios[q]:.3f}-{ratios[-1 - q]:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
