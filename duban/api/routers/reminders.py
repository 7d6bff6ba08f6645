"""Reminders (催办): the ones sent in the caller's organisation, and a supervisor's 催办 on a task."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from duban.accounts.models import Unit
from duban.api.common import Id, Pagination, caller
from duban.api.routers.reports import task_of
from duban.api.schemas.common import ERRORS
from duban.api.schemas.reminders import ReminderOut, ReminderSendIn, ReminderSendOut
from duban.tracking.models import Reminder
from duban.tracking.services.reminders import reminder_send

router = Router(tags=["催办"])


class ReminderFilter(Schema):
    task: Id | None = Field(None, description="任务 id")
    unit: Id | None = Field(None, description="单位 id")


def _reminders() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("unit", "sent_by")


@router.get(
    "",
    response={200: list[ReminderOut], **ERRORS},
    operation_id="reminders_list",
    summary="催办与提醒列表",
    description="本组织发出的催办与报送提醒，可按任务、单位筛选，新的在前。",
)
@paginate(Pagination)
def reminders_list(request: HttpRequest, filters: Query[ReminderFilter]) -> QuerySet[Reminder]:
    """Reminders of the caller's organisation, newest first."""
    found = _reminders().filter(organization_id=caller(request).organization_id or -1)
    if filters.task is not None:
        found = found.filter(task_id=filters.task)
    if filters.unit is not None:
        found = found.filter(unit_id=filters.unit)
    return found.order_by("-created_at", "-pk")


@router.post(
    "",
    response={201: ReminderSendOut, **ERRORS},
    operation_id="reminder_send",
    summary="发出催办",
    description=(
        "就一项任务向其牵头单位、责任单位或指定单位发出催办（站内通知、邮件、群机器人），"
        "可要求于某日前签收回复；收到的单位须签收。仅督办员。"
    ),
)
def reminder_create(request: HttpRequest, payload: ReminderSendIn) -> Status[dict[str, Any]]:
    """Send a 催办 on one task to its units, or to the named ones (supervisors)."""
    task = task_of(request, payload.task_id)
    units = None
    if payload.unit_ids is not None:
        units = list(Unit.objects.filter(organization_id=task.organization_id, pk__in=payload.unit_ids))
    roles = list(payload.roles) if payload.roles is not None else None
    if roles is not None and units is None:
        units = []  # roles alone: only the units of those roles
    if units is not None and roles is None:
        roles = []
    result = reminder_send(
        task=task,
        by=caller(request),
        message=payload.message,
        units=units,
        roles=roles,
        reply_by=payload.reply_by,
    )
    sent = _reminders().filter(pk__in=[reminder.pk for reminder in result.reminders])
    return Status(201, {"reminders": list(sent), "sent": result.sent, "failed": result.failed})
