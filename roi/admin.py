from django.contrib import admin
from django_scopes import scopes_disabled

from roi.models import Kpi


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    """The shipped KPI catalogue is reference data; operators edit its texts here."""

    list_display = ["key", "name_en", "application_area", "dimension", "organisation"]
    list_filter = ["application_area", "dimension", "organisation"]
    search_fields = ["key", "name_en", "name_de", "name_nl"]

    def get_queryset(self, request):
        with scopes_disabled():
            return Kpi.objects.all()
