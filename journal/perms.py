"""Who reads the access journal."""

from communes.habilitations import dans_le_compartiment
from comptes.roles import Role
from config import dispositifs as registre


def est_dpo(user) -> bool:
    """Le délégué à la protection des données : membre du groupe `dpo`."""
    return bool(getattr(user, "is_authenticated", False)) and user.groups.filter(name=Role.DPO).exists()


def peut_lire_journal(user) -> bool:
    """Un administrateur (superutilisateur actif) ou le délégué à la protection des données lit le
    journal des accès ; personne d'autre."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or est_dpo(user)


def compartiments_de(user) -> list[str]:
    """Les compartiments (données de santé) dont `user` est membre (`communes.habilitations`)."""
    return [code for code in registre.codes(compartiment=True) if dans_le_compartiment(user, code)]
