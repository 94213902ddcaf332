from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.errors import Introuvable
from conservation.acces import donnees_de_la_personne, peut_exporter, usager_pour_export
from conservation.services import anonymisation_demander
from journal.models import Action, Origine
from journal.services import journaliser
from usagers.compartiment import REGISTRE
from usagers.models import Usager


class Administrateur(BasePermission):
    message = "Réservé aux administrateurs."

    def has_permission(self, request, view):
        return peut_exporter(request.user)


class DemandeAnonymisationSerializer(serializers.Serializer):
    demande = serializers.IntegerField(source="pk")
    detail = serializers.SerializerMethodField()

    def get_detail(self, demande) -> str:
        return DEMANDE_ENREGISTREE


DEMANDE_ENREGISTREE = (
    "Demande d'anonymisation enregistrée. Elle est faite lors du traitement quotidien de la "
    "conservation, une fois clos tout dossier ouvert de la personne ; le délégué à la protection des "
    "données en assure le suivi."
)


class PersonneTrouveeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nom = serializers.CharField()
    prenom = serializers.CharField()
    date_naissance = serializers.DateField()
    commune = serializers.CharField(source="commune_id")
    archive_le = serializers.DateField(allow_null=True)
    anonymise_le = serializers.DateField(allow_null=True)


class DonneesPersonnellesViewSet(viewsets.ViewSet):
    """Droit d'accès et d'effacement d'une personne : l'administrateur exporte tout ce que le
    système détient sur elle (JSON) et peut l'anonymiser par anticipation lorsque la loi le
    permet. Chaque export est inscrit au journal des accès."""

    permission_classes = [Administrateur]
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="Retrouver une personne qui exerce ses droits, archivée comprise",
        parameters=[
            OpenApiParameter(
                "recherche", str, required=True, description="Nom ou prénom (au moins 2 caractères)."
            )
        ],
        responses={200: PersonneTrouveeSerializer(many=True)},
    )
    def list(self, request):
        """Les personnes dont le nom ou le prénom contient `recherche` (50 au plus), archivées et
        anonymisées comprises ; jamais une personne connue de la seule équipe EMAS. Journalisé."""
        recherche = request.query_params.get("recherche", "").strip()
        if len(recherche) < 2:
            raise ValidationError({"recherche": ["Indiquez au moins 2 caractères du nom ou du prénom."]})
        trouvees = list(
            Usager.objects.filter(Q(nom__icontains=recherche) | Q(prenom__icontains=recherche))
            .filter(compartiment=REGISTRE)
            .order_by("nom", "prenom", "pk")[:50]
        )
        journaliser(par=request.user, action=Action.LISTE, objets=trouvees, origine=Origine.API)
        return Response(PersonneTrouveeSerializer(trouvees, many=True).data)

    @extend_schema(
        summary="Tout ce que le système détient sur une personne (droit d'accès)",
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request, pk=None):
        usager = self._usager(pk)
        return Response(donnees_de_la_personne(usager=usager, par=request.user))

    @extend_schema(
        summary="Demander l'anonymisation anticipée d'une personne (irréversible, différée)",
        description="Toujours la même réponse (202) : l'anonymisation est faite au traitement quotidien "
        "une fois clos tout dossier ouvert de la personne ; jamais un dossier ouvert n'est détruit.",
        request=None,
        responses={202: DemandeAnonymisationSerializer},
    )
    @action(detail=True, methods=["post"])
    def anonymiser(self, request, pk=None):
        demande = anonymisation_demander(usager=self._usager(pk), par=request.user)
        return Response(DemandeAnonymisationSerializer(demande).data, status=status.HTTP_202_ACCEPTED)

    def _usager(self, pk):
        try:
            return usager_pour_export(usager_id=int(pk), par=self.request.user)
        except ValueError as exc:
            raise Introuvable("Usager introuvable.") from exc
