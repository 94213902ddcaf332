"""Who may see and change the records of action 1.1. One source for the API, the admin and the counts.

The rule: a record of action 1.1 belongs to a usager; it is visible and editable by the users
holding the `acces_droits` grant on the usager's **current** commune of residence (object
permissions only, as everywhere in the product). Another dispositif's grant on the same
commune (ASLL, ACOR, EMAS) opens nothing here.
"""

from django.db.models import Q

from communes.habilitations import filtre_communes, peut_agir_sur_commune

ACCES_DROITS = "acces_droits"  # the grant of action 1.1 (`accompagnements.dispositif`)


def filtre_acces_droits(user, champ_commune: str) -> Q:
    """Un agent voit les dossiers 1.1 des communes où il détient l'habilitation « accès aux droits »."""
    return filtre_communes(user, [ACCES_DROITS], champ=champ_commune)


def peut_suivre_usager(user, usager) -> bool:
    """Un agent suit un usager (action 1.1) s'il est habilité « accès aux droits » sur sa commune actuelle."""
    return peut_agir_sur_commune(user, usager.commune_id, [ACCES_DROITS])
