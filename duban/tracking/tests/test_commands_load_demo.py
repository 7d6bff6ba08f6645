from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from duban.accounts.models import Organization, Role, Unit, User
from duban.plans.models import Plan, Task, TaskUnit
from duban.tracking.demo_load import DEMO_ORGANIZATION, DEMO_PASSWORD


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_loads_the_demo_organization_users_and_plan(db):
    output = load_demo()

    organization = Organization.objects.get(name=DEMO_ORGANIZATION)
    plan = Plan.objects.imported().get(organization=organization)
    assert plan.tasks.count() == 35
    assert plan.sections.count() == 5
    assert {user.role for user in User.objects.filter(organization=organization)} == set(Role.values)
    assert User.objects.get(username="liaison").units.get().name == "基础教育处"
    for username in ("admin", "supervisor", "liaison", "leader"):
        assert username in output
        # django-axes needs the request a real login has.
        assert authenticate(RequestFactory().post("/login/"), username=username, password=DEMO_PASSWORD)
    assert DEMO_PASSWORD in output


def test_it_matches_the_documents_short_unit_names_by_alias(db):
    load_demo()

    task = Task.objects.for_display().get(plan__organization__name=DEMO_ORGANIZATION, no="8")
    assert [u.name for u in task.lead_units] == ["基础教育处", "计划财务处"]
    assert not Unit.objects.filter(name__in=["基教处", "计财处"]).exists()


def test_running_it_twice_changes_nothing(db):
    load_demo()
    counts = (Organization.objects.count(), Unit.objects.count(), User.objects.count(), Plan.objects.count())
    links = TaskUnit.objects.count()

    output = load_demo()

    assert "已存在" in output
    assert counts == (
        Organization.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Plan.objects.count(),
    )
    assert TaskUnit.objects.count() == links
