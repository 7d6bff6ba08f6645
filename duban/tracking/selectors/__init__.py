"""Reads for tracking: task statuses and lights, summaries, timelines, my tasks and the review queue.

Each function runs a fixed number of queries whatever the number of tasks; lists that grow with an
organisation are paged by keyset (`keyset.py`). One module per page family; everything is importable
from here.
"""

from duban.tracking.selectors.keyset import InvalidCursor, Page, cursor_decode, cursor_encode
from duban.tracking.selectors.mine import (
    MyCycle,
    MyTask,
    MyTasksPage,
    my_tasks,
    my_tasks_page,
    notifications_for,
)
from duban.tracking.selectors.plan import (
    PLAN_PAGE_SIZE,
    STATUS_FIELDS,
    GroupFigures,
    MatrixRow,
    PlanDashboard,
    TaskLine,
    TaskLinePage,
    plan_dashboard,
    plan_task_lines,
    responsibility_matrix,
    task_lines_filter,
    task_lines_page,
    tasks_open_in,
)
from duban.tracking.selectors.review import REVIEW_PAGE_SIZE, ReviewQueue, review_queue
from duban.tracking.selectors.status import (
    PlanSummary,
    TargetState,
    node_facts,
    plan_summary,
    plans_share,
    statuses_for,
    target_states,
    task_facts,
    task_status,
)
from duban.tracking.selectors.task import (
    AUDIT_PAGE_SIZE,
    TargetHistory,
    TaskMilestones,
    Timeline,
    audit_page,
    target_history,
    task_get_for_user,
    task_milestones,
    task_reminders,
    task_timeline,
)

__all__ = [
    "AUDIT_PAGE_SIZE",
    "PLAN_PAGE_SIZE",
    "REVIEW_PAGE_SIZE",
    "STATUS_FIELDS",
    "GroupFigures",
    "InvalidCursor",
    "MatrixRow",
    "MyCycle",
    "MyTask",
    "MyTasksPage",
    "Page",
    "PlanDashboard",
    "PlanSummary",
    "ReviewQueue",
    "TargetHistory",
    "TargetState",
    "TaskLine",
    "TaskLinePage",
    "TaskMilestones",
    "Timeline",
    "audit_page",
    "cursor_decode",
    "cursor_encode",
    "my_tasks",
    "my_tasks_page",
    "node_facts",
    "notifications_for",
    "plan_dashboard",
    "plan_summary",
    "plan_task_lines",
    "plans_share",
    "responsibility_matrix",
    "review_queue",
    "statuses_for",
    "target_history",
    "target_states",
    "task_facts",
    "task_get_for_user",
    "task_lines_filter",
    "task_lines_page",
    "task_milestones",
    "task_reminders",
    "task_status",
    "task_timeline",
    "tasks_open_in",
]
