"""Who may see and act on EMAS records: one source for the API, the admin and the services.

Health data: the `emas` grant on the person's current commune is the only key
(`usagers.compartiment.filtre_emas`); administrators and supervisors never hold it.
"""

from communes.habilitations import communes_autorisees, comptes_habilites, peut_etre_referent
from communes.models import Dispositif
from comptes.models import User
from emas.models import Intervention, Signalement, SuiviEMAS
from usagers.compartiment import filtre_emas
from usagers.models import Usager


def acces_compartiment_emas(user) -> bool:
    """Un compte entre dans le compartiment EMAS (API, section de l'admin) s'il est actif, n'est pas
    administrateur et détient l'habilitation EMAS sur au moins une commune."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return False
    return communes_autorisees(user, [Dispositif.EMAS]).exists()


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
        Usager.objects.visibles_par(user, [Dispositif.EMAS])
        .filter(filtre_emas(user))
        .filter(pk=usager.pk)
        .exists()
    )


def peut_intervenir(user: User, usager: Usager) -> bool:
    """Un intervenant (ou un référent) est un membre actif de l'équipe : compte actif, non administrateur,
    habilité EMAS sur la commune de la personne."""
    return not user.is_superuser and peut_etre_referent(user, usager.commune_id, Dispositif.EMAS)


def membres_de_l_equipe(commune=None):
    """The accounts that may be référent or intervenant (`peut_intervenir`), as a queryset for choices."""
    return comptes_habilites(Dispositif.EMAS, commune).filter(is_superuser=False)
