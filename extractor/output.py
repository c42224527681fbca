"""Writing a batch: cells.csv, flags.csv, reports.csv and the same three tables in DuckDB
(and, on request, Parquet and Excel)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .pipeline import CELL_COLUMNS, FLAG_COLUMNS, REPORT_COLUMNS, Result


def frames(results: Iterable[Result]) -> dict[str, pd.DataFrame]:
    results = list(results)
    return {
        "cells": pd.DataFrame([row for r in results for row in r.cell_rows], columns=CELL_COLUMNS),
        "flags": pd.DataFrame([row for r in results for row in r.flag_rows], columns=FLAG_COLUMNS),
        "reports": pd.DataFrame([r.report_row() for r in results], columns=REPORT_COLUMNS),
    }


def write(results: Iterable[Result], outdir: str | Path,
          formats: tuple[str, ...] = ("csv", "duckdb", "html")) -> dict[str, Path]:
    results = list(results)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    fr = frames(results)
    fr["cells"]["value"] = pd.to_numeric(fr["cells"]["value"], errors="coerce")
    fr["cells"]["page"] = pd.to_numeric(fr["cells"]["page"], errors="coerce").astype("Int64")
    fr["reports"]["year"] = pd.to_numeric(fr["reports"]["year"], errors="coerce").astype("Int64")
    fr["cells"]["year"] = pd.to_numeric(fr["cells"]["year"], errors="coerce").astype("Int64")
    written: dict[str, Path] = {}
    if "csv" in formats:
        for name, df in fr.items():
            p = out / f"{name}.csv"
            df.to_csv(p, index=False, encoding="utf-8")
            written[name] = p
    if "duckdb" in formats:
        import duckdb

        p = out / "xxgk.duckdb"
        p.unlink(missing_ok=True)
        con = duckdb.connect(str(p))
        try:
            for name, df in fr.items():
                con.register("_df", df.astype({c: "string" for c in df.columns if df[c].dtype == object}))
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM _df")
                con.unregister("_df")
        finally:
            con.close()
        written["duckdb"] = p
    if "parquet" in formats:
        for name, df in fr.items():
            p = out / f"{name}.parquet"
            df.astype({c: "string" for c in df.columns if df[c].dtype == object}).to_parquet(p, index=False)
            written[f"{name}.parquet"] = p
    if "html" in formats:
        from . import htmlreport

        written["html"] = htmlreport.write(results, out / "report.html")
    if "xlsx" in formats:
        p = out / "xxgk.xlsx"
        with pd.ExcelWriter(p) as xw:
            for name, df in fr.items():
                df.to_excel(xw, sheet_name=name, index=False)
        written["xlsx"] = p
    return written
