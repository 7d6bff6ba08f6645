"""The audit trail in words: one Chinese sentence an entry, never a dict or an action code."""

import pytest

from duban.tracking.audit_text import audit_sentence


@pytest.mark.parametrize(
    ("action", "before", "after", "expected"),
    [
        (
            "report_submit",
            {"status": "draft"},
            {"period": "2025-06-25", "progress": 60},
            "陈联络 提交 6月25日期进展（进度60%）",
        ),
        ("report_save", None, {"period": "2025-06-25", "progress": None}, "陈联络 保存 6月25日期进展草稿"),
        (
            "report_return",
            None,
            {"period": "2025-06-25", "review_comment": "数据不实"},
            "陈联络 退回 6月25日期进展：数据不实",
        ),
        ("report_approve", None, {"period": "2025-06-25", "review_comment": ""}, "陈联络 通过 6月25日期进展"),
        (
            "extensionrequest_approve",
            None,
            {"status": "approved", "new_deadline": "2025-09-30"},
            "陈联络 同意延期至 2025-09-30",
        ),
        ("extensionrequest_approve", None, {"status": "approved"}, "陈联络 同意延期"),
        (
            "extension_request",
            None,
            {"new_deadline": "2025-09-30", "reason": "待审批"},
            "陈联络 申请延期至 2025-09-30：待审批",
        ),
        ("completionrequest_refuse", None, {"decision_comment": "材料不全"}, "陈联络 退回办结申请：材料不全"),
        (
            "task_update",
            {"state": "not_started"},
            {"state": "in_progress"},
            "陈联络 更新任务：任务状态改为“推进中”",
        ),
        ("reminder_send", None, {"kind": "manual", "body": "请尽快报送"}, "陈联络 发出催办：请尽快报送"),
        (
            "task_cascade",
            None,
            {"organization": "甲县教育局", "child_task": 9},
            "陈联络 分解下达给甲县教育局",
        ),
        ("cascade_accept", None, {"accepted_at": "2025-01-12T10:00:00"}, "陈联络 签收上级下达的任务"),
        (
            "cascade_task_sync",
            {"deadline": "2025-06-30"},
            {"deadline": "2025-10-31"},
            "陈联络 按上级调整更新承接任务：完成时限 2025-10-31",
        ),
        (
            "cascade_task_sync",
            {},
            {"nodes": ["2025-06-30 完成方案（50%）"]},
            "陈联络 按上级调整更新承接任务：完成时限 未变，推进计划（1 个节点）：2025-06-30 完成方案（50%）",
        ),
        (
            "reminder_send",
            None,
            {"kind": "manual", "body": "请尽快报送", "reply_by": "2025-07-15"},
            "陈联络 发出催办：请尽快报送，请于 2025-07-15 前签收回复",
        ),
        ("signoff_sign", {"signed_at": None}, {"reason": "published", "note": ""}, "陈联络 签收方案发布事项"),
        (
            "signoff_sign",
            None,
            {"reason": "urged", "note": "本周报送"},
            "陈联络 签收催办事项，回复：本周报送",
        ),
        ("signoff_sign", None, {"reason": "cascade"}, "陈联络 签收交办事项"),
        ("task_unit_add", None, {"unit": "计财处", "role": "support"}, "陈联络 增加责任单位计财处"),
    ],
)
def test_each_known_action_reads_as_a_sentence(action, before, after, expected):
    assert audit_sentence(actor="陈联络", action=action, before=before, after=after) == expected


def test_an_unknown_action_or_odd_values_fall_back_to_a_generic_sentence_without_the_values():
    text = audit_sentence(actor="", action="something_new", before={"reviewed_by": 2}, after=[1, 2])

    assert text == "系统 进行了一项操作"


def test_values_of_the_wrong_shape_never_break_a_sentence():
    text = audit_sentence(
        actor="林督办", action="report_submit", before="x", after={"period": 7, "progress": "a"}
    )

    assert text == "林督办 提交 本期进展"


def test_a_report_entry_takes_its_period_and_progress_from_the_report_when_they_did_not_change():
    text = audit_sentence(
        actor="陈联络",
        action="report_submit",
        before={"status": "draft"},
        after={"status": "submitted"},
        subject={"period": "2025-06-25", "progress": 60},
    )

    assert text == "陈联络 提交 6月25日期进展（进度60%）"
