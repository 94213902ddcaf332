import django_filters

from usagers.models import Usager


class UsagerFilter(django_filters.FilterSet):
    commune = django_filters.CharFilter(field_name="commune_id", label="code INSEE de la commune")

    class Meta:
        model = Usager
        fields = ["commune"]
