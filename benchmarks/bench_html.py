"""Speed of the HTML reader against pandas.read_html, on the same pages, one core, one run.

    python benchmarks/bench_html.py [PAGES...] [--repeat N] [--per-page]

Without PAGES it takes the corpus HTML pages under ../shared/corpus (real/*.html,
synth/*.htm*). For each page it times, N times each (median kept):

- ``read``: our reader, bytes to Document (decoding, chrome, grids, metadata);
- ``extract``: the full chain, ``extractor.pipeline.extract`` (read, locate, solve, reconcile);
- ``pandas``: ``pandas.read_html`` (lxml flavour) given the file and its encoding.

pandas only turns tables into frames: no text outside tables, no merged-cell
origins, no charset detection, no script-held reports. ``read`` against
``pandas`` is the like-for-like race (both end at parsed tables); ``extract``
also locates, solves and reconciles the report tables, so its ratio shows what
that costs. The three are run in turn on each page (interleaved, so load on a
shared machine hits all alike). Prints the median ms per page of each and the
ratios.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core: set before numpy/pandas load

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402

from extractor.model import ReadError  # noqa: E402
from extractor.pipeline import extract  # noqa: E402
from extractor.readers import html  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus"


def pin_one_core() -> str:
    """Run on one CPU so the figures do not depend on the machine's core count."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"cpu {cpu}"
    except (AttributeError, OSError):
        return "unpinned (no sched_setaffinity)"


def prepare(pages: list[Path]) -> tuple[list[Path], str] | None:
    """The pages to time (``pages``, else the corpus HTML pages under ../shared/corpus) and where the run is
    pinned (see ``pin_one_core``), warnings off; None, said on stdout, when there are no pages."""
    pages = pages or sorted(CORPUS.glob("real/*.html")) + sorted(CORPUS.glob("synth/*.htm*"))
    if not pages:
        print("no pages (give paths, or have ../shared/corpus next to the repo)")
        return None
    warnings.simplefilter("ignore")
    return pages, pin_one_core()


def timed(fns, repeat: int) -> list[float]:
    """Median wall time in ms of each of ``fns``, run in turn ``repeat`` times.

    Interleaved, so a burst of load on a shared machine hits every contender
    alike instead of the one that happened to be running.
    """
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, runs, strict=True):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
    return [statistics.median(r) for r in runs]


def ours_read(path: Path) -> None:
    html.read(path.read_bytes(), str(path))


def pandas_read(path: Path, encoding: str) -> None:
    try:
        pd.read_html(path, encoding=encoding, flavor="lxml")
    except ValueError:  # "No tables found"
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*", type=Path)
    # 11: the ratio of two runs then differs by 3-7% on a shared VM, against up to 13% with 5 (session 6)
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--per-page", action="store_true", help="also print each page's times and ratio, slowest ratio first")
    a = ap.parse_args()
    if (ready := prepare(a.pages)) is None:
        return 2
    pages, where = ready
    rows = []
    names = []
    for p in pages:
        try:
            enc = html.read(p.read_bytes(), str(p)).encoding  # warm-up, and the encoding pandas is told
        except ReadError as e:
            print(f"skip {p.name}: {e}")
            continue
        extract(p)
        pandas_read(p, enc)
        rows.append(timed([lambda p=p: ours_read(p), lambda p=p: extract(p), lambda p=p, e=enc: pandas_read(p, e)],
                          a.repeat))
        names.append(f"{p.name} ({p.stat().st_size // 1024} KB, {enc})")
    if a.per_page:
        print("pandas/read  read ms  extract ms  pandas ms  page")
        for (r, x, pd_ms), name in sorted(zip(rows, names, strict=True), key=lambda t: t[0][2] / t[0][0]):
            print(f"{pd_ms / r:10.2f}x {r:8.2f} {x:11.2f} {pd_ms:10.2f}  {name}")
    read_ms, extract_ms, pandas_ms = (statistics.median(col) for col in zip(*rows, strict=True))
    print(f"{len(rows)} pages, {a.repeat} runs each, {where}; median ms per page:")
    print(f"  xxgk read     {read_ms:8.2f}")
    print(f"  xxgk extract  {extract_ms:8.2f}")
    print(f"  pandas        {pandas_ms:8.2f}")
    print(f"  ratio read/pandas {read_ms / pandas_ms:.2f}x, extract/pandas {extract_ms / pandas_ms:.2f}x")
    print(f"  pandas/read {pandas_ms / read_ms:.2f}x (like for like: both end at parsed tables),"
          f" pandas/extract {pandas_ms / extract_ms:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
