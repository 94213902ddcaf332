from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 when the database answers, 503 otherwise. No authentication: used by load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"statut": "indisponible"}, status=503)
    return JsonResponse({"statut": "ok"})
