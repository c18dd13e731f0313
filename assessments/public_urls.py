"""Public survey links (no organisation in the path, no login)."""

from django.urls import path

from assessments import public_views

app_name = "survey"

urlpatterns = [
    path("thanks/", public_views.thanks, name="thanks"),
    path("kiosk/", public_views.kiosk, name="kiosk"),
    path("kiosk/<str:code>/", public_views.kiosk_answer, name="kiosk_answer"),
    path("<str:token>/", public_views.answer, name="answer"),
]
