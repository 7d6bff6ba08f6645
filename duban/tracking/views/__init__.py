"""Tracking pages, one module per page (see urls.py)."""

from duban.tracking.views.adhoc import adhoc_list, adhoc_new, adhoc_source
from duban.tracking.views.cascade import (
    cascade_accept_view,
    cascade_link,
    cascade_send,
    cascade_units_view,
    rollup_page,
)
from duban.tracking.views.cascade_change import cascade_change, cascade_withdraw_view
from duban.tracking.views.dashboard import dashboard, dashboard_home
from duban.tracking.views.documents import document_action
from duban.tracking.views.milestones import milestone_done, task_milestones
from duban.tracking.views.my_tasks import my_tasks
from duban.tracking.views.notifications import notifications, notifications_read
from duban.tracking.views.plan_pages import matrix, publish, unit_page
from duban.tracking.views.report_form import report_form
from duban.tracking.views.review import review_approve_many, review_decide, review_queue
from duban.tracking.views.schedule import task_schedule
from duban.tracking.views.signoffs import signoff_sign, signoffs_sign_all
from duban.tracking.views.tasks import attachment_download, task_action, task_detail

__all__ = [
    "adhoc_list",
    "adhoc_new",
    "adhoc_source",
    "attachment_download",
    "cascade_accept_view",
    "cascade_change",
    "cascade_link",
    "cascade_send",
    "cascade_units_view",
    "cascade_withdraw_view",
    "dashboard",
    "dashboard_home",
    "document_action",
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
    "rollup_page",
    "signoff_sign",
    "signoffs_sign_all",
    "task_action",
    "task_detail",
    "task_milestones",
    "task_schedule",
    "unit_page",
]
