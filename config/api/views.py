from django.db import connection
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import get_view_name as nom_par_defaut


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
    return nom_par_defaut(view)


# The resources of /api/v1/, in the order an agent meets them; EMAS only for the team.
RESSOURCES = [
    ("communes", "commune-list"),
    ("usagers", "usager-list"),
    ("accompagnements", "accompagnement-list"),
    ("contacts", "contact-list"),
    ("demarches", "demarche-list"),
    ("droits", "droit-list"),
    ("types-droits", "type-droit-list"),
    ("asll/mesures", "mesure-asll-list"),
    ("asll/points-etape", "point-etape-list"),
    ("acor/situations", "situation-acor-list"),
    ("notifications", "notification-list"),
]
RESSOURCES_EMAS = [
    ("emas/signalements", "emas-signalement-list"),
    ("emas/suivis", "emas-suivi-list"),
    ("emas/interventions", "emas-intervention-list"),
]


def _dans_le_compartiment(user) -> bool:
    """The team's resources are listed to the team only (the rule of `emas.perms`, without importing
    a dispositif from the shared grammar): an `emas` grant somewhere, never an administrator."""
    from communes.habilitations import communes_autorisees
    from communes.models import Dispositif

    if not user.is_active or user.is_superuser:
        return False
    return communes_autorisees(user, [Dispositif.EMAS]).exists()


class RacineAPI(APIView):
    """Les ressources de l'API, la documentation et le schéma."""

    name = "API du pacte de solidarité"

    @extend_schema(exclude=True)
    def get(self, request):
        liens = {}
        ressources = RESSOURCES + (RESSOURCES_EMAS if _dans_le_compartiment(request.user) else [])
        for nom, route in [*ressources, ("moi", "auth-me"), ("documentation", "docs"), ("schema", "schema")]:
            try:
                liens[nom] = request.build_absolute_uri(reverse(route))
            except NoReverseMatch:
                continue
        return Response(liens)


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
