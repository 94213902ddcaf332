"""Writes on usagers. Each function is one transaction and checks the commune grant itself."""

from datetime import date

from django.db import transaction

from communes.models import Commune
from comptes.models import User
from config.errors import AccesRefuse
from usagers.models import Usager
from usagers.perms import peut_rattacher_a_commune


def _verifier_commune(par: User, commune: Commune) -> None:
    if not peut_rattacher_a_commune(par, commune):
        raise AccesRefuse(
            f"Vous n'êtes pas habilité sur la commune {commune.nom} ({commune.code_insee}).", champ="commune"
        )


@transaction.atomic
def usager_creer(
    *,
    par: User,
    nom: str,
    prenom: str,
    date_naissance: date,
    commune: Commune,
    adresse: str = "",
    telephone: str = "",
    email: str = "",
) -> Usager:
    _verifier_commune(par, commune)
    usager = Usager(
        nom=nom,
        prenom=prenom,
        date_naissance=date_naissance,
        commune=commune,
        adresse=adresse,
        telephone=telephone,
        email=email,
        cree_par=par,
        modifie_par=par,
    )
    usager.full_clean()
    usager.save()
    return usager


_CHAMPS_MODIFIABLES = {"nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"}


@transaction.atomic
def usager_modifier(*, usager: Usager, par: User, **changements: object) -> Usager:
    inconnus = set(changements) - _CHAMPS_MODIFIABLES
    if inconnus:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")
    usager = Usager.objects.select_for_update().get(pk=usager.pk)
    nouvelle_commune = changements.get("commune")
    if nouvelle_commune is not None and nouvelle_commune.pk != usager.commune_id:
        _verifier_commune(par, nouvelle_commune)
    for champ, valeur in changements.items():
        setattr(usager, champ, valeur)
    usager.modifie_par = par
    usager.full_clean()
    usager.save()
    return usager


@transaction.atomic
def usager_supprimer(*, usager: Usager, par: User) -> None:
    """Delete a usager. Records of the dispositifs are PROTECTed: a followed person cannot vanish."""
    usager.delete()
