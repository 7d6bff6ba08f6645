from django.urls import path

from duban.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("review/", views.review_queue, name="review"),
    path("plans/<int:plan_id>/", views.plan_board, name="plan"),
    path("plans/<int:plan_id>/publish/", views.plan_publish_view, name="publish"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/<slug:action>/", views.task_action, name="task_action"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
