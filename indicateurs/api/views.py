"""Read-only API of the pacte's indicators: anonymised, suppressed counts for supervisors."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from indicateurs.api.serializers import (
    DefinitionSerializer,
    RapportParametresSerializer,
    ValeursParametresSerializer,
    ValeursSerializer,
)
from indicateurs.exports import reponse_csv, reponse_xlsx
from indicateurs.models import ProductionEtat
from indicateurs.opendocument import reponse_ods
from indicateurs.perms import peut_lire_indicateurs
from indicateurs.rapport import reponse_rapport
from indicateurs.registre import actions, indicateurs
from indicateurs.resultats import publier, verifier_niveau


def journaliser_production(user, niveau: str, quoi: str) -> None:
    """A production at the State level is recorded (who, when, what): exact totals leave only so."""
    if niveau == "etat":
        ProductionEtat.objects.create(par=user, quoi=quoi[:255])


NIVEAU = OpenApiParameter(
    "niveau",
    str,
    required=False,
    enum=["diffusion", "etat"],
    description="diffusion (défaut) ; etat : rapport à l'État, totaux annuels de la métropole exacts "
    "(administrateurs).",
)


class LecteurDIndicateurs(BasePermission):
    message = "Les indicateurs se lisent avec le rôle encadrant (ou administrateur)."

    def has_permission(self, request, view) -> bool:
        return peut_lire_indicateurs(request.user)


class _IndicateursView(APIView):
    permission_classes = [LecteurDIndicateurs]

    def perform_content_negotiation(self, request, force=False):
        # `format` is our parameter (json, csv, xlsx), validated with a French 400 by the view.
        return super().perform_content_negotiation(request, force=True)


class DefinitionsView(_IndicateursView):
    """Les indicateurs du pacte : identifiant, libellé, action, règle de comptage, ventilations."""

    @extend_schema(responses=DefinitionSerializer(many=True))
    def get(self, request):
        titres = actions()
        return Response(
            [
                {
                    "id": ind.id,
                    "libelle": ind.libelle,
                    "action": ind.action,
                    "action_libelle": titres[ind.action],
                    "regle": ind.regle,
                    "unite": ind.unite,
                    "additif": ind.additif,
                    "par": list(ind.par_possibles),
                }
                for ind in indicateurs()
            ]
        )


class ValeursView(_IndicateursView):
    """Le tableau d'un indicateur sur une période, anonymisé et soumis au secret statistique."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "indicateur", str, required=True, description="Identifiant, ex. 1.1.droits_ouverts."
            ),
            OpenApiParameter(
                "du",
                OpenApiTypes.DATE,
                required=True,
                description="Premier jour d'un mois, d'un trimestre ou d'une année (AAAA-MM-JJ).",
            ),
            OpenApiParameter(
                "au", OpenApiTypes.DATE, required=True, description="Dernier jour de la même période, inclus."
            ),
            OpenApiParameter(
                "par", str, required=False, description="Ventilations, ex. commune,mois (deux au plus)."
            ),
            OpenApiParameter("format", str, required=False, enum=["json", "csv", "xlsx", "ods"]),
            OpenApiParameter("source", str, required=False, enum=["live", "snapshot"]),
            NIVEAU,
        ],
        responses={
            200: OpenApiResponse(ValeursSerializer, description="JSON ; CSV, XLSX ou ODS selon « format »."),
        },
    )
    def get(self, request):
        parametres = ValeursParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        donnees = parametres.validated_data
        publication = publier(
            user=request.user,
            indicateur=donnees["indicateur"],
            du=donnees["du"],
            au=donnees["au"],
            par=donnees["par"],
            source=donnees["source"],
            niveau=donnees["niveau"],
        )
        journaliser_production(
            request.user,
            donnees["niveau"],
            f"{publication.indicateur.id} du {donnees['du']} au {donnees['au']} par "
            f"{','.join(donnees['par']) or '—'} ({donnees['format']})",
        )
        if donnees["format"] == "csv":
            return reponse_csv(publication)
        if donnees["format"] == "xlsx":
            return reponse_xlsx(publication)
        if donnees["format"] == "ods":
            return reponse_ods(publication)
        return Response(publication.en_json())


class RapportView(_IndicateursView):
    """Le rapport d'exécution annuel (XLSX, ODT ou ODS) : les dix actions de l'annexe 1, le bilan
    financier et la parité, les objectifs et leur atteinte, le bilan global, une partie par action."""

    @extend_schema(
        parameters=[
            OpenApiParameter("annee", int, required=True, description="Année du rapport."),
            OpenApiParameter("format", str, required=False, enum=["xlsx", "odt", "ods"]),
            OpenApiParameter("source", str, required=False, enum=["live", "snapshot"]),
            NIVEAU,
        ],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            (200, "application/vnd.oasis.opendocument.text"): OpenApiTypes.BINARY,
            (200, "application/vnd.oasis.opendocument.spreadsheet"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request):
        parametres = RapportParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        donnees = parametres.validated_data
        verifier_niveau(request.user, donnees["niveau"])
        reponse = reponse_rapport(
            user=request.user,
            annee=donnees["annee"],
            source=donnees["source"],
            format=donnees["format"],
            niveau=donnees["niveau"],
        )
        journaliser_production(
            request.user, donnees["niveau"], f"rapport d'exécution {donnees['annee']} ({donnees['format']})"
        )
        return reponse
