"""An organisation's units, users, plan, sections, tasks and targets."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from duban.accounts.models import Organization, Role, Unit, UnitKind, User
from duban.ops.synth.config import SynthConfig
from duban.ops.synth.history import _History
from duban.ops.synth.vocabulary import (
    AFFILIATED,
    ALL_DEPARTMENTS,
    CONCERNED,
    DEPARTMENTS,
    METRICS,
    OBJECTS,
    PASSWORD,
    SECTION_TITLES,
    VERBS,
    numeral,
)
from duban.ops.synth.writer import M2M_UNIT_MEMBERS, M2M_USER_UNITS, Writer, _moment
from duban.plans.models import (
    CascadeLink,
    Plan,
    PlanStatus,
    ReportingCycle,
    Section,
    Target,
    Task,
    TaskUnit,
    TaskUnitRole,
)
from duban.tracking.models import (
    AuditEntry,
)


@dataclass
class _Org:
    """Ids of what one organisation's history refers to."""

    id: int
    units: dict[str, int]
    kinds: dict[int, str]
    supervisor: int
    liaison_of: dict[int, int]


class _Maker:
    def __init__(self, config: SynthConfig, writer: Writer) -> None:
        self.c = config
        self.w = writer
        self.password = make_password(PASSWORD)
        self.published_at = _moment(dt.date(config.year, 1, 2))
        # Per organisation index: its id and its tasks' ids by position, for the children's cascade links.
        self.org_ids: dict[int, int] = {}
        self.task_ids: dict[int, list[int]] = {}

    def organization(self, index: int) -> int:
        rng = random.Random(f"{self.c.seed}:{index}")
        name = f"{self.c.org_prefix}{index:05d}市教育局"
        parent = self.c.parent_of(index)
        parent_id = self.org_ids[parent] if parent is not None else None
        org_id = self.w.add(Organization, name=name, created_at=self.published_at, parent_id=parent_id)
        self.org_ids[index] = org_id
        org = self._people(rng, index, org_id)
        self.task_ids[index] = []
        self._plan(rng, org, name, index)
        if parent is not None:
            self._cascade(parent, index)
        return org_id

    def _cascade(self, parent: int, index: int) -> None:
        """Link the first share of the organisation's tasks to its parent's, as 承接任务 signed for."""
        own, theirs = self.task_ids[index], self.task_ids[parent]
        count = min(len(own), len(theirs), round(self.c.cascaded * len(own)))
        for child_task, parent_task in zip(own[:count], theirs[:count], strict=True):
            self.w.add(
                CascadeLink,
                organization_id=self.org_ids[index],
                parent_organization_id=self.org_ids[parent],
                parent_task_id=parent_task,
                child_task_id=child_task,
                split_positions=[0],
                created_at=self.published_at,
                created_by_id=None,
                accepted_at=self.published_at,
                accepted_by_id=None,
            )

    def _people(self, rng: random.Random, index: int, org_id: int) -> _Org:
        w = self.w
        units: dict[str, int] = {}
        kinds: dict[int, str] = {}
        for names, kind in (
            (DEPARTMENTS, UnitKind.DEPARTMENT),
            (AFFILIATED, UnitKind.AFFILIATED),
            ([ALL_DEPARTMENTS, CONCERNED], UnitKind.COLLECTIVE),
        ):
            for name in names:
                aliases = [name[:2] + "处"] if kind == UnitKind.DEPARTMENT and len(name) > 4 else []
                pk = w.add(
                    Unit,
                    organization_id=org_id,
                    name=name,
                    kind=kind,
                    aliases=aliases,
                    created_at=self.published_at,
                )
                units[name] = pk
                kinds[pk] = kind
        # 各有关单位 names its members (the affiliated units); 各处室 stands for every unit (no members).
        for name in AFFILIATED:
            w.add(M2M_UNIT_MEMBERS, from_unit_id=units[CONCERNED], to_unit_id=units[name])
        prefix = f"{self.c.org_prefix}{index}"

        def user(role: str, suffix: str, unit: int | None, family: str) -> int:
            pk = w.add(
                User,
                username=f"{prefix}-{suffix}",
                password=self.password,
                last_name=family,
                first_name=suffix[:8],
                organization_id=org_id,
                role=role,
                is_active=True,
                date_joined=self.published_at,
            )
            if unit is not None:
                w.add(M2M_USER_UNITS, user_id=pk, unit_id=unit)
            return pk

        user(Role.ADMIN, "admin", None, "周")
        supervisor = user(Role.SUPERVISOR, "supervisor", units["办公室"], "林")
        user(Role.SUPERVISOR, "supervisor2", units["办公室"], "杜")
        user(Role.LEADER, "leader", None, "郑")
        user(Role.LEADER, "leader2", None, "何")
        liaison_of: dict[int, int] = {}
        for n, name in enumerate(DEPARTMENTS + AFFILIATED):
            liaison_of[units[name]] = user(Role.LIAISON, f"liaison{n}", units[name], "陈")
        for n, name in enumerate(rng.sample(DEPARTMENTS, 3)):
            user(Role.LIAISON, f"liaison{n}b", units[name], "王")
        return _Org(id=org_id, units=units, kinds=kinds, supervisor=supervisor, liaison_of=liaison_of)

    def _plan(self, rng: random.Random, org: _Org, org_name: str, index: int) -> None:
        c, w = self.c, self.w
        year = c.year
        digest = hashlib.sha256(f"{c.seed}:{org_name}".encode()).hexdigest()
        plan_id = w.add(
            Plan,
            organization_id=org.id,
            title=f"{year}年全市教育工作任务分解方案",
            notice_title=f"{org_name}关于印发{year}年全市教育工作任务分解方案的通知",
            issuer=org_name,
            issue_date=dt.date(year, 1, 2),
            year=year,
            addressees="各处室、直属单位",
            status=PlanStatus.PUBLISHED,
            source_name="任务分解方案.txt",
            source_sha256=digest,
            source_format="txt",
            source_file="",
            imported_by_id=org.supervisor,
            created_at=_moment(dt.date(year, 1, 2), 9),
            start_date=dt.date(year, 1, 1),
            default_deadline=dt.date(year, 12, 31),
            cycle=ReportingCycle.MONTHLY,
            due_day=25,
            custom_due_dates=[],
            rules={},
            published_at=self.published_at,
            published_by_id=org.supervisor,
        )
        w.add(
            AuditEntry,
            organization_id=org.id,
            plan_id=plan_id,
            actor_id=org.supervisor,
            action="plan_publish",
            object_type="plan",
            object_id=str(plan_id),
            before={"status": "draft"},
            after={"status": "published"},
            at=self.published_at,
        )
        n_sections = max(1, min(len(SECTION_TITLES), round(c.tasks_per_plan / 30)))
        sections = [
            w.add(
                Section,
                organization_id=org.id,
                plan_id=plan_id,
                no=numeral(i + 1),
                title=SECTION_TITLES[i],
                position=i + 1,
            )
            for i in range(n_sections)
        ]
        per_section = math.ceil(c.tasks_per_plan / n_sections)
        for position in range(1, c.tasks_per_plan + 1):
            section = sections[min((position - 1) // per_section, n_sections - 1)]
            self.task_ids[index].append(self._task(rng, org, plan_id, section, position))
            self.w.flush_if_full()

    def _task(self, rng: random.Random, org: _Org, plan_id: int, section: int, position: int) -> int:
        c, w = self.c, self.w
        year = c.year
        units = org.units
        own = DEPARTMENTS + AFFILIATED
        leads = rng.sample(own, 2 if rng.random() < 0.15 else 1)
        supports = [u for u in rng.sample(own, rng.choice((0, 1, 1, 2, 3))) if u not in leads]
        roll = rng.random()
        if roll < 0.08:
            supports.append(ALL_DEPARTMENTS)
        elif roll < 0.12:
            supports.append(CONCERNED)
        metric = rng.choice(METRICS) if rng.random() < 0.35 else None
        text = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
        target_value = 0
        if metric is not None:
            target_value = max(1, int(metric[2] * rng.uniform(0.5, 1.5))) if metric[1] != "%" else metric[2]
            text += f"，{metric[0]}{target_value}{metric[1]}"
        text += "，确保按期完成各项工作任务。"
        deadline = (
            rng.choice([dt.date(year, 6, 30), dt.date(year, 9, 30), dt.date(year, 11, 30)])
            if rng.random() < 0.2
            else None
        )
        task_id = w.new_id(Task)
        for pos, name in enumerate(leads):
            w.add(
                TaskUnit,
                organization_id=org.id,
                task_id=task_id,
                unit_id=units[name],
                role=TaskUnitRole.LEAD,
                position=pos,
            )
        for pos, name in enumerate(supports):
            w.add(
                TaskUnit,
                organization_id=org.id,
                task_id=task_id,
                unit_id=units[name],
                role=TaskUnitRole.SUPPORT,
                position=pos,
            )
        target_id = w.new_id(Target) if metric is not None else None
        history = _History(
            self,
            rng,
            org,
            task_id,
            units[leads[0]],
            [units[s] for s in supports],
            target_id,
            Decimal(target_value),
        )
        outcome = history.play(deadline)
        if metric is not None:
            w.add(
                Target,
                id=target_id,
                organization_id=org.id,
                task_id=task_id,
                metric=metric[0],
                value=Decimal(target_value),
                unit=metric[1],
                op=">=",
                text=f"{metric[0]}{target_value}{metric[1]}",
                position=0,
                latest_value=history.latest_value,
            )
        w.add(
            Task,
            id=task_id,
            organization_id=org.id,
            plan_id=plan_id,
            section_id=section,
            no=str(position),
            position=position,
            text=text,
            deadline=deadline,
            deadline_text=f"{deadline.month}月底前" if deadline else "",
            state=outcome.state,
            leaders=[],
            unit_marks=[],
            extended_deadline=outcome.extended_deadline,
            progress=outcome.progress,
            completed_on=outcome.completed_on,
            is_suspended=rng.random() < 0.005,
            # The figures the services keep (tracking.services.figures), as they would have left them.
            reported_periods=[d.isoformat() for d in sorted(history.reported)],
            completion_requested_on=history.completion_requested_on,
        )
        return task_id
