"""Who must present a second factor, and who reads the sign-in journal."""

from communes.habilitations import dans_un_compartiment
from comptes.roles import Role


def exige_second_facteur(user) -> bool:
    """Un administrateur (superutilisateur actif) et un membre d'un compartiment — une équipe qui lit
    des données de santé — n'atteignent leurs pages qu'après un second facteur (code TOTP ou code
    de secours) ou une connexion ProConnect d'un niveau (`acr`) que le déploiement déclare fort."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or dans_un_compartiment(user)


def est_dpo(user) -> bool:
    """Le délégué à la protection des données : membre du groupe `dpo`."""
    return bool(getattr(user, "is_authenticated", False)) and user.groups.filter(name=Role.DPO).exists()


def peut_lire_les_journaux(user) -> bool:
    """Un administrateur (superutilisateur actif) ou le délégué à la protection des données lit les
    journaux — des accès aux dossiers et des connexions ; personne d'autre."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or est_dpo(user)
