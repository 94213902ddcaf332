from rest_framework import serializers

from communes.models import Commune


class CodeInseeField(serializers.SlugRelatedField):
    """A commune written and read as its code INSEE (the primary key: no query on read)."""

    lecture_sans_requete = True  # its reading needs nothing of the request (config.api.serializers)
    rendu_par_sa_cle = True  # rendered as the foreign key's value as stored: a list reads `commune_id`

    default_error_messages = {
        "does_not_exist": "La commune « {value} » n'est pas une commune de Dijon Métropole.",
        "invalid": "Code INSEE de commune invalide.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Commune.objects.all())
        super().__init__(slug_field="code_insee", **kwargs)

    def use_pk_only_optimization(self) -> bool:
        return True

    def to_representation(self, value) -> str:
        return value.pk

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool) or len(str(data)) > 5:
            self.fail("invalid")
        return super().to_internal_value(str(data))
