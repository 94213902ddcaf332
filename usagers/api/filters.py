import django_filters

from config.api.filters import FiltresNommes
from usagers.models import Usager


class UsagerFilter(FiltresNommes):
    commune = django_filters.CharFilter(field_name="commune_id", label="code INSEE de la commune")
    search = django_filters.CharFilter(
        method="rechercher",
        label="nom, prénom (sans accents ni majuscules) ou date de naissance JJ/MM/AAAA ; résultats classés",
    )

    def rechercher(self, queryset, name, value):
        return queryset.rechercher(value)

    class Meta:
        model = Usager
        fields = ["commune"]
