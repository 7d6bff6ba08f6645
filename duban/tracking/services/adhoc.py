"""立项: a supervisor registers an ad-hoc 督办事项 as a task of the organisation's ad-hoc plan of the year.

The year's plan (Plan.kind = adhoc, "2026年督办事项") is created on the first item and published at once, so
the item goes through the cycle unchanged: reports, review, lights, reminders, 办结, exports and filters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Organization, Unit, User
from duban.plans.models import (
    AdhocItem,
    Plan,
    PlanKind,
    PlanStatus,
    ReportingCycle,
    SourceKind,
    Task,
    TaskUnit,
    TaskUnitRole,
)
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.services.attachments import Upload, files_removed_on_error, upload_check
from duban.tracking.services.audit import audit_record, snapshot
from duban.tracking.services.signoffs import signoffs_request

TEXT_MAX = 4000
_FIELDS = ("year", "number", "source_kind", "source_title", "source_text", "source_name")


def adhoc_plan_title(year: int) -> str:
    """The title of the year's list of 督办事项."""
    return f"{year}年督办事项"


def adhoc_item_register(
    *,
    organization: Organization,
    by: User,
    text: str,
    source_kind: str,
    assigned_on: dt.date,
    deadline: dt.date,
    lead_units: Sequence[Unit],
    support_units: Sequence[Unit] = (),
    source_title: str = "",
    source_text: str = "",
    source_file: Upload | None = None,
) -> AdhocItem:
    """Register one 督办事项 with its source, take the year's next 督办〔year〕N号 and make it a task."""
    if not permissions.can_supervise(by, organization.pk):
        raise NotAllowed
    text, source_text = text.strip()[:TEXT_MAX], source_text.strip()[:TEXT_MAX]
    _check(
        organization=organization,
        text=text,
        source_kind=source_kind,
        source_text=source_text,
        source_file=source_file,
        assigned_on=assigned_on,
        deadline=deadline,
        lead_units=lead_units,
        support_units=support_units,
    )
    year = assigned_on.year
    with files_removed_on_error() as saved, transaction.atomic():
        plan = _year_plan(organization=organization, year=year, by=by)
        # The plan row lock serialises registrations of the year: each takes the next number, no gaps;
        # the unique (organization, year, number) constraint is the backstop.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        number = (AdhocItem.objects.filter(task__plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
        task = Task.objects.create(
            organization=organization,
            plan=plan,
            no=str(number),
            position=number,
            text=text,
            start_date=assigned_on,
            deadline=deadline,
            deadline_text=f"{deadline:%Y年%-m月%-d日}前",
        )
        TaskUnit.objects.bulk_create(
            TaskUnit(organization=organization, task=task, unit=unit, role=role, position=index)
            for role, units in ((TaskUnitRole.LEAD, lead_units), (TaskUnitRole.SUPPORT, support_units))
            for index, unit in enumerate(units)
        )
        # 交办 as any assignment: each unit signs for the item (签收) like for a published plan's task.
        signoffs_request(
            plan=plan, assignments=[(task, unit) for unit in (*lead_units, *support_units)], reason="assigned"
        )
        item = AdhocItem(
            organization=organization,
            task=task,
            year=year,
            number=number,
            source_kind=source_kind,
            source_title=source_title.strip()[:300],
            source_text=source_text,
            registered_by=by,
        )
        if source_file is not None:
            name = PurePath(source_file.name).name[:255]
            digest = hashlib.sha256(source_file.content).hexdigest()
            item.source_name = name
            item.source_file.save(
                f"{digest[:16]}{PurePath(name).suffix.lower()}", ContentFile(source_file.content), save=False
            )
            saved.append(item.source_file.name)
        item.save()
        audit_record(
            actor=by,
            action="adhoc_item_register",
            obj=item,
            task=task,
            plan=plan,
            after=snapshot(item, _FIELDS),
        )
        return item


def _check(
    *,
    organization: Organization,
    text: str,
    source_kind: str,
    source_text: str,
    source_file: Upload | None,
    assigned_on: dt.date,
    deadline: dt.date,
    lead_units: Sequence[Unit],
    support_units: Sequence[Unit],
) -> None:
    """Refuse an incomplete or inconsistent item before anything is written."""
    if not text:
        raise TrackingError(errors.ITEM_TEXT_REQUIRED)
    if source_kind not in SourceKind.values:
        raise TrackingError(errors.ITEM_SOURCE_KIND_INVALID)
    if not source_text and source_file is None:
        raise TrackingError(errors.ITEM_SOURCE_REQUIRED)
    if source_file is not None:
        upload_check(source_file)
    if deadline < assigned_on:
        raise TrackingError(errors.ITEM_DEADLINE_BEFORE_ASSIGNED.format(assigned=assigned_on.isoformat()))
    if not lead_units:
        raise TrackingError(errors.ITEM_LEAD_REQUIRED)
    if any(unit.organization_id != organization.pk for unit in (*lead_units, *support_units)):
        raise TrackingError(errors.ITEM_UNIT_UNKNOWN)
    twice = {unit.pk for unit in lead_units} & {unit.pk for unit in support_units}
    if twice:
        name = next(unit.name for unit in lead_units if unit.pk in twice)
        raise TrackingError(errors.ITEM_UNIT_TWICE.format(unit=name))


def _year_plan(*, organization: Organization, year: int, by: User) -> Plan:
    """The organisation's ad-hoc plan of the year, created published on the first item."""
    found = Plan.objects.filter(organization=organization, year=year, kind=PlanKind.ADHOC).first()
    if found is not None:
        return found
    title = adhoc_plan_title(year)
    try:
        # A savepoint: when another registration created the year's plan first, the constraint refuses
        # this one and the other's is read instead.
        with transaction.atomic():
            plan = Plan.objects.create(
                organization=organization,
                kind=PlanKind.ADHOC,
                title=title,
                year=year,
                issuer=organization.name,
                status=PlanStatus.PUBLISHED,
                source_name=title,
                source_sha256=hashlib.sha256(f"adhoc:{year}".encode()).hexdigest(),
                source_format="adhoc",
                start_date=dt.date(year, 1, 1),
                default_deadline=dt.date(year, 12, 31),
                cycle=ReportingCycle.MONTHLY,
                published_at=timezone.now(),
                published_by=by,
                imported_by=by,
            )
    except IntegrityError:
        return Plan.objects.get(organization=organization, year=year, kind=PlanKind.ADHOC)
    audit_record(
        actor=by,
        action="plan_publish",
        obj=plan,
        plan=plan,
        after=snapshot(plan, ("title", "status", "kind")),
    )
    return plan
