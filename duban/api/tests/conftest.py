"""What the API tests share: a published plan with work in every state, and callers as each persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from duban.accounts.models import User
from duban.accounts.services import token_create
from duban.plans.models import DocumentRef, Milestone, Plan, Task
from duban.plans.services import plan_publish
from duban.test import Personas, make_plan
from duban.tracking.models import (
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    SignOff,
    SignOffReason,
)
from duban.tracking.services import milestones, reports, requests
from duban.tracking.services.attachments import Upload
from duban.tracking.services.documents import document_issue

TODAY = dt.date(2025, 7, 10)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings: Any) -> Iterator[None]:
    """Every test starts with empty rate-limit counters, on the demo's pinned day."""
    settings.DUBAN_TODAY = TODAY.isoformat()
    caches[settings.DUBAN_RATE_LIMIT_CACHE].clear()
    yield
    caches[settings.DUBAN_RATE_LIMIT_CACHE].clear()


@dataclass
class World:
    """Organisation A's published plan with a report, a draft, and pending applications to decide."""

    personas: Personas
    plan: Plan
    draft_plan: Plan
    task: Task  # led by 基础教育处 and 计财处; has the submitted report
    free_task: Task  # led by 基础教育处: nothing pending, for new reports and applications
    submitted: ProgressReport
    draft: ProgressReport
    completion: CompletionRequest
    extension: ExtensionRequest
    attachment: Attachment
    document: DocumentRef  # task 4 must issue it, still pending; 办公室 (other_liaison) leads task 4
    issued_document: DocumentRef  # task 8's, issued with its file
    signoff: SignOff  # 基础教育处 has yet to sign for task 1 of the published plan
    nodes_task: Task  # led by 基础教育处, with a proposed 推进计划 to decide
    node: Milestone  # an approved node of task 11, not yet done


def make_world(personas: Personas) -> World:
    """Build the world every permission case starts from."""
    plan = make_plan(personas.org, tasks=13)
    draft_plan = make_plan(personas.org, tasks=2, title="草稿方案")
    plan_publish(plan=plan, by=personas.supervisor)
    tasks = {task.no: task for task in Task.objects.filter(plan=plan)}
    liaison, unit = personas.liaison, personas.basic_ed
    submitted = reports.report_save(
        task=tasks["1"],
        unit=unit,
        by=liaison,
        text="已完成调研。",
        progress=30,
        files=[Upload(name="调研报告.txt", content="调研报告".encode())],
        submit=True,
        today=TODAY,
    )
    draft = reports.report_save(task=tasks["5"], unit=unit, by=liaison, text="草稿", progress=10, today=TODAY)
    completion = requests.completion_request(task=tasks["9"], unit=unit, by=liaison, reason="已全部完成。")
    extension = requests.extension_request(
        task=tasks["13"], unit=unit, by=liaison, new_deadline=dt.date(2026, 3, 31), reason="需延期。"
    )
    documents = {d.task.no: d for d in DocumentRef.objects.deliverables().filter(task__plan=plan)}
    issued = document_issue(
        document=documents["8"],
        by=personas.supervisor,
        doc_number="A教发〔2025〕8号",
        issued_on=dt.date(2025, 6, 30),
        file=Upload(name="实施办法.pdf", content=b"%PDF-1.4 issued"),
        today=TODAY,
    )
    nodes = [
        milestones.NodeInput(dt.date(2025, 6, 30), "出台实施方案"),
        milestones.NodeInput(dt.date(2025, 11, 30), "验收"),
    ]
    milestones.milestones_propose(task=tasks["3"], by=liaison, nodes=nodes)
    node = milestones.milestones_set(task=tasks["11"], by=personas.supervisor, nodes=nodes)[0]
    return World(
        personas=personas,
        plan=plan,
        draft_plan=draft_plan,
        task=tasks["1"],
        free_task=tasks["7"],
        submitted=submitted,
        draft=draft,
        completion=completion,
        extension=extension,
        attachment=submitted.attachments.get(),
        document=documents["4"],
        issued_document=issued,
        signoff=SignOff.objects.get(task=tasks["1"], unit=unit, reason=SignOffReason.PUBLISHED),
        nodes_task=tasks["3"],
        node=node,
    )


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


def bearer(user: User) -> dict[str, str]:
    """Headers that authenticate as the user with a fresh personal token."""
    return {"Authorization": f"Bearer {token_create(user=user, name='test').secret}"}


def as_persona(personas: Personas, name: str) -> Client:
    """A client acting as the named persona: by token, or with no credentials for "anonymous"."""
    if name == "anonymous":
        return Client()
    return Client(headers=bearer(getattr(personas, name)))
