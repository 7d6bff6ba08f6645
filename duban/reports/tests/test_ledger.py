"""The ledger workbook: sheets, header, widths, print layout and the rows themselves."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from duban.reports.data import LedgerSection
from duban.reports.ledger import COLUMNS, ledger_xlsx, section_sheet_name
from duban.reports.tests.factories import make_ledger


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _row(sheet: Worksheet, row: int) -> list[object]:
    return [sheet.cell(row=row, column=c).value for c in range(1, len(COLUMNS) + 1)]


def test_the_ledger_has_the_notice_a_summary_a_sheet_per_section_then_the_documents():
    book = _open(ledger_xlsx(make_ledger()))

    notice = "A市教育局关于印发2025年全市教育工作任务分解方案的通知"
    assert book.sheetnames == [notice, "汇总", "一、深化教育改革", "二、扩大优质资源", "文件出台情况"]
    assert [row[0].value for row in book[notice].iter_rows()] == ["A市教育局", "2025年3月1日印发"]


def test_each_section_sheet_opens_with_its_heading_and_a_two_row_header_with_merged_groups():
    sheet = _open(ledger_xlsx(make_ledger()))["一、深化教育改革"]

    assert sheet["A1"].value == "一、深化教育改革"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:V1" in merged
    assert {"A2:A3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "J2:J3"} <= merged
    assert {"L2:M2", "N2:R2", "S2:U2"} <= merged
    assert [sheet.cell(row=2, column=c).value for c in (1, 3, 4, 5, 6, 7, 10, 12, 14, 19)] == [
        "序号",
        "主要工作",
        "牵头单位",
        "责任单位",
        "责任领导",
        "完成时限",
        "办结日期",
        "进度（%）",
        "最新进展",
        "目标指标",
    ]
    assert [sheet.cell(row=3, column=c).value for c in range(12, 22)] == [
        "实际",
        "序时",
        "情况",
        "存在问题",
        "下步计划",
        "报送日期",
        "佐证",
        "指标",
        "计划",
        "实际",
    ]
    assert sheet["A2"].font.b


def test_a_task_row_carries_units_schedule_state_light_progress_report_and_targets():
    sheet = _open(ledger_xlsx(make_ledger()))["一、深化教育改革"]

    assert _row(sheet, 6) == [
        3,
        "一",
        "推进第3项集团化办学改革，新增学位300个。",
        "基础教育处",
        "计财处",
        None,
        "2025年12月31日",
        "2026年3月31日",
        "推进中",
        None,
        "黄灯",
        10,
        52,
        "第3项已完成方案制定。",
        None,
        None,
        "2025年6月25日",
        None,
        "覆盖面\n新建学校",
        "≥90%\n+3所",
        "95%\n—",
        None,
    ]
    assert sheet["K6"].fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet["C6"].alignment.wrap_text


def test_the_header_is_frozen_filtered_and_printed_on_every_a4_landscape_page():
    sheet = _open(ledger_xlsx(make_ledger()))["一、深化教育改革"]

    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:V6"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$3"
    assert "&P" in sheet.oddFooter.center.text


def test_column_widths_fit_one_a4_landscape_page_with_room_for_the_task_text():
    sheet = _open(ledger_xlsx(make_ledger()))["一、深化教育改革"]

    widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(COLUMNS))]
    assert widths[2] == max(widths) == 32
    # A character unit is about 1.85 mm: 192 of them print on 277 mm at no less than 78 % scale.
    assert 170 <= sum(widths) <= 192


def test_the_summary_sheet_counts_each_section_and_the_whole_plan():
    sheet = _open(ledger_xlsx(make_ledger()))["汇总"]

    assert sheet["A1"].value == "2025年全市教育工作任务分解方案"
    assert sheet["A2"].value == "统计日期：2025年7月10日"
    assert [c.value for c in sheet[4]] == [
        "板块",
        "项数",
        "已办结",
        "办结率（%）",
        "逾期",
        "欠进度",
        "绿灯",
        "黄灯",
        "红灯",
        "平均进度（%）",
    ]
    assert [c.value for c in sheet[5]] == ["一、深化教育改革", 3, 1, 33, 1, 2, 1, 1, 1, 50]
    assert [c.value for c in sheet[7]][:4] == ["合计", 6, 1, 17]


def test_one_units_ledger_names_the_unit_in_its_print_header():
    content = ledger_xlsx(make_ledger(unit="基础教育处"))
    summary = _open(content)["汇总"]

    assert summary["B2"].value == "单位：基础教育处"
    assert summary.oddHeader.center.text == "2025年全市教育工作任务分解方案台账（基础教育处）"


def test_a_heading_too_long_for_a_sheet_name_gives_a_shortened_name_that_is_no_heading():
    long = LedgerSection(no="三", title="深入实施教育现代化推进工程，全面提升区域教育综合实力和整体办学水平")
    short = LedgerSection(no="四", title="保障：安全/稳定")

    assert section_sheet_name(long).startswith("三 深入")
    assert section_sheet_name(long).endswith("…")
    assert len(section_sheet_name(long)) == 31
    assert section_sheet_name(short) == "四 保障：安全/稳定"
    assert section_sheet_name(LedgerSection(no=None, title="未分板块")) == "未分板块"
