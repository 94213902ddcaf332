from rest_framework import serializers


class DateHeureField(serializers.DateTimeField):
    """A date-time that answers 400, not 500, when it cannot be converted (e.g. year 1 in Paris)."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


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
