"""The demo: a fictional bureau (青川市教育局) with units, users, a sample plan and its half-year history,
and two county bureaus below it that received section 二 of the plan (分解下达) and report on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from duban.accounts.models import Organization, Role, Unit, UnitKind, User
from duban.accounts.services import organization_get_or_create, unit_upsert, user_upsert
from duban.plans.models import Plan
from duban.plans.services import ImportResult, PlanAlreadyExists, plan_import
from duban.tracking.demo import demo_history_load
from duban.tracking.demo_adhoc import demo_adhoc_load
from duban.tracking.demo_cascade import demo_cascade_load
from duban.tracking.demo_signoffs import demo_signoffs_load

DEMO_ORGANIZATION = "青川市教育局"
# The demo plan document stays among the plans app's samples, where the import tests read it too.
DEMO_PLAN_PATH = Path(__file__).resolve().parents[1] / "plans" / "samples" / "demo_plan.txt"
DEMO_PASSWORD = "duban-demo"

# (name, kind, aliases): the short names are how the plan document writes them.
DEMO_UNITS: list[tuple[str, UnitKind, list[str]]] = [
    ("办公室", UnitKind.DEPARTMENT, []),
    ("政策法规处", UnitKind.DEPARTMENT, ["政法处"]),
    ("基础教育处", UnitKind.DEPARTMENT, ["基教处"]),
    ("职业教育与成人教育处", UnitKind.DEPARTMENT, ["职成教处", "职成处"]),
    ("计划财务处", UnitKind.DEPARTMENT, ["计财处"]),
    ("人事处", UnitKind.DEPARTMENT, []),
    ("教育督导处", UnitKind.DEPARTMENT, ["督导处"]),
    ("安全管理处", UnitKind.DEPARTMENT, ["安管处"]),
    ("组织宣传处", UnitKind.DEPARTMENT, ["组宣处"]),
    ("体育卫生与艺术教育处", UnitKind.DEPARTMENT, ["体卫艺处"]),
    ("教学研究院", UnitKind.AFFILIATED, ["教研院"]),
    ("教育技术装备中心", UnitKind.AFFILIATED, ["技装中心"]),
    ("考试中心", UnitKind.AFFILIATED, []),
    ("各处室", UnitKind.COLLECTIVE, []),
    ("各有关单位", UnitKind.COLLECTIVE, []),
]

# (username, full name, role, unit names)
DEMO_USERS: list[tuple[str, str, Role, list[str]]] = [
    ("admin", "周管理", Role.ADMIN, []),
    ("supervisor", "林督办", Role.SUPERVISOR, ["办公室"]),
    ("liaison", "陈联络", Role.LIAISON, ["基础教育处"]),
    ("leader", "郑局长", Role.LEADER, []),
]

# One liaison for every other unit that leads or supports a demo task, so the history has real authors.
DEMO_LIAISONS: list[tuple[str, str, str]] = [
    ("liaison_bgs", "王文秘", "办公室"),
    ("liaison_zfc", "李法规", "政策法规处"),
    ("liaison_zcc", "赵职教", "职业教育与成人教育处"),
    ("liaison_jcc", "钱财务", "计划财务处"),
    ("liaison_rsc", "孙人事", "人事处"),
    ("liaison_ddc", "周督导", "教育督导处"),
    ("liaison_agc", "吴安全", "安全管理处"),
    ("liaison_zxc", "郑宣传", "组织宣传处"),
    ("liaison_twy", "冯体艺", "体育卫生与艺术教育处"),
    ("liaison_jyy", "褚教研", "教学研究院"),
    ("liaison_jzzx", "卫装备", "教育技术装备中心"),
    ("liaison_kszx", "蒋考试", "考试中心"),
]


# Parts of the demo that apps above tracking add (考核), registered from their AppConfig.ready so that
# tracking never imports them: each gets the plan and the supervisor, and returns a line to report or "".
DemoExtension = Callable[[Plan, User], str]
_EXTENSIONS: list[DemoExtension] = []


def demo_extension_add(extension: DemoExtension) -> None:
    """Run `extension` after the demo plan's history on every load (it must be safe to run again)."""
    if extension not in _EXTENSIONS:
        _EXTENSIONS.append(extension)


@dataclass
class DemoResult:
    """What loading the demo did, for the command to report."""

    organization: Organization
    users: list[User] = field(default_factory=list)
    plan: Plan | None = None
    imported: ImportResult | None = None
    history_created: bool = False
    cascade_created: bool = False
    extensions: list[str] = field(default_factory=list)  # what each registered extension did
    adhoc_created: bool = False


@transaction.atomic
def demo_load() -> DemoResult:
    """Create or refresh the demo organisation, its units and users, and import the demo plan once."""
    organization, _ = organization_get_or_create(name=DEMO_ORGANIZATION)
    units = {
        name: unit_upsert(organization=organization, name=name, kind=kind, aliases=aliases)
        for name, kind, aliases in DEMO_UNITS
    }
    # 各处室 means the departments only; 各有关单位 keeps no members and so stands for every unit.
    departments = [unit for unit in units.values() if unit.kind == UnitKind.DEPARTMENT]
    units["各处室"].members.set(departments)

    result = DemoResult(organization=organization)
    for username, full_name, role, unit_names in DEMO_USERS:
        is_admin = role == Role.ADMIN
        user = user_upsert(
            username=username,
            password=DEMO_PASSWORD,
            organization=organization,
            role=role,
            full_name=full_name,
            units=[units[name] for name in unit_names],
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        result.users.append(user)

    supervisor = next(user for user in result.users if user.role == Role.SUPERVISOR)
    liaisons = {units["基础教育处"].pk: next(user for user in result.users if user.username == "liaison")}
    for username, full_name, unit_name in DEMO_LIAISONS:
        liaisons[units[unit_name].pk] = user_upsert(
            username=username,
            password=DEMO_PASSWORD,
            organization=organization,
            role=Role.LIAISON,
            full_name=full_name,
            units=[units[unit_name]],
        )
    try:
        result.imported = plan_import(
            organization=organization,
            content=DEMO_PLAN_PATH.read_bytes(),
            filename=DEMO_PLAN_PATH.name,
            imported_by=supervisor,
        )
        result.plan = result.imported.plan
    except PlanAlreadyExists as exc:
        result.plan = exc.plan
    # Published with its first half-year played once; loading again leaves the history as it is.
    result.history_created = demo_history_load(plan=result.plan, supervisor=supervisor, liaisons=liaisons)
    # Two county bureaus below the city, section 二 cascaded to them with split targets, and their reports.
    result.cascade_created = demo_cascade_load(
        plan=result.plan, supervisor=supervisor, password=DEMO_PASSWORD
    )
    result.extensions = [line for extend in _EXTENSIONS if (line := extend(result.plan, supervisor))]
    # Two 督办事项 registered one by one, in their own list (2025年督办事项).
    result.adhoc_created = demo_adhoc_load(
        organization=organization, supervisor=supervisor, units=units, liaisons=liaisons
    )
    if result.history_created:
        demo_signoffs_load(plan=result.plan, supervisor=supervisor, liaisons=liaisons)
    return result


def demo_units_of(user: User) -> list[Unit]:
    """The units of a demo user, for the summary table."""
    return list(user.units.all())
