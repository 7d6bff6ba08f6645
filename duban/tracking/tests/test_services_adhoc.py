"""立项: an ad-hoc item becomes a numbered task of the year's published ad-hoc plan, and runs the cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.lib.errors import NotAllowed
from duban.plans.models import AdhocItem, Plan, PlanKind, PlanStatus, SourceKind, Task
from duban.test import Personas, make_plan
from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.models import AuditEntry, SignOff, SignOffReason
from duban.tracking.selectors import task_status
from duban.tracking.services.adhoc import adhoc_item_register
from duban.tracking.services.attachments import Upload
from duban.tracking.services.requests import completion_request
from duban.tracking.tests.adhoc_helpers import register_item


def test_the_first_item_of_a_year_creates_that_years_published_list_and_takes_number_one(personas: Personas):
    item = register_item(personas)

    plan = item.task.plan
    assert (plan.kind, plan.status, plan.title, plan.year) == (
        PlanKind.ADHOC,
        PlanStatus.PUBLISHED,
        "2025年督办事项",
        2025,
    )
    assert item.notice_number == "督办〔2025〕1号"
    assert item.task.start_date == dt.date(2025, 6, 3) and item.task.deadline == dt.date(2025, 9, 30)
    assert [u.name for u in item.task.lead_units] == ["基础教育处"]
    assert [u.name for u in item.task.support_units] == ["计财处"]
    assert AuditEntry.objects.filter(action="adhoc_item_register", task=item.task).exists()


def test_each_unit_of_a_new_item_is_asked_to_sign_for_it(personas: Personas):
    item = register_item(personas)

    asked = SignOff.objects.filter(task=item.task).order_by("unit__name")
    assert [(s.unit.name, s.reason, s.signed_at) for s in asked] == [
        ("基础教育处", SignOffReason.ASSIGNED, None),
        ("计财处", SignOffReason.ASSIGNED, None),
    ]


def test_numbers_run_per_organisation_and_year_without_gaps_after_a_refusal(personas: Personas):
    first = register_item(personas)
    with pytest.raises(TrackingError):
        register_item(personas, deadline=dt.date(2025, 1, 1))  # refused: before the 交办 date
    second = register_item(personas)
    next_year = register_item(personas, assigned_on=dt.date(2026, 1, 5), deadline=dt.date(2026, 3, 1))

    assert (first.number, second.number, next_year.number) == (1, 2, 1)
    assert first.task.plan_id == second.task.plan_id != next_year.task.plan_id
    assert Plan.objects.filter(kind=PlanKind.ADHOC).count() == 2


def test_the_database_refuses_a_second_item_with_the_same_number(personas: Personas):
    from django.db import IntegrityError, transaction

    item = register_item(personas)
    other = make_plan(personas.org)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdhocItem.objects.create(
            organization=personas.org,
            task=other.tasks.get(position=0),
            year=item.year,
            number=item.number,
            source_kind=SourceKind.LETTER,
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, errors.ITEM_TEXT_REQUIRED),
        ({"source_kind": "rumour"}, errors.ITEM_SOURCE_KIND_INVALID),
        ({"source_text": ""}, errors.ITEM_SOURCE_REQUIRED),
        ({"lead_units": []}, errors.ITEM_LEAD_REQUIRED),
        (
            {"deadline": dt.date(2025, 5, 1)},
            errors.ITEM_DEADLINE_BEFORE_ASSIGNED.format(assigned="2025-06-03"),
        ),
    ],
)
def test_an_incomplete_item_is_refused_with_its_reason_and_nothing_is_written(
    personas: Personas, changes: dict[str, object], message: str
):
    values: dict[str, object] = {
        "text": "整治校外培训机构",
        "source_kind": SourceKind.MEETING,
        "source_text": "局党委会议定：由基教处牵头整治。",
        "assigned_on": dt.date(2025, 6, 3),
        "deadline": dt.date(2025, 8, 31),
        "lead_units": [personas.basic_ed],
    }
    values.update(changes)
    with pytest.raises(TrackingError) as refused:
        adhoc_item_register(organization=personas.org, by=personas.supervisor, **values)  # type: ignore[arg-type]

    assert refused.value.message == message
    assert not Task.objects.filter(plan__kind=PlanKind.ADHOC).exists()
    assert not Plan.objects.filter(kind=PlanKind.ADHOC).exists()


def test_a_unit_both_leading_and_supporting_or_of_another_organisation_is_refused(personas: Personas):
    from duban.accounts.models import Unit

    base = {
        "organization": personas.org,
        "by": personas.supervisor,
        "text": "事项",
        "source_kind": SourceKind.SUPERIOR,
        "source_text": "市委督查室交办。",
        "assigned_on": dt.date(2025, 6, 3),
        "deadline": dt.date(2025, 8, 31),
    }
    with pytest.raises(TrackingError) as twice:
        adhoc_item_register(**base, lead_units=[personas.basic_ed], support_units=[personas.basic_ed])  # type: ignore[arg-type]
    foreign = Unit.objects.get(organization=personas.other_org)
    with pytest.raises(TrackingError) as unknown:
        adhoc_item_register(**base, lead_units=[foreign])  # type: ignore[arg-type]

    assert twice.value.message == errors.ITEM_UNIT_TWICE.format(unit="基础教育处")
    assert unknown.value.message == errors.ITEM_UNIT_UNKNOWN


def test_only_a_supervisor_registers_items(personas: Personas):
    for user in (personas.liaison, personas.leader, personas.outsider):
        with pytest.raises(NotAllowed):
            adhoc_item_register(
                organization=personas.org,
                by=user,
                text="事项",
                source_kind=SourceKind.LETTER,
                source_text="群众来信反映校门口交通拥堵。",
                assigned_on=dt.date(2025, 6, 3),
                deadline=dt.date(2025, 8, 31),
                lead_units=[personas.basic_ed],
            )
    assert not AdhocItem.objects.exists()


def test_a_source_file_is_kept_and_one_of_a_refused_type_is_not(personas: Personas):
    base = {
        "organization": personas.org,
        "by": personas.supervisor,
        "text": "事项",
        "source_kind": SourceKind.PROPOSAL,
        "assigned_on": dt.date(2025, 6, 3),
        "deadline": dt.date(2025, 8, 31),
        "lead_units": [personas.basic_ed],
    }
    item = adhoc_item_register(**base, source_file=Upload(name="提案.pdf", content=b"%PDF-1.4 proposal"))  # type: ignore[arg-type]
    with pytest.raises(TrackingError):
        adhoc_item_register(**base, source_file=Upload(name="提案.exe", content=b"MZ\x00\x00"))  # type: ignore[arg-type]

    assert item.source_name == "提案.pdf" and item.source_file.read() == b"%PDF-1.4 proposal"
    assert AdhocItem.objects.count() == 1


def test_an_item_runs_from_its_assigned_date_so_it_is_on_pace_and_owes_no_earlier_report(personas: Personas):
    item = register_item(personas, assigned_on=dt.date(2025, 6, 3), deadline=dt.date(2025, 9, 30))

    status = task_status(item.task, today=dt.date(2025, 6, 10))

    # From 1 January the item would be 84 % expected and 5 cycles missed on its first week.
    assert status.expected == 6 and status.missed.missed == 0 and status.light == "green"


def test_an_item_is_closed_only_on_a_completion_request_carrying_its_closing_report(personas: Personas):
    item = register_item(personas)
    task = item.task

    with pytest.raises(TrackingError) as refused:
        completion_request(task=task, unit=personas.basic_ed, by=personas.liaison, reason="已完成")
    request = completion_request(
        task=task,
        unit=personas.basic_ed,
        by=personas.liaison,
        reason="已完成全覆盖并验收。",
        files=[Upload(name="办结报告.pdf", content=b"%PDF-1.4 report")],
    )

    assert refused.value.message == errors.ITEM_REPORT_REQUIRED
    assert request.attachments.count() == 1
