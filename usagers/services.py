"""Writes on usagers. Each function is one transaction and checks the commune grant itself."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from communes.models import Commune
from comptes.models import User
from config.errors import AccesRefuse, RegleMetierError
from usagers.models import DEBUT_INCONNU, Residence, Usager
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
    Residence.objects.create(usager=usager, commune=commune, du=DEBUT_INCONNU)
    return usager


def residence_demenager(
    *, usager: Usager, ancienne_commune_id: str, commune_id: str, jour: date
) -> Residence:
    """Record that `usager` lives in `commune_id` from `jour`: the current residence ends the day
    before. Called inside the transaction that changes `Usager.commune` (never on its own)."""
    actuelle = Residence.objects.select_for_update().filter(usager=usager, au__isnull=True).first()
    if actuelle is None:
        # A person with no history yet (written directly): their former commune until the move.
        veille = jour - timedelta(days=1)
        Residence.objects.create(
            usager=usager, commune_id=ancienne_commune_id, du=min(DEBUT_INCONNU, veille), au=veille
        )
        return Residence.objects.create(usager=usager, commune_id=commune_id, du=jour)
    if jour < actuelle.du:
        raise RegleMetierError(
            f"La date du déménagement ne peut pas précéder le début de la résidence actuelle "
            f"({actuelle.du:%d/%m/%Y}).",
            champ="date_demenagement",
        )
    if jour == actuelle.du:
        # Two moves recorded the same day: the last one is where the person lives from that day.
        actuelle.commune_id = commune_id
        actuelle.save(update_fields=["commune"])
        return actuelle
    actuelle.au = jour - timedelta(days=1)
    actuelle.save(update_fields=["au"])
    return Residence.objects.create(usager=usager, commune_id=commune_id, du=jour)


_CHAMPS_MODIFIABLES = {"nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"}


@transaction.atomic
def usager_modifier(
    *, usager: Usager, par: User, date_demenagement: date | None = None, **changements: object
) -> Usager:
    """Change a usager. A new commune is a move: it is written in the residence history from
    `date_demenagement` (today by default), so events dated before it stay counted where they
    happened."""
    inconnus = set(changements) - _CHAMPS_MODIFIABLES
    if inconnus:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")
    usager = Usager.objects.select_for_update().get(pk=usager.pk)
    nouvelle_commune = changements.get("commune")
    if nouvelle_commune is not None and nouvelle_commune.pk != usager.commune_id:
        _verifier_commune(par, nouvelle_commune)
    ancienne_commune = usager.commune_id
    for champ, valeur in changements.items():
        setattr(usager, champ, valeur)
    usager.modifie_par = par
    usager.full_clean()
    usager.save()
    if usager.commune_id != ancienne_commune:
        residence_demenager(
            usager=usager,
            ancienne_commune_id=ancienne_commune,
            commune_id=usager.commune_id,
            jour=date_demenagement or timezone.localdate(),
        )
    return usager


@transaction.atomic
def usager_supprimer(*, usager: Usager, par: User) -> None:
    """Delete a usager. Records of the dispositifs are PROTECTed: a followed person cannot vanish."""
    usager.delete()
