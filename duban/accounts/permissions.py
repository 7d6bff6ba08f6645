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

What a liaison may do on a task depends on the task's units: `duban.plans.permissions`, built on these.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from duban.accounts.models import ApiToken, Role, User

AnyUser = User | AnonymousUser


def organization_member(user: AnyUser, organization_id: int | None) -> User | None:
    """The user when active and a member of the organisation, else None."""
    if not isinstance(user, User) or not user.is_active or user.organization_id is None:
        return None
    return user if user.organization_id == organization_id else None


def can_view_organization(user: AnyUser, organization_id: int | None) -> bool:
    """Every active user of an organisation reads its plans, tasks, reports and statistics."""
    return organization_member(user, organization_id) is not None


def can_supervise(user: AnyUser, organization_id: int | None) -> bool:
    """Publish, set deadlines, review, approve 办结 and 延期, send 催办: the organisation's supervisors."""
    member = organization_member(user, organization_id)
    return member is not None and member.role == Role.SUPERVISOR


def can_sign_for(user: AnyUser, unit_id: int, organization_id: int | None) -> bool:
    """Sign for (签收) what a unit is asked to: a liaison of that unit."""
    member = organization_member(user, organization_id)
    return member is not None and member.role == Role.LIAISON and member.units.filter(pk=unit_id).exists()


def can_import(user: AnyUser, organization_id: int | None) -> bool:
    """Import plans into an organisation (the import wizard): its supervisors and admins."""
    member = organization_member(user, organization_id)
    return member is not None and (member.role in {Role.SUPERVISOR, Role.ADMIN} or member.is_superuser)


def can_manage_accounts(user: AnyUser, organization_id: int | None) -> bool:
    """Units, users and roles of an organisation: its admins."""
    member = organization_member(user, organization_id)
    return member is not None and member.role == Role.ADMIN


def can_hold_tokens(user: AnyUser) -> bool:
    """Create personal API tokens: any active user; a token can do only what its user can."""
    return isinstance(user, User) and user.is_active


def can_manage_token(user: AnyUser, token: ApiToken) -> bool:
    """See and revoke a token: its own user only (an admin revokes others' in the admin site)."""
    return can_hold_tokens(user) and token.user_id == getattr(user, "pk", None)
