"""The URLs `scripts/bench_dashboard.py` serves: the product's, and a trivial page beside them.

The trivial page goes through the same middleware (session, sign-in, the
organisation's scope) and the same permission check as the dashboard, and
answers "ok": the yardstick the dashboard's time is compared with.
"""

from django.http import HttpResponse
from django.urls import include, path

from transformation.permissions import permission_required, view_overview


@permission_required(view_overview)
def trivial(request, org):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/<slug:org>/trivial/", trivial, name="bench_trivial"),
    path("", include("transformation.urls")),
]
