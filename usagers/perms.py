"""Who may see and change a usager. One source for the API, the admin and the exports."""

from communes.habilitations import peut_agir_sur_commune
from communes.models import Commune
from comptes.models import User
from usagers.models import Usager


def peut_voir_usager(user: User, usager: Usager) -> bool:
    """Un agent voit un usager s'il détient au moins une habilitation sur sa commune de résidence."""
    return Usager.objects.visibles_par(user).filter(pk=usager.pk).exists()


def peut_rattacher_a_commune(user: User, commune: Commune) -> bool:
    """Un agent ne crée ou ne déplace un usager que vers une commune où il est habilité."""
    return peut_agir_sur_commune(user, commune)
