from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Surveys and assessments")

    def ready(self) -> None:
        from assessments import plugins

        plugins.register()
