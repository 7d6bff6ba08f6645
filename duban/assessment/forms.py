"""The 考核细则 form and the entry form: typed text to rules' dataclasses, each wrong field in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django import forms

from duban.accounts.models import Organization, Unit
from duban.assessment.models import EntryKind, EvidenceKind
from duban.assessment.rules import ITEM_LABELS, GradeSpec, Item, PeriodSpec, Scheme
from duban.lib.numbers import ascii_int

PERIOD_ROWS = 6
GRADE_ROWS = 5
NOT_A_WEIGHT = "权重应为整数。"
NOT_A_DATE = "日期格式应为 YYYY-MM-DD。"
NOT_A_NUMBER = "应为数字（至多两位小数）。"
PERIOD_INCOMPLETE = "第{row}行期间请填全名称、开始日期、结束日期和权重。"
GRADE_INCOMPLETE = "第{row}行等次请填全名称和分数线。"
_DECIMAL = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def _decimal(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text) if _DECIMAL.fullmatch(text) else None


def _date(text: str) -> dt.date | None:
    try:
        return (
            dt.date.fromisoformat(text.strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) else None
        )
    except ValueError:
        return None


def scheme_from_post(data: Mapping[str, str]) -> tuple[Scheme | None, dict[str, list[str]]]:
    """The scheme the form describes, or the fields that could not be read (the rules check the rest)."""
    errors: dict[str, list[str]] = {}
    items: list[Item] = []
    for kind in ITEM_LABELS:
        text = data.get(f"item_{kind}", "").strip()
        if not text:
            continue  # an item left blank is not used
        weight = ascii_int(text)
        if weight is None:
            errors.setdefault("items", []).append(f"“{ITEM_LABELS[kind]}”：{NOT_A_WEIGHT}")
        else:
            items.append(Item(kind, weight))
    periods: list[PeriodSpec] = []
    for row in range(PERIOD_ROWS):
        cells = [data.get(f"period-{row}-{name}", "").strip() for name in ("label", "start", "end", "weight")]
        if not any(cells):
            continue
        start, end, weight = _date(cells[1]), _date(cells[2]), ascii_int(cells[3]) if cells[3] else None
        if not all(cells):
            errors.setdefault("periods", []).append(PERIOD_INCOMPLETE.format(row=row + 1))
        elif start is None or end is None:
            errors.setdefault("periods", []).append(f"“{cells[0]}”：{NOT_A_DATE}")
        elif weight is None:
            errors.setdefault("periods", []).append(f"“{cells[0]}”：{NOT_A_WEIGHT}")
        else:
            periods.append(PeriodSpec(cells[0], start, end, weight))
    grades: list[GradeSpec] = []
    for row in range(GRADE_ROWS):
        label, minimum = (data.get(f"grade-{row}-{name}", "").strip() for name in ("label", "minimum"))
        if not label and not minimum:
            continue
        value = _decimal(minimum)
        if not label or not minimum:
            errors.setdefault("grades", []).append(GRADE_INCOMPLETE.format(row=row + 1))
        elif value is None:
            errors.setdefault("grades", []).append(f"“{label}”的分数线{NOT_A_NUMBER}")
        else:
            grades.append(GradeSpec(label, value))
    quota_text = data.get("excellent_quota", "").strip()
    quota = ascii_int(quota_text) if quota_text else None
    if quota_text and quota is None:
        errors["excellent_quota"] = ["优秀比例上限应为1到100的整数，不限则留空。"]
    caps: dict[str, Decimal | None] = {}
    for name in ("bonus_cap", "deduction_cap"):
        text = data.get(name, "").strip()
        caps[name] = _decimal(text) if text else None
        if text and caps[name] is None:
            errors[name] = [f"上限{NOT_A_NUMBER}不限则留空。"]
    if errors:
        return None, errors
    scheme = Scheme(
        items=tuple(items),
        periods=tuple(periods),
        grades=tuple(grades),
        excellent_quota=quota,
        bonus_cap=caps["bonus_cap"],
        deduction_cap=caps["deduction_cap"],
    )
    return scheme, {}


def scheme_initial(scheme: Scheme) -> dict[str, str]:
    """The form's values for a scheme, with empty rows to add periods and grades."""
    values: dict[str, str] = {f"item_{item.kind}": str(item.weight) for item in scheme.items}
    for row, period in enumerate(scheme.periods):
        values[f"period-{row}-label"] = period.label
        values[f"period-{row}-start"] = period.start.isoformat()
        values[f"period-{row}-end"] = period.end.isoformat()
        values[f"period-{row}-weight"] = str(period.weight)
    for row, grade in enumerate(scheme.grades):
        values[f"grade-{row}-label"] = grade.label
        values[f"grade-{row}-minimum"] = f"{grade.minimum:f}"
    values["excellent_quota"] = "" if scheme.excellent_quota is None else str(scheme.excellent_quota)
    for name in ("bonus_cap", "deduction_cap"):
        cap = getattr(scheme, name)
        values[name] = "" if cap is None else f"{cap:f}"
    return values


class EntryForm(forms.Form):
    """A 加分, 扣分 or 一票否决 on one of the plan's assessed units or subordinate organisations."""

    subject = forms.ChoiceField(label="被考核对象", choices=())
    kind = forms.ChoiceField(label="类别", choices=EntryKind.choices)
    points = forms.DecimalField(label="分值", required=False, max_digits=5, decimal_places=2, min_value=0)
    reason = forms.CharField(label="事由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_kind = forms.ChoiceField(label="依据类别", choices=EvidenceKind.choices)
    evidence = forms.CharField(label="依据（文号、批示等）", max_length=200, required=False)
    occurred_on = forms.DateField(label="日期", error_messages={"invalid": NOT_A_DATE})

    def __init__(
        self,
        *args: object,
        units: Iterable[Unit] = (),
        subordinates: Iterable[Organization] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # One list in two groups: the plan's lead units, then the organisations holding its 承接任务.
        self.subjects: dict[str, Unit | Organization] = {f"unit:{u.pk}": u for u in units}
        self.subjects.update({f"organization:{o.pk}": o for o in subordinates})
        groups: list[tuple[str, object]] = [("", "请选择单位或下级组织")]
        for label, prefix in (("单位", "unit:"), ("下级组织", "organization:")):
            members = [(key, s.name) for key, s in self.subjects.items() if key.startswith(prefix)]
            if members:
                groups.append((label, members))
        field = self.fields["subject"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = groups

    def subject_of(self) -> tuple[Unit | None, Organization | None]:
        """The chosen subject as (unit, None) or (None, subordinate organisation); call once valid."""
        chosen = self.subjects[self.cleaned_data["subject"]]
        return (chosen, None) if isinstance(chosen, Unit) else (None, chosen)
