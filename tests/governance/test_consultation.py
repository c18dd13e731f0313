"""Works-council consultation: duties by country, the go-live guard, the record, the pack."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from governance import services
from governance.models import (
    ApprovalRequest,
    Consultation,
    InformationPack,
    UseCase,
    WorksAgreement,
)
from governance.services import consultations
from tests.factories import MembershipFactory
from tests.governance.factories import UseCaseFactory
from transformation.models import Role


@pytest.fixture(autouse=True)
def english_by_default():
    """Requests in another language leave it active in the thread; services speak English here."""
    with translation.override("en"):
        yield


MONITORING = {"used_at_workplace": True, "monitors_employees": True, "personal_data": True}
ASSISTANT = {"generates_content": True, "used_at_workplace": True}


def approved_for_pilot(tenant, answers, *, country="DE", works_council=True):
    """A classified use case with a granted pilot approval, waiting only for go-live."""
    organisation = tenant.organisation
    organisation.country, organisation.has_works_council = country, works_council
    organisation.save()
    with scope(organisation=organisation):
        use_case = UseCaseFactory(
            organisation=organisation,
            department=tenant.departments["Support"],
            state="assessment",
            description="Plans pick routes and tracks picks per person.",
        )
        services.classify_use_case(use_case=use_case, actor=None, answers=answers)
        request = services.request_approval(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), target_state="pilot"
        )
        services.decide_approval(
            request=request,
            actor=tenant.user(Role.STEERING),
            membership=tenant.members[Role.STEERING],
            outcome="approve",
            reasoning="Good case.",
        )
        return UseCase.objects.get(pk=use_case.pk)


def errors(use_case, target="pilot"):
    with scope(organisation=use_case.organisation):
        return services.transition_errors(UseCase.objects.get(pk=use_case.pk), target)


def save(tenant, use_case, **values):
    base = {
        "status": "to_inform",
        "category": "",
        "agreement": None,
        "agreement_reference": "",
        "informed_on": None,
        "started_on": None,
        "concluded_on": None,
        "participants": "",
        "notes": "",
    }
    with scope(organisation=tenant.organisation):
        return consultations.save_consultation(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), values={**base, **values}
        )


def test_german_monitoring_system_needs_co_determination_before_go_live(tenant):
    use_case = approved_for_pilot(tenant, MONITORING)
    assert errors(use_case) == [
        "Involve the works council and the workers first "
        "(§87(1) Nr. 6 BetrVG, §90(1) Nr. 3 BetrVG)."
    ]
    save(tenant, use_case, status="in_consultation", informed_on=date(2026, 10, 1))
    assert "consent is needed" in errors(use_case)[0]
    save(tenant, use_case, status="refused", concluded_on=date(2026, 11, 1))
    assert "refused" in errors(use_case)[0]
    save(tenant, use_case, status="agreed", concluded_on=date(2026, 11, 2))
    assert errors(use_case) == []
    with scope(organisation=tenant.organisation):
        services.move_use_case(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), target_state="pilot"
        )


def test_dutch_organisation_gets_wor_and_never_betrvg(tenant, client_for):
    use_case = approved_for_pilot(tenant, MONITORING, country="NL")
    [message] = errors(use_case)
    assert "art. 27(1)(l) WOR" in message
    assert "BetrVG" not in message
    client = client_for(tenant.user(Role.STEERING))
    page = client.get(
        reverse("governance:consultation", kwargs={"org": tenant.slug, "pk": use_case.pk})
    ).content.decode()
    assert "art. 27(1)(l) WOR" in page
    assert "art. 25(1)(k) WOR" in page
    assert "BetrVG" not in page
    with scope(organisation=tenant.organisation):
        flags = UseCase.objects.get(pk=use_case.pk).current_classification.flags
    assert flags["works_council"] == ["art. 27(1)(l) WOR", "art. 25(1)(k) WOR"]


def test_information_duty_is_concluded_once_the_council_is_informed(tenant):
    use_case = approved_for_pilot(tenant, ASSISTANT)
    assert "Inform the works council" not in errors(use_case)[0]  # no record yet
    save(tenant, use_case, status="to_inform")
    assert errors(use_case) == [
        "Inform the works council and the affected workers before go-live (§90(1) Nr. 3 BetrVG)."
    ]
    save(tenant, use_case, status="to_inform", informed_on=timezone.localdate())
    assert errors(use_case) == []


def test_no_works_council_and_no_high_risk_means_no_consultation(tenant):
    use_case = approved_for_pilot(tenant, MONITORING, works_council=False)
    assert errors(use_case) == []


def test_high_risk_at_the_workplace_informs_workers_even_without_a_council(tenant):
    use_case = approved_for_pilot(
        tenant, {**MONITORING, "annex_iii_points": ["4b"]}, country="FR", works_council=False
    )
    assert errors(use_case) == [
        "Involve the works council and the workers first (Art 26(7) AI Act)."
    ]


def test_dutch_advice_refused_blocks_for_a_month(tenant):
    use_case = approved_for_pilot(tenant, ASSISTANT, country="NL")
    today = timezone.localdate()
    save(tenant, use_case, status="refused", concluded_on=today - timedelta(days=10))
    assert "art. 25(6) WOR" in errors(use_case)[0]
    save(tenant, use_case, status="refused", concluded_on=today - timedelta(days=31))
    assert errors(use_case) == []


def test_framework_agreement_in_force_covers_several_use_cases(tenant):
    first = approved_for_pilot(tenant, MONITORING)
    with scope(organisation=tenant.organisation):
        agreement = WorksAgreement.objects.create(
            organisation=tenant.organisation,
            kind="framework",
            reference="RBV-KI-1",
            title="KI-Systeme",
            categories=["workforce", "assistant"],
            concluded_on=date(2026, 1, 15),
            valid_until=date(2027, 12, 31),
        )
    save(tenant, first, status="in_force", category="workforce", agreement=agreement)
    assert errors(first) == []
    with pytest.raises(ValidationError) as refused:
        save(tenant, first, status="in_force", category="recruitment", agreement=agreement)
    assert "does not cover this category" in str(refused.value)
    agreement.valid_until = date(2026, 2, 1)
    agreement.save()
    assert errors(first) == ["The agreement RBV-KI-1 is not in force today."]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": "not_needed"}, "status"),
        ({"status": "agreed"}, "concluded_on"),
        ({"status": "to_inform", "informed_on": date(2099, 1, 1)}, "informed_on"),
        ({"status": "in_force"}, "agreement"),
    ],
)
def test_a_record_that_contradicts_the_rules_is_refused(tenant, values, field):
    use_case = approved_for_pilot(tenant, MONITORING)
    with pytest.raises(ValidationError) as refused:
        save(tenant, use_case, **values)
    assert field in refused.value.message_dict


def test_refused_form_keeps_the_input_and_says_why_in_german(tenant, client_for):
    use_case = approved_for_pilot(tenant, MONITORING)
    save(tenant, use_case, status="in_consultation", participants="Betriebsrat: J. Hoffmann")
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        reverse("governance:consultation", kwargs={"org": tenant.slug, "pk": use_case.pk}),
        {"status": "not_needed", "participants": "Betriebsrat: J. Hoffmann, A. Demir"},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Die Regeln verlangen" in content
    assert "J. Hoffmann, A. Demir" in content
    with scope(organisation=tenant.organisation):
        kept = Consultation.objects.get(use_case=use_case)
    assert (kept.status, kept.participants) == ("in_consultation", "Betriebsrat: J. Hoffmann")


def test_only_those_who_edit_the_use_case_save_its_consultation(tenant, client_for):
    """Readers see the record; the steering committee and other departments' champions
    cannot change it (the page declares view_register, saving asks edit_use_case)."""
    use_case = approved_for_pilot(tenant, MONITORING)  # in Support
    save(tenant, use_case, status="in_consultation", participants="Betriebsrat")
    with scope(organisation=tenant.organisation):
        sales_champion = MembershipFactory(
            organisation=tenant.organisation,
            role=Role.CHAMPION,
            department=tenant.departments["Sales"],
        ).user
    url = reverse("governance:consultation", kwargs={"org": tenant.slug, "pk": use_case.pk})
    answers = {}
    for name, user in (
        ("steering", tenant.user(Role.STEERING)),
        ("sales champion", sales_champion),
        ("support champion", tenant.user(Role.CHAMPION)),
    ):
        client = client_for(user)
        page = client.get(url)
        posted = client.post(url, {"status": "to_inform", "participants": f"by {name}"})
        answers[name] = (page.status_code, posted.status_code)
    with scope(organisation=tenant.organisation):
        kept = Consultation.objects.get(use_case=use_case)
    assert answers == {
        "steering": (200, 403),
        "sales champion": (200, 403),
        "support champion": (200, 302),
    }
    assert (kept.status, kept.participants) == ("to_inform", "by support champion")


def test_move_refused_in_the_users_language(tenant, client_for):
    use_case = approved_for_pilot(tenant, MONITORING)
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        reverse("governance:usecase_move", kwargs={"org": tenant.slug, "pk": use_case.pk}),
        {"target_state": "pilot"},
        headers={"Accept-Language": "nl"},
        follow=True,
    )
    assert "Betrek eerst de ondernemingsraad en de werknemers" in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert UseCase.objects.get(pk=use_case.pk).state == "approved_for_pilot"


@pytest.mark.parametrize(
    ("language", "heading", "monitoring"),
    [
        ("en", "Information for the works council", "Monitoring potential"),
        ("de", "Information für den Betriebsrat", "Überwachungspotenzial"),
        ("nl", "Informatie voor de ondernemingsraad", "Controlemogelijkheden"),
    ],
)
def test_information_pack_in_three_languages(tenant, client_for, language, heading, monitoring):
    use_case = approved_for_pilot(tenant, MONITORING)
    client = client_for(tenant.user(Role.CHAMPION))
    page = client.get(
        reverse("governance:information_pack", kwargs={"org": tenant.slug, "pk": use_case.pk}),
        {"language": language},
    ).content.decode()
    assert heading in page
    assert monitoring in page
    assert "§87(1) Nr. 6 BetrVG" in page
    assert "Plans pick routes and tracks picks per person." in page


def test_information_pack_pdf_is_produced_by_the_task(
    tenant, client_for, django_capture_on_commit_callbacks
):
    use_case = approved_for_pilot(tenant, MONITORING)
    client = client_for(tenant.user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "governance:information_pack_request",
                kwargs={"org": tenant.slug, "pk": use_case.pk},
            ),
            {"language": "de"},
        )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        pack = InformationPack.objects.get(use_case=use_case)
    assert (pack.status, pack.attempts) == ("done", 1)
    download = client.get(
        reverse(
            "governance:information_pack_download",
            kwargs={"org": tenant.slug, "public_id": pack.public_id},
        )
    )
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF-")
    assert download["Content-Disposition"].endswith(f'information-pack-{use_case.pk}-de.pdf"')


def test_information_pack_page_shows_one_status_and_the_request_says_only_requested(
    tenant, client_for, django_capture_on_commit_callbacks
):
    """The page never says "being produced" beside "Ready", nor "producing" beside "Queued"."""
    use_case = approved_for_pilot(tenant, MONITORING)
    client = client_for(tenant.user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "governance:information_pack_request",
                kwargs={"org": tenant.slug, "pk": use_case.pk},
            ),
            {"language": "en"},
        )
    page = client.get(response["Location"]).content.decode()
    assert "The PDF has been requested." in page
    assert "Ready" in page
    assert "being produced" not in page.lower()
    with scope(organisation=tenant.organisation):
        pack = InformationPack.objects.get(use_case=use_case)
    sentences = {
        "queued": "The PDF is waiting for a worker.",
        "running": "A worker is producing the PDF.",
        "done": "Download PDF",
        "failed": "The PDF could not be produced.",
    }
    labels = {"queued": "Queued", "running": "Being produced", "done": "Ready", "failed": "Failed"}
    for status, sentence in sentences.items():
        InformationPack.objects.with_scopes_disabled().filter(pk=pack.pk).update(status=status)
        body = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
        assert [text for text in sentences.values() if text in body] == [sentence]
        assert [label for label in labels.values() if f">{label}<" in body] == [labels[status]]


def test_other_organisations_pack_is_not_found(tenants, client_for):
    own, other = tenants
    use_case = approved_for_pilot(other, MONITORING)
    client = client_for(own.user(Role.COORDINATOR))
    response = client.get(
        reverse("governance:information_pack", kwargs={"org": own.slug, "pk": use_case.pk})
    )
    assert response.status_code == 404


def test_approval_stays_granted_while_the_consultation_runs(tenant):
    use_case = approved_for_pilot(tenant, MONITORING)
    save(tenant, use_case, status="in_consultation")
    with scope(organisation=tenant.organisation):
        assert ApprovalRequest.objects.get(use_case=use_case).status == "approved"


def test_a_pack_requested_while_the_broker_is_down_or_left_by_a_dead_worker_is_made_once(
    tenant, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from django_scopes import scopes_disabled
    from kombu.exceptions import OperationalError

    from governance import tasks
    from governance.services import information_pack

    use_case = approved_for_pilot(tenant, MONITORING)
    client = client_for(tenant.user(Role.COORDINATOR))

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(tasks.render_information_pack, "delay", broker_down)
        response = client.post(
            reverse(
                "governance:information_pack_request",
                kwargs={"org": tenant.slug, "pk": use_case.pk},
            ),
            {"language": "de"},
        )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        pack = InformationPack.objects.get(use_case=use_case)
    assert (pack.status, pack.attempts) == ("queued", 0)

    def sweep(seconds_later: int) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return information_pack.resend_stalled_information_packs(
                now=timezone.now() + timedelta(seconds=seconds_later)
            )

    assert sweep(0) == {"resent": 0, "failed": 0}  # within the grace period
    assert sweep(61) == {"resent": 1, "failed": 0}
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == ("done", 1)
    assert sweep(3600) == {"resent": 0, "failed": 0}

    # A pack whose worker died mid-render (left running) is made again after the lease…
    with scopes_disabled():
        InformationPack.objects.filter(pk=pack.pk).update(
            status="running", started_at=timezone.now() - timedelta(seconds=91)
        )
    assert sweep(0) == {"resent": 1, "failed": 0}
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == ("done", 2)
    # …and one that keeps killing its worker fails with a message after the third attempt.
    with scopes_disabled():
        InformationPack.objects.filter(pk=pack.pk).update(
            status="running", attempts=3, started_at=timezone.now() - timedelta(seconds=91)
        )
    assert sweep(0) == {"resent": 0, "failed": 1}
    pack.refresh_from_db()
    assert pack.status == "failed"
    assert "worker stopped" in pack.error
    # The beat's task runs the same sweep: nothing left to do.
    assert tasks.resend_stalled_information_packs.delay().get() == {"resent": 0, "failed": 0}
