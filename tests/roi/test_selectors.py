"""ROI's public read for other apps: how many measured KPIs beat their baseline."""

from datetime import date

from roi.selectors import kpi_progress
from tests.roi.factories import UseCaseFactory, baseline, chosen_kpi, measurement


def test_kpi_progress_counts_the_good_direction_per_department(org, other_tenant):
    from django_scopes import scope

    with scope(organisation=other_tenant.organisation):
        foreign = UseCaseFactory(organisation=other_tenant.organisation)
        ukpi = chosen_kpi(foreign)
        baseline(ukpi, "10")
        measurement(ukpi, date(2026, 1, 10), "5")
    support = UseCaseFactory(organisation=org.organisation, department=org.departments["Support"])
    sales = UseCaseFactory(organisation=org.organisation, department=org.departments["Sales"])
    faster = chosen_kpi(support)  # processing time: lower is better
    baseline(faster, "10")
    measurement(faster, date(2026, 1, 10), "12")
    measurement(faster, date(2026, 2, 10), "8")
    satisfied = chosen_kpi(support, "service_customer_satisfaction")  # higher is better
    baseline(satisfied, "3.5")
    measurement(satisfied, date(2026, 2, 10), "3.2")
    unmeasured = chosen_kpi(support, "service_first_contact_resolution")
    baseline(unmeasured, "40")
    slower = chosen_kpi(sales)
    baseline(slower, "10")
    measurement(slower, date(2026, 2, 10), "11")

    everything = kpi_progress(on=date(2026, 3, 1))
    assert (everything.measured, everything.improved) == (3, 1)
    support_only = kpi_progress(department_ids=[org.departments["Support"].pk], on=date(2026, 3, 1))
    assert (support_only.measured, support_only.improved, support_only.share) == (2, 1, 50.0)
    # On 31 January only the first measurement (12, worse than 10) counts.
    january = kpi_progress(department_ids=[org.departments["Support"].pk], on=date(2026, 1, 31))
    assert (january.measured, january.improved, january.share) == (1, 0, 0.0)
    assert kpi_progress(department_ids=[], on=date(2026, 3, 1)).share is None
