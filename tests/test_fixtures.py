"""Every composed fixture read cell by cell: value and status under the canonical keys,
metadata from the title, and exactly the flags each quirk calls for."""

from __future__ import annotations

import math

import pytest
from fixture_values import (
    AMBIGUOUS_CELLS,
    BAD,
    CLEAN,
    FIX,
    REPORTS,
    REQ_COLS,
    ROWS_2019,
    ROWS_2021,
)

from extractor import extract


@pytest.fixture(scope="module")
def results():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = extract(FIX / name)
        return cache[name]

    return get


def cells_of(res) -> dict:
    out = {}
    for rec in res.cells.to_dict("records"):
        v = rec["value"]
        if v is None or (isinstance(v, float) and math.isnan(v)):
            v = None
        out[(rec["table"], rec["row"], rec["col"])] = (v, rec["status"])
    return out


def flag_set(res, kinds=("reconcile", "reconcile_warning")) -> set:
    return {(f["kind"], f["table"], f["rule"], frozenset(f["cells"].split(";")))
            for f in res.flags.to_dict("records") if f["kind"] in kinds}


def cells_key(rule_cells: list[str]) -> frozenset:
    return frozenset(rule_cells)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_cell_value_and_status(results, name):
    _agency, _year, _edition, expected = REPORTS[name]
    got = cells_of(results(name))
    assert set(got) == set(expected), (f"missing {sorted(set(expected) - set(got))[:5]}, "
                                       f"extra {sorted(set(got) - set(expected))[:5]}")
    wrong = {k: (got[k], v) for k, v in expected.items() if got[k] != v}
    assert not wrong, f"{len(wrong)} cells wrong (got, expected): {dict(list(wrong.items())[:6])}"


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_metadata_and_edition_from_labels(results, name):
    agency, year, edition, expected = REPORTS[name]
    res = results(name)
    assert res.error == ""
    assert res.meta["agency"] == agency
    assert res.meta["year"] == year
    tables = sorted({t for t, _, _ in expected})
    assert res.editions == {t: edition for t in tables}
    assert (res.cells["agency"] == agency).all() and (res.cells["year"] == year).all()


@pytest.mark.parametrize("name", CLEAN)
def test_clean_reports_have_no_reconcile_flags(results, name):
    assert flag_set(results(name)) == set()
    assert flag_set(results(name), kinds=("ambiguous_split", "column_count_mismatch", "missing_row")) == set()


def test_2021_tsv_has_no_flags_at_all(results):
    res = results("y2021_tsv.txt")
    assert res.status == "ok"
    assert len(res.flags) == 0


def _cols(row):
    return [f"{row}|{c}" for c in REQ_COLS]


def test_broken_totals_flag_exactly_the_broken_relations(results):
    res = results("y2021_broken.txt")
    req1 = lambda c: cells_key([f"new_received|{c}", f"carried_over|{c}", f"total|{c}", f"carried_forward|{c}"])  # noqa: E731
    outcomes = ROWS_2021[2:-2]
    expected = {
        ("reconcile", "requests", "REQ-1", req1("natural_person")),
        ("reconcile", "requests", "REQ-1", req1("total")),
        ("reconcile", "requests", "REQ-2a", cells_key(["total|total"] + [f"{r}|total" for r in outcomes])),
        ("reconcile", "requests", "REQ-3", cells_key(_cols("granted"))),
    }
    assert flag_set(res) == expected
    assert res.status == "flagged"
    req3 = next(f for f in res.flags.to_dict("records") if f["rule"] == "REQ-3")
    assert (req3["expected"], req3["actual"]) == ("26", "25")


def test_only_total_column_filled_breaks_req3_on_nonzero_rows(results):
    """Blank applicant cells read as 0 for the check, so every row with a non-zero 总计 breaks REQ-3."""
    res = results("y2021_layout.txt")
    rows = ["new_received", "carried_over", "granted", "unable.not_held", "not_processed.duplicate", "total",
            "carried_forward"]
    assert flag_set(res) == {("reconcile", "requests", "REQ-3", cells_key(_cols(r))) for r in rows}
    msgs = [f["message"] for f in res.flags.to_dict("records") if f["rule"] == "REQ-3"]
    assert all("blank or missing cells read as 0" in m for m in msgs)


def test_layout_value_after_fullwidth_punctuation_stays_under_total(results):
    """Display columns are those of the printed line: full-width ，（） count 2 before any normalisation."""
    got = cells_of(results("y2021_layout.txt"))
    assert got[("requests", "partial", "total")] == (0, "number")
    assert got[("requests", "partial", "other")] == (None, "blank")


def test_undecidable_split_is_unknown_and_flagged(results):
    res = results("y2021_runon_ambiguous.txt")
    got = cells_of(res)
    for k in AMBIGUOUS_CELLS:
        assert got[k] == (None, "unknown")
        assert res.cells.loc[(res.cells["row"] == k[1]) & (res.cells["col"] == k[2]), "raw"].item() == "12347"
    amb = flag_set(res, kinds=("ambiguous_split",))
    assert amb == {("ambiguous_split", "active", "", cells_key([f"{r}|{c}" for _, r, c in AMBIGUOUS_CELLS]))}
    assert flag_set(res) == set()  # the unknown cells are not guessed into a false reconcile alarm


def test_runon_decided_by_relations_has_no_unknown(results):
    res = results("y2021_runon.txt")
    assert (res.cells["status"] != "unknown").all()
    assert len(res.flags) == 0


def test_2019_layout_signed_change_unit_and_single_other_row(results):
    res = results("y2019_tsv.txt")
    got = cells_of(res)
    assert got[("active", "licensing", "change")] == (-2, "number")
    assert got[("active", "other_services", "change")] == (1, "number")
    amount = res.cells[(res.cells["row"] == "procurement") & (res.cells["col"] == "amount")].iloc[0]
    assert amount["raw"] == "386500元" and amount["value"] == pytest.approx(38.65)
    units = [f for f in res.flags.to_dict("records") if f["kind"] == "unit_converted"]
    assert [(f["table"], f["cells"]) for f in units] == [("active", "procurement|amount")]
    assert list(res.tables["requests"].index) == [r for r in ROWS_2019]
    assert {k for k in res.flags["kind"]} == {"unit_converted"}


def test_eight_numbers_under_seven_headings_drop_the_surplus_cell(results):
    got = cells_of(results("y2021_eight_numbers.txt"))
    assert [got[("requests", "granted", c)][0] for c in REQ_COLS] == [20, 3, 1, 0, 1, 0, 25]
    assert [got[("requests", "unable.not_held", c)][0] for c in REQ_COLS] == [7, 2, 0, 0, 1, 0, 10]


def test_table4_as_one_row_of_fifteen(results):
    df = results("y2021_t4_one_row.txt").tables["review_litigation"]
    assert df.shape == (3, 5)
    assert df.loc["litigation_direct"].tolist() == [1, 2, 0, 0, 3]


def test_legacy_header_rows_carry_no_cell(results):
    got = cells_of(results("legacy_tsv.txt"))
    assert {r for _, r, _ in got}.isdisjoint({"1", "1.2", "2", "2.2", "3", "8", "9"})
    assert got[("legacy", "8.4", "value")] == (4.6, "number")


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_fails_with_a_reason_naming_the_file(results, name):
    res = results(name)
    assert res.status == "failed"
    assert res.error.startswith(f"{name}: ")
    assert BAD[name] in res.error
    assert len(res.cells) == 0
