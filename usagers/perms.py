"""Who may see and change a usager. One source for the API, the admin and the exports."""

from communes.habilitations import peut_agir_sur_commune
from communes.models import Commune
from comptes.models import User
from usagers.compartiment import DISPOSITIFS_DU_REGISTRE
from usagers.models import Usager


def peut_voir_usager(user: User, usager: Usager) -> bool:
    """Un agent voit un usager selon la règle du registre (`UsagerQuerySet.visibles_par`)."""
    return Usager.objects.visibles_par(user).filter(pk=usager.pk).exists()


def peut_modifier_usager(user: User, usager: Usager) -> bool:
    """Une personne du registre est modifiée par les agents des dispositifs du registre habilités
    sur sa commune ; une personne du seul compartiment EMAS, par l'équipe EMAS."""
    return Usager.objects.modifiables_par(user).filter(pk=usager.pk).exists()


def peut_supprimer_usager(user: User) -> bool:
    """Supprimer une personne est un acte d'administrateur : aucun autre rôle ne supprime de personne."""
    return user.is_active and user.is_superuser


def peut_rattacher_a_commune(user: User, commune: Commune) -> bool:
    """Un agent ne crée ou ne déplace un usager que vers une commune où il est habilité."""
    return peut_agir_sur_commune(user, commune)


def cree_au_registre(user: User, commune: Commune) -> bool:
    """Une personne créée par un agent habilité sur sa commune pour un dispositif du registre (1.1,
    ASLL, ACOR, ou un administrateur) entre au registre commun ; créée par la seule équipe EMAS, elle
    reste dans son compartiment."""
    return peut_agir_sur_commune(user, commune, DISPOSITIFS_DU_REGISTRE)
