"""Forms of the notification pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from transformation.models import ChannelWebhook, NotificationPreference
from transformation.webhooks import check_address


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["digest"]
        widgets = {"digest": forms.RadioSelect}


class ChannelWebhookForm(forms.ModelForm):
    class Meta:
        model = ChannelWebhook
        fields = ["kind", "url", "frequency", "enabled"]
        widgets = {"url": forms.URLInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = _(
            "The incoming-webhook address of the steering committee's channel. It works like a "
            "password: it is stored, never shown in full again and never written to the audit "
            "trail. Leave it empty to keep the saved one."
        )
        if self.instance.pk:
            self.fields["url"].required = False
            self.initial["url"] = ""

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url:
            check_address(url)
        elif not self.instance.pk:
            raise forms.ValidationError(_("Enter the webhook address."))
        return url
