"""Case studies: structured stories of AI projects, shipped, internal or shared.

A case study with an organisation is internal to it; one without is in
everybody's library (the playbook's published cases, and anonymised copies
that organisations shared). Because the organisation is nullable, a
django-scopes `ScopedManager` cannot express "mine or nobody's"; instead
the default manager refuses every query outside `scopes_disabled()`, and
every read for an organisation goes through
`CaseStudy.objects.visible_to(organisation)`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import connections, models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_scopes import get_scope
from django_scopes.exceptions import ScopeError

from governance.models import ApplicationArea, UseCase
from roi.calculations import relative_change
from transformation.models import Organisation

LANGUAGE_CODES = ("en", "de", "nl")
SEARCH_CONFIGS = {"en": "english", "de": "german", "nl": "dutch"}
SEARCHED_FIELDS = (
    "title",
    "situation",
    "components",
    "change_approach",
    "success_factor",
    "notes",
)


def localised(obj: models.Model, field: str, first: str = "") -> str | list:
    """`field_<language>` in the active language, else in `first`, else the first one filled."""
    active = (translation.get_language() or "en")[:2]
    for language in (active, first, *LANGUAGE_CODES):
        if language in LANGUAGE_CODES:
            value = getattr(obj, f"{field}_{language}")
            if value:
                return value
    return getattr(obj, f"{field}_en")


class Sector(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing and engineering")
    WHOLESALE_RETAIL = "wholesale_retail", _("Wholesale and retail")
    FINANCIAL_SERVICES = "financial_services", _("Financial services")
    PROFESSIONAL_SERVICES = "professional_services", _("IT and professional services")
    CRAFTS_FOOD = "crafts_food", _("Crafts and food")
    LOGISTICS = "logistics", _("Transport and logistics")
    HEALTH_SOCIAL = "health_social", _("Health and social care")
    OTHER = "other", _("Other")


# Words in the organisation's free-text sector, in the three languages, that
# tell the library's sector. The coordinator corrects the draft if needed.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    Sector.MANUFACTURING: ("manufactur", "engineering", "machine", "maschinen", "fertigung",
                           "industrie", "industry", "produktion", "productie", "machinebouw"),
    Sector.WHOLESALE_RETAIL: ("wholesale", "retail", "großhandel", "grosshandel", "handel",
                              "groothandel", "detailhandel", "trade"),
    Sector.FINANCIAL_SERVICES: ("financ", "bank", "insurance", "versicherung", "verzekering"),
    Sector.PROFESSIONAL_SERVICES: ("software", "consult", "beratung", "advies", "it ", "services",
                                   "dienstleist", "dienstverlen"),
    Sector.CRAFTS_FOOD: ("craft", "food", "bakery", "bäcker", "bakker", "handwerk", "ambacht",
                         "lebensmittel", "voeding"),
    Sector.LOGISTICS: ("logistic", "logistik", "transport", "spedition", "vervoer"),
    Sector.HEALTH_SOCIAL: ("health", "care", "pflege", "gesundheit", "zorg", "klinik", "clinic"),
}  # fmt: skip


def sector_for(text: str) -> str:
    lowered = f"{text.lower()} "
    for sector, words in SECTOR_WORDS.items():
        if any(word in lowered for word in words):
            return sector
    return Sector.OTHER


class BusinessFunction(models.TextChoices):
    """The part of the business an AI project serves: what "function" means in a match."""

    SALES = "sales", _("Sales")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    PURCHASING = "purchasing", _("Purchasing")
    FINANCE = "finance", _("Finance and controlling")
    HR = "hr", _("Human resources")
    IT = "it", _("IT")
    OPERATIONS = "operations", _("Operations and logistics")
    ENGINEERING = "engineering", _("Engineering and production")
    MANAGEMENT = "management", _("Management")
    COMPLIANCE = "compliance", _("Compliance and legal")


# Beginnings of words in a department's name, in the three languages, that tell its
# function; the first function that matches wins ("Finance and HR" is finance).
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    BusinessFunction.CUSTOMER_SERVICE: ("customer", "support", "kundenserv", "kundendienst",
                                        "klantenserv", "service"),
    BusinessFunction.SALES: ("sales", "vertrieb", "verkauf", "verkoop", "marketing"),
    BusinessFunction.PURCHASING: ("purchas", "procure", "einkauf", "beschaffung", "inkoop"),
    BusinessFunction.FINANCE: ("financ", "finanz", "accounting", "buchhaltung", "controlling",
                               "boekhoud"),
    BusinessFunction.HR: ("hr", "human", "personal", "personeel"),
    BusinessFunction.COMPLIANCE: ("complian", "legal", "recht", "juridisch"),
    BusinessFunction.IT: ("it", "ict", "edv", "informati"),
    BusinessFunction.OPERATIONS: ("logist", "warehouse", "lager", "magazijn", "transport",
                                  "operations", "shipping", "versand"),
    BusinessFunction.ENGINEERING: ("engineer", "production", "produktion", "productie",
                                   "quality", "qualität", "kwaliteit", "konstruktion",
                                   "entwicklung", "development"),
    BusinessFunction.MANAGEMENT: ("management", "geschäftsführung", "directie", "board"),
}  # fmt: skip


def function_for(department_name: str) -> str:
    """The business function a department's name tells, or "" when it tells none."""
    words = re.findall(r"\w+", department_name.lower())
    for function, prefixes in FUNCTION_WORDS.items():
        for prefix in prefixes:
            short = len(prefix) <= 3  # "it", "hr": whole words only
            if any(word == prefix if short else word.startswith(prefix) for word in words):
                return function
    return ""


class SizeBand(models.TextChoices):
    # Finer than the EU's small/medium split (50, 250): the product's users
    # are mostly medium-sized, and similarity must tell 80 staff from 220.
    UNDER_50 = "under_50", _("up to 49 employees")
    FROM_50 = "50_99", _("50 to 99 employees")
    FROM_100 = "100_249", _("100 to 249 employees")
    FROM_250 = "250_499", _("250 to 499 employees")
    FROM_500 = "500_plus", _("500 employees or more")


# Lower bound of each band, ascending.
SIZE_BAND_FLOORS = (
    (SizeBand.UNDER_50, 0),
    (SizeBand.FROM_50, 50),
    (SizeBand.FROM_100, 100),
    (SizeBand.FROM_250, 250),
    (SizeBand.FROM_500, 500),
)


def size_band_for(employees: int) -> SizeBand:
    band = SizeBand.UNDER_50
    for candidate, floor in SIZE_BAND_FLOORS:
        if employees >= floor:
            band = candidate
    return band


def size_band_range(band: str) -> tuple[int, int | None]:
    """(lowest, highest or None) employee count of a band."""
    floors = [floor for _band, floor in SIZE_BAND_FLOORS]
    index = [str(b) for b, _floor in SIZE_BAND_FLOORS].index(band)
    upper = floors[index + 1] - 1 if index + 1 < len(floors) else None
    return floors[index], upper


def size_band_q(band: str, field: str = "employee_count") -> Q:
    low, high = size_band_range(band)
    q = Q(**{f"{field}__gte": low})
    if high is not None:
        q &= Q(**{f"{field}__lte": high})
    return q


# Similarity of a case study to a use case, in points. A close match shares the
# use case's kind (the case study's main application area) and at least one of
# size band, sector or business function; a case study that merely touches the
# area among others (a knowledge-management project that also serves customers)
# is no close match for a customer-service use case, however alike the companies.
SIMILARITY_POINTS = {"kind": 3, "related_area": 1, "size": 1, "sector": 1, "function": 1}
CLOSE_MATCH_POINTS = 4


class PaybackBasis(models.TextChoices):
    """Where a case study's payback comes from: the reader must know how sure it is."""

    REPORTED = "reported", _("reported by the organisation")
    MEASURED = "measured", _("measured")
    FORECAST = "forecast", _("forecast")


class CaseStudyQuerySet(models.QuerySet["CaseStudy"]):
    def visible_to(
        self, organisation: Organisation, *, include_drafts: bool = False
    ) -> CaseStudyQuerySet:
        """The library of `organisation`: everybody's published case studies and its own.

        Drafts are the organisation's own and only with `include_drafts`.
        """
        own = Q(organisation=organisation)
        if not include_drafts:
            own &= Q(status=CaseStudy.Status.PUBLISHED)
        return self.filter(Q(organisation__isnull=True, status=CaseStudy.Status.PUBLISHED) | own)

    def with_area(self, area: str) -> CaseStudyQuerySet:
        return self.filter(
            Exists(CaseStudyArea.objects.filter(case_study=OuterRef("pk"), area=area))
        )

    def in_size_band(self, band: str) -> CaseStudyQuerySet:
        return self.filter(size_band_q(band))

    def ranked_for(
        self, *, area: str, size_band: str, sector: str, function: str = ""
    ) -> CaseStudyQuerySet:
        """Most similar first, by points: use-case kind, then size band, sector, function.

        The kind is the case study's main (first) application area; a case study
        that only touches the area among others scores less. Each row carries
        `kind_match` (2 main, 1 related, 0), `band_match`, `sector_match`,
        `function_match` and `similarity`; `close_matches()` and
        `CaseStudy.is_close_match` apply the threshold.
        """
        areas = CaseStudyArea.objects.filter(case_study=OuterRef("pk"))
        main_area = Subquery(areas.order_by("pk").values("area")[:1])
        return (
            self.alias(main_area=main_area, has_area=Exists(areas.filter(area=area)))
            .annotate(
                kind_match=Case(
                    When(main_area=area, then=2),
                    When(has_area=True, then=1),
                    default=0,
                    output_field=IntegerField(),
                ),
                band_match=Case(
                    When(size_band_q(size_band), then=1), default=0, output_field=IntegerField()
                ),
                sector_match=Case(
                    When(sector=sector, then=1), default=0, output_field=IntegerField()
                ),
                function_match=Case(
                    When(Q(business_function=function) & ~Q(business_function=""), then=1),
                    default=0,
                    output_field=IntegerField(),
                ),
            )
            .annotate(
                similarity=Case(
                    When(kind_match=2, then=Value(SIMILARITY_POINTS["kind"])),
                    When(kind_match=1, then=Value(SIMILARITY_POINTS["related_area"])),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                + models.F("band_match") * SIMILARITY_POINTS["size"]
                + models.F("sector_match") * SIMILARITY_POINTS["sector"]
                + models.F("function_match") * SIMILARITY_POINTS["function"],
            )
            .order_by(
                "-similarity",
                "-kind_match",
                "-band_match",
                "-sector_match",
                "-function_match",
                models.F("payback_months").asc(nulls_last=True),
                "pk",
            )
        )

    def close_matches(self) -> CaseStudyQuerySet:
        """Only rows of `ranked_for` similar enough to set beside the use case."""
        return self.filter(kind_match=2, similarity__gte=CLOSE_MATCH_POINTS)

    def search(self, text: str) -> CaseStudyQuerySet:
        """Full-text search on PostgreSQL (each language with its own stemming), else contains."""
        text = text.strip()
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vectors, matches = {}, Q()
            for language, config in SEARCH_CONFIGS.items():
                fields = [f"{name}_{language}" for name in SEARCHED_FIELDS]
                vectors[f"search_{language}"] = SearchVector(*fields, config=config)
                query = SearchQuery(text, config=config, search_type="websearch")
                matches |= Q(**{f"search_{language}": query})
            return self.annotate(**vectors).filter(matches)
        matches = Q()
        for name in SEARCHED_FIELDS:
            for language in LANGUAGE_CODES:
                matches |= Q(**{f"{name}_{language}__icontains": text})
        return self.filter(matches)

    def filtered(
        self, *, q: str = "", sector: str = "", size_band: str = "", area: str = ""
    ) -> CaseStudyQuerySet:
        """The library's filters; empty values do not filter."""
        queryset = self.search(q)
        if sector:
            queryset = queryset.filter(sector=sector)
        if size_band:
            queryset = queryset.in_size_band(size_band)
        if area:
            queryset = queryset.with_area(area)
        return queryset

    def for_list(self) -> CaseStudyQuerySet:
        return self.prefetch_related("areas", "metrics")


class CaseStudyManager(models.Manager.from_queryset(CaseStudyQuerySet)):  # type: ignore[misc]
    """Refuses unscoped reads inside a tenant scope: use `visible_to(organisation)`."""

    def get_queryset(self) -> CaseStudyQuerySet:
        if get_scope().get("_enabled", True):
            raise ScopeError(
                "Query case studies with CaseStudy.objects.visible_to(organisation), "
                "or inside scopes_disabled()."
            )
        return super().get_queryset()

    def visible_to(
        self, organisation: Organisation, *, include_drafts: bool = False
    ) -> CaseStudyQuerySet:
        return CaseStudyQuerySet(self.model, using=self._db).visible_to(
            organisation, include_drafts=include_drafts
        )


class CaseStudy(models.Model):
    """An AI project told as structure: situation, solution, change approach, results."""

    class Source(models.TextChoices):
        PUBLISHED = "published", _("Published case study")
        INTERNAL = "internal", _("Internal case study")
        SHARED = "shared", _("Shared anonymously by a peer organisation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_studies",
        help_text=_("Empty: in every organisation's library."),
    )
    key = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    original_language = models.CharField(
        _("written in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    employee_count = models.PositiveIntegerField(_("employees"))
    business_function = models.CharField(
        _("business function"),
        max_length=30,
        choices=BusinessFunction.choices,
        blank=True,
        help_text=_("The part of the business the project served; empty when unknown."),
    )
    situation_en = models.TextField(_("starting situation (English)"), blank=True)
    situation_de = models.TextField(_("starting situation (German)"), blank=True)
    situation_nl = models.TextField(_("starting situation (Dutch)"), blank=True)
    components_en = models.JSONField(_("solution components (English)"), default=list, blank=True)
    components_de = models.JSONField(_("solution components (German)"), default=list, blank=True)
    components_nl = models.JSONField(_("solution components (Dutch)"), default=list, blank=True)
    change_approach_en = models.JSONField(
        _("change-management approach (English)"), default=list, blank=True
    )
    change_approach_de = models.JSONField(
        _("change-management approach (German)"), default=list, blank=True
    )
    change_approach_nl = models.JSONField(
        _("change-management approach (Dutch)"), default=list, blank=True
    )
    success_factor_en = models.TextField(_("decisive success factor (English)"), blank=True)
    success_factor_de = models.TextField(_("decisive success factor (German)"), blank=True)
    success_factor_nl = models.TextField(_("decisive success factor (Dutch)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_de = models.TextField(_("notes (German)"), blank=True)
    notes_nl = models.TextField(_("notes (Dutch)"), blank=True)
    investment = models.DecimalField(
        _("investment (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    payback_months = models.PositiveSmallIntegerField(_("payback (months)"), null=True, blank=True)
    payback_basis = models.CharField(
        _("payback is"),
        max_length=10,
        choices=PaybackBasis.choices,
        default=PaybackBasis.REPORTED,
    )
    use_case = models.ForeignKey(
        UseCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from use case"),
    )
    source_label = models.CharField(_("where the figures come from"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The link runs from the internal original to its anonymised copy only, so
    # nothing on the copy leads back to the organisation that shared it.
    shared_copy = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = CaseStudyManager()

    class Meta:
        ordering = ["title_en", "pk"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="internal", organisation__isnull=False)
                | (~Q(source="internal") & Q(organisation__isnull=True)),
                name="casestudy_internal_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def url_in(self, organisation: Organisation) -> str:
        return reverse("casestudies:detail", kwargs={"org": organisation.slug, "pk": self.pk})

    def _text(self, field: str):
        return localised(self, field, self.original_language)

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def situation(self) -> str:
        return self._text("situation")

    @property
    def components(self) -> list[str]:
        return self._text("components")

    @property
    def change_approach(self) -> list[str]:
        return self._text("change_approach")

    @property
    def success_factor(self) -> str:
        return self._text("success_factor")

    @property
    def notes(self) -> str:
        return self._text("notes")

    @property
    def size_band(self) -> SizeBand:
        return size_band_for(self.employee_count)

    @property
    def is_internal(self) -> bool:
        return self.source == self.Source.INTERNAL

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_shared(self) -> bool:
        return self.shared_copy_id is not None

    @property
    def is_close_match(self) -> bool:
        """After `ranked_for`: similar enough to compare with (see CLOSE_MATCH_POINTS)."""
        return (
            getattr(self, "kind_match", 0) == 2
            and getattr(self, "similarity", 0) >= CLOSE_MATCH_POINTS
        )

    @property
    def match_reasons(self) -> list[str]:
        """After `ranked_for`: what the case study shares with the use case, in words."""
        kind = getattr(self, "kind_match", 0)
        reasons = []
        if kind == 2:
            reasons.append(_("same kind of use case"))
        elif kind == 1:
            reasons.append(_("touches the same application area"))
        if getattr(self, "sector_match", 0):
            reasons.append(_("same sector"))
        if getattr(self, "band_match", 0):
            reasons.append(_("same company size"))
        if getattr(self, "function_match", 0):
            reasons.append(_("same business function"))
        return [str(reason) for reason in reasons]

    @property
    def area_labels(self) -> list[str]:
        return [area.get_area_display() for area in self.areas.all()]


class CaseStudyArea(models.Model):
    """One application area a case study belongs to (a case study may have several)."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(_("application area"), max_length=30, choices=ApplicationArea.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case_study", "area"], name="casestudy_area_unique")
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class CaseStudyMetric(models.Model):
    """A result: a before and after value, or the change as the source reports it."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="metrics")
    position = models.PositiveSmallIntegerField(default=0)
    name_en = models.CharField(_("result (English)"), max_length=200, blank=True)
    name_de = models.CharField(_("result (German)"), max_length=200, blank=True)
    name_nl = models.CharField(_("result (Dutch)"), max_length=200, blank=True)
    before = models.DecimalField(
        _("before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    after = models.DecimalField(_("after"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    unit_de = models.CharField(_("unit (German)"), max_length=40, blank=True)
    unit_nl = models.CharField(_("unit (Dutch)"), max_length=40, blank=True)
    stated_relative_change = models.DecimalField(
        _("reported change (%)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Only when before and after are not known."),
    )
    stated_absolute_change = models.DecimalField(
        _("reported change (in the unit)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only when before and after are not known."),
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def unit(self) -> str:
        return localised(self, "unit")

    @property
    def has_before_and_after(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def relative_change(self) -> Decimal | None:
        """In percent: computed from before and after when both are known, else as reported."""
        if self.has_before_and_after:
            return relative_change(before=self.before, after=self.after)
        return self.stated_relative_change

    @property
    def absolute_change(self) -> Decimal | None:
        if self.has_before_and_after:
            return self.after - self.before
        return self.stated_absolute_change

    @property
    def is_improvement(self) -> bool | None:
        change = self.absolute_change
        if change is None:
            change = self.relative_change
        if change is None or change == 0:
            return None
        return (change > 0) == self.higher_is_better
