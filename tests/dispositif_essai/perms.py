"""Who sees the visits of the test dispositif: its grant on the person's current commune."""

from django.db.models import Q

from communes.habilitations import filtre_communes

ESSAI = "essai"


def filtre_essai(user) -> Q:
    """Un agent voit les visites des usagers d'une commune où il détient l'habilitation d'essai."""
    return filtre_communes(user, [ESSAI], champ="usager__commune_id")
