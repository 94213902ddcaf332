from rest_framework import viewsets

from config.api.viewsets import AccessSignalMixin, ListeRapideMixin, VersionMixin
from usagers.api.filters import UsagerFilter
from usagers.api.serializers import UsagerSerializer
from usagers.models import Usager
from usagers.services import usager_creer, usager_modifier, usager_supprimer


class UsagerViewSet(ListeRapideMixin, AccessSignalMixin, VersionMixin, viewsets.ModelViewSet):
    """Les personnes suivies des communes où l'agent est habilité (404 pour les autres)."""

    serializer_class = UsagerSerializer
    filterset_class = UsagerFilter
    search_fields: list[str] = []  # `search` is the accent-insensitive filter of UsagerFilter

    def get_queryset(self):
        return Usager.objects.visibles_par(self.request.user)

    def perform_create(self, serializer):
        donnees = dict(serializer.validated_data)
        donnees.pop("date_demenagement", None)  # a move only means something for an existing person
        serializer.instance = usager_creer(par=self.request.user, **donnees)

    def perform_update(self, serializer):
        donnees = dict(serializer.validated_data)
        donnees.pop("confirmer_doublon", None)  # only creation checks duplicates
        serializer.instance = usager_modifier(usager=serializer.instance, par=self.request.user, **donnees)

    def perform_destroy(self, instance):
        usager_supprimer(usager=instance, par=self.request.user)
