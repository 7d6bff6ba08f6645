"""Refusals of the tracking services: each message is Chinese, shown as is, and imported by the tests."""

from __future__ import annotations

NOT_ALLOWED = "您没有权限进行此操作。"
TASK_NOT_HELD = "您所在单位不是该任务的牵头单位或责任单位，不能填报。"
LEAD_ONLY = "只有牵头单位可以申请办结或延期。"
PLAN_NOT_PUBLISHED = "方案尚未发布，暂不能填报或申请。"
PLAN_ALREADY_PUBLISHED = "方案已经发布，不能重复发布。"
TASK_COMPLETED = "任务已办结，不能再填报进展或提出申请。"
STATE_FORBIDS = "任务当前状态为“{state}”，不能{action}。"
TEXT_REQUIRED = "请填写进展情况。"
PROGRESS_REQUIRED = "牵头单位填报时须填写进度（0–100）。"
PROGRESS_OUT_OF_RANGE = "进度应为 0 到 100 之间的整数。"
PROGRESS_NOT_FOR_SUPPORT = "责任单位只填报本单位承担部分的情况，任务进度由牵头单位填报。"
TARGET_VALUE_INVALID = "指标“{metric}”的值应为数字。"
TARGET_NOT_OF_TASK = "所填指标不属于该任务。"
ATTACHMENT_EMPTY = "附件“{name}”是空文件。"
ATTACHMENT_TOO_LARGE = "附件“{name}”超过 {limit} MB 的大小限制。"
ATTACHMENTS_TOO_MANY = "一次最多上传 {limit} 个附件。"
ATTACHMENT_TYPE_REFUSED = (
    "附件“{name}”的类型不被接受，请上传 PDF、Word、Excel、PowerPoint、OFD、图片（JPG/PNG）或文本文件。"
)
REPORT_EXISTS = "本期（{period}）已有进展反馈（{status}），请在原反馈上修改。"
REPORT_NOT_DRAFT = "只有草稿状态的进展反馈可以修改或提交。"
REPORT_NOT_SUBMITTED = "该进展反馈不是待审核状态（可能已被审核或撤回），操作未执行。"
REPORT_NOT_RETURNED = "只有被退回的进展反馈可以修改后重新提交。"
REASON_REQUIRED = "请填写理由。"
NO_CYCLE = "本方案已没有后续报送周期。"
REQUEST_PENDING = "该任务已有待审核的{kind}申请。"
REQUEST_NOT_PENDING = "该申请已经审核过，操作未执行。"
EXTENSION_NOT_LATER = "延期后的日期应晚于当前完成时限（{deadline}）。"
CYCLE_INVALID = "报送周期应为每月、每季度或自定义。"
DUE_DAY_OUT_OF_RANGE = "报送日应为每月 1 到 31 日之间。"
CUSTOM_DATES_REQUIRED = "自定义报送周期须至少给出一个报送日期。"
DEADLINE_BEFORE_START = "完成时限不能早于方案起始日期（{start}）。"
MILESTONE_INVALID = "节点应包含日期和名称。"
MESSAGE_REQUIRED = "请填写催办内容。"


class TrackingError(Exception):
    """An action was refused; nothing was changed. `message` is for the user."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotAllowed(TrackingError):
    """The user may not do this here."""

    def __init__(self, message: str = NOT_ALLOWED) -> None:
        super().__init__(message)
