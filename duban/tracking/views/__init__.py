"""Tracking pages, one module per page (see urls.py)."""

from duban.tracking.views.dashboard import dashboard, dashboard_home
from duban.tracking.views.milestones import milestone_done, task_milestones
from duban.tracking.views.my_tasks import my_tasks
from duban.tracking.views.notifications import notifications, notifications_read
from duban.tracking.views.plan_pages import matrix, publish, unit_page
from duban.tracking.views.report_form import report_form
from duban.tracking.views.review import review_approve_many, review_decide, review_queue
from duban.tracking.views.schedule import task_schedule
from duban.tracking.views.tasks import attachment_download, task_action, task_detail

__all__ = [
    "attachment_download",
    "dashboard",
    "dashboard_home",
    "matrix",
    "milestone_done",
    "my_tasks",
    "notifications",
    "notifications_read",
    "publish",
    "report_form",
    "review_approve_many",
    "review_decide",
    "review_queue",
    "task_action",
    "task_detail",
    "task_milestones",
    "task_schedule",
    "unit_page",
]
