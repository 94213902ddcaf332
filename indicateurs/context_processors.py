from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from indicateurs.perms import peut_lire_indicateurs


def pilotage(request) -> dict:
    """`liens_pilotage`: the admin index links the dashboard for its readers only."""

    def liens() -> list[tuple[str, str, str]]:
        if not peut_lire_indicateurs(request.user):
            return []
        return [
            (
                reverse("tableau_de_bord"),
                "Tableau de bord des encadrants",
                "Chiffres du pacte par commune, graphiques, suivis à relancer",
            )
        ]

    return {"liens_pilotage": SimpleLazyObject(liens)}
