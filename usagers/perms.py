"""Who may see and change a usager. One source for the API, the admin and the exports."""

from communes.habilitations import peut_agir_sur_commune
from communes.models import Commune
from comptes.models import User
from config import dispositifs as registre
from usagers.compartiment import REGISTRE
from usagers.models import Usager


def peut_modifier_usager(user: User, usager: Usager) -> bool:
    """Une personne du registre est modifiée par les agents des dispositifs du registre habilités
    sur sa commune ; une personne d'un seul compartiment, par l'équipe de ce compartiment."""
    return Usager.objects.modifiables_par(user).filter(pk=usager.pk).exists()


def peut_supprimer_usager(user: User) -> bool:
    """Supprimer une personne est un acte d'administrateur : aucun autre rôle ne supprime de personne."""
    return user.is_active and user.is_superuser


def peut_rattacher_a_commune(user: User, commune: Commune) -> bool:
    """Un agent ne crée ou ne déplace un usager que vers une commune où il est habilité."""
    return peut_agir_sur_commune(user, commune)


def compartiment_a_la_creation(user: User, commune: Commune) -> str:
    """Une personne créée par un agent habilité sur sa commune pour un dispositif du registre (ou par
    un administrateur) entre au registre commun ; créée par la seule équipe d'un compartiment, elle
    reste dans ce compartiment."""
    if user.is_superuser or peut_agir_sur_commune(user, commune, registre.codes(compartiment=False)):
        return REGISTRE
    return next(
        (code for code in registre.codes(compartiment=True) if peut_agir_sur_commune(user, commune, [code])),
        REGISTRE,
    )
