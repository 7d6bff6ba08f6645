"""Refusals of publishing a plan and setting a task's schedule: Chinese, shown as is, imported by the tests.

`duban.tracking.errors` lists them again with its own, so the API names each refusal from one catalogue.
"""

from __future__ import annotations

PLAN_ALREADY_PUBLISHED = "方案已经发布，不能重复发布。"
CYCLE_INVALID = "报送周期应为每月、每季度或自定义。"
DUE_DAY_OUT_OF_RANGE = "报送日应为每月 1 到 31 日之间。"
CUSTOM_DATES_REQUIRED = "自定义报送周期须至少给出一个报送日期。"
DEADLINE_BEFORE_START = "完成时限不能早于方案起始日期（{start}）。"
# A task's own deadline (schedule page, cascaded task changed): worded apart so the API names its field.
TASK_DEADLINE_BEFORE_START = "任务的完成时限不能早于方案起始日期（{start}）。"
CASCADED_TASK_FIXED = (
    "该任务是上级分解下达的承接任务：内容、完成时限、节点和指标由上级确定，本级只能分配责任单位。"
)
ROLE_INVALID = "单位角色应为牵头单位或责任单位。"
UNIT_ALREADY_ON_TASK = "{unit}已是该任务的承担单位。"
