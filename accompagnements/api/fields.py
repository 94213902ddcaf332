from rest_framework import serializers

ID_MAX = 2**63 - 1


class DossierVisibleField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a record the caller can see (`visibles(user)`, a queryset).

    A record outside the caller's grants is answered exactly like a record that does not exist
    (400 naming the field, "introuvable"): the answer never reveals that it exists elsewhere.
    """

    default_error_messages = {
        "does_not_exist": "Objet n° {pk_value} introuvable parmi ceux auxquels vous avez accès.",
        "incorrect_type": "Identifiant invalide : un nombre entier est attendu, pas {data_type}.",
    }

    def __init__(self, visibles, **kwargs):
        self.visibles = visibles
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", visibles(None))
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.visibles(request.user if request else None)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            identifiant = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < identifiant <= ID_MAX:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(identifiant)


class TypeDroitField(serializers.SlugRelatedField):
    """A right type written and read as its catalogue code (`rsa`, `prime_activite`…)."""

    default_error_messages = {
        "does_not_exist": "Type de droit « {value} » inconnu du catalogue (voir /api/v1/types-droits/).",
        "invalid": "Type de droit invalide : le code du catalogue est attendu (ex. « rsa »).",
    }

    def __init__(self, **kwargs):
        from accompagnements.models import TypeDroit

        kwargs.setdefault("queryset", TypeDroit.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 50:
            self.fail("invalid")
        return super().to_internal_value(data)
