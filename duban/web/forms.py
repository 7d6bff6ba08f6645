"""Forms of the import wizard, with their error messages in Chinese (constants the tests import)."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

ACCEPTED_SUFFIXES = (".txt", ".docx", ".doc", ".xlsx", ".html", ".htm", ".pdf")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

UPLOAD_MISSING = "请选择要导入的方案文件。"
UPLOAD_EMPTY = "文件是空的，请检查后重新选择。"
UPLOAD_TOO_LARGE = "文件大小为 {size}，超过上限 {limit}。"
UPLOAD_WRONG_TYPE = "不支持该类型的文件（{suffix}），请上传 .txt、.docx、.doc、.xlsx、.html 或 .pdf 文件。"
TITLE_REQUIRED = "请填写方案名称。"
YEAR_INVALID = "年度应为四位数字，如 2025。"
DATE_INVALID = "请输入有效日期，如 2025-06-30。"
SECTION_NO_REQUIRED = "请填写板块序号，如“一”。"
SECTION_TITLE_REQUIRED = "请填写板块标题。"
TASK_NO_REQUIRED = "请填写任务序号。"
TASK_NO_DUPLICATE = "序号“{no}”与其他任务重复。"
TASK_TEXT_REQUIRED = "请填写任务内容。"
SECTION_UNKNOWN = "没有序号为“{no}”的板块，请从列表中选择，或先在上方添加板块。"
UNIT_TOO_LONG = "单位名称“{name}…”过长（最多 100 个字）。"
TARGET_INVALID = "第 {line} 行无法识别。每行写一个指标，如“新增学位 >= 6000 个”（比较可用 >=、<=、=、+）。"
TOO_LONG = "最多 {limit_value} 个字（现有 {show_value} 个字）。"

_TARGET_LINE = re.compile(
    r"^(?P<metric>.+?)\s*(?P<op>>=|<=|≥|≤|=|＝|\+|＋)\s*(?P<value>-?\d+(?:\.\d+)?)\s*(?P<unit>\S{0,20})$"
)
_OPS = {"≥": ">=", "≤": "<=", "＝": "=", "＋": "+"}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def _text(label: str, max_length: int, *, required: bool = False, message: str = "") -> forms.CharField:
    errors = {"max_length": TOO_LONG}
    if message:
        errors["required"] = message
    return forms.CharField(label=label, max_length=max_length, required=required, error_messages=errors)


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="方案文件", error_messages={"required": UPLOAD_MISSING, "empty": UPLOAD_EMPTY}
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(UPLOAD_WRONG_TYPE.format(suffix=suffix or "无扩展名"))
        limit = settings.DUBAN_MAX_UPLOAD_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                UPLOAD_TOO_LARGE.format(size=_size(upload.size or 0), limit=_size(limit))
            )
        return upload


class PlanForm(forms.Form):
    title = _text("方案名称", 300, required=True, message=TITLE_REQUIRED)
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={"invalid": YEAR_INVALID, "min_value": YEAR_INVALID, "max_value": YEAR_INVALID},
    )
    issuer = _text("发文单位", 200)
    issue_date = _date("印发日期")


class SectionForm(forms.Form):
    no = _text("板块序号", 20, required=True, message=SECTION_NO_REQUIRED)
    title = _text("板块标题", 300, required=True, message=SECTION_TITLE_REQUIRED)


class UnitListField(forms.Field):
    """Unit names typed one per input (several inputs share the name): trimmed, blanks and repeats dropped."""

    widget = forms.MultipleHiddenInput  # read with getlist; the inputs are drawn by the template

    def to_python(self, value: Any) -> list[str]:
        names: list[str] = []
        for raw in value or []:
            name = str(raw).strip()
            if name and name not in names:
                names.append(name)
        return names

    def validate(self, value: Any) -> None:
        for name in value:
            if len(name) > 100:
                raise forms.ValidationError(UNIT_TOO_LONG.format(name=name[:10]))


class TaskForm(forms.Form):
    no = _text("序号", 20, required=True, message=TASK_NO_REQUIRED)
    # The section's number, typed or picked from the one <datalist> all rows share (not a <select> per row).
    section = forms.CharField(
        label="板块",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"list": "section-names", "autocomplete": "off", "size": 6}),
    )
    text = forms.CharField(
        label="主要工作",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": TASK_TEXT_REQUIRED},
    )
    lead_units = UnitListField(label="牵头单位", required=False)
    support_units = UnitListField(label="责任单位", required=False)
    deadline = _date("完成时限")
    targets = forms.CharField(label="目标指标", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        sections: dict[str, str],
        current_section: tuple[str, str] | None = None,
        known_targets: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.current_section = current_section
        self.known_targets = known_targets or []

    def clean_section(self) -> str | None:
        """The key of the section whose number was typed; None for no section."""
        no = self.cleaned_data["section"].strip()
        if not no:
            return None
        # A number used by two sections keeps the task in the one it is in.
        if self.current_section is not None and self.current_section[0] == no:
            return self.current_section[1]
        if no not in self.sections:
            raise forms.ValidationError(SECTION_UNKNOWN.format(no=no[:20]))
        return self.sections[no]

    def clean_targets(self) -> list[dict[str, Any]]:
        """One target per line, `指标 比较 数值 单位`; an unchanged line keeps the wording of the document."""
        known = {targets_format_one(t): t for t in self.known_targets}
        targets: list[dict[str, Any]] = []
        for number, raw in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if line in known:
                targets.append(known[line])
                continue
            match = _TARGET_LINE.match(line)
            if match is None:
                raise forms.ValidationError(TARGET_INVALID.format(line=number))
            value = float(match["value"])
            targets.append(
                {
                    "metric": match["metric"].strip()[:200],
                    "value": int(value) if value.is_integer() else value,
                    "unit": match["unit"],
                    "op": _OPS.get(match["op"], match["op"]),
                    "text": line[:300],
                }
            )
        return targets


def targets_format_one(target: dict[str, Any]) -> str:
    """A target as one editable line, e.g. `新增学位 + 6000 个`."""
    return f"{target['metric']} {target['op']} {target['value']} {target['unit']}".strip()


def targets_format(targets: list[dict[str, Any]]) -> str:
    """Targets as the lines of the 目标指标 box."""
    return "\n".join(targets_format_one(t) for t in targets)
