from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "duban.tracking"
    label = "tracking"
    verbose_name = "督办"

    def ready(self) -> None:
        """Store the audit entries the apps below tracking record through `duban.lib.audit`, and ask for
        签收 when plans publishes a plan or assigns a task to a unit."""
        from duban.lib.audit import audit_recorder_set
        from duban.plans import signals
        from duban.tracking.services import signoffs
        from duban.tracking.services.audit import audit_record

        audit_recorder_set(audit_record)
        signals.plan_published.connect(signoffs.on_plan_published, dispatch_uid="tracking.signoffs.plan")
        signals.task_units_assigned.connect(
            signoffs.on_task_units_assigned, dispatch_uid="tracking.signoffs.assigned"
        )
