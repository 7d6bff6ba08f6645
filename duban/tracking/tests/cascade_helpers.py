"""A city plan cascaded to N counties, each county's task staffed, published and reported on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duban.accounts.models import Organization, Role, User
from duban.plans.models import CascadeLink, Plan, Task
from duban.plans.services import plan_publish
from duban.test import Hierarchy, Personas, make_plan, make_unit, make_user
from duban.tracking.services.cascade import cascade_accept, cascade_units_assign, tasks_cascade
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task


@dataclass
class Cascaded:
    plan: Plan
    task: Task  # the city's task 2: 新增学位200个, split among the counties
    counties: list[Organization]
    supervisors: list[User]
    links: list[CascadeLink]


def cascaded(personas: Personas, counties: int, *, progress: int = 40, name: str = "县") -> Cascaded:
    """Task 2 of a city plan sent to `counties` counties; county n reports `progress` + n and 30 places."""
    plan = plan_publish(plan=make_plan(personas.org, tasks=4, title=f"{name}方案"), by=personas.supervisor)
    parent = task(plan, 2)
    orgs = [Organization.objects.create(name=f"{name}{n}", parent=personas.org) for n in range(counties)]
    units = [make_unit(org, "基础教育股") for org in orgs]
    supervisors = [make_user(org, Role.SUPERVISOR) for org in orgs]
    liaisons = [make_user(org, Role.LIAISON, units=[unit]) for org, unit in zip(orgs, units, strict=True)]
    places = parent.targets.get(metric="新增学位")
    shares = [200 // counties + (1 if n < 200 % counties else 0) for n in range(counties)]
    links = tasks_cascade(
        tasks=[parent],
        organizations=orgs,
        by=personas.supervisor,
        shares={(places.pk, org.pk): share for org, share in zip(orgs, shares, strict=True)},
        split=[places.pk],
    )
    for n, link in enumerate(links):
        child = Task.objects.select_related("plan").get(pk=link.child_task_id)
        cascade_accept(link=link, by=supervisors[n])
        cascade_units_assign(task=child, by=supervisors[n], lead=[units[n]])
        plan_publish(plan=child.plan, by=supervisors[n], default_deadline=dt.date(2025, 12, 31))
        child_places = child.targets.get(metric="新增学位")
        report = report_save(
            task=Task.objects.select_related("plan").get(pk=child.pk),
            unit=units[n],
            by=liaisons[n],
            text=f"县{n}已开工。",
            progress=progress + n,
            target_values={child_places.pk: "30"},
            submit=True,
            today=TODAY,
        )
        report_approve(report=report, by=supervisors[n])
    return Cascaded(plan=plan, task=parent, counties=orgs, supervisors=supervisors, links=links)


def county_report(hierarchy: Hierarchy, child: Task, *, day: dt.date, progress: int) -> None:
    """The county's lead unit reports on the cycle open on `day`, approved by its supervisor."""
    report = report_save(
        task=Task.objects.select_related("plan").get(pk=child.pk),
        unit=hierarchy.county_unit,
        by=hierarchy.county_liaison,
        text=f"{day.month}月进展。",
        progress=progress,
        submit=True,
        today=day,
    )
    report_approve(report=report, by=hierarchy.county_supervisor)


def sent(personas: Personas, hierarchy: Hierarchy) -> tuple[Task, Task]:
    """City task 1 sent to the county, whose plan is published and task staffed: (parent, child)."""
    plan = published_plan(personas, tasks=2, start_date=dt.date(2025, 1, 1))
    link = tasks_cascade(tasks=[task(plan, 1)], organizations=[hierarchy.county], by=personas.supervisor)[0]
    child = Task.objects.select_related("plan").get(pk=link.child_task_id)
    plan_publish(plan=child.plan, by=hierarchy.county_supervisor, start_date=dt.date(2025, 1, 1))
    cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[hierarchy.county_unit])
    return task(plan, 1), child
