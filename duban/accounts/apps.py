from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = "组织与账号"

    def ready(self) -> None:
        # The admin has imported every app's admin module by now (django.contrib.admin is listed first).
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # type: ignore[import-untyped]

        from duban.accounts.admin_scope import superusers_only

        superusers_only(AccessAttempt, AccessLog, AccessFailureLog)
