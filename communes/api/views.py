from rest_framework import viewsets

from communes.api.serializers import CommuneSerializer
from communes.models import Commune


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Les 23 communes de Dijon Métropole (référentiel public pour tout agent connecté)."""

    queryset = Commune.objects.all()
    serializer_class = CommuneSerializer
    filter_backends: list = []
    # A code INSEE: five characters (2A/2B for Corsica); nothing else reaches the database.
    lookup_value_regex = r"[0-9][0-9AB][0-9]{3}"
