from django.urls import path

from duban.reports import views

app_name = "reports"

urlpatterns = [
    path("adhoc/<int:item_id>/notice/", views.adhoc_notice, name="adhoc_notice"),
    path("<int:plan_id>/circular/draft/", views.circular_draft, name="circular_draft"),
    path("<int:plan_id>/<slug:kind>/", views.plan_export, name="export"),
]
