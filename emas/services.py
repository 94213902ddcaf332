"""Writes of action 2.3: referrals, their decision, follow-ups, interventions, outcomes.

Each function is one transaction, checks that `par` may act (the EMAS compartment), checks the
rules of the fiche and raises `RegleMetierError` (answered 400, naming the field) when one is
broken, so nothing is ever half-saved. A record the author cannot see is "introuvable", exactly
like a record that does not exist.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communes.models import Commune
from comptes.models import User
from config.api.fields import INTROUVABLE
from config.errors import Introuvable, RegleMetierError
from config.formats import date_fr
from config.periodes import aujourdhui
from config.services import apply_changes, check_changeable, save_valid
from config.validators import verifier_date_passee
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.perms import (
    peut_intervenir,
    peut_signaler,
    peut_voir_intervention,
    peut_voir_signalement,
    peut_voir_suivi,
)
from emas.validators import (
    ACCES_SOINS,
    CRITERES_ELIGIBILITE,
    DEBUT_DE_L_EQUIPE,
    MESSAGE_DUREE,
    Decision,
    Motif,
    Origine,
    StatutSuivi,
    valider_duree_minutes,
    valider_motifs,
)
from partenaires.models import Partenaire
from usagers.models import Usager, commune_a_la_date

USAGER_INTROUVABLE = "Usager introuvable."
REFERENT_HORS_EQUIPE = (
    "Le référent doit être un membre actif de l'équipe EMAS habilité sur la commune de la personne."
)
# Naming no account: an id that is not a member's, existing or not, answers the same.
INTERVENANTS_HORS_EQUIPE = (
    "Les intervenants doivent être des membres actifs de l'équipe EMAS habilités sur la commune de la "
    "personne."
)


def perimetre_cls() -> str:
    """« Chenôve, Dijon, Longvic, Quetigny et Talant », read from the `cls` flag of the communes."""
    noms = list(Commune.objects.filter(cls=True).order_by("nom").values_list("nom", flat=True))
    return ", ".join(noms[:-1]) + " et " + noms[-1] if len(noms) > 1 else "".join(noms)


def message_hors_perimetre(commune: Commune) -> str:
    return (
        f"{commune.nom} est hors du territoire de l'équipe mobile EMAS : elle intervient dans les "
        f"communes du Contrat Local de Santé ({perimetre_cls()})."
    )


def _verifier_date(
    jour, champ: str, libelle: str, *, minimum: date = DEBUT_DE_L_EQUIPE, maximum: date | None = None
) -> date:
    """A date of something that has happened (`config.validators.verifier_date_passee`: given, not in
    the future, not before `minimum`), and not after `maximum` (the end of a follow-up)."""
    if jour is not None and not isinstance(jour, date):
        jour = None
    verifier_date_passee(jour, champ=champ, libelle=libelle, minimum=minimum)
    if maximum is not None and jour > maximum:
        raise RegleMetierError(
            f"{libelle[0].upper()}{libelle[1:]} ne peut pas suivre le {date_fr(maximum)}.", champ=champ
        )
    return jour


def _texte(valeur, champ: str, libelle: str, *, obligatoire: bool = False) -> str:
    """Free text as typed, without surrounding spaces; given when the decision requires it (its
    length is its field's rule)."""
    valeur = (valeur or "").strip() if isinstance(valeur, str) or valeur is None else valeur
    if obligatoire and not valeur:
        raise RegleMetierError(f"Indiquez {libelle}.", champ=champ)
    return valeur


# ---------------------------------------------------------------------------------------------
# Eligibility (fiche 2.3)
# ---------------------------------------------------------------------------------------------


def verifier_eligibilite(usager: Usager, jour: date) -> None:
    """The team works in the 5 CLS communes only, for adults, on the referral date: the commune is
    the one where the person lived that day (where the referral is counted), not today's."""
    commune = Commune.objects.get(pk=commune_a_la_date(usager, jour))
    if not commune.cls:
        raise RegleMetierError(
            f"{message_hors_perimetre(commune)} "
            f"La personne y résidait le {date_fr(jour)}, date du signalement.",
            champ="usager",
        )
    majorite = usager.date_majorite
    if jour < majorite:
        raise RegleMetierError(
            f"L'équipe mobile EMAS intervient auprès de personnes majeures : l'usager n'a pas 18 ans le "
            f"{date_fr(jour)} (il les aura le {date_fr(majorite)}).",
            champ="usager",
        )


# ---------------------------------------------------------------------------------------------
# Signalements
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def signalement_creer(
    *,
    par: User,
    usager: Usager,
    date: date,
    origine: str,
    motifs: Iterable[str],
    origine_partenaire: Partenaire | None = None,
    contact: str = "",
    description: str = "",
    majeur: bool | None = None,
    logement_autonome: bool | None = None,
    non_suivi_psychiatrie: bool | None = None,
    incapacite_demande_soins: bool | None = None,
) -> Signalement:
    """Record a referral (waiting for the team's decision).

    The commune of residence is kept for the evaluation."""
    if not peut_signaler(par, usager):
        raise RegleMetierError(USAGER_INTROUVABLE, champ="usager")
    usager = Usager.objects.select_related("commune").get(pk=usager.pk)
    _verifier_date(date, "date", "la date du signalement")
    verifier_eligibilite(usager, date)
    signalement = Signalement(
        usager=usager,
        commune_id=commune_a_la_date(usager, date),
        date=date,
        origine=origine,
        origine_partenaire=origine_partenaire,
        motifs=valider_motifs.normaliser(motifs, champ="motifs"),
        contact=_texte(contact, "contact", "le contact"),
        description=_texte(description, "description", "la description"),
        majeur=majeur,
        logement_autonome=logement_autonome,
        non_suivi_psychiatrie=non_suivi_psychiatrie,
        incapacite_demande_soins=incapacite_demande_soins,
        cree_par=par,
    )
    return save_valid(signalement)


_CHAMPS_SIGNALEMENT_MODIFIABLES = {
    "origine",
    "origine_partenaire",
    "motifs",
    "contact",
    "description",
    *CRITERES_ELIGIBILITE,
}


def _verrouiller_signalement(signalement: Signalement, par: User) -> Signalement:
    if not peut_voir_signalement(par, signalement):
        raise Introuvable(INTROUVABLE)
    return Signalement.objects.select_for_update().get(pk=signalement.pk)


def _verifier_en_attente(signalement: Signalement) -> None:
    if signalement.decision != Decision.EN_ATTENTE:
        raise RegleMetierError(
            f"Ce signalement a déjà reçu sa décision ({signalement.get_decision_display().lower()} le "
            f"{date_fr(signalement.date_decision)}).",
            champ="decision",
        )


@transaction.atomic
def signalement_modifier(*, signalement: Signalement, par: User, **changements: object) -> Signalement:
    """Correct what describes a referral while it waits for the decision."""
    check_changeable(changements, _CHAMPS_SIGNALEMENT_MODIFIABLES)
    signalement = _verrouiller_signalement(signalement, par)
    _verifier_en_attente(signalement)
    if "motifs" in changements:
        changements["motifs"] = valider_motifs.normaliser(changements["motifs"], champ="motifs")
    if "contact" in changements:
        changements["contact"] = _texte(changements["contact"], "contact", "le contact")
    if "description" in changements:
        changements["description"] = _texte(changements["description"], "description", "la description")
    apply_changes(signalement, changements)
    return save_valid(signalement)


def _decider(signalement: Signalement, decision: str, date_decision: date | None, par: User) -> Signalement:
    _verifier_en_attente(signalement)
    signalement.decision = decision
    signalement.date_decision = _verifier_date(
        date_decision or aujourdhui(), "date_decision", "la date de la décision", minimum=signalement.date
    )
    signalement.decision_par = par
    return signalement


@transaction.atomic
def signalement_accepter(
    *, signalement: Signalement, par: User, date_decision: date | None = None, referent: User | None = None
) -> Signalement:
    """Accept a referral: the follow-up opens on the decision date, in the same transaction.

    The four criteria of the fiche must have been answered « oui ». One follow-up per referral
    (a unique constraint): accepting twice is refused, even by two concurrent requests.
    Returns the referral; its follow-up is `signalement.suivi`.
    """
    signalement = _verrouiller_signalement(signalement, par)
    _verifier_en_attente(signalement)
    non_remplis = [
        libelle for champ, libelle in CRITERES_ELIGIBILITE.items() if getattr(signalement, champ) is not True
    ]
    if non_remplis:
        champ = next(c for c, libelle in CRITERES_ELIGIBILITE.items() if libelle == non_remplis[0])
        raise RegleMetierError(
            f"Critère d'éligibilité non confirmé : {', '.join(non_remplis)}. Corrigez le signalement, "
            "ou refusez-le ou réorientez-le.",
            champ=champ,
        )
    referent = referent or par
    if not peut_intervenir(referent, signalement.usager):
        raise RegleMetierError(REFERENT_HORS_EQUIPE, champ="referent")
    _decider(signalement, Decision.ACCEPTE, date_decision, par)
    save_valid(signalement)
    suivi = SuiviEMAS(
        signalement=signalement,
        usager_id=signalement.usager_id,
        commune_id=signalement.commune_id,
        referent=referent,
        date_debut=signalement.date_decision,
    )
    try:
        with transaction.atomic():
            suivi.save()
    except IntegrityError as exc:
        raise RegleMetierError(
            "Ce signalement a déjà été accepté : son suivi existe.", champ="decision"
        ) from exc
    return signalement


@transaction.atomic
def signalement_refuser(
    *, signalement: Signalement, par: User, motif_refus: str, date_decision: date | None = None
) -> Signalement:
    """Refuse a referral, with the reason (outside the criteria of the fiche, no need…)."""
    signalement = _verrouiller_signalement(signalement, par)
    motif = _texte(motif_refus, "motif_refus", "le motif du refus", obligatoire=True)
    _decider(signalement, Decision.REFUSE, date_decision, par)
    signalement.motif_refus = motif
    return save_valid(signalement)


@transaction.atomic
def signalement_reorienter(
    *,
    signalement: Signalement,
    par: User,
    reoriente_vers: str = "",
    reoriente_vers_partenaire: Partenaire | None = None,
    date_decision: date | None = None,
) -> Signalement:
    """Redirect a referral to another answer (CMP, ACOR, ordinary social services…): a partner of the
    directory, or a text when the directory has none."""
    signalement = _verrouiller_signalement(signalement, par)
    if reoriente_vers_partenaire is not None and not (reoriente_vers or "").strip():
        reoriente_vers = reoriente_vers_partenaire.nom
    vers = _texte(reoriente_vers, "reoriente_vers", "vers qui la situation est réorientée", obligatoire=True)
    _decider(signalement, Decision.REORIENTE, date_decision, par)
    signalement.reoriente_vers = vers
    signalement.reoriente_vers_partenaire = reoriente_vers_partenaire
    return save_valid(signalement)


# ---------------------------------------------------------------------------------------------
# Suivis
# ---------------------------------------------------------------------------------------------

RESULTATS = (*ACCES_SOINS, "droit_commun", "maintien_domicile", "soins_sans_consentement", "rupture_parcours")
_CHAMPS_SUIVI_MODIFIABLES = {*RESULTATS, "referent"}


def _verrouiller_suivi(suivi: SuiviEMAS, par: User) -> SuiviEMAS:
    if not peut_voir_suivi(par, suivi):
        raise Introuvable(INTROUVABLE)
    return SuiviEMAS.objects.select_for_update().select_related("usager", "signalement").get(pk=suivi.pk)


def _appliquer_resultats(suivi: SuiviEMAS, changements: dict) -> None:
    for champ in RESULTATS:
        if champ not in changements:
            continue
        valeur = changements[champ]
        if champ != "soins_sans_consentement" and not isinstance(valeur, bool):
            raise RegleMetierError("Indiquez vrai ou faux.", champ=champ)
        setattr(suivi, champ, valeur)


@transaction.atomic
def suivi_modifier(*, suivi: SuiviEMAS, par: User, **changements: object) -> SuiviEMAS:
    """Update the outcomes (or the référent) of a running follow-up."""
    check_changeable(changements, _CHAMPS_SUIVI_MODIFIABLES)
    suivi = _verrouiller_suivi(suivi, par)
    if suivi.statut == StatutSuivi.CLOS:
        raise RegleMetierError("Le suivi est clos : il ne peut plus être modifié.", champ="statut")
    referent = changements.get("referent")
    if referent is not None and referent.pk != suivi.referent_id:
        if not peut_intervenir(referent, suivi.usager):
            raise RegleMetierError(REFERENT_HORS_EQUIPE, champ="referent")
        suivi.referent = referent
    _appliquer_resultats(suivi, changements)
    return save_valid(suivi)


@transaction.atomic
def suivi_cloturer(
    *, suivi: SuiviEMAS, par: User, date_fin: date, motif_fin: str, **resultats: object
) -> SuiviEMAS:
    """Close a follow-up with its end reason and its outcomes (those given replace the recorded ones).

    The end cannot precede the start nor the last intervention."""
    check_changeable(resultats, RESULTATS)
    suivi = _verrouiller_suivi(suivi, par)
    if suivi.statut == StatutSuivi.CLOS:
        raise RegleMetierError("Le suivi est déjà clos.", champ="statut")
    derniere = suivi.interventions.order_by("-date").values_list("date", flat=True).first()
    minimum = max(suivi.date_debut, derniere) if derniere else suivi.date_debut
    _verifier_date(date_fin, "date_fin", "la date de fin", minimum=minimum)
    suivi.statut = StatutSuivi.CLOS
    suivi.date_fin = date_fin
    suivi.motif_fin = _texte(motif_fin, "motif_fin", "le motif de fin", obligatoire=True)
    _appliquer_resultats(suivi, resultats)
    return save_valid(suivi)


# ---------------------------------------------------------------------------------------------
# Interventions
# ---------------------------------------------------------------------------------------------


def _verifier_intervention(
    suivi: SuiviEMAS, jour, intervenants: list[User] | None, duree_minutes, type_: str
) -> tuple[date, list[User] | None, int, str]:
    """The rules of an intervention; `intervenants=None` leaves the recorded members unchecked (a
    member who has since left the team stays on the interventions already made)."""
    jour = _verifier_date(
        jour, "date", "la date de l'intervention", minimum=suivi.signalement.date, maximum=suivi.date_fin
    )
    if intervenants is not None:
        if not intervenants:
            raise RegleMetierError("Indiquez au moins un membre de l'équipe.", champ="intervenants")
        if not all(peut_intervenir(u, suivi.usager) for u in intervenants):
            raise RegleMetierError(INTERVENANTS_HORS_EQUIPE, champ="intervenants")
        intervenants = list(dict.fromkeys(intervenants))
    try:
        valider_duree_minutes(duree_minutes)
    except ValidationError as exc:
        raise RegleMetierError(MESSAGE_DUREE, champ="duree_minutes") from exc
    return (
        jour,
        intervenants,
        duree_minutes,
        type_,
    )


@transaction.atomic
def intervention_creer(
    *,
    par: User,
    suivi: SuiviEMAS,
    date: date,
    type: str,
    intervenants: Iterable[User],
    duree_minutes: int,
    notes: str = "",
) -> Intervention:
    """Record an intervention, between the referral and the follow-up's end, by team members."""
    suivi = _verrouiller_suivi(suivi, par)
    jour, membres, duree, type_ = _verifier_intervention(suivi, date, list(intervenants), duree_minutes, type)
    intervention = save_valid(
        Intervention(
            suivi=suivi,
            date=jour,
            type=type_,
            duree_minutes=duree,
            notes=_texte(notes, "notes", "les notes"),
            cree_par=par,
        )
    )
    intervention.intervenants.set(membres)
    return intervention


_CHAMPS_INTERVENTION_MODIFIABLES = {"date", "type", "intervenants", "duree_minutes", "notes"}


@transaction.atomic
def intervention_modifier(*, intervention: Intervention, par: User, **changements: object) -> Intervention:
    """Correct an intervention (same rules as when it was recorded)."""
    check_changeable(changements, _CHAMPS_INTERVENTION_MODIFIABLES)
    if not peut_voir_intervention(par, intervention):
        raise Introuvable(INTROUVABLE)
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    suivi = _verrouiller_suivi(intervention.suivi, par)
    jour, membres, duree, type_ = _verifier_intervention(
        suivi,
        changements.get("date", intervention.date),
        list(changements["intervenants"]) if "intervenants" in changements else None,
        changements.get("duree_minutes", intervention.duree_minutes),
        changements.get("type", intervention.type),
    )
    intervention.date, intervention.type, intervention.duree_minutes = jour, type_, duree
    if "notes" in changements:
        intervention.notes = _texte(changements["notes"], "notes", "les notes")
    save_valid(intervention)
    if membres is not None:
        intervention.intervenants.set(membres)
    return intervention


# ---------------------------------------------------------------------------------------------
# Orientations received from another dispositif (`config.dispositifs.AccueilOrientation`)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def signalement_recevoir(
    *, usager: Usager, date: date, motif: str, note: str, depuis: str, par: User
) -> Signalement:
    """An orientation from another dispositif is a referral waiting for the team's decision. The team
    works in the CLS communes only, for adults (`verifier_eligibilite`), on the orientation's date:
    a refusal names `vers_dispositif`. The agent orienting is no member: they learn nothing more."""
    usager = Usager.objects.select_related("commune").get(pk=usager.pk)
    commune = Commune.objects.get(pk=commune_a_la_date(usager, date))
    if not commune.cls:
        raise RegleMetierError(message_hors_perimetre(commune), champ="vers_dispositif")
    try:
        verifier_eligibilite(usager, date)
    except RegleMetierError as exc:
        raise RegleMetierError(exc.message, champ="vers_dispositif") from exc
    signalement = Signalement(
        usager=usager,
        commune=commune,
        date=date,
        origine=Origine.DISPOSITIF,
        motifs=[Motif.AUTRE],
        description=_texte(note, "note", "la note"),
        orientee_par=par,
        cree_par=par,
    )
    return save_valid(signalement)
