import re

from django.db import connection
from django.http import JsonResponse
from django.utils.text import capfirst
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import page_not_found
from rest_framework.views import get_view_name as nom_par_defaut

from config.api.exceptions import corps_erreur
from config.api.fields import INTROUVABLE


def nom_de_la_vue(view) -> str:
    """The browsable API's title: « Mesures ASLL », « Mesure ASLL », not « Mesure Asll List »."""
    if getattr(view, "name", None):
        return view.name
    queryset = getattr(view, "queryset", None)
    modele = queryset.model if queryset is not None else None
    if modele is None:
        serializer = getattr(view, "serializer_class", None)
        modele = getattr(getattr(serializer, "Meta", None), "model", None)
    action = getattr(view, "action", None) or ("list" if getattr(view, "suffix", None) == "List" else None)
    if modele is not None:
        if action == "list" or getattr(view, "suffix", None) == "List":
            return capfirst(modele._meta.verbose_name_plural)
        return capfirst(modele._meta.verbose_name)
    # No model: the docstring's first clause, in French (« Droit d'accès et d'effacement d'une personne »),
    # never the class name (« Donnees Personnelles List »).
    premiere = re.split(r"[.:;(\n]", (type(view).__doc__ or "").strip(), maxsplit=1)[0].strip()
    return capfirst(premiere) if premiere else nom_par_defaut(view)


def healthz(request):
    """200 when the database answers, 503 otherwise. No authentication: used by load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"statut": "indisponible"}, status=503)
    return JsonResponse({"statut": "ok"})


@csrf_exempt  # a 404 changes nothing: an unknown POST under /api/ gets the JSON 404, not a CSRF page
def page_introuvable(request, exception=None):
    """Unknown URL: under /api/, the API's JSON 404 (same shape as every error); elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(corps_erreur(404, INTROUVABLE), status=404)
    return page_not_found(request, exception)
