from datetime import timedelta

from django.utils import timezone

from assessments import services
from assessments.models import Action, Instrument, PulseSeries, Wave
from tests.urlaccess import ALL_ROLES, COORDINATOR, PUBLIC, READERS, UrlCase


def _pulse(organisation) -> Instrument:
    services.install_standard_instruments(organisation=organisation)
    return Instrument.objects.get(key="ai-pulse", version=1)


def _instrument(organisation):
    return {"pk": _pulse(organisation).pk}


def _wave(organisation):
    now = timezone.now()
    wave = services.create_wave(
        organisation=organisation,
        actor=None,
        instrument=_pulse(organisation),
        title="Pulse",
        mode=Wave.Mode.KIOSK,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    return {"pk": wave.pk}


def _action(organisation):
    wave = Wave.objects.get(pk=_wave(organisation)["pk"])
    action = Action.objects.create(
        organisation=organisation,
        wave=wave,
        scale_key="ai-sentiment",
        finding="Low",
        title="Clinic",
        due_date=timezone.localdate(),
    )
    return {"pk": action.pk}


def _series(organisation):
    series = PulseSeries.objects.create(
        organisation=organisation,
        instrument=_pulse(organisation),
        title="Monthly",
        next_run_at=timezone.now() + timedelta(days=30),
    )
    return {"pk": series.pk}


CASES = [
    UrlCase("assessments:index", ALL_ROLES),
    UrlCase("assessments:works_council", ALL_ROLES),
    UrlCase("assessments:instruments", COORDINATOR),
    UrlCase("assessments:instruments_install", COORDINATOR, method="post", ok=(302,)),
    UrlCase("assessments:instrument_import", COORDINATOR, method="post", ok=(422,)),
    UrlCase("assessments:instrument", COORDINATOR, kwargs=_instrument),
    UrlCase("assessments:instrument_edit", COORDINATOR, kwargs=_instrument),
    UrlCase(
        "assessments:instrument_copy", COORDINATOR, kwargs=_instrument, method="post", ok=(302,)
    ),
    UrlCase("assessments:instrument_export", COORDINATOR, kwargs=_instrument),
    UrlCase("assessments:wave_create", COORDINATOR),
    UrlCase("assessments:wave", COORDINATOR, kwargs=_wave),
    UrlCase("assessments:wave", COORDINATOR, kwargs=_wave, headers={"HX-Request": "true"}),
    UrlCase("assessments:wave_invite", COORDINATOR, kwargs=_wave, method="post", ok=(302,)),
    UrlCase("assessments:wave_remind", COORDINATOR, kwargs=_wave, method="post", ok=(302,)),
    UrlCase("assessments:wave_close", COORDINATOR, kwargs=_wave, method="post", ok=(302,)),
    UrlCase("assessments:results", READERS, kwargs=_wave),
    UrlCase("assessments:results", READERS, kwargs=_wave, headers={"HX-Request": "true"}),
    UrlCase("assessments:results_csv", READERS, kwargs=_wave),
    UrlCase(
        "assessments:results",
        READERS,
        kwargs=_wave,
        headers={"HX-Request": "true", "HX-Target": "heatmap"},
    ),
    UrlCase("assessments:action_create", COORDINATOR, kwargs=_wave),
    UrlCase("assessments:action_create", COORDINATOR, kwargs=_wave, method="post", ok=(422,)),
    UrlCase("assessments:actions", READERS),
    UrlCase("assessments:action_edit", COORDINATOR, kwargs=_action),
    UrlCase("assessments:series", COORDINATOR),
    UrlCase("assessments:series_toggle", COORDINATOR, kwargs=_series, method="post", ok=(302,)),
    UrlCase("survey:answer", PUBLIC, kwargs=lambda o: {"token": "not-a-token"}, ok=(404,)),
    UrlCase("survey:kiosk", PUBLIC),
    UrlCase("survey:kiosk_answer", PUBLIC, kwargs=lambda o: {"code": "NOCODE"}, ok=(404,)),
    UrlCase("survey:thanks", PUBLIC),
]
