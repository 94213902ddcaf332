import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission

from comptes.perms import peut_lire_les_journaux
from config.errors import Introuvable
from journal.api.serializers import EntreeJournalSerializer
from journal.identifiants import pk_de
from journal.models import Action, EntreeJournal


class LecteurDuJournal(BasePermission):
    message = (
        "Le journal des accès est réservé aux administrateurs et au délégué à la protection des données."
    )

    def has_permission(self, request, view):
        return peut_lire_les_journaux(request.user)


class EntreeJournalFilter(django_filters.FilterSet):
    usager = django_filters.NumberFilter(field_name="usager_id", label="Personne (id)")
    auteur = django_filters.NumberFilter(field_name="auteur_id", label="Compte (id)")
    objet_type = django_filters.CharFilter(label="Type de dossier (app.modèle)")
    objet_id = django_filters.NumberFilter(label="Dossier (id)")
    action = django_filters.ChoiceFilter(choices=Action.choices)
    du = django_filters.IsoDateTimeFilter(field_name="quand", lookup_expr="gte", label="Depuis (inclus)")
    au = django_filters.IsoDateTimeFilter(field_name="quand", lookup_expr="lte", label="Jusqu'à (inclus)")

    class Meta:
        model = EntreeJournal
        fields = ["usager", "auteur", "objet_type", "objet_id", "action", "du", "au"]


@extend_schema_view(
    list=extend_schema(summary="Qui a consulté ou modifié quels dossiers, quand (journal des accès)"),
    retrieve=extend_schema(summary="Une entrée du journal des accès"),
)
class EntreeJournalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Le journal des accès, en lecture seule : administrateurs et délégué à la protection des
    données ; les entrées d'un compartiment (données de santé) seulement pour le `dpo` et son
    équipe. `?usager=ID` répond à « qui a ouvert le dossier de cette personne, et quand »."""

    serializer_class = EntreeJournalSerializer
    permission_classes = [LecteurDuJournal]
    filterset_class = EntreeJournalFilter
    search_fields: list[str] = []

    def get_queryset(self):
        return EntreeJournal.objects.visibles_par(self.request.user)

    def get_object(self):
        """By its public identifier (`journal.identifiants`): the sequence's ids are never exposed."""
        try:
            pk = pk_de(int(self.kwargs["pk"]))
        except ValueError:
            pk = None
        entree = self.get_queryset().filter(pk=pk).first() if pk is not None else None
        if entree is None:
            raise Introuvable()
        self.check_object_permissions(self.request, entree)
        return entree
