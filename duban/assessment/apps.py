from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "duban.assessment"
    label = "assessment"
    verbose_name = "考核"

    def ready(self) -> None:
        # The demo is loaded by tracking, which must not import this app: the half-year assessment is
        # added to it from here.
        from duban.assessment.demo import demo_assessment_load
        from duban.tracking.demo_load import demo_extension_add

        demo_extension_add(demo_assessment_load)
