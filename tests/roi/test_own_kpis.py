from django_scopes import scope

from roi.models import Kpi
from transformation.models import AuditEvent, Role


def _own(tenant, **values):
    with scope(organisation=tenant.organisation):
        return Kpi.objects.create(
            organisation=tenant.organisation,
            key="returns",
            application_area="customer_service",
            dimension="quality",
            name_en="Returns handled",
            unit_en="%",
            **values,
        )


def test_coordinator_edits_an_own_kpi_and_the_change_is_audited(tenant, client):
    kpi = _own(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(
        f"/o/acme/roi/kpis/{kpi.pk}/",
        {
            "application_area": "customer_service",
            "dimension": "quality",
            "higher_is_better": "on",
            "name_en": "Returns handled",
            "name_de": "Bearbeitete Retouren",
            "unit_en": "%",
        },
    )
    assert response["Location"] == "/o/acme/roi/kpis/"
    kpi.refresh_from_db()
    assert (kpi.name_de, kpi.higher_is_better) == ("Bearbeitete Retouren", True)
    with scope(organisation=tenant.organisation):
        event = AuditEvent.objects.get(action="kpi.changed")
    assert event.changes == {
        "higher_is_better": [False, True],
        "name_de": ["", "Bearbeitete Retouren"],
    }


def test_shipped_kpis_cannot_be_edited(tenant, client):
    with scope(organisation=tenant.organisation):
        shipped = Kpi.objects.shipped().first()
    client.force_login(tenant.user(Role.COORDINATOR))
    assert client.get(f"/o/acme/roi/kpis/{shipped.pk}/").status_code == 404


def test_a_nameless_kpi_is_refused_with_a_message(tenant, client):
    kpi = _own(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(
        f"/o/acme/roi/kpis/{kpi.pk}/",
        {"application_area": "customer_service", "dimension": "quality"},
    )
    assert response.status_code == 422
    assert "Give the KPI a name in at least one language." in response.content.decode()
    kpi.refresh_from_db()
    assert kpi.name_en == "Returns handled"
