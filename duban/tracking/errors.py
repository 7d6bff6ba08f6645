"""Refusals of the tracking services: each message is Chinese, shown as is, and imported by the tests.

Messages of the layers below (NOT_ALLOWED, plans' publishing) are listed here too, so this module names every
refusal a supervision action can give (the API's error codes are these names).
"""

from __future__ import annotations

from duban.lib.errors import NOT_ALLOWED as NOT_ALLOWED
from duban.lib.errors import DomainError
from duban.lib.errors import NotAllowed as NotAllowed
from duban.plans.errors import CASCADED_TASK_FIXED as CASCADED_TASK_FIXED
from duban.plans.errors import CUSTOM_DATES_REQUIRED as CUSTOM_DATES_REQUIRED
from duban.plans.errors import CYCLE_INVALID as CYCLE_INVALID
from duban.plans.errors import DEADLINE_BEFORE_START as DEADLINE_BEFORE_START
from duban.plans.errors import DUE_DAY_OUT_OF_RANGE as DUE_DAY_OUT_OF_RANGE
from duban.plans.errors import PLAN_ALREADY_PUBLISHED as PLAN_ALREADY_PUBLISHED
from duban.plans.errors import TASK_DEADLINE_BEFORE_START as TASK_DEADLINE_BEFORE_START

# Every refusal, plans' included, is one DomainError: `except TrackingError` catches them all.
TrackingError = DomainError

TASK_NOT_HELD = "您所在单位不是该任务的牵头单位或责任单位，不能填报。"
LEAD_ONLY = "只有牵头单位可以申请办结或延期。"
PLAN_NOT_PUBLISHED = "方案尚未发布，暂不能填报或申请。"
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
QUALITY_INVALID = "质量评价只能是优、良、中、差之一，或不评。"
REPORT_NOT_SUBMITTED = "该进展反馈不是待审核状态（可能已被审核或撤回），操作未执行。"
REPORT_NOT_RETURNED = "只有被退回的进展反馈可以修改后重新提交。"
REASON_REQUIRED = "请填写理由。"
NO_CYCLE = "本方案已没有后续报送周期。"
REQUEST_PENDING = "该任务已有待审核的{kind}申请。"
REQUEST_NOT_PENDING = "该申请已经审核过，操作未执行。"
EXTENSION_NOT_LATER = "延期后的日期应晚于当前完成时限（{deadline}）。"
MESSAGE_REQUIRED = "请填写催办内容。"

# Cascade (分解下达) and its roll-up.
CASCADE_NO_TASKS = "请选择要下达的任务或板块。"
CASCADE_ONE_PLAN = "一次只能下达同一方案中的任务。"
CASCADE_NO_ORGANIZATIONS = "请选择接收任务的下级组织。"
CASCADE_NOT_SUBORDINATE = "“{name}”不是本组织的下级组织，不能向其下达任务。"
CASCADE_ALREADY_SENT = "任务 {no} 已经下达给“{name}”，不能重复下达。"
CASCADE_OF_CASCADED = "任务 {no} 本身是承接任务，请在本级方案中下达。"
CASCADE_SHARE_MISSING = "任务 {no} 的指标“{metric}”缺少“{name}”的分解值。"
CASCADE_SHARE_INVALID = "任务 {no} 的指标“{metric}”分给“{name}”的值应为不小于 0 的数字。"
CASCADE_SHARES_MISMATCH = (
    "任务 {no} 的指标“{metric}”分解到各下级的数值合计为 {total}，应等于上级目标 {value}。"
)
CASCADE_ALREADY_ACCEPTED = "该承接任务已于 {at} 签收。"
CASCADE_NOT_CASCADED = "该任务不是上级下达的承接任务。"
CASCADE_LEAD_REQUIRED = "请至少选择一个牵头单位。"
CASCADE_UNIT_NOT_OWN = "所选单位不属于本组织。"
CASCADE_TEXT_REQUIRED = "任务内容不能为空。"
CASCADE_ORGANIZATION_UNKNOWN = "所选组织（id {id}）不是本组织的下级组织。"
CASCADE_WITHDRAW_ACCEPTED = "“{name}”已于 {at} 签收该任务，不能撤回；如需调整，请修改下达的内容与指标。"
CASCADE_WITHDRAW_STARTED = (
    "“{name}”已就该任务报送进展、申请办结或报告节点完成，不能撤回；如需调整，请修改下达的内容与指标。"
)
# Ad-hoc 督办事项 (立项)
ITEM_TEXT_REQUIRED = "请填写督办事项内容。"
ITEM_SOURCE_KIND_INVALID = "请选择事项来源（领导批示、会议议定事项、上级交办、人大建议/政协提案或群众来信）。"
ITEM_SOURCE_REQUIRED = "请填写来源内容（批示、议定事项等原文）或上传来源文件。"
ITEM_DEADLINE_BEFORE_ASSIGNED = "完成时限不能早于交办日期（{assigned}）。"
ITEM_LEAD_REQUIRED = "请至少选择一个牵头单位。"
ITEM_UNIT_TWICE = "单位“{unit}”不能既是牵头单位又是责任单位。"
ITEM_UNIT_UNKNOWN = "所选单位不属于本单位组织。"
ITEM_REPORT_REQUIRED = "督办事项申请办结须附办结报告（上传文件）。"
DOCUMENTS_PENDING = (
    "以下文件尚未出台，不能申请办结：{titles}。请先登记文号、印发日期并上传印发文件，或请督办员同意先行办结。"
)
DOCUMENT_NUMBER_REQUIRED = "请填写文号。"
DOCUMENT_DATE_REQUIRED = "请填写印发日期。"
DOCUMENT_DATE_FUTURE = "印发日期不能晚于今天（{today}）。"
DOCUMENT_FILE_REQUIRED = "请上传印发的文件。"
DOCUMENT_ONE_FILE = "每个文件只能上传一份印发文件。"
DOCUMENT_ISSUED_ALREADY = "该文件已登记出台，如需更正请联系督办员。"
DOCUMENT_NOT_DELIVERABLE = "该文件不是任务需出台的文件。"
DOCUMENT_TITLE_REQUIRED = "请填写文件名称。"
DOCUMENT_EXISTS = "该任务已有需出台的文件《{title}》。"
DOCUMENTS_NONE_PENDING = "该任务没有未出台的文件，无需同意先行办结。"
LEAD_ONLY_DOCUMENTS = "只有牵头单位可以登记文件出台情况。"
DOCUMENT_NOT_ISSUED = "该文件尚未登记出台。"
SIGNOFF_ALREADY_SIGNED = "已签收过，无需重复签收。"
SIGNOFF_NONE_PENDING = "没有待签收的事项。"
SIGNOFF_NOTE_TOO_LONG = "回复不能超过 {limit} 字。"
RECIPIENTS_REQUIRED = "请选择催办对象：牵头单位、责任单位或具体单位。"
REPLY_BY_PAST = "回复期限不能早于今天（{today}）。"
NODES_REQUIRED = "请至少填写一个推进节点。"
NODE_TITLE_REQUIRED = "第{n}个节点请填写节点内容。"
NODE_DATE_REPEATED = "节点日期 {day} 重复，每个日期只设一个节点。"
NODE_AFTER_DEADLINE = "节点日期 {day} 晚于完成时限（{deadline}）。"
NODE_PERCENT_INVALID = "第{n}个节点的对应进度应为 1 到 100 之间的整数。"
NODE_PERCENT_DECREASING = "节点的对应进度应随日期递增（第{n}个节点低于前一个）。"
NODES_NOT_PROPOSED = "该任务没有待审核的推进计划，操作未执行。"
NODE_NOT_APPROVED = "只有已批准的推进节点可以报告完成。"
NODE_ALREADY_DONE = "该节点已于 {day} 报告完成。"
NODE_DONE_IN_FUTURE = "完成日期不能晚于今天（{today}）。"
EVIDENCE_REQUIRED = "请填写完成佐证（如印发文号、验收材料）。"
COMMENT_REQUIRED = "退回时请填写意见。"
MILESTONE_LEAD_ONLY = "只有牵头单位可以提出推进计划或报告节点完成。"
