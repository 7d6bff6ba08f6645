"""Tasks with their lights: filter by plan, unit, section, light and state; search by number or text."""

from typing import Any, Literal

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from duban.accounts.models import Unit
from duban.api.common import Id, KeysetPage, caller, cursor_or_422
from duban.api.schemas.common import ERRORS
from duban.api.schemas.tasks import TaskDetailOut, TaskOut
from duban.lib import clock
from duban.plans.models import Task, TaskState, TaskUnit
from duban.tracking import rules, selectors

router = Router(tags=["任务"])


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


class TaskPageOut(Schema):
    items: list[TaskOut]
    count: int = Field(description="符合条件的任务总数")
    next_cursor: str | None = Field(description="下一页的 cursor；最后一页为 null")


@router.get(
    "",
    response={200: TaskPageOut, **ERRORS},
    operation_id="tasks_list",
    summary="任务列表",
    description=(
        "本组织的任务（按方案、序号排列），每项带当天的亮灯与序时进度；可按方案、单位、板块、亮灯、状态筛选并搜索。"
        "翻页：把返回的 next_cursor 作为 cursor 传入取下一页（最后一页为 null）；offset 仍可使用。"
    ),
)
def tasks_list(request: HttpRequest, filters: Query[TaskFilter], page: Query[KeysetPage]) -> dict[str, Any]:
    """Tasks of the caller's organisation in plan order, each with its light and pace today.

    Paged by keyset: pass the `next_cursor` of a page as `cursor` for the next one (stable while tasks
    change, and as fast deep in the list as at its start); `offset` still works for the first pages.
    """
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
            [unit.pk, *Unit.objects.collectives_containing(unit).order_by().values_list("pk", flat=True)]
            if unit
            else []
        )
        tasks = tasks.filter(pk__in=TaskUnit.objects.filter(unit_id__in=holders).values("task_id"))
    tasks = tasks.order_by("plan_id", "position")
    today = clock.today()
    after: tuple[int, int] | None = None
    if page.cursor:
        plan_id, position = cursor_or_422(page.cursor, shape=(int, int))
        after = (int(plan_id), int(position))
    if filters.light is not None:
        # A light is computed, not stored: scan the status columns, then load the page's rows.
        scanned = list(tasks.only(*selectors.STATUS_FIELDS))
        selectors.plans_share(scanned)
        statuses = selectors.statuses_for(scanned, today=today)
        keys = [(t.plan_id, t.position) for t in scanned if statuses[t.pk].light.value == filters.light]
        count = len(keys)
        following = [key for key in keys if after is None or key > after]
        skip = 0 if after is not None else page.offset
        chosen = set(following[skip : skip + page.limit + 1])
        ids = [t.pk for t in scanned if (t.plan_id, t.position) in chosen]
        rows = list(Task.objects.filter(pk__in=ids).for_display().order_by("plan_id", "position"))
    else:
        count = tasks.count()
        if after is not None:
            tasks = tasks.filter(Q(plan_id__gt=after[0]) | Q(plan_id=after[0], position__gt=after[1]))
            rows = list(tasks.for_display().order_by("plan_id", "position")[: page.limit + 1])
        else:
            window = tasks.for_display().order_by("plan_id", "position")
            rows = list(window[page.offset : page.offset + page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    selectors.plans_share(rows)
    statuses = selectors.statuses_for(rows, today=today)
    return {
        "items": [_task(task, statuses[task.pk]) for task in rows],
        "count": count,
        "next_cursor": selectors.cursor_encode((rows[-1].plan_id, rows[-1].position)) if more else None,
    }


@router.get(
    "/{task_id}",
    response={200: TaskDetailOut, **ERRORS},
    operation_id="task_get",
    summary="任务详情",
    description="一项任务及其目标指标（含最新审核通过的完成值）、要出台的文件和当天的状态。",
)
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
        "milestones": list(task.milestone_set.order_by("state", "position", "pk")),
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
