"""The reminder rules of actions 2.1 and 2.2 (`config.dispositifs.RegleRappel`), declared by
`logement.dispositif` and run by the daily scan of `notifications`.

Each rule answers in a fixed number of SQL queries whatever the number of measures, states what is
due *up to* `jour` (a missed, late or doubled run is harmless) and leaves out, in SQL, what is
reminded already (`sans_rappel`, given by the scan). An escalation is sent once per record, to the
référent and the supervisors of that day.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import BooleanField, Q, Value

from communes.habilitations import comptes_par_commune
from comptes.destinataires import escalader, sans_inactifs
from config.dispositifs import ObjetRappele, Rappel, RegleRappel, SansRappel, TypeRappel
from config.formats import date_fr
from logement.models import (
    DemandeASLL,
    MesureASLL,
    PointEtape,
    SituationACOR,
    StatutDemande,
    StatutMesure,
    StatutSituation,
    point_du,
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


def _points_etape_dus(jour: date, sans_rappel: SansRappel):
    """Les trois rappels des points d'étape dus, en une requête :

    - à J-7 (réglage `RAPPEL_POINT_ETAPE_JOURS_AVANT`) d'un point dû : rappel au référent ;
    - le lendemain de sa date prévue, un point ni tenu ni annulé (`point_en_retard`) : au référent ;
    - en retard depuis 7 jours (`ESCALADE_POINT_ETAPE_JOURS`) : au référent et aux encadrants
      habilités ASLL sur la commune où réside l'usager, une fois par point.

    One statement, each row carrying the kind it is due for: a `UNION ALL` of one branch per kind,
    each with its own `NOT EXISTS` on the reminders' unique index, read from the partial index of the
    open checkpoints by planned date (`point_etape_du_idx`). Measured at 100 000 persons, one read
    of the open checkpoints testing the three kinds per row (an `OR` of three `NOT EXISTS`) is twice
    as slow: PostgreSQL can only probe the reminders row by row there (and its plan's cost triggers
    JIT compilation), where each branch's anti-join is hashed (docs/PERFORMANCE.md, figure 7)."""
    horizon = jour + timedelta(days=settings.RAPPEL_POINT_ETAPE_JOURS_AVANT)
    limite = jour - timedelta(days=settings.ESCALADE_POINT_ETAPE_JOURS)
    objet = OBJET_POINT_ETAPE.code

    def branche(genre: str, *filtres: Q):
        # `point_du()` once per branch: repeated, PostgreSQL multiplies its selectivity twice and
        # underestimates the rows, then probes the reminders row by row instead of hashing them.
        return _par_genre(PointEtape.objects.filter(*filtres), genre, _GENRES_POINT).values_list(
            "pk",
            "mesure__commune_actuelle_id",
            "mesure__referent_id",
            "mesure__referent__is_active",
            "rang",
            "date_prevue",
            "mesure_id",
            *_GENRES_POINT,
        )

    au_referent = Q(mesure__referent__is_active=True)  # a deactivated référent gets nothing
    return branche(
        "a_proche",
        au_referent,
        point_du(),
        Q(date_prevue__gte=jour, date_prevue__lte=horizon),
        sans_rappel(POINT_ETAPE_PROCHE.code, objet, "mesure__referent_id"),
    ).union(
        branche(
            "a_retard",
            au_referent,
            point_en_retard(jour),
            sans_rappel(POINT_ETAPE_EN_RETARD.code, objet, "mesure__referent_id"),
        ),
        branche(
            "a_escalade",
            point_du(),
            Q(date_prevue__lte=limite),
            sans_rappel(POINT_ETAPE_ESCALADE.code, objet),
        ),
        all=True,
    )


_GENRES_POINT = ("a_proche", "a_retard", "a_escalade")


def _par_genre(requete, genre: str, genres: tuple[str, ...]):
    """One branch of a rule's `UNION ALL`: its rows flagged with their kind (`genre`) among `genres`."""
    return requete.order_by().annotate(**{g: Value(g == genre, output_field=BooleanField()) for g in genres})


def _points_etape_rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
    objet = OBJET_POINT_ETAPE.code
    rappels = []
    for pk, _, referent_id, actif, rang, prevue, mesure_id, a_proche, a_retard, _ in lignes:
        if not actif:
            continue
        if a_proche:
            rappels.append(
                Rappel(
                    type=POINT_ETAPE_PROCHE.code,
                    objet_type=objet,
                    objet_id=pk,
                    destinataire_id=referent_id,
                    titre=f"Point d'étape à tenir le {date_fr(prevue)}",
                    message=(
                        f"Point d'étape n°{rang} de la mesure ASLL n°{mesure_id}, prévu le {date_fr(prevue)}."
                    ),
                )
            )
        if a_retard:
            rappels.append(
                Rappel(
                    type=POINT_ETAPE_EN_RETARD.code,
                    objet_type=objet,
                    objet_id=pk,
                    destinataire_id=referent_id,
                    titre="Point d'étape en retard",
                    message=(
                        f"Le point d'étape n°{rang} de la mesure ASLL n°{mesure_id} était prévu le "
                        f"{date_fr(prevue)} et n'est pas saisi."
                    ),
                )
            )

    def fabriquer(ligne, destinataire):
        pk, _, _, rang, prevue, mesure_id, *_ = ligne
        return Rappel(
            type=POINT_ETAPE_ESCALADE.code,
            objet_type=objet,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Point d'étape en retard depuis plus d'une semaine",
            message=(
                f"Le point d'étape n°{rang} de la mesure ASLL n°{mesure_id}, prévu le {date_fr(prevue)}, "
                "n'est toujours pas saisi."
            ),
        )

    return rappels + escalader(sans_inactifs(ligne for ligne in lignes if ligne[-1]), ASLL, fabriquer)


POINTS_ETAPE = RegleRappel("points_etape", _points_etape_dus, _points_etape_rappels)


def _mesures_echues(jour: date, sans_rappel: SansRappel):
    """Les deux rappels des mesures échues, en une requête, sur les mesures en cours dont la fin
    prévue est passée (ni clôturées ni renouvelées ; une mesure suspendue attend) :

    - le lendemain de sa fin prévue : rappel au référent ;
    - échue depuis 15 jours (`ESCALADE_MESURE_ECHUE_JOURS`) : au référent et aux encadrants habilités
      ASLL sur la commune de l'usager. Un type à part (`mesure_echue_escalade`), pour que le référent
      reçoive le rappel puis l'escalade sur la même mesure.

    One statement, a `UNION ALL` of one branch per kind (as `_points_etape_dus`), read from the
    partial index of the running measures by planned end (`mesure_en_cours_fin_idx`)."""
    limite = jour - timedelta(days=settings.ESCALADE_MESURE_ECHUE_JOURS)
    objet = OBJET_MESURE_ASLL.code
    genres = ("a_echue", "a_escalade")

    def branche(genre: str, *filtres: Q):
        echues = MesureASLL.objects.filter(*filtres, statut=StatutMesure.EN_COURS, date_fin_prevue__lt=jour)
        return _par_genre(echues, genre, genres).values_list(
            "pk", "commune_actuelle_id", "referent_id", "referent__is_active", "date_fin_prevue", *genres
        )

    return branche(
        "a_echue", Q(referent__is_active=True), sans_rappel(MESURE_ECHUE.code, objet, "referent_id")
    ).union(
        branche("a_escalade", Q(date_fin_prevue__lte=limite), sans_rappel(MESURE_ECHUE_ESCALADE.code, objet)),
        all=True,
    )


def _mesures_echues_rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
    objet = OBJET_MESURE_ASLL.code
    rappels = [
        Rappel(
            type=MESURE_ECHUE.code,
            objet_type=objet,
            objet_id=pk,
            destinataire_id=referent_id,
            titre="Mesure ASLL échue à clôturer ou renouveler",
            message=f"La mesure ASLL n°{pk} devait finir le {date_fr(fin)} : clôturez-la ou renouvelez-la.",
        )
        for pk, _, referent_id, actif, fin, a_echue, _ in lignes
        if actif and a_echue
    ]

    def fabriquer(ligne, destinataire):
        pk, _, _, fin, *_ = ligne
        return Rappel(
            type=MESURE_ECHUE_ESCALADE.code,
            objet_type=objet,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Mesure ASLL échue depuis plus de deux semaines",
            message=f"La mesure ASLL n°{pk}, à échéance le {date_fr(fin)}, n'est ni clôturée ni renouvelée.",
        )

    return rappels + escalader(sans_inactifs(ligne for ligne in lignes if ligne[-1]), ASLL, fabriquer)


MESURES_ECHUES = RegleRappel("mesures_echues", _mesures_echues, _mesures_echues_rappels)


# --- orientations received from another dispositif --------------------------------------------

DEMANDE_ASLL_RECUE = TypeRappel("demande_asll_recue", "Demande de mesure ASLL reçue d'un autre dispositif")
ORIENTATION_ACOR_RECUE = TypeRappel("orientation_acor_recue", "Orientation reçue sur la liste d'attente ACOR")
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


def _demandes_asll_recues(jour: date, sans_rappel: SansRappel):
    """Une demande de mesure reçue d'un autre dispositif (une orientation), encore en attente : une
    fois, aux travailleurs sociaux ASLL habilités sur la commune de la personne."""
    return (
        DemandeASLL.objects.filter(
            sans_rappel(DEMANDE_ASLL_RECUE.code, OBJET_DEMANDE_ASLL.code),
            statut=StatutDemande.EN_ATTENTE,
            orientee_par__isnull=False,
            date__lte=jour,
        )
        .order_by("pk")
        .values_list("pk", "usager__commune_id", "date")
    )


def _demandes_asll_rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
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


DEMANDES_ASLL_RECUES = RegleRappel("demande_asll_recue", _demandes_asll_recues, _demandes_asll_rappels)


def _situations_en_attente(jour: date, sans_rappel: SansRappel):
    """Les deux rappels de la liste d'attente ACOR, en une requête :

    - une situation orientée par un autre dispositif : une fois, aux intervenants ACOR habilités sur
      la commune de la personne ;
    - en attente depuis plus de 60 jours (`ACOR_ATTENTE_JOURS`) : aux encadrants habilités ACOR sur la
      commune de l'usager (pas au référent : il n'y en a pas avant l'entrée).

    One statement, a `UNION ALL` of one branch per kind (as `_points_etape_dus`), read from the index
    of the situations by status and date (`situation_statut_orient_idx`)."""
    limite = jour - timedelta(days=settings.ACOR_ATTENTE_JOURS)
    objet = OBJET_SITUATION_ACOR.code
    genres = ("a_recue", "a_longue")

    def branche(genre: str, *filtres: Q):
        attente = SituationACOR.objects.filter(
            *filtres, statut=StatutSituation.EN_ATTENTE, date_orientation__lte=jour
        )
        return _par_genre(attente, genre, genres).values_list(
            "pk", "commune_actuelle_id", "date_orientation", *genres
        )

    return branche(
        "a_recue", Q(orientee_par__isnull=False), sans_rappel(ORIENTATION_ACOR_RECUE.code, objet)
    ).union(
        branche("a_longue", Q(date_orientation__lt=limite), sans_rappel(ACOR_ATTENTE_LONGUE.code, objet)),
        all=True,
    )


def _situations_rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
    objet = OBJET_SITUATION_ACOR.code
    rappels = _a_l_equipe(
        ((pk, commune, orientee) for pk, commune, orientee, a_recue, _ in lignes if a_recue),
        ACOR,
        lambda pk, recue, destinataire: Rappel(
            type=ORIENTATION_ACOR_RECUE.code,
            objet_type=objet,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Orientation reçue sur la liste d'attente ACOR",
            message=f"La situation n°{pk} a été orientée le {date_fr(recue)} par un autre dispositif.",
        ),
    )

    def fabriquer(ligne, destinataire):
        pk, _, _, orientee = ligne
        return Rappel(
            type=ACOR_ATTENTE_LONGUE.code,
            objet_type=objet,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Orientation ACOR en attente depuis plus de deux mois",
            message=f"La situation ACOR n°{pk}, orientée le {date_fr(orientee)}, attend toujours une place.",
        )

    longues = ((pk, commune, None, orientee) for pk, commune, orientee, _, a_longue in lignes if a_longue)
    return rappels + escalader(longues, ACOR, fabriquer)


SITUATIONS_ACOR_EN_ATTENTE = RegleRappel(
    "situations_acor_en_attente", _situations_en_attente, _situations_rappels
)
