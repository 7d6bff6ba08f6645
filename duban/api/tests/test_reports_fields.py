"""The API carries everything the report form asks for, 存在问题 and 下步计划 included."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.test import Personas
from duban.tracking.models import ProgressReport
from duban.tracking.tests.helpers import published_plan

pytestmark = pytest.mark.django_db


def test_a_report_sent_through_the_api_keeps_its_problems_and_next_steps(personas: Personas):
    plan = published_plan(personas, tasks=2)
    task = plan.tasks.get(no="1")
    client = Client()
    client.force_login(personas.liaison)

    response = client.post(
        "/api/v1/reports",
        {
            "task_id": task.pk,
            "unit_id": personas.basic_ed.pk,
            "text": "已完成选址。",
            "progress": 40,
            "problems": "资金未到位。",
            "next_steps": "7月底前完成招标。",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["problems"], body["next_steps"]) == ("资金未到位。", "7月底前完成招标。")
    report = ProgressReport.objects.get(pk=body["id"])
    assert (report.problems, report.next_steps) == ("资金未到位。", "7月底前完成招标。")
