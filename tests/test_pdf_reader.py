"""The PDF reader on fixtures made for it (fixtures/pdf, printed by LibreOffice from
fixtures/docx/build.py) and, where ../shared is present, on the shared corpus."""

from __future__ import annotations

import ctypes
import importlib.util
import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pr
import pytest

from extractor.model import Grid, Paragraph, ReadError
from extractor.readers import pdf
from extractor.readers.pdf import _cell_text, _Glyph, _Line, _pieces
from extractor.textnorm import clean_text

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures" / "pdf"
SHARED = ROOT.parent / "shared"
_spec = importlib.util.spec_from_file_location("fixture_build", ROOT / "fixtures" / "docx" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the shared corpus) is not present")


def read(name: str):
    return pdf.read((FIX / name).read_bytes(), str(FIX / name))


def grids(doc, kind: str | None = None) -> list[Grid]:
    return [b for b in doc.blocks if isinstance(b, Grid) and (kind is None or b.kind == kind)]


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def cleaned(rows: list[list[str]]) -> list[list[str]]:
    return [[clean_text(t) for t in row] for row in rows]


# --- ruled tables ------------------------------------------------------------


def test_ruled_table_cells_and_merges():
    doc = read("report.pdf")
    assert doc.reader == "pdf" and not doc.flags
    g = grids(doc)[0]
    assert g.kind == "cells" and g.page == 1
    assert texts(g) == cleaned(build.expected_active())
    # caption row: one cell spanning 4 columns, expanded with its origin kept
    assert [c.origin for c in g.rows[0]] == [(0, 0)] * 4
    assert g.rows[2][1].origin is None  # a plain cell
    assert [c.origin for c in g.rows[6][1:]] == [(6, 1)] * 3  # 行政许可's value spans 3 columns
    for row in g.rows:
        for c in row:
            assert c.page == 1 and c.x is not None and c.x1 is not None and c.top is not None
            assert c.x < c.x1
    # positions are page positions, left to right, top to bottom
    assert g.rows[2][0].x < g.rows[2][1].x < g.rows[2][2].x < g.rows[2][3].x
    assert g.rows[2][0].top < g.rows[3][0].top


def test_table_across_pages_footer_dropped_and_headers_joined():
    doc = read("report.pdf")
    g = grids(doc)
    req1, req2 = g[1], g[2]
    assert (req1.page, req2.page) == (1, 2)
    # three header rows: one-character-per-line headers (自/然/人, 社/会/公/益/组/织) are one label each
    assert texts(req1)[:3] == cleaned(build.expected_requests_header())
    body = cleaned(build.expected_requests_body())
    assert texts(req1)[3:] == body[:9]
    # the continuation on page 2: the merged label cells that began on page 1 are empty there
    part2 = texts(req2)
    assert part2[0][:3] == ["", "", body[9][2]]
    assert [r[2:] for r in part2] == [r[2:] for r in body[9:]]
    assert [r[0] for r in part2[:-1]] == [""] * (len(part2) - 1)  # 三、本年度办理结果 continues, empty
    assert [r[1] for r in part2[3:]] == [r[1] for r in body[12:]]
    # the vertical label 三、本年度办理结果 (one character per line) is one label
    assert texts(req1)[5][0] == "三、本年度办理结果"
    # the footers `- 1 -`, `- 2 -` are neither paragraphs nor cells
    every = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    every += [c.text for gr in g for row in gr.rows for c in row]
    assert not any(t.strip() in ("- 1 -", "- 2 -", "-1-", "-2-") for t in every)
    # reading order: heading, then the table; table 四 after its heading
    kinds = [("P", b.text) if isinstance(b, Paragraph) else ("G", b.page) for b in doc.blocks]
    i = kinds.index(("P", "三、收到和处理政府信息公开申请情况"))
    assert kinds[i + 1] == ("G", 1)
    assert texts(g[3]) == cleaned(build.expected_review())


def test_table_across_pages_with_repeated_header():
    doc = read("report-repeat.pdf")
    g = grids(doc)
    header = cleaned(build.expected_requests_header())
    assert texts(g[1])[:3] == header
    assert g[2].page == 2 and texts(g[2])[:3] == header
    body = cleaned(build.expected_requests_body())
    assert [r[2:] for r in texts(g[1])[3:] + texts(g[2])[3:]] == [r[2:] for r in body]


def test_rotated_and_stacked_cell_text():
    doc = read("rotated-labels.pdf")
    assert texts(grids(doc)[0]) == [["三、本年度办理结果"] * 3, ["7", "8", "9"]]


def test_rotated_page():
    src = pdfium.PdfDocument((FIX / "report.pdf").read_bytes())
    for i in range(len(src)):
        src[i].set_rotation(90)
    buf = io.BytesIO()
    src.save(buf)
    doc = pdf.read(buf.getvalue(), "rotated.pdf")
    assert texts(grids(doc)[0]) == cleaned(build.expected_active())
    assert not any(isinstance(b, Paragraph) and b.text.strip() == "- 1 -" for b in doc.blocks)


def test_table_numbering_in_document_order():
    doc = read("report.pdf")
    assert [gr.table_no for gr in grids(doc)] == [0, 1, 2, 3]


# --- borderless tables ---------------------------------------------------------


def test_borderless_table_is_lines_grid():
    doc = read("report-noborder.pdf")
    assert not grids(doc, "cells")
    lines = grids(doc, "lines")
    assert lines
    rows = [r for gr in lines for r in gr.rows]
    by_text = {r[0].text: r for r in rows}
    # one piece per printed cell, numbers in separate pieces, positions kept
    assert [c.text for c in by_text["规章"]] == ["规章", "2", "0", "9"]
    assert [c.text for c in by_text["行政事业性收费"]] == ["行政事业性收费", "12.75"]
    new = by_text["一、本年新收政府信息公开申请数量"]
    assert [c.text for c in new] == ["一、本年新收政府信息公开申请数量", "23", "4", "1", "0", "2", "1", "31"]
    xs = [c.x for c in new]
    assert xs == sorted(xs) and all(c.x < c.x1 and c.page == 1 and c.top is not None for c in new)
    # a value sits under its header: 31 under 总 (总计 printed one character per line)
    total_head = next(c for r in rows for c in r if c.text == "总")
    assert abs(new[-1].x - total_head.x) < 10
    # table 四: 15 numbers, 15 pieces
    review = next(r for r in rows if len(r) == 15 and all(c.text.isdigit() for c in r))
    assert [c.text for c in review] == [str(v) for v in build.REVIEW]
    # headings stay paragraphs
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "二、主动公开政府信息情况" in paras and "五、存在的主要问题及改进情况" in paras


# --- text clean-up -----------------------------------------------------------------


def _glyphs(spec: list[tuple[str, float]], top: float = 100.0, size: float = 10.0) -> list[_Glyph]:
    return [_Glyph(ch, x, top, x + size * (0.5 if ch.isascii() else 1.0), top + size, i)
            for i, (ch, x) in enumerate(spec)]


def test_spaces_between_glyphs_removed_inside_a_cell():
    # '2019 年' and '1 2 3' printed with a space glyph's gap: one label, one number
    assert _cell_text(_glyphs([("2", 0), ("0", 5), ("1", 10), ("9", 15), ("年", 23)])) == "2019年"
    assert _cell_text(_glyphs([("1", 0), ("2", 8), ("3", 16)])) == "123"
    # a label wrapped over two lines in one cell joins without a space
    two = _glyphs([("本", 0), ("年", 10), ("新", 20)]) + _glyphs([("制", 0), ("作", 10)], top=112)
    assert _cell_text(two) == "本年新制作"
    # one character per line
    vert = [g for i, ch in enumerate("自然人") for g in _glyphs([(ch, 0)], top=100 + 12 * i)]
    assert _cell_text(vert) == "自然人"
    # Latin words keep their space
    assert _cell_text(_glyphs([("A", 0), ("B", 5), ("C", 14), ("D", 19)])) == "AB CD"


def test_separate_numbers_stay_separate_pieces_in_lines_grids():
    gl = _glyphs([("1", 0), ("2", 5), ("0", 40), ("3", 80), ("4", 85)])
    ln = _Line(gl).finish()
    assert ["".join(g.ch for g in p) for p in _pieces(ln)] == ["12", "0", "34"]


# --- damaged, encrypted, scanned -------------------------------------------------------


def test_encrypted_pdf_needs_password():
    with pytest.raises(ReadError) as e:
        read("report-encrypted.pdf")
    assert str(e.value) == "report-encrypted.pdf: encrypted PDF, needs a password"


def test_encrypted_without_user_password_opens():
    doc = read("report-restricted.pdf")
    assert texts(grids(doc)[0]) == cleaned(build.expected_active())


def test_truncated_pdf():
    data = (FIX / "report.pdf").read_bytes()
    with pytest.raises(ReadError) as e:
        pdf.read(data[: len(data) // 2], "cut.pdf")
    assert str(e.value).startswith("cut.pdf: truncated PDF")
    assert "\n" not in str(e.value)


def test_corrupt_pdf():
    with pytest.raises(ReadError) as e:
        pdf.read(b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n", "bad.pdf")
    assert str(e.value).startswith("bad.pdf: corrupt PDF")


def _scan_like(pages: list[str]) -> bytes:
    """A PDF whose pages hold a line of text, only an image, or mojibake (no ToUnicode)."""
    from PIL import Image as PILImage

    doc = pdfium.PdfDocument.new()
    for kind in pages:
        page = doc.new_page(595, 842)
        if kind in ("text", "mojibake", "cid"):
            obj = pr.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 12.0)
            s = {"text": "Annual report with a text layer", "cid": "(cid:12)(cid:345)(cid:77)(cid:8)(cid:90)",
                 "mojibake": "".join(chr(0xE000 + i) for i in range(30))}[kind]
            u16 = (s + "\0").encode("utf-16-le")
            pr.FPDFText_SetText(obj, (ctypes.c_ushort * (len(u16) // 2)).from_buffer_copy(u16))
            pr.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 700)
            pr.FPDFPage_InsertObject(page.raw, obj)
        else:
            img = pdfium.PdfImage.new(doc)
            img.set_bitmap(pdfium.PdfBitmap.from_pil(PILImage.new("RGB", (60, 80), "white")))
            img.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(40, 60))
            page.insert_obj(img)
        page.gen_content()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_pages_without_text_layer_are_flagged():
    doc = pdf.read(_scan_like(["text", "image", "mojibake", "cid"]), "mixed.pdf")
    assert [(f.kind, f.message) for f in doc.flags] == [("needs_ocr", "pages 2,3,4 have no usable text layer")]
    assert any(isinstance(b, Paragraph) and b.text == "Annual report with a text layer" for b in doc.blocks)


def test_no_text_at_all_still_returns_document():
    doc = pdf.read(_scan_like(["image"]), "scan.pdf")
    assert doc.blocks == []
    assert [(f.kind, f.message) for f in doc.flags] == [("needs_ocr", "page 1 has no usable text layer")]


# --- the shared corpus ---------------------------------------------------------------


def _shared(rel: str):
    p = SHARED / "corpus" / rel
    return pdf.read(p.read_bytes(), str(p))


@needs_shared
def test_wps_vertical_font_label_b001():
    doc = _shared("real-bin/b001.pdf")
    req = next(g for g in grids(doc) if any(c.text == "申请人情况" for c in g.rows[0]))
    col0 = {r[0].text for r in req.rows}
    assert "三、本年度办理结果" in col0  # printed in an Identity-V (vertical) font
    assert [c.text for c in req.rows[2][4:9]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert not doc.flags


@needs_shared
def test_one_char_per_line_headers_b004():
    doc = _shared("real-bin/b004.pdf")
    req = next(g for g in grids(doc) if any(c.text == "申请人情况" for c in g.rows[0]))
    assert [c.text for c in req.rows[1]][3] == "自然人"
    assert [c.text for c in req.rows[2][4:9]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # wrapped row labels are one label
    labels = {c.text for g in grids(doc) for r in g.rows for c in r}
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in labels
    # page footers never appear inside the table parts
    assert not any(t.startswith("-") and t.endswith("-") for t in labels if t)


@needs_shared
def test_scan_pdf_flagged():
    doc = _shared("synth/s004.scan.pdf")
    assert [f.kind for f in doc.flags] == ["needs_ocr"]
    assert doc.flags[0].message == "pages 1,2,3 have no usable text layer"


@needs_shared
def test_noborder_rendering_gives_lines_grids():
    doc = _shared("rendered/r001.noborder.pdf")
    assert grids(doc) and all(g.kind == "lines" for g in grids(doc))
    rows = [[c.text for c in r] for g in grids(doc) for r in g.rows]
    assert ["一、本年新收政府信息公开申请数量", "821", "35", "2", "1", "859"] in rows
