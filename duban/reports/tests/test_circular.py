"""The circular: official-document layout (faces, margins, page numbers) and what it says."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from duban.reports import charts
from duban.reports.circular import NONE_COMPLETED, NONE_TARGETS, circular_docx
from duban.reports.periods import month_period
from duban.reports.tests.factories import make_circular


def _open(content: bytes):
    return docx.Document(io.BytesIO(content))


def _east_asian(run):
    return run.element.rPr.rFonts.get(qn("w:eastAsia"))


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def document():
    return _open(circular_docx(make_circular()))


def test_the_page_is_a4_with_the_official_margins(document):
    section = document.sections[0]

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [28, 26]


def test_the_title_is_in_xiaobiaosong_the_body_in_fangsong_and_headings_in_heiti(document):
    title, _, addressees, opening = document.paragraphs[:4]
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")

    assert title.text == "关于2025年6月工作任务推进情况的通报"
    assert _east_asian(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    assert addressees.text == "各处室、直属单位："
    assert _east_asian(opening.runs[0]) == "仿宋_GB2312"
    assert opening.runs[0].font.size.pt == 16
    assert _east_asian(heading.runs[0]) == "黑体"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_the_footer_numbers_every_page_with_a_page_field(document):
    footer = document.sections[0].footer.paragraphs[0]
    xml = footer._p.xml

    assert 'w:fldCharType="begin"' in xml
    assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
    assert footer.text.startswith("— ")


def test_it_reports_figures_sections_units_completed_lagging_overdue_and_targets(document):
    text = _text(document)

    assert "共有任务6项，已办结1项，办结率17%，其中2025年6月办结1项" in text
    assert "红灯1项" in text
    assert "第1项：推进第1项集团化办学改革" in text and "2025年6月18日办结" in text
    overdue = text.index("（一）逾期未办结的任务")
    lagging = text.index("（二）进度滞后的任务")
    assert overdue < text.index("第2项：推进第2项集团化办学改革") < lagging
    assert "牵头单位：办公室，完成时限2025年6月30日，进度40%" in text
    assert (
        "进度10%，序时进度52%）亮灯原因：欠进度（序时 52%，实际 10%）。"
        "最新进展（2025年6月25日报送）：第3项已完成方案制定。" in text[lagging:]
    )
    assert "按期办结率50%，逾期率50%，进展按时报送率0%" in text
    assert "未按期报送进展的单位：办公室（1项任务）" in text
    assert "八、表扬和批评" in text and "九、下步工作要求" in text
    assert "≥90%" in text and "95%" in text
    assert "A市教育局办公室" in text and "2025年7月10日" in text
    assert "抄送：局领导。" in text


def test_the_section_and_unit_tables_have_header_rows_that_repeat_on_each_page(document):
    sections, units = document.tables[:2]

    assert [c.text for c in sections.rows[0].cells] == [
        "板块",
        "任务数",
        "已办结",
        "办结率",
        "平均进度",
        "逾期",
        "绿/黄/红灯",
    ]
    assert [c.text for c in sections.rows[1].cells] == [
        "一、深化教育改革",
        "3",
        "1",
        "33%",
        "50%",
        "1",
        "1/1/1",
    ]
    assert [c.text for c in units.rows[1].cells][:3] == ["1", "基础教育处", "4"]
    assert sections.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert _east_asian(sections.rows[0].cells[0].paragraphs[0].runs[0]) == "黑体"


def test_the_chart_is_embedded_as_a_picture_the_width_of_the_text(document):
    assert len(document.inline_shapes) == 1
    assert abs(document.inline_shapes[0].width - Mm(150)) < Mm(1)


def test_the_opening_paragraph_is_editable_and_any_period_can_be_reported():
    content = circular_docx(
        make_circular(period=month_period(2025, 3), opening="请各单位加快推进。"), chart=False
    )
    document = _open(content)

    assert document.paragraphs[3].text == "请各单位加快推进。"
    assert document.paragraphs[0].text == "关于2025年3月工作任务推进情况的通报"
    assert NONE_COMPLETED in _text(document)
    assert len(document.inline_shapes) == 0


def test_a_circular_without_achieved_targets_says_so():
    data = make_circular()
    data.targets_achieved = []

    assert NONE_TARGETS in _text(_open(circular_docx(data, chart=False)))


def test_without_a_chinese_font_the_circular_stops_with_a_message_naming_the_package(monkeypatch):
    charts.cjk_font_family.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font",))
    monkeypatch.setattr(charts, "_fontconfig_chinese_files", list)
    try:
        with pytest.raises(charts.CjkFontMissing, match="fonts-noto-cjk"):
            circular_docx(make_circular())
    finally:
        charts.cjk_font_family.cache_clear()
