"""report.html: the batch as a page, failing cells marked, unread documents listed."""

from __future__ import annotations

import re
from pathlib import Path

from extractor import extract
from extractor.htmlreport import render

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def test_broken_relation_cells_are_marked_and_failures_listed():
    page = render([extract(FIX / "y2021_broken.txt"), extract(FIX / "bad_empty.txt"),
                   extract(FIX / "y2021_runon_ambiguous.txt")])
    assert "bad_empty.txt: empty file" in page
    # 予以公开 总计 printed 26 where its applicants sum to 25: marked as failing
    row = re.search(r"<tr><th class='row'>（一）予以公开</th>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td class='(\w*)'[^>]*>([^<]*)</td>", row)
    assert cells[-1] == ("bad", "26")
    # the undecidable split of 行政规范性文件12347 shows as unknown
    assert re.search(r"<th class='row'>行政规范性文件</th><td class='unknown'[^>]*>\?</td>", page)


def test_clean_report_has_no_marked_cell():
    page = render([extract(FIX / "y2021_tsv.txt")])
    assert "class='bad'" not in page and "class='unknown'" not in page
    assert "<h3>requests (2021)</h3>" in page
