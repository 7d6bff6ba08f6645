from django.urls import path

from duban.reports import views

app_name = "reports"

urlpatterns = [
    path("<int:plan_id>/circular/draft/", views.circular_draft, name="circular_draft"),
    path("<int:plan_id>/<slug:kind>/", views.plan_export, name="export"),
]
