"""In-app notices of a supervisor's decision to the unit it concerns (report reviewed, request decided)."""

from __future__ import annotations

from duban.accounts.models import Role, User
from duban.plans.models import Task
from duban.tracking.models import Notification


def decision_notify(*, task: Task, unit_id: int, title: str, body: str) -> list[Notification]:
    """Tell every active liaison of the unit: one read and one insert, however many liaisons there are."""
    users = User.objects.filter(units__id=unit_id, role=Role.LIAISON, is_active=True).values_list(
        "pk", flat=True
    )
    notices = [
        Notification(organization_id=task.organization_id, user_id=pk, task=task, title=title, body=body)
        for pk in users.distinct()
    ]
    return Notification.objects.bulk_create(notices)
