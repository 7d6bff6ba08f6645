"""The periodic circular (通报) as .docx in official-document layout (see docx_layout)."""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from duban.reports import docx_layout as layout
from duban.reports.charts import section_progress_png
from duban.reports.data import CircularData, TaskLine, date_text

CHART_WIDTH = Mm(150)  # the text block is 156 mm wide
NONE_COMPLETED = "本期没有办结的任务。"
NONE_LAGGING = "目前没有进度滞后的任务。"
NONE_OVERDUE = "目前没有逾期未办结的任务。"
NONE_TARGETS = "目前没有已确认完成的目标指标。"


def circular_docx(data: CircularData, *, chart: bool = True) -> bytes:
    """The circular as .docx bytes; `chart` adds the section chart (needs a CJK font, see charts)."""
    document = docx.Document()
    layout.page_setup(document)
    layout.title(document, data.title)
    if data.addressees:
        layout.paragraph(document, f"{data.addressees}：", indent=False)
    layout.paragraph(document, data.opening)
    _overview(document, data, chart=chart)
    _sections(document, data)
    _units(document, data)
    _completed(document, data)
    _lagging(document, data)
    _targets(document, data)
    _signature(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _overview(document: Document, data: CircularData, *, chart: bool) -> None:
    figures = data.figures
    layout.heading(document, "一、总体情况")
    rate = "—" if figures.completion_rate is None else f"{figures.completion_rate}%"
    average = "—" if figures.average_progress is None else f"{figures.average_progress}%"
    day = date_text(data.as_of or data.issued_on)
    layout.paragraph(
        document,
        f"截至{day}，《{data.plan_title}》共有任务{figures.total}项，已办结{figures.completed}项，"
        f"办结率{rate}，其中{data.period.label}办结{figures.completed_in_period}项；"
        f"推进中{figures.in_progress}项，未启动{figures.not_started}项；"
        f"逾期未办结{figures.overdue}项，进度滞后{figures.behind}项。"
        f"亮灯情况：绿灯{figures.lights.get('green', 0)}项，黄灯{figures.lights.get('yellow', 0)}项，"
        f"红灯{figures.lights.get('red', 0)}项。全部任务平均进度{average}。",
    )
    if chart and data.sections:
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(section_progress_png(data.sections)), width=CHART_WIDTH)


def _sections(document: Document, data: CircularData) -> None:
    layout.heading(document, "二、各板块推进情况")
    rows = [
        [
            s.heading,
            str(s.total),
            str(s.completed),
            _pct(s.completion_rate),
            _pct(s.average_progress),
            str(s.red),
        ]
        for s in data.sections
    ]
    layout.table(
        document, ["板块", "任务数", "已办结", "办结率", "平均进度", "红灯"], rows, [64, 18, 18, 18, 20, 18]
    )


def _units(document: Document, data: CircularData) -> None:
    layout.heading(document, "三、各牵头单位推进情况")
    layout.paragraph(document, "按牵头任务办结率、平均进度排序，逾期任务多者靠后。")
    rows = [
        [
            str(u.rank),
            u.unit,
            str(u.lead_tasks),
            str(u.completed),
            _pct(u.completion_rate),
            _pct(u.average_progress),
            str(u.overdue),
        ]
        for u in data.units
    ]
    headers = ["名次", "单位", "牵头任务", "已办结", "办结率", "平均进度", "逾期"]
    layout.table(document, headers, rows, [14, 46, 20, 18, 18, 22, 18])


def _completed(document: Document, data: CircularData) -> None:
    layout.heading(document, f"四、{data.period.label}办结的任务")
    if not data.completed:
        layout.paragraph(document, NONE_COMPLETED)
    for line in data.completed:
        done = f"，{date_text(line.completed_on)}办结" if line.completed_on else ""
        layout.paragraph(document, f"第{line.no}项：{line.text}（{_units_text(line)}{done}）")


def _lagging(document: Document, data: CircularData) -> None:
    layout.heading(document, "五、逾期和进度滞后的任务")
    layout.paragraph(document, "（一）逾期未办结的任务", face=layout.BODY_FACE, bold=True)
    if not data.overdue:
        layout.paragraph(document, NONE_OVERDUE)
    for line in data.overdue:
        deadline = f"，完成时限{date_text(line.deadline)}" if line.deadline else ""
        progress = f"，进度{line.progress}%" if line.progress is not None else ""
        layout.paragraph(document, f"第{line.no}项：{line.text}（{_units_text(line)}{deadline}{progress}）")
    layout.paragraph(document, "（二）进度滞后的任务", face=layout.BODY_FACE, bold=True)
    if not data.lagging:
        layout.paragraph(document, NONE_LAGGING)
    for line in data.lagging:
        pace = f"，进度{line.progress or 0}%"
        if line.expected is not None:
            pace += f"，序时进度{line.expected}%"
        layout.paragraph(document, f"第{line.no}项：{line.text}（{_units_text(line)}{pace}）")


def _targets(document: Document, data: CircularData) -> None:
    layout.heading(document, "六、目标指标完成情况")
    if not data.targets_achieved:
        layout.paragraph(document, NONE_TARGETS)
        return
    rows = [[t.task_no, t.metric, t.planned, t.actual] for t in data.targets_achieved]
    layout.table(document, ["任务", "指标", "目标", "完成"], rows, [18, 62, 38, 38])


def _signature(document: Document, data: CircularData) -> None:
    layout.paragraph(document, indent=False)
    layout.paragraph(document, indent=False)
    for text in (data.issuer, date_text(data.issued_on)):
        signed = layout.paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signed.paragraph_format.right_indent = Mm(11)  # 4 characters from the right edge
    if data.cc:
        layout.paragraph(document, indent=False)
        layout.paragraph(document, f"抄送：{data.cc}。", indent=False)


def _units_text(line: TaskLine) -> str:
    parts = [f"牵头单位：{'、'.join(line.lead_units) or '未明确'}"]
    if line.support_units:
        parts.append(f"责任单位：{'、'.join(line.support_units)}")
    return "；".join(parts)


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"
