"""The audit trail in words: each entry as one Chinese sentence from its action and values (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from duban.plans.models import TaskState, TaskUnitRole
from duban.tracking.models import ReminderKind, ReportQuality, SignOffReason

Values = Mapping[str, Any]


def audit_sentence(*, actor: str, action: str, before: Any, after: Any, subject: Values | None = None) -> str:
    """An entry as “陈联络 提交 6月25日期进展（进度60%）”; unknown actions get a generic sentence.

    The trail keeps only changed values, so `subject` brings the object's own (a report's period and
    progress); the recorded values win over it.
    """
    write = _WRITERS.get(action)
    old = before if isinstance(before, Mapping) else {}
    new = {**(subject or {}), **(after if isinstance(after, Mapping) else {})}
    text = write(old, new) if write is not None else ""
    return f"{actor or '系统'} {text or '进行了一项操作'}"


def _date(value: Any) -> str:
    """An ISO date as recorded, shown as is; anything else is left out."""
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return ""


def _period(values: Values) -> str:
    try:
        day = dt.date.fromisoformat(str(values.get("period"))[:10])
    except ValueError:
        return "本期进展"
    return f"{day.month}月{day.day}日期进展"


def _progress(values: Values) -> str:
    progress = values.get("progress")
    return f"（进度{progress}%）" if isinstance(progress, int) else ""


def _reason(text: Any, prefix: str = "：") -> str:
    text = str(text or "").strip()
    return f"{prefix}{_clip(text)}" if text else ""


def _quality(values: Values) -> str:
    quality = values.get("quality")
    return f"，质量评价“{ReportQuality(quality).label}”" if quality in ReportQuality.values else ""


def _clip(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _task_update(before: Values, after: Values) -> str:
    changes = []
    for name, value in after.items():
        if name == "state" and value in TaskState.values:
            changes.append(f"任务状态改为“{TaskState(value).label}”")
        elif name == "progress" and value is not None:
            changes.append(f"进度改为{value}%")
        elif name == "completed_on" and _date(value):
            changes.append(f"办结日期记为 {_date(value)}")
        elif name == "extended_deadline" and _date(value):
            changes.append(f"完成时限延至 {_date(value)}")
    return "更新任务：" + "，".join(changes) if changes else "更新任务"


def _schedule(before: Values, after: Values) -> str:
    return f"调整完成时限为 {_date(after.get('deadline')) or '方案默认时限'}"


def _nodes(values: Values) -> str:
    nodes = values.get("nodes")
    if not isinstance(nodes, list):
        return ""
    return f"（{len(nodes)} 个节点）：" + _clip("；".join(str(n) for n in nodes)) if nodes else "（无节点）"


def _node_done(before: Values, after: Values) -> str:
    title, due, done = (
        str(after.get("title") or "节点"),
        _date(after.get("due_on")),
        _date(after.get("done_on")),
    )
    return f"报告节点“{title}”（{due}）已于 {done} 完成{_reason(after.get('evidence'), '，佐证：')}"


def _reminder(before: Values, after: Values) -> str:
    kind = after.get("kind")
    label = ReminderKind(kind).label if kind in ReminderKind.values else "提醒"
    reply_by = _date(after.get("reply_by"))
    return f"发出{label}{_reason(after.get('body'))}" + (f"，请于 {reply_by} 前签收回复" if reply_by else "")


def _signoff(before: Values, after: Values) -> str:
    reason = after.get("reason")
    label = SignOffReason(reason).label if reason in SignOffReason.values else "交办"
    return f"签收{label}事项{_reason(after.get('note'), '，回复：')}"


def _unit_add(before: Values, after: Values) -> str:
    role = after.get("role")
    label = TaskUnitRole(role).label if role in TaskUnitRole.values else "承担单位"
    unit = str(after.get("unit") or "").strip()
    return f"增加{label}{_clip(unit, 40)}" if unit else f"增加{label}"


def _extension_approve(before: Values, after: Values) -> str:
    deadline = _date(after.get("new_deadline"))
    return f"同意延期至 {deadline}" if deadline else "同意延期"


def _document(values: Values) -> str:
    title = str(values.get("title") or "").strip()
    return f"《{_clip(title, 60)}》" if title else "文件"


def _document_issue(before: Values, after: Values) -> str:
    # A first record changes the status; a correction changes only the number, date or file.
    verb = "登记" if "status" in after else "更正"
    parts = []
    if after.get("doc_number"):
        parts.append(f"文号 {_clip(str(after['doc_number']), 40)}")
    if _date(after.get("issued_on")):
        parts.append(f"印发日期 {_date(after.get('issued_on'))}")
    if after.get("file"):
        parts.append(f"上传 {_clip(str(after['file']), 40)}")
    details = "：" + "，".join(parts) if parts else ""
    return (
        f"{verb}{_document(after)}已出台{details}"
        if verb == "登记"
        else f"更正{_document(after)}出台信息{details}"
    )


def _documents_override(before: Values, after: Values) -> str:
    titles = after.get("titles")
    named = "".join(f"《{_clip(str(t), 40)}》" for t in titles) if isinstance(titles, list) else ""
    return f"同意先行办结，未出台文件{named}{_reason(after.get('reason'))}"


Writer = Callable[[Values, Values], str]

_WRITERS: dict[str, Writer] = {
    "report_save": lambda b, a: f"保存 {_period(a)}草稿{_progress(a)}",
    "report_submit": lambda b, a: f"提交 {_period(a)}{_progress(a)}",
    "report_withdraw": lambda b, a: f"撤回 {_period(a)}",
    "report_approve": lambda b, a: f"通过 {_period(a)}{_quality(a)}{_reason(a.get('review_comment'))}",
    "report_return": lambda b, a: f"退回 {_period(a)}{_reason(a.get('review_comment'))}",
    "completion_request": lambda b, a: f"申请办结{_reason(a.get('reason'))}",
    "completionrequest_approve": lambda b, a: f"同意办结{_reason(a.get('decision_comment'))}",
    "completionrequest_refuse": lambda b, a: f"退回办结申请{_reason(a.get('decision_comment'))}",
    "extension_request": lambda b, a: (
        f"申请延期至 {_date(a.get('new_deadline')) or '新的时限'}{_reason(a.get('reason'))}"
    ),
    "extensionrequest_approve": _extension_approve,
    "extensionrequest_refuse": lambda b, a: f"不同意延期{_reason(a.get('decision_comment'))}",
    "task_update": _task_update,
    "task_schedule_set": _schedule,
    "reminder_send": _reminder,
    "signoff_sign": _signoff,
    "task_unit_add": _unit_add,
    "plan_publish": lambda b, a: "发布方案",
    "task_cascade": lambda b, a: f"分解下达给{a.get('organization') or '下级组织'}",
    "task_cascade_received": lambda b, a: "收到上级分解下达的任务",
    "cascade_accept": lambda b, a: "签收上级下达的任务",
    "cascade_units_assign": lambda b, a: "分配承接任务的责任单位",
    "cascade_task_update": lambda b, a: "调整已下达的任务（内容、时限或指标）",
    "cascade_withdraw": lambda b, a: f"撤回下达给{a.get('organization') or '下级组织'}的任务",
    "cascade_withdrawn": lambda b, a: f"撤回下达到本级的任务 {a.get('task_no') or ''}".rstrip(),
    "cascade_task_sync": lambda b, a: (
        f"按上级调整更新承接任务：完成时限 {_date(a.get('deadline')) or '未变'}"
        + (f"，推进计划{_nodes(a)}" if "nodes" in a else "")
    ),
    "document_issue": _document_issue,
    "document_reopen": lambda b, a: f"将{_document(a)}改回未出台{_reason(a.get('reason'))}",
    "document_add": lambda b, a: f"添加需出台的文件{_document(a)}",
    "document_remove": lambda b, a: f"移除需出台的文件{_document(a)}",
    "documents_override": _documents_override,
    "milestones_propose": lambda b, a: f"提出推进计划{_nodes(a)}",
    "milestones_approve": lambda b, a: f"批准推进计划{_nodes(a)}{_reason(a.get('comment'), '，意见：')}",
    "milestones_return": lambda b, a: f"退回推进计划{_reason(a.get('comment'))}",
    "milestones_set": lambda b, a: f"设定推进计划{_nodes(a)}",
    "milestone_done": _node_done,
}
