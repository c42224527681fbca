"""The DOCX reader on documents built with python-docx (fixtures/docx/build.py), and the
DOC reader through LibreOffice (skipped where LibreOffice is not installed)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractor.model import Grid, Paragraph, ReadError
from extractor.readers import doc as doc_reader
from extractor.readers import docx as docx_reader
from extractor.readers import read_bytes, sniff
from extractor.textnorm import clean_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
_spec = importlib.util.spec_from_file_location("fixture_build", ROOT / "fixtures" / "docx" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

HAVE_SOFFICE = doc_reader._program() is not None


def grids(doc) -> list[Grid]:
    return [b for b in doc.blocks if isinstance(b, Grid)]


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def cleaned(rows: list[list[str]]) -> list[list[str]]:
    return [[clean_text(t) for t in row] for row in rows]


def save(d) -> bytes:
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return build.report()


def test_report_tables_gridspan_vmerge(report_docx):
    doc = docx_reader.read(report_docx, "report.docx")
    assert doc.reader == "docx" and sniff(report_docx, "report.docx") == "docx"
    g = grids(doc)
    assert len(g) == 3 and [x.table_no for x in g] == [0, 1, 2]
    assert texts(g[0]) == cleaned(build.expected_active())
    assert texts(g[1]) == cleaned(build.expected_requests_header() + build.expected_requests_body())
    assert texts(g[2]) == cleaned(build.expected_review())


def test_merged_cells_keep_origin(report_docx):
    g = grids(docx_reader.read(report_docx, "report.docx"))
    active, req = g[0], g[1]
    # gridSpan: caption over 4 columns, value over 3
    assert [c.origin for c in active.rows[0]] == [(0, 0)] * 4
    assert [c.origin for c in active.rows[6]] == [None, (6, 1), (6, 1), (6, 1)]
    # vMerge + gridSpan: the note spans 3 rows x 3 columns
    assert {req.rows[r][c].origin for r in range(3) for c in range(3)} == {(0, 0)}
    # vMerge: 自然人 over header rows 1-2; 三、本年度办理结果 down 23 rows, one character per paragraph
    assert req.rows[1][3].origin == req.rows[2][3].origin == (1, 3)
    col0 = [row[0] for row in req.rows[5:27]]
    assert {c.text for c in col0} == {"三、本年度办理结果"} and {c.origin for c in col0} == {(5, 0)}
    assert req.rows[3][3].origin is None and req.rows[3][3].text == "23"
    # x positions from the table grid, in points
    assert req.rows[3][3].x < req.rows[3][4].x and req.rows[3][0].x == 0.0
    assert req.rows[3][0].page is None


def test_paragraphs_in_document_order(report_docx):
    doc = docx_reader.read(report_docx, "report.docx")
    seq = [b.text if isinstance(b, Paragraph) else f"<table {b.table_no}>" for b in doc.blocks]
    i = seq.index("二、主动公开政府信息情况")
    assert seq[i + 1] == "<table 0>"
    assert seq[seq.index("三、收到和处理政府信息公开申请情况") + 1] == "<table 1>"
    assert seq[seq.index("四、政府信息公开行政复议、行政诉讼情况") + 1] == "<table 2>"
    assert seq[0] == f"{build.AGENCY}2023年政府信息公开工作年度报告"


def test_nested_table_is_its_own_grid():
    d = DocxDocument()
    d.add_paragraph("前言")
    outer = d.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "项目"
    outer.cell(0, 1).text = "说明"
    outer.cell(1, 0).text = "统计"
    inner_cell = outer.cell(1, 1)
    inner_cell.text = "见下表"
    inner = inner_cell.add_table(rows=2, cols=3)
    for c, v in enumerate(["信息内容", "本年制发件数", "现行有效件数"]):
        inner.cell(0, c).text = v
    for c, v in enumerate(["规章", "3", "12"]):
        inner.cell(1, c).text = v
    d.add_paragraph("结语")
    doc = docx_reader.read(save(d), "nested.docx")
    seq = [b.text if isinstance(b, Paragraph) else texts(b) for b in doc.blocks]
    assert seq == [
        "前言",
        [["项目", "说明"], ["统计", "见下表"]],
        [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "3", "12"]],
        "结语",
    ]


def test_one_column_layout_table_is_unwrapped():
    d = DocxDocument()
    box = d.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell.text = "二、主动公开政府信息情况"
    t = cell.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "规章"
    t.cell(0, 1).text = "5"
    cell.add_paragraph("说明文字")
    doc = docx_reader.read(save(d), "layout.docx")
    seq = [b.text if isinstance(b, Paragraph) else texts(b) for b in doc.blocks]
    assert seq == ["二、主动公开政府信息情况", [["规章", "5"]], "说明文字"]


def test_cell_text_cleanup_and_hidden_text():
    d = DocxDocument()
    t = d.add_table(rows=1, cols=4)
    t.cell(0, 0).text = "2019 年"
    t.cell(0, 1).text = "1 2 3"
    t.cell(0, 2).text = "Open Data  平台"
    p = t.cell(0, 3).paragraphs[0]
    p.add_run("（一）")
    hidden = p.add_run("隐藏")
    rpr = hidden._element.get_or_add_rPr()
    rpr.append(OxmlElement("w:vanish"))
    p.add_run("予以公开")
    t.cell(0, 3).add_paragraph("（区分处理的）")
    doc = docx_reader.read(save(d), "clean.docx")
    assert texts(grids(doc)[0]) == [["2019年", "123", "Open Data平台", "(一)予以公开(区分处理的)"]]


def test_grid_before_and_deleted_text():
    d = DocxDocument()
    t = d.add_table(rows=2, cols=3)
    for c, v in enumerate(["信息内容", "本年处理决定数量", "备注"]):
        t.cell(0, c).text = v
    # second row starts one grid column in (w:gridBefore) and has only two cells
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    trpr = tr.get_or_add_trPr()
    gb = OxmlElement("w:gridBefore")
    gb.set(qn("w:val"), "1")
    trpr.append(gb)
    tr.tc_lst[0].p_lst[0].append(_run("42"))
    deleted = OxmlElement("w:del")
    deleted.append(_run("删去"))
    tr.tc_lst[1].p_lst[0].append(deleted)
    doc = docx_reader.read(save(d), "gb.docx")
    assert texts(grids(doc)[0]) == [["信息内容", "本年处理决定数量", "备注"], ["", "42", ""]]


def _run(text: str):
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    return r


def test_corrupt_docx():
    data = build.report()
    with pytest.raises(ReadError) as e:
        docx_reader.read(data[: len(data) // 3], "cut.docx")
    assert str(e.value).startswith("cut.docx: corrupt DOCX")


# --- DOC through LibreOffice --------------------------------------------------


@pytest.fixture(scope="module")
def report_doc(report_docx) -> bytes:
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(report_docx)
        subprocess.run([doc_reader._program(), "--headless", "--norestore",
                        f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "doc:MS Word 97",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "report.doc").read_bytes()


def test_doc_via_libreoffice(report_doc, tmp_path):
    src = tmp_path / "report.doc"
    src.write_bytes(report_doc)
    before = src.read_bytes()
    doc = read_bytes(report_doc, str(src))
    assert doc.reader == "doc" and doc.source == str(src)
    g = grids(doc)
    assert texts(g[0]) == cleaned(build.expected_active())
    assert texts(g[1]) == cleaned(build.expected_requests_header() + build.expected_requests_body())
    assert texts(g[2]) == cleaned(build.expected_review())
    assert src.read_bytes() == before  # the input is never touched


def test_doc_without_libreoffice(monkeypatch):
    monkeypatch.setattr(doc_reader, "_program", lambda: None)
    with pytest.raises(ReadError) as e:
        doc_reader.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert "libreoffice-writer" in str(e.value) and str(e.value).startswith("old.doc: ")


@pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_doc_garbage_is_read_error():
    with pytest.raises(ReadError) as e:
        doc_reader.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "broken.doc")
    assert str(e.value).startswith("broken.doc: ")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the shared corpus) is not present")
@pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_shared_doc_matches_docx():
    base = SHARED / "corpus" / "rendered"
    a = docx_reader.read((base / "r001.docx").read_bytes(), "r001.docx")
    b = doc_reader.read((base / "r001.doc").read_bytes(), "r001.doc")
    assert [texts(g) for g in grids(a)] == [texts(g) for g in grids(b)]


def test_soffice_name_listed():
    # the programs the reader looks for, in order (documentation for packagers)
    assert doc_reader.PROGRAMS == ("soffice", "libreoffice")
    assert shutil.which("soffice") is None or HAVE_SOFFICE


@pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_doc_conversion_timeout(monkeypatch, report_doc):
    monkeypatch.setattr(doc_reader, "TIMEOUT", 0.01)
    with pytest.raises(ReadError) as e:
        doc_reader.read(report_doc, "slow.doc")
    assert str(e.value) == "slow.doc: LibreOffice did not convert the file within 0.01 s"


def _numbering(d, levels: list[tuple[str, str]]) -> str:
    """Add a list definition (numFmt, lvlText per level) to a document; its numId."""
    numbering = d.part.numbering_part.element
    an = OxmlElement("w:abstractNum")
    an.set(qn("w:abstractNumId"), "90")
    for i, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(i))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        an.append(lvl)
    numbering.insert(0, an)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "91")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "91"


def _numbered(par, num_id: str, ilvl: int) -> None:
    ppr = par._p.get_or_add_pPr()
    npr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(ilvl)), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        npr.append(el)
    ppr.append(npr)


def test_word_list_numbers_are_printed():
    d = DocxDocument()
    nid = _numbering(d, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    for text, lvl in [("总体情况", 0), ("主动公开", 1), ("依申请公开", 1), ("主动公开政府信息情况", 0),
                      ("收到和处理政府信息公开申请情况", 0), ("不予公开", 1), ("属于国家秘密", 2),
                      ("其他法律行政法规禁止公开", 2)]:
        _numbered(d.add_paragraph(text), nid, lvl)
    doc = docx_reader.read(save(d), "numbered.docx")
    assert [b.text for b in doc.blocks] == [
        "一、总体情况", "(一)主动公开", "(二)依申请公开", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "(一)不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开"]


def test_alt_chunk_html_is_read():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = DocxDocument()
    d.add_paragraph("前言")
    html = "<html><body><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>4</td></tr></table></body></html>"
    part = Part(PackURI("/word/afchunk1.htm"), "text/html", html.encode("utf-8"), d.part.package)
    rid = d.part.relate_to(part, RT.A_F_CHUNK)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), rid)
    d.element.body.insert(len(d.element.body) - 1, chunk)
    doc = docx_reader.read(save(d), "chunk.docx")
    seq = [b.text if isinstance(b, Paragraph) else texts(b) for b in doc.blocks]
    assert seq == ["前言", "二、主动公开政府信息情况", [["规章", "4"]]]
