"""Who may see and act on ASLL measures and ACOR situations: one source for the querysets, the API,
the admin and the services. Predicates take instances; none imports the models (they import us)."""

from django.db.models import Q

from communes.habilitations import filtre_communes
from comptes.roles import est_encadrant

ASLL = "asll"  # the grant of action 2.1 (`logement.dispositif`)
ACOR = "acor"  # the grant of action 2.2


def filtre_asll(user, chemin_mesure: str = "") -> Q:
    """Un travailleur social voit les mesures ASLL des usagers résidant aujourd'hui dans une commune
    où il détient l'habilitation ASLL (un déménagement dans la métropole fait suivre le dossier : la
    mesure porte la commune actuelle de l'usager, `config.models.FollowsPersonCommune`)."""
    return filtre_communes(user, [ASLL], champ=f"{chemin_mesure}commune_actuelle_id")


def filtre_acor(user) -> Q:
    """Un intervenant voit les situations ACOR des usagers d'une commune où il détient l'habilitation
    ACOR (la commune actuelle de l'usager, portée par la situation : `config.models.FollowsPersonCommune`)."""
    return filtre_communes(user, [ACOR], champ="commune_actuelle_id")


def peut_voir_mesure(user, mesure) -> bool:
    """Une mesure (et ses points d'étape) se voit et se modifie selon `filtre_asll`."""
    return type(mesure).objects.filter(filtre_asll(user), pk=mesure.pk).exists()


def peut_voir_situation(user, situation) -> bool:
    """Une situation ACOR se voit et se modifie selon `filtre_acor`."""
    return type(situation).objects.filter(filtre_acor(user), pk=situation.pk).exists()


def peut_ouvrir_mesure_pour(user, usager) -> bool:
    """On ouvre une mesure ASLL pour un usager d'une commune où l'on détient l'habilitation ASLL."""
    return type(usager).objects.visibles_par(user, [ASLL]).filter(pk=usager.pk).exists()


def peut_orienter_vers_acor(user, usager) -> bool:
    """On oriente vers ACOR un usager d'une commune où l'on détient l'habilitation ACOR."""
    return type(usager).objects.visibles_par(user, [ACOR]).filter(pk=usager.pk).exists()


def peut_forcer_capacite_acor(user) -> bool:
    """Seul un encadrant (ou un administrateur) peut faire entrer une situation au-delà des places ACOR."""
    return user.is_superuser or est_encadrant(user)
