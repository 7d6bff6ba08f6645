"""Plans: list, detail, import from a document, publish, and the source document."""

from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from duban.accounts import permissions
from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.errors import PayloadTooLarge
from duban.api.schemas.common import ERRORS, FILE_RESPONSE
from duban.api.schemas.plans import PlanDetailOut, PlanImportOut, PlanOut, PlanPublishIn
from duban.lib.files import stored_file_response
from duban.plans import selectors
from duban.plans.models import Plan, PlanQuerySet
from duban.plans.services import plan_import, plan_publish
from duban.tracking.errors import NotAllowed

router = Router(tags=["方案"])


def _plan(request: HttpRequest, plan_id: Id) -> Plan:
    return visible_or_404(
        selectors.plans_for_user(user=caller(request)), user=caller(request), pk=plan_id, missing="方案不存在"
    )


def _detail(plan: Plan) -> dict[str, Any]:
    return {
        **{field: getattr(plan, field) for field in PlanDetailOut.model_fields if hasattr(plan, field)},
        "custom_due_dates": [str(day) for day in plan.custom_due_dates or []],
        "sections": list(plan.sections.all()),
        "warnings": list(plan.warnings.all()),
    }


@router.get(
    "",
    response={200: list[PlanOut], **ERRORS},
    operation_id="plans_list",
    summary="方案列表",
    description="本组织的方案，新导入的在前。",
)
@paginate(Pagination)
def plans_list(request: HttpRequest) -> PlanQuerySet:
    """The plans of the caller's organisation, newest first."""
    return selectors.plans_for_user(user=caller(request))


@router.post(
    "/import",
    response={201: PlanImportOut, **ERRORS},
    operation_id="plan_import",
    summary="导入方案",
    description=(
        "上传方案文件（multipart 字段 `file`，.txt .docx .doc .xlsx .html .pdf，按内容识别格式）解析并"
        "导入本组织；同一文件重复导入返回 409，`replace=true` 替换原方案。督办员与系统管理员可用。"
    ),
)
def plan_import_upload(
    request: HttpRequest, file: File[UploadedFile], replace: Form[bool] = False
) -> Status[dict[str, Any]]:
    """Import a plan document (.txt .docx .doc .xlsx .html .pdf, judged by content) into the organisation."""
    user = caller(request)
    if not permissions.can_import(user, user.organization_id) or user.organization is None:
        raise NotAllowed
    limit = settings.DUBAN_MAX_UPLOAD_BYTES
    if file.size is None or file.size > limit:
        raise PayloadTooLarge(limit)
    result = plan_import(
        organization=user.organization,
        content=file.read(),
        filename=file.name or "plan",
        imported_by=user,
        replace=replace,
    )
    plan = selectors.plans_for_user(user=user).get(pk=result.plan.pk)
    body = {
        "plan": plan,
        "units_matched": result.units_matched,
        "units_created": result.units_created,
        "warnings": [
            {"task_no": w.task_no or "", "code": w.code, "message": w.message} for w in result.warnings
        ],
        "replaced": result.replaced,
    }
    return Status(201, body)


@router.get(
    "/{plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    operation_id="plan_get",
    summary="方案详情",
    description="一个方案的信息、板块和解析提示。",
)
def plan_get(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """One plan with its sections and the parser's warnings."""
    return _detail(_plan(request, plan_id))


@router.post(
    "/{plan_id}/publish",
    response={200: PlanDetailOut, **ERRORS},
    operation_id="plan_publish",
    summary="发布方案",
    description="设置报送周期、报送日、起始日期与默认完成时限并发布草稿方案。仅督办员。",
)
def plan_publish_endpoint(request: HttpRequest, plan_id: Id, payload: PlanPublishIn) -> dict[str, Any]:
    """Publish a draft plan with its reporting cycle (supervisors)."""
    plan = plan_publish(
        plan=_plan(request, plan_id),
        by=caller(request),
        start_date=payload.start_date,
        default_deadline=payload.default_deadline,
        cycle=payload.cycle,
        due_day=payload.due_day,
        custom_due_dates=payload.custom_due_dates,
    )
    return _detail(_plan(request, plan.pk))


@router.get(
    "/{plan_id}/source",
    response=ERRORS,
    operation_id="plan_source",
    summary="下载方案原文",
    description="方案导入时上传的原始文件。",
    openapi_extra=FILE_RESPONSE,
)
def plan_source(request: HttpRequest, plan_id: Id) -> FileResponse:
    """The document the plan was imported from, as uploaded."""
    plan = _plan(request, plan_id)
    return stored_file_response(plan.source_file, filename=plan.source_name, missing="方案原文不存在")
