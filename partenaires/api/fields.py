from rest_framework import serializers

from partenaires.models import Partenaire


class PartenaireActifField(serializers.PrimaryKeyRelatedField):
    """A partner of the directory, by id: on input, an active one (a deactivated partner is refused,
    records that already point to it keep it)."""

    default_error_messages = {
        "does_not_exist": "Partenaire introuvable ou désactivé dans l'annuaire.",
        "incorrect_type": "Identifiant invalide : un nombre entier est attendu.",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Partenaire.objects.actifs())
        kwargs.setdefault(
            "help_text", "Identifiant d'un partenaire actif de l'annuaire (GET /api/v1/partenaires/)."
        )
        super().__init__(**kwargs)
