from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "adoption"
    verbose_name = _("Change management")

    def ready(self) -> None:
        from adoption import plugins

        plugins.register()
