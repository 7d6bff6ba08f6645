from django.urls import path

from duban.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("dashboard/", views.dashboard_home, name="dashboard"),
    path("review/", views.review_queue, name="review"),
    path("review/approve/", views.review_approve_many, name="review_approve_many"),
    path("review/<slug:kind>/<int:item_id>/", views.review_decide, name="review_decide"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("adhoc/", views.adhoc_list, name="adhoc"),
    path("adhoc/new/", views.adhoc_new, name="adhoc_new"),
    path("adhoc/<int:item_id>/source/", views.adhoc_source, name="adhoc_source"),
    path("signoffs/sign/", views.signoffs_sign_all, name="signoffs_sign"),
    path("signoffs/<int:signoff_id>/sign/", views.signoff_sign, name="signoff_sign"),
    path("plans/<int:plan_id>/", views.dashboard, name="plan"),
    path("plans/<int:plan_id>/publish/", views.publish, name="publish"),
    path("plans/<int:plan_id>/matrix/", views.matrix, name="matrix"),
    path("plans/<int:plan_id>/units/<int:unit_id>/", views.unit_page, name="unit"),
    path("plans/<int:plan_id>/cascade/", views.cascade_send, name="cascade_send"),
    path("plans/<int:plan_id>/rollup/", views.rollup_page, name="rollup"),
    path("cascades/<int:link_id>/", views.cascade_link, name="cascade"),
    path("cascades/<int:link_id>/accept/", views.cascade_accept_view, name="cascade_accept"),
    path("cascades/<int:link_id>/units/", views.cascade_units_view, name="cascade_units"),
    path("cascades/<int:link_id>/withdraw/", views.cascade_withdraw_view, name="cascade_withdraw"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/cascade/", views.cascade_change, name="cascade_change"),
    path("tasks/<int:task_id>/units/<int:unit_id>/report/", views.report_form, name="report"),
    path("tasks/<int:task_id>/schedule/", views.task_schedule, name="schedule"),
    path("tasks/<int:task_id>/documents/<slug:action>/", views.document_action, name="document_action"),
    path("tasks/<int:task_id>/milestones/", views.task_milestones, name="milestones"),
    path(
        "tasks/<int:task_id>/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"
    ),
    path("tasks/<int:task_id>/<slug:action>/", views.task_action, name="task_action"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
