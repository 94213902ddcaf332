"""The API of action 1.1. Views parse, call a service, render; the rules live in services and querysets."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accompagnements.api.filters import AccompagnementFilter, ContactFilter, DemarcheFilter, DroitFilter
from accompagnements.api.serializers import (
    AccompagnementSerializer,
    ContactSerializer,
    DemarcheSerializer,
    DroitDetailSerializer,
    DroitsDUnUsagerSerializer,
    TypeDroitSerializer,
)
from accompagnements.models import Accompagnement, Contact, Demarche, Droit, TransitionDroit, TypeDroit
from accompagnements.perms import DISPOSITIF
from accompagnements.services import (
    accompagnement_modifier,
    accompagnement_ouvrir,
    contact_enregistrer,
    contact_modifier,
    demarche_enregistrer,
    demarche_modifier,
    droit_enregistrer,
    droit_modifier,
)
from usagers.models import Usager


class _DossierViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """List, create, retrieve, update. No deletion: these records are the pacte's evidence.
    A record outside the caller's `acces_droits` grants answers 404."""


class AccompagnementViewSet(_DossierViewSet):
    """Les accompagnements (suivis) des usagers des communes où l'agent est habilité « accès aux droits »."""

    serializer_class = AccompagnementSerializer
    filterset_class = AccompagnementFilter

    def get_queryset(self):
        return Accompagnement.objects.visibles_par(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = accompagnement_ouvrir(par=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = accompagnement_modifier(
            accompagnement=serializer.instance, par=self.request.user, **serializer.validated_data
        )


class ContactViewSet(_DossierViewSet):
    """Les contacts (personnes reçues) : date et heure, mode, durée en minutes."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def get_queryset(self):
        return Contact.objects.visibles_par(self.request.user).select_related("accompagnement")

    def perform_create(self, serializer):
        serializer.instance = contact_enregistrer(par=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = contact_modifier(
            contact=serializer.instance, par=self.request.user, **serializer.validated_data
        )


class DemarcheViewSet(_DossierViewSet):
    """Les démarches administratives faites avec les personnes suivies."""

    serializer_class = DemarcheSerializer
    filterset_class = DemarcheFilter

    def get_queryset(self):
        return Demarche.objects.visibles_par(self.request.user).select_related("accompagnement")

    def perform_create(self, serializer):
        serializer.instance = demarche_enregistrer(par=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = demarche_modifier(
            demarche=serializer.instance, par=self.request.user, **serializer.validated_data
        )


class DroitViewSet(_DossierViewSet):
    """Les droits identifiés, demandés, ouverts, refusés ou abandonnés, avec leur historique.

    Changer `statut` suit le cycle de vie d'un droit (identifie → demande → ouvert | refuse ;
    identifie | demande → abandonne ; refuse | abandonne → demande) avec la date de l'événement
    (`date_demande`, `date_ouverture`, `date_refus`, `date_abandon`)."""

    serializer_class = DroitDetailSerializer
    filterset_class = DroitFilter

    def get_queryset(self):
        historique = TransitionDroit.objects.order_by("enregistre_le", "id")
        return (
            Droit.objects.visibles_par(self.request.user)
            .select_related("type")
            .prefetch_related(Prefetch("transitions", queryset=historique))
        )

    def perform_create(self, serializer):
        serializer.instance = droit_enregistrer(par=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = droit_modifier(
            droit=serializer.instance, par=self.request.user, **serializer.validated_data
        )


class TypeDroitViewSet(viewsets.ReadOnlyModelViewSet):
    """Le catalogue des types de droits (codes stables)."""

    queryset = TypeDroit.objects.filter(actif=True)
    serializer_class = TypeDroitSerializer
    lookup_field = "code"
    # Only well-formed codes reach the database (PostgreSQL refuses a NUL byte with an error).
    lookup_value_regex = r"[a-z0-9_]{1,50}"
    filter_backends: list = []


class DroitsDUnUsagerView(APIView):
    """Les droits d'une personne d'un coup d'œil : ouverts, en cours, non recourus, autres."""

    @extend_schema(responses=DroitsDUnUsagerSerializer)
    def get(self, request, pk: int):
        usager = get_object_or_404(Usager.objects.visibles_par(request.user, [DISPOSITIF]), pk=pk)
        groupes = (
            Droit.objects.filter(usager=usager)
            .select_related("type")
            .order_by("type__libelle", "id")
            .regroupes()
        )
        return Response(DroitsDUnUsagerSerializer({"usager": usager.pk, **groupes}).data)
