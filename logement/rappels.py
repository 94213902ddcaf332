"""The reminder rules of actions 2.1 and 2.2 (`config.dispositifs.RegleRappel`), declared by
`logement.dispositif` and run by the daily scan of `notifications`.

Each rule answers in a fixed number of SQL queries whatever the number of measures, states what is
due *up to* `jour` (a missed, late or doubled run is harmless) and leaves out, in SQL, what is
reminded already (`sans_rappel`, given by the scan). An escalation is sent once per record, to the
référent and the supervisors of that day.
"""

from datetime import date, timedelta

from django.conf import settings

from communes.habilitations import comptes_par_commune
from comptes.destinataires import escalader, sans_inactifs
from config.dispositifs import ObjetRappele, Rappel, SansRappel, TypeRappel
from config.formats import date_fr
from logement.models import (
    DemandeASLL,
    MesureASLL,
    PointEtape,
    SituationACOR,
    StatutDemande,
    StatutMesure,
    StatutSituation,
    point_en_retard,
)
from logement.perms import ACOR, ASLL

POINT_ETAPE_PROCHE = TypeRappel("point_etape_proche", "Point d'étape dans les prochains jours")
POINT_ETAPE_EN_RETARD = TypeRappel("point_etape_en_retard", "Point d'étape en retard")
POINT_ETAPE_ESCALADE = TypeRappel("point_etape_escalade", "Point d'étape en retard depuis plusieurs jours")
MESURE_ECHUE = TypeRappel("mesure_echue", "Mesure arrivée à échéance sans clôture ni renouvellement")
# A kind of its own, so that the référent gets both the reminder (day after the planned end) and the
# escalation (15 days later) about the same measure without breaking the uniqueness.
MESURE_ECHUE_ESCALADE = TypeRappel("mesure_echue_escalade", "Mesure échue depuis plusieurs jours")
ACOR_ATTENTE_LONGUE = TypeRappel("acor_attente_longue", "Orientation ACOR en attente depuis longtemps")

OBJET_POINT_ETAPE = ObjetRappele("point_etape", "Point d'étape ASLL", "point-etape-detail")
OBJET_MESURE_ASLL = ObjetRappele("mesure_asll", "Mesure ASLL", "mesure-asll-detail")
OBJET_SITUATION_ACOR = ObjetRappele("situation_acor", "Situation ACOR", "situation-acor-detail")


def _points_dus():
    return PointEtape.objects.dus().values_list(
        "pk", "rang", "date_prevue", "mesure_id", "mesure__referent_id", "mesure__referent__is_active"
    )


def point_etape_proche(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """À J-7 (réglage `RAPPEL_POINT_ETAPE_JOURS_AVANT`) d'un point d'étape dû : rappel au référent."""
    horizon = jour + timedelta(days=settings.RAPPEL_POINT_ETAPE_JOURS_AVANT)
    return [
        Rappel(
            type=POINT_ETAPE_PROCHE.code,
            objet_type=OBJET_POINT_ETAPE.code,
            objet_id=pk,
            destinataire_id=referent_id,
            titre=f"Point d'étape à tenir le {date_fr(prevue)}",
            message=f"Point d'étape n°{rang} de la mesure ASLL n°{mesure_id}, prévu le {date_fr(prevue)}.",
        )
        for pk, rang, prevue, mesure_id, referent_id, actif in _points_dus().filter(
            sans_rappel(POINT_ETAPE_PROCHE.code, OBJET_POINT_ETAPE.code, "mesure__referent_id"),
            date_prevue__gte=jour,
            date_prevue__lte=horizon,
        )
        if actif
    ]


def point_etape_en_retard(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Le lendemain de la date prévue d'un point d'étape ni tenu ni annulé : rappel au référent."""
    return [
        Rappel(
            type=POINT_ETAPE_EN_RETARD.code,
            objet_type=OBJET_POINT_ETAPE.code,
            objet_id=pk,
            destinataire_id=referent_id,
            titre="Point d'étape en retard",
            message=(
                f"Le point d'étape n°{rang} de la mesure ASLL n°{mesure_id} était prévu le "
                f"{date_fr(prevue)} et n'est pas saisi."
            ),
        )
        for pk, rang, prevue, mesure_id, referent_id, actif in _points_dus()
        .filter(
            sans_rappel(POINT_ETAPE_EN_RETARD.code, OBJET_POINT_ETAPE.code, "mesure__referent_id"),
        )
        .filter(point_en_retard(jour))
        if actif
    ]


def point_etape_escalade(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Un point d'étape en retard depuis 7 jours (`ESCALADE_POINT_ETAPE_JOURS`) : au référent et aux
    encadrants habilités ASLL sur la commune où réside l'usager."""
    limite = jour - timedelta(days=settings.ESCALADE_POINT_ETAPE_JOURS)
    lignes = (
        _points_dus()
        .filter(
            sans_rappel(POINT_ETAPE_ESCALADE.code, OBJET_POINT_ETAPE.code),
            date_prevue__lte=limite,
        )
        .values_list(
            "pk",
            "mesure__commune_actuelle_id",
            "mesure__referent_id",
            "mesure__referent__is_active",
            "rang",
            "date_prevue",
            "mesure_id",
        )
    )

    def fabriquer(ligne, destinataire):
        pk, _, _, rang, prevue, mesure_id = ligne
        return Rappel(
            type=POINT_ETAPE_ESCALADE.code,
            objet_type=OBJET_POINT_ETAPE.code,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Point d'étape en retard depuis plus d'une semaine",
            message=(
                f"Le point d'étape n°{rang} de la mesure ASLL n°{mesure_id}, prévu le {date_fr(prevue)}, "
                "n'est toujours pas saisi."
            ),
        )

    return escalader(sans_inactifs(lignes), ASLL, fabriquer)


def _mesures_echues(jour: date):
    """Running measures whose planned end has passed: neither closed nor renewed (a suspended one waits)."""
    return MesureASLL.objects.filter(statut=StatutMesure.EN_COURS, date_fin_prevue__lt=jour)


def mesure_echue(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Le lendemain de sa fin prévue, une mesure ni clôturée ni renouvelée : rappel au référent."""
    return [
        Rappel(
            type=MESURE_ECHUE.code,
            objet_type=OBJET_MESURE_ASLL.code,
            objet_id=pk,
            destinataire_id=referent_id,
            titre="Mesure ASLL échue à clôturer ou renouveler",
            message=f"La mesure ASLL n°{pk} devait finir le {date_fr(fin)} : clôturez-la ou renouvelez-la.",
        )
        for pk, fin, referent_id, actif in _mesures_echues(jour)
        .filter(sans_rappel(MESURE_ECHUE.code, OBJET_MESURE_ASLL.code, "referent_id"))
        .values_list("pk", "date_fin_prevue", "referent_id", "referent__is_active")
        if actif
    ]


def mesure_echue_escalade(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Échue depuis 15 jours (`ESCALADE_MESURE_ECHUE_JOURS`) : au référent et aux encadrants habilités
    ASLL sur la commune de l'usager. Un type à part (`mesure_echue_escalade`), pour que le référent
    reçoive le rappel puis l'escalade sur la même mesure."""
    limite = jour - timedelta(days=settings.ESCALADE_MESURE_ECHUE_JOURS)
    lignes = (
        _mesures_echues(jour)
        .filter(
            sans_rappel(MESURE_ECHUE_ESCALADE.code, OBJET_MESURE_ASLL.code),
            date_fin_prevue__lte=limite,
        )
        .values_list("pk", "commune_actuelle_id", "referent_id", "referent__is_active", "date_fin_prevue")
    )

    def fabriquer(ligne, destinataire):
        pk, _, _, fin = ligne
        return Rappel(
            type=MESURE_ECHUE_ESCALADE.code,
            objet_type=OBJET_MESURE_ASLL.code,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Mesure ASLL échue depuis plus de deux semaines",
            message=f"La mesure ASLL n°{pk}, à échéance le {date_fr(fin)}, n'est ni clôturée ni renouvelée.",
        )

    return escalader(sans_inactifs(lignes), ASLL, fabriquer)


def acor_attente_longue(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Une orientation ACOR en attente depuis plus de 60 jours (`ACOR_ATTENTE_JOURS`) : aux encadrants
    habilités ACOR sur la commune de l'usager (pas au référent : il n'y en a pas avant l'entrée)."""
    limite = jour - timedelta(days=settings.ACOR_ATTENTE_JOURS)
    lignes = SituationACOR.objects.filter(
        sans_rappel(ACOR_ATTENTE_LONGUE.code, OBJET_SITUATION_ACOR.code),
        statut=StatutSituation.EN_ATTENTE,
        date_orientation__lt=limite,
    ).values_list("pk", "commune_actuelle_id", "date_orientation")

    def fabriquer(ligne, destinataire):
        pk, _, _, orientee = ligne
        return Rappel(
            type=ACOR_ATTENTE_LONGUE.code,
            objet_type=OBJET_SITUATION_ACOR.code,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Orientation ACOR en attente depuis plus de deux mois",
            message=f"La situation ACOR n°{pk}, orientée le {date_fr(orientee)}, attend toujours une place.",
        )

    return escalader(((pk, commune, None, orientee) for pk, commune, orientee in lignes), ACOR, fabriquer)


# --- orientations received from another dispositif --------------------------------------------

DEMANDE_ASLL_RECUE = TypeRappel("demande_asll_recue", "Demande de mesure ASLL recue d'un autre dispositif")
ORIENTATION_ACOR_RECUE = TypeRappel("orientation_acor_recue", "Orientation recue sur la liste d'attente ACOR")
OBJET_DEMANDE_ASLL = ObjetRappele("demande_asll", "Demande de mesure ASLL", "demande-asll-detail")


def _a_l_equipe(lignes, dispositif: str, fabriquer) -> list[Rappel]:
    """One reminder per record to each agent of `dispositif`'s team granted on the person's commune."""
    lignes = list(lignes)
    if not lignes:
        return []
    equipe = comptes_par_commune(dispositif, dispositif)
    return [
        fabriquer(pk, jour, destinataire)
        for pk, commune, jour in lignes
        for destinataire in sorted(equipe.get(commune, ()))
    ]


def demande_asll_recue(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Une demande de mesure recue d'un autre dispositif (une orientation), encore en attente : une
    fois, aux travailleurs sociaux ASLL habilités sur la commune de la personne."""
    lignes = DemandeASLL.objects.filter(
        sans_rappel(DEMANDE_ASLL_RECUE.code, OBJET_DEMANDE_ASLL.code),
        statut=StatutDemande.EN_ATTENTE,
        orientee_par__isnull=False,
        date__lte=jour,
    ).values_list("pk", "usager__commune_id", "date")
    return _a_l_equipe(
        lignes,
        ASLL,
        lambda pk, recue, destinataire: Rappel(
            type=DEMANDE_ASLL_RECUE.code,
            objet_type=OBJET_DEMANDE_ASLL.code,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Demande de mesure ASLL recue",
            message=f"La demande n°{pk} a été recue le {date_fr(recue)} d'un autre dispositif du pacte.",
        ),
    )


def orientation_acor_recue(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Une situation orientée par un autre dispositif, encore sur la liste d'attente : une fois, aux
    intervenants ACOR habilités sur la commune de la personne."""
    lignes = SituationACOR.objects.filter(
        sans_rappel(ORIENTATION_ACOR_RECUE.code, OBJET_SITUATION_ACOR.code),
        statut=StatutSituation.EN_ATTENTE,
        orientee_par__isnull=False,
        date_orientation__lte=jour,
    ).values_list("pk", "commune_actuelle_id", "date_orientation")
    return _a_l_equipe(
        lignes,
        ACOR,
        lambda pk, recue, destinataire: Rappel(
            type=ORIENTATION_ACOR_RECUE.code,
            objet_type=OBJET_SITUATION_ACOR.code,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Orientation recue sur la liste d'attente ACOR",
            message=f"La situation n°{pk} a été orientée le {date_fr(recue)} par un autre dispositif.",
        ),
    )
