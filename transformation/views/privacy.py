"""A person's own data: download it, or have it erased (GDPR Art 15 and 17)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from transformation.services import privacy


class EraseForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise ValidationError(_("Type the e-mail address of this account to confirm."))
        return email


@never_cache
@login_required
def my_data(request):
    """The person's data page: what is held, the download, and the erasure."""
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.erase_person(user=request.user, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your personal data was erased and your account closed."))
            return redirect("login")
    return render(
        request, "transformation/my_data.html", {"form": form}, status=422 if form.errors else 200
    )


@never_cache
@require_GET
@login_required
def my_data_export(request):
    """Everything held about the person, as a JSON download."""
    response = JsonResponse(privacy.personal_data(request.user), json_dumps_params={"indent": 2})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response
