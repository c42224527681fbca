"""Agency and year from report titles as agencies write them; a flag when there is none."""

from __future__ import annotations

import pytest

from extractor.meta import metadata
from extractor.model import Document, Paragraph


@pytest.mark.parametrize("title, agency, year", [
    ("殷都区工业和信息化局2021年政府信息公开工作年度报告", "殷都区工业和信息化局", 2021),
    ("北京市朝阳区人民政府关于2022年度政府信息公开工作年度报告", "北京市朝阳区人民政府", 2022),
    ("2023年北京市朝阳区财政局政府信息公开工作年度报告", "北京市朝阳区财政局", 2023),
    ("标题: 平潭综合实验区2020年度政府信息公开工作年度报告", "平潭综合实验区", 2020),
    ("广州市民政局2019年 政府信息公开年度报告", "广州市民政局", 2019),
])
def test_title_forms(title, agency, year):
    meta, flags = metadata(Document(source="x.txt", reader="text", blocks=[Paragraph(title)]))
    assert (meta["agency"], meta["year"]) == (agency, year)
    assert flags == []


def test_no_title_is_flagged_not_guessed():
    meta, flags = metadata(Document(source="x.txt", reader="text", blocks=[Paragraph("关于印发本局工作要点的通知")]))
    assert meta["agency"] is None and meta["year"] is None
    assert [f.kind for f in flags] == ["no_metadata"]


def test_page_metadata_names_the_agency():
    doc = Document(source="x.html", reader="html", blocks=[Paragraph("2024年政府信息公开工作年度报告")],
                   meta={"agency": "青柳县水利局"})
    meta, flags = metadata(doc)
    assert (meta["agency"], meta["year"], flags) == ("青柳县水利局", 2024, [])


def test_a_later_title_with_the_agency_beats_a_year_only_one():
    doc = Document(source="x.html", reader="html", title="2024年政府信息公开工作年度报告",
                   blocks=[Paragraph("首页 > 政务公开"), Paragraph("青柳县水利局2024年政府信息公开工作年度报告")])
    meta, _ = metadata(doc)
    assert (meta["agency"], meta["year"]) == ("青柳县水利局", 2024)


def test_title_broken_over_two_lines_and_links_to_other_years_ignored():
    doc = Document(source="x.pdf", reader="pdf", blocks=[
        Paragraph("青柳县人民政府"), Paragraph("2023 年政府信息公开工作年度报告"),
        Paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制。"),
        Paragraph("青柳县人民政府2021年政府信息公开工作年度报告")])  # a link to another year
    meta, flags = metadata(doc)
    assert (meta["agency"], meta["year"], flags) == ("青柳县人民政府", 2023, [])
