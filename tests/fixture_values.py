"""What the composed reports in fixtures/ print, cell by cell, under the canonical keys.

Written by hand from the fixtures (see fixtures/README.md); the tests compare the
extractor's cells with these. ``None`` is a blank cell.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "fixtures"

APPLICANT = ["natural_person", "commercial", "research", "social_org", "legal_service", "other"]
REQ_COLS = APPLICANT + ["total"]
OUTCOMES = ["granted", "partial", "denied.state_secret", "denied.law_prohibited", "denied.security",
            "denied.third_party", "denied.internal", "denied.process", "denied.enforcement_file", "denied.query",
            "unable.not_held", "unable.needs_creation", "unable.unclear", "not_processed.petition",
            "not_processed.duplicate", "not_processed.publication", "not_processed.mass_repeat",
            "not_processed.confirm"]
ROWS_2021 = ["new_received", "carried_over"] + OUTCOMES + ["other.no_correction", "other.no_fee", "other.other",
                                                            "total", "carried_forward"]
ROWS_2019 = ["new_received", "carried_over"] + OUTCOMES + ["other", "total", "carried_forward"]
RL_ROWS = ["review", "litigation_direct", "litigation_after_review"]
RL_COLS = ["upheld", "corrected", "other", "pending", "total"]

Cells = dict[tuple[str, str, str], tuple[object, str]]


def requests(rows: list[str], nonzero: dict[str, list[int]]) -> Cells:
    """Table 三 with every cell printed: the six applicant numbers given, 总计 their sum, other rows 0."""
    out: Cells = {}
    for r in rows:
        vals = nonzero.get(r, [0] * 6)
        for c, v in zip(REQ_COLS, vals + [sum(vals)], strict=True):
            out[("requests", r, c)] = (v, "number")
    return out


def review(groups: list[list[int]]) -> Cells:
    return {("review_litigation", g, c): (v, "number")
            for g, vals in zip(RL_ROWS, groups, strict=True) for c, v in zip(RL_COLS, vals, strict=True)}


def active_2021(reg, nd, licensing, penalty, enforcement, fees) -> Cells:
    out: Cells = {}
    for row, vals in (("regulations", reg), ("normative_docs", nd)):
        for c, v in zip(["issued", "repealed", "in_force"], vals, strict=True):
            out[("active", row, c)] = (v, "number")
    out[("active", "licensing", "decisions")] = (licensing, "number")
    out[("active", "penalty", "decisions")] = (penalty, "number")
    out[("active", "enforcement", "decisions")] = (enforcement, "number")
    out[("active", "fees", "amount")] = (fees, "number")
    return out


# ---- y2021_tsv.txt and its re-printings (gbk, ascii brackets, markdown, 8 numbers) ----
REQ_2021 = {
    "new_received": [38, 6, 1, 0, 2, 1],
    "carried_over": [3, 1, 0, 0, 0, 0],
    "granted": [20, 3, 1, 0, 1, 0],
    "partial": [4, 1, 0, 0, 0, 1],
    "denied.third_party": [2, 0, 0, 0, 0, 0],
    "denied.process": [1, 0, 0, 0, 0, 0],
    "unable.not_held": [7, 2, 0, 0, 1, 0],
    "unable.unclear": [1, 0, 0, 0, 0, 0],
    "not_processed.petition": [2, 0, 0, 0, 0, 0],
    "not_processed.duplicate": [1, 0, 0, 0, 0, 0],
    "other.no_correction": [1, 0, 0, 0, 0, 0],
    "other.other": [0, 1, 0, 0, 0, 0],
    "total": [39, 7, 1, 0, 2, 1],
    "carried_forward": [2, 0, 0, 0, 0, 0],
}
RL_2021 = [[2, 1, 0, 1, 4], [1, 0, 0, 1, 2], [0, 0, 0, 0, 0]]
CELLS_2021: Cells = {**active_2021((1, 0, 5), (12, 3, 47), 356, 41, 7, 12.5),
                     **requests(ROWS_2021, REQ_2021), **review(RL_2021)}

# ---- y2021_broken.txt: 自然人 结转下年度 printed 3 (REQ-1 breaks), 予以公开 总计 printed 26 (REQ-3, REQ-2a) ----
CELLS_BROKEN = dict(CELLS_2021)
CELLS_BROKEN[("requests", "carried_forward", "natural_person")] = (3, "number")
CELLS_BROKEN[("requests", "carried_forward", "total")] = (3, "number")
CELLS_BROKEN[("requests", "granted", "total")] = (26, "number")

# ---- y2021_t4_one_row.txt: table 四 as one line of 15 numbers ----
CELLS_T4_ONE_ROW = {**CELLS_2021, **review([[3, 1, 0, 2, 6], [1, 2, 0, 0, 3], [0, 1, 0, 1, 2]])}

# ---- y2021_runon.txt / y2021_runon_ambiguous.txt ----
REQ_RUNON = {
    "new_received": [9, 3, 0, 0, 0, 0],
    "carried_over": [1, 0, 0, 0, 0, 0],
    "granted": [4, 2, 0, 0, 0, 0],
    "partial": [1, 0, 0, 0, 0, 0],
    "unable.not_held": [3, 1, 0, 0, 0, 0],
    "not_processed.duplicate": [1, 0, 0, 0, 0, 0],
    "total": [9, 3, 0, 0, 0, 0],
    "carried_forward": [1, 0, 0, 0, 0, 0],
}
CELLS_RUNON: Cells = {**active_2021((0, 0, 0), (2, 1, 9), 64, 12, 3, 0),
                      **requests(ROWS_2021, REQ_RUNON), **review([[1, 0, 0, 0, 1], [0, 0, 0, 1, 1], [0] * 5])}
AMBIGUOUS_CELLS = [("active", "normative_docs", c) for c in ("issued", "repealed", "in_force")]
CELLS_RUNON_AMBIGUOUS = dict(CELLS_RUNON)
for _k in AMBIGUOUS_CELLS:
    CELLS_RUNON_AMBIGUOUS[_k] = (None, "unknown")  # printed "行政规范性文件12347": nothing decides the split

# ---- y2021_layout.txt: space-aligned, wrapped labels, only the 总计 column filled ----
LAYOUT_TOTALS = {"new_received": 6, "carried_over": 1, "granted": 3, "unable.not_held": 2,
                 "not_processed.duplicate": 1, "total": 6, "carried_forward": 1}
CELLS_LAYOUT: Cells = {**active_2021((0, 0, 0), (2, 1, 9), 64, 12, 3, 0), **review([[0] * 5] * 3)}
for _r in ROWS_2021:
    for _c in APPLICANT:
        CELLS_LAYOUT[("requests", _r, _c)] = (None, "blank")
    CELLS_LAYOUT[("requests", _r, "total")] = (LAYOUT_TOTALS.get(_r, 0), "number")

# ---- y2019_tsv.txt ----
REQ_2019 = {
    "new_received": [12, 2, 0, 0, 1, 0],
    "carried_over": [1, 0, 0, 0, 0, 0],
    "granted": [7, 1, 0, 0, 1, 0],
    "partial": [1, 0, 0, 0, 0, 0],
    "unable.not_held": [3, 0, 0, 0, 0, 0],
    "unable.needs_creation": [0, 1, 0, 0, 0, 0],
    "not_processed.petition": [1, 0, 0, 0, 0, 0],
    "other": [1, 0, 0, 0, 0, 0],
    "total": [13, 2, 0, 0, 1, 0],
}
ACTIVE_2019 = {
    ("regulations", "made"): 0, ("regulations", "published"): 0, ("regulations", "total_published"): 0,
    ("normative_docs", "made"): 4, ("normative_docs", "published"): 4, ("normative_docs", "total_published"): 31,
    ("licensing", "prev_items"): 23, ("licensing", "change"): -2, ("licensing", "decisions"): 418,
    ("other_services", "prev_items"): 6, ("other_services", "change"): 1, ("other_services", "decisions"): 95,
    ("penalty", "prev_items"): 58, ("penalty", "change"): -5, ("penalty", "decisions"): 137,
    ("enforcement", "prev_items"): 9, ("enforcement", "change"): 0, ("enforcement", "decisions"): 12,
    ("fees", "prev_items"): 3, ("fees", "change"): -1,
    ("procurement", "projects"): 7, ("procurement", "amount"): 38.65,  # printed 386500元, given in 万元
}
CELLS_2019: Cells = {**{("active", r, c): (v, "number") for (r, c), v in ACTIVE_2019.items()},
                     **requests(ROWS_2019, REQ_2019), **review([[1, 0, 0, 0, 1], [0] * 5, [0] * 5])}

# ---- legacy_tsv.txt: national 统计表 (国办发〔2014〕32号), header rows carry no number ----
LEGACY = {
    "1.1": 862, "1.1.a": 14, "1.1.b": 15, "1.2.1": 20, "1.2.2": 811, "1.2.3": 140, "1.2.4": 233, "1.2.5": 5,
    "2.1": 6, "2.2.1": 4, "2.2.1.a": 2, "2.2.2": 3, "2.2.2.a": 1, "2.2.3": 17, "2.2.4": 9, "2.2.5": 0,
    "3.1": 37, "3.1.1": 11, "3.1.2": 1, "3.1.3": 19, "3.1.4": 6, "3.2": 35, "3.2.1": 33, "3.2.2": 2,
    "3.3": 35, "3.3.1": 8, "3.3.2": 12, "3.3.3": 3, "3.3.4": 4, "3.3.4.a": 0, "3.3.4.b": 1, "3.3.4.c": 2,
    "3.3.4.d": 0, "3.3.4.e": 1, "3.3.4.f": 0, "3.3.5": 5, "3.3.6": 2, "3.3.7": 1, "3.3.8": 0,
    "4": 2, "4.1": 1, "4.2": 0, "4.3": 1, "5": 1, "5.1": 1, "5.2": 0, "5.3": 0, "6": 0, "7": 0,
    "8.1": 1, "8.2": 3, "8.3": 9, "8.3.1": 2, "8.3.2": 7, "8.4": 4.6, "9.1": 2, "9.2": 1, "9.3": 45,
}
CELLS_LEGACY: Cells = {("legacy", r, "value"): (v, "number") for r, v in LEGACY.items()}

# ---- legacy_fj.txt: Fujian table, 2013年度 + 历年累计 ----
LEGACY_FJ = {"1": (1207, 15836), "1.1": (1180, 15402), "1.2": (27, 434), "2": (9, 61), "2.1": (2, 18),
             "2.2": (6, 35), "2.3": (1, 8), "3": (9, 60), "3.1": (6, 41), "3.2": (1, 7), "3.3": (1, 5),
             "3.4": (1, 7), "4": (0, 120), "5": (0, 1), "6": (1, 2), "7": (0, 1)}
CELLS_LEGACY_FJ: Cells = {("legacy_fj", r, c): (v, "number")
                          for r, vals in LEGACY_FJ.items() for c, v in zip(("value", "cumulative"), vals, strict=True)}

# file -> (agency, year, editions, cells)
REPORTS = {
    "y2021_tsv.txt": ("青禾市自然资源和规划局", 2023, "2021", CELLS_2021),
    "y2021_gbk.txt": ("东湖区审计局", 2022, "2021", CELLS_2021),
    "y2021_ascii_brackets.txt": ("白沙镇人民政府", 2022, "2021", CELLS_2021),
    "y2021_markdown.txt": ("青禾市水务局", 2023, "2021", CELLS_2021),
    "y2021_eight_numbers.txt": ("西江市商务局", 2023, "2021", CELLS_2021),
    "y2021_t4_one_row.txt": ("南岭市生态环境局", 2023, "2021", CELLS_T4_ONE_ROW),
    "y2021_broken.txt": ("青禾市林业局", 2023, "2021", CELLS_BROKEN),
    "y2021_runon.txt": ("北塘区文化和旅游局", 2022, "2021", CELLS_RUNON),
    "y2021_runon_ambiguous.txt": ("北塘区退役军人事务局", 2022, "2021", CELLS_RUNON_AMBIGUOUS),
    "y2021_layout.txt": ("北塘区统计局", 2023, "2021", CELLS_LAYOUT),
    "y2019_tsv.txt": ("松岭县交通运输局", 2019, "2019", CELLS_2019),
    "legacy_tsv.txt": ("梅岭县人力资源和社会保障局", 2016, "legacy", CELLS_LEGACY),
    "legacy_fj.txt": ("云溪县人民政府办公室", 2013, "legacy", CELLS_LEGACY_FJ),
}
BAD = {"bad_empty.txt": "empty file", "bad_binary.txt": "binary data", "bad_no_table.txt": "no standard table"}
CLEAN = [f for f in REPORTS if f not in ("y2021_broken.txt", "y2021_layout.txt", "y2021_runon_ambiguous.txt")]
