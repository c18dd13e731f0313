from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransformationConfig(AppConfig):
    name = "transformation"
    verbose_name = _("AI transformation programme")

    def ready(self) -> None:
        from django.db.models import fields

        from transformation import plugins

        # Django's own "- Select an option -" has no German or Dutch translation:
        # every select's empty choice reads in the reader's language instead.
        fields.BLANK_CHOICE_LABEL = _("Choose…")
        plugins.register()
