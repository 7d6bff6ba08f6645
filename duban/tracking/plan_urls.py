from django.urls import path

from duban.tracking.views import plans as views

# The plan list and page keep their own namespace and addresses (/plans/…), served by tracking's views.
app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
]
