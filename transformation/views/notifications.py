"""The notification centre, each member's digest preference, the steering committee's channel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from transformation import permissions
from transformation.lists import paginate
from transformation.models import ChannelWebhook, Notification, NotificationPreference
from transformation.notification_forms import ChannelWebhookForm, NotificationPreferenceForm
from transformation.permissions import permission_required
from transformation.services import notifications as services


def _centre(request, status=200):
    rows = services.notifications_for(request.membership, timezone.now())
    path = reverse("notifications", kwargs={"org": request.organisation.slug})
    listing = paginate(request, rows, path=path)
    context = {
        "listing": listing,
        "notifications": list(listing),
        "unread": sum(1 for row in rows if row.is_unread),
    }
    template = "transformation/notifications.html"
    if request.htmx:
        template += "#centre"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@permission_required(permissions.view_notifications)
def notifications(request, org):
    return _centre(request)


@require_POST
@permission_required(permissions.view_notifications)
def notification_open(request, org, pk):
    """Mark one notification read and go to its page (a page the member may see)."""
    row = get_object_or_404(Notification, pk=pk, membership=request.membership)
    services.mark_notification_read(notification=row)
    prefix = f"/o/{request.organisation.slug}/"
    if not row.url.startswith(prefix) or not url_has_allowed_host_and_scheme(row.url, None):
        raise Http404
    return redirect(row.url)


@require_POST
@permission_required(permissions.view_notifications)
def notifications_read(request, org):
    count = services.mark_all_read(membership=request.membership)
    if not request.htmx:
        messages.success(request, _("All notifications marked as read (%(n)d).") % {"n": count})
        return redirect("notifications", org=org)
    return _centre(request)


@permission_required(permissions.view_notifications)
def notification_settings(request, org):
    preference = NotificationPreference.objects.filter(membership=request.membership).first()
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.save_notification_preference(
            membership=request.membership, actor=request.user, digest=form.cleaned_data["digest"]
        )
        messages.success(request, _("Notification settings saved."))
        return redirect("notification_settings", org=org)
    status = 422 if form.errors else 200
    return render(
        request, "transformation/notification_settings.html", {"form": form}, status=status
    )


@permission_required(permissions.configure_channel)
def channel_webhook(request, org):
    webhook = ChannelWebhook.objects.filter(organisation=request.organisation).first()
    form = ChannelWebhookForm(request.POST or None, instance=webhook)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_channel_webhook(
                organisation=request.organisation, actor=request.user, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Channel settings saved."))
            return redirect("channel_webhook", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "webhook": webhook}
    return render(request, "transformation/channel_webhook.html", context, status=status)


@require_POST
@permission_required(permissions.configure_channel)
def channel_webhook_test(request, org):
    if not ChannelWebhook.objects.filter(organisation=request.organisation).exists():
        messages.error(request, _("Save the channel's webhook address first."))
    else:
        services.request_channel_test(organisation=request.organisation, actor=request.user)
        messages.success(
            request, _("A test message is on its way. Reload this page to see the answer.")
        )
    return redirect("channel_webhook", org=org)
