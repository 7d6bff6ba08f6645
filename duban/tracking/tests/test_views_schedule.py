"""The supervisor's page for a task's deadline and milestones."""

import datetime as dt

import pytest

from duban.test import make_plan
from duban.tracking.models import AuditEntry


@pytest.fixture
def task(personas):
    return make_plan(personas.org, 3).tasks.order_by("position").first()


def test_a_supervisor_sets_the_deadline_and_milestones(client, personas, task):
    client.force_login(personas.supervisor)
    response = client.post(
        f"/tracking/tasks/{task.pk}/schedule/",
        {"deadline": "2025-09-30", "milestones": "2025-08-31 完成初稿\n\n2025-06-30 完成调研"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == dt.date(2025, 9, 30)
    assert task.milestones == [
        {"date": "2025-06-30", "title": "完成调研"},
        {"date": "2025-08-31", "title": "完成初稿"},
    ]
    assert AuditEntry.objects.filter(action="task_schedule_set").exists()


def test_the_form_shows_the_current_schedule(client, personas, task):
    task.milestones = [{"date": "2025-06-30", "title": "完成调研"}]
    task.save()
    client.force_login(personas.supervisor)
    assert "2025-06-30 完成调研" in client.get(f"/tracking/tasks/{task.pk}/schedule/").content.decode()


def test_a_malformed_milestone_line_is_named_beside_the_field_and_nothing_changes(client, personas, task):
    client.force_login(personas.supervisor)
    response = client.post(
        f"/tracking/tasks/{task.pk}/schedule/", {"deadline": "", "milestones": "六月底 完成"}
    )
    assert response.status_code == 200
    assert "第1行“六月底 完成”格式不对" in response.content.decode()
    task.refresh_from_db()
    assert task.milestones == []


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
