"""Shared personas and factories for tests.

Organisation A holds the plans. Its supervisor imports them, its liaison works for 基教处, its leader
reads, its admin manages accounts, and another liaison works for 办公室 (not on the odd-numbered tasks);
the outsider belongs to organisation B and must see nothing of A.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from duban.accounts.models import Organization, Role, Unit, UnitKind, User
from duban.ingest import DocumentRef, ParsedPlan, ParseWarning, PlanMeta, Section, Target, Task
from duban.ingest.model import DocumentAction
from duban.plans.models import Plan
from duban.plans.services import plan_import_parsed

PASSWORD = "correct horse battery staple"

_counter = itertools.count(1)


@dataclass
class Personas:
    """Everyone a test may need, in organisations A and B."""

    org: Organization
    other_org: Organization
    office: Unit
    basic_ed: Unit
    finance: Unit
    all_departments: Unit
    supervisor: User
    liaison: User
    leader: User
    outsider: User
    admin: User
    other_liaison: User


def make_organization(name: str | None = None) -> Organization:
    """An organisation with a unique name unless one is given."""
    return Organization.objects.create(name=name or f"组织{next(_counter)}")


def make_unit(
    organization: Organization,
    name: str,
    *,
    kind: UnitKind = UnitKind.DEPARTMENT,
    aliases: list[str] | None = None,
) -> Unit:
    """A unit of the organisation."""
    return Unit.objects.create(organization=organization, name=name, kind=kind, aliases=aliases or [])


def make_user(
    organization: Organization | None,
    role: Role,
    *,
    username: str | None = None,
    units: list[Unit] | None = None,
) -> User:
    """A user with the shared test password."""
    user = User.objects.create_user(
        username=username or f"user{next(_counter)}", password=PASSWORD, organization=organization, role=role
    )
    user.units.set(units or [])
    return user


def make_personas() -> Personas:
    """Organisations A and B with units and one user per persona."""
    org = make_organization("A")
    other_org = make_organization("B")
    office = make_unit(org, "办公室")
    basic_ed = make_unit(org, "基础教育处", aliases=["基教处"])
    finance = make_unit(org, "计财处")
    all_departments = make_unit(org, "各处室", kind=UnitKind.COLLECTIVE)
    make_unit(other_org, "办公室")
    return Personas(
        org=org,
        other_org=other_org,
        office=office,
        basic_ed=basic_ed,
        finance=finance,
        all_departments=all_departments,
        supervisor=make_user(org, Role.SUPERVISOR, username="supervisor", units=[office]),
        liaison=make_user(org, Role.LIAISON, username="liaison", units=[basic_ed]),
        leader=make_user(org, Role.LEADER, username="leader"),
        outsider=make_user(other_org, Role.SUPERVISOR, username="outsider"),
        admin=make_user(org, Role.ADMIN, username="org_admin"),
        other_liaison=make_user(org, Role.LIAISON, username="other_liaison", units=[office]),
    )


@dataclass
class Hierarchy:
    """Organisation A as a city bureau over two county bureaus, each with its people and units.

    The subordinate is county one (sent the cascade); the sibling is county two, which must see nothing of
    county one's tasks.
    """

    city: Organization
    county: Organization
    sibling: Organization
    county_unit: Unit
    county_supervisor: User
    county_liaison: User
    county_leader: User
    sibling_supervisor: User
    sibling_liaison: User


def make_hierarchy(personas: Personas) -> Hierarchy:
    """Two county bureaus below organisation A (parent set directly, as `duban org set-parent` would)."""
    county = Organization.objects.create(name="甲县教育局", parent=personas.org)
    sibling = Organization.objects.create(name="乙县教育局", parent=personas.org)
    county_unit = make_unit(county, "基础教育股")
    sibling_unit = make_unit(sibling, "基础教育股")
    return Hierarchy(
        city=personas.org,
        county=county,
        sibling=sibling,
        county_unit=county_unit,
        county_supervisor=make_user(county, Role.SUPERVISOR, username="county_supervisor"),
        county_liaison=make_user(county, Role.LIAISON, username="county_liaison", units=[county_unit]),
        county_leader=make_user(county, Role.LEADER, username="county_leader"),
        sibling_supervisor=make_user(sibling, Role.SUPERVISOR, username="sibling_supervisor"),
        sibling_liaison=make_user(sibling, Role.LIAISON, username="sibling_liaison", units=[sibling_unit]),
    )


def make_parsed_task(no: int, *, section_no: str | None = "一") -> Task:
    """A parsed task in the founding document's shape: units, a target and a document.

    Every fourth task issues its document (出台, a deliverable that holds back 办结 until issued); the
    others implement theirs (落实), as most tasks of a real plan do.
    """
    action: DocumentAction = "issue" if no % 4 == 0 else "implement"
    verb = "出台" if action == "issue" else "落实"
    return Task(
        no=str(no),
        section_no=section_no,
        text=f"{verb}《第{no}号实施办法》，新增学位{no * 100}个，覆盖面达到90%。",
        lead_units=["基教处", "计财处"] if no % 2 else ["办公室"],
        support_units=["各处室"] if no % 3 == 0 else [],
        targets=[
            Target(metric="新增学位", value=no * 100, unit="个", op="+", text=f"新增学位{no * 100}个"),
            Target(metric="覆盖面", value=90, unit="%", op=">=", text="覆盖面达到90%"),
        ],
        documents=[DocumentRef(title=f"第{no}号实施办法", action=action)],
    )


def make_parsed_plan(tasks: int = 5, *, title: str = "2025年全市教育工作任务分解方案") -> ParsedPlan:
    """A parsed plan of two sections, half the tasks in each, with one warning."""
    half = (tasks + 1) // 2
    return ParsedPlan(
        plan=PlanMeta(
            title=title,
            notice_title=f"A市教育局关于印发{title}的通知",
            issuer="A市教育局",
            year=2025,
            addressees="各处室、直属单位",
            cc="各县（市、区）教育局",
        ),
        sections=[Section(no="一", title="深化教育改革"), Section(no="二", title="扩大优质资源")],
        tasks=[make_parsed_task(n, section_no="一" if n <= half else "二") for n in range(1, tasks + 1)],
        warnings=[ParseWarning(task_no="1", code="units_joined", message="单位名称可能粘连，请核对。")],
        source_format="txt",
    )


def make_plan(
    organization: Organization, tasks: int = 5, *, title: str = "2025年全市教育工作任务分解方案"
) -> Plan:
    """A stored plan built from a hand-made ParsedPlan (no parser involved)."""
    result = plan_import_parsed(
        organization=organization,
        parsed=make_parsed_plan(tasks, title=title),
        content=f"plan {next(_counter)}".encode(),
        filename="plan.txt",
    )
    return result.plan


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    """Hash test passwords cheaply: the real hasher costs a quarter second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    """Keep stored source files of each test in its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield tmp_path / "media"


@pytest.fixture
def personas(db: None) -> Personas:
    """Organisations A and B with their people (see the module docstring)."""
    return make_personas()


@pytest.fixture
def hierarchy(personas: Personas) -> Hierarchy:
    """Organisation A over two county bureaus (see `Hierarchy`)."""
    return make_hierarchy(personas)
