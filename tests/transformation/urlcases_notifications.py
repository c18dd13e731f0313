from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.urlaccess import ALL_ROLES, COORDINATOR, UrlCase
from transformation.models import Notification


def _someone_elses_notification(organisation):
    """A notification of a member the test never logs in as: nobody else may open it."""
    owner = MembershipFactory(organisation=organisation, user=UserFactory(), role="employee")
    row = Notification.objects.create(
        organisation=organisation,
        membership=owner,
        item_key="test:1",
        source="test",
        stage="upcoming",
        title={"en": "Something"},
        url=f"/o/{organisation.slug}/",
        due_at=timezone.now(),
    )
    return {"pk": row.pk}


CASES = [
    UrlCase("notifications", ALL_ROLES),
    UrlCase("notifications", ALL_ROLES, headers={"HX-Request": "true"}),
    UrlCase("notifications_read", ALL_ROLES, method="post", ok=(302,)),
    UrlCase(
        "notification_open",
        ALL_ROLES,
        kwargs=_someone_elses_notification,
        method="post",
        ok=(404,),
    ),
    UrlCase("notification_settings", ALL_ROLES),
    UrlCase("channel_webhook", COORDINATOR),
    UrlCase("channel_webhook_test", COORDINATOR, method="post", ok=(302,)),
]
