"""Value of AI use cases: KPIs with baselines and measurements, costs, discount rates.

The KPI catalogue is reference data shipped in three languages (rows without
an organisation) plus each organisation's own KPIs; everything else belongs
to one organisation and carries a scoped manager.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, get_scope
from django_scopes.manager import DisabledQuerySet

from governance.models import ApplicationArea, UseCase
from transformation import formatting
from transformation.models import Organisation

LANGUAGE_CODES = ("en", "de", "nl")
DEFAULT_DISCOUNT_RATE = Decimal("0.08")


def localised(obj: models.Model, field: str) -> str:
    """`field_<language>` in the active language, else the first language that is filled."""
    active = (translation.get_language() or "en")[:2]
    for language in (active, *LANGUAGE_CODES):
        if language in LANGUAGE_CODES:
            value = getattr(obj, f"{field}_{language}", "")
            if value:
                return value
    return ""


def money_field(label, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **options)


def kpi_value_field(label, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=4, **options)


class Dimension(models.TextChoices):
    """The playbook's four dimensions of success (section 8)."""

    EFFICIENCY = "efficiency", _("Efficiency")
    QUALITY = "quality", _("Quality")
    EMPLOYEE = "employee", _("Employee effects")
    STRATEGIC = "strategic", _("Strategic")


class ValueSource(models.TextChoices):
    MEASURED = "measured", _("Measured")
    SURVEY = "survey", _("Survey result")
    RATING = "rating", _("Rating")
    IMPORT = "import", _("Imported")


class KpiQuerySet(models.QuerySet["Kpi"]):
    def shipped(self) -> KpiQuerySet:
        return self.filter(organisation__isnull=True)


class KpiManager(models.Manager.from_queryset(KpiQuerySet)):  # type: ignore[misc]
    """Like a ScopedManager, but the shipped catalogue is visible in every scope.

    Inside an organisation's scope the query returns the catalogue rows and
    that organisation's own KPIs; outside any scope it raises like the other
    scoped managers.
    """

    def get_queryset(self):
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if "organisation" not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"organisation"})
        return (
            super()
            .get_queryset()
            .filter(Q(organisation__isnull=True) | Q(organisation=current["organisation"]))
        )


class Kpi(models.Model):
    """A key figure that shows whether an AI use case delivers, with how to measure it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roi_kpis",
        help_text="Empty for the shipped catalogue.",
    )
    key = models.SlugField(max_length=80)
    application_area = models.CharField(
        _("application area"), max_length=30, choices=ApplicationArea.choices
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=False)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_de = models.CharField(_("name (German)"), max_length=150, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    unit_de = models.CharField(_("unit (German)"), max_length=40, blank=True)
    unit_nl = models.CharField(_("unit (Dutch)"), max_length=40, blank=True)
    method_en = models.TextField(_("how it is measured (English)"), blank=True)
    method_de = models.TextField(_("how it is measured (German)"), blank=True)
    method_nl = models.TextField(_("how it is measured (Dutch)"), blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    objects = KpiManager()

    class Meta:
        ordering = ["application_area", "position", "key"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True),
                name="roi_kpi_catalogue_key_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "key"], name="roi_kpi_organisation_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def unit(self) -> str:
        return localised(self, "unit")

    @property
    def method(self) -> str:
        return localised(self, "method")

    @property
    def is_own(self) -> bool:
        return self.organisation_id is not None


class UseCaseKpiQuerySet(models.QuerySet["UseCaseKpi"]):
    def with_details(self) -> UseCaseKpiQuerySet:
        return self.select_related("kpi", "baseline")

    def without_baseline(self) -> UseCaseKpiQuerySet:
        return self.filter(baseline__isnull=True)


class UseCaseKpi(models.Model):
    """A KPI chosen for a use case, with its target and how a change turns into money."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="roi_kpis")
    kpi = models.ForeignKey(
        Kpi, on_delete=models.RESTRICT, related_name="uses", verbose_name=_("KPI")
    )
    target = kpi_value_field(_("target"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    monthly_volume = models.DecimalField(
        _("monthly volume"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("How often per month the improvement counts, e.g. documents per month."),
    )
    unit_value = money_field(
        _("value per unit of improvement (EUR)"),
        null=True,
        blank=True,
        help_text=_("e.g. the hourly cost for one hour saved, per unit of the KPI."),
    )
    monetisation_note = models.TextField(
        _("how the change turns into money"),
        blank=True,
        help_text=_("e.g. minutes saved × documents per month × cost per minute."),
    )
    non_monetary_reason = models.TextField(
        _("why this KPI stays non-monetary"),
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(UseCaseKpiQuerySet),
    )

    class Meta:
        ordering = ["kpi__dimension", "kpi__position", "pk"]
        verbose_name = _("use-case KPI")
        verbose_name_plural = _("use-case KPIs")
        constraints = [
            models.UniqueConstraint(fields=["use_case", "kpi"], name="roi_usecase_kpi_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kpi} · {self.use_case}"

    @property
    def is_monetised(self) -> bool:
        return self.monthly_volume is not None and self.unit_value is not None

    @property
    def has_baseline(self) -> bool:
        return hasattr(self, "baseline")


class Baseline(models.Model):
    """The KPI's value before the project starts: without it no improvement can be shown."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case_kpi = models.OneToOneField(
        UseCaseKpi, on_delete=models.CASCADE, related_name="baseline"
    )
    value = kpi_value_field(_("baseline value"))
    measured_on = models.DateField(_("measured on"))
    method = models.CharField(_("method"), max_length=200)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    source = models.CharField(_("data source"), max_length=200, blank=True)
    measured_by = models.CharField(_("measured by"), max_length=150)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return f"{self.use_case_kpi}: {formatting.number(self.value)}"


class Measurement(models.Model):
    """A KPI value measured after the start, one of a series over time."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case_kpi = models.ForeignKey(
        UseCaseKpi, on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(_("measured on"))
    value = kpi_value_field(_("value"))
    source = models.CharField(
        _("source"), max_length=20, choices=ValueSource.choices, default=ValueSource.MEASURED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["use_case_kpi", "measured_on"])]

    def __str__(self) -> str:
        return (
            f"{self.use_case_kpi} {formatting.date(self.measured_on, 'short')}: "
            f"{formatting.number(self.value)}"
        )


class CostCategory(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    EXTERNAL = "external", _("External services")
    INTERNAL = "internal", _("Internal effort")
    CM_COMMUNICATION = "cm_communication", _("Change management: communication")
    CM_TRAINING = "cm_training", _("Change management: training")
    CM_COACHING = "cm_coaching", _("Change management: coaching")
    CM_CHAMPIONS = "cm_champions", _("Change management: champions")
    CM_WORKSHOPS = "cm_workshops", _("Change management: workshops")


CHANGE_MANAGEMENT_CATEGORIES = frozenset(
    value for value in CostCategory.values if value.startswith("cm_")
)


class Recurrence(models.TextChoices):
    ONE_OFF = "one_off", _("One-off investment")
    MONTHLY = "monthly", _("Running cost per month")


class CostItemQuerySet(models.QuerySet["CostItem"]):
    def one_off(self) -> CostItemQuerySet:
        return self.filter(recurrence=Recurrence.ONE_OFF)

    def monthly(self) -> CostItemQuerySet:
        return self.filter(recurrence=Recurrence.MONTHLY)

    def change_management(self) -> CostItemQuerySet:
        return self.filter(category__in=CHANGE_MANAGEMENT_CATEGORIES)


class CostItem(models.Model):
    """One line of a use case's budget: a one-off investment or a monthly running cost."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="roi_costs")
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    recurrence = models.CharField(
        _("kind"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONE_OFF
    )
    amount = money_field(_("amount (EUR)"), validators=[MinValueValidator(0)])
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(CostItemQuerySet),
    )

    class Meta:
        ordering = ["recurrence", "category", "pk"]
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {formatting.money(self.amount)}"

    @property
    def is_change_management(self) -> bool:
        return self.category in CHANGE_MANAGEMENT_CATEGORIES


def _rate_field(label, **options) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Annual rate as a fraction, e.g. 0.08 for 8 %."),
        **options,
    )


class ValuePlan(models.Model):
    """A use case's value settings: when month 1 starts and an optional own discount rate."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="value_plan")
    go_live_on = models.DateField(
        _("go-live"),
        null=True,
        blank=True,
        help_text=_("Month 1 is the first month from this date on."),
    )
    discount_rate = _rate_field(_("discount rate"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("value plan")
        verbose_name_plural = _("value plans")

    def __str__(self) -> str:
        return str(self.use_case)


class ValueSettings(models.Model):
    """The organisation's discount rate for net present values."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="value_settings"
    )
    discount_rate = _rate_field(_("discount rate"), default=DEFAULT_DISCOUNT_RATE)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("value settings")
        verbose_name_plural = _("value settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {formatting.percent(self.discount_rate * 100)}"
