"""The supervisor's page for a task's deadline."""

import datetime as dt

import pytest

from duban.test import make_plan
from duban.tracking.models import AuditEntry


@pytest.fixture
def task(personas):
    return make_plan(personas.org, 3).tasks.order_by("position").first()


def test_a_supervisor_sets_the_deadline(client, personas, task):
    client.force_login(personas.supervisor)
    response = client.post(f"/tracking/tasks/{task.pk}/schedule/", {"deadline": "2025-09-30"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == dt.date(2025, 9, 30)
    assert AuditEntry.objects.filter(action="task_schedule_set").exists()


def test_a_malformed_date_is_named_beside_the_field_and_nothing_changes(client, personas, task):
    before = task.deadline
    client.force_login(personas.supervisor)
    response = client.post(f"/tracking/tasks/{task.pk}/schedule/", {"deadline": "六月底"})
    assert response.status_code == 200
    assert "请填写有效日期" in response.content.decode()
    task.refresh_from_db()
    assert task.deadline == before


def test_a_liaison_cannot_reach_the_page(client, personas, task):
    client.force_login(personas.liaison)
    assert client.get(f"/tracking/tasks/{task.pk}/schedule/").status_code == 404
    assert client.post(f"/tracking/tasks/{task.pk}/schedule/", {"deadline": "2025-09-30"}).status_code == 404


def test_the_task_page_links_to_the_schedule_for_supervisors_only(client, personas, task):
    link = f"/tracking/tasks/{task.pk}/schedule/"
    client.force_login(personas.supervisor)
    assert link in client.get(f"/tracking/tasks/{task.pk}/").content.decode()
    client.force_login(personas.leader)
    assert link not in client.get(f"/tracking/tasks/{task.pk}/").content.decode()
