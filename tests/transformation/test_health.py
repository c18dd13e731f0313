from django.db import OperationalError, connection
from django.urls import reverse
from django_scopes import scope

from transformation.models import Membership, Role


def test_health_check_reports_the_database_and_is_never_cached(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz/").status_code == 405


def test_health_check_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("server closed the connection")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_a_post_only_address_opened_in_the_browser_gets_a_page_in_the_readers_language(
    tenant, client_for
):
    client = client_for(tenant.user(Role.COORDINATOR))
    member = tenant.members[Role.EMPLOYEE]
    url = reverse("member_remove", kwargs={"org": tenant.slug, "pk": member.pk})

    response = client.get(url, headers={"Accept-Language": "de"})

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "Diese Adresse kann nicht direkt geöffnet werden" in page
    assert '<html lang="de">' in page
    with scope(organisation=tenant.organisation):
        assert Membership.objects.filter(pk=member.pk).exists()  # nothing was changed
    # htmx requests keep the bare answer; htmx shows no pages for errors.
    bare = client.get(url, headers={"HX-Request": "true"})
    assert bare.status_code == 405 and bare.content == b""
