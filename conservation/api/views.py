from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.errors import Introuvable
from conservation.acces import donnees_de_la_personne, peut_exporter, usager_pour_export
from conservation.services import usager_anonymiser


class Administrateur(BasePermission):
    message = "Réservé aux administrateurs."

    def has_permission(self, request, view):
        return peut_exporter(request.user)


class AnonymisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    anonymise_le = serializers.DateField()


class DonneesPersonnellesViewSet(viewsets.ViewSet):
    """Droit d'accès et d'effacement d'une personne : l'administrateur exporte tout ce que le
    système détient sur elle (JSON) et peut l'anonymiser par anticipation lorsque la loi le
    permet. Chaque export est inscrit au journal des accès."""

    permission_classes = [Administrateur]
    lookup_value_regex = r"\d+"

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
