import django_filters

from config.api.filters import BooleenFilter, ChoixFilter, CommuneFilter, FiltresNommes
from partenaires.models import Partenaire
from partenaires.validators import Domaine, TypePartenaire


class PartenaireFilter(FiltresNommes):
    search = django_filters.CharFilter(method="filtrer_recherche", label="Recherche (sans accents)")
    commune = CommuneFilter(method="filtrer_commune", label="code INSEE d'une commune servie")
    domaine = ChoixFilter(choices=Domaine.choices, method="filtrer_domaine", label="Domaine")
    type = ChoixFilter(choices=TypePartenaire.choices, label="Type")
    actif = BooleenFilter(label="Actif")

    class Meta:
        model = Partenaire
        fields = ["search", "commune", "domaine", "type", "actif"]

    def filtrer_recherche(self, queryset, name, value):
        return queryset.cherchant(value[:200])

    def filtrer_commune(self, queryset, name, value):
        return queryset.servant(value)

    def filtrer_domaine(self, queryset, name, value):
        return queryset.du_domaine(value)
