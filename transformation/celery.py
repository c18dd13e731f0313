import logging
import os
from functools import partial
from pathlib import Path

from celery import Celery, shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformation.settings")

app = Celery("transformation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@app.on_after_configure.connect
def create_task_folders(sender: Celery, **kwargs) -> None:
    """Create the folders of the development broker (`filesystem://`); kombu expects them."""
    if not str(sender.conf.broker_url).startswith("filesystem://"):
        return
    options = sender.conf.broker_transport_options
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        Path(options[key]).mkdir(parents=True, exist_ok=True)


class OrganisationTask(DjangoTask):
    """A task run for one organisation, as pretix's `EventTask` runs for one event.

    It is sent with `organisation_id=<pk>` (a primitive, so the message stays
    JSON) and its body receives `organisation=<Organisation>`, running inside
    `scope(organisation=...)`: every query of the task sees this organisation's
    rows only, so a row id from another organisation is simply not found.

    It activates neither a language nor a time zone: a report, a digest or a
    survey mail has its own language (the reader's, not the organisation's
    default), and the services that count local days override the
    organisation's zone themselves (`transformation.clocks.organisation_zone`).
    """

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # Celery checks the arguments of `delay()` against the body's signature;
        # the message carries the organisation's id where the body takes the row.
        body_check = cls.__dict__.get("__header__")
        if body_check is not None:
            check = body_check.__func__

            def message_check(*args, organisation_id, **kwargs):
                return check(*args, organisation=organisation_id, **kwargs)

            cls.__header__ = staticmethod(message_check)

    def delay_on_commit(self, *args, countdown: float | None = None, **kwargs) -> None:
        """Send after commit; with the broker down, log and leave the row pending.

        Every task of this kind works on a row that records what is to be done
        (a queued report, a planned digest, a pack to render), so a message the
        broker could not take is not lost: the beat's sweeper sends it again
        (`resend_stalled_board_reports`, the digest planner's retries). The
        request that queued the work answers normally instead of a 500.
        """
        transaction.on_commit(partial(self._send_or_leave_pending, args, kwargs, countdown))

    def _send_or_leave_pending(self, args, kwargs, countdown: float | None = None) -> None:
        try:
            if countdown:  # run no earlier than this many seconds from now
                self.apply_async(args, kwargs, countdown=countdown)
            else:
                self.delay(*args, **kwargs)
        except BrokerUnreachable as error:
            logger.warning(
                "%s not sent, the broker is unreachable (%s); left pending", self.name, error
            )

    def __call__(self, *args, organisation_id: int, **kwargs):
        from django_scopes import scope

        from transformation.models import Organisation

        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            # Deleted after the task was queued: its rows went with it.
            logger.info("%s: organisation %s no longer exists", self.name, organisation_id)
            return None
        with scope(organisation=organisation):
            return super().__call__(*args, organisation=organisation, **kwargs)


def organisation_task(*args, **options):
    """`@shared_task` for a task run for one organisation (see `OrganisationTask`)."""
    return shared_task(*args, base=OrganisationTask, **options)
