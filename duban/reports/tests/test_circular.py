"""The circular: official-document layout (faces, margins, page numbers) and what it says."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from duban.reports import charts
from duban.reports import docx_layout as layout
from duban.reports.circular import NONE_COMPLETED, NONE_TARGETS, circular_docx
from duban.reports.data import SubordinateLag, SubordinateRollup
from duban.reports.periods import month_period
from duban.reports.tests.factories import make_circular


def _open(content: bytes):
    return docx.Document(io.BytesIO(content))


def _east_asian(run):
    return run.element.rPr.rFonts.get(qn("w:eastAsia"))


def _colophon(document) -> list[Any]:
    """The 版记's paragraphs, inside the text box anchored after the 落款."""
    box = next(document.element.body.iter(qn("w:txbxContent")))
    return [Paragraph(p, document) for p in box.iter(qn("w:p"))]


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs] + [p.text for p in _colophon(document)]
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


def _after_masthead(document):
    """The paragraphs from the title on (the 版头 takes the first four)."""
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("关于"))
    return paragraphs[start:]


def test_the_title_is_in_xiaobiaosong_the_body_in_fangsong_and_headings_in_heiti(document):
    title, _, addressees, opening = _after_masthead(document)[:4]
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")
    subheading = next(p for p in document.paragraphs if p.text == "（一）逾期未办结的任务")

    assert title.text == "关于2025年6月工作任务推进情况的通报"
    assert _east_asian(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    assert addressees.text == "各处室、直属单位："
    assert _east_asian(opening.runs[0]) == "仿宋_GB2312"
    assert opening.runs[0].font.size.pt == 16
    assert _east_asian(heading.runs[0]) == "黑体"
    assert _east_asian(subheading.runs[0]) == "楷体_GB2312"
    assert heading.paragraph_format.keep_with_next and subheading.paragraph_format.keep_with_next
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
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
    assert "九、表扬和批评" in text and "十、下步工作要求" in text
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
    assert abs(document.inline_shapes[0].width - Mm(156)) < Mm(1)


def test_the_opening_paragraph_is_editable_and_any_period_can_be_reported():
    content = circular_docx(
        make_circular(period=month_period(2025, 3), opening="请各单位加快推进。"), chart=False
    )
    document = _open(content)

    assert _after_masthead(document)[3].text == "请各单位加快推进。"
    assert _after_masthead(document)[0].text == "关于2025年3月工作任务推进情况的通报"
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


def test_the_masthead_names_the_issuer_the_issue_number_and_the_date_over_a_red_rule():
    document = _open(circular_docx(make_circular(issue_no=7), chart=False))
    name, number, line = document.paragraphs[:3]

    assert name.text == "A市教育局办公室督查通报"
    assert str(name.runs[0].font.color.rgb) == "E60012"
    assert number.text == "第7期"
    assert line.text == "A市教育局办公室\t2025年7月10日"
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"


def test_the_grid_gives_22_lines_of_28_characters(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))

    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm
    assert int(grid.get(qn("w:charSpace"))) < 0  # a 15.79 pt pitch for 16 pt characters
    assert 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= layout.TEXT_WIDTH.pt < 29 * 15.75


def test_page_numbers_sit_outside_right_on_odd_pages_and_left_on_even_pages(document):
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]

    assert document.settings.odd_and_even_pages_header_footer
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    assert odd.paragraph_format.right_indent.pt == even.paragraph_format.left_indent.pt == 14
    assert odd.text == even.text == "— 1 —"
    assert _east_asian(odd.runs[0]) == "宋体" and odd.runs[0].font.size.pt == 14


def test_the_document_is_in_chinese_and_names_its_organisation(document):
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    props = document.core_properties

    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")
    assert props.author == props.last_modified_by == "A市教育局办公室"
    assert props.title == "关于2025年6月工作任务推进情况的通报"
    assert props.created.year >= 2025 and "python-docx" not in (props.comments or "")


def test_the_signature_follows_7_3_5_2_and_the_colophon_sits_between_rules(document):
    texts = [p.text for p in document.paragraphs]
    issuer_at = len(texts) - 1 - texts[::-1].index("A市教育局办公室")
    issuer, date = document.paragraphs[issuer_at : issuer_at + 2]
    copied, printed = _colophon(document)
    anchor = document.paragraphs[-1]._p.find(f".//{qn('wp:anchor')}")

    # The date (6.5 characters wide) would end less than 2 characters from the edge if the issuer
    # (7.5 wide) kept its 2: the date keeps 2, and the issuer moves left so the date starts 2 to its right.
    assert date.paragraph_format.right_indent.pt == 2 * 16
    assert issuer.paragraph_format.right_indent.pt == (2 + 6.5 + 2 - 7.5) * 16
    assert copied.text == "抄送：局领导。"
    assert printed.text == "A市教育局办公室\t2025年7月10日印发"
    assert copied._p.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:sz")) == "8"
    assert printed._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:sz")) == "8"
    # At the foot of the last page (7.4): the box is aligned to the bottom of the text block, text above it.
    vertical = anchor.find(qn("wp:positionV"))
    assert (vertical.get("relativeFrom"), vertical.find(qn("wp:align")).text) == ("margin", "bottom")
    assert anchor.find(qn("wp:wrapTopAndBottom")) is not None


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("关于2025年6月工作任务推进情况的通报", ["关于2025年6月工作任务推进情况的通报"]),
        (
            "关于基础教育处2025年第二季度工作任务推进情况的通报",
            ["关于基础教育处2025年第二季度", "工作任务推进情况的通报"],
        ),
    ],
)
def test_a_long_title_breaks_at_a_sense_boundary(title, lines):
    assert layout.title_lines(title, per_line=20) == lines


def test_a_cascading_plans_circular_ranks_the_subordinates_and_names_those_lagging():
    data = make_circular()
    data.subordinates = SubordinateRollup(
        tasks=2,
        ranking=((1, "甲县教育局", 60), (1, "丙县教育局", 60), (3, "乙县教育局", 20)),
        lagging=(
            SubordinateLag(
                organization="乙县教育局",
                task_no="3",
                task_text="新增学位200个。",
                light="red",
                progress=20,
                expected=55,
                reasons=("进度落后序时35个百分点",),
                report_text="已完成选址。",
            ),
        ),
    )

    text = _text(_open(circular_docx(data, chart=False)))

    assert "（三）下级承接任务推进情况" in text
    assert "第1名甲县教育局（平均进度60%）、第1名丙县教育局（平均进度60%）、第3名乙县教育局" in text
    assert (
        "乙县教育局承接的第3项：新增学位200个。（红灯，进度20%，序时进度55%）亮灯原因：进度落后序时35个百分点。"
        in text
    )


def test_a_plan_that_cascaded_nothing_says_nothing_of_subordinates(document):
    assert "下级承接" not in _text(document)
