"""Forms of the tracking pages: they check what a person typed and put each refusal beside its field.

The services decide; a form only shapes the input and, when a service refuses, shows its Chinese message
beside the field it concerns (`error_to_field`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from duban.lib.numbers import number_text
from duban.plans.models import Milestone, ReportingCycle, Task
from duban.tracking import errors
from duban.tracking.models import ProgressReport
from duban.tracking.services.milestones import NodeInput

REQUIRED = "请填写此项。"
DATE_INVALID = "请填写有效日期，如 2025-06-30。"
NUMBER_INVALID = "请填写数字。"
EXTENSION_DATE_REQUIRED = "请填写申请延期至的日期。"
# A target is met when the latest approved value reaches it (rules.target_met), so a unit reports the
# value reached so far, not this period's increment.
CUMULATIVE = "填截至目前的累计值"

# Which field a service's refusal belongs beside; anything else is shown above the form.
_FIELD_OF_MESSAGE = {
    errors.TEXT_REQUIRED: "text",
    errors.PROGRESS_REQUIRED: "progress",
    errors.PROGRESS_OUT_OF_RANGE: "progress",
    errors.PROGRESS_NOT_FOR_SUPPORT: "progress",
    errors.CYCLE_INVALID: "cycle",
    errors.DUE_DAY_OUT_OF_RANGE: "due_day",
    errors.CUSTOM_DATES_REQUIRED: "custom_due_dates",
    errors.REASON_REQUIRED: "reason",
    errors.MESSAGE_REQUIRED: "message",
    errors.RECIPIENTS_REQUIRED: "recipients",
    errors.NODES_REQUIRED: "nodes",
    errors.EVIDENCE_REQUIRED: "evidence",
    errors.COMMENT_REQUIRED: "comment",
}
_FIELD_OF_PREFIX = {
    "第": "nodes",  # 第n个节点… (only forms with a nodes field take it)
    "节点": "nodes",
    "完成日期不能晚于": "done_on",
    "附件": "files",
    "完成时限不能早于": "default_deadline",
    "延期后的日期": "new_deadline",
    "回复期限": "reply_by",
}


def error_to_field(form: forms.Form, message: str) -> None:
    """Show a service's refusal beside the field it is about (a target by its metric), else above the form."""
    field = _FIELD_OF_MESSAGE.get(message)
    if field is None:
        field = next((f for prefix, f in _FIELD_OF_PREFIX.items() if message.startswith(prefix)), None)
    if field is None:
        field = next((name for name, f in form.fields.items() if f.label and f"“{f.label}”" in message), None)
    form.add_error(field if field in form.fields else None, message)


class ReportForm(forms.Form):
    """A unit's report for this cycle: text, progress (lead units) and the targets' current values.

    A `draft` (saved as one types) takes whatever was typed; text and a lead unit's progress are asked for
    on submit.
    """

    text = forms.CharField(
        label="进展情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": errors.TEXT_REQUIRED},
    )
    problems = forms.CharField(label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_steps = forms.CharField(label="下步计划", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    progress = forms.IntegerField(
        label="进度（%）",
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
        error_messages={
            "invalid": errors.PROGRESS_OUT_OF_RANGE,
            "min_value": errors.PROGRESS_OUT_OF_RANGE,
            "max_value": errors.PROGRESS_OUT_OF_RANGE,
        },
    )

    def __init__(
        self,
        *args: Any,
        task: Task,
        lead: bool,
        report: ProgressReport | None = None,
        draft: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", f"report-{task.pk}-%s")
        if report is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": report.text,
                "problems": report.problems,
                "next_steps": report.next_steps,
                "progress": report.progress,
                **{f"target_{v.target_id}": number_text(v.value) for v in report.target_values.all()},
            }
        super().__init__(*args, **kwargs)
        self.lead = lead
        self.draft = draft
        # A draft's evidence (kept when a submitted report is withdrawn), each removable from the form.
        self.kept = list(report.attachments.all()) if report is not None and report.status == "draft" else []
        self.fields["text"].required = not draft
        if not lead:
            del self.fields["progress"]
            return
        self._node_fields(task)
        for target in task.targets.all():
            goal = f"{target.get_op_display()} {number_text(target.value)}{target.unit}"
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=target.metric,
                required=False,
                max_digits=20,
                decimal_places=4,
                help_text=f"{CUMULATIVE}；目标{goal}",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={"invalid": errors.TARGET_VALUE_INVALID.format(metric=target.metric)},
            )

    def _node_fields(self, task: Task) -> None:
        # The approved nodes not yet done, from the figures on the task: the form costs no query.
        open_nodes = [f for f in task.node_figures or [] if not f.get("done")]
        if not open_nodes:
            return
        self.fields["nodes_done"] = forms.MultipleChoiceField(
            label="本期完成的推进节点",
            required=False,
            choices=[(f["on"], f"{f['on']} {f['title']}（{f['pct']}%）") for f in open_nodes],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["node_evidence"] = forms.CharField(
            label="节点完成佐证",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="勾选节点时必填，如印发文号、验收材料。",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.lead and not self.draft and data.get("progress") is None and "progress" not in self.errors:
            self.add_error("progress", errors.PROGRESS_REQUIRED)
        if not self.draft and data.get("nodes_done") and not str(data.get("node_evidence") or "").strip():
            self.add_error("node_evidence", errors.EVIDENCE_REQUIRED)
        return data

    def ticked_nodes(self) -> list[dt.date]:
        """The dates of the nodes ticked as done (only on submit; a draft keeps no ticks)."""
        if self.draft:
            return []
        return [dt.date.fromisoformat(day) for day in self.cleaned_data.get("nodes_done") or []]

    @property
    def target_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("target_")]

    def target_values(self) -> dict[int, str | None]:
        return {
            int(name.removeprefix("target_")): (None if value is None else str(value))
            for name, value in self.cleaned_data.items()
            if name.startswith("target_")
        }


class PublishForm(forms.Form):
    """Publishing a plan: its start, default deadline and reporting cycle."""

    start_date = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则从印发日期起算。",
        error_messages={"invalid": DATE_INVALID},
    )
    default_deadline = forms.DateField(
        label="默认完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="未写明时限的任务以此为准；留空为年底。",
        error_messages={"invalid": DATE_INVALID},
    )
    cycle = forms.ChoiceField(
        label="报送周期",
        choices=ReportingCycle.choices,
        error_messages={"invalid_choice": errors.CYCLE_INVALID},
    )
    due_day = forms.IntegerField(
        label="每期报送日",
        initial=25,
        min_value=1,
        max_value=31,
        error_messages={
            "required": REQUIRED,
            "invalid": errors.DUE_DAY_OUT_OF_RANGE,
            "min_value": errors.DUE_DAY_OUT_OF_RANGE,
            "max_value": errors.DUE_DAY_OUT_OF_RANGE,
        },
    )
    custom_due_dates = forms.CharField(
        label="自定义报送日期",
        required=False,
        help_text="报送周期为“自定义”时填写，空格分隔，如 2025-06-30 2025-12-20。",
    )

    def clean_custom_due_dates(self) -> list[dt.date]:
        days: list[dt.date] = []
        for value in (
            self.cleaned_data.get("custom_due_dates", "").replace("，", " ").replace(",", " ").split()
        ):
            try:
                days.append(dt.date.fromisoformat(value))
            except ValueError:
                raise forms.ValidationError(f"“{value}”不是有效日期，请写成 2025-06-30。") from None
        return days


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Any number of evidence files; the services judge each one (type by content, size)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "佐证材料")
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(EvidenceField, self).clean(file, initial) for file in files]


class CompletionForm(forms.Form):
    """A lead unit's application for 办结: what was done, and the evidence."""

    reason = forms.CharField(
        label="完成情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": errors.REASON_REQUIRED},
    )
    # Named as the report form's evidence input; the metaclass moves it off the class, so it does not
    # shadow Form.files at run time.
    files = EvidenceField()  # type: ignore[assignment]


class ExtensionForm(forms.Form):
    """A lead unit's request for 延期: the new date and why."""

    new_deadline = forms.DateField(
        label="延期至",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": EXTENSION_DATE_REQUIRED, "invalid": DATE_INVALID},
    )
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": errors.REASON_REQUIRED},
    )


class RemindForm(forms.Form):
    """A supervisor's 催办: the message, to whom (lead units, support units or named units), reply by when."""

    LEAD, SUPPORT, UNIT = "lead", "support", "unit:"

    message = forms.CharField(
        label="催办内容",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": errors.MESSAGE_REQUIRED},
    )
    recipients = forms.MultipleChoiceField(
        label="催办对象",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": errors.RECIPIENTS_REQUIRED},
    )
    reply_by = forms.DateField(
        label="请于此日前签收回复",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则按方案的签收期限。",
        error_messages={"invalid": DATE_INVALID},
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The task's units come prefetched with it (task page), so the choices cost no query.
        named = [
            (f"{self.UNIT}{link.unit_id}", link.unit.name)
            for link in task.task_units.all()
            if not link.unit.is_collective
        ]
        field = self.fields["recipients"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(self.LEAD, "全部牵头单位"), (self.SUPPORT, "全部责任单位"), *dict(named).items()]
        field.initial = [self.LEAD, self.SUPPORT]

    def roles(self) -> list[str]:
        """The roles ticked (lead, support)."""
        return [value for value in self.cleaned_data["recipients"] if value in (self.LEAD, self.SUPPORT)]

    def unit_ids(self) -> list[int]:
        """The units ticked by name."""
        chosen = self.cleaned_data["recipients"]
        return [int(value[len(self.UNIT) :]) for value in chosen if value.startswith(self.UNIT)]


class DecisionForm(forms.Form):
    """A supervisor's 通过 / 退回 with a comment (required to return)."""

    comment = forms.CharField(label="审核意见", required=False, widget=forms.TextInput())


NODE_LINE_INVALID = (
    "第{line}行“{text}”格式不对：每行一个节点，先日期后内容，"
    "可在末尾写对应进度，如 2025-06-30 出台实施方案 40%。"
)
_PERCENT_AT_END = re.compile(r"\s+(\d{1,3})\s*[%％]$")


class MilestonesForm(forms.Form):
    """A 推进计划 typed one node per line: "date what-is-due [percent%]"."""

    nodes = forms.CharField(
        label="推进节点",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个节点：日期 内容 对应进度（省略则平均分配），如 2025-06-30 出台实施方案 40%",
        error_messages={"required": "请至少填写一个推进节点。"},
    )

    def clean_nodes(self) -> list[NodeInput]:
        parsed: list[NodeInput] = []
        for number, line in enumerate(self.cleaned_data.get("nodes", "").splitlines(), start=1):
            text = line.strip().replace("\u3000", " ")
            if not text:
                continue
            percent: int | None = None
            found = _PERCENT_AT_END.search(text)
            if found:
                percent, text = int(found.group(1)), text[: found.start()]
            day, _, title = text.partition(" ")
            try:
                due_on = dt.date.fromisoformat(day)
            except ValueError:
                raise forms.ValidationError(
                    NODE_LINE_INVALID.format(line=number, text=line.strip())
                ) from None
            if not title.strip():
                raise forms.ValidationError(NODE_LINE_INVALID.format(line=number, text=line.strip()))
            parsed.append(NodeInput(due_on=due_on, title=title.strip(), percent=percent))
        if not parsed:
            raise forms.ValidationError(errors.NODES_REQUIRED)
        return parsed


def milestones_text(nodes: list[Milestone]) -> str:
    """Nodes as the lines MilestonesForm reads back."""
    return "\n".join(f"{m.due_on:%Y-%m-%d} {m.title} {m.percent}%" for m in nodes)


class MilestoneDoneForm(forms.Form):
    """An approved node reported done: the day (today when left empty) and the evidence."""

    done_on = forms.DateField(
        label="完成日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_INVALID},
    )
    evidence = forms.CharField(
        label="完成佐证",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": errors.EVIDENCE_REQUIRED},
    )
