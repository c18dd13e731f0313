from casestudies.models import CaseStudy
from tests.casestudies.builders import internal_case_study, use_case
from tests.urlaccess import ALL_ROLES, COORDINATOR, UrlCase
from transformation.models import Role

COMPARISON = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})


def _published(organisation):
    return {"pk": internal_case_study(organisation, title=f"Pilot of {organisation.slug}").pk}


def _draft(organisation):
    case_study = internal_case_study(organisation, status=CaseStudy.Status.DRAFT)
    return {"pk": case_study.pk}


def _use_case(organisation):
    return {"use_case": use_case(organisation).pk}


def _edit_data(organisation):
    return {
        "title": "Renamed",
        "sector": "wholesale_retail",
        "employee_count": "220",
        "areas": ["customer_service"],
    }


CASES = [
    UrlCase("casestudies:library", ALL_ROLES),
    UrlCase("casestudies:library", ALL_ROLES, headers={"HX-Request": "true"}),
    UrlCase("casestudies:detail", ALL_ROLES, kwargs=_published),
    UrlCase("casestudies:edit", COORDINATOR, kwargs=_draft),
    UrlCase(
        "casestudies:edit",
        COORDINATOR,
        kwargs=_draft,
        method="post",
        data=_edit_data,
        ok=(302,),
    ),
    UrlCase("casestudies:results", COORDINATOR, kwargs=_draft),
    UrlCase("casestudies:publish", COORDINATOR, kwargs=_draft, method="post", ok=(302,)),
    UrlCase("casestudies:share", COORDINATOR, kwargs=_published),
    UrlCase(
        "casestudies:share",
        COORDINATOR,
        kwargs=_published,
        method="post",
        data=lambda o: {"confirm": "on"},
        ok=(302,),
    ),
    UrlCase("casestudies:withdraw", COORDINATOR, kwargs=_published, method="post", ok=(302,)),
    UrlCase("casestudies:use_cases", COMPARISON),
    UrlCase("casestudies:compare", COMPARISON, kwargs=_use_case),
    UrlCase("casestudies:create_draft", COORDINATOR, kwargs=_use_case, method="post", ok=(302,)),
]
