"""Orientations between the pacte's dispositifs and towards the partners' directory (action 1.4).

`POST` orients a person the agent follows; the list and the detail answer what the caller may know
(`Orientation.objects.visibles_par`, outcome by `avec_statut`). An orientation is not edited: a
mistaken one is followed by the target's own decision."""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from config.api.viewsets import DossierViewSet
from orientations.api.filters import OrientationFilter
from orientations.api.serializers import OrientationCreationSerializer, OrientationSerializer
from orientations.models import Orientation
from orientations.services import orientation_creer


class OrientationViewSet(DossierViewSet):
    """Orientations des personnes que l'agent suit : vers un autre dispositif du pacte (ASLL, ACOR,
    EMAS), qui la reçoit dans son propre circuit, ou vers un partenaire de l'annuaire. Le statut dit ce
    que l'agent peut savoir : envoyée, reçue, prise en charge, non retenue — vers EMAS, « reçue »
    seulement."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = OrientationSerializer
    serializer_creation = OrientationCreationSerializer
    filterset_class = OrientationFilter

    def get_queryset(self):
        return (
            Orientation.objects.visibles_par(self.request.user)
            .avec_statut()
            .select_related("vers_partenaire")
            .order_by("-date", "-id")
        )

    @extend_schema(request=OrientationCreationSerializer, responses={201: OrientationSerializer})
    def create(self, request, *args, **kwargs):
        orientation = orientation_creer(par=request.user, **self.parse_input(OrientationCreationSerializer))
        return self.respond(orientation, status.HTTP_201_CREATED)
