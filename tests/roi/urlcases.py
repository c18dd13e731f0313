from datetime import date
from decimal import Decimal

from roi.models import CostItem, Kpi, UseCaseKpi
from tests.roi.factories import UseCaseFactory, baseline, chosen_kpi, measurement
from tests.urlaccess import COORDINATOR, UrlCase
from transformation.models import Department, Role

READERS = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})
MEASURERS = frozenset({Role.COORDINATOR, Role.CHAMPION})


def _use_case(organisation):
    return UseCaseFactory(
        organisation=organisation, department=Department.objects.get(name="Support")
    )


def _use_case_kwargs(organisation):
    return {"pk": _use_case(organisation).pk}


def _kpi_kwargs(organisation):
    ukpi = chosen_kpi(_use_case(organisation), non_monetary_reason="Quality only.")
    baseline(ukpi, "20")
    return {"pk": ukpi.pk}


def _measurement_kwargs(organisation):
    ukpi = UseCaseKpi.objects.get(pk=_kpi_kwargs(organisation)["pk"])
    return {"pk": measurement(ukpi, date(2026, 1, 5), "18").pk}


def _cost_kwargs(organisation):
    cost = CostItem.objects.create(
        organisation=organisation,
        use_case=_use_case(organisation),
        category="technology",
        amount=Decimal("1000"),
    )
    return {"pk": cost.pk}


def _measurement(organisation):
    ukpi = UseCaseKpi.objects.order_by("-pk").first()
    return {f"m{ukpi.pk}-measured_on": date.today().isoformat(), f"m{ukpi.pk}-value": "12"}


def _choose(organisation):
    return {"kpi": Kpi.objects.get(key="document_error_rate").pk, "non_monetary_reason": "Quality"}


def _own_kpi(organisation):
    kpi, _created = Kpi.objects.get_or_create(
        organisation=organisation,
        key=f"own-{organisation.slug}",
        application_area="document_processing",
        defaults={"dimension": "efficiency", "name_en": "Own KPI"},
    )
    return {"pk": kpi.pk}


CASES = [
    UrlCase("roi:catalogue_kpi_edit", COORDINATOR, kwargs=_own_kpi),
    UrlCase("roi:programme", READERS),
    UrlCase("roi:rate", COORDINATOR),
    UrlCase("roi:catalogue", COORDINATOR),
    UrlCase("roi:usecase", READERS, kwargs=_use_case_kwargs),
    UrlCase("roi:kpi_add", COORDINATOR, kwargs=_use_case_kwargs),
    UrlCase(
        "roi:kpi_add",
        COORDINATOR,
        kwargs=_use_case_kwargs,
        method="post",
        data=_choose,
        ok=(302,),
    ),
    UrlCase("roi:costs", COORDINATOR, kwargs=_use_case_kwargs),
    UrlCase("roi:plan", COORDINATOR, kwargs=_use_case_kwargs),
    UrlCase("roi:measurement_import", MEASURERS, kwargs=_use_case_kwargs),
    UrlCase("roi:kpi_edit", COORDINATOR, kwargs=_kpi_kwargs),
    UrlCase("roi:kpi_remove", COORDINATOR, kwargs=_kpi_kwargs, method="post", ok=(302,)),
    UrlCase("roi:baseline", COORDINATOR, kwargs=_kpi_kwargs),
    UrlCase(
        "roi:measurement_add",
        MEASURERS,
        kwargs=_kpi_kwargs,
        method="post",
        data=_measurement,
        ok=(302,),
    ),
    UrlCase(
        "roi:measurement_from_survey",
        MEASURERS,
        kwargs=_kpi_kwargs,
        method="post",
        data=lambda o: {},
        ok=(302,),
    ),
    UrlCase(
        "roi:measurement_remove", COORDINATOR, kwargs=_measurement_kwargs, method="post", ok=(302,)
    ),
    UrlCase("roi:cost_remove", COORDINATOR, kwargs=_cost_kwargs, method="post", ok=(302,)),
]
