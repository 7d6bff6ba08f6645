"""The 督办通知单 of an ad-hoc 督办事项: a .docx in the circular's layout, numbered 督办〔2026〕12号."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import docx

from duban.plans.models import AdhocItem
from duban.reports import docx_layout as layout
from duban.reports import docx_page as page
from duban.reports.data import date_text

NOTICE_SUBJECT = "督办通知单"


@dataclass(frozen=True)
class NoticeData:
    """What a 督办通知单 says, read from one item."""

    issuer: str
    number: str  # 督办〔2026〕12号
    source_kind: str  # 领导批示, …
    source_title: str
    source_text: str
    source_name: str  # the attached source file's name, if any
    text: str
    lead_units: list[str]
    support_units: list[str]
    assigned_on: dt.date
    deadline: dt.date
    due_day: int


def notice_data(item: AdhocItem) -> NoticeData:
    """The notice of an item read with adhoc_item_get (task, plan and units loaded)."""
    task = item.task
    plan = task.plan
    assert task.start_date is not None and task.deadline is not None  # set by adhoc_item_register
    return NoticeData(
        issuer=plan.issuer,
        number=item.notice_number,
        source_kind=item.get_source_kind_display(),
        source_title=item.source_title,
        source_text=item.source_text,
        source_name=item.source_name,
        text=task.text,
        lead_units=[unit.name for unit in task.lead_units],
        support_units=[unit.name for unit in task.support_units],
        assigned_on=task.start_date,
        deadline=task.deadline,
        due_day=plan.due_day,
    )


def notice_filename(data: NoticeData) -> str:
    """The download's file name: 督办通知单（督办〔2026〕12号）.docx."""
    return f"{NOTICE_SUBJECT}（{data.number}）.docx"


def notice_docx(data: NoticeData) -> bytes:
    """The 督办通知单 as .docx bytes: 版头 with its number, the item, its source, units and requirements."""
    document = docx.Document()
    page.page_setup(document)
    title = f"关于{data.source_kind}事项的督办通知"
    page.core_properties(
        document,
        organization=data.issuer,
        title_text=f"{title}（{data.number}）",
        created=dt.datetime.now(dt.UTC),
        subject=NOTICE_SUBJECT,
    )
    page.masthead(document, name=f"{data.issuer}{NOTICE_SUBJECT}", number=data.number)
    layout.title(document, title)
    layout.paragraph(document, f"{'、'.join([*data.lead_units, *data.support_units])}：", indent=False)
    origin = f"《{data.source_title}》" if data.source_title else data.source_kind
    layout.paragraph(
        document,
        f"根据{origin}，现将以下事项列入督办（{data.number}），于{date_text(data.assigned_on)}交办，"
        "请认真抓好落实。",
    )
    layout.heading(document, "一、督办事项")
    layout.paragraph(document, data.text)
    layout.heading(document, "二、事项来源")
    source = data.source_text or f"见来源文件《{data.source_name}》。"
    layout.paragraph(document, f"{data.source_kind}：{source}")
    if data.source_text and data.source_name:
        layout.paragraph(document, f"来源文件：{data.source_name}。")
    layout.heading(document, "三、责任单位")
    layout.paragraph(document, f"牵头单位：{'、'.join(data.lead_units)}。")
    if data.support_units:
        layout.paragraph(document, f"责任单位：{'、'.join(data.support_units)}。")
    layout.heading(document, "四、办理要求")
    layout.paragraph(
        document,
        f"请牵头单位会同责任单位于{date_text(data.deadline)}前办结。自交办之日起，每月{data.due_day}日前"
        "通过督办系统报送进展情况；办结后提出办结申请，并附办结报告。逾期未办结或未按时报送的，将予以通报。",
    )
    issued_on = date_text(data.assigned_on)
    layout.signature(document, issuer=data.issuer, issued_on=issued_on)
    page.colophon(document, cc="", printer=data.issuer, printed_on=issued_on)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
