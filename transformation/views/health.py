"""The health check that the container runtime and load balancers ask."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when this process serves and its database answers, 503 otherwise.

    Redis is left out on purpose: pages and survey answering keep working
    while the broker is away, so its outage must not take the web out of
    rotation. Public, tells nothing about any organisation.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database error means: not healthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
