"""考核's trail in words: each scheme change and manual entry as one Chinese sentence (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from duban.assessment.models import EntryKind, EvidenceKind
from duban.assessment.rules import ITEM_LABELS
from duban.lib.numbers import number_text

Values = Mapping[str, Any]


def assessment_sentence(*, actor: str, action: str, before: Any, after: Any) -> str:
    """An entry as “王督办 登记加分：市教育局办公室 2分，事由……（依据：表扬，市委办〔2025〕3号）”."""
    old = before if isinstance(before, Mapping) else {}
    new = after if isinstance(after, Mapping) else {}
    if action == "assessment_scheme_save":
        text = _scheme(old, new)
    elif action == "assessment_entry_add":
        text = "登记" + _entry(new)
    elif action == "assessment_entry_remove":
        text = "撤销" + _entry(old)
    else:
        text = "进行了一项操作"
    return f"{actor or '系统'} {text}"


def _scheme(before: Values, after: Values) -> str:
    parts = []
    items = after.get("items")
    if isinstance(items, list):
        named = [f"{ITEM_LABELS.get(str(i.get('kind')), '未知项目')}{i.get('weight')}分" for i in items]
        parts.append("考核项目：" + "、".join(named))
    periods = after.get("periods")
    if isinstance(periods, list):
        parts.append("考核期间：" + "、".join(f"{p.get('label')}{p.get('weight')}%" for p in periods))
    grades = after.get("grades")
    if isinstance(grades, list):
        parts.append("等次：" + "、".join(f"{g.get('label')}≥{g.get('minimum')}" for g in grades))
    if "excellent_quota" in after:
        quota = after.get("excellent_quota")
        parts.append(f"优秀比例上限{quota}%" if quota else "优秀比例不限")
    for name, label in (("bonus_cap", "加分上限"), ("deduction_cap", "扣分上限")):
        if name in after:
            parts.append(f"{label}{after[name]}分" if after[name] is not None else f"{label}不限")
    verb = "制定考核细则" if not before else "修改考核细则"
    return verb + ("：" + "；".join(parts) if parts else "")


def _number(value: Any) -> str:
    try:
        return number_text(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return ""


def _entry(values: Values) -> str:
    kind = values.get("kind")
    label = EntryKind(kind).label if kind in EntryKind.values else "加扣分"
    points = "" if kind == EntryKind.VETO else f" {_number(values.get('points'))}分"
    evidence_kind = values.get("evidence_kind")
    basis = EvidenceKind(evidence_kind).label if evidence_kind in EvidenceKind.values else ""
    if values.get("evidence"):
        basis = f"{basis}，{values['evidence']}" if basis else str(values["evidence"])
    reason = str(values.get("reason") or "").strip()
    return (
        f"{label}：{values.get('unit') or values.get('subordinate') or '某单位'}{points}"
        + (f"，事由：{reason[:80]}" if reason else "")
        + (f"（依据：{basis}）" if basis else "")
    )
