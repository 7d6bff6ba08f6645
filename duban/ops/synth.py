"""Synthetic deployments for benchmarks: organisations with units, users, a published plan and its history.

`duban synth --orgs N --tasks-per-plan M --cycles K` writes, per organisation, ~20 units (with the
collectives 各处室 and 各有关单位), ~25 users in every role, one plan published with a monthly cycle, M tasks
with lead and support units and targets, and K months of reports with reviews (approved, returned and
revised, awaiting review), completions, extensions and some audit entries. The rows obey what the
tracking rules and selectors read: a task's state, progress and completed_on follow its reports and
requests exactly as the services would have left them.

Speed comes from writing rows, not calling services: ids are allocated here, rows are buffered per table
and flushed in dependency order, with bulk_create or, on PostgreSQL, COPY. Content is deterministic for a
seed (each organisation draws from its own generator); ids depend on what the database already holds.
Nothing here is safe to run beside other writers of the same tables.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import json
import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts.models import Organization, Role, Unit, UnitKind, User
from duban.plans.models import (
    Plan,
    PlanStatus,
    ReportingCycle,
    Section,
    Target,
    Task,
    TaskState,
    TaskUnit,
    TaskUnitRole,
)
from duban.tracking.models import (
    AuditEntry,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
    TargetValue,
)

PASSWORD = "duban-synth"
REMIND_DAYS = 3

DEPARTMENTS = [
    "办公室",
    "政策法规处",
    "基础教育处",
    "职业教育与成人教育处",
    "高等教育处",
    "计划财务处",
    "人事处",
    "教育督导处",
    "安全管理处",
    "组织宣传处",
    "体育卫生与艺术教育处",
    "教师工作处",
    "学生资助管理处",
    "审计处",
]
AFFILIATED = ["教学研究院", "教育技术装备中心", "考试中心", "教育发展研究所"]
ALL_DEPARTMENTS, CONCERNED = "各处室", "各有关单位"

SECTION_TITLES = [
    "全面加强党的建设",
    "推进教育优质均衡发展",
    "深化教育领域综合改革",
    "加强教师队伍建设",
    "提升教育治理能力",
    "保障校园安全稳定",
    "促进学生全面发展",
    "推进教育数字化转型",
    "办好人民满意的教育",
    "强化教育督导评估",
]
VERBS = ["推进", "实施", "深化", "完善", "落实", "加快", "开展", "健全", "优化", "强化"]
OBJECTS = [
    "学前教育补短攻坚计划",
    "义务教育优质均衡发展创建",
    "普通高中多样化特色发展",
    "职业教育产教融合",
    "教师队伍“县管校聘”管理改革",
    "中小学课后服务提质扩面",
    "校园安全风险防控体系建设",
    "智慧教育示范区建设",
    "教育督导问责机制",
    "家庭经济困难学生资助工作",
    "学生体质健康监测",
    "民办教育分类管理",
]
METRICS = [
    ("新增学位", "个", 6000),
    ("新建改扩建学校", "所", 12),
    ("培训教师", "人次", 3000),
    ("创建示范学校", "所", 20),
    ("覆盖率", "%", 95),
    ("资助学生", "人", 8000),
]


@dataclass(frozen=True)
class SynthConfig:
    """How much to make and how."""

    orgs: int
    tasks_per_plan: int
    cycles: int = 12
    seed: int = 1
    org_prefix: str = "合成"
    year: int = 2025
    batch_size: int = 20000
    method: str = "auto"  # "bulk" (bulk_create), "copy" (PostgreSQL COPY) or "auto" (copy on PostgreSQL)

    @property
    def as_of(self) -> dt.date:
        """The day the data describes: three days after the last reported cycle's due date."""
        return due_date(self.year, self.cycles) + dt.timedelta(days=3)


@dataclass
class SynthResult:
    """What a run wrote: rows per table, seconds, and the day to look at the data on."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    as_of: dt.date = dt.date(2025, 12, 28)
    method: str = ""
    organization_ids: list[int] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0


def due_date(year: int, month: int, due_day: int = 25) -> dt.date:
    """The monthly cycle's due date in a month."""
    return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


# --- Writing rows ------------------------------------------------------------------------------------

M2M_USER_UNITS = User.units.through
M2M_UNIT_MEMBERS = Unit.members.through

# Parents before children: one flush writes every buffered table in this order.
ORDER: list[type[models.Model]] = [
    Organization,
    Unit,
    M2M_UNIT_MEMBERS,
    User,
    M2M_USER_UNITS,
    Plan,
    Section,
    Task,
    TaskUnit,
    Target,
    ProgressReport,
    TargetValue,
    CompletionRequest,
    ExtensionRequest,
    AuditEntry,
]


class Writer:
    """Buffers rows (dicts by column name) per table and writes them in batches, parents first."""

    def __init__(self, method: str, batch_size: int) -> None:
        self.method = method
        self.batch_size = batch_size
        self.buffers: dict[type[models.Model], list[dict[str, Any]]] = {model: [] for model in ORDER}
        self.next_id = {
            model: (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1 for model in ORDER
        }
        self.written: dict[str, int] = {model._meta.db_table: 0 for model in ORDER}
        self.pending = 0
        self.flushes = 0

    def new_id(self, model: type[models.Model]) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Buffer one row; its id is allocated here and returned."""
        row_id = values.setdefault("id", self.new_id(model))
        self.buffers[model].append(values)
        self.pending += 1
        return int(row_id)

    def flush_if_full(self) -> bool:
        if self.pending >= self.batch_size:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Synthetic rows can be made again: no need to wait for the WAL to reach the disk.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            for model in ORDER:
                rows = self.buffers[model]
                if not rows:
                    continue
                if self.method == "copy":
                    _copy(model, rows)
                else:
                    _bulk(model, rows, self.batch_size)
                self.written[model._meta.db_table] += len(rows)
                self.buffers[model] = []
        self.pending = 0
        self.flushes += 1

    def finish(self) -> None:
        self.flush()
        with connection.cursor() as cursor:
            # Fresh statistics: before autovacuum gets to it, the planner would think the tables empty.
            for model in ORDER:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        if connection.vendor == "postgresql":
            # Ids were chosen here, so the sequences must be moved past them for ordinary inserts.
            with connection.cursor() as cursor:
                for model in ORDER:
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def _default(f: models.Field[Any, Any]) -> Any:
    if f.has_default():
        return f.get_default()
    return None if f.null else ""


@contextmanager
def _timestamps_kept() -> Iterator[None]:
    # bulk_create lets auto_now_add overwrite every timestamp with "now"; synthetic history needs its own.
    fields = [f for model in ORDER for f in _columns(model) if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True  # type: ignore[attr-defined]


def _bulk(model: type[models.Model], rows: list[dict[str, Any]], batch_size: int) -> None:
    defaults = {f.attname: _default(f) for f in _columns(model)}
    objs = [model(**(defaults | row)) for row in rows]
    with _timestamps_kept():
        model._default_manager.bulk_create(objs, batch_size=min(batch_size, 2000))


def _copy(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    cols = _columns(model)
    names = [f.attname for f in cols]
    defaults = [_default(f) for f in cols]
    is_json = [isinstance(f, models.JSONField) for f in cols]
    column_list = ", ".join(f'"{c.column}"' for c in cols)
    sql = f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN'
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(sql) as copy:
            for row in rows:
                values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
                for index, flag in enumerate(is_json):
                    if flag and values[index] is not None:
                        values[index] = json.dumps(values[index], ensure_ascii=False)
                copy.write_row(values)


# --- Making one organisation ---------------------------------------------------------------------------


def _moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


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

    def organization(self, index: int) -> int:
        rng = random.Random(f"{self.c.seed}:{index}")
        name = f"{self.c.org_prefix}{index:05d}市教育局"
        org_id = self.w.add(Organization, name=name, created_at=self.published_at)
        org = self._people(rng, index, org_id)
        self._plan(rng, org, name)
        return org_id

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

    def _plan(self, rng: random.Random, org: _Org, org_name: str) -> None:
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
                no=_numeral(i + 1),
                title=SECTION_TITLES[i],
                position=i + 1,
            )
            for i in range(n_sections)
        ]
        per_section = math.ceil(c.tasks_per_plan / n_sections)
        for position in range(1, c.tasks_per_plan + 1):
            section = sections[min((position - 1) // per_section, n_sections - 1)]
            self._task(rng, org, plan_id, section, position)
            self.w.flush_if_full()

    def _task(self, rng: random.Random, org: _Org, plan_id: int, section: int, position: int) -> None:
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
            milestones=[],
            progress=outcome.progress,
            completed_on=outcome.completed_on,
            is_suspended=rng.random() < 0.005,
            # The figures the services keep (tracking.services.figures), as they would have left them.
            reported_periods=[d.isoformat() for d in sorted(history.reported)],
            completion_requested_on=history.completion_requested_on,
        )


@dataclass
class _Outcome:
    state: str
    progress: int | None
    completed_on: dt.date | None
    extended_deadline: dt.date | None


PROFILES = [
    ("on", 0.50),
    ("ahead", 0.10),
    ("lagging", 0.12),
    ("far", 0.04),
    ("stalled", 0.06),
    ("late", 0.06),
    ("done", 0.12),
]


class _History:
    """One task's year: its lead unit's monthly reports, support reports, reviews and requests."""

    def __init__(
        self,
        maker: _Maker,
        rng: random.Random,
        org: _Org,
        task_id: int,
        lead: int,
        supports: list[int],
        target_id: int | None,
        target_value: Decimal,
    ) -> None:
        self.m, self.rng, self.org, self.task_id = maker, rng, org, task_id
        self.lead, self.supports = lead, [u for u in supports if org.kinds[u] != UnitKind.COLLECTIVE]
        self.target_id, self.target_value = target_id, target_value
        self.year = maker.c.year
        self.reported: set[dt.date] = set()  # cycles with a submitted lead report
        self.latest_value: Decimal | None = None  # the target's latest approved value
        self.completion_requested_on: dt.date | None = None  # while 办结 is pending

    def _audit(
        self,
        action: str,
        object_type: str,
        object_id: int,
        at: dt.datetime,
        actor: int,
        after: dict[str, Any],
    ) -> None:
        self.m.w.add(
            AuditEntry,
            organization_id=self.org.id,
            task_id=self.task_id,
            actor_id=actor,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=None,
            after=after,
            at=at,
        )

    def _report(
        self,
        unit: int,
        role: str,
        month: int,
        progress: int | None,
        status: str,
        *,
        revises: int | None = None,
        last: bool = False,
    ) -> int:
        rng, w = self.rng, self.m.w
        author = self.org.liaison_of[unit]
        period = due_date(self.year, month)
        day = period - dt.timedelta(days=rng.randint(0, 8))
        created = _moment(day, rng.randint(8, 17), rng.randint(0, 59))
        submitted = status != ReportStatus.DRAFT
        reviewed = status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
        reviewed_at = _moment(period + dt.timedelta(days=rng.randint(1, 3)), 15) if reviewed else None
        text = (
            f"{month}月：按计划推进，已完成阶段性工作，进度 {progress}%。"
            if role == TaskUnitRole.LEAD
            else f"{month}月：配合牵头单位完成相关工作。"
        )
        report_id = w.add(
            ProgressReport,
            organization_id=self.org.id,
            task_id=self.task_id,
            unit_id=unit,
            role=role,
            period=period,
            text=text,
            progress=progress,
            status=status,
            revises_id=revises,
            created_by_id=author,
            created_at=created,
            submitted_by_id=author if submitted else None,
            submitted_at=created if submitted else None,
            reviewed_by_id=self.org.supervisor if reviewed else None,
            reviewed_at=reviewed_at,
            review_comment="请补充佐证材料后重新报送。" if status == ReportStatus.RETURNED else "",
        )
        if role == TaskUnitRole.LEAD and submitted:
            self.reported.add(period)
        if self.target_id is not None and role == TaskUnitRole.LEAD and progress is not None:
            value = (self.target_value * progress / 100).quantize(Decimal(1))
            if status == ReportStatus.APPROVED:
                self.latest_value = value  # reports come cycle by cycle: the last approved is the latest
            w.add(
                TargetValue,
                organization_id=self.org.id,
                report_id=report_id,
                target_id=self.target_id,
                value=value,
            )
        if last or status == ReportStatus.RETURNED:
            self._audit(
                "report_submit", "progressreport", report_id, created, author, {"status": "submitted"}
            )
        if status == ReportStatus.RETURNED and reviewed_at is not None:
            self._audit(
                "report_return",
                "progressreport",
                report_id,
                reviewed_at,
                self.org.supervisor,
                {"status": "returned"},
            )
        return report_id

    def play(self, deadline: dt.date | None) -> _Outcome:
        rng, c = self.rng, self.m.c
        year, cycles = self.year, c.cycles
        roll, acc, profile = rng.random(), 0.0, "on"
        for name, share in PROFILES:
            acc += share
            if roll < acc:
                profile = name
                break
        end = deadline or dt.date(year, 12, 31)
        if (
            deadline is not None
            and profile in ("on", "ahead")
            and deadline.month <= cycles
            and rng.random() < 0.7
        ):
            profile = "done"  # most tasks with an early deadline are finished by it
        done_month = None
        if profile == "done":
            # Mostly by the deadline; some late (逾期办结).
            latest = min(cycles, end.month) if rng.random() < 0.85 else cycles
            done_month = rng.randint(min(3, latest), latest)
        first = rng.randint(3, 5) if profile == "late" else 1
        last = cycles
        if profile == "stalled":
            last = rng.randint(1, max(1, cycles - 2))
        if done_month is not None:
            last = done_month
        state, progress, approved_progress = TaskState.NOT_STARTED, 0, None
        offset = {"ahead": 15, "lagging": -16, "far": -32, "stalled": -5}.get(profile, rng.randint(-4, 6))
        for month in range(first, last + 1):
            period = due_date(year, month)
            expected = round(
                100 * (period - dt.date(year, 1, 1)).days / max(1, (end - dt.date(year, 1, 1)).days)
            )
            progress = 100 if month == done_month else max(progress, min(95, max(2, expected + offset)))
            is_last = month == cycles
            if is_last and month != done_month and rng.random() < 0.07:
                break  # the latest cycle not reported yet
            if is_last:
                status = rng.choices(
                    [
                        ReportStatus.APPROVED,
                        ReportStatus.SUBMITTED,
                        ReportStatus.DRAFT,
                        ReportStatus.RETURNED,
                    ],
                    [0.70, 0.22, 0.04, 0.04],
                )[0]
            else:
                status = ReportStatus.RETURNED if rng.random() < 0.04 else ReportStatus.APPROVED
            report = self._report(self.lead, TaskUnitRole.LEAD, month, progress, status, last=is_last)
            if status == ReportStatus.RETURNED and not is_last:
                status = ReportStatus.APPROVED
                self._report(self.lead, TaskUnitRole.LEAD, month, progress, status, revises=report)
            if status != ReportStatus.DRAFT:
                state = TaskState.IN_PROGRESS
            if status == ReportStatus.APPROVED:
                approved_progress = progress
            if month % 3 == 0:
                for unit in self.supports:
                    self._report(unit, TaskUnitRole.SUPPORT, month, None, ReportStatus.APPROVED)
        outcome = _Outcome(state=state, progress=approved_progress, completed_on=None, extended_deadline=None)
        if done_month is not None and approved_progress == 100:
            self._completion(outcome, done_month, decided=True)
        elif state == TaskState.IN_PROGRESS and rng.random() < 0.02:
            self._completion(outcome, cycles, decided=False)
        if state != TaskState.NOT_STARTED and outcome.state != TaskState.COMPLETED:
            self._extension(outcome, end)
        return outcome

    def _completion(self, outcome: _Outcome, month: int, *, decided: bool) -> None:
        w, org = self.m.w, self.org
        day = due_date(self.year, month) + dt.timedelta(days=1)
        decided_on = day + dt.timedelta(days=2)
        author = org.liaison_of[self.lead]
        pk = w.add(
            CompletionRequest,
            organization_id=org.id,
            task_id=self.task_id,
            unit_id=self.lead,
            reason="任务已全部完成，相关文件已印发。",
            status=RequestStatus.APPROVED if decided else RequestStatus.PENDING,
            requested_by_id=author,
            requested_at=_moment(day),
            decided_by_id=org.supervisor if decided else None,
            decided_at=_moment(decided_on) if decided else None,
        )
        self._audit(
            "completion_request", "completionrequest", pk, _moment(day), author, {"status": "pending"}
        )
        if decided:
            self._audit(
                "completion_approve",
                "completionrequest",
                pk,
                _moment(decided_on),
                org.supervisor,
                {"status": "approved"},
            )
            outcome.state, outcome.progress, outcome.completed_on = TaskState.COMPLETED, 100, decided_on
        else:
            outcome.state = TaskState.COMPLETION_REQUESTED
            self.completion_requested_on = day

    def _extension(self, outcome: _Outcome, deadline: dt.date) -> None:
        roll = self.rng.random()
        if roll >= 0.05:
            return
        status = (
            RequestStatus.APPROVED
            if roll < 0.03
            else RequestStatus.PENDING
            if roll < 0.04
            else RequestStatus.REFUSED
        )
        w, org = self.m.w, self.org
        day = min(deadline, self.m.c.as_of) - dt.timedelta(days=10)
        new = deadline + dt.timedelta(days=92)
        author = org.liaison_of[self.lead]
        decided = status != RequestStatus.PENDING
        pk = w.add(
            ExtensionRequest,
            organization_id=org.id,
            task_id=self.task_id,
            unit_id=self.lead,
            reason="需等待上级配套政策出台后实施。",
            status=status,
            requested_by_id=author,
            requested_at=_moment(day),
            decided_by_id=org.supervisor if decided else None,
            decided_at=_moment(day + dt.timedelta(days=2)) if decided else None,
            decision_comment="" if status != RequestStatus.REFUSED else "请按原时限完成。",
            new_deadline=new,
            old_deadline=deadline,
        )
        self._audit(
            "extension_request",
            "extensionrequest",
            pk,
            _moment(day),
            author,
            {"new_deadline": new.isoformat()},
        )
        if status == RequestStatus.APPROVED:
            outcome.extended_deadline = new


def _numeral(value: int) -> str:
    digits = "一二三四五六七八九"
    tens, ones = divmod(value, 10)
    return (
        ("" if tens <= 1 else digits[tens - 1]) + ("十" if tens else "") + (digits[ones - 1] if ones else "")
    )


# --- The run -----------------------------------------------------------------------------------------


def synth_run(config: SynthConfig, *, progress: Callable[[str], None] | None = None) -> SynthResult:
    """Write the synthetic organisations; prints progress through `progress` after every flush."""
    method = config.method
    if method == "auto":
        method = "copy" if connection.vendor == "postgresql" else "bulk"
    if method == "copy" and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL")
    writer = Writer(method, config.batch_size)
    maker = _Maker(config, writer)
    result = SynthResult(as_of=config.as_of, method=method)
    start = time.perf_counter()
    for index in range(config.orgs):
        flushes = writer.flushes
        result.organization_ids.append(maker.organization(index))
        writer.flush_if_full()
        if index == config.orgs - 1:
            writer.finish()
        if writer.flushes != flushes and progress is not None:
            done = sum(writer.written.values())
            seconds = time.perf_counter() - start
            progress(f"{index + 1}/{config.orgs} 个组织，{done:,} 行，{done / seconds:,.0f} 行/秒")
    result.seconds = time.perf_counter() - start
    result.rows = {table: count for table, count in writer.written.items() if count}
    return result


def rows_table(result: SynthResult) -> str:
    """The rows written per table, as lines of text."""
    out = io.StringIO()
    for table, count in sorted(result.rows.items(), key=lambda kv: -kv[1]):
        out.write(f"{table:<32}{count:>12,}\n")
    out.write(f"{'total':<32}{result.total_rows:>12,}\n")
    return out.getvalue()
