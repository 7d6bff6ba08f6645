from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from duban.ops.views import health
from duban.web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/", include("duban.tracking.plan_urls")),
    path("tracking/", include("duban.tracking.urls")),
    path("import/", include("duban.web.urls")),
    path("account/", include("duban.web.account")),
    path("reports/", include("duban.reports.urls")),
    path("assessment/", include("duban.assessment.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("duban.api.urls")),
    path("healthz", health, name="health"),
]
