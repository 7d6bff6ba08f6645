"""签收 reads: what my units have to sign, who has not signed on a task or in a plan (a query each)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Value, When

from duban.accounts.models import Role, Unit, User
from duban.plans.models import Plan, Task
from duban.tracking import signoff_rules
from duban.tracking.models import SignOff, SignOffReason


@dataclass
class SignOffLine:
    """A sign-off as shown: the record and whether its day has passed unsigned."""

    signoff: SignOff
    overdue: bool


def _line(signoff: SignOff, today: dt.date) -> SignOffLine:
    overdue = signoff_rules.signoff_overdue(
        due_on=signoff.due_on, signed=signoff.signed_at is not None, today=today
    )
    return SignOffLine(signoff=signoff, overdue=overdue)


_URGED_FIRST = Case(When(reason=SignOffReason.URGED, then=Value(0)), default=Value(1))


def my_signoffs(*, user: User, today: dt.date) -> list[SignOffLine]:
    """What the user's units have still to sign: 催办 first (each asks for a reply), then oldest first, with
    the 催办 message (liaisons sign; anyone else has nothing to)."""
    if user.role != Role.LIAISON:
        return []
    pending = (
        SignOff.objects.filter(
            organization_id=user.organization_id or -1,
            unit__in=user.units.all(),
            signed_at__isnull=True,
        )
        .select_related("plan", "task", "unit", "reminder__sent_by")
        # A 催办 must not be folded away among the assignments on a phone (my tasks shows five).
        .order_by(_URGED_FIRST, "due_on", "requested_at", "pk")
    )
    return [_line(signoff, today) for signoff in pending]


@dataclass
class TaskSignOffs:
    """A task's sign-offs: those of its assignment (publishing, added units) and those of each 催办."""

    assignment: list[SignOffLine] = field(default_factory=list)
    by_reminder: dict[int, SignOffLine] = field(default_factory=dict)

    @property
    def unsigned(self) -> list[SignOffLine]:
        return [line for line in self.assignment if line.signoff.signed_at is None]


def task_signoffs(*, task: Task, today: dt.date) -> TaskSignOffs:
    """Every sign-off asked on the task, with who signed and when."""
    found = TaskSignOffs()
    rows = SignOff.objects.filter(task=task).select_related("unit", "signed_by")
    rows = rows.order_by("requested_at", "pk")
    for signoff in rows:
        line = _line(signoff, today)
        if signoff.reminder_id is not None:
            found.by_reminder[signoff.reminder_id] = line
        else:
            found.assignment.append(line)
    return found


@dataclass
class PlanUnsigned:
    """A plan's unsigned sign-offs: per unit and per (task, unit), and those past their day."""

    by_unit: dict[int, list[SignOffLine]] = field(default_factory=lambda: defaultdict(list))
    cells: set[tuple[int, int]] = field(default_factory=set)

    @property
    def overdue(self) -> list[SignOffLine]:
        lines = [line for lines in self.by_unit.values() for line in lines if line.overdue]
        return sorted(lines, key=lambda line: (line.signoff.due_on, line.signoff.pk))

    def of_unit(self, unit_id: int) -> list[SignOffLine]:
        """The unit's unsigned sign-offs."""
        return self.by_unit.get(unit_id, [])


def plan_unsigned(*, plan: Plan, today: dt.date, unit: Unit | None = None) -> PlanUnsigned:
    """Who has not signed in the plan (or only `unit`), in one query."""
    found = PlanUnsigned()
    pending = SignOff.objects.filter(plan=plan, signed_at__isnull=True)
    rows = (
        (pending if unit is None else pending.filter(unit=unit))
        .select_related("unit", "task", "reminder")
        .order_by("due_on", "pk")
    )
    for signoff in rows:
        found.by_unit[signoff.unit_id].append(_line(signoff, today))
        found.cells.add((signoff.task_id, signoff.unit_id))
    return found
