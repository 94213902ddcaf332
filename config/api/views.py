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


def page_introuvable(request, exception=None):
    """Unknown URL: under /api/, the API's JSON 404 (same shape as every error); elsewhere Django's page."""
    if request.path.startswith("/api/"):
        from config.api.exceptions import corps_erreur
        from config.api.fields import INTROUVABLE

        return JsonResponse(corps_erreur(404, INTROUVABLE), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
