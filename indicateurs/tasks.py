"""Celery tasks of the indicators. The beat entry that runs `extraire_mois_precedent` monthly is
declared with the other schedules (config), by this name."""

from celery import shared_task

from config.errors import RegleMetierError
from indicateurs.models import AnneeVerrouillee
from indicateurs.services import extraire_mois, mois_precedent


@shared_task(name="indicateurs.tasks.extraire_mois_precedent")
def extraire_mois_precedent() -> str:
    """Extract last month (Europe/Paris). Safe to run twice: a second run replaces the first; a
    locked year is left alone."""
    annee, mois = mois_precedent()
    if AnneeVerrouillee.objects.filter(annee=annee).exists():
        return f"{annee:04d}-{mois:02d} : année verrouillée, rien à faire"
    try:
        extraire_mois(annee=annee, mois=mois)
    except RegleMetierError as exc:  # locked between the check and the extraction
        return exc.message
    return f"{annee:04d}-{mois:02d} extrait"
