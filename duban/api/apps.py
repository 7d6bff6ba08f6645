from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "duban.api"
    label = "api"
    verbose_name = "API"
