"""Tasks with their lights: filter by plan, unit, section, light and state; search by number or text."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from duban.accounts.models import Unit
from duban.api.common import Id, Pagination, caller
from duban.api.schemas.common import ERRORS
from duban.api.schemas.tasks import TaskDetailOut, TaskOut
from duban.lib import clock
from duban.plans.models import Task, TaskState, TaskUnit
from duban.tracking import rules, selectors

router = Router(tags=["任务 tasks"])


class TaskFilter(Schema):
    plan: Id | None = Field(None, description="方案 id")
    unit: Id | None = Field(None, description="单位 id：该单位牵头或参与（含经由“各处室”等集合）的任务")
    section: Id | None = Field(None, description="板块 id")
    light: Literal["green", "yellow", "red", "none"] | None = Field(None, description="亮灯")
    state: Literal["not_started", "in_progress", "completion_requested", "completed"] | None = None
    q: str = Field("", max_length=200, description="按序号或内容搜索")


def _status(status: rules.TaskStatus) -> dict[str, Any]:
    return {
        "light": status.light.value,
        "pace": status.pace.value,
        "expected": status.expected,
        "progress": status.progress,
        "deadline": status.deadline,
        "extended": status.extended,
        "overdue": status.overdue,
        "missed_in_a_row": status.missed.in_a_row,
        "reasons": list(status.reasons),
    }


def _task(task: Task, status: rules.TaskStatus) -> dict[str, Any]:
    fields = (name for name in TaskOut.model_fields if name not in {"lead_units", "support_units", "status"})
    return {
        **{name: getattr(task, name) for name in fields},
        "lead_units": task.lead_units,
        "support_units": task.support_units,
        "status": _status(status),
    }


@router.get("", response={200: list[TaskOut], **ERRORS}, operation_id="tasks_list")
@paginate(Pagination)
def tasks_list(request: HttpRequest, filters: Query[TaskFilter]) -> list[dict[str, Any]]:
    """Tasks of the caller's organisation in plan order, each with its light and pace today."""
    user = caller(request)
    tasks = Task.objects.filter(organization_id=user.organization_id or -1).search(filters.q)
    if filters.plan is not None:
        tasks = tasks.filter(plan_id=filters.plan)
    if filters.section is not None:
        tasks = tasks.filter(section_id=filters.section)
    if filters.state is not None:
        tasks = tasks.filter(state=TaskState(filters.state))
    if filters.unit is not None:
        unit = Unit.objects.filter(organization_id=user.organization_id or -1, pk=filters.unit).first()
        holders = (
            [unit.pk, *Unit.objects.collectives_containing(unit).values_list("pk", flat=True)] if unit else []
        )
        tasks = tasks.filter(pk__in=TaskUnit.objects.filter(unit_id__in=holders).values("task_id"))
    rows = list(tasks.for_display().select_related("plan").order_by("plan_id", "position"))
    statuses = selectors.statuses_for(rows, today=clock.today())
    return [
        _task(task, statuses[task.pk])
        for task in rows
        if filters.light is None or statuses[task.pk].light.value == filters.light
    ]


@router.get("/{task_id}", response={200: TaskDetailOut, **ERRORS}, operation_id="task_get")
def task_get(request: HttpRequest, task_id: Id) -> dict[str, Any]:
    """One task with its targets (and their latest approved values), documents and status."""
    task = selectors.task_get_for_user(user=caller(request), task_id=task_id)
    if task is None:
        raise Http404("任务不存在")
    targets = selectors.target_states([task])[task.pk]
    return {
        **_task(task, selectors.task_status(task, today=clock.today())),
        "deadline_text": task.deadline_text,
        "leaders": list(task.leaders or []),
        "milestones": list(task.milestones or []),
        "targets": [
            {
                "id": s.target.pk,
                "metric": s.target.metric,
                "op": s.target.op,
                "value": s.target.value,
                "unit": s.target.unit,
                "text": s.target.text,
                "actual": s.actual,
                "met": s.met,
            }
            for s in targets
        ],
        "documents": list(task.documents.all()),
    }
