"""考核: a plan's scheme (考核细则), its manual entries, its results and their two downloads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
from ninja import Router, Status

from duban.accounts.models import Organization, Unit
from duban.api.common import Id, caller
from duban.api.schemas.assessment import EntryIn, EntryOut, ResultsOut, SchemeIO, SchemeOut
from duban.api.schemas.common import ERRORS, FILE_RESPONSE
from duban.assessment import selectors, services
from duban.assessment.exports import EXPORT_FORMATS, assessment_export
from duban.assessment.models import AssessmentEntry
from duban.assessment.rules import GradeSpec, Item, PeriodSpec, Scheme, SubjectResult
from duban.lib import clock
from duban.lib.responses import json_error
from duban.plans import selectors as plan_selectors
from duban.plans.models import Plan

router = Router(tags=["考核"])


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = plan_selectors.plan_get_for_user(user=caller(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    return plan


# The services name a subject's field as the model does; the API's fields are the ids it was sent.
_API_FIELDS = {"unit": "unit_id", "subordinate": "subordinate_id"}


def _refused(exc: services.AssessmentRefused) -> JsonResponse:
    fields = {_API_FIELDS.get(name, name): "；".join(messages) for name, messages in exc.fields.items()}
    return json_error(422, "invalid", exc.message, fields)


def _scheme_out(scheme: Scheme, saved: bool) -> dict[str, Any]:
    return {
        "items": [asdict(i) for i in scheme.items],
        "periods": [asdict(p) for p in scheme.periods],
        "grades": [asdict(g) for g in scheme.grades],
        "excellent_quota": scheme.excellent_quota,
        "bonus_cap": scheme.bonus_cap,
        "deduction_cap": scheme.deduction_cap,
        "saved": saved,
    }


@router.get(
    "/plans/{plan_id}/assessment/scheme",
    response={200: SchemeOut, **ERRORS},
    operation_id="assessment_scheme_get",
    summary="考核细则",
    description="方案的考核细则：考核项目及权重、考核期间及权重、等次、优秀比例、加扣分上限；未制定时为默认细则。",
)
def scheme_get(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """The plan's scheme, or the default one (saved=false)."""
    scheme, saved = selectors.plan_scheme(_plan(request, plan_id))
    return _scheme_out(scheme, saved)


@router.put(
    "/plans/{plan_id}/assessment/scheme",
    response={200: SchemeOut, **ERRORS},
    operation_id="assessment_scheme_put",
    summary="制定或修改考核细则",
    description="整体替换考核细则；权重合计须为100，有误时逐项说明（fields），不作任何修改。仅督办员。",
)
def scheme_put(request: HttpRequest, plan_id: Id, payload: SchemeIO) -> Any:
    """Replace the plan's scheme, checked whole (supervisors)."""
    plan = _plan(request, plan_id)
    scheme = Scheme(
        items=tuple(Item(i.kind, i.weight) for i in payload.items),
        periods=tuple(PeriodSpec(p.label, p.start, p.end, p.weight) for p in payload.periods),
        grades=tuple(GradeSpec(g.label, g.minimum) for g in payload.grades),
        excellent_quota=payload.excellent_quota,
        bonus_cap=payload.bonus_cap,
        deduction_cap=payload.deduction_cap,
    )
    try:
        services.scheme_save(plan=plan, scheme=scheme, by=caller(request))
    except services.AssessmentRefused as exc:
        return _refused(exc)
    saved, _ = selectors.plan_scheme(plan)
    return _scheme_out(saved, True)


@router.get(
    "/plans/{plan_id}/assessment/entries",
    response={200: list[EntryOut], **ERRORS},
    operation_id="assessment_entries_list",
    summary="加扣分记录",
    description="方案的加分、扣分和一票否决记录，按日期排列。",
)
def entries_list(request: HttpRequest, plan_id: Id) -> list[AssessmentEntry]:
    """The plan's manual entries."""
    return list(selectors.plan_entries(_plan(request, plan_id)))


@router.post(
    "/plans/{plan_id}/assessment/entries",
    response={201: EntryOut, **ERRORS},
    operation_id="assessment_entry_create",
    summary="登记加分、扣分或一票否决",
    description=(
        "对本方案的一个牵头单位（unit_id）或承接了本方案任务的下级组织（subordinate_id）登记加分、扣分"
        "（须写分值）或一票否决，须写事由和依据；留痕。仅督办员。"
    ),
)
def entry_create(request: HttpRequest, plan_id: Id, payload: EntryIn) -> Any:
    """Record a manual entry on a unit or a subordinate organisation (supervisors)."""
    plan = _plan(request, plan_id)
    unit = subordinate = None
    if payload.unit_id is not None:
        unit = Unit.objects.filter(organization_id=plan.organization_id, pk=payload.unit_id).first()
        if unit is None:
            raise Http404("单位不存在")
    if payload.subordinate_id is not None:
        # Only the plan's organisation's own subordinates are known here, as only its own units are.
        subordinate = (
            Organization.objects.children_of(plan.organization_id).filter(pk=payload.subordinate_id).first()
        )
        if subordinate is None:
            raise Http404("下级组织不存在")
    try:
        entry = services.entry_add(
            plan=plan,
            unit=unit,
            subordinate=subordinate,
            kind=payload.kind,
            points=payload.points,
            reason=payload.reason,
            evidence_kind=payload.evidence_kind,
            evidence=payload.evidence,
            occurred_on=payload.occurred_on,
            by=caller(request),
        )
    except services.AssessmentRefused as exc:
        return _refused(exc)
    return Status(201, entry)


@router.delete(
    "/plans/{plan_id}/assessment/entries/{entry_id}",
    response={204: None, **ERRORS},
    operation_id="assessment_entry_delete",
    summary="撤销加扣分记录",
    description="撤销一条加分、扣分或一票否决记录；撤销前的内容留痕。仅督办员。",
)
def entry_delete(request: HttpRequest, plan_id: Id, entry_id: Id) -> Any:
    """Withdraw a manual entry (supervisors)."""
    plan = _plan(request, plan_id)
    if not AssessmentEntry.objects.filter(plan=plan, pk=entry_id).exists():
        raise Http404("记录不存在")
    services.entry_remove(entry_id=entry_id, plan=plan, by=caller(request))
    return Status(204, None)


def _result(result: SubjectResult) -> dict[str, Any]:
    return {
        **{name: getattr(result, name) for name in ("key", "name", "kind", "rank", "tied", "grade")},
        **{
            name: getattr(result, name)
            for name in ("base", "bonus", "deduction", "veto", "total", "exclusion")
        },
        "periods": [
            {
                "label": p.label,
                "weight": p.weight,
                "score": p.score,
                "items": [
                    {
                        "kind": i.kind,
                        "label": i.label,
                        "weight": i.weight,
                        "source": i.source,
                        "part": i.figure.part if i.figure else None,
                        "whole": i.figure.whole if i.figure else None,
                        "points": i.points,
                    }
                    for i in p.items
                ],
            }
            for p in result.periods
        ],
        "adjustments": [asdict(a) for a in result.adjustments],
    }


@router.get(
    "/plans/{plan_id}/assessment/results",
    response={200: ResultsOut, **ERRORS},
    operation_id="assessment_results",
    summary="考核结果",
    description=(
        "截至今天各单位（及下级组织）的考核结果：名次（并列同名次）、等次、基础分、加分、扣分、总分，"
        "以及每个期间每个考核项目的来源数据和得分。集合（如各处室）不参加排名；承接方案尚未发布的下级组织"
        "列出但不计分、不排名（exclusion 说明原因）。"
    ),
)
def results(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """Each subject's ranked result with its breakdown."""
    found = selectors.plan_results(_plan(request, plan_id), today=clock.today())
    return {
        "as_of": found.as_of,
        "saved": found.saved,
        "warning": found.warning,
        "periods": [p.label for p in found.periods],
        "units": [_result(r) for r in found.units],
        "organizations": [_result(r) for r in found.organizations],
    }


@router.get(
    "/plans/{plan_id}/assessment/export/{fmt}",
    response=ERRORS,
    operation_id="assessment_export",
    summary="下载考核结果或考核通报",
    description="fmt=xlsx：考核结果（Excel，含得分明细）；fmt=docx：考核通报（Word，公文版式）。",
    openapi_extra=FILE_RESPONSE,
)
def export(request: HttpRequest, plan_id: Id, fmt: str) -> HttpResponse:
    """考核结果 .xlsx or 考核通报 .docx as of today."""
    plan = _plan(request, plan_id)
    if fmt not in EXPORT_FORMATS:
        raise Http404("没有这种导出格式")
    today = clock.today()
    file = assessment_export(selectors.plan_results(plan, today=today), fmt=fmt, today=today)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename) or "attachment"
    return response
