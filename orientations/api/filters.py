import django_filters

from config.api.filters import FiltresPeriode, FiltresUsager
from orientations.models import Orientation, StatutOrientation


class OrientationFilter(FiltresUsager, FiltresPeriode):
    """`du` / `au` bound the orientation's date; `statut` its outcome as the caller may know it."""

    statut = django_filters.ChoiceFilter(choices=StatutOrientation.choices)
    vers_dispositif = django_filters.CharFilter(max_length=30)

    class Meta:
        model = Orientation
        fields: list[str] = []
