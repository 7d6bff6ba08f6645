from django.urls import path

from duban.web import views

app_name = "web"

urlpatterns = [
    path("", views.import_upload, name="import"),
    path("<int:draft_id>/", views.import_draft, name="import_draft"),
    path("<int:draft_id>/source/", views.import_source, name="import_source"),
    path("<int:draft_id>/discard/", views.import_discard, name="import_discard"),
]
