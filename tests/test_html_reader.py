"""The HTML reader: grids exactly as printed, text in order, chrome and encodings handled.

Fixtures in fixtures/html/ are composed for these tests (own wording and
numbers, official layout). Tests over the shared corpus skip where
``../shared`` is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.model import Grid, Image, Paragraph, ReadError
from extractor.readers import html, read_bytes, sniff
from extractor.readers import read as read_path
from extractor.textnorm import clean_text

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "fixtures" / "html"
SHARED = ROOT / ".." / "shared"
CORPUS = SHARED / "corpus"
needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared (the shared corpus) is not present")

T4_HEAD = [
    ["行政复议"] * 5 + ["行政诉讼"] * 10,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]


def ct(s: str) -> str:
    """Expected text as the reader emits it (clean_text: full-width brackets and colons to ASCII)."""
    return clean_text(s)


def load(name: str) -> html.Document:
    return html.read((FIX / name).read_bytes(), str(FIX / name))


def grids(doc) -> list[Grid]:
    return [b for b in doc.blocks if isinstance(b, Grid)]


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def check_positions(grid: Grid) -> None:
    """Every position holds a Cell that knows where it sits; copies point at a real origin."""
    width = len(grid.rows[0])
    for r, row in enumerate(grid.rows):
        assert len(row) == width
        for c, cell in enumerate(row):
            assert (cell.row, cell.col) == (r, c)
            if cell.origin is not None:
                orow, ocol = cell.origin
                assert grid.rows[orow][ocol].text == cell.text
                assert grid.rows[orow][ocol].origin == cell.origin
    assert grid.kind == "cells"


# ---------------------------------------------------------------- CMS page
def test_cms_page_title_meta_and_metadata_table():
    doc = load("cms_meta.html")
    assert doc.reader == "html" and doc.encoding == "utf-8"
    assert doc.title == "青禾县自然资源局2023年政府信息公开工作年度报告"
    assert doc.meta == {"agency": "青禾县自然资源局", "date": "2024-01-18"}
    meta = grids(doc)[0]
    assert texts(meta) == [
        ["索引号:", "QH-0173/2024-00007", "主题分类:", "综合政务"],
        ["发布机构:", "青禾县自然资源局", "发文日期:", "2024年1月18日"],
        ["名 称:"] + ["青禾县自然资源局2023年政府信息公开工作年度报告"] * 3,
        ["文 号:", "", "有 效 性:", "有效"],
    ]
    assert [c.origin for c in meta.rows[2]] == [None, (2, 1), (2, 1), (2, 1)]


def test_cms_page_skips_chrome_and_keeps_order():
    doc = load("cms_meta.html")
    text = "\n".join(paragraphs(doc))
    for chrome in ("首页", "当前位置", "相关文章", "2022年政府信息公开工作年度报告", "网站标识码", "无障碍", "分享"):
        assert chrome not in text
    assert not [b for b in doc.blocks if isinstance(b, Image)]  # logo, share icon, QR code
    assert [g.table_no for g in grids(doc)] == [1, 2, 3, 4]
    kinds = ["G" if isinstance(b, Grid) else b.text for b in doc.blocks]
    start = kinds.index("二、主动公开政府信息情况")
    assert kinds[start:start + 6] == [
        "二、主动公开政府信息情况", "G", "三、收到和处理政府信息公开申请情况", "G",
        "四、政府信息公开行政复议、行政诉讼情况", "G",
    ]
    assert ct("2023年，我局全年主动公开政府信息146条， 受理政府信息公开申请30件。") in text
    # <br> inside a paragraph splits lines
    assert "一是解读形式较单一;" in text and "二是基层公开专区更新不及时。" in text


def test_cms_table_two_colspans():
    t2 = grids(load("cms_meta.html"))[1]
    check_positions(t2)
    assert texts(t2) == [
        [ct("第二十条第（一）项")] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "7"],
        ["行政规范性文件", "4", "2", "31"],
        [ct("第二十条第（五）项")] * 4,
        ["信息内容"] + ["本年处理决定数量"] * 3,
        ["行政许可"] + ["218"] * 3,
        [ct("第二十条第（六）项")] * 4,
        ["信息内容"] + ["本年处理决定数量"] * 3,
        ["行政处罚"] + ["57"] * 3,
        ["行政强制"] + ["3"] * 3,
        [ct("第二十条第（八）项")] * 4,
        ["信息内容"] + [ct("本年收费金额（单位：万元）")] * 3,
        ["行政事业性收费"] + ["12.5"] * 3,
    ]
    assert [c.origin for c in t2.rows[6]] == [None, (6, 1), (6, 1), (6, 1)]
    assert [c.origin for c in t2.rows[2]] == [None, None, None, None]


def test_cms_table_three_rowspan_br_and_nbsp():
    t3 = grids(load("cms_meta.html"))[2]
    check_positions(t3)
    rows = texts(t3)
    assert len(rows) == 28 and len(rows[0]) == 10
    note = ct("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert rows[0] == [note] * 3 + ["申请人情况"] * 7
    assert rows[1] == [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert rows[2] == [note] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert {t3.rows[r][c].origin for r in range(3) for c in range(3)} == {(0, 0)}
    assert t3.rows[2][3].origin == (1, 3) and t3.rows[2][9].origin == (1, 9)
    # &nbsp;-only cells are blank text
    assert rows[3] == ["一、本年新收政府信息公开申请数量"] * 3 + ["23", "4", "", "1", "2", "0", "30"]
    assert rows[4] == ["二、上年结转政府信息公开申请数量"] * 3 + ["2", "0", "", "", "0", "0", "2"]
    assert rows[5] == ["三、本年度办理结果", ct("（一）予以公开"), ct("（一）予以公开"),
                       "9", "2", "", "", "1", "0", "12"]
    # a label broken by <br> is one label, no space between CJK characters
    partial = ct("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert rows[6][:3] == ["三、本年度办理结果", partial, partial]
    assert rows[7][:3] == ["三、本年度办理结果", ct("（三）不予公开"), "1.属于国家秘密"]
    assert rows[9][2] == "3.危及“三安全一稳定”"
    assert rows[14][:3] == [ct("三、本年度办理结果"), ct("（三）不予公开"), "8.属于行政查询事项"]
    assert rows[15][:3] == ["三、本年度办理结果", ct("（四）无法提供"), "1.本机关不掌握相关政府信息"]
    assert rows[26] == ["三、本年度办理结果", ct("（七）总计"), ct("（七）总计"), "24", "4", "", "1", "1", "0", "30"]
    assert rows[27] == ["四、结转下年度继续办理"] * 3 + ["1", "0", "", "", "1", "0", "2"]
    assert [t3.rows[r][0].origin for r in range(5, 27)] == [(5, 0)] * 22
    assert [t3.rows[r][1].origin for r in range(7, 15)] == [(7, 1)] * 8
    assert t3.rows[7][2].origin is None


def test_cms_table_four_two_level_header():
    t4 = grids(load("cms_meta.html"))[3]
    check_positions(t4)
    assert texts(t4) == T4_HEAD + [["2", "1", "0", "0", "3", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"]]
    assert t4.rows[2][0].origin == (1, 0) and t4.rows[1][5].origin == (1, 5)


# ---------------------------------------------------------------- Word "Save as Web Page"
def test_word_html():
    doc = load("word_export.htm")
    assert doc.encoding == "utf-8"
    assert doc.title == "云岭乡人民政府2022年政府信息公开工作年度报告"
    paras = paragraphs(doc)
    assert paras[0] == "云岭乡人民政府2022年政府信息公开工作年度报告"
    # the source line break inside Chinese text leaves no gap; hidden (mso-hide) text is dropped
    assert paras[1] == "本乡全年通过政府信息公开专栏发布信息85条。"
    # the list number kept in <![if !supportLists]> is shown, as browsers show it
    assert paras[2].startswith("四、") and paras[2].endswith("政府信息公开行政复议、行政诉讼情况")
    assert not [b for b in doc.blocks if isinstance(b, Image)]  # a 12px VML fallback picture
    (t4,) = grids(doc)
    check_positions(t4)
    # one <p> per character in the header cells joins up; the zero-height column-width row is gone
    assert texts(t4) == T4_HEAD + [["0", "1", "0", "1", "2", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1"]]
    assert paras[-1] == "五、存在的主要问题及改进情况"


# ---------------------------------------------------------------- encodings
def test_gbk_bytes_declared_gb2312():
    data = (FIX / "gbk_declared_gb2312.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # 堃 and 镕 are GBK, not GB2312
    doc = html.read(data, "gbk_declared_gb2312.html")
    assert doc.encoding == "gb18030"
    assert doc.meta == {"agency": "堃山镇人民政府", "date": "2022-01-26"}
    assert doc.title == "堃山镇人民政府2021年政府信息公开工作年度报告"
    assert "本镇政务公开工作由副镇长王镕分管。" in paragraphs(doc)
    meta, t4 = grids(doc)
    assert texts(meta) == [["发布机构:堃山镇人民政府", "成文日期:2022-01-26"]]
    assert texts(t4) == T4_HEAD + [["1", "0", "0", "0", "1"] + ["0"] * 10]


def test_charset_declared_after_a_long_head():
    """A <meta charset> past the first 4 KB still decides (GB18030 would decode Big5 bytes as mojibake)."""
    text = "本機關2021年共受理政府資訊公開申請九件。"
    page = ("<html><head><script>" + "var a = 1;\n" * 1000 + "</script><meta charset='big5'></head>"
            f"<body><p>{text}</p></body></html>")
    doc = html.read(page.encode("big5"), "big5.html")
    assert doc.encoding == "big5"
    assert paragraphs(doc) == [text]


# ---------------------------------------------------------------- layout and structure
def test_nested_layout_tables_are_containers():
    doc = load("layout_nested.html")
    (t4,) = grids(doc)
    assert texts(t4) == T4_HEAD + [["3", "0", "1", "0", "4", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]]
    order = ["G" if isinstance(b, Grid) else b.text for b in doc.blocks]
    assert order == [
        "南渡区教育局2020年政府信息公开工作年度报告",
        "四、政府信息公开行政复议、行政诉讼情况",
        "G",
        "五、存在的主要问题及改进情况",
    ]  # banner, left menu and footer cells of the layout table are chrome


def test_table_split_in_two():
    doc = load("split_table.html")
    first, second = grids(doc)
    assert (first.table_no, second.table_no) == (1, 2)
    assert (len(first.rows), len(second.rows)) == (15, 16)
    assert texts(first)[:3] == texts(second)[:3]  # the header is repeated
    assert texts(first)[-1][2:] == ["8.属于行政查询事项", "0", "0", "0", "0", "0", "0", "0"]
    assert texts(second)[3] == [ct("三、本年度办理结果（续）"), ct("（四）无法提供"), "1.本机关不掌握相关政府信息",
                                "5", "1", "0", "1", "0", "0", "7"]
    assert [second.rows[r][0].origin for r in range(3, 15)] == [(3, 0)] * 12
    assert texts(second)[-1] == ["四、结转下年度继续办理"] * 3 + ["1", "0", "0", "0", "1", "0", "2"]
    kinds = ["G" if isinstance(b, Grid) else b.text for b in doc.blocks]
    assert kinds == ["三、收到和处理政府信息公开申请情况", "G", ct("（续表）"), "G", "四、政府信息公开行政复议、行政诉讼情况"]


def test_table_given_as_image():
    doc = load("image_table.html")
    seq = [(type(b).__name__, getattr(b, "text", None) or getattr(b, "src", "")) for b in doc.blocks]
    assert seq == [
        ("Paragraph", "二、主动公开政府信息情况"),
        ("Paragraph", "本年度主动公开政府信息情况见下表。"),
        ("Image", "/upload/2024/01/t2_mlx.jpg"),
        ("Paragraph", "三、收到和处理政府信息公开申请情况"),
        ("Image", "/upload/2024/01/t3_mlx.png"),
        ("Paragraph", "四、政府信息公开行政复议、行政诉讼情况"),
        ("Paragraph", "本年度未发生政府信息公开行政复议、行政诉讼。"),
    ]  # logo, print icon, 纠错 and 备案 badges are chrome
    assert doc.blocks[2].alt == "主动公开情况表"


def test_grid_edge_cases():
    page = """<table>
      <thead><tr><th>项目</th><th colspan="0">数量</th></tr></thead>
      <tfoot><tr><td>合计</td><td>9</td></tr></tfoot>
      <tbody>
        <tr><td rowspan="9">甲</td><td>4<br>5</td><td colspan="2px">乙</td></tr>
        <tr></tr>
        <tr><td>6</td></tr>
        <tr><td>&nbsp;<span>&nbsp;</span></td></tr>
        <tr><td>   </td><td></td></tr>
      </tbody></table>"""
    doc = html.read(page.encode(), "edge.html")
    (g,) = grids(doc)
    check_positions(g)
    assert texts(g) == [
        ["项目", "数量", ""],
        ["甲", "4 5", "乙"],  # two numbers in one cell keep a space; 乙's second column starts no cell
        ["甲", "6", ""],  # the empty <tr> and the rows of blanks are dropped
        ["合计", "9", ""],  # <tfoot> drawn last; the rowspan stops at the end of <tbody>
    ]
    assert g.rows[2][0].origin == (1, 0) and g.rows[1][2].origin == (1, 2)


def test_colspan_past_the_last_column_adds_no_columns():
    page = "<table><tr><td colspan='100'>第二十条第（一）项</td></tr><tr><td>规章</td><td>2</td></tr></table>"
    (g,) = grids(html.read(page.encode(), "c.html"))
    assert texts(g) == [[ct("第二十条第（一）项")] * 2, ["规章", "2"]]
    assert [c.origin for c in g.rows[0]] == [(0, 0), (0, 0)]


def test_paragraph_blocks_from_divs_headings_and_lines():
    page = ("<div>一、总体情况<div>（一）主动公开</div>全年公开信息<b>88</b>条<br/>上年结转2件</div>"
            "<h4>二、主动公开政府信息情况</h4><ul><li>规章 0 件</li><li>规范性文件 3 件</li></ul>")
    assert paragraphs(html.read(page.encode("utf-8"), "p.html")) == [
        "一、总体情况", ct("（一）主动公开"), "全年公开信息88条", "上年结转2件",
        "二、主动公开政府信息情况", "规章 0 件", "规范性文件 3 件",
    ]


def test_text_layout_table_without_inner_tables():
    quarters = [("一", 12), ("二", 9), ("三", 15), ("四", 7)]
    body = "".join(f"<p>（{q}）第{q}季度公开政府信息{n}条，并及时更新公开指南和公开目录，方便公众查阅。</p>" for q, n in quarters)
    page = (f"<table><tr><td class='side'>栏目</td><td><h2>一、总体情况</h2>{body * 2}</td></tr></table>"
            "<table><tr><td>说明</td><td>" + "本表数据截至12月31日。" * 30 + "</td></tr>"
            + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in [("规章", 1), ("行政规范性文件", 2)] * 20)
            + "</table>")
    doc = html.read(page.encode(), "t.html")
    assert paragraphs(doc)[:3] == [
        "栏目", "一、总体情况", ct("（一）第一季度公开政府信息12条，并及时更新公开指南和公开目录，方便公众查阅。"),
    ]
    (g,) = grids(doc)  # the data table with a long note row stays a table
    assert len(g.rows) == 41 and texts(g)[1] == ["规章", "1"]


def test_hidden_report_is_kept_unless_the_page_shows_it():
    hidden = f"<html><body><div class='loading'>加载中</div><div id='c' style='display:none'>{REPORT}</div></body></html>"
    assert len(grids(html.read(hidden.encode(), "h.html"))) == 1
    twice = f"<html><body><div>{REPORT}</div><div class='print' style='display: none'>{REPORT}</div></body></html>"
    assert len(grids(html.read(twice.encode(), "h2.html"))) == 1


# ---------------------------------------------------------------- reports stored in scripts
def test_report_in_json_field_of_app_page():
    doc = load("js_embedded.html")
    assert doc.title == "东澜市审计局2022年政府信息公开工作年度报告"
    assert doc.meta == {"date": "2023-01-30"}
    (t4,) = grids(doc)
    assert texts(t4) == T4_HEAD + [["1", "1", "0", "0", "2", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0"]]
    paras = paragraphs(doc)
    assert ct("2022年，我局主动公开政府信息63条，办理政府信息公开申请5件。") in paras
    assert paras.index("四、政府信息公开行政复议、行政诉讼情况") < paras.index("五、存在的主要问题及改进情况")


REPORT = ("<p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td colspan='2'>行政复议</td></tr>"
          "<tr><td>维持</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table>"
          "<p>本机关全年共收到政府信息公开申请十二件，均已按期答复，未发生因政府信息公开引起的行政诉讼。</p>")


def test_report_in_concatenated_js_strings():
    cut = REPORT.index("<table>")
    script = (f"var html = '{REPORT[:cut]}' +\n  \"{REPORT[cut:].replace(chr(39), chr(92) + chr(39))}\";\n"
              "document.getElementById('c').innerHTML = html;")
    doc = html.read(f"<html><body><div id='c'></div><script>{script}</script></body></html>".encode(), "j.html")
    (g,) = grids(doc)
    assert texts(g) == [["行政复议", "行政复议"], ["维持", "总计"], ["1", "1"]]
    assert paragraphs(doc)[0] == "四、政府信息公开行政复议、行政诉讼情况"


def test_visible_report_is_not_doubled_by_its_script_copy():
    escaped = REPORT.replace('"', '\\"').replace("/", "\\/")
    page = f'<html><body><div>{REPORT}</div><script>var data = {{"content": "{escaped}"}};</script></body></html>'
    doc = html.read(page.encode(), "dup.html")
    assert len(grids(doc)) == 1


def test_json_file_holding_the_report():
    data = json.dumps({"data": {"title": "北坪县民政局2020年政府信息公开工作年度报告", "fbrq": "2021/2/3",
                                "fbjg": "北坪县民政局", "content": REPORT}}, ensure_ascii=False).encode()
    assert sniff(data, "api.json") == "html"
    doc = read_bytes(data, "api.json")
    assert doc.meta == {"agency": "北坪县民政局", "date": "2021-02-03"}
    assert doc.title == "北坪县民政局2020年政府信息公开工作年度报告"
    assert len(grids(doc)) == 1


# ---------------------------------------------------------------- bad input
def test_page_without_text_is_a_read_error():
    with pytest.raises(ReadError, match=r"^no_text\.html: no text in the HTML page$"):
        read_path(FIX / "no_text.html")


def test_page_with_only_images_is_a_read_error():
    page = b"<html><body><p><img src='/upload/scan_p1.jpg' width='800'></p></body></html>"
    with pytest.raises(ReadError, match=r"^scan\.html: no text in the HTML page, only 1 image"):
        html.read(page, "/data/in/scan.html")


@pytest.mark.parametrize("page, reason", [
    ("<frameset><frame src='/art/2021/nb.html'></frameset>", r"in a frame: /art/2021/nb\.html"),
    ("<head><meta http-equiv='refresh' content='0; url=/xxgk/nb2021.html'></head><body></body>",
     r"redirects to /xxgk/nb2021\.html"),
])
def test_empty_page_says_where_the_content_is(page: str, reason: str):
    with pytest.raises(ReadError, match=r"^x\.html: no text in the HTML page .*" + reason):
        html.read(page.encode(), "x.html")


def test_dispatch_through_readers_read():
    doc = read_path(FIX / "cms_meta.html")
    assert doc.reader == "html" and len(grids(doc)) == 4


# ---------------------------------------------------------------- the shared corpus
def _corpus_html() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("real/*.html")) + sorted(CORPUS.glob("synth/*.htm*"))


def _truth(path: Path) -> dict:
    rid = path.name.split(".")[0]
    for d in ("truth", "synth-truth"):
        p = CORPUS / d / f"{rid}.json"
        if p.exists():
            return json.loads(p.read_text(encoding="utf-8"))
    return {}


@needs_shared
@pytest.mark.parametrize("path", _corpus_html(), ids=lambda p: p.name)
def test_corpus_page_reads_cleanly(path: Path):
    doc = html.read(path.read_bytes(), str(path))
    truth = _truth(path)
    assert grids(doc) or any(isinstance(b, Image) for b in doc.blocks)
    assert truth["agency"] in doc.text()  # no mojibake
    assert "\ufffd" not in doc.text()
    if ".cms" in path.name:  # CMS pages carry a metadata table
        assert doc.meta["agency"] == truth["agency"]
        assert len(doc.meta["date"]) == 10
    if "-gb" in path.name or path.name.endswith(".word.htm") and b"charset=gb2312" in path.read_bytes()[:4096]:
        assert doc.encoding == "gb18030"
    for g in grids(doc):
        check_positions(g)


@needs_shared
def test_corpus_r001_report_from_js_data_file():
    path = CORPUS / "real" / "r001.html"
    doc = html.read(path.read_bytes(), str(path))
    assert doc.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert doc.meta.get("date") == "2020-01-31"
    active, requests, review = grids(doc)
    assert texts(active)[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "本年新公开数量", "对外公开总数量"]
    assert texts(active)[-1] == ["政府集中采购", "6", "6", "251000元", "251000元"]
    assert texts(requests)[3] == ["一、本年新收政府信息公开申请数量"] * 3 + ["821", "35", "", "", "2", "1", "859"]
    assert texts(review)[3] == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]


@needs_shared
def test_corpus_tables_as_images():
    path = CORPUS / "synth" / "s041.cms-gbk.html"
    doc = html.read(path.read_bytes(), str(path))
    i = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and b.text == "二、主动公开政府信息情况")
    assert isinstance(doc.blocks[i + 1], Image) and doc.blocks[i + 1].src.startswith("data:image/png;base64,")


def test_text_guards_skip_only_no_op_substitutions():
    """_finish, _squash and clean_text skip their regexes when ``str.isprintable()`` (and no double space)
    says nothing can match: every character those patterns take must be non-printable."""
    from extractor import textnorm
    from extractor.readers import html as h

    takes = [(h._CONTROL, "_CONTROL"), (textnorm._SPACES, "textnorm._SPACES"), (h._WS, "_WS")]
    for pattern, name in takes:
        printable = [hex(cp) for cp in range(0x110000)
                     if (c := chr(cp)) != " " and pattern.match(c) and c.isprintable()]
        assert printable == [], f"{name} takes printable characters {printable[:5]}"
    # and the guarded paths give what the plain substitutions give
    for raw in ["a\u00adb", "中\n文", "a  b", "x\u3000y", "申请人情况", "a\tb", " \u200b "]:
        assert h._squash(raw) == h._WS.sub(" ", h._CJK_BREAK.sub("", raw) if "\n" in raw or "\r" in raw else raw)
        assert h._finish(raw) == h._SPACES.sub(" ", textnorm.clean_text(h._CONTROL.sub("", raw))).strip()


def test_leading_byte_order_marks_all_dropped_in_one_cut():
    """A UTF-8 page behind many U+FEFF marks reads as the page alone (as text.lstrip("\\ufeff") did), in one slice."""
    page = "<p>关于2020年度政府信息公开工作年度报告</p>".encode()
    doc = html.read(b"\xef\xbb\xbf" * 20000 + page, "boms.html")
    assert [b.text for b in doc.blocks] == ["关于2020年度政府信息公开工作年度报告"]
    assert doc.encoding == "utf-8"


def test_js_literals_are_what_a_regex_scan_finds():
    """html._js_literals finds the string literals a finditer of the three forms finds, stray quotes and all."""
    import random
    import re

    whole = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', re.S)
    rnd = random.Random(7)
    pieces = ['"', "'", "`", "\\", "\n", "a", "<p>", " + ", "中"]
    cases = ["var s = '<p>a</p>' + \"b\";", "x = 'it\\'s'", "'open \\' and \"x\"", "`a\nb` 'c", "\\\"'\\'"]
    cases += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    for text in cases:
        assert list(html._js_literals(text)) == [(m.start(), m.end()) for m in whole.finditer(text)], text
    # a stray quote (its line ends first) ahead of a real literal: that one is still found
    assert list(html._js_literals("\"x \\\" y\n'ok'")) == [(8, 12)]


def test_report_html_test_same_with_stray_angle_brackets():
    """_looks_like_report_html cuts at the last ">" first; it answers as the plain regexes do."""
    import re

    def plain(s: str) -> bool:
        if len(html._TAG_RE.findall(s[:200000])) < 2:
            return False
        cjk = len(html._CJK_RE.findall(re.sub(r"<[^>]*>", "", s)))
        return cjk >= 50 or ("<table" in s.lower() and cjk >= 10)

    cells = "<table><tr><td>总计</td><td>政府信息公开申请情况</td></tr></table>"
    for s in [cells, cells + "<p" * 500, "<p" * 500 + cells, "<p>" + "政府信息公开" * 10 + "<p", "<p<p<p>中文",
              "< p>" + "年度报告" * 15 + "<br>", "no tags at all 中文" * 20]:
        assert html._looks_like_report_html(s) == plain(s), s[:60]
    assert html._looks_like_report_html(cells + "<p" * 500) is True


def test_field_start_holds_every_label_start_and_whitespace():
    """_grid notes a grid for _metadata only when a cell's text starts with a character of _FIELD_START:
    every label's first character and every whitespace character (the label lookup drops whitespace)."""
    assert {name[0] for name in html._FIELD_INDEX} <= html._FIELD_START
    assert {c for c in map(chr, range(0x110000)) if c.isspace()} <= html._FIELD_START
    for text in ["发布机构", "发布机构：某某局", "\u3000发文日期", " 来源:某办", "发 文日期：2021-03-05"]:
        assert html._cell_field(text) is not None and text[0] in html._FIELD_START


def test_metadata_table_read_again_by_the_walk_still_gives_its_fields():
    """A metadata label whose cell the grid reads again (a line break below its lone paragraph) is still found."""
    page = (
        "<html><body><table><tr><td><p><span>发布机构<br></span>：</p></td><td>某某县统计局</td>"
        "<td>发文日期：</td><td>2023-03-20</td></tr></table>"
        "<p>某某县统计局2022年政府信息公开工作年度报告</p></body></html>"
    ).encode()
    doc = html.read(page, "m.html")
    assert doc.meta == {"agency": "某某县统计局", "date": "2023-03-20"}
    assert doc.title == "某某县统计局2022年政府信息公开工作年度报告"


def test_h1_outside_the_body_is_no_title_candidate():
    """An <h1> the parser leaves in <head> (inside <noscript>) is not a title candidate; one in the body is."""
    page = (
        "<html><head><title>首页</title><noscript><h1>某某县人民政府2022年政府信息公开工作年度报告</h1></noscript></head>"
        "<body><h1>正文标题</h1><p>" + "本年度政府信息公开工作情况如下。" * 5 + "</p></body></html>"
    ).encode()
    doc = html.read(page, "h.html")
    assert doc.title == "正文标题"
    # the same <h1> moved into the body is one, and it names a report, so it wins
    moved = page.replace(b"<noscript><h1>", b"").replace(b"</h1></noscript></head><body>", b"</head><body><h1>", 1)
    assert html.read(moved, "h.html").title == "某某县人民政府2022年政府信息公开工作年度报告"


@pytest.mark.parametrize("colon", ["：", ":"])
def test_fields_from_a_paragraph_with_either_colon(colon):
    page = (
        f"<html><body><p>发布机构{colon}某某县统计局</p><p>发布日期{colon}2021年3月5日</p>"
        "<p>" + "本年度政府信息公开工作情况如下。" * 5 + "</p></body></html>"
    ).encode()
    assert html.read(page, "p.html").meta == {"agency": "某某县统计局", "date": "2021-03-05"}


@pytest.mark.parametrize(("source", "name"), [
    ("/data/pages/r001.html", "r001.html"),
    ("r001.html", "r001.html"),
    ("dir/", "dir"),
    ("dir/.", "dir"),
    ("a//b.htm", "b.htm"),
    (".", "."),  # Path(".").name is "": the source itself
    ("", ""),
    ("http://example.gov.cn/xxgk/", "xxgk"),
    ("http://example.gov.cn/xxgk/nb.html?id=3", "nb.html?id=3"),
])
def test_file_name_as_pathlib_gives_it(source, name):
    from pathlib import Path

    assert html._file_name(source) == name == (Path(source).name or source)


def test_tree_first_pass_finds_special_elements_metas_and_h1s():
    """_Tree's one pass: an element that changes how strings are read (pre, textarea, rt, rp, template), every
    <meta> and every <h1>, in document order."""
    for tag in ("pre", "textarea", "rt", "rp", "template"):
        tree = html._parse(f"<html><body><p>a</p><div><{tag}>x</{tag}></div></body></html>".encode())
        assert tree.special, tag
    tree = html._parse("<html><head><meta name='author' content='某局'><noscript><h1>头</h1></noscript></head>"
                       "<body><h1>一</h1><p>a<meta name='x' content='y'></p><h1>二</h1></body></html>".encode())
    assert not tree.special
    assert [m.get("name") for m in tree.metas] == ["author", "x"]
    assert [h.text for h in tree.h1s] == ["头", "一", "二"]
    empty = html._parse(b"<!-- only a comment -->")
    assert (empty.root, empty.special, empty.metas, empty.h1s) == (None, False, [], [])
    assert (empty.holders, empty.mute_cells()) == (set(), set())


def test_tree_first_pass_finds_what_holds_a_table_and_the_cells_it_mutes():
    """The same pass gives every element holding a table (a table holding one is walked as a layout) and the
    cells holding something a cell never shows."""
    tree = html._parse(
        b"<html><body><div id='outer'><table id='layout'><tr id='lr'><td id='lc'><table id='inner'><tr>"
        b"<td id='plain'>1</td><td id='scripted'>2<script>x()</script></td><td id='field'><input value='3'></td>"
        b"</tr></table></td></tr></table></div><div id='side'><p>no table</p></div></body></html>")
    ids = {el.get("id"): el for el in tree.root.iter() if el.get("id")}
    assert {el.get("id") or el.tag for el in tree.holders} == {"html", "body", "outer", "layout", "lr", "lc"}
    assert {el.get("id") for el in tree.mute_cells()} == {"scripted", "field", "lc"}
    assert ids["inner"] not in tree.holders and ids["side"] not in tree.holders


def test_reader_memos_are_bounded():
    """_remember empties a memo that holds ``limit`` entries before it stores; _span keeps no long attribute."""
    memo: dict = {}
    assert [html._remember(memo, str(i), i, limit=3) for i in range(5)] == [0, 1, 2, 3, 4]
    assert memo == {"3": 3, "4": 4}
    long = " " * 20 + "2"
    html._SPANS.pop(long, None)
    assert html._span(long) == 2 and long not in html._SPANS
    assert html._span(" 3x") == 3 and html._SPANS[" 3x"] == 3
    assert html._span("x") == -1


CELL_SHAPES = [  # (cell markup, its text): cells of several lines, as agencies' tables print their headers
    ("商<br/>业<br/>企<br/>业", "商业企业"),
    ("<p>本年新<br/>制作数量</p>", "本年新制作数量"),
    ("<p class=MsoNormal><span>自然</span><span><o:p></o:p></span></p>\n<p class=MsoNormal><span>人</span></p>", "自然人"),
    ("<p><span>其他<br>机关</span></p>", "其他机关"),
    ("Annual<br>report", "Annual report"),
    ("<span>1</span><!-- c --><span>2</span>", "12"),
    ("<p>上半年</p>&nbsp; <p>下半年</p>", "上半年下半年"),
    ("<div><p>a</p>b<br></div>", "a b"),
    ("<p><!-- c -->（一）<b>予以</b>公开</p>", "(一)予以公开"),
    ("<p>\u3000</p><p>\n</p><p>7</p>", "7"),
    # a lone "\r" string is a space to bs4, left to the walk (&#13;: the parser turns a raw "\r" into "\n")
    ("合<br>总<b>&#13;</b>计", "合总 计"),
]


def test_cells_of_several_lines_read_by_their_lines_as_the_walk_reads_them():
    """_lines_text (a cell cut at its line breaks, strings taken raw) gives the walk's text of a cell that holds
    nothing the walk skips; None when a string holds "\\r", which the walk must read."""
    rows = "".join(f"<tr><td>{i}</td><td>{cell}</td></tr>" for i, (cell, _) in enumerate(CELL_SHAPES))
    page = f"<html><body><p>某局2022年政府信息公开工作年度报告</p><table>{rows}</table></body></html>".encode()
    doc = html.read(page, "lines.html")
    assert texts(grids(doc)[0]) == [[str(i), text] for i, (_, text) in enumerate(CELL_SHAPES)]
    tree = html._parse(page)
    walker = html._Walker(tree, {})
    cells = [tr[1] for tr in tree.root.iter("tr")]
    for td, (cell, text) in zip(cells, CELL_SHAPES, strict=True):
        got, breaks, size = html._lines_text(td)
        assert got == (None if "&#13;" in cell else text) and walker._cell_text(td) == text, cell
        assert breaks == sum(1 for _ in td.iterdescendants(*html._BREAKS)), cell
        assert size == len(html._raw_text(td)), cell


@pytest.mark.parametrize("markup, hides", [
    ('<p style="DISPLAY : none">x</p>', True),
    ("<div hidden>x</div>", True),
    ("<span style='MSO-HIDE:all'>x</span>", True),
    ('<p style="Visibility:\tHidden">x</p>', True),
    ('<p style="&#100;isplay:none">x</p>', True),  # a character reference can spell the keyword
    ("<w:DisplayHorizontalDrawingGridEvery>0</w:DisplayHorizontalDrawingGridEvery>", False),
    ("<style>p {mso-style-unhide:no}</style><p>displayed, hiddenness</p>", False),
])
def test_may_hide_is_true_of_every_page_that_can_hide_an_element(markup: str, hides: bool):
    """_may_hide (a pass over the lowered markup) is never False where an element has a hiding attribute."""
    data = f"<html><body><p>报告</p>{markup}</body></html>".encode()
    assert html._may_hide(data) is hides
    tree = html._parse(data)
    assert any(html._hidden_attrs(el) for el in tree.root.iter(html.etree.Element)) is hides


def test_squashed_line_cuts_end_whitespace_as_squash_and_strip_would():
    """_squashed_line (ASCII whitespace at the ends cut first) gives _squash and the strip's result, on strings of
    the characters that matter to either: every kind of whitespace, CJK and not, and U+3000 (both)."""
    import random

    pool = [" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "\u3000", "中", "文", "a", "1", "\u200b"]
    rng = random.Random(7)
    for _ in range(20000):
        raw = "".join(rng.choice(pool) for _ in range(rng.randint(0, 9)))
        assert html._squashed_line(raw) == html._squash(raw).strip(" \u00a0\u3000"), repr(raw)


def grid_rows(rows: str) -> list[list[tuple[str, tuple[int, int] | None]]]:
    """The texts and origins of the one grid of a page holding a title and a table of ``rows``."""
    page = f"<html><body><p>某局2022年政府信息公开工作年度报告</p><table>{rows}</table></body></html>".encode()
    return [[(c.text, c.origin) for c in row] for row in grids(html.read(page, "t.html"))[0].rows]


def test_cells_holding_what_a_cell_never_shows_are_walked():
    """A script, a form field, a hidden element in a cell: walked, their text left out."""
    assert grid_rows(
        '<tr><td>1<script>document.write("x")</script></td><td><input value="9">2</td>'
        '<td>3<span style="display:none">隐藏</span></td><td>4<textarea>t</textarea></td></tr>'
    ) == [[("1", None), ("2", None), ("3", None), ("4", None)]]


def test_breaks_below_a_cell_read_off_libxml2_are_read_again_by_lines(monkeypatch):
    """A break further down than the lone block's lone child is caught by the table's count, and its cell read
    again: across a merged cell's positions, by the walk when a string holds "\\r", in a lone inline element."""
    read_again = []
    rewalk = html._Walker._rewalk
    monkeypatch.setattr(html._Walker, "_rewalk", lambda self, *a: read_again.append(rewalk(self, *a)) or read_again[-1])
    assert grid_rows(
        '<tr><td colspan="2"><p><b>商</b><span>业<br>企</span></p></td></tr>'
        "<tr><td>&#13;<p><span>a<br>b</span><span>c</span></p></td><td><a href='#'>x<br>y</a></td></tr>"
        "<tr><td><span><b>1</b>2</span></td><td>3</td></tr>"
    ) == [[("商业企", (0, 0)), ("商业企", (0, 0))], [("a bc", None), ("x y", None)], [("12", None), ("3", None)]]
    assert read_again == [True]


def test_grid_bounds_its_longest_cell_by_all_its_strings():
    """The bound _grid gives (it decides whether to ask _long_cell): the length of all of a cell's strings, the
    blanks around its lone block too, and those of a cell read by its lines."""

    def longest(cell: str) -> tuple[int, list[list[str]]]:
        tree = html._parse(f"<table><tr><td>{cell}</td><td>1</td></tr></table>".encode())
        table = tree.root.find(".//table")
        rows, ends, groups, captions = html._table_rows(table)
        grid, bound = html._Walker(tree, {})._grid(table, ends, [html._row_cells(tr) for tr in rows], groups)
        return bound, texts(grid)

    assert longest(" " * 400 + "<p>短</p> ") == (402, [["短", "1"]])
    assert longest("a<br>" + "字" * 350) == (351, [["a " + "字" * 350, "1"]])
    assert longest("<p>上</p>\n" + "\u3000" * 320 + "<p>下</p>") == (323, [["上下", "1"]])


def test_lines_text_is_the_walk_on_random_cells():
    """_lines_text against the walk (_cell_text) on 600 cells made of the elements and strings cells hold."""
    import random

    words = ["商", "业", "a", "1", " ", "\n", "\u3000", "&nbsp;", "&#13;", "\t", "x y", ""]
    blocks = ["p", "div", "li", "h3"]
    inline = ["span", "b", "a", "font", "o:p"]

    def content(rng: random.Random, depth: int) -> str:
        out = []
        for _ in range(rng.randint(0, 3)):
            k = rng.random()
            if k < 0.35 or depth > 3:
                out.append(rng.choice(words))
            elif k < 0.5:
                out.append("<br>")
            elif k < 0.55:
                out.append("<!-- c -->")
            else:
                tag = rng.choice(blocks if k < 0.75 else inline)
                out.append(f"<{tag}>{content(rng, depth + 1)}</{tag}>")
        return "".join(out)

    rng = random.Random(11)
    cells = "".join(f"<tr><td>{content(rng, 0)}</td></tr>" for _ in range(600))
    tree = html._parse(f"<html><body><table>{cells}</table></body></html>".encode())
    walker = html._Walker(tree, {})
    read = 0
    for td in tree.root.iter("td"):
        text, breaks, size = html._lines_text(td)
        assert breaks == sum(1 for _ in td.iterdescendants(*html._BREAKS))
        assert size == len(html._raw_text(td))
        if text is not None:
            read += 1
            assert text == walker._cell_text(td), html.etree.tostring(td, encoding=str)
    assert read > 400


def test_vertical_headers_are_read_by_their_lines_in_one_pass(monkeypatch):
    """Headers printed one character a line (in the cell, in its paragraph, in a lone span, or one paragraph a
    line) are read by their lines as the grid is read: no second reading."""
    monkeypatch.setattr(html._Walker, "_rewalk", lambda self, *a: pytest.fail("read again"))
    assert grid_rows(
        "<tr><td>自<br>然<br>人</td><td><p>商<br>业<br>企<br>业</p></td><td><p><span>科<br>研</span></p></td>"
        "<td><p>其</p><p>他</p></td></tr><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>"
    ) == [[("自然人", None), ("商业企业", None), ("科研", None), ("其他", None)],
          [("1", None), ("2", None), ("3", None), ("4", None)]]
