"""Who reads the access journal."""

from comptes.roles import Role
from usagers.compartiment import filtre_emas


def est_dpo(user) -> bool:
    """Le délégué à la protection des données : membre du groupe `dpo`."""
    return bool(getattr(user, "is_authenticated", False)) and user.groups.filter(name=Role.DPO).exists()


def peut_lire_journal(user) -> bool:
    """Un administrateur (superutilisateur actif) ou le délégué à la protection des données lit le
    journal des accès ; personne d'autre."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or est_dpo(user)


def voit_entrees_emas(user) -> bool:
    """Les entrées sur des dossiers EMAS (données de santé) : le délégué à la protection des données
    et les titulaires de l'habilitation `emas` (jamais un administrateur, `filtre_emas`)."""
    from communes.models import Commune

    return est_dpo(user) or Commune.objects.filter(filtre_emas(user, "pk")).exists()
