from rest_framework import serializers

from accompagnements.models import LIEU_ACCUEIL_REFUSE, TypeDroit, lieux_d_accueil
from partenaires.api.fields import PartenaireActifField


class TypeDroitField(serializers.SlugRelatedField):
    """A right type written and read as its catalogue code (`rsa`, `prime_activite`…)."""

    lecture_sans_requete = True  # its reading needs nothing of the request (config.api.serializers)

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


class LieuAccueilField(PartenaireActifField):
    """Where the person was received: an active antenna of the métropole's social service or a
    commune's CCAS, by its id in the directory (the service checks the same rule)."""

    default_error_messages = {
        "does_not_exist": LIEU_ACCUEIL_REFUSE,
        "incorrect_type": "Lieu d'accueil invalide : un identifiant de l'annuaire est attendu.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", lieux_d_accueil())
        kwargs.setdefault(
            "help_text",
            "Identifiant d'une antenne du service social métropolitain ou d'un CCAS, actif dans l'annuaire "
            "(GET /api/v1/partenaires/?type=ccas ou ?type=service_social) ; facultatif.",
        )
        super().__init__(**kwargs)
