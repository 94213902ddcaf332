"""Who reads the pacte's indicators, and on which communes.

Only anonymised counts leave this app, and only through these rules."""

from django.db.models import Q

from communes.habilitations import communes_autorisees, filtre_communes
from communes.models import Commune
from comptes.roles import Role, dispositifs_du_role, est_encadrant
from config.dispositifs import Indicateur
from indicateurs.registre import dispositif_de


def peut_lire_indicateurs(user) -> bool:
    """Un encadrant (groupe « encadrant ») ou un administrateur lit les indicateurs anonymisés ;
    les agents des dispositifs, eux, n'y ont pas accès (403)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or est_encadrant(user)


def _dispositifs(indicateur: Indicateur) -> tuple[str, ...]:
    dispositif = dispositif_de(indicateur)
    titulaire = dispositif.habilitation
    return (
        (titulaire,)
        if titulaire in dispositifs_du_role(Role.ENCADRANT)
        else dispositifs_du_role(Role.ENCADRANT)
    )


def filtre_lecture(user, indicateur: Indicateur) -> Q:
    """Un encadrant compte une action sur les communes où il détient l'habilitation de son
    dispositif (pour un compartiment, dont il n'a jamais l'habilitation : celles où il détient
    l'une de ses habilitations d'encadrant). Un administrateur compte toutes les communes : ce sont
    des comptes anonymisés, pas des dossiers (il n'a pas, lui, accès aux dossiers sans habilitation)."""
    if user.is_superuser:
        return Q()
    return filtre_communes(user, _dispositifs(indicateur), champ=indicateur.champ_commune)


def communes_lisibles(user, indicateur: Indicateur) -> dict[str, str]:
    if user.is_superuser:
        return dict(Commune.objects.values_list("pk", "nom"))
    return dict(communes_autorisees(user, _dispositifs(indicateur)).values_list("pk", "nom"))


def lit_toutes_les_communes(communes: dict[str, str]) -> bool:
    """The monthly snapshots count the whole métropole: readable by whoever reads all 23 communes."""
    return len(communes) >= Commune.objects.count()
