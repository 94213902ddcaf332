"""The rules of actions 2.1 and 2.2 that the model, the services, the serializers and the admin share."""

from django.core.exceptions import ValidationError
from django.db import models

from config.errors import RegleMetierError
from config.validators import ValidateurCodes
from logement.calendrier import DUREE_MAX_MOIS


class Objectif(models.TextChoices):
    BUDGET = "budget", "Gestion du budget"
    DROITS = "droits", "Accès aux droits"
    APPROPRIATION_LOGEMENT = "appropriation_logement", "Appropriation du logement"
    RELATION_BAILLEUR = "relation_bailleur", "Relation avec le bailleur"
    RECHERCHE_LOGEMENT = "recherche_logement", "Recherche de logement"
    AUTRE = "autre", "Autre"


class Difficulte(models.TextChoices):
    SOCIALE = "sociale", "Difficultés sociales"
    MEDICO_SOCIALE = "medico_sociale", "Difficultés médico-sociales"
    SANTE_MENTALE = "sante_mentale", "Santé mentale"
    ADDICTION = "addiction", "Addiction"
    INCURIE = "incurie", "Incurie, accumulation"
    IMPAYES_LOYER = "impayes_loyer", "Impayés de loyer"
    ISOLEMENT = "isolement", "Isolement"
    TROUBLES_VOISINAGE = "troubles_voisinage", "Troubles du voisinage"
    AUTRE = "autre", "Autre"


# Each list of codes has one validator, used by the model, the services, the serializers and the admin.
valider_objectifs = ValidateurCodes(Objectif, "objectif")
valider_difficultes = ValidateurCodes(Difficulte, "code de difficulté")

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
