from rest_framework import serializers

from accompagnements.models import TypeDroit


class TypeDroitField(serializers.SlugRelatedField):
    """A right type written and read as its catalogue code (`rsa`, `prime_activite`…)."""

    default_error_messages = {
        "does_not_exist": "Type de droit « {value} » inconnu du catalogue (voir /api/v1/types-droits/).",
        "invalid": "Type de droit invalide : le code du catalogue est attendu (ex. « rsa »).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", TypeDroit.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 50:
            self.fail("invalid")
        return super().to_internal_value(data)
