"""The rules of actions 2.1 and 2.2 that the model, the services, the serializers and the admin share."""

from django.core.exceptions import ValidationError

from config.errors import RegleMetierError
from logement.calendrier import DUREE_MAX_MOIS

# The lists of codes (objectives, difficulties) are validated by `valider_objectifs` and
# `valider_difficultes`, defined in logement/models.py beside their code lists.

MESSAGE_DUREE = f"La durée doit être un nombre entier de mois entre 1 et {DUREE_MAX_MOIS}."


def valider_duree_mois(valeur: object) -> None:
    """A granted duration: a whole number of months from 1 to 24 (renewals included, fiche 2.1)."""
    if isinstance(valeur, bool) or not isinstance(valeur, int) or not 1 <= valeur <= DUREE_MAX_MOIS:
        raise ValidationError(MESSAGE_DUREE, code="duree")


def verifier_duree_mois(valeur: object, *, champ: str = "duree_mois") -> int:
    """`valider_duree_mois` for a service argument (a `RegleMetierError` naming `champ`)."""
    try:
        valider_duree_mois(valeur)
    except ValidationError as exc:
        raise RegleMetierError(MESSAGE_DUREE, champ=champ) from exc
    return valeur  # type: ignore[return-value]
