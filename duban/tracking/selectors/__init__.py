"""Reads for tracking: task statuses and lights, summaries, timelines, my tasks and the review queue.

Each function runs a fixed number of queries whatever the number of tasks; lists that grow with an
organisation are paged by keyset (`keyset.py`). One module per page family; everything is importable
from here.
"""

from duban.tracking.selectors.documents import Deliverable, task_deliverables
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
    OpenTask,
    PlanDashboard,
    TaskLine,
    TaskLinePage,
    plan_dashboard,
    plan_task_lines,
    responsibility_matrix,
    task_lines_filter,
    task_lines_page,
    tasks_open_in,
    tasks_open_in_plans,
)
from duban.tracking.selectors.review import REVIEW_PAGE_SIZE, ReviewQueue, review_queue
from duban.tracking.selectors.signoffs import (
    PlanUnsigned,
    SignOffLine,
    TaskSignOffs,
    my_signoffs,
    plan_unsigned,
    task_signoffs,
)
from duban.tracking.selectors.status import (
    PlanSummary,
    TargetState,
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
    Timeline,
    audit_page,
    target_history,
    task_get_for_user,
    task_reminders,
    task_timeline,
)

__all__ = [
    "AUDIT_PAGE_SIZE",
    "PLAN_PAGE_SIZE",
    "REVIEW_PAGE_SIZE",
    "STATUS_FIELDS",
    "Deliverable",
    "GroupFigures",
    "InvalidCursor",
    "MatrixRow",
    "MyCycle",
    "MyTask",
    "MyTasksPage",
    "OpenTask",
    "Page",
    "PlanDashboard",
    "PlanSummary",
    "PlanUnsigned",
    "ReviewQueue",
    "SignOffLine",
    "TargetHistory",
    "TargetState",
    "TaskLine",
    "TaskLinePage",
    "TaskSignOffs",
    "Timeline",
    "audit_page",
    "cursor_decode",
    "cursor_encode",
    "my_signoffs",
    "my_tasks",
    "my_tasks_page",
    "notifications_for",
    "plan_dashboard",
    "plan_summary",
    "plan_task_lines",
    "plan_unsigned",
    "plans_share",
    "responsibility_matrix",
    "review_queue",
    "statuses_for",
    "target_history",
    "target_states",
    "task_deliverables",
    "task_facts",
    "task_get_for_user",
    "task_lines_filter",
    "task_lines_page",
    "task_reminders",
    "task_signoffs",
    "task_status",
    "task_timeline",
    "tasks_open_in",
    "tasks_open_in_plans",
]
