"""Writes for plans. Only the import writes plan data, in one transaction: a failed import leaves nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Organization, Unit, User
from duban.accounts.services import units_resolve
from duban.ingest import ParsedPlan, ParseWarning, parse
from duban.lib import clock
from duban.lib.audit import audit_record, snapshot
from duban.lib.errors import DomainError, NotAllowed
from duban.plans import errors, signals
from duban.plans.models import (
    CascadeLink,
    DocumentRef,
    Milestone,
    MilestoneState,
    Plan,
    PlanStatus,
    PlanWarning,
    ReportingCycle,
    Section,
    Target,
    Task,
    TaskUnit,
    TaskUnitRole,
)
from duban.plans.rules import document_is_deliverable, even_percents, publish_dates


class PlanAlreadyExists(Exception):
    """The same file, or the same plan (title, notice, 文号) from another file, is in the organisation."""

    MESSAGE = (
        "该文件已导入为方案《{title}》（导入于 {imported:%Y-%m-%d %H:%M}），如需重新导入请选择替换原方案。"
    )
    SAME_PLAN = (
        "组织中已有同名方案《{title}》（导入于 {imported:%Y-%m-%d %H:%M}），"
        "如需用此文件（例如导出的台账）替换它请选择替换原方案。"
    )

    def __init__(self, plan: Plan, *, same_file: bool = True) -> None:
        self.plan = plan
        message = self.MESSAGE if same_file else self.SAME_PLAN
        super().__init__(message.format(title=plan.title, imported=timezone.localtime(plan.created_at)))


@dataclass
class ImportResult:
    """What an import did: the new plan, the units it matched and created, the parser's warnings."""

    plan: Plan
    units_matched: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    replaced: bool = False


def plan_import(
    *,
    organization: Organization,
    content: bytes,
    filename: str,
    imported_by: User | None = None,
    replace: bool = False,
) -> ImportResult:
    """Parse a plan document and store it as a new plan of the organisation."""
    # Parsing is slow and may fail: it happens before any row or file is written.
    parsed = parse(content, filename=filename)
    return plan_import_parsed(
        organization=organization,
        parsed=parsed,
        content=content,
        filename=filename,
        imported_by=imported_by,
        replace=replace,
        match_existing=True,
    )


def plan_import_parsed(
    *,
    organization: Organization,
    parsed: ParsedPlan,
    content: bytes,
    filename: str,
    imported_by: User | None = None,
    replace: bool = False,
    match_existing: bool = False,
) -> ImportResult:
    """Store an already parsed plan with its source file, all or nothing.

    With `match_existing`, a plan of the organisation with the same title, notice and 文号 counts as this
    one (a ledger exported from it, say): PlanAlreadyExists unless `replace`, which replaces it.
    """
    plan = Plan(organization=organization)
    try:
        with transaction.atomic():
            return _plan_write(
                plan=plan,
                parsed=parsed,
                content=content,
                filename=filename,
                imported_by=imported_by,
                replace=replace,
                match_existing=match_existing,
            )
    except BaseException:
        # The database rolled back; the file on disk does not, so it goes by hand.
        if plan.source_file.name:
            plan.source_file.storage.delete(plan.source_file.name)
        raise


def _plan_write(
    *,
    plan: Plan,
    parsed: ParsedPlan,
    content: bytes,
    filename: str,
    imported_by: User | None,
    replace: bool,
    match_existing: bool = False,
) -> ImportResult:
    organization = plan.organization
    sha256 = hashlib.sha256(content).hexdigest()
    meta = parsed.plan
    source_name = PurePath(filename).name or "plan"
    plan.title = (meta.title or meta.notice_title or PurePath(source_name).stem)[:300]
    plan.notice_title = (meta.notice_title or "")[:300]
    plan.doc_number = (meta.document_number or "")[:100]
    existing = (
        Plan.objects.select_for_update().filter(organization=organization, source_sha256=sha256).first()
    )
    same_file = existing is not None
    if existing is None and match_existing:
        existing = (
            Plan.objects.select_for_update()
            .filter(
                organization=organization,
                title=plan.title,
                notice_title=plan.notice_title,
                doc_number=plan.doc_number,
            )
            .first()
        )
    if existing is not None and not replace:
        raise PlanAlreadyExists(existing, same_file=same_file)
    if existing is not None:
        _plan_delete(plan=existing)

    plan.issuer = (meta.issuer or "")[:200]
    plan.issue_date = meta.issue_date
    plan.year = meta.year or (meta.issue_date.year if meta.issue_date else None)
    plan.addressees = (meta.addressees or "")[:500]
    plan.cc = (meta.cc or "")[:500]
    plan.source_name = source_name[:255]
    plan.source_sha256 = sha256
    plan.source_format = (parsed.source_format or "")[:20]
    plan.imported_by = imported_by
    plan.source_file.save(
        f"{sha256[:16]}{PurePath(source_name).suffix.lower()}", ContentFile(content), save=False
    )
    plan.save()

    resolution = units_resolve(organization=organization, names=parsed.all_units())
    sections = _sections_write(plan=plan, parsed=parsed)
    tasks = _tasks_write(plan=plan, parsed=parsed, sections=sections)
    _task_units_write(plan=plan, parsed=parsed, tasks=tasks, units=resolution.units)
    _targets_write(plan=plan, parsed=parsed, tasks=tasks)
    _documents_write(plan=plan, parsed=parsed, tasks=tasks)
    _milestones_write(plan=plan, parsed=parsed, tasks=tasks, by=imported_by)
    PlanWarning.objects.bulk_create(
        PlanWarning(
            organization=organization,
            plan=plan,
            task_no=warning.task_no or "",
            code=warning.code,
            message=warning.message,
            position=index,
        )
        for index, warning in enumerate(parsed.warnings)
    )
    return ImportResult(
        plan=plan,
        units_matched=resolution.matched,
        units_created=resolution.created,
        warnings=list(parsed.warnings),
        replaced=existing is not None,
    )


def _plan_delete(*, plan: Plan) -> None:
    """Delete a plan being replaced; its file goes only once the replacement is committed."""
    old_file = plan.source_file.name
    storage = plan.source_file.storage
    plan.delete()
    if old_file:
        transaction.on_commit(lambda: storage.delete(old_file))


def _sections_write(*, plan: Plan, parsed: ParsedPlan) -> dict[str, Section]:
    sections = Section.objects.bulk_create(
        Section(organization=plan.organization, plan=plan, no=s.no[:20], title=s.title[:300], position=i)
        for i, s in enumerate(parsed.sections)
    )
    return {section.no: section for section in sections}


def _tasks_write(*, plan: Plan, parsed: ParsedPlan, sections: dict[str, Section]) -> list[Task]:
    return Task.objects.bulk_create(
        Task(
            organization=plan.organization,
            plan=plan,
            section=sections.get(t.section_no) if t.section_no else None,
            no=t.no[:20],
            position=i,
            text=t.text,
            deadline=t.deadline,
            deadline_text=(t.deadline_text or "")[:200],
            leaders=list(t.leaders),
            unit_marks=list(t.unit_marks),
        )
        for i, t in enumerate(parsed.tasks)
    )


def _task_units_write(*, plan: Plan, parsed: ParsedPlan, tasks: list[Task], units: dict[str, Unit]) -> None:
    links: list[TaskUnit] = []
    for parsed_task, task in zip(parsed.tasks, tasks, strict=True):
        for role, names in (
            (TaskUnitRole.LEAD, parsed_task.lead_units),
            (TaskUnitRole.SUPPORT, parsed_task.support_units),
        ):
            seen: set[int] = set()
            for name in names:
                unit = units.get(name)
                # Two spellings of one unit in the same cell must not break the (task, unit, role) key.
                if unit is None or unit.pk in seen:
                    continue
                seen.add(unit.pk)
                links.append(
                    TaskUnit(
                        organization=plan.organization,
                        task=task,
                        unit=unit,
                        role=role,
                        position=len(seen) - 1,
                    )
                )
    TaskUnit.objects.bulk_create(links)


def _targets_write(*, plan: Plan, parsed: ParsedPlan, tasks: list[Task]) -> None:
    Target.objects.bulk_create(
        Target(
            organization=plan.organization,
            task=task,
            metric=target.metric[:200],
            value=Decimal(str(target.value)),
            unit=target.unit[:20],
            op=target.op,
            text=target.text[:300],
            position=i,
        )
        for parsed_task, task in zip(parsed.tasks, tasks, strict=True)
        for i, target in enumerate(parsed_task.targets)
    )


def _documents_write(*, plan: Plan, parsed: ParsedPlan, tasks: list[Task]) -> None:
    DocumentRef.objects.bulk_create(
        DocumentRef(
            organization=plan.organization,
            task=task,
            title=doc.title[:300],
            action=doc.action,
            position=i,
            deliverable=document_is_deliverable(doc.action),
        )
        for parsed_task, task in zip(parsed.tasks, tasks, strict=True)
        for i, doc in enumerate(parsed_task.documents)
    )


def _milestones_write(*, plan: Plan, parsed: ParsedPlan, tasks: list[Task], by: User | None) -> None:
    # Nodes read from the text are a proposal: the rules follow them only once a supervisor approves.
    Milestone.objects.bulk_create(
        Milestone(
            organization=plan.organization,
            task=task,
            position=i,
            due_on=node.date,
            title=node.title[:200],
            percent=percent,
            state=MilestoneState.PROPOSED,
            proposed_by=by,
        )
        for parsed_task, task in zip(parsed.tasks, tasks, strict=True)
        for i, (node, percent) in enumerate(
            zip(parsed_task.milestones, even_percents(len(parsed_task.milestones)), strict=True)
        )
    )


_PUBLISH_FIELDS = (
    "status",
    "start_date",
    "default_deadline",
    "cycle",
    "due_day",
    "custom_due_dates",
    "rules",
    "published_at",
    "published_by",
)


@transaction.atomic
def plan_publish(
    *,
    plan: Plan,
    by: User,
    start_date: dt.date | None = None,
    default_deadline: dt.date | None = None,
    cycle: str = ReportingCycle.MONTHLY,
    due_day: int = 25,
    custom_due_dates: Sequence[dt.date] = (),
    rules: Mapping[str, int] | None = None,
) -> Plan:
    """Publish a draft plan with its reporting cycle; start and deadline default to the plan's year."""
    if not permissions.can_supervise(by, plan.organization_id):
        raise NotAllowed
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(errors.PLAN_ALREADY_PUBLISHED)
    if cycle not in ReportingCycle.values:
        raise DomainError(errors.CYCLE_INVALID)
    if not 1 <= due_day <= 31:
        raise DomainError(errors.DUE_DAY_OUT_OF_RANGE)
    if cycle == ReportingCycle.CUSTOM and not custom_due_dates:
        raise DomainError(errors.CUSTOM_DATES_REQUIRED)
    start, deadline = publish_dates(
        plan, today=clock.today(), start_date=start_date, default_deadline=default_deadline
    )
    if deadline < start:
        raise DomainError(errors.DEADLINE_BEFORE_START.format(start=start))

    before = snapshot(plan, _PUBLISH_FIELDS)
    plan.status = PlanStatus.PUBLISHED
    plan.start_date = start
    plan.default_deadline = deadline
    plan.cycle = cycle
    plan.due_day = due_day
    plan.custom_due_dates = sorted(d.isoformat() for d in custom_due_dates)
    plan.rules = dict(rules or {})
    plan.published_at = timezone.now()
    plan.published_by = by
    plan.save(update_fields=list(_PUBLISH_FIELDS))
    audit_record(
        actor=by,
        action="plan_publish",
        obj=plan,
        plan=plan,
        before=before,
        after=snapshot(plan, _PUBLISH_FIELDS),
    )
    signals.plan_published.send(sender=Plan, plan=plan, by=by)
    return plan


@transaction.atomic
def task_schedule_set(*, task: Task, by: User, deadline: dt.date | None) -> Task:
    """Set a task's deadline, replacing the parsed one (its 推进节点: tracking.services.milestones)."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if CascadeLink.objects.filter(child_task=task).exists():
        raise DomainError(errors.CASCADED_TASK_FIXED)
    start = task.plan.start_date
    if deadline is not None and start is not None and deadline < start:
        raise DomainError(errors.TASK_DEADLINE_BEFORE_START.format(start=start))
    names = ("deadline",)
    before = snapshot(task, names)
    task.deadline = deadline
    task.save(update_fields=list(names))
    audit_record(
        actor=by, action="task_schedule_set", obj=task, task=task, before=before, after=snapshot(task, names)
    )
    return task


@transaction.atomic
def task_unit_add(*, task: Task, unit: Unit, role: str, by: User) -> TaskUnit:
    """Assign a task to one more unit (牵头 or 责任); on a published plan the unit is asked to sign for it."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if role not in TaskUnitRole.values:
        raise DomainError(errors.ROLE_INVALID)
    if unit.organization_id != task.organization_id:
        raise NotAllowed
    links = list(TaskUnit.objects.filter(task=task).order_by("position"))
    if any(link.unit_id == unit.pk for link in links):
        raise DomainError(errors.UNIT_ALREADY_ON_TASK.format(unit=unit.name))
    link = TaskUnit.objects.create(
        organization_id=task.organization_id,
        task=task,
        unit=unit,
        role=role,
        position=max((link.position for link in links), default=-1) + 1,
    )
    audit_record(
        actor=by,
        action="task_unit_add",
        obj=link,
        task=task,
        after={"unit": unit.name, "role": role},
    )
    if task.plan.status == PlanStatus.PUBLISHED:
        signals.task_units_assigned.send(sender=TaskUnit, links=[link], by=by)
    return link
