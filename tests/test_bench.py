"""``xxgk bench`` runs and reports its figures (the speed itself is not asserted here)."""

from __future__ import annotations

import argparse
import re

from fixture_values import FIX

from extractor import bench


def test_bench_reports_rate_rss_and_machine(capsys):
    assert bench.run(argparse.Namespace(copies=5, paths=[str(FIX / "y2021_tsv.txt")])) == 0
    out = capsys.readouterr().out
    assert re.search(r"^5 reports \(1 distinct\) in [\d.]+ s on one core: [\d.]+ reports/s; 0 failed; "
                     r"peak RSS \d+ MiB$", out, re.M), out
    assert re.search(r"^garbage collector: [\d.]+ s of it$", out, re.M), out
    assert re.search(r"^machine: .+; .+; \d+ cores; Python 3", out, re.M), out


def test_bench_default_inputs_are_the_text_report_fixtures():
    names = [p.name for p in bench.default_inputs()]
    assert "y2021_tsv.txt" in names and "legacy_fj.txt" in names
    assert not [n for n in names if n.startswith("bad_")]


def test_bench_bad_usage(capsys):
    assert bench.run(argparse.Namespace(copies=0, paths=[])) == 2
    assert bench.run(argparse.Namespace(copies=3, paths=[str(FIX / "no_such_file.txt")])) == 2


def test_ab_html_compares_two_checkouts_page_by_page():
    """benchmarks/ab_html.py, this checkout against itself on one fixture page: it runs and prints its figures."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    page = root / "fixtures" / "html" / "cms_meta.html"
    done = subprocess.run([sys.executable, str(root / "benchmarks" / "ab_html.py"), str(root), str(root), str(page),
                           "--repeat", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^1 pages, 2 reads each of each, ", done.stdout, re.M), done.stdout
    assert re.search(r"median ms per page: old [\d.]+, new [\d.]+$", done.stdout, re.M), done.stdout
    assert re.search(r"new/old per page: median [\d.]+ \(quartiles [\d.]+-[\d.]+\)$", done.stdout, re.M), done.stdout
