"""The splitting of run-together cells and the joint search, on their own and on a composed
crawler copy where only the column sums decide where each number stands."""

from __future__ import annotations

from pathlib import Path

from extractor import csp, extract
from extractor.solve import _splits
from extractor.values import parse

FIX = Path(__file__).resolve().parents[1] / "fixtures"
INT = ((False, False),) * 3


def test_splits_respect_leading_zeros_and_count():
    got = set(_splits("898989", 3, INT))
    assert ("89", "89", "89") in got and ("8", "9", "8989") in got
    assert len(got) == 10  # C(5, 2): every cut is valid here
    assert set(_splits("007", 3, INT)) == {("0", "0", "7")}  # '07' and '007' are not numbers
    assert _splits("100", 2, INT) == (("10", "0"),)  # '1','00' is not a reading


def test_splits_allow_sign_and_decimals_only_where_the_column_does():
    assert ("2648", "-18", "538") in set(_splits("2648-18538", 3, ((False, False), (True, False), (False, False))))
    assert not _splits("2648-18538", 3, INT)
    amount = ((False, False), (False, True))
    assert set(_splits("943.3114万元", 2, amount)) == {("9", "43.3114万元"), ("94", "3.3114万元")}


def test_parse_cells():
    assert parse("251000元").value == 25.1 and parse("251000元").unit == "元"
    assert parse("减少3").value == -3 and parse("+2").value == 2
    assert parse("／").status == "dash" and parse("—").status == "dash"
    assert parse("").status == "blank" and parse("\u3000").status == "blank"
    assert parse("规章") is None


def test_search_finds_exactly_the_combinations_that_satisfy_the_relation():
    # unit 0 reads 1 or 2, unit 1 reads 3 or 4; relation: u0 + u1 - 5 == 0
    contrib = [[[1.0], [2.0]], [[3.0], [4.0]]]
    rel = [csp.Linear("==", -5.0, (0, 1))]
    assert sorted(csp.search(contrib, rel)) == [(0, 1), (1, 0)]
    assert csp.search(contrib, [csp.Linear("==", -9.0, (0, 1))]) == []
    many = [[[float(v)] for v in range(50)]] * 6  # six units reading 0..49, summing to 150: too many to list
    assert csp.search(many, [csp.Linear("==", -150.0, tuple(range(6)))], budget=10) is None


def test_readings_adding_the_same_amounts_are_searched_once():
    # unit 0: readings 0 and 2 add the same (a 0 and a blank, say); unit 1 reads 3 or 5
    contrib = [[[2.0], [1.0], [2.0]], [[3.0], [5.0]]]
    rel = [csp.Linear("==", -5.0, (0, 1))]
    assert sorted(csp.search(contrib, rel)) == [(0, 0)]
    seen, example = csp.supported(contrib, rel, [[(2,), (1,), ("blank",)], [(3,), (5,)]])
    assert seen == [{0, 2}, {0}] and example == (0, 0)


def test_blank_total_column_is_placed_by_the_column_sums():
    r = extract(FIX / "y2021_runon_blank_total.txt")
    cells = {(c["row"], c["col"]): (c["value"], c["status"]) for c in r.cell_rows if c["table"] == "requests"}
    assert cells[("new_received", "natural_person")] == (11, "number")
    assert cells[("new_received", "total")] == (15, "number")
    assert cells[("granted", "natural_person")] == (6, "number")
    assert cells[("granted", "commercial")] == (2, "number")
    assert cells[("granted", "legal_service")] == (1, "number")
    assert cells[("granted", "other")] == (0, "number")
    assert cells[("granted", "total")] == (None, "blank")
    assert cells[("unable.not_held", "commercial")] == (1, "number")
    assert cells[("denied.query", "total")] == (None, "blank")
    assert cells[("total", "total")] == (16, "number")
    assert not any(status == "unknown" for _, status in cells.values())
    broken = sorted((f["rule"], f["cells"].split(";")[0]) for f in r.flag_rows if f["kind"] == "reconcile")
    assert broken == [("REQ-2a", "total|total"), ("REQ-3", "granted|total"),
                      ("REQ-3", "not_processed.petition|total"), ("REQ-3", "partial|total"),
                      ("REQ-3", "unable.not_held|total")]


def test_a_row_the_template_lacks_keeps_its_numbers_and_is_flagged(tmp_path):
    lines = (FIX / "y2019_tsv.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("规范性文件\t"))
    lines.insert(at + 1, "其他主动公开文件\t9\t9\t90")
    (tmp_path / "extra.txt").write_text("\n".join(lines), encoding="utf-8")
    r = extract(tmp_path / "extra.txt")
    cells = {(c["row"], c["col"]): c["value"] for c in r.cell_rows if c["table"] == "active"}
    assert (cells[("normative_docs", "made")], cells[("normative_docs", "published")],
            cells[("normative_docs", "total_published")]) == (4, 4, 31)
    extra = [f for f in r.flag_rows if f["kind"] == "unexpected_row"]
    assert len(extra) == 1 and "其他主动公开文件" in extra[0]["message"]


def test_bounds_tell_which_relation_set_aside_leaves_a_solution():
    # u0 reads 1 or 2, u1 reads 3 or 4; r0: u0 + u1 == 5 (can hold), r1: u0 + u1 == 9 (cannot)
    mats = [[[1.0, 1.0], [2.0, 2.0]], [[3.0, 3.0], [4.0, 4.0]]]
    rels = [csp.Linear("==", -5.0, (0, 1)), csp.Linear("==", -9.0, (0, 1))]
    assert csp.refuted(mats, rels)
    assert csp.refuted_each_off(mats, rels) == [True, False]
    assert csp.refuted(mats, rels, off=[1]) is False
