"""Who may see and act on EMAS records: one source for the API, the admin and the services.

Health data: EMAS is a compartment, the `emas` grant on the person's current commune is the only
key, and who is inside a compartment is said once (`communes.habilitations`): administrators and
supervisors never are.
"""

from communes.habilitations import comptes_habilites, dans_le_compartiment, peut_etre_referent
from comptes.models import User
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.validators import EMAS
from usagers.compartiment import filtre_compartiment
from usagers.models import Usager


def acces_compartiment_emas(user) -> bool:
    """Un compte entre dans le compartiment EMAS (API, section de l'admin) s'il est actif, n'est pas
    administrateur et détient l'habilitation EMAS sur au moins une commune."""
    return dans_le_compartiment(user, EMAS)


def peut_voir_signalement(user, signalement: Signalement) -> bool:
    """L'équipe voit un signalement si elle détient l'habilitation EMAS sur la commune de la personne."""
    return Signalement.objects.visibles_par(user).filter(pk=signalement.pk).exists()


def peut_voir_suivi(user, suivi: SuiviEMAS) -> bool:
    """L'équipe voit un suivi si elle détient l'habilitation EMAS sur la commune de la personne."""
    return SuiviEMAS.objects.visibles_par(user).filter(pk=suivi.pk).exists()


def peut_voir_intervention(user, intervention: Intervention) -> bool:
    """L'équipe voit une intervention si elle voit son suivi."""
    return Intervention.objects.visibles_par(user).filter(pk=intervention.pk).exists()


def peut_signaler(user, usager: Usager) -> bool:
    """On enregistre un signalement pour une personne que l'on voit au titre d'EMAS (habilitation EMAS
    sur sa commune ; jamais un administrateur)."""
    return (
        Usager.objects.visibles_par(user, [EMAS])
        .filter(filtre_compartiment(user, EMAS))
        .filter(pk=usager.pk)
        .exists()
    )


def peut_intervenir(user: User, usager: Usager) -> bool:
    """Un intervenant (ou un référent) est un membre actif de l'équipe : compte actif, non administrateur,
    habilité EMAS sur la commune de la personne."""
    return peut_etre_referent(user, usager.commune_id, EMAS)


def membres_de_l_equipe(commune=None):
    """The accounts that may be référent or intervenant (`peut_intervenir`), as a queryset for choices."""
    return comptes_habilites(EMAS, commune)
