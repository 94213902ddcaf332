"""ASLL measures and checkpoints, ACOR situations, and their indicators.

Views parse the input, call one service, and render the record re-read through the same
queryset as the list (so `prochain_point_etape`, `en_retard` and `etat` are always there).
A record outside the caller's grants is a 404.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from logement.api.filters import MesureASLLFilter, PointEtapeFilter, SituationACORFilter
from logement.api.serializers import (
    ClotureSerializer,
    MesureASLLCreationSerializer,
    MesureASLLModificationSerializer,
    MesureASLLSerializer,
    PointEtapeSaisieSerializer,
    PointEtapeSerializer,
    PriseEnChargeSerializer,
    RenouvellementSerializer,
    RepriseSerializer,
    SituationACORCreationSerializer,
    SituationACORModificationSerializer,
    SituationACORSerializer,
    SortieSerializer,
    SuspensionSerializer,
)
from logement.models import MesureASLL, PointEtape, SituationACOR
from logement.services import (
    mesure_cloturer,
    mesure_creer,
    mesure_modifier,
    mesure_renouveler,
    mesure_reprendre,
    mesure_suspendre,
    point_etape_realiser,
    situation_acor_creer,
    situation_acor_modifier,
    situation_acor_prendre_en_charge,
    situation_acor_terminer,
)


class _ServiceViewSet(viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _valider(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _rendre(self, instance, code=status.HTTP_200_OK) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code)


class MesureASLLViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ServiceViewSet):
    """Mesures ASLL des usagers des communes où l'agent est habilité ASLL.

    `?referent=me&statut=en_cours` est le portefeuille d'un travailleur social, trié par
    prochain point d'étape (les retards d'abord).
    """

    serializer_class = MesureASLLSerializer
    filterset_class = MesureASLLFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return MesureASLL.objects.visibles_par(self.request.user).avec_prochain_point_etape().par_echeance()

    @extend_schema(request=MesureASLLCreationSerializer, responses=MesureASLLSerializer)
    def create(self, request, *args, **kwargs):
        mesure = mesure_creer(par=request.user, **self._valider(MesureASLLCreationSerializer))
        return self._rendre(mesure, status.HTTP_201_CREATED)

    @extend_schema(request=MesureASLLModificationSerializer, responses=MesureASLLSerializer)
    def partial_update(self, request, *args, **kwargs):
        mesure = mesure_modifier(
            mesure=self.get_object(), par=request.user, **self._valider(MesureASLLModificationSerializer)
        )
        return self._rendre(mesure)

    @extend_schema(request=RenouvellementSerializer, responses=MesureASLLSerializer)
    @action(detail=True, methods=["post"])
    def renouveler(self, request, pk=None):
        mesure = mesure_renouveler(
            mesure=self.get_object(), par=request.user, **self._valider(RenouvellementSerializer)
        )
        return self._rendre(mesure)

    @extend_schema(request=ClotureSerializer, responses=MesureASLLSerializer)
    @action(detail=True, methods=["post"])
    def cloturer(self, request, pk=None):
        mesure = mesure_cloturer(
            mesure=self.get_object(), par=request.user, **self._valider(ClotureSerializer)
        )
        return self._rendre(mesure)

    @extend_schema(request=SuspensionSerializer, responses=MesureASLLSerializer)
    @action(detail=True, methods=["post"])
    def suspendre(self, request, pk=None):
        mesure = mesure_suspendre(
            mesure=self.get_object(), par=request.user, **self._valider(SuspensionSerializer)
        )
        return self._rendre(mesure)

    @extend_schema(request=RepriseSerializer, responses=MesureASLLSerializer)
    @action(detail=True, methods=["post"])
    def reprendre(self, request, pk=None):
        mesure = mesure_reprendre(
            mesure=self.get_object(), par=request.user, **self._valider(RepriseSerializer)
        )
        return self._rendre(mesure)


class PointEtapeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ServiceViewSet):
    """Points d'étape des mesures visibles. `PATCH` enregistre le point tenu (date, compte rendu…)."""

    http_method_names = ["get", "patch", "head", "options"]
    serializer_class = PointEtapeSerializer
    filterset_class = PointEtapeFilter

    def get_queryset(self):
        return (
            PointEtape.objects.visibles_par(self.request.user)
            .avec_etat()
            .prefetch_related("progressions")
            .order_by("date_prevue", "id")
        )

    @extend_schema(request=PointEtapeSaisieSerializer, responses=PointEtapeSerializer)
    def partial_update(self, request, *args, **kwargs):
        point = self.get_object()
        donnees = self._valider(PointEtapeSaisieSerializer)
        point = point_etape_realiser(
            point=point,
            par=request.user,
            date_realisee=donnees.get("date_realisee"),
            compte_rendu=donnees.get("compte_rendu"),
            progressions=[dict(p) for p in donnees["progressions"]] if "progressions" in donnees else None,
        )
        return self._rendre(point)


class SituationACORViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ServiceViewSet):
    """Situations ACOR des usagers des communes où l'agent est habilité ACOR.

    Triées par date d'orientation : `?statut=en_attente` est la liste d'attente.
    """

    serializer_class = SituationACORSerializer
    filterset_class = SituationACORFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return SituationACOR.objects.visibles_par(self.request.user).order_by("date_orientation", "id")

    @extend_schema(request=SituationACORCreationSerializer, responses=SituationACORSerializer)
    def create(self, request, *args, **kwargs):
        situation = situation_acor_creer(par=request.user, **self._valider(SituationACORCreationSerializer))
        return self._rendre(situation, status.HTTP_201_CREATED)

    @extend_schema(request=SituationACORModificationSerializer, responses=SituationACORSerializer)
    def partial_update(self, request, *args, **kwargs):
        situation = situation_acor_modifier(
            situation=self.get_object(),
            par=request.user,
            **self._valider(SituationACORModificationSerializer),
        )
        return self._rendre(situation)

    @extend_schema(request=PriseEnChargeSerializer, responses=SituationACORSerializer)
    @action(detail=True, methods=["post"], url_path="prendre-en-charge")
    def prendre_en_charge(self, request, pk=None):
        situation = situation_acor_prendre_en_charge(
            situation=self.get_object(), par=request.user, **self._valider(PriseEnChargeSerializer)
        )
        return self._rendre(situation)

    @extend_schema(request=SortieSerializer, responses=SituationACORSerializer)
    @action(detail=True, methods=["post"])
    def terminer(self, request, pk=None):
        situation = situation_acor_terminer(
            situation=self.get_object(), par=request.user, **self._valider(SortieSerializer)
        )
        return self._rendre(situation)
