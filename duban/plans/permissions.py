"""Who may do what on a plan's tasks: the task's lead and support units decide (see accounts.permissions).

- Every active user of the task's organisation reads it.
- A cascade link (分解下达) is read by the users of both ends (parent and subordinate), never by a sibling;
  only the subordinate's supervisors sign for it (签收) and staff the 承接任务.
- 单位联络员 liaisons write only for tasks where one of their units leads or supports (directly or as a
  member of a collective such as 各处室); only a lead unit applies for 办结 or 延期.
"""

from __future__ import annotations

from duban.accounts.models import Role, Unit
from duban.accounts.permissions import AnyUser, can_supervise, can_view_organization, organization_member
from duban.plans.models import CascadeLink, Plan, Task, TaskUnit, TaskUnitRole


def can_view_plan(user: AnyUser, plan: Plan) -> bool:
    """A plan is visible to its organisation's users only."""
    return can_view_organization(user, plan.organization_id)


def can_view_task(user: AnyUser, task: Task) -> bool:
    """A task is visible to its organisation's users only."""
    return can_view_organization(user, task.organization_id)


def can_view_cascade(user: AnyUser, link: CascadeLink) -> bool:
    """A cascade link is visible to the parent's and the subordinate's users, nobody else's."""
    return can_view_organization(user, link.organization_id) or can_view_organization(
        user, link.parent_organization_id
    )


def can_accept_cascade(user: AnyUser, link: CascadeLink) -> bool:
    """Only the subordinate's supervisors sign for a cascade (签收) and assign its units."""
    return can_supervise(user, link.organization_id)


def task_unit_roles(user: AnyUser, task: Task) -> dict[int, str]:
    """The user's units that hold the task, each with its role there (lead outranks support)."""
    member = organization_member(user, task.organization_id)
    if member is None or member.role != Role.LIAISON:
        return {}
    own = list(member.units.filter(organization_id=task.organization_id))
    if not own:
        return {}
    links = list(TaskUnit.objects.filter(task_id=task.pk).values_list("unit_id", "role"))
    roles: dict[int, str] = {}
    for unit in own:
        holders = {unit.pk} | set(Unit.objects.collectives_containing(unit).values_list("pk", flat=True))
        held = {role for unit_id, role in links if unit_id in holders}
        if TaskUnitRole.LEAD in held:
            roles[unit.pk] = TaskUnitRole.LEAD
        elif held:
            roles[unit.pk] = TaskUnitRole.SUPPORT
    return roles


def can_report(user: AnyUser, task: Task, unit: Unit) -> bool:
    """Write a progress report for the unit on the task: a liaison of a unit that leads or supports it."""
    return unit.pk in task_unit_roles(user, task)


def can_apply(user: AnyUser, task: Task, unit: Unit) -> bool:
    """Apply for 办结 or 延期: a liaison of a lead unit."""
    return task_unit_roles(user, task).get(unit.pk) == TaskUnitRole.LEAD
