"""The health-data compartment (action 2.3, EMAS) as seen from the shared register of persons.

EMAS records are health data (RGPD art. 9, art. L.1110-4 of the public-health code): only the
holders of the `emas` grant on the person's commune read them. Administrators (superusers) and
supervisors never do, even if a grant were given to them by mistake: they get anonymised counts.

This module is the one place that says who is inside the compartment; `usagers` (the register,
its API and admin) and `emas` (its querysets, perms and admin) both read it.
"""

from django.db.models import Model, Q

from communes.habilitations import TOUS_DISPOSITIFS, filtre_communes
from communes.models import Dispositif

# Dispositifs whose files must not reveal that a person is followed there.
DISPOSITIFS_COMPARTIMENTES: tuple[Dispositif, ...] = (Dispositif.EMAS,)
DISPOSITIFS_DU_REGISTRE: tuple[Dispositif, ...] = tuple(
    d for d in TOUS_DISPOSITIFS if d not in DISPOSITIFS_COMPARTIMENTES
)
# Apps whose models are inside the compartment (their rows never appear to anyone else).
APPS_COMPARTIMENTEES = frozenset({"emas"})


def filtre_emas(user, champ: str = "commune_id") -> Q:
    """A `Q` on the commune column `champ`: the communes where `user` holds the `emas` grant.

    Never anything for an administrator (superuser): the compartment is closed to them."""
    if getattr(user, "is_superuser", False):
        return Q(**{f"{champ}__in": []})
    return filtre_communes(user, [Dispositif.EMAS], champ=champ)


def est_compartimente(objet_ou_modele) -> bool:
    """True for a row (or model) of the EMAS compartment."""
    modele = objet_ou_modele if isinstance(objet_ou_modele, type) else type(objet_ou_modele)
    return issubclass(modele, Model) and modele._meta.app_label in APPS_COMPARTIMENTEES
