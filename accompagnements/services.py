"""Writes of action 1.1. Each function is one transaction, checks the grant itself and validates
the whole row (`full_clean`) before saving: a refused operation leaves nothing half-saved."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accompagnements.models import (
    DATE_DU_STATUT,
    LIEU_ACCUEIL_REFUSE,
    TRANSITIONS_DROIT,
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    StatutAccompagnement,
    StatutDroit,
    TransitionDroit,
    TypeDroit,
    chemin_droit,
    lieux_d_accueil,
    transition_droit_possible,
)
from accompagnements.perms import ACCES_DROITS, peut_suivre_usager
from communes.habilitations import peut_etre_referent
from comptes.models import User
from config.errors import AccesRefuse, RegleMetierError
from config.services import apply_changes, check_changeable, save_valid
from partenaires.models import Partenaire
from usagers.models import Usager, commune_a_la_date


def _verifier_usager(par: User, usager: Usager, champ: str = "usager") -> None:
    if not peut_suivre_usager(par, usager):
        raise AccesRefuse(
            "Vous n'êtes pas habilité « accès aux droits » sur la commune de cet usager.", champ=champ
        )


REFERENT_REFUSE = (
    "Le référent doit être un compte actif habilité « accès aux droits » sur la commune de l'usager."
)


def _verifier_referent(referent: User, usager: Usager) -> None:
    if not peut_etre_referent(referent, usager.commune_id, ACCES_DROITS):
        raise RegleMetierError(REFERENT_REFUSE, champ="referent")


# --- Accompagnement -------------------------------------------------------------------------


@transaction.atomic
def accompagnement_ouvrir(
    *, usager: Usager, par: User, referent: User | None = None, date_debut: date | None = None
) -> Accompagnement:
    """Open a follow-up of `usager`, followed by `referent` (the author by default)."""
    _verifier_usager(par, usager)
    referent = referent or par
    _verifier_referent(referent, usager)
    accompagnement = Accompagnement(
        usager=usager,
        referent=referent,
        date_debut=date_debut or timezone.localdate(),
        statut=StatutAccompagnement.OUVERT,
        cree_par=par,
    )
    return save_valid(accompagnement)


def _verrouiller_accompagnement(accompagnement: Accompagnement, par: User) -> Accompagnement:
    accompagnement = (
        Accompagnement.objects.select_for_update().select_related("usager").get(pk=accompagnement.pk)
    )
    _verifier_usager(par, accompagnement.usager)
    return accompagnement


_ACCOMPAGNEMENT_MODIFIABLE = {"usager", "referent", "date_debut"}


@transaction.atomic
def accompagnement_modifier(
    *, accompagnement: Accompagnement, par: User, **changements: object
) -> Accompagnement:
    """Change a follow-up's référent or start date. The usager of a follow-up never changes; it is
    closed by `accompagnement_cloturer` and reopened by `accompagnement_rouvrir`."""
    accompagnement = _verrouiller_accompagnement(accompagnement, par)
    usager = changements.pop("usager", accompagnement.usager)
    if usager.pk != accompagnement.usager_id:
        raise RegleMetierError("L'usager d'un accompagnement ne peut pas être changé.", champ="usager")
    referent = changements.get("referent")
    if referent is not None and referent.pk != accompagnement.referent_id:
        _verifier_referent(referent, accompagnement.usager)
    check_changeable(changements, _ACCOMPAGNEMENT_MODIFIABLE)
    apply_changes(accompagnement, changements)
    return save_valid(accompagnement)


@transaction.atomic
def accompagnement_cloturer(
    *, accompagnement: Accompagnement, date_fin: date, motif_cloture: str, par: User
) -> Accompagnement:
    """Close an open follow-up on `date_fin` with its reason."""
    accompagnement = _verrouiller_accompagnement(accompagnement, par)
    if accompagnement.statut == StatutAccompagnement.CLOS:
        raise RegleMetierError("L'accompagnement est déjà clos.", champ="statut")
    accompagnement.statut = StatutAccompagnement.CLOS
    accompagnement.date_fin = date_fin
    accompagnement.motif_cloture = motif_cloture
    return save_valid(accompagnement)


@transaction.atomic
def accompagnement_rouvrir(*, accompagnement: Accompagnement, par: User) -> Accompagnement:
    """Reopen a closed follow-up (the person comes back): its end and reason are cleared."""
    accompagnement = _verrouiller_accompagnement(accompagnement, par)
    if accompagnement.statut == StatutAccompagnement.OUVERT:
        raise RegleMetierError("L'accompagnement est déjà ouvert.", champ="statut")
    accompagnement.statut = StatutAccompagnement.OUVERT
    accompagnement.date_fin = None
    accompagnement.motif_cloture = ""
    return save_valid(accompagnement)


def _verifier_accompagnement_ouvert(accompagnement: Accompagnement) -> None:
    if accompagnement.statut != StatutAccompagnement.OUVERT:
        raise RegleMetierError(
            "Cet accompagnement est clos : rouvrez-le avant d'y ajouter un élément.", champ="accompagnement"
        )


# --- Contact --------------------------------------------------------------------------------


@transaction.atomic
def contact_enregistrer(
    *,
    accompagnement: Accompagnement,
    par: User,
    date: datetime,
    mode: str,
    duree_minutes: int,
    lieu: str = "",
    lieu_accueil: Partenaire | None = None,
    note: str = "",
) -> Contact:
    """Record that the person was received. The commune counted is where they lived that day."""
    accompagnement = Accompagnement.objects.select_related("usager").get(pk=accompagnement.pk)
    _verifier_usager(par, accompagnement.usager, champ="accompagnement")
    _verifier_accompagnement_ouvert(accompagnement)
    contact = Contact(
        accompagnement=accompagnement,
        commune_id=commune_a_la_date(accompagnement.usager, timezone.localdate(date)),
        date=date,
        mode=mode,
        duree_minutes=duree_minutes,
        lieu=lieu,
        lieu_accueil=lieu_accueil,
        note=note,
        cree_par=par,
    )
    _verifier_lieu_accueil(lieu_accueil)
    contact.full_clean()
    _verifier_contact_dans_l_accompagnement(accompagnement, contact.date)
    contact.save()
    return contact


def _verifier_contact_dans_l_accompagnement(accompagnement: Accompagnement, quand: datetime) -> None:
    """A contact belongs to its follow-up: not before it opened (nor after it closed), else it would
    be counted in a period when the person was not followed."""
    jour = timezone.localdate(quand) if timezone.is_aware(quand) else quand.date()
    if jour < accompagnement.date_debut:
        raise RegleMetierError(
            f"Un contact ne peut pas précéder l'ouverture de l'accompagnement "
            f"({accompagnement.date_debut:%d/%m/%Y}).",
            champ="date",
        )
    if accompagnement.date_fin and jour > accompagnement.date_fin:
        raise RegleMetierError(
            "Un contact ne peut pas suivre la clôture de l'accompagnement "
            f"({accompagnement.date_fin:%d/%m/%Y}).",
            champ="date",
        )


def _verifier_lieu_accueil(lieu: Partenaire | None) -> None:
    """A place newly given is an antenna of the métropole's social service or a commune's CCAS, active in
    the directory (a contact already pointing to a partner since deactivated keeps it)."""
    if lieu is None:
        return
    if not lieux_d_accueil().filter(pk=lieu.pk).exists():
        raise RegleMetierError(LIEU_ACCUEIL_REFUSE, champ="lieu_accueil")


_CONTACT_MODIFIABLE = {"accompagnement", "date", "mode", "duree_minutes", "lieu", "lieu_accueil", "note"}


@transaction.atomic
def contact_modifier(*, contact: Contact, par: User, **changements: object) -> Contact:
    """Correct a contact. It stays in its follow-up; a corrected date moves it to the commune where
    the person lived on the new day (the commune it is counted in)."""
    contact = Contact.objects.select_for_update().select_related("accompagnement__usager").get(pk=contact.pk)
    _verifier_usager(par, contact.accompagnement.usager, champ="accompagnement")
    accompagnement = changements.pop("accompagnement", contact.accompagnement)
    if accompagnement.pk != contact.accompagnement_id:
        raise RegleMetierError("Un contact ne change pas d'accompagnement.", champ="accompagnement")
    check_changeable(changements, _CONTACT_MODIFIABLE)
    if "lieu_accueil" in changements:
        nouveau = changements["lieu_accueil"]
        if nouveau is not None and nouveau.pk != contact.lieu_accueil_id:
            _verifier_lieu_accueil(nouveau)
    apply_changes(contact, changements)
    if "date" in changements and contact.date is not None:
        jour = timezone.localdate(contact.date) if timezone.is_aware(contact.date) else contact.date.date()
        contact.commune_id = commune_a_la_date(contact.accompagnement.usager, jour)
    contact.full_clean()
    _verifier_contact_dans_l_accompagnement(contact.accompagnement, contact.date)
    contact.save()
    return contact


# --- Démarche -------------------------------------------------------------------------------


@transaction.atomic
def demarche_enregistrer(
    *,
    accompagnement: Accompagnement,
    par: User,
    type: str,
    date: date,
    en_ligne: bool = True,
    statut: str = "a_faire",
    organisme: str = "",
    partenaire: Partenaire | None = None,
    note: str = "",
) -> Demarche:
    accompagnement = Accompagnement.objects.select_related("usager").get(pk=accompagnement.pk)
    _verifier_usager(par, accompagnement.usager, champ="accompagnement")
    _verifier_accompagnement_ouvert(accompagnement)
    demarche = Demarche(
        accompagnement=accompagnement,
        type=type,
        date=date,
        en_ligne=en_ligne,
        statut=statut,
        organisme=organisme,
        partenaire=partenaire,
        note=note,
        cree_par=par,
    )
    return save_valid(demarche)


_DEMARCHE_MODIFIABLE = {
    "accompagnement",
    "type",
    "date",
    "en_ligne",
    "statut",
    "organisme",
    "partenaire",
    "note",
}


@transaction.atomic
def demarche_modifier(*, demarche: Demarche, par: User, **changements: object) -> Demarche:
    demarche = (
        Demarche.objects.select_for_update().select_related("accompagnement__usager").get(pk=demarche.pk)
    )
    _verifier_usager(par, demarche.accompagnement.usager, champ="accompagnement")
    accompagnement = changements.pop("accompagnement", demarche.accompagnement)
    if accompagnement.pk != demarche.accompagnement_id:
        raise RegleMetierError("Une démarche ne change pas d'accompagnement.", champ="accompagnement")
    check_changeable(changements, _DEMARCHE_MODIFIABLE)
    apply_changes(demarche, changements)
    return save_valid(demarche)


# --- Droits ---------------------------------------------------------------------------------


def verifier_transition_droit(de: str, vers: str) -> None:
    """The state machine's answer, in French, naming `statut` (also used by the admin form)."""
    if transition_droit_possible(de, vers):
        return
    de_l, vers_l = StatutDroit(de).label.lower(), StatutDroit(vers).label.lower()
    if de == StatutDroit.REFUSE and vers == StatutDroit.OUVERT:
        message = "Un droit refusé ne peut être ouvert qu'après une nouvelle demande (statut « demande »)."
    elif de == StatutDroit.OUVERT:
        message = "Un droit ouvert ne change plus de statut."
    else:
        possibles = ", ".join(
            f"« {StatutDroit(s).label.lower()} »" for s in sorted(TRANSITIONS_DROIT[StatutDroit(de)])
        )
        message = f"Un droit « {de_l} » ne peut pas passer au statut « {vers_l} » (possibles : {possibles})."
    raise RegleMetierError(message, champ="statut")


Journal = list[tuple[str, str, date]]


def _transition(droit: Droit, vers: str, date_evenement: date | None) -> tuple[str, str, date]:
    """Move `droit` (unsaved) to `vers`, setting the date of the event; return the journal entry."""
    verifier_transition_droit(droit.statut, vers)
    champ = DATE_DU_STATUT[vers]
    nom = Droit._meta.get_field(champ).verbose_name
    if date_evenement is None:
        if vers != StatutDroit.ABANDONNE:
            raise RegleMetierError(
                f"Indiquez la {nom} pour passer au statut « {StatutDroit(vers).label.lower()} ».", champ=champ
            )
        date_evenement = timezone.localdate()
    champ_precedent = DATE_DU_STATUT[droit.statut]
    precedente = getattr(droit, champ_precedent)
    if precedente and date_evenement < precedente:
        nom_precedent = Droit._meta.get_field(champ_precedent).verbose_name
        raise RegleMetierError(
            f"La {nom} ne peut pas précéder la {nom_precedent} ({precedente:%d/%m/%Y}).", champ=champ
        )
    if vers == StatutDroit.DEMANDE:
        # A new application (after a refusal or a withdrawal) starts a fresh decision.
        droit.date_ouverture = droit.date_refus = droit.date_abandon = None
    if vers == StatutDroit.OUVERT:
        # The opening is the event counted by the pacte: count it where the person lived that day.
        droit.commune_id = commune_a_la_date(droit.usager, date_evenement)
    setattr(droit, champ, date_evenement)
    entree = (droit.statut, vers, date_evenement)
    droit.statut = vers
    return entree


def _enregistrer_et_journaliser(droit: Droit, par: User, journal: Journal) -> Droit:
    droit.full_clean()
    droit.save()
    TransitionDroit.objects.bulk_create(
        [
            TransitionDroit(droit=droit, statut_avant=de, statut=vers, date=jour, par=par)
            for de, vers, jour in journal
        ]
    )
    return droit


@transaction.atomic
def droit_enregistrer(
    *,
    usager: Usager,
    type: TypeDroit,
    par: User,
    statut: str = StatutDroit.IDENTIFIE,
    date_identification: date | None = None,
    date_demande: date | None = None,
    date_ouverture: date | None = None,
    date_refus: date | None = None,
    date_abandon: date | None = None,
    accompagnement: Accompagnement | None = None,
    montant_mensuel: Decimal | None = None,
) -> Droit:
    """Record a right of `usager`. A right recorded directly as applied for, opened or refused goes
    through the same transitions as one followed from its identification, each journaled."""
    _verifier_usager(par, usager)
    if not type.actif:
        raise RegleMetierError("Ce type de droit n'est plus proposé à la saisie.", champ="type")
    droit = Droit(
        usager=usager,
        type=type,
        accompagnement=accompagnement,
        statut=StatutDroit.IDENTIFIE,
        date_identification=date_identification or date_demande or timezone.localdate(),
        montant_mensuel=montant_mensuel,
        cree_par=par,
    )
    droit.commune_id = commune_a_la_date(usager, droit.date_identification)
    journal: Journal = [("", StatutDroit.IDENTIFIE, droit.date_identification)]
    dates = {
        StatutDroit.DEMANDE: date_demande,
        StatutDroit.OUVERT: date_ouverture,
        StatutDroit.REFUSE: date_refus,
        StatutDroit.ABANDONNE: date_abandon,
    }
    try:
        chemin = chemin_droit(statut)
    except ValueError as exc:
        raise RegleMetierError(f"Statut de droit inconnu « {statut} ».", champ="statut") from exc
    for vers in chemin:
        journal.append(_transition(droit, vers, dates[vers]))
    superflues = [DATE_DU_STATUT[s] for s, jour in dates.items() if jour is not None and s not in chemin]
    if superflues:
        champ = superflues[0]
        nom = Droit._meta.get_field(champ).verbose_name
        raise RegleMetierError(
            f"Un droit au statut « {StatutDroit(statut).label.lower()} » n'a pas de {nom}.", champ=champ
        )
    return _enregistrer_et_journaliser(droit, par, journal)


_DROIT_MODIFIABLE = {
    "accompagnement",
    "type",
    "date_identification",
    "date_demande",
    "date_ouverture",
    "date_refus",
    "date_abandon",
    "montant_mensuel",
}


@transaction.atomic
def droit_modifier(*, droit: Droit, par: User, statut: str | None = None, **changements: object) -> Droit:
    """Change a right. A new `statut` goes through the state machine, with the date of its event
    taken from `changements` (e.g. `statut="ouvert", date_ouverture=…`); other dates are corrections."""
    droit = Droit.objects.select_for_update().select_related("usager").get(pk=droit.pk)
    _verifier_usager(par, droit.usager)
    usager = changements.pop("usager", droit.usager)
    if usager.pk != droit.usager_id:
        raise RegleMetierError("L'usager d'un droit ne peut pas être changé.", champ="usager")
    type_ = changements.get("type")
    if type_ is not None and type_.pk != droit.type_id and not type_.actif:
        raise RegleMetierError("Ce type de droit n'est plus proposé à la saisie.", champ="type")
    journal: Journal = []
    if statut is not None and statut != droit.statut:
        if statut not in StatutDroit.values:
            raise RegleMetierError(f"Statut de droit inconnu « {statut} ».", champ="statut")
        champ_date = DATE_DU_STATUT[statut]
        date_evenement = changements.pop(champ_date, None)
        check_changeable(changements, _DROIT_MODIFIABLE)
        apply_changes(droit, changements)
        journal.append(_transition(droit, statut, date_evenement))
    else:
        check_changeable(changements, _DROIT_MODIFIABLE)
        apply_changes(droit, changements)
    droit.commune_id = commune_a_la_date(droit.usager, date_comptee(droit))
    return _enregistrer_et_journaliser(droit, par, journal)


def date_comptee(droit: Droit) -> date:
    """The day a right is counted by, hence its commune: its opening once opened (1.1.droits_ouverts),
    else its identification. Recomputed after every change, corrections included."""
    if droit.statut == StatutDroit.OUVERT and droit.date_ouverture:
        return droit.date_ouverture
    return droit.date_identification
