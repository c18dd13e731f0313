from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/install/", views.instruments_install, name="instruments_install"),
    path("instruments/import/", views.instrument_import, name="instrument_import"),
    path("instruments/<int:pk>/", views.instrument, name="instrument"),
    path("instruments/<int:pk>/edit/", views.instrument_edit, name="instrument_edit"),
    path("instruments/<int:pk>/copy/", views.instrument_copy, name="instrument_copy"),
    path("instruments/<int:pk>/export/", views.instrument_export, name="instrument_export"),
    path("waves/new/", views.wave_create, name="wave_create"),
    path("waves/<int:pk>/", views.wave, name="wave"),
    path("waves/<int:pk>/invite/", views.wave_invite, name="wave_invite"),
    path("waves/<int:pk>/remind/", views.wave_remind, name="wave_remind"),
    path("waves/<int:pk>/close/", views.wave_close, name="wave_close"),
    path("waves/<int:pk>/results/", views.wave_results, name="results"),
    path("waves/<int:pk>/results.csv", views.wave_results_csv, name="results_csv"),
    path("waves/<int:pk>/actions/", views.action_create, name="action_create"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("series/", views.series, name="series"),
    path("series/<int:pk>/toggle/", views.series_toggle, name="series_toggle"),
    path("works-council/", views.works_council, name="works_council"),
]
