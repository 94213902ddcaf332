"""The rules of the daily scan: what is due on a given day, for whom. Reads only.

Each rule is a function `regle(jour) -> list[Rappel]` answering in a fixed number of SQL
queries whatever the number of measures (one for the records, one for the supervisors when the
rule escalates). A rule states what is due *up to* `jour` and not only *on* `jour`: a missed,
late or doubled run is harmless, the unique constraint of `Notification` drops what exists.

A rule returns only what does not exist yet: its query leaves out, in SQL (`NOT EXISTS` on the
constraint's index), the records already reminded, so the daily re-run reads what is due and builds
nothing it has built before (docs/PERFORMANCE.md, figure 7). A reminder to the référent is left
out per référent (a new référent is reminded); an escalation is sent **once per record**, to the
référent and the supervisors of that day: a supervisor granted later gets no backlog of past
escalations (she sees late files in her dashboard).

The EMAS rule (`emas_sans_intervention`) reaches the team members only, and says no name.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from communes.models import CommuneGroupObjectPermission, CommuneUserObjectPermission, Dispositif
from comptes.models import User
from comptes.roles import Role
from emas.models import Intervention, SuiviEMAS
from emas.validators import StatutSuivi
from logement.models import MesureASLL, PointEtape, SituationACOR, StatutMesure, StatutSituation
from notifications.models import Notification, TypeNotification, TypeObjet


@dataclass(frozen=True)
class Rappel:
    """One reminder to create: never a name, never free text — a number, a date and a link."""

    type: str
    objet_type: str
    objet_id: int
    destinataire_id: int
    titre: str
    message: str


def _fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")


def _jours(nom: str) -> int:
    return int(getattr(settings, nom))


def comptes_par_commune(dispositif: Dispositif, role: Role) -> dict[str, set[int]]:
    """{code INSEE: ids of the active members of `role` granted `dispositif` there}.

    One SQL query (a UNION of the direct grants and the grants through a group), whatever the
    number of records: a rule joins it in Python on the usager's commune.
    """
    membres = User.objects.filter(groups__name=role.value, is_active=True).values("pk")
    codename = Q(permission__codename=dispositif.codename, permission__content_type__app_label="communes")
    directs = CommuneUserObjectPermission.objects.filter(codename, user__in=membres).values_list(
        "content_object_id", "user_id"
    )
    par_groupe = CommuneGroupObjectPermission.objects.filter(codename, group__user__in=membres).values_list(
        "content_object_id", "group__user__id"
    )
    resultat: dict[str, set[int]] = defaultdict(set)
    for commune_id, user_id in directs.union(par_groupe):
        resultat[commune_id].add(user_id)
    return resultat


def encadrants_par_commune(dispositif: Dispositif) -> dict[str, set[int]]:
    """The supervisors (`encadrant`) granted `dispositif`, per commune (escalations)."""
    return comptes_par_commune(dispositif, Role.ENCADRANT)


def _sans_rappel(type: str, objet_type: str, destinataire: str | None = None) -> Q:
    """`NOT EXISTS` a reminder of `type` about the row: to the row's `destinataire` (a path to an
    account id) when given, to anyone otherwise (escalations: once per record)."""
    existants = Notification.objects.filter(objet_type=objet_type, objet_id=OuterRef("pk"), type=type)
    if destinataire is not None:
        existants = existants.filter(destinataire_id=OuterRef(destinataire))
    return ~Q(Exists(existants))


def _points_ouverts():
    """Checkpoints owed: not held, not cancelled, of a running measure (suspended or ended: none owed)."""
    return PointEtape.objects.filter(
        date_realisee__isnull=True, annule=False, mesure__statut=StatutMesure.EN_COURS
    ).values_list(
        "pk", "rang", "date_prevue", "mesure_id", "mesure__referent_id", "mesure__referent__is_active"
    )


def point_etape_proche(jour: date) -> list[Rappel]:
    """À J-7 (réglage `RAPPEL_POINT_ETAPE_JOURS_AVANT`) d'un point d'étape dû : rappel au référent."""
    horizon = jour + timedelta(days=_jours("RAPPEL_POINT_ETAPE_JOURS_AVANT"))
    return [
        Rappel(
            type=TypeNotification.POINT_ETAPE_PROCHE,
            objet_type=TypeObjet.POINT_ETAPE,
            objet_id=pk,
            destinataire_id=referent_id,
            titre=f"Point d'étape à tenir le {_fr(prevue)}",
            message=f"Point d'étape n°{rang} de la mesure ASLL n°{mesure_id}, prévu le {_fr(prevue)}.",
        )
        for pk, rang, prevue, mesure_id, referent_id, actif in _points_ouverts().filter(
            _sans_rappel(TypeNotification.POINT_ETAPE_PROCHE, TypeObjet.POINT_ETAPE, "mesure__referent_id"),
            date_prevue__gte=jour,
            date_prevue__lte=horizon,
        )
        if actif
    ]


def point_etape_en_retard(jour: date) -> list[Rappel]:
    """Le lendemain de la date prévue d'un point d'étape ni tenu ni annulé : rappel au référent."""
    return [
        Rappel(
            type=TypeNotification.POINT_ETAPE_EN_RETARD,
            objet_type=TypeObjet.POINT_ETAPE,
            objet_id=pk,
            destinataire_id=referent_id,
            titre="Point d'étape en retard",
            message=(
                f"Le point d'étape n°{rang} de la mesure ASLL n°{mesure_id} était prévu le "
                f"{_fr(prevue)} et n'est pas saisi."
            ),
        )
        for pk, rang, prevue, mesure_id, referent_id, actif in _points_ouverts().filter(
            _sans_rappel(
                TypeNotification.POINT_ETAPE_EN_RETARD, TypeObjet.POINT_ETAPE, "mesure__referent_id"
            ),
            date_prevue__lt=jour,
        )
        if actif
    ]


def _escalader(lignes: Iterable[tuple], dispositif: Dispositif, fabriquer: Callable) -> list[Rappel]:
    """`lignes`: (objet_id, commune de l'usager, référent ou None, …). One reminder to the référent and
    to each supervisor granted on the commune, each person once. No row (the daily re-run, where
    everything is reminded already): no query for the supervisors."""
    lignes = list(lignes)
    if not lignes:
        return []
    encadrants = encadrants_par_commune(dispositif)
    rappels = []
    for ligne in lignes:
        objet_id, commune_id, referent_id = ligne[:3]
        destinataires = set(encadrants.get(commune_id, ()))
        if referent_id is not None:
            destinataires.add(referent_id)
        rappels.extend(fabriquer(ligne, destinataire) for destinataire in sorted(destinataires))
    return rappels


def point_etape_escalade(jour: date) -> list[Rappel]:
    """Un point d'étape en retard depuis 7 jours (`ESCALADE_POINT_ETAPE_JOURS`) : au référent et aux
    encadrants habilités ASLL sur la commune où réside l'usager."""
    limite = jour - timedelta(days=_jours("ESCALADE_POINT_ETAPE_JOURS"))
    lignes = (
        _points_ouverts()
        .filter(
            _sans_rappel(TypeNotification.POINT_ETAPE_ESCALADE, TypeObjet.POINT_ETAPE),
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
            type=TypeNotification.POINT_ETAPE_ESCALADE,
            objet_type=TypeObjet.POINT_ETAPE,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Point d'étape en retard depuis plus d'une semaine",
            message=(
                f"Le point d'étape n°{rang} de la mesure ASLL n°{mesure_id}, prévu le {_fr(prevue)}, "
                "n'est toujours pas saisi."
            ),
        )

    return _escalader(_sans_inactifs(lignes), Dispositif.ASLL, fabriquer)


def _mesures_echues(jour: date):
    """Running measures whose planned end has passed: neither closed nor renewed (a suspended one waits)."""
    return MesureASLL.objects.filter(statut=StatutMesure.EN_COURS, date_fin_prevue__lt=jour)


def mesure_echue(jour: date) -> list[Rappel]:
    """Le lendemain de sa fin prévue, une mesure ni clôturée ni renouvelée : rappel au référent."""
    return [
        Rappel(
            type=TypeNotification.MESURE_ECHUE,
            objet_type=TypeObjet.MESURE_ASLL,
            objet_id=pk,
            destinataire_id=referent_id,
            titre="Mesure ASLL échue à clôturer ou renouveler",
            message=f"La mesure ASLL n°{pk} devait finir le {_fr(fin)} : clôturez-la ou renouvelez-la.",
        )
        for pk, fin, referent_id, actif in _mesures_echues(jour)
        .filter(_sans_rappel(TypeNotification.MESURE_ECHUE, TypeObjet.MESURE_ASLL, "referent_id"))
        .values_list("pk", "date_fin_prevue", "referent_id", "referent__is_active")
        if actif
    ]


def mesure_echue_escalade(jour: date) -> list[Rappel]:
    """Échue depuis 15 jours (`ESCALADE_MESURE_ECHUE_JOURS`) : au référent et aux encadrants habilités
    ASLL sur la commune de l'usager. Un type à part (`mesure_echue_escalade`), pour que le référent
    reçoive le rappel puis l'escalade sur la même mesure."""
    limite = jour - timedelta(days=_jours("ESCALADE_MESURE_ECHUE_JOURS"))
    lignes = (
        _mesures_echues(jour)
        .filter(
            _sans_rappel(TypeNotification.MESURE_ECHUE_ESCALADE, TypeObjet.MESURE_ASLL),
            date_fin_prevue__lte=limite,
        )
        .values_list("pk", "commune_actuelle_id", "referent_id", "referent__is_active", "date_fin_prevue")
    )

    def fabriquer(ligne, destinataire):
        pk, _, _, fin = ligne
        return Rappel(
            type=TypeNotification.MESURE_ECHUE_ESCALADE,
            objet_type=TypeObjet.MESURE_ASLL,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Mesure ASLL échue depuis plus de deux semaines",
            message=f"La mesure ASLL n°{pk}, à échéance le {_fr(fin)}, n'est ni clôturée ni renouvelée.",
        )

    return _escalader(_sans_inactifs(lignes), Dispositif.ASLL, fabriquer)


def acor_attente_longue(jour: date) -> list[Rappel]:
    """Une orientation ACOR en attente depuis plus de 60 jours (`ACOR_ATTENTE_JOURS`) : aux encadrants
    habilités ACOR sur la commune de l'usager (pas au référent : il n'y en a pas avant l'entrée)."""
    limite = jour - timedelta(days=_jours("ACOR_ATTENTE_JOURS"))
    lignes = SituationACOR.objects.filter(
        _sans_rappel(TypeNotification.ACOR_ATTENTE_LONGUE, TypeObjet.SITUATION_ACOR),
        statut=StatutSituation.EN_ATTENTE,
        date_orientation__lt=limite,
    ).values_list("pk", "commune_actuelle_id", "date_orientation")

    def fabriquer(ligne, destinataire):
        pk, _, _, orientee = ligne
        return Rappel(
            type=TypeNotification.ACOR_ATTENTE_LONGUE,
            objet_type=TypeObjet.SITUATION_ACOR,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Orientation ACOR en attente depuis plus de deux mois",
            message=f"La situation ACOR n°{pk}, orientée le {_fr(orientee)}, attend toujours une place.",
        )

    return _escalader(
        ((pk, commune, None, orientee) for pk, commune, orientee in lignes), Dispositif.ACOR, fabriquer
    )


def _sans_inactifs(lignes):
    """(pk, commune, référent, référent actif, …) → (pk, commune, référent or None, …)."""
    for pk, commune, referent_id, actif, *reste in lignes:
        yield (pk, commune, referent_id if actif else None, *reste)


def emas_sans_intervention(jour: date) -> list[Rappel]:
    """Un suivi EMAS en cours sans intervention depuis 30 jours (`EMAS_SANS_INTERVENTION_JOURS`,
    depuis son ouverture s'il n'en a aucune) : aux membres de l'équipe qui y ont travaillé (référent,
    intervenants) et qui détiennent toujours l'habilitation EMAS sur la commune de la personne —
    jamais à quelqu'un hors de l'équipe. Ni nom, ni contenu : un numéro et une date."""
    limite = jour - timedelta(days=_jours("EMAS_SANS_INTERVENTION_JOURS"))
    suivis = list(
        SuiviEMAS.objects.filter(
            _sans_rappel(TypeNotification.EMAS_SANS_INTERVENTION, TypeObjet.SUIVI_EMAS),
            statut=StatutSuivi.EN_COURS,
        )
        .annotate(derniere=Coalesce(Max("interventions__date"), F("date_debut")))
        .filter(derniere__lt=limite)
        .values_list("pk", "usager__commune_id", "referent_id", "derniere")
    )
    if not suivis:
        return []
    intervenants: dict[int, set[int]] = defaultdict(set)
    for suivi_id, user_id in Intervention.intervenants.through.objects.filter(
        intervention__suivi_id__in=[pk for pk, *_ in suivis]
    ).values_list("intervention__suivi_id", "user_id"):
        intervenants[suivi_id].add(user_id)
    equipe = comptes_par_commune(Dispositif.EMAS, Role.EMAS)
    rappels = []
    for pk, commune, referent_id, derniere in suivis:
        for destinataire in sorted(({referent_id} | intervenants[pk]) & equipe.get(commune, set())):
            rappels.append(
                Rappel(
                    type=TypeNotification.EMAS_SANS_INTERVENTION,
                    objet_type=TypeObjet.SUIVI_EMAS,
                    objet_id=pk,
                    destinataire_id=destinataire,
                    titre="Suivi EMAS sans intervention depuis 30 jours",
                    message=f"Le suivi EMAS n°{pk} n'a pas eu d'intervention depuis le {_fr(derniere)}.",
                )
            )
    return rappels


# The daily scan runs these in order, each committed on its own.
REGLES: tuple[Callable[[date], list[Rappel]], ...] = (
    point_etape_proche,
    point_etape_en_retard,
    point_etape_escalade,
    mesure_echue,
    mesure_echue_escalade,
    acor_attente_longue,
    emas_sans_intervention,
)
