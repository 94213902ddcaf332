from django.db import connection
from django.http import JsonResponse
from django.views import defaults

from config.api.fields import INTROUVABLE


def healthz(request):
    """200 when the database answers, 503 otherwise. No authentication: used by load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"statut": "indisponible"}, status=503)
    return JsonResponse({"statut": "ok"})


def introuvable(request, exception):
    """A URL no route matches: under /api/, the API's JSON 404 (as for a record out of reach)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": INTROUVABLE}, status=404)
    return defaults.page_not_found(request, exception)


def erreur_serveur(request):
    """An unexpected error: under /api/, a JSON 500 in French (logged with its traceback by Django)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Erreur interne : elle a été consignée pour être corrigée."}, status=500
        )
    return defaults.server_error(request)
