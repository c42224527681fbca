"""The ``xxgk`` command and the Python API over the composed fixtures: outputs, exit codes,
DuckDB, JSON, DataFrames, and inputs left untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from fixture_values import APPLICANT, BAD, FIX, REPORTS, REQ_COLS, ROWS_2019, ROWS_2021

from extractor import extract, extract_many
from extractor.cli import main
from extractor.pipeline import CELL_COLUMNS, FLAG_COLUMNS, REPORT_COLUMNS

ALL = sorted(REPORTS) + sorted(BAD)


def xxgk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True, text=True)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The text fixtures (good and bad) copied to one folder and extracted with the CLI."""
    src = tmp_path_factory.mktemp("in")
    for name in ALL:
        shutil.copyfile(FIX / name, src / name)
    before = {p.name: sha(p) for p in src.iterdir()}
    out = tmp_path_factory.mktemp("out")
    proc = xxgk("extract", src, "-o", out)
    after = {p.name: sha(p) for p in src.iterdir()}
    return src, out, proc, before, after


def test_batch_exit_code_1_when_any_file_failed(batch):
    _, _, proc, _, _ = batch
    assert proc.returncode == 1, proc.stderr
    assert f"{len(ALL)} files: {len(REPORTS)} read" in proc.stderr
    assert f"{len(BAD)} failed" in proc.stderr


def test_batch_reports_csv_names_failed_files_and_goes_on(batch):
    _, out, proc, _, _ = batch
    rep = pd.read_csv(out / "reports.csv", keep_default_na=False)
    assert list(rep.columns) == REPORT_COLUMNS
    rep["name"] = rep["source"].map(lambda s: s.rsplit("/", 1)[-1])
    assert sorted(rep["name"]) == sorted(ALL)
    st = dict(zip(rep["name"], rep["status"], strict=True))
    err = dict(zip(rep["name"], rep["error"], strict=True))
    for name, why in BAD.items():
        assert st[name] == "failed"
        assert err[name].startswith(f"{name}: ") and why in err[name]
        assert f"xxgk: {name}: " in proc.stderr
    # the bad files sort first; every report after them was still read
    for name in REPORTS:
        assert st[name] in ("ok", "flagged") and err[name] == ""
    assert st["y2021_tsv.txt"] == "ok" and st["y2021_broken.txt"] == "flagged"
    years = dict(zip(rep["name"], rep["year"], strict=True))
    assert years["y2019_tsv.txt"] == "2019" and years["bad_empty.txt"] == ""


def test_batch_cells_and_flags_csv(batch):
    _, out, _, _, _ = batch
    cells = pd.read_csv(out / "cells.csv", dtype={"row": str})
    assert list(cells.columns) == CELL_COLUMNS
    assert len(cells) == sum(len(v[3]) for v in REPORTS.values())
    one = cells[cells["source"].str.endswith("/y2021_tsv.txt") & (cells["row"] == "granted")]
    assert one.set_index("col")["value"].to_dict() == dict(zip(REQ_COLS, [20, 3, 1, 0, 1, 0, 25], strict=True))
    flags = pd.read_csv(out / "flags.csv")
    assert list(flags.columns) == FLAG_COLUMNS
    rec = flags[flags["kind"] == "reconcile"]
    assert sorted(rec["source"].map(lambda s: s.rsplit("/", 1)[-1]).unique()) == ["y2021_broken.txt",
                                                                                   "y2021_layout.txt"]


def test_batch_duckdb_holds_the_three_tables(batch):
    _, out, _, _, _ = batch
    con = duckdb.connect(str(out / "xxgk.duckdb"), read_only=True)
    try:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert names == {"cells", "flags", "reports"}
        for name in names:
            n = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            assert n == len(pd.read_csv(out / f"{name}.csv"))
        v = con.execute("SELECT value, status FROM cells WHERE source LIKE '%/y2019_tsv.txt' "
                        "AND \"table\" = 'active' AND \"row\" = 'licensing' AND col = 'change'").fetchall()
        assert v == [(-2.0, "number")]
        failed = con.execute("SELECT count(*) FROM reports WHERE status = 'failed'").fetchone()[0]
        assert failed == len(BAD)
    finally:
        con.close()


def test_batch_never_modifies_inputs(batch):
    src, _, _, before, after = batch
    assert before == after
    assert sorted(p.name for p in src.iterdir()) == sorted(ALL)


def test_exit_code_0_when_all_read(tmp_path):
    proc = xxgk("extract", FIX / "y2021_tsv.txt", FIX / "legacy_fj.txt", "-o", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_csv(tmp_path / "reports.csv")) == 2


@pytest.mark.parametrize("argv", [
    [],                                   # no command
    ["extract"],                          # no paths
    ["extract", "FIX/y2021_tsv.txt"],     # neither -o nor --json
    ["extract", "FIX/y2021_tsv.txt", "FIX/y2019_tsv.txt", "--json"],  # --json takes one file
    ["extract", "EMPTY", "-o", "OUT"],    # a folder without files
    ["bogus"],                            # unknown command
])
def test_bad_usage_exit_code_2(tmp_path, argv):
    empty = tmp_path / "empty"
    empty.mkdir()
    argv = [a.replace("FIX", str(FIX)).replace("EMPTY", str(empty)).replace("OUT", str(tmp_path / "o"))
            for a in argv]
    assert main(argv) == 2


def test_json_output_one_file():
    proc = xxgk("extract", FIX / "y2019_tsv.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["status"] == "flagged" and d["error"] == ""
    assert d["meta"]["agency"] == "松岭县交通运输局" and d["meta"]["year"] == 2019
    assert d["editions"] == {"active": "2019", "requests": "2019", "review_litigation": "2019"}
    assert d["tables"]["active"]["procurement"]["amount"] == pytest.approx(38.65)
    assert d["tables"]["requests"]["other"]["total"] == 1
    assert len(d["cells"]) == len(REPORTS["y2019_tsv.txt"][3])
    assert [f["kind"] for f in d["flags"]] == ["unit_converted"]


def test_json_output_failed_file_exit_1():
    proc = xxgk("extract", FIX / "bad_binary.txt", "--json")
    assert proc.returncode == 1
    d = json.loads(proc.stdout)
    assert d["status"] == "failed" and d["error"].startswith("bad_binary.txt: ")


def test_extract_many_yields_one_result_per_path_in_order():
    names = ["bad_empty.txt", "y2021_tsv.txt", "legacy_tsv.txt"]
    gen = extract_many(FIX / n for n in names)
    assert not isinstance(gen, list)
    res = list(gen)
    assert [r.source.rsplit("/", 1)[-1] for r in res] == names
    assert [r.status for r in res] == ["failed", "ok", "ok"]


def test_requests_frame_rows_and_cols_are_canonical_keys():
    df = extract(FIX / "y2021_tsv.txt").tables["requests"]
    assert df.shape == (len(ROWS_2021), len(REQ_COLS))
    assert list(df.index) == ROWS_2021 and list(df.columns) == REQ_COLS
    assert df.index.name == "row" and df.columns.name == "col"
    assert df.loc["unable.not_held"].tolist() == [7, 2, 0, 0, 1, 0, 10]
    assert df.loc["total", "total"] == 50


def test_requests_frame_2019_single_other_row():
    df = extract(FIX / "y2019_tsv.txt").tables["requests"]
    assert df.shape == (len(ROWS_2019), len(REQ_COLS))
    assert list(df.index) == ROWS_2019
    assert not any(r.startswith("other.") for r in df.index)


def test_blank_cells_are_none_in_the_frame():
    df = extract(FIX / "y2021_layout.txt").tables["requests"]
    assert df.loc["granted", APPLICANT].isna().all()
    assert df.loc["granted", "total"] == 3


def test_extract_leaves_the_input_unchanged(tmp_path):
    p = tmp_path / "y2021_gbk.txt"
    shutil.copyfile(FIX / "y2021_gbk.txt", p)
    h, mtime = sha(p), p.stat().st_mtime_ns
    extract(p)
    assert sha(p) == h and p.stat().st_mtime_ns == mtime
