"""Who may see and act on ASLL measures and ACOR situations: one source for API, admin and services."""

from communes.habilitations import peut_agir_sur_commune
from communes.models import Dispositif
from comptes.roles import Role
from logement.models import MesureASLL, SituationACOR
from usagers.models import Usager


def peut_voir_mesure(user, mesure: MesureASLL) -> bool:
    """Un travailleur social voit une mesure ASLL s'il détient l'habilitation ASLL sur la commune
    où réside aujourd'hui l'usager (un déménagement dans la métropole fait suivre le dossier)."""
    return MesureASLL.objects.visibles_par(user).filter(pk=mesure.pk).exists()


def peut_voir_situation(user, situation: SituationACOR) -> bool:
    """Un intervenant voit une situation ACOR s'il détient l'habilitation ACOR sur la commune de l'usager."""
    return SituationACOR.objects.visibles_par(user).filter(pk=situation.pk).exists()


def peut_ouvrir_mesure_pour(user, usager: Usager) -> bool:
    """On ouvre une mesure ASLL pour un usager d'une commune où l'on détient l'habilitation ASLL."""
    return Usager.objects.visibles_par(user, [Dispositif.ASLL]).filter(pk=usager.pk).exists()


def peut_orienter_vers_acor(user, usager: Usager) -> bool:
    """On oriente vers ACOR un usager d'une commune où l'on détient l'habilitation ACOR."""
    return Usager.objects.visibles_par(user, [Dispositif.ACOR]).filter(pk=usager.pk).exists()


def peut_etre_referent_asll(user, usager: Usager) -> bool:
    """Le référent d'une mesure est un compte actif habilité ASLL sur la commune de l'usager."""
    return user.is_active and peut_agir_sur_commune(user, usager.commune_id, [Dispositif.ASLL])


def peut_etre_referent_acor(user, usager: Usager) -> bool:
    """L'intervenant référent d'une situation est un compte actif habilité ACOR sur la commune de l'usager."""
    return user.is_active and peut_agir_sur_commune(user, usager.commune_id, [Dispositif.ACOR])


def peut_forcer_capacite_acor(user) -> bool:
    """Seul un encadrant (ou un administrateur) peut faire entrer une situation au-delà des places ACOR."""
    if user.is_superuser:
        return True
    return user.groups.filter(name=Role.ENCADRANT.value).exists()
