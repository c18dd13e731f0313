from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoiConfig(AppConfig):
    name = "roi"
    verbose_name = _("Value and ROI")

    def ready(self) -> None:
        from roi import plugins

        plugins.register()
