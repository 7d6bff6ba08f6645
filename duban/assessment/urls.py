from django.urls import path

from duban.assessment import views

app_name = "assessment"

urlpatterns = [
    path("plans/<int:plan_id>/", views.results, name="results"),
    path("plans/<int:plan_id>/scheme/", views.scheme, name="scheme"),
    path("plans/<int:plan_id>/entries/", views.entry_add, name="entry_add"),
    path("plans/<int:plan_id>/entries/<int:entry_id>/remove/", views.entry_remove, name="entry_remove"),
    path("plans/<int:plan_id>/export/<slug:fmt>/", views.export, name="export"),
]
