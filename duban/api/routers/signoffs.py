"""签收: what the caller's units (or the organisation) have to sign for, signing one, signing all."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from duban.accounts.models import Role
from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.routers.reports import task_of
from duban.api.schemas.common import ERRORS
from duban.api.schemas.signoffs import SignAllIn, SignAllOut, SignIn, SignOffOut
from duban.tracking.models import SignOff
from duban.tracking.services import signoffs

router = Router(tags=["签收"])


class SignOffFilter(Schema):
    mine: bool = Field(True, description="只列本人（联络员）所在单位的（默认）；false 列本组织全部")
    pending: bool = Field(True, description="只列未签收的（默认）")
    plan: Id | None = Field(None, description="方案 id")
    task: Id | None = Field(None, description="任务 id")
    unit: Id | None = Field(None, description="单位 id")


def _signoffs() -> QuerySet[SignOff]:
    return SignOff.objects.select_related("task", "unit", "signed_by", "reminder")


@router.get(
    "",
    response={200: list[SignOffOut], **ERRORS},
    operation_id="signoffs_list",
    summary="签收事项列表",
    description="本人所在单位待签收的交办与催办（mine=false 时为本组织全部），期限近的在前。",
)
@paginate(Pagination)
def signoffs_list(request: HttpRequest, filters: Query[SignOffFilter]) -> QuerySet[SignOff]:
    """Sign-offs of the caller's organisation: by default those its units have still to sign."""
    user = caller(request)
    found = _signoffs().filter(organization_id=user.organization_id or -1)
    if filters.mine:
        # Only liaisons sign: a supervisor's or leader's own units have nothing for them to sign.
        found = found.filter(unit__in=user.units.all()) if user.role == Role.LIAISON else found.none()
    if filters.pending:
        found = found.filter(signed_at__isnull=True)
    if filters.plan is not None:
        found = found.filter(plan_id=filters.plan)
    if filters.task is not None:
        found = found.filter(task_id=filters.task)
    if filters.unit is not None:
        found = found.filter(unit_id=filters.unit)
    return found.order_by("due_on", "requested_at", "pk")


@router.post(
    "/{signoff_id}/sign",
    response={200: SignOffOut, **ERRORS},
    operation_id="signoff_sign",
    summary="签收一项",
    description="本单位联络员签收一项交办或催办，可附回复；记录签收人与时间。",
)
def signoff_sign(request: HttpRequest, signoff_id: Id, payload: SignIn) -> SignOff:
    """Sign for one request of one of the caller's units."""
    user = caller(request)
    signoff = visible_or_404(_signoffs(), user=user, pk=signoff_id, missing="签收事项不存在")
    signoffs.signoff_sign(signoff=signoff, by=user, note=payload.note)
    return _signoffs().get(pk=signoff.pk)


@router.post(
    "/sign",
    response={200: SignAllOut, **ERRORS},
    operation_id="signoffs_sign",
    summary="全部签收",
    description="签收本人所在单位的全部待签收事项，或只签收一项任务的（task_id）。",
)
def signoffs_sign(request: HttpRequest, payload: SignAllIn) -> dict[str, Any]:
    """Sign for every pending request of the caller's units (of one task, when named)."""
    user = caller(request)
    task = task_of(request, payload.task_id) if payload.task_id is not None else None
    signed = signoffs.signoffs_sign(by=user, task=task, note=payload.note)
    return {"signed": list(_signoffs().filter(pk__in=[s.pk for s in signed]).order_by("pk"))}
