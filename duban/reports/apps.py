from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "duban.reports"
    label = "reports"
    verbose_name = "报表"
