from rest_framework import status

from config.api.filters import FiltresCommuneEvenement, FiltresPeriode, FiltresReferent, FiltresUsager
from config.api.viewsets import DossierViewSet
from tests.dispositif_essai.api.serializers import VisiteSerializer
from tests.dispositif_essai.models import Visite
from tests.dispositif_essai.services import visite_enregistrer


class VisiteFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    class Meta:
        model = Visite
        fields: list[str] = []


class VisiteViewSet(DossierViewSet):
    """Les visites du dispositif d'essai."""

    serializer_class = VisiteSerializer
    filterset_class = VisiteFilter

    def get_queryset(self):
        return Visite.objects.visibles_par(self.request.user).select_related("usager")

    def create(self, request, *args, **kwargs):
        visite = visite_enregistrer(par=request.user, **self.parse_input(VisiteSerializer))
        return self.respond(visite, status.HTTP_201_CREATED)
