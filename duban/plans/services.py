"""Writes for plans. Only the import writes plan data, in one transaction: a failed import leaves nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Organization, Unit, User
from duban.accounts.services import units_resolve
from duban.ingest import ParsedPlan, ParseWarning, parse
from duban.plans.models import (
    DocumentRef,
    Plan,
    PlanWarning,
    Section,
    Target,
    Task,
    TaskUnit,
    TaskUnitRole,
)


class PlanAlreadyExists(Exception):
    """The same file (same bytes) was already imported into this organisation."""

    MESSAGE = (
        "该文件已导入为方案《{title}》（导入于 {imported:%Y-%m-%d %H:%M}），如需重新导入请选择替换原方案。"
    )

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        super().__init__(self.MESSAGE.format(title=plan.title, imported=timezone.localtime(plan.created_at)))


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
    )


def plan_import_parsed(
    *,
    organization: Organization,
    parsed: ParsedPlan,
    content: bytes,
    filename: str,
    imported_by: User | None = None,
    replace: bool = False,
) -> ImportResult:
    """Store an already parsed plan with its source file, all or nothing."""
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
) -> ImportResult:
    organization = plan.organization
    sha256 = hashlib.sha256(content).hexdigest()
    existing = (
        Plan.objects.select_for_update().filter(organization=organization, source_sha256=sha256).first()
    )
    if existing is not None and not replace:
        raise PlanAlreadyExists(existing)
    if existing is not None:
        _plan_delete(plan=existing)

    meta = parsed.plan
    source_name = PurePath(filename).name or "plan"
    plan.title = (meta.title or meta.notice_title or PurePath(source_name).stem)[:300]
    plan.notice_title = (meta.notice_title or "")[:300]
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
            organization=plan.organization, task=task, title=doc.title[:300], action=doc.action, position=i
        )
        for parsed_task, task in zip(parsed.tasks, tasks, strict=True)
        for i, doc in enumerate(parsed_task.documents)
    )
