from django.urls import path

from roi import views

app_name = "roi"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("settings/", views.rate, name="rate"),
    path("kpis/", views.catalogue, name="catalogue"),
    path("kpis/<int:pk>/", views.catalogue_kpi_edit, name="catalogue_kpi_edit"),
    path("use-cases/<int:pk>/", views.usecase, name="usecase"),
    path("use-cases/<int:pk>/kpis/add/", views.kpi_add, name="kpi_add"),
    path("use-cases/<int:pk>/costs/", views.costs, name="costs"),
    path("use-cases/<int:pk>/settings/", views.plan, name="plan"),
    path("use-cases/<int:pk>/import/", views.measurement_import, name="measurement_import"),
    path("use-case-kpis/<int:pk>/", views.kpi_edit, name="kpi_edit"),
    path("use-case-kpis/<int:pk>/remove/", views.kpi_remove, name="kpi_remove"),
    path("use-case-kpis/<int:pk>/baseline/", views.baseline, name="baseline"),
    path("use-case-kpis/<int:pk>/measurements/", views.measurement_add, name="measurement_add"),
    path(
        "use-case-kpis/<int:pk>/survey/",
        views.measurement_from_survey,
        name="measurement_from_survey",
    ),
    path("measurements/<int:pk>/remove/", views.measurement_remove, name="measurement_remove"),
    path("costs/<int:pk>/remove/", views.cost_remove, name="cost_remove"),
]
