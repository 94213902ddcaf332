"""Writes on ASLL measures (action 2.1) and ACOR situations (action 2.2).

Each function is one transaction: it locks the rows it changes, checks the rules of the
pacte, and raises `RegleMetierError` (answered 400, naming the field) when one is broken,
so nothing is ever half-saved.
"""

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F, Q

from communes.habilitations import peut_etre_referent
from comptes.models import User
from config import dispositifs as registre
from config.api.fields import INTROUVABLE
from config.errors import AccesRefuse, Introuvable, RegleMetierError
from config.formats import date_fr
from config.periodes import aujourdhui
from config.services import apply_changes, check_changeable, save_valid
from config.validators import DATE_MIN, verifier_date_passee
from logement.calendrier import DUREE_MAX_MOIS, calendrier_points_etape
from logement.models import (
    CapaciteACOR,
    DemandeASLL,
    FinancementMesure,
    IssueMesure,
    MesureASLL,
    MotifAnnulation,
    MotifSortie,
    Orientation,
    PointEtape,
    PrescripteurACOR,
    ProgressionObjectif,
    RencontreASLL,
    SituationACOR,
    StatutDemande,
    StatutMesure,
    StatutSituation,
    TypeRencontre,
)
from logement.perms import (
    ACOR,
    ASLL,
    peut_forcer_capacite_acor,
    peut_orienter_vers_acor,
    peut_ouvrir_mesure_pour,
    peut_voir_mesure,
    peut_voir_situation,
)
from logement.validators import valider_difficultes, valider_objectifs, verifier_duree_mois
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from usagers.models import Usager, commune_a_la_date

USAGER_INTROUVABLE = "Usager introuvable."


def referent_refuse(dispositif: str) -> str:
    """The one answer to a référent that is not possible, whether the account exists or not."""
    qui = "Le référent" if dispositif == ASLL else "L'intervenant référent"
    nom = registre.dispositif(dispositif).libelle.split(" — ")[-1]
    return f"{qui} doit être un compte actif habilité {nom} sur la commune de l'usager."


def _verifier_referent(referent: User | None, usager: Usager, dispositif: str) -> None:
    if referent is not None and not peut_etre_referent(referent, usager.commune_id, dispositif):
        raise RegleMetierError(referent_refuse(dispositif), champ="referent")


# ---------------------------------------------------------------------------------------------
# ASLL (action 2.1)
# ---------------------------------------------------------------------------------------------


def _verifier_operateur(operateur: Partenaire | None) -> None:
    """The operator carrying a measure: an active partner of the directory, of the operators' kind."""
    if operateur is None:
        return
    if not operateur.actif:
        raise RegleMetierError(
            f"L'opérateur « {operateur.nom} » est désactivé dans l'annuaire : choisissez un opérateur actif.",
            champ="operateur",
        )
    if operateur.type != TypePartenaire.OPERATEUR:
        raise RegleMetierError(
            f"« {operateur.nom} » n'est pas un opérateur dans l'annuaire des partenaires "
            f"(type attendu : {TypePartenaire.OPERATEUR.label}).",
            champ="operateur",
        )


def _verifier_financement(financement: str) -> str:
    if financement not in FinancementMesure.values:
        raise RegleMetierError(f"Financement inconnu : {financement}.", champ="financement")
    return financement


def _verrouiller_mesure(mesure: MesureASLL, par: User) -> MesureASLL:
    """The measure, locked for the transaction, if `par` may act on it (`peut_voir_mesure`)."""
    if not peut_voir_mesure(par, mesure):
        raise Introuvable(INTROUVABLE)
    return MesureASLL.objects.select_for_update().get(pk=mesure.pk)


def _verifier_non_terminee(mesure: MesureASLL, action: str) -> None:
    if mesure.statut == StatutMesure.TERMINEE:
        raise RegleMetierError(f"La mesure est terminée : elle ne peut plus être {action}.", champ="statut")


def _completer_points_etape(mesure: MesureASLL) -> list[PointEtape]:
    """Create the checkpoints of the calendar that do not exist yet (never a duplicate: one per rank)."""
    existants = set(mesure.points_etape.values_list("rang", flat=True))
    nouveaux = [
        PointEtape(mesure=mesure, rang=rang, date_prevue=jour)
        for rang, jour in calendrier_points_etape(mesure.date_debut, mesure.duree_mois)
        if rang not in existants
    ]
    return PointEtape.objects.bulk_create(nouveaux)


@transaction.atomic
def mesure_creer(
    *,
    par: User,
    usager: Usager,
    type: str,
    date_debut: date,
    duree_mois: int,
    objectifs: Iterable[str],
    referent: User | None = None,
    prescripteur: str = "",
    nb_adultes: int = 1,
    nb_enfants: int = 0,
    operateur: Partenaire | None = None,
    financement: str = FinancementMesure.PACTE,
) -> MesureASLL:
    """Open a measure and generate its checkpoints (start + 2 months, + 4 months… up to the planned end).

    The référent defaults to the author. The commune of residence at the start is kept for the indicators.
    `financement`: a reinforced support funded by the pacte (default) or an ordinary ASLL measure.
    """
    if not peut_ouvrir_mesure_pour(par, usager):
        raise RegleMetierError(USAGER_INTROUVABLE, champ="usager")
    referent = referent or par
    _verifier_referent(referent, usager, ASLL)
    _verifier_operateur(operateur)
    if date_debut is None or date_debut < DATE_MIN or date_debut > aujourdhui() + relativedelta(years=1):
        raise RegleMetierError(
            f"La date de début doit être comprise entre le {date_fr(DATE_MIN)} et dans un an au plus.",
            champ="date_debut",
        )
    mesure = MesureASLL(
        usager=usager,
        commune_id=commune_a_la_date(usager, date_debut),
        type=type,
        prescripteur=prescripteur or MesureASLL._meta.get_field("prescripteur").default,
        referent=referent,
        date_debut=date_debut,
        duree_mois=verifier_duree_mois(duree_mois),
        objectifs=valider_objectifs.normaliser(objectifs, champ="objectifs"),
        nb_adultes=nb_adultes,
        nb_enfants=nb_enfants,
        operateur=operateur,
        financement=_verifier_financement(financement or FinancementMesure.PACTE),
        cree_par=par,
    )
    save_valid(mesure)
    _completer_points_etape(mesure)
    return mesure


_CHAMPS_MESURE_MODIFIABLES = {
    "type",
    "prescripteur",
    "referent",
    "objectifs",
    "nb_adultes",
    "nb_enfants",
    "operateur",
    "financement",
}


@transaction.atomic
def mesure_modifier(*, mesure: MesureASLL, par: User, **changements: object) -> MesureASLL:
    """Change what describes a running measure. Its dates change only by renewal, suspension or closing."""
    check_changeable(changements, _CHAMPS_MESURE_MODIFIABLES)
    mesure = _verrouiller_mesure(mesure, par)
    _verifier_non_terminee(mesure, "modifiée")
    if "objectifs" in changements:
        changements["objectifs"] = valider_objectifs.normaliser(changements["objectifs"], champ="objectifs")
    referent = changements.get("referent")
    if referent is not None and referent.pk != mesure.referent_id:
        _verifier_referent(referent, mesure.usager, ASLL)
    operateur = changements.get("operateur")
    if operateur is not None and operateur.pk != mesure.operateur_id:
        _verifier_operateur(operateur)  # a measure keeps an operator deactivated since
    if "financement" in changements:
        _verifier_financement(changements["financement"])
    apply_changes(mesure, changements)
    return save_valid(mesure)


@transaction.atomic
def mesure_renouveler(*, mesure: MesureASLL, duree_mois: int, par: User) -> MesureASLL:
    """Grant `duree_mois` more months: the planned end moves and the missing checkpoints are added.

    The calendar stays anchored on the start date (start + 2k months); the total granted
    duration, renewals included, cannot exceed 24 months.
    """
    mesure = _verrouiller_mesure(mesure, par)
    _verifier_non_terminee(mesure, "renouvelée")
    verifier_duree_mois(duree_mois)
    if mesure.duree_mois + duree_mois > DUREE_MAX_MOIS:
        raise RegleMetierError(
            f"La durée totale d'une mesure ne peut pas dépasser {DUREE_MAX_MOIS} mois "
            f"(déjà accordés : {mesure.duree_mois} mois ; renouvellement possible : "
            f"{DUREE_MAX_MOIS - mesure.duree_mois} mois au plus).",
            champ="duree_mois",
        )
    mesure.duree_mois += duree_mois
    save_valid(mesure)
    _completer_points_etape(mesure)
    return mesure


def _annuler_points(mesure: MesureASLL, motif: str, **bornes) -> int:
    return mesure.points_etape.filter(date_realisee__isnull=True, annule=False, **bornes).update(
        annule=True, motif_annulation=motif, version=F("version") + 1
    )


@transaction.atomic
def mesure_cloturer(
    *,
    mesure: MesureASLL,
    date_fin: date,
    issue: str,
    orientation: str | None = None,
    orientation_partenaire: Partenaire | None = None,
    par: User,
) -> MesureASLL:
    """End a measure with its outcome (bilan des suites).

    Checkpoints planned after the end date and not held are cancelled; when the measure was
    suspended, those planned during the suspension are cancelled too (they were not owed).
    Those that were due before the end and never held are closed as `non_tenu`: the fact stays
    visible, but an ended measure owes nothing and shows nothing late.
    """
    mesure = _verrouiller_mesure(mesure, par)
    _verifier_non_terminee(mesure, "clôturée")
    if not issue:
        raise RegleMetierError("Indiquez l'issue de la mesure (bilan des suites).", champ="issue")
    if issue not in IssueMesure.values:
        raise RegleMetierError(f"Issue inconnue : {issue}.", champ="issue")
    if issue == IssueMesure.ORIENTATION:
        if not orientation:
            raise RegleMetierError(
                "Indiquez vers quelle réponse la personne est orientée (ACOR, EMAS, mesure budgétaire…).",
                champ="orientation",
            )
        if orientation not in Orientation.values:
            raise RegleMetierError(f"Orientation inconnue : {orientation}.", champ="orientation")
    elif orientation or orientation_partenaire:
        raise RegleMetierError(
            "L'orientation ne s'indique que lorsque l'issue est une orientation.", champ="orientation"
        )
    verifier_date_passee(date_fin, champ="date_fin", libelle="la date de fin")
    if date_fin < mesure.date_debut:
        raise RegleMetierError(
            f"La date de fin ne peut pas précéder le début de la mesure ({date_fr(mesure.date_debut)}).",
            champ="date_fin",
        )
    dernier_tenu = mesure.points_etape.filter(date_realisee__gt=date_fin).order_by("-date_realisee").first()
    if dernier_tenu is not None:
        raise RegleMetierError(
            "La date de fin ne peut pas précéder le point d'étape tenu le "
            f"{date_fr(dernier_tenu.date_realisee)}.",
            champ="date_fin",
        )
    if mesure.statut == StatutMesure.SUSPENDUE:
        _annuler_points(mesure, MotifAnnulation.SUSPENSION, date_prevue__gte=mesure.date_suspension)
    _annuler_points(mesure, MotifAnnulation.CLOTURE, date_prevue__gt=date_fin)
    _annuler_points(mesure, MotifAnnulation.NON_TENU, date_prevue__lte=date_fin)
    mesure.statut = StatutMesure.TERMINEE
    mesure.date_fin = date_fin
    mesure.issue = issue
    mesure.orientation = orientation or ""
    mesure.orientation_partenaire = orientation_partenaire
    mesure.date_suspension = None
    return save_valid(mesure)


@transaction.atomic
def mesure_suspendre(*, mesure: MesureASLL, date_suspension: date | None = None, par: User) -> MesureASLL:
    """Pause a running measure (hospitalisation, absence…): no checkpoint is late while it is suspended."""
    mesure = _verrouiller_mesure(mesure, par)
    if mesure.statut != StatutMesure.EN_COURS:
        raise RegleMetierError("Seule une mesure en cours peut être suspendue.", champ="statut")
    date_suspension = date_suspension or aujourdhui()
    verifier_date_passee(
        date_suspension, champ="date_suspension", libelle="la date de suspension", minimum=mesure.date_debut
    )
    mesure.statut = StatutMesure.SUSPENDUE
    mesure.date_suspension = date_suspension
    return save_valid(mesure)


@transaction.atomic
def mesure_reprendre(*, mesure: MesureASLL, date_reprise: date | None = None, par: User) -> MesureASLL:
    """Resume a suspended measure. The calendar is NOT shifted: it stays start + 2k months.

    Checkpoints planned from the suspension date up to the day before the resumption and not
    held are cancelled (motif « suspension »): they were not owed, so they never turn late.
    The following ones keep their dates; the planned end does not move (a renewal extends it).
    A checkpoint already late on the day of the suspension is late again after the resumption.
    """
    mesure = _verrouiller_mesure(mesure, par)
    if mesure.statut != StatutMesure.SUSPENDUE:
        raise RegleMetierError("Seule une mesure suspendue peut reprendre.", champ="statut")
    date_reprise = date_reprise or aujourdhui()
    verifier_date_passee(
        date_reprise, champ="date_reprise", libelle="la date de reprise", minimum=mesure.date_suspension
    )
    _annuler_points(
        mesure,
        MotifAnnulation.SUSPENSION,
        date_prevue__gte=mesure.date_suspension,
        date_prevue__lt=date_reprise,
    )
    mesure.statut = StatutMesure.EN_COURS
    mesure.date_suspension = None
    return save_valid(mesure)


@transaction.atomic
def point_etape_realiser(
    *,
    point: PointEtape,
    date_realisee: date | None,
    par: User,
    compte_rendu: str | None = None,
    progressions: list[dict] | None = None,
) -> PointEtape:
    """Record that the checkpoint was held (or correct it): date, summary, progress per objective.

    `progressions` (`[{"objectif": "budget", "avancement": "en_cours"}, …]`), when given,
    replaces the progress recorded at this checkpoint; each objective must be one of the measure's.
    """
    point = PointEtape.objects.select_for_update().select_related("mesure").get(pk=point.pk)
    mesure = point.mesure
    if not peut_voir_mesure(par, mesure):
        raise Introuvable(INTROUVABLE)
    if mesure.statut == StatutMesure.TERMINEE:
        raise RegleMetierError(
            "La mesure est terminée : ses points d'étape ne peuvent plus être saisis.", champ="mesure"
        )
    if point.annule and point.date_non_tenu is None:
        raise RegleMetierError(
            "Ce point d'étape est annulé (mesure suspendue ou terminée avant sa date).", champ="date_realisee"
        )
    if point.date_non_tenu is not None:
        # Recorded as not held by mistake: held after all, the « non tenu » is withdrawn.
        point.annule = False
        point.motif_annulation = ""
        point.date_non_tenu = None
        point.raison_non_tenu = ""
    date_realisee = date_realisee or point.date_realisee
    verifier_date_passee(
        date_realisee, champ="date_realisee", libelle="la date du point d'étape", minimum=mesure.date_debut
    )
    point.date_realisee = date_realisee
    if compte_rendu is not None:
        point.compte_rendu = compte_rendu
    point.realise_par = par
    save_valid(point)
    if progressions is not None:
        objectifs = [p.get("objectif") for p in progressions]
        hors_mesure = [str(o) for o in objectifs if o not in mesure.objectifs]
        if hors_mesure:
            raise RegleMetierError(
                f"Objectif(s) qui ne sont pas ceux de la mesure : {', '.join(hors_mesure)}.",
                champ="progressions",
            )
        if len(set(objectifs)) != len(objectifs):
            raise RegleMetierError("Un même objectif est indiqué deux fois.", champ="progressions")
        point.progressions.all().delete()
        for progression in progressions:
            save_valid(
                ProgressionObjectif(
                    point_etape=point,
                    objectif=progression["objectif"],
                    avancement=progression.get("avancement"),
                )
            )
    return point


@transaction.atomic
def point_etape_non_tenu(
    *, point: PointEtape, date_non_tenu: date | None = None, raison: str = "", par: User
) -> PointEtape:
    """Record that a due checkpoint (to come or late) did not take place: it is closed with the motif
    « non tenu », owes nothing more, is never late and its reminders stop. Recorded by mistake, it is
    corrected by holding the checkpoint (`point_etape_realiser`)."""
    point = PointEtape.objects.select_for_update().select_related("mesure").get(pk=point.pk)
    mesure = point.mesure
    if not peut_voir_mesure(par, mesure):
        raise Introuvable(INTROUVABLE)
    if mesure.statut != StatutMesure.EN_COURS:
        raise RegleMetierError(
            f"La mesure est {mesure.get_statut_display().lower()} : ce point d'étape n'est pas dû.",
            champ="mesure",
        )
    if point.date_realisee is not None:
        raise RegleMetierError(
            f"Ce point d'étape a été tenu le {date_fr(point.date_realisee)}.", champ="date_non_tenu"
        )
    if point.date_non_tenu is not None:
        raise RegleMetierError(
            f"Ce point d'étape est déjà noté non tenu le {date_fr(point.date_non_tenu)}.",
            champ="date_non_tenu",
        )
    if point.annule:
        raise RegleMetierError(
            "Ce point d'étape est annulé (mesure suspendue avant sa date) : il n'est pas dû.",
            champ="date_non_tenu",
        )
    date_non_tenu = date_non_tenu or aujourdhui()
    verifier_date_passee(
        date_non_tenu, champ="date_non_tenu", libelle="la date du constat", minimum=mesure.date_debut
    )
    point.annule = True
    point.motif_annulation = MotifAnnulation.NON_TENU
    point.date_non_tenu = date_non_tenu
    point.raison_non_tenu = (raison or "").strip()
    point.realise_par = par
    return save_valid(point)


@transaction.atomic
def rencontre_creer(*, mesure: MesureASLL, date: date, type: str, note: str = "", par: User) -> RencontreASLL:
    """Record a meeting with the household between two checkpoints (fiche 2.1: meetings per month of
    measure). Its date lies within the measure (from its start to its end, or today) and never in
    the future; a suspended measure still records what happened before its suspension."""
    mesure = _verrouiller_mesure(mesure, par)
    if type not in TypeRencontre.values:
        raise RegleMetierError(f"Type de rencontre inconnu : {type}.", champ="type")
    verifier_date_passee(date, champ="date", libelle="la date de la rencontre", minimum=mesure.date_debut)
    fin = mesure.date_fin or mesure.date_suspension
    if fin is not None and date > fin:
        quand = "terminée" if mesure.date_fin else "suspendue"
        raise RegleMetierError(
            f"La mesure est {quand} depuis le {date_fr(fin)} : la rencontre ne peut pas être postérieure.",
            champ="date",
        )
    rencontre = RencontreASLL(mesure=mesure, date=date, type=type, note=(note or "").strip(), cree_par=par)
    return save_valid(rencontre)


# ---------------------------------------------------------------------------------------------
# ACOR (action 2.2)
# ---------------------------------------------------------------------------------------------


def _verrouiller_situation(situation: SituationACOR, par: User) -> SituationACOR:
    """The situation, locked for the transaction, if `par` may act on it (`peut_voir_situation`)."""
    if not peut_voir_situation(par, situation):
        raise Introuvable(INTROUVABLE)
    return SituationACOR.objects.select_for_update().select_related("usager").get(pk=situation.pk)


@transaction.atomic
def situation_acor_orienter(
    *,
    par: User,
    usager: Usager,
    date_orientation: date,
    difficultes: Iterable[str],
    prescripteur: str = "",
    prescripteur_partenaire: Partenaire | None = None,
    referent: User | None = None,
) -> SituationACOR:
    """Record a referral to ACOR: the situation joins the waiting list (ordered by referral date)."""
    if not peut_orienter_vers_acor(par, usager):
        raise RegleMetierError(USAGER_INTROUVABLE, champ="usager")
    verifier_date_passee(date_orientation, champ="date_orientation", libelle="la date d'orientation")
    _verifier_referent(referent, usager, ACOR)
    situation = SituationACOR(
        usager=usager,
        date_orientation=date_orientation,
        difficultes=valider_difficultes.normaliser(difficultes, champ="difficultes"),
        prescripteur=prescripteur or SituationACOR._meta.get_field("prescripteur").default,
        prescripteur_partenaire=prescripteur_partenaire,
        referent=referent,
        cree_par=par,
    )
    return save_valid(situation)


@transaction.atomic
def situation_acor_creer(
    *,
    par: User,
    usager: Usager,
    date_orientation: date,
    difficultes: Iterable[str],
    prescripteur: str = "",
    prescripteur_partenaire: Partenaire | None = None,
    referent: User | None = None,
    date_entree: date | None = None,
    forcer: bool = False,
) -> SituationACOR:
    """Record a referral and, when `date_entree` is given, take the situation on at once (same rules)."""
    situation = situation_acor_orienter(
        par=par,
        usager=usager,
        date_orientation=date_orientation,
        difficultes=difficultes,
        prescripteur=prescripteur,
        prescripteur_partenaire=prescripteur_partenaire,
        referent=referent,
    )
    if date_entree is not None:
        situation = situation_acor_prendre_en_charge(
            situation=situation, date_entree=date_entree, par=par, forcer=forcer
        )
    return situation


def _verifier_droit_de_forcer(par: User, forcer: bool) -> None:
    """`forcer` matters only when no place is left; only a supervisor may use it then."""
    if forcer and not peut_forcer_capacite_acor(par):
        raise AccesRefuse(
            "Seul un encadrant peut forcer une prise en charge au-delà des places.", champ="forcer"
        )


def _capacites_verrouillees(date_entree: date) -> list[CapaciteACOR]:
    """The capacity periods from the entry date to today, locked (`SELECT … FOR UPDATE`).

    Every taking-on locks the period covering today (when one exists), so two concurrent
    requests are serialised whatever their entry dates."""
    return list(
        CapaciteACOR.objects.select_for_update()
        .filter(date_debut__lte=aujourdhui(), date_fin__gte=date_entree)
        .order_by("date_debut", "pk")
    )


def _premier_jour_complet(
    date_entree: date, capacites: list[CapaciteACOR]
) -> tuple[date, int, CapaciteACOR] | None:
    """The first day from `date_entree` to today on which every place is already taken.

    A back-dated entry occupies a place on every day since then, so the occupancy is checked
    on the entry date and on each later entry date (the only days on which it can grow)."""
    fin = aujourdhui()
    occupants = list(
        SituationACOR.objects.filter(date_entree__isnull=False, date_entree__lte=fin)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gt=date_entree))
        .values_list("date_entree", "date_sortie")
    )
    jours = sorted({date_entree} | {entree for entree, _ in occupants if entree > date_entree})
    for jour in jours:
        capacite = next((c for c in capacites if c.date_debut <= jour <= c.date_fin), None)
        if capacite is None:
            continue
        occupees = sum(
            1 for entree, sortie in occupants if entree <= jour and (sortie is None or sortie > jour)
        )
        if occupees >= capacite.places:
            return jour, occupees, capacite
    return None


@transaction.atomic
def situation_acor_prendre_en_charge(
    *, situation: SituationACOR, date_entree: date, par: User, forcer: bool = False
) -> SituationACOR:
    """Take a waiting situation on, within the places of the period covering the entry date.

    Places used = situations in progress on the entry date and on every later day (a back-dated
    entry must not overfill the days since). The capacity rows are locked (`SELECT … FOR UPDATE`)
    before counting, so two concurrent requests for the last place are serialised: the second
    one counts the first and is refused. Only a supervisor may
    force an entry beyond the capacity (`forcer`); the situation is then flagged.
    """
    situation = _verrouiller_situation(situation, par)
    if situation.statut != StatutSituation.EN_ATTENTE:
        raise RegleMetierError("Seule une situation en attente peut être prise en charge.", champ="statut")
    verifier_date_passee(date_entree, champ="date_entree", libelle="la date d'entrée")
    if date_entree < situation.date_orientation:
        raise RegleMetierError(
            f"La date d'entrée ne peut pas précéder l'orientation ({date_fr(situation.date_orientation)}).",
            champ="date_entree",
        )
    majorite = situation.usager.date_majorite
    if date_entree < majorite:
        raise RegleMetierError(
            f"ACOR accompagne des personnes majeures : l'usager n'aura 18 ans que le {date_fr(majorite)}.",
            champ="date_entree",
        )
    depassement = False
    capacites = _capacites_verrouillees(date_entree)
    if not any(c.date_debut <= date_entree <= c.date_fin for c in capacites):
        _verifier_droit_de_forcer(par, forcer)
        if not forcer:
            raise RegleMetierError(
                f"Aucune capacité ACOR n'est définie pour le {date_fr(date_entree)} : un administrateur doit "
                "renseigner les places de la période, ou un encadrant forcer l'entrée.",
                champ="date_entree",
            )
        depassement = True
    else:
        complet = _premier_jour_complet(date_entree, capacites)
        if complet is not None:
            jour, occupees, capacite = complet
            _verifier_droit_de_forcer(par, forcer)
            if not forcer:
                raise RegleMetierError(
                    f"Toutes les places ACOR sont occupées le {date_fr(jour)} ({occupees} sur "
                    f"{capacite.places}, période du {date_fr(capacite.date_debut)} "
                    f"au {date_fr(capacite.date_fin)}). "
                    "La situation reste en liste d'attente ; un encadrant peut forcer l'entrée.",
                    champ="date_entree",
                )
            depassement = True
    situation.date_entree = date_entree
    situation.statut = StatutSituation.EN_COURS
    situation.commune_id = commune_a_la_date(situation.usager, date_entree)
    situation.capacite_depassee = depassement
    situation.referent = situation.referent or par
    return save_valid(situation)


@transaction.atomic
def situation_acor_cloturer(
    *, situation: SituationACOR, date_sortie: date, motif_sortie: str, par: User
) -> SituationACOR:
    """End a situation: an exit after the entry, or a referral closed while still waiting."""
    situation = _verrouiller_situation(situation, par)
    if situation.statut == StatutSituation.TERMINEE:
        raise RegleMetierError("La situation est déjà terminée.", champ="statut")
    if not motif_sortie:
        raise RegleMetierError("Indiquez le motif de sortie.", champ="motif_sortie")
    if motif_sortie not in MotifSortie.values:
        raise RegleMetierError(f"Motif de sortie inconnu : {motif_sortie}.", champ="motif_sortie")
    en_attente = situation.statut == StatutSituation.EN_ATTENTE
    if en_attente != (motif_sortie == MotifSortie.SANS_SUITE):
        raise RegleMetierError(
            "Une situation en attente se termine « sans suite » ; ce motif est réservé aux situations "
            "jamais prises en charge.",
            champ="motif_sortie",
        )
    debut = situation.date_entree or situation.date_orientation
    verifier_date_passee(date_sortie, champ="date_sortie", libelle="la date de sortie")
    if date_sortie < debut:
        raise RegleMetierError(
            f"La date de sortie ne peut pas précéder le {date_fr(debut)}.", champ="date_sortie"
        )
    situation.statut = StatutSituation.TERMINEE
    situation.date_sortie = date_sortie
    situation.motif_sortie = motif_sortie
    return save_valid(situation)


_CHAMPS_SITUATION_MODIFIABLES = {"difficultes", "prescripteur", "prescripteur_partenaire", "referent"}


@transaction.atomic
def situation_acor_modifier(*, situation: SituationACOR, par: User, **changements: object) -> SituationACOR:
    """Change the difficulties, referrer or worker of a situation that has not ended."""
    check_changeable(changements, _CHAMPS_SITUATION_MODIFIABLES)
    situation = _verrouiller_situation(situation, par)
    if situation.statut == StatutSituation.TERMINEE:
        raise RegleMetierError("La situation est terminée : elle ne peut plus être modifiée.", champ="statut")
    if "difficultes" in changements:
        changements["difficultes"] = valider_difficultes.normaliser(
            changements["difficultes"], champ="difficultes"
        )
    if changements.get("referent") is not None and changements["referent"].pk != situation.referent_id:
        _verifier_referent(changements["referent"], situation.usager, ACOR)
    apply_changes(situation, changements)
    return save_valid(situation)


# ---------------------------------------------------------------------------------------------
# Orientations received from another dispositif (`config.dispositifs.AccueilOrientation`)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def situation_acor_recevoir(
    *, usager: Usager, date: date, motif: str, note: str, depuis: str, par: User
) -> SituationACOR:
    """An orientation from another dispositif joins ACOR's waiting list, like a referral recorded by
    the team (the agent orienting holds no ACOR grant: the orientation's service checked that they
    follow the person). The team qualifies the difficulties when it takes the situation on."""
    situation = SituationACOR(
        usager=usager,
        date_orientation=date,
        difficultes=["autre"],
        prescripteur=PrescripteurACOR.ASLL if depuis == ASLL else PrescripteurACOR.DISPOSITIF,
        orientee_par=par,
        cree_par=par,
    )
    return save_valid(situation)


@transaction.atomic
def demande_asll_recevoir(
    *, usager: Usager, date: date, motif: str, note: str, depuis: str, par: User
) -> DemandeASLL:
    """An orientation from another dispositif is a request for the ASLL service to open a measure."""
    demande = DemandeASLL(
        usager=usager,
        commune_id=commune_a_la_date(usager, date),
        date=date,
        motif=motif[:255],
        note=note,
        orientee_par=par,
        cree_par=par,
    )
    return save_valid(demande)


def _verrouiller_demande(demande: DemandeASLL, par: User) -> DemandeASLL:
    if not DemandeASLL.objects.visibles_par(par).filter(pk=demande.pk).exists():
        raise Introuvable(INTROUVABLE)
    demande = DemandeASLL.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutDemande.EN_ATTENTE:
        raise RegleMetierError("Cette demande a déjà reçu une décision.", champ="statut")
    return demande


@transaction.atomic
def demande_asll_accepter(
    *, demande: DemandeASLL, mesure: MesureASLL, date_decision: date | None = None, par: User
) -> DemandeASLL:
    """The service opened a measure for the person (`mesure_creer`): the request is accepted."""
    demande = _verrouiller_demande(demande, par)
    if not peut_voir_mesure(par, mesure) or mesure.usager_id != demande.usager_id:
        raise RegleMetierError(
            "Indiquez une mesure ASLL de la même personne, que vous suivez.", champ="mesure"
        )
    if DemandeASLL.objects.filter(mesure=mesure).exists():
        raise RegleMetierError("Cette mesure répond déjà à une autre demande.", champ="mesure")
    date_decision = date_decision or aujourdhui()
    verifier_date_passee(date_decision, champ="date_decision", libelle="la date de la décision")
    if date_decision < demande.date:
        raise RegleMetierError(
            f"La décision ne peut pas précéder la demande du {date_fr(demande.date)}.", champ="date_decision"
        )
    demande.statut = StatutDemande.ACCEPTEE
    demande.mesure = mesure
    demande.date_decision = date_decision
    return save_valid(demande)


@transaction.atomic
def demande_asll_refuser(
    *, demande: DemandeASLL, motif_refus: str, date_decision: date | None = None, par: User
) -> DemandeASLL:
    """The service does not retain the request (its reason is kept; the orienting agent learns only
    « non retenue »)."""
    demande = _verrouiller_demande(demande, par)
    motif_refus = (motif_refus or "").strip()
    if not motif_refus:
        raise RegleMetierError("Indiquez le motif.", champ="motif_refus")
    date_decision = date_decision or aujourdhui()
    verifier_date_passee(date_decision, champ="date_decision", libelle="la date de la décision")
    if date_decision < demande.date:
        raise RegleMetierError(
            f"La décision ne peut pas précéder la demande du {date_fr(demande.date)}.", champ="date_decision"
        )
    demande.statut = StatutDemande.REFUSEE
    demande.motif_refus = motif_refus
    demande.date_decision = date_decision
    return save_valid(demande)
