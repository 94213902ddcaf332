"""The compartments (health data) as seen from the shared register of persons.

A compartment's records are health data (RGPD art. 9, art. L.1110-4 of the public-health code):
only the holders of its grant on the person's commune read them (`communes.habilitations`, where
the one rule of who is inside lives: never an administrator). A person known only to a
compartment's team stays out of the shared register (`Usager.compartiment` holds its code).
"""

from django.db.models import Model, Q

from communes.habilitations import dans_le_compartiment, filtre_communes
from config import dispositifs as registre

REGISTRE = ""  # `Usager.compartiment` of a person in the shared register


def filtre_compartiment(user, code: str, champ: str = "commune_id") -> Q:
    """A `Q` on the commune column `champ`: the communes where `user` is inside compartment `code`."""
    return filtre_communes(user, [code], champ=champ)


def filtre_registre(user) -> Q:
    """The persons `user` may know of: those of the shared register, and those of a compartment
    known to its team alone on the communes where `user` is inside it."""
    condition = Q(compartiment=REGISTRE)
    for code in registre.codes(compartiment=True):
        # Outside the compartment on every commune, its branch can hold no one (`IN ()`): left out
        # rather than built and dropped at compilation at every list.
        if dans_le_compartiment(user, code):
            condition |= Q(compartiment=code) & filtre_compartiment(user, code)
    return condition


def est_compartimente(objet_ou_modele) -> bool:
    """True for a row (or model) that a compartment keeps."""
    modele = objet_ou_modele if isinstance(objet_ou_modele, type) else type(objet_ou_modele)
    return issubclass(modele, Model) and bool(registre.compartiment_du_modele(modele))
