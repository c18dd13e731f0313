from django.urls import path

from casestudies import views

app_name = "casestudies"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("use-cases/", views.use_cases, name="use_cases"),
    path("use-cases/<int:use_case>/", views.compare, name="compare"),
    path("use-cases/<int:use_case>/draft/", views.create_draft, name="create_draft"),
]
