"""The documents tasks must issue in the exports: the ledger's sheet 文件出台情况 and the circular."""

import datetime as dt
import io

import docx
import pytest
from openpyxl import load_workbook

from duban.ingest import parse
from duban.plans.models import DocumentRef, Task
from duban.reports.exports import export_render
from duban.reports.facts import plan_documents
from duban.reports.ledger_documents import DOCUMENT_COLUMNS, DOCUMENTS_SHEET
from duban.reports.periods import month_period
from duban.tracking.services.attachments import Upload
from duban.tracking.services.documents import document_add, document_issue
from duban.tracking.tests.helpers import TODAY, published_plan, task

START = dt.date(2025, 1, 1)
FILE = Upload(name="办法.pdf", content=b"%PDF-1.4 issued")


@pytest.fixture
def plan(personas):
    """Tasks 4 and 8 must issue a document (duban.test): task 4's is issued on 2025-05-20, task 8's not."""
    made = published_plan(personas, tasks=8, start_date=START)
    document_issue(
        document=DocumentRef.objects.get(task=task(made, 4), deliverable=True),
        by=personas.supervisor,
        doc_number="=A教发〔2025〕4号",  # a number that starts like a formula stays text
        issued_on=dt.date(2025, 5, 20),
        file=FILE,
        today=TODAY,
    )
    return made


def _sheet(plan, **options):
    content = export_render(plan=plan, kind="ledger", today=TODAY, **options).content
    return load_workbook(io.BytesIO(content))[DOCUMENTS_SHEET], content


def test_the_ledger_lists_each_document_with_its_state_number_date_and_lead_unit(plan):
    sheet, _ = _sheet(plan)

    assert [sheet.cell(row=3, column=c).value for c in range(1, 8)] == [t for t, _, _ in DOCUMENT_COLUMNS]
    rows = [[sheet.cell(row=r, column=c).value for c in range(1, 8)] for r in (4, 5)]
    assert rows[0][0] == "4" and rows[0][2:] == [
        "《第4号实施办法》",
        "已出台",
        "=A教发〔2025〕4号",
        "2025-05-20",
        "办公室",
    ]
    assert rows[1][0] == "8" and rows[1][2:4] == ["《第8号实施办法》", "未出台"]
    assert sheet.cell(row=4, column=2).value.startswith("出台《第4号实施办法》")


def test_every_cell_of_the_documents_sheet_is_text_and_a_formula_like_one_is_quoted(plan):
    sheet, _ = _sheet(plan)

    cells = [cell for row in sheet.iter_rows(min_row=1) for cell in row if cell.value is not None]
    assert all(cell.data_type == "s" for cell in cells)
    assert sheet.cell(row=4, column=5).quotePrefix


def test_the_ledger_with_documents_still_reimports_as_the_same_tasks(plan):
    _, content = _sheet(plan)

    back = parse(content, filename="台账.xlsx")

    assert [(t.no, t.text) for t in back.tasks] == [(t.no, t.text) for t in plan.tasks.order_by("position")]
    assert back.plan.issue_date == plan.issue_date  # the sheet's dates are not taken for the notice's


def test_a_ledger_of_a_past_day_counts_a_document_issued_later_as_pending(plan):
    rows = plan_documents([task(plan, 4)], dt.date(2025, 5, 19))

    assert [(r.title, r.issued, r.doc_number, r.issued_on) for r in rows] == [
        ("第4号实施办法", False, "", None)
    ]


def test_the_documents_cost_two_queries_whatever_the_number_of_tasks(plan, django_assert_num_queries):
    # Loaded as the exports load them (units prefetched, plans_tasks_for_export).
    every = list(Task.objects.filter(plan=plan).for_display())
    one = [t for t in every if t.no == "4"]

    for tasks in (every, one):
        with django_assert_num_queries(2):
            rows = plan_documents(tasks, TODAY)
        assert [r.task_no for r in rows] == [t.no for t in tasks if t.no in {"4", "8"}]


def _circular_text(plan, period):
    content = export_render(plan=plan, kind="circular", period=period, today=TODAY, chart=False).content
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def test_the_circular_lists_documents_issued_in_its_period_and_those_pending(personas, plan):
    document_add(task=task(plan, 2), by=personas.supervisor, title="课后服务管理办法")

    may = _circular_text(plan, month_period(2025, 5))
    june = _circular_text(plan, month_period(2025, 6))

    assert "八、文件出台情况" in may and "2025年5月出台文件1个，尚未出台2个。" in may
    assert "《第4号实施办法》" in may and "=A教发〔2025〕4号" in may
    assert "《第8号实施办法》" in may and "《课后服务管理办法》" in may
    assert "2025年6月出台文件0个，尚未出台2个。" in june


def test_a_circular_for_a_period_before_the_issue_counts_the_document_pending(plan):
    april = _circular_text(plan, month_period(2025, 4))

    assert "2025年4月出台文件0个，尚未出台2个。" in april
