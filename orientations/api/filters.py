import django_filters

from config.api.filters import (
    ChoixFilter,
    FiltresCommuneEvenement,
    FiltresPeriode,
    FiltresReferent,
    FiltresUsager,
)
from orientations.models import Orientation, StatutOrientation


class OrientationFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the orientation's date; `referent` is the agent who oriented; `statut` its
    outcome as the caller may know it."""

    champ_referent = "cree_par_id"

    statut = ChoixFilter(choices=StatutOrientation.choices, label="statut")
    vers_dispositif = django_filters.CharFilter(max_length=30)

    class Meta:
        model = Orientation
        fields: list[str] = []
