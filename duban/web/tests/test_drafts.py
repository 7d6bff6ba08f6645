"""The draft JSON: a parsed plan survives the round trip; merging, removing and purging behave."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from duban.ingest import ParseWarning
from duban.test import Personas, make_parsed_plan
from duban.web import drafts
from duban.web.models import ImportDraft
from duban.web.services import drafts_purge_stale


def test_a_parsed_plan_survives_the_round_trip_through_the_draft() -> None:
    parsed = make_parsed_plan(6)
    assert drafts.parsed_from_draft(drafts.draft_from_parsed(parsed)) == parsed


def test_warnings_follow_their_task_when_it_is_renumbered() -> None:
    data = drafts.draft_from_parsed(make_parsed_plan(3))
    data["tasks"][0]["no"] = "1A"
    assert [w.task_no for w in drafts.parsed_from_draft(data).warnings] == ["1A"]


def test_merging_joins_text_units_and_targets_into_the_task_above() -> None:
    data = drafts.draft_from_parsed(make_parsed_plan(3))
    merged = drafts.task_merge_into_previous(data, data["tasks"][1]["key"])
    assert merged is not None
    assert [t["no"] for t in data["tasks"]] == ["1", "3"]
    assert merged["lead_units"] == ["基教处", "计财处", "办公室"]
    assert len(merged["targets"]) == 4


def test_the_first_task_has_nothing_to_merge_into() -> None:
    data = drafts.draft_from_parsed(make_parsed_plan(2))
    assert drafts.task_merge_into_previous(data, data["tasks"][0]["key"]) is None
    assert len(data["tasks"]) == 2


def test_removing_a_section_leaves_its_tasks_outside_any_section() -> None:
    data = drafts.draft_from_parsed(make_parsed_plan(4))
    drafts.section_remove(data, data["sections"][0]["key"])
    assert [t.section_no for t in drafts.parsed_from_draft(data).tasks] == [None, None, "二", "二"]


@pytest.mark.django_db
def test_drafts_untouched_for_a_week_are_purged(personas: Personas) -> None:
    now = timezone.now()
    old, _fresh = (
        ImportDraft.objects.create(
            organization=personas.org, created_by=personas.supervisor, filename="a.txt", content=b""
        )
        for _ in range(2)
    )
    ImportDraft.objects.filter(pk=old.pk).update(updated_at=now - dt.timedelta(days=8))
    assert drafts_purge_stale(now=now) == 1
    assert ImportDraft.objects.count() == 1


def test_a_note_made_word_for_word_on_several_tasks_is_said_once_for_the_plan() -> None:
    parsed = make_parsed_plan(3)
    rule = "本方案所列时限均为最迟完成时限。"
    parsed.warnings = [ParseWarning(task_no=no, code="note", message=rule) for no in ("1", "2", "3")] + [
        ParseWarning(task_no="2", code="units_joined", message="单位名称可能粘连，请核对。")
    ]
    data = drafts.draft_from_parsed(parsed)
    assert data["warnings"] == [{"code": "note", "message": drafts.PLAN_WIDE.format(message=rule, n=3)}]
    assert [len(t["warnings"]) for t in data["tasks"]] == [0, 1, 0]


@pytest.mark.parametrize(
    ("no", "title", "label"),
    [
        ("一", "深化教育改革", "一、深化教育改革"),
        ("（一）", "统筹推进教育改革。", "（一）统筹推进教育改革"),
        ("1.", "加强党建", "1.加强党建"),
        ("", "其他工作；", "其他工作"),
    ],
)
def test_a_section_label_has_no_doubled_or_trailing_punctuation(no: str, title: str, label: str) -> None:
    assert drafts.section_label(no, title) == label


def test_the_nodes_are_read_again_from_the_text_as_edited_in_the_draft() -> None:
    data = drafts.draft_from_parsed(make_parsed_plan(2))
    data["tasks"][0]["text"] = "6月底前出台实施方案，年底前完成验收"

    tasks = drafts.parsed_from_draft(data).tasks

    assert [(m.date, m.title) for m in tasks[0].milestones] == [
        (dt.date(2025, 6, 30), "出台实施方案"),
        (dt.date(2025, 12, 31), "完成验收"),
    ]
    assert tasks[1].milestones == []
