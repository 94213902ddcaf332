"""Referrals, follow-ups, interventions and the team's evaluation (action 2.3, health data).

Views parse the input, call one service, and render the record re-read through the list
queryset. Only holders of the `emas` grant see anything here: for anyone else every list is
empty and every record a 404, like a record that does not exist.
"""

from django.db.models import F
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.viewsets import DossierViewSet, transition
from emas.api.filters import InterventionFilter, SignalementFilter, SuiviEMASFilter
from emas.api.serializers import (
    AcceptationSerializer,
    ClotureSuiviSerializer,
    EvaluationSerializer,
    InterventionCreationSerializer,
    InterventionModificationSerializer,
    InterventionSerializer,
    PeriodeSerializer,
    RefusSerializer,
    ReorientationSerializer,
    SignalementCreationSerializer,
    SignalementModificationSerializer,
    SignalementSerializer,
    SuiviEMASSerializer,
    SuiviModificationSerializer,
)
from emas.evaluation import evaluation
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.services import (
    intervention_creer,
    intervention_modifier,
    signalement_accepter,
    signalement_creer,
    signalement_modifier,
    signalement_refuser,
    signalement_reorienter,
    suivi_cloturer,
    suivi_modifier,
)


class SignalementViewSet(DossierViewSet):
    """Signalements reçus par l'équipe mobile, des personnes des communes où l'agent est habilité EMAS.

    `?decision=en_attente` est la file des signalements à examiner."""

    encadrant_en_lecture = False  # no supervisor holds the grant: their writes are 404, like an unknown id

    serializer_class = SignalementSerializer
    serializer_creation = SignalementCreationSerializer
    filterset_class = SignalementFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return Signalement.objects.visibles_par(self.request.user).annotate(suivi_id=F("suivi__id"))

    @extend_schema(request=SignalementCreationSerializer, responses={201: SignalementSerializer})
    def create(self, request, *args, **kwargs):
        signalement = signalement_creer(par=request.user, **self.parse_input(SignalementCreationSerializer))
        return self.respond(signalement, status.HTTP_201_CREATED)

    @extend_schema(request=SignalementModificationSerializer, responses=SignalementSerializer)
    def partial_update(self, request, *args, **kwargs):
        signalement = signalement_modifier(
            signalement=self.get_object(),
            par=request.user,
            **self.parse_input(SignalementModificationSerializer),
        )
        return self.respond(signalement)

    accepter = transition(
        "accepter",
        service=signalement_accepter,
        entree=AcceptationSerializer,
        objet="signalement",
        sortie=SignalementSerializer,
        description="Accepter le signalement : le suivi s'ouvre à la date de la décision (son id : `suivi`).",
    )
    refuser = transition(
        "refuser",
        service=signalement_refuser,
        entree=RefusSerializer,
        objet="signalement",
        sortie=SignalementSerializer,
    )
    reorienter = transition(
        "reorienter",
        service=signalement_reorienter,
        entree=ReorientationSerializer,
        objet="signalement",
        sortie=SignalementSerializer,
    )


class SuiviEMASViewSet(DossierViewSet):
    """Suivis ouverts par l'acceptation d'un signalement. `PATCH` met à jour les résultats en cours de
    route ; `POST /{id}/cloturer/` clôt le suivi avec son motif et ses résultats."""

    encadrant_en_lecture = False  # no supervisor holds the grant: their writes are 404, like an unknown id

    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = SuiviEMASSerializer
    filterset_class = SuiviEMASFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return SuiviEMAS.objects.visibles_par(self.request.user)

    @extend_schema(request=SuiviModificationSerializer, responses=SuiviEMASSerializer)
    def partial_update(self, request, *args, **kwargs):
        suivi = suivi_modifier(
            suivi=self.get_object(), par=request.user, **self.parse_input(SuiviModificationSerializer)
        )
        return self.respond(suivi)

    cloturer = transition(
        "cloturer",
        service=suivi_cloturer,
        entree=ClotureSuiviSerializer,
        objet="suivi",
        sortie=SuiviEMASSerializer,
    )


class InterventionViewSet(DossierViewSet):
    """Interventions de l'équipe. `?intervenant=me` : les siennes."""

    encadrant_en_lecture = False  # no supervisor holds the grant: their writes are 404, like an unknown id

    serializer_class = InterventionSerializer
    serializer_creation = InterventionCreationSerializer
    filterset_class = InterventionFilter
    search_fields = ["suivi__usager__nom", "suivi__usager__prenom"]

    def get_queryset(self):
        return Intervention.objects.visibles_par(self.request.user).prefetch_related("intervenants")

    @extend_schema(request=InterventionCreationSerializer, responses={201: InterventionSerializer})
    def create(self, request, *args, **kwargs):
        intervention = intervention_creer(
            par=request.user, **self.parse_input(InterventionCreationSerializer)
        )
        return self.respond(intervention, status.HTTP_201_CREATED)

    @extend_schema(request=InterventionModificationSerializer, responses=InterventionSerializer)
    def partial_update(self, request, *args, **kwargs):
        intervention = intervention_modifier(
            intervention=self.get_object(),
            par=request.user,
            **self.parse_input(InterventionModificationSerializer),
        )
        return self.respond(intervention)


class EvaluationView(APIView):
    """Chiffres d'évaluation de l'équipe mobile sur une période (comptes seuls) : signalements par
    origine et décision, personnes suivies, interventions par type et par profession, temps passé,
    résultats des suivis clos."""

    @extend_schema(
        parameters=[
            OpenApiParameter("du", OpenApiTypes.DATE, required=True, description="début de la période"),
            OpenApiParameter(
                "au", OpenApiTypes.DATE, required=True, description="fin de la période (incluse)"
            ),
        ],
        responses=EvaluationSerializer,
    )
    def get(self, request):
        periode = PeriodeSerializer(data=request.query_params)
        periode.is_valid(raise_exception=True)
        chiffres = evaluation(request.user, **periode.validated_data)
        return Response(EvaluationSerializer(chiffres).data)
