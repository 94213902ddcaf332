from rest_framework import viewsets

from communes.api.serializers import CommuneSerializer
from communes.models import Commune


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Les 23 communes de Dijon Métropole (référentiel public pour tout agent connecté)."""

    queryset = Commune.objects.all()
    serializer_class = CommuneSerializer
    filter_backends: list = []
