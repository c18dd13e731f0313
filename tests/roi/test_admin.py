"""The shipped KPI catalogue is editable reference data."""


def test_operators_edit_the_catalogue_in_the_admin(admin_client):
    response = admin_client.get("/admin/roi/kpi/?q=onboarding")
    assert response.status_code == 200
    assert "Onboarding time" in response.content.decode()
