import pytest

from duban.accounts import permissions
from duban.accounts.models import Role
from duban.plans import permissions as plan_permissions
from duban.plans.models import Task
from duban.test import make_plan, make_user

ACTIONS = {
    "view": lambda user, task, unit: plan_permissions.can_view_task(user, task),
    "report": lambda user, task, unit: plan_permissions.can_report(user, task, unit),
    "apply": lambda user, task, unit: plan_permissions.can_apply(user, task, unit),
    "supervise": lambda user, task, unit: permissions.can_supervise(user, task.organization_id),
    "manage_accounts": lambda user, task, unit: permissions.can_manage_accounts(user, task.organization_id),
}

# role → the actions it may take on a task its own unit leads, on another unit's task, in another organisation
ALLOWED: dict[Role, tuple[set[str], set[str], set[str]]] = {
    Role.ADMIN: ({"view", "manage_accounts"}, {"view", "manage_accounts"}, set()),
    Role.SUPERVISOR: ({"view", "supervise"}, {"view", "supervise"}, set()),
    Role.LIAISON: ({"view", "report", "apply"}, {"view"}, set()),
    Role.LEADER: ({"view"}, {"view"}, set()),
}


@pytest.fixture
def scopes(personas):
    plan = make_plan(personas.org, tasks=2)
    foreign_plan = make_plan(personas.other_org, tasks=1)
    own = Task.objects.get(plan=plan, no="1")  # led by 基础教育处 and 计财处
    other = Task.objects.get(plan=plan, no="2")  # led by 办公室
    foreign = Task.objects.get(plan=foreign_plan, no="1")
    return {
        "own unit": (own, personas.basic_ed),
        "other unit": (other, personas.office),
        "other organisation": (foreign, foreign.task_units.all()[0].unit),
    }


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize(("scope", "index"), [("own unit", 0), ("other unit", 1), ("other organisation", 2)])
def test_the_permission_matrix(personas, scopes, role, action, scope, index):
    user = make_user(personas.org, role, units=[personas.basic_ed])
    task, unit = scopes[scope]

    assert ACTIONS[action](user, task, unit) is (action in ALLOWED[role][index])


def test_a_liaison_of_a_collective_member_reports_as_a_support_unit(personas):
    plan = make_plan(personas.org, tasks=6)
    task = Task.objects.get(plan=plan, no="6")  # led by 办公室, supported by 各处室

    assert plan_permissions.task_unit_roles(personas.liaison, task) == {personas.basic_ed.pk: "support"}
    assert plan_permissions.can_report(personas.liaison, task, personas.basic_ed)
    assert not plan_permissions.can_apply(personas.liaison, task, personas.basic_ed)


def test_an_inactive_user_may_do_nothing(personas):
    plan = make_plan(personas.org, tasks=1)
    task = Task.objects.get(plan=plan)
    personas.liaison.is_active = False

    assert not plan_permissions.can_view_task(personas.liaison, task)
    assert not plan_permissions.can_report(personas.liaison, task, personas.basic_ed)


def test_a_user_without_an_organization_sees_nothing(personas):
    plan = make_plan(personas.org, tasks=1)
    superuser = make_user(None, Role.ADMIN)

    assert not plan_permissions.can_view_plan(superuser, plan)
