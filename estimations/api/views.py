"""The API of the estimation of rights. Views parse, call a service, render; no OpenFisca here."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accompagnements.models import Accompagnement
from config.api.viewsets import DossierViewSet, transition
from estimations.api.filters import DroitDetecteFilter, EstimationFilter, FoyerFilter
from estimations.api.serializers import (
    ConfirmerSerializer,
    DroitDetecteSerializer,
    EcarterSerializer,
    EstimationSerializer,
    EstimerDroitsSerializer,
    FoyerSerializer,
)
from estimations.models import AVERTISSEMENT, DroitDetecte, Estimation, Foyer, MembreFoyer
from estimations.services import (
    droit_detecte_confirmer,
    droit_detecte_ecarter,
    estimation_demander,
    foyer_declarer,
)


def estimations_lues(user):
    detectes = DroitDetecte.objects.select_related("type", "droit").order_by("id")
    return Estimation.objects.visibles_par(user).prefetch_related(
        Prefetch("droits_detectes", queryset=detectes)
    )


class FoyerViewSet(DossierViewSet):
    """Les foyers (composition et ressources) des personnes suivies, pour l'estimation des droits.
    Une nouvelle description remplace celle en vigueur (qui garde ses dates) : pas de `PATCH`."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = FoyerSerializer
    serializer_creation = FoyerSerializer
    filterset_class = FoyerFilter

    def get_queryset(self):
        return Foyer.objects.visibles_par(self.request.user).prefetch_related(
            Prefetch("membres", queryset=MembreFoyer.objects.order_by("id"))
        )

    @extend_schema(responses={201: FoyerSerializer})
    def create(self, request, *args, **kwargs):
        foyer = foyer_declarer(par=request.user, **self.parse_input(FoyerSerializer))
        return self.respond(foyer, status.HTTP_201_CREATED)


class EstimationViewSet(DossierViewSet):
    __doc__ = "Les estimations des droits (OpenFisca-France). " + AVERTISSEMENT

    http_method_names = ["get", "head", "options"]
    serializer_class = EstimationSerializer
    filterset_class = EstimationFilter

    def get_queryset(self):
        return estimations_lues(self.request.user)


class DroitDetecteViewSet(DossierViewSet):
    """Les droits détectés par une estimation et non recourus : l'agent les confirme (la demande est
    faite : le droit passe « demandé ») ou les écarte en disant pourquoi (« abandonné »)."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = DroitDetecteSerializer
    filterset_class = DroitDetecteFilter

    def get_queryset(self):
        return DroitDetecte.objects.visibles_par(self.request.user).select_related("type", "droit")

    confirmer = transition(
        "confirmer", service=droit_detecte_confirmer, entree=ConfirmerSerializer, objet="detection"
    )
    ecarter = transition(
        "ecarter", service=droit_detecte_ecarter, entree=EcarterSerializer, objet="detection"
    )


class EstimerDroitsView(APIView):
    __doc__ = (
        "Lance l'estimation des droits du foyer en vigueur de la personne suivie : 202 et l'estimation "
        "(statut `en_attente`), calculée ensuite par le worker OpenFisca ; suivre `GET /estimations/{id}/`. "
        + AVERTISSEMENT
    )

    @extend_schema(request=EstimerDroitsSerializer, responses={202: EstimationSerializer})
    def post(self, request, pk: int):
        accompagnement = get_object_or_404(Accompagnement.objects.visibles_par(request.user), pk=pk)
        entree = EstimerDroitsSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        estimation = estimation_demander(
            accompagnement=accompagnement, par=request.user, **entree.validated_data
        )
        estimation = estimations_lues(request.user).get(pk=estimation.pk)
        return Response(EstimationSerializer(estimation).data, status=status.HTTP_202_ACCEPTED)
