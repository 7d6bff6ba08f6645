"""Who may do what: plain functions used by pages, the API and commands alike.

- Nobody reads or writes another organisation's data; inactive users do nothing.
- 领导 leaders read everything in their organisation and write nothing.
- 督办员 supervisors publish plans, set deadlines, review reports, decide on 办结 and 延期, send 催办.
- 单位联络员 liaisons write only for tasks where one of their units leads or supports (directly or as a
  member of a collective such as 各处室); only a lead unit applies for 办结 or 延期.
- 系统管理员 admins manage units, users and roles of their organisation.
- Supervisors and admins import plan documents into their organisation.
- Every active user holds personal API tokens (acting with the user's own permissions) and manages only
  their own.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from duban.accounts.models import ApiToken, Role, Unit, User
from duban.plans.models import Plan, Task, TaskUnit, TaskUnitRole

AnyUser = User | AnonymousUser


def _member(user: AnyUser, organization_id: int | None) -> User | None:
    if not isinstance(user, User) or not user.is_active or user.organization_id is None:
        return None
    return user if user.organization_id == organization_id else None


def can_view_organization(user: AnyUser, organization_id: int | None) -> bool:
    """Every active user of an organisation reads its plans, tasks, reports and statistics."""
    return _member(user, organization_id) is not None


def can_view_plan(user: AnyUser, plan: Plan) -> bool:
    """A plan is visible to its organisation's users only."""
    return can_view_organization(user, plan.organization_id)


def can_view_task(user: AnyUser, task: Task) -> bool:
    """A task is visible to its organisation's users only."""
    return can_view_organization(user, task.organization_id)


def can_supervise(user: AnyUser, organization_id: int | None) -> bool:
    """Publish, set deadlines, review, approve 办结 and 延期, send 催办: the organisation's supervisors."""
    member = _member(user, organization_id)
    return member is not None and member.role == Role.SUPERVISOR


def can_import(user: AnyUser, organization_id: int | None) -> bool:
    """Import plans into an organisation (the import wizard): its supervisors and admins."""
    member = _member(user, organization_id)
    return member is not None and (member.role in {Role.SUPERVISOR, Role.ADMIN} or member.is_superuser)


def can_manage_accounts(user: AnyUser, organization_id: int | None) -> bool:
    """Units, users and roles of an organisation: its admins."""
    member = _member(user, organization_id)
    return member is not None and member.role == Role.ADMIN


def task_unit_roles(user: AnyUser, task: Task) -> dict[int, str]:
    """The user's units that hold the task, each with its role there (lead outranks support)."""
    member = _member(user, task.organization_id)
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


def can_hold_tokens(user: AnyUser) -> bool:
    """Create personal API tokens: any active user; a token can do only what its user can."""
    return isinstance(user, User) and user.is_active


def can_manage_token(user: AnyUser, token: ApiToken) -> bool:
    """See and revoke a token: its own user only (an admin revokes others' in the admin site)."""
    return can_hold_tokens(user) and token.user_id == getattr(user, "pk", None)
