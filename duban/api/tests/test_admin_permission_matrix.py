"""Django's admin in the permission matrix: a staff user of organisation B sees nothing of A.

Every registered ModelAdmin is walked, so a new one that forgets its scope fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from duban.accounts.admin_scope import within_organization
from duban.accounts.services import token_create
from duban.api.tests.conftest import World
from duban.tracking.models import RobotWebhook
from duban.tracking.services.reminders import reminder_send

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
# Rows of no organisation: roles (groups) are shared; sign-in lockouts are for superusers only (below).
UNSCOPED = {"auth.Group", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}


@pytest.fixture
def staff_of_b(world: World) -> Client:
    """The outsider (organisation B) as staff with every view and change permission there is."""
    outsider = world.personas.outsider
    outsider.is_staff = True
    outsider.save()
    outsider.user_permissions.set(Permission.objects.filter(codename__regex=r"^(view|change)_"))
    token_create(user=world.personas.supervisor, name="A 的令牌")
    RobotWebhook.objects.create(
        organization=world.personas.org,
        unit=world.personas.basic_ed,
        kind="wecom",
        url="https://example.com/hook",
    )
    reminder_send(task=world.task, by=world.personas.supervisor, message="请尽快报送进展。")
    client = Client()
    client.force_login(outsider)
    return client


def _url(model: Any, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(
    "model", [m for m, _ in REGISTERED if m._meta.label not in UNSCOPED], ids=lambda m: m._meta.label
)
def test_a_staff_user_of_another_organisation_neither_lists_nor_opens_its_rows(staff_of_b, world, model):
    rows = list(within_organization(model._default_manager.all(), world.personas.org))
    assert rows, f"the world holds no {model._meta.label} of organisation A"

    listing = staff_of_b.get(_url(model, "changelist"))
    assert listing.status_code == 200
    for row in rows:
        assert _url(model, "change", row.pk) not in listing.text
        opened = staff_of_b.get(_url(model, "change", row.pk))
        assert opened.status_code in {302, 404}, (model, row.pk, opened.status_code)
        if opened.status_code == 302:
            assert opened["Location"] == reverse("admin:index")  # Django's answer to a row it cannot find


def test_a_staff_user_of_another_organisation_cannot_open_a_users_password_page(staff_of_b, world):
    user = world.personas.liaison
    response = staff_of_b.get(
        reverse("admin:auth_user_password_change", args=[user.pk])
    )  # Django names it so
    assert response.status_code == 404


def test_a_staff_user_chooses_only_its_own_organisation_and_units(staff_of_b, world):
    from duban.accounts.models import Unit

    response = staff_of_b.get(_url(Unit, "change", world.personas.other_org.units.first().pk))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields["organization"].queryset) == [world.personas.other_org]
    assert world.personas.liaison not in form.fields["members"].queryset
    listing = staff_of_b.get(_url(Unit, "changelist"))
    assert "organization" not in listing.context["cl"].list_filter  # it would name every bureau


def test_a_staff_user_cannot_make_itself_a_superuser(staff_of_b, world):
    from duban.accounts.models import User

    response = staff_of_b.get(_url(User, "change", world.personas.outsider.pk))
    assert "is_superuser" not in response.context["adminform"].form.fields


def test_a_superuser_still_sees_every_organisation(world):
    superuser = world.personas.outsider
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client = Client()
    client.force_login(superuser)
    from duban.plans.models import Plan

    assert _url(Plan, "change", world.plan.pk) in client.get(_url(Plan, "changelist")).text


def test_sign_in_lockouts_are_for_superusers_only(staff_of_b):
    from axes.models import AccessAttempt  # type: ignore[import-untyped]

    assert staff_of_b.get(_url(AccessAttempt, "changelist")).status_code == 403
