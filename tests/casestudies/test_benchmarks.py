from django_scopes import scope

from casestudies.plugins import payback_benchmarks
from roi.registry import benchmarks_for


def test_library_paybacks_feed_the_roi_comparison(tenant):
    with scope(organisation=tenant.organisation):
        rows = benchmarks_for(tenant.organisation)
        direct = payback_benchmarks(tenant.organisation)
    assert [(row.payback_months, int(row.investment)) for row in rows] == [
        (7, 95000),
        (14, 130000),
        (18, 210000),
    ]
    assert [row.payback_months for row in direct] == [7, 14, 18]
    assert all(row.url.startswith("/o/acme/case-studies/") for row in rows)
