from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.errors import Introuvable
from conservation.acces import donnees_de_la_personne, peut_exporter, usager_pour_export
from conservation.services import usager_anonymiser
from journal.models import Action, Origine
from journal.services import journaliser
from usagers.compartiment import REGISTRE
from usagers.models import Usager


class Administrateur(BasePermission):
    message = "Réservé aux administrateurs."

    def has_permission(self, request, view):
        return peut_exporter(request.user)


class AnonymisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    anonymise_le = serializers.DateField()


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
        summary="Anonymiser une personne par anticipation (irréversible)",
        request=None,
        responses={200: AnonymisationSerializer},
    )
    @action(detail=True, methods=["post"])
    def anonymiser(self, request, pk=None):
        with transaction.atomic():
            usager = usager_anonymiser(
                usager=self._usager(pk), par=request.user, aujourd_hui=timezone.localdate()
            )
        return Response(AnonymisationSerializer(usager).data)

    def _usager(self, pk):
        try:
            return usager_pour_export(usager_id=int(pk), par=self.request.user)
        except ValueError as exc:
            raise Introuvable("Usager introuvable.") from exc
