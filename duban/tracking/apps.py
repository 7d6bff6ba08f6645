from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "duban.tracking"
    label = "tracking"
    verbose_name = "督办"

    def ready(self) -> None:
        """Store the audit entries the apps below tracking record through `duban.lib.audit`."""
        from duban.lib.audit import audit_recorder_set
        from duban.tracking.services.audit import audit_record

        audit_recorder_set(audit_record)
