"""The partners' directory (action 1.4): read by every agent, maintained by administrators in the
admin. Each consultation of the list is noted for fiche 1.4's indicator of its use."""

from rest_framework import viewsets

from config.api.filters import FiltresDeRequete
from partenaires.api.filters import PartenaireFilter
from partenaires.api.serializers import PartenaireSerializer
from partenaires.models import Partenaire
from partenaires.services import consultation_noter


class PartenaireViewSet(viewsets.ReadOnlyModelViewSet):
    """L'annuaire des partenaires partagé par les 23 communes : `?search=` (sans accents),
    `?commune=` (code INSEE : ses partenaires et ceux de toute la métropole), `?domaine=`, `?type=`."""

    serializer_class = PartenaireSerializer
    filterset_class = PartenaireFilter
    filter_backends = [FiltresDeRequete]

    def get_queryset(self):
        return Partenaire.objects.prefetch_related("communes").order_by("nom", "id")

    def list(self, request, *args, **kwargs):
        consultation_noter(par=request.user)
        return super().list(request, *args, **kwargs)
