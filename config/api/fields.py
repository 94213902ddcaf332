from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

ID_MAX = 2**63 - 1

# The one answer for a record that does not exist or that the caller may not see: the two are
# indistinguishable on purpose (a 404 on a URL, this message on a reference in a body).
INTROUVABLE = "Introuvable : ce dossier n'existe pas ou vous n'y avez pas accès."


class DateHeureField(serializers.DateTimeField):
    """A date-time that answers 400, not 500, when it cannot be converted (e.g. year 1 in Paris)."""

    lecture_sans_requete = True  # its reading needs nothing of the request (config.api.serializers)

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


@extend_schema_field(OpenApiTypes.INT)
class DossierVisibleField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a record the caller can see (`visibles(user)`, a queryset).

    A record outside the caller's grants is answered exactly like a record that does not exist
    (400 naming the field, « <nom> introuvable. »): the answer never reveals that it exists elsewhere.
    `nom` defaults to the model's verbose name. `introuvable` replaces the whole message (a string,
    or a function giving it) where the service refusing an existing record says something else: the
    two answers must be one, or the field would tell which ids exist.
    """

    default_error_messages = {
        "does_not_exist": "{nom} introuvable.",
        "incorrect_type": "Identifiant invalide : un nombre entier est attendu.",
    }

    def __init__(self, visibles, nom: str | None = None, introuvable=None, **kwargs):
        self.visibles = visibles
        self.nom = nom
        self.introuvable = introuvable
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", visibles(None))
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.visibles(request.user if request else None)

    def _introuvable(self):
        if self.introuvable is not None:
            message = self.introuvable() if callable(self.introuvable) else self.introuvable
            raise serializers.ValidationError(message, code="does_not_exist")
        nom = self.nom or str(self.visibles(None).model._meta.verbose_name)
        self.fail("does_not_exist", nom=nom[0].upper() + nom[1:])

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type")
        try:
            identifiant = int(data)
        except ValueError:
            self.fail("incorrect_type")
        if not 0 < identifiant <= ID_MAX:
            self._introuvable()
        try:
            return self.get_queryset().get(pk=identifiant)
        except self.get_queryset().model.DoesNotExist:
            self._introuvable()
