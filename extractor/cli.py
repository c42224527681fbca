"""The ``xxgk`` command: ``xxgk extract PATH... -o OUTDIR`` and ``xxgk bench``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .batchgc import batch_gc
from .pipeline import Result, extract

SKIP_SUFFIXES = {".json", ".csv", ".md", ".py", ".duckdb", ".parquet", ".xlsx", ".png", ".jpg", ".jpeg", ".gif"}


def iter_inputs(paths: list[str]) -> Iterator[Path]:
    """Files as given, and the files under folders (recursively, sorted)."""
    for p in map(Path, paths):
        if p.is_dir():
            for q in sorted(p.rglob("*")):
                if q.is_file() and not q.name.startswith(".") and q.suffix.lower() not in SKIP_SUFFIXES:
                    yield q
        else:
            yield p


def _progress(items: list[Path]):
    from tqdm import tqdm

    return tqdm(items, unit="file", file=sys.stderr, disable=not sys.stderr.isatty(), dynamic_ncols=True)


def cmd_extract(a: argparse.Namespace) -> int:
    files = list(iter_inputs(a.paths))
    if not files:
        print("xxgk: no input files", file=sys.stderr)
        return 2
    if a.json:
        if len(files) != 1:
            print("xxgk: --json takes exactly one file", file=sys.stderr)
            return 2
        r = extract(files[0])
        json.dump(r.to_json(), sys.stdout, ensure_ascii=False, indent=1, default=str)
        print()
        return 1 if r.error else 0
    if not a.output:
        print("xxgk: give -o OUTDIR (or --json for one file)", file=sys.stderr)
        return 2
    from .output import write

    results: list[Result] = []
    formats = tuple(x.strip() for x in a.formats.split(",") if x.strip())
    with batch_gc():
        for f in _progress(files):
            r = extract(f)
            results.append(r)
            if r.error:
                print(f"xxgk: {r.error}", file=sys.stderr)
        write(results, a.output, formats)
    failed = sum(1 for r in results if r.error)
    flagged = sum(1 for r in results if r.status == "flagged")
    n_cells = sum(len(r.cell_rows) for r in results)
    print(f"{len(results)} files: {len(results) - failed} read ({flagged} with flags), {failed} failed; "
          f"{n_cells} cells -> {a.output}", file=sys.stderr)
    return 1 if failed else 0


def cmd_bench(a: argparse.Namespace) -> int:
    from .bench import run

    return run(a)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="xxgk", description="Government information-disclosure annual reports "
                                 "(政府信息公开工作年度报告) to verified tables.")
    sub = ap.add_subparsers(dest="cmd")
    ex = sub.add_parser("extract", help="extract the standard tables from files and folders")
    ex.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    ex.add_argument("-o", "--output", help="output folder for cells.csv, flags.csv, reports.csv, xxgk.duckdb")
    ex.add_argument("--json", action="store_true", help="print one file's result as JSON")
    ex.add_argument("--formats", default="csv,duckdb,html",
                    help="comma list of csv,duckdb,html,parquet,xlsx (default csv,duckdb,html; html is "
                         "report.html, every table with its failing cells marked)")
    ex.set_defaults(func=cmd_extract)
    be = sub.add_parser("bench", help="measure extraction speed on copies of the bundled fixtures")
    be.add_argument("--copies", type=int, default=1000, help="how many text reports to extract")
    be.add_argument("paths", nargs="*", help="reports to copy (default: the text fixtures)")
    be.set_defaults(func=cmd_bench)
    try:
        a = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if not a.cmd:
        ap.print_help(sys.stderr)
        return 2
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
