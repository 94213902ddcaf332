"""The API of action 1.1. Views parse, call a service, render; the rules live in services and querysets."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accompagnements.api.filters import AccompagnementFilter, ContactFilter, DemarcheFilter, DroitFilter
from accompagnements.api.serializers import (
    AccompagnementSerializer,
    ClotureAccompagnementSerializer,
    ContactSerializer,
    DemarcheSerializer,
    DroitDetailSerializer,
    DroitsDUnUsagerSerializer,
    ReouvertureSerializer,
    TypeDroitSerializer,
)
from accompagnements.models import Accompagnement, Contact, Demarche, Droit, TransitionDroit, TypeDroit
from accompagnements.perms import ACCES_DROITS
from accompagnements.services import (
    accompagnement_cloturer,
    accompagnement_modifier,
    accompagnement_ouvrir,
    accompagnement_rouvrir,
    contact_enregistrer,
    contact_modifier,
    demarche_enregistrer,
    demarche_modifier,
    droit_enregistrer,
    droit_modifier,
)
from config.api.viewsets import DossierViewSet, transition
from journal.models import Action, Origine
from journal.services import journaliser
from usagers.models import Usager


class AccompagnementViewSet(DossierViewSet):
    """Les accompagnements (suivis) des usagers des communes où l'agent est habilité « accès aux droits »."""

    serializer_class = AccompagnementSerializer
    filterset_class = AccompagnementFilter

    def get_queryset(self):
        return Accompagnement.objects.visibles_par(self.request.user)

    @extend_schema(responses={201: AccompagnementSerializer})
    def create(self, request, *args, **kwargs):
        accompagnement = accompagnement_ouvrir(par=request.user, **self.parse_input(AccompagnementSerializer))
        return self.respond(accompagnement, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        accompagnement = self.get_object()
        changements = self.parse_input(AccompagnementSerializer, instance=accompagnement)
        accompagnement = accompagnement_modifier(
            accompagnement=accompagnement, par=request.user, **changements
        )
        return self.respond(accompagnement)

    cloturer = transition(
        "cloturer",
        service=accompagnement_cloturer,
        entree=ClotureAccompagnementSerializer,
        objet="accompagnement",
    )
    rouvrir = transition(
        "rouvrir", service=accompagnement_rouvrir, entree=ReouvertureSerializer, objet="accompagnement"
    )


class ContactViewSet(DossierViewSet):
    """Les contacts (personnes reçues) : date et heure, mode, durée en minutes."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def get_queryset(self):
        return Contact.objects.visibles_par(self.request.user).select_related("accompagnement")

    @extend_schema(responses={201: ContactSerializer})
    def create(self, request, *args, **kwargs):
        contact = contact_enregistrer(par=request.user, **self.parse_input(ContactSerializer))
        return self.respond(contact, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        contact = self.get_object()
        contact = contact_modifier(
            contact=contact, par=request.user, **self.parse_input(ContactSerializer, instance=contact)
        )
        return self.respond(contact)


class DemarcheViewSet(DossierViewSet):
    """Les démarches administratives faites avec les personnes suivies."""

    serializer_class = DemarcheSerializer
    filterset_class = DemarcheFilter

    def get_queryset(self):
        return Demarche.objects.visibles_par(self.request.user).select_related("accompagnement")

    @extend_schema(responses={201: DemarcheSerializer})
    def create(self, request, *args, **kwargs):
        demarche = demarche_enregistrer(par=request.user, **self.parse_input(DemarcheSerializer))
        return self.respond(demarche, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        demarche = self.get_object()
        demarche = demarche_modifier(
            demarche=demarche, par=request.user, **self.parse_input(DemarcheSerializer, instance=demarche)
        )
        return self.respond(demarche)


class DroitViewSet(DossierViewSet):
    """Les droits identifiés, demandés, ouverts, refusés ou abandonnés, avec leur historique.

    Changer `statut` (par `PATCH`) suit le cycle de vie d'un droit (identifie → demande → ouvert |
    refuse ; identifie | demande → abandonne ; refuse | abandonne → demande) avec la date de
    l'événement (`date_demande`, `date_ouverture`, `date_refus`, `date_abandon`)."""

    serializer_class = DroitDetailSerializer
    filterset_class = DroitFilter

    def get_queryset(self):
        historique = TransitionDroit.objects.order_by("enregistre_le", "id")
        return (
            Droit.objects.visibles_par(self.request.user)
            .select_related("type")
            .prefetch_related(Prefetch("transitions", queryset=historique))
        )

    @extend_schema(responses={201: DroitDetailSerializer})
    def create(self, request, *args, **kwargs):
        droit = droit_enregistrer(par=request.user, **self.parse_input(DroitDetailSerializer))
        return self.respond(droit, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        droit = self.get_object()
        droit = droit_modifier(
            droit=droit, par=request.user, **self.parse_input(DroitDetailSerializer, instance=droit)
        )
        return self.respond(droit)


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
        usager = get_object_or_404(Usager.objects.visibles_par(request.user, [ACCES_DROITS]), pk=pk)
        groupes = (
            Droit.objects.filter(usager=usager)
            .select_related("type")
            .order_by("type__libelle", "id")
            .regroupes()
        )
        lus = [usager, *(droit for liste in groupes.values() for droit in liste)]
        journaliser(par=request.user, action=Action.LU, objets=lus, origine=Origine.API)
        return Response(DroitsDUnUsagerSerializer({"usager": usager.pk, **groupes}).data)
