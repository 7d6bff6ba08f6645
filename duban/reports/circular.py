"""The periodic circular (通报) as .docx in official-document layout (see docx_layout)."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from duban.reports import docx_layout as layout
from duban.reports import docx_page as page
from duban.reports.charts import section_progress_png
from duban.reports.data import (
    LIGHT_LABELS,
    CircularData,
    SubordinateRollup,
    SummaryFigures,
    TaskLine,
    date_text,
)

CHART_WIDTH = layout.TEXT_WIDTH  # the chart spans the text block
NONE_COMPLETED = "本期没有办结的任务。"
NONE_LAGGING = "目前没有进度滞后的任务。"
NONE_OVERDUE = "目前没有逾期未办结的任务。"
NONE_TARGETS = "目前没有已确认完成的目标指标。"
NONE_SUBORDINATES_LAGGING = "目前没有承接任务进度滞后的下级。"
NONE_DOCUMENTS = "本方案没有需出台的文件。"


def circular_docx(data: CircularData, *, chart: bool = True) -> bytes:
    """The circular as .docx bytes; `chart` adds the section chart (needs a CJK font, see charts)."""
    document = docx.Document()
    page.page_setup(document)
    issued_on = date_text(data.issued_on)
    page.core_properties(
        document, organization=data.issuer, title_text=data.title, created=dt.datetime.now(dt.UTC)
    )
    page.masthead(
        document,
        name=f"{data.issuer}督查通报",
        number=f"第{data.issue_no}期" if data.issue_no is not None else "",
        byline=(data.issuer, issued_on),
    )
    layout.title(document, data.title)
    if data.addressees:
        layout.paragraph(document, f"{data.addressees}：", indent=False)
    layout.paragraph(document, data.opening)
    _overview(document, data, chart=chart)
    _sections(document, data)
    _units(document, data)
    _reporting(document, data)
    _completed(document, data)
    _lagging(document, data)
    _targets(document, data)
    _documents(document, data)
    _praise_and_criticism(document, data)
    layout.heading(document, "十、下步工作要求")
    layout.paragraph(document, data.requirements)
    layout.signature(document, issuer=data.issuer, issued_on=issued_on)
    page.colophon(document, cc=data.cc, printer=data.issuer, printed_on=issued_on)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _overview(document: Document, data: CircularData, *, chart: bool) -> None:
    figures = data.figures
    layout.heading(document, "一、总体情况")
    day = date_text(data.as_of or data.issued_on)
    lights = figures.lights
    layout.paragraph(
        document,
        f"截至{day}，《{data.plan_title}》{_whose(data)}共有任务{figures.total}项，已办结{figures.completed}项，"
        f"办结率{_pct(figures.completion_rate)}，其中{data.period.label}办结{figures.completed_in_period}项；"
        f"按期办结率{_pct(figures.on_time_rate)}，逾期率{_pct(figures.overdue_rate)}，"
        f"进展按时报送率{_pct(figures.reports_rate)}；"
        f"推进中{figures.in_progress}项，未启动{figures.not_started}项；"
        f"逾期未办结{figures.overdue}项，进度滞后{figures.behind}项。"
        f"亮灯情况：绿灯{lights.get('green', 0)}项，黄灯{lights.get('yellow', 0)}项，"
        f"红灯{lights.get('red', 0)}项。全部任务平均进度{_pct(figures.average_progress)}。",
    )
    if data.previous is not None:
        layout.paragraph(document, _comparison(data.previous_label, figures, data.previous))
    if chart and data.sections:
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(section_progress_png(data.sections)), width=CHART_WIDTH)


def _whose(data: CircularData) -> str:
    return f"{data.unit}牵头和参与的" if data.unit else ""


def _comparison(label: str, now: SummaryFigures, before: SummaryFigures) -> str:
    """与上期相比: the change of each rate in percentage points and of the light counts."""
    parts: list[str] = []
    for name, current, earlier in (
        ("办结率", now.completion_rate, before.completion_rate),
        ("按期办结率", now.on_time_rate, before.on_time_rate),
        ("逾期率", now.overdue_rate, before.overdue_rate),
        ("按时报送率", now.reports_rate, before.reports_rate),
    ):
        if current is not None and earlier is not None:
            parts.append(f"{name}{_change(current - earlier, '个百分点')}")
    for light, name in (("red", "红灯"), ("yellow", "黄灯")):
        parts.append(f"{name}任务{_change(now.lights.get(light, 0) - before.lights.get(light, 0), '项')}")
    parts.append(f"办结任务{_change(now.completed - before.completed, '项')}")
    return f"与{label}末相比，{'，'.join(parts)}。"


def _change(delta: int, unit: str) -> str:
    if delta == 0:
        return "持平"
    return (
        f"{'提高' if delta > 0 else '下降'}{abs(delta)}{unit}"
        if unit == "个百分点"
        else (f"{'增加' if delta > 0 else '减少'}{abs(delta)}{unit}")
    )


def _sections(document: Document, data: CircularData) -> None:
    layout.heading(document, "二、各板块推进情况")
    rows = [
        [
            s.heading,
            str(s.total),
            str(s.completed),
            _pct(s.completion_rate),
            _pct(s.average_progress),
            str(s.overdue),
            f"{s.green}/{s.yellow}/{s.red}",
        ]
        for s in data.sections
    ]
    headers = ["板块", "任务数", "已办结", "办结率", "平均进度", "逾期", "绿/黄/红灯"]
    layout.table(document, headers, rows, [44, 17, 17, 17, 20, 14, 27])


def _units(document: Document, data: CircularData) -> None:
    layout.heading(document, "三、各牵头单位推进情况")
    layout.paragraph(
        document,
        "按牵头任务办结率、平均进度排序，逾期任务多者靠后；各项相同者并列，“各处室”等集合不参与排名。",
    )
    rows = [
        [
            u.rank_text,
            u.unit,
            str(u.lead_tasks),
            str(u.completed),
            _pct(u.completion_rate),
            _pct(u.average_progress),
            str(u.overdue),
            f"{u.green}/{u.yellow}/{u.red}",
        ]
        for u in data.units
    ]
    headers = ["名次", "单位", "牵头任务", "已办结", "办结率", "平均进度", "逾期", "绿/黄/红灯"]
    layout.table(document, headers, rows, [18, 34, 17, 17, 16, 18, 13, 23])


def _reporting(document: Document, data: CircularData) -> None:
    layout.heading(document, "四、进展报送情况")
    text = f"截至{date_text(data.as_of or data.issued_on)}，进展按时报送率{_pct(data.figures.reports_rate)}。"
    if data.missed_units:
        named = "、".join(f"{unit}（{count}项任务）" for unit, count in data.missed_units)
        text += f"未按期报送进展的单位：{named}。"
    else:
        text += "各牵头单位均按期报送了进展。"
    layout.paragraph(document, text)


def _completed(document: Document, data: CircularData) -> None:
    layout.heading(document, f"五、{data.period.label}办结的任务")
    if not data.completed:
        layout.paragraph(document, NONE_COMPLETED)
    for line in data.completed:
        done = f"，{date_text(line.completed_on)}办结" if line.completed_on else ""
        layout.paragraph(document, f"第{line.no}项：{line.text}（{_units_text(line)}{done}）")


def _lagging(document: Document, data: CircularData) -> None:
    layout.heading(document, "六、逾期和进度滞后的任务")
    layout.subheading(document, "（一）逾期未办结的任务")
    if not data.overdue:
        layout.paragraph(document, NONE_OVERDUE)
    for line in data.overdue:
        deadline = f"，完成时限{date_text(line.deadline)}" if line.deadline else ""
        progress = f"，进度{line.progress}%" if line.progress is not None else ""
        layout.paragraph(
            document, f"第{line.no}项：{line.text}（{_units_text(line)}{deadline}{progress}）{_why(line)}"
        )
    layout.subheading(document, "（二）进度滞后的任务")
    if not data.lagging:
        layout.paragraph(document, NONE_LAGGING)
    for line in data.lagging:
        pace = f"，进度{line.progress or 0}%"
        if line.expected is not None:
            pace += f"，序时进度{line.expected}%"
        layout.paragraph(document, f"第{line.no}项：{line.text}（{_units_text(line)}{pace}）{_why(line)}")
    if data.subordinates is not None:
        _subordinates(document, data.subordinates)


def _subordinates(document: Document, rollup: SubordinateRollup) -> None:
    """（三）: the subordinates' ranking on the cascaded tasks and those lagging (红灯、黄灯)."""
    layout.subheading(document, "（三）下级承接任务推进情况")
    ranking = "、".join(
        f"第{place}名{name}（平均进度{progress}%）" for place, name, progress in rollup.ranking
    )
    layout.paragraph(document, f"本级分解下达任务{rollup.tasks}项，各下级承接推进排名：{ranking}。")
    if not rollup.lagging:
        layout.paragraph(document, NONE_SUBORDINATES_LAGGING)
    for lag in rollup.lagging:
        reason = f"亮灯原因：{'；'.join(lag.reasons)}。" if lag.reasons else ""
        latest = f"最新进展：{lag.report_text}" if lag.report_text else "最新进展：尚无经审核的进展。"
        light = LIGHT_LABELS.get(lag.light, lag.light)
        pace = f"（{light}，进度{lag.progress}%，序时进度{lag.expected}%）"
        layout.paragraph(
            document, f"{lag.organization}承接的第{lag.task_no}项：{lag.task_text}{pace}{reason}{latest}"
        )


def _why(line: TaskLine) -> str:
    """The rules that lit the task, then its latest approved progress text."""
    reason = f"亮灯原因：{'；'.join(line.reasons)}。" if line.reasons else ""
    if line.report_text:
        day = f"（{date_text(line.report_date)}报送）" if line.report_date else ""
        return f"{reason}最新进展{day}：{line.report_text}"
    return f"{reason}最新进展：尚无经审核的进展。"


def _targets(document: Document, data: CircularData) -> None:
    layout.heading(document, "七、目标指标完成情况")
    if not data.targets_achieved:
        layout.paragraph(document, NONE_TARGETS)
    else:
        rows = [[t.task_no, t.metric, t.planned, t.actual] for t in data.targets_achieved]
        layout.table(document, ["任务", "指标", "目标", "完成"], rows, [18, 62, 38, 38])
    if data.targets_behind:
        layout.paragraph(document, "以下目标指标完成值低于序时应达到的数值：")
        rows = [[t.task_no, t.metric, t.planned, t.expected, t.actual] for t in data.targets_behind]
        layout.table(document, ["任务", "指标", "目标", "序时应达", "完成"], rows, [16, 52, 30, 30, 28])


def _documents(document: Document, data: CircularData) -> None:
    layout.heading(document, "八、文件出台情况")
    issued, pending = data.documents_issued, data.documents_pending
    if not issued and not pending:
        layout.paragraph(document, NONE_DOCUMENTS)
        return
    layout.paragraph(document, f"{data.period.label}出台文件{len(issued)}个，尚未出台{len(pending)}个。")
    if issued:
        rows = [
            [d.task_no, f"《{d.title}》", d.doc_number, date_text(d.issued_on) if d.issued_on else ""]
            for d in issued
        ]
        layout.table(document, ["任务", "文件", "文号", "印发日期"], rows, [16, 70, 40, 30])
    if pending:
        layout.paragraph(document, "尚未出台的文件：")
        rows = [[d.task_no, f"《{d.title}》", "、".join(d.lead_units) or "未明确"] for d in pending]
        layout.table(document, ["任务", "文件", "牵头单位"], rows, [16, 90, 50])


def _praise_and_criticism(document: Document, data: CircularData) -> None:
    layout.heading(document, "九、表扬和批评")
    layout.paragraph(document, data.praise or "本期没有符合表扬条件的单位。")
    layout.paragraph(document, data.criticism or "本期没有需要通报批评的单位。")


def _units_text(line: TaskLine) -> str:
    parts = [f"牵头单位：{'、'.join(line.lead_units) or '未明确'}"]
    if line.support_units:
        parts.append(f"责任单位：{'、'.join(line.support_units)}")
    return "；".join(parts)


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"
