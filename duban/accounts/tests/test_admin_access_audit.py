from django.urls import reverse

from duban.accounts.models import Role, User
from duban.test import make_user
from duban.tracking.models import AuditEntry


def test_changing_a_users_role_and_units_in_the_admin_is_audited(client, personas):
    admin_user = make_user(personas.org, Role.ADMIN, username="root")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    liaison = personas.liaison
    url = reverse("admin:accounts_user_change", args=[liaison.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, tuple))}
    data.update(
        {
            "username": liaison.username,
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
            "organization": personas.org.pk,
            "role": Role.SUPERVISOR,
            "units": [personas.finance.pk],
            "is_active": "on",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="user_access_change")
    assert entry.actor == admin_user
    assert entry.before == {"role": "liaison", "units": [personas.basic_ed.pk]}
    assert entry.after == {"role": "supervisor", "units": [personas.finance.pk]}
