"""Writes on usagers. Each function is one transaction and checks the commune grant itself."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone

from communes.models import Commune
from comptes.models import User
from config import dispositifs as registre
from config.errors import AccesRefuse, DoublonPossible, RegleMetierError
from config.models import FollowsPersonCommune, Versioned
from config.services import check_changeable
from usagers.models import DEBUT_INCONNU, Residence, Usager
from usagers.perms import (
    compartiment_a_la_creation,
    peut_modifier_usager,
    peut_rattacher_a_commune,
    peut_supprimer_usager,
)


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
    confirmer_doublon: bool = False,
) -> Usager:
    """Record a person. A person of the same normalised name and birth date that the author can see
    is a probable duplicate: `DoublonPossible` (409) names them, unless `confirmer_doublon`.

    No duplicate check against persons the author cannot see: an agent who records someone known
    only to a compartment's team (or living in a commune of another agent) creates a second record
    (an administrator may merge them later), so nothing tells the agent that the person is known."""
    _verifier_commune(par, commune)
    if not confirmer_doublon:
        candidats = list(
            Usager.objects.visibles_par(par)
            .doublons_possibles(nom=nom, prenom=prenom, date_naissance=date_naissance)
            .select_related("commune")[:20]
        )
        if candidats:
            raise DoublonPossible(candidats)
    usager = Usager(
        nom=nom,
        prenom=prenom,
        date_naissance=date_naissance,
        commune=commune,
        adresse=adresse,
        telephone=telephone,
        email=email,
        compartiment=compartiment_a_la_creation(par, commune),
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


def _verifier_modification(par: User, usager: Usager) -> None:
    if not peut_modifier_usager(par, usager):
        raise AccesRefuse(
            "Vous ne pouvez pas modifier l'identité de cette personne : elle est tenue par les agents "
            "des dispositifs qui la suivent au registre commun."
        )


@transaction.atomic
def usager_modifier(
    *, usager: Usager, par: User, date_demenagement: date | None = None, **changements: object
) -> Usager:
    """Change a usager. A new commune is a move: it is written in the residence history from
    `date_demenagement` (today by default), so events dated before it stay counted where they
    happened."""
    check_changeable(changements, _CHAMPS_MODIFIABLES)
    usager = Usager.objects.select_for_update().get(pk=usager.pk)
    _verifier_modification(par, usager)
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
    """Delete a usager (administrators only). Records of the dispositifs are PROTECTed: a followed
    person cannot vanish (`ProtectedError`, answered 409).

    Only the records the administrator may know of count: when the only records left are in a
    compartment, the person leaves the register exactly as a deleted person does (the answer is the
    same as for a person without any record) and stays, inside the compartment, for the team that
    follows them. A 409 therefore never tells that a person is followed in a compartment.
    """
    if not peut_supprimer_usager(par):
        raise AccesRefuse("Seul un administrateur peut supprimer une personne.")
    usager = Usager.objects.select_for_update().get(pk=usager.pk)
    try:
        with transaction.atomic():
            # The residence history only places the person's events: it goes with the person
            # (and comes back with the rollback when a record protects her).
            Residence.objects.filter(usager=usager).delete()
            usager.delete()
    except ProtectedError as exc:
        compartiments = {registre.compartiment_du_modele(objet) for objet in exc.protected_objects}
        visibles = {objet for objet in exc.protected_objects if not registre.compartiment_du_modele(objet)}
        if visibles:
            raise ProtectedError(
                "Suppression impossible : des dossiers rattachés doivent être conservés.", visibles
            ) from None
        usager.compartiment = min(compartiments)
        usager.modifie_par = par
        usager.save(update_fields=["compartiment", "modifie_par", "modifie_le"])


@transaction.atomic
def usager_fusionner(*, conserve: Usager, doublon: Usager, par: User) -> Usager:
    """Merge two records of the same person (administrators only): every record of every dispositif
    that points to `doublon` is moved to `conserve`, then `doublon` is deleted.

    The usual case is a person first known only to a compartment's team, then recorded again by an
    agent of the register (who could not see the first record and got no 409). The team gives the
    two ids; the administrator merges by ids, without seeing the health records. `conserve` keeps its
    place in the register (or in the compartment): nothing the agent of the register sees changes, so
    nothing tells why.
    """
    if not peut_supprimer_usager(par):
        raise AccesRefuse("Seul un administrateur peut fusionner deux fiches.")
    if conserve.pk == doublon.pk:
        raise RegleMetierError("Les deux fiches sont la même.", champ="doublon")
    conserve, doublon = (Usager.objects.select_for_update().get(pk=u.pk) for u in (conserve, doublon))
    # The kept record's residence history stands; the duplicate's goes with it.
    Residence.objects.filter(usager=doublon).delete()
    for relation in Usager._meta.related_objects:
        if relation.one_to_many and not relation.related_model._meta.auto_created:
            changements = {relation.field.name: conserve}
            if issubclass(relation.related_model, FollowsPersonCommune):
                changements["commune_actuelle_id"] = conserve.commune_id
            if issubclass(relation.related_model, Versioned):
                changements["version"] = F("version") + 1  # a stale copy of a moved record is refused
            relation.related_model._base_manager.filter(**{relation.field.name: doublon}).update(
                **changements
            )
    doublon.delete()
    return conserve
