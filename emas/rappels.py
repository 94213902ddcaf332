"""The reminder rule of action 2.3 (`config.dispositifs.RegleRappel`), declared by `emas.dispositif`:
it reaches the team members only, and says no name."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from communes.habilitations import comptes_par_commune
from config.dispositifs import ObjetRappele, Rappel, RegleRappel, SansRappel, TypeRappel
from config.formats import date_fr
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.validators import EMAS, Decision, StatutSuivi

EMAS_SANS_INTERVENTION = TypeRappel("emas_sans_intervention", "Suivi EMAS sans intervention récente")
OBJET_SUIVI_EMAS = ObjetRappele("suivi_emas", "Suivi EMAS", "emas-suivi-detail")


def _suivis_sans_intervention(jour: date, sans_rappel: SansRappel):
    """Un suivi EMAS en cours sans intervention depuis 30 jours (`EMAS_SANS_INTERVENTION_JOURS`,
    depuis son ouverture s'il n'en a aucune) : aux membres de l'équipe qui y ont travaillé (référent,
    intervenants) et qui détiennent toujours l'habilitation EMAS sur la commune de la personne —
    jamais à quelqu'un hors de l'équipe. Ni nom, ni contenu : un numéro et une date."""
    limite = jour - timedelta(days=settings.EMAS_SANS_INTERVENTION_JOURS)
    # « No intervention since `limite` » as an anti-join on the interventions' (suivi, date) index
    # rather than a GROUP BY of every running follow-up's interventions; the last date is read for the
    # rows due only. Same rows as Coalesce(Max(date), date_debut) < limite.
    interventions = Intervention.objects.filter(suivi_id=OuterRef("pk"))
    derniere = interventions.order_by("-date").values("date")[:1]
    return (
        SuiviEMAS.objects.filter(
            sans_rappel(EMAS_SANS_INTERVENTION.code, OBJET_SUIVI_EMAS.code),
            ~Exists(interventions.filter(date__gte=limite)),
            Q(date_debut__lt=limite) | Exists(interventions),
            statut=StatutSuivi.EN_COURS,
        )
        .annotate(derniere=Coalesce(Subquery(derniere), F("date_debut")))
        .order_by("pk")
        .values_list("pk", "usager__commune_id", "referent_id", "derniere")
    )


def _suivis_rappels(jour: date, suivis: list[tuple]) -> list[Rappel]:
    intervenants: dict[int, set[int]] = defaultdict(set)
    for suivi_id, user_id in Intervention.intervenants.through.objects.filter(
        intervention__suivi_id__in=[pk for pk, *_ in suivis]
    ).values_list("intervention__suivi_id", "user_id"):
        intervenants[suivi_id].add(user_id)
    equipe = comptes_par_commune(EMAS)
    rappels = []
    for pk, commune, referent_id, derniere in suivis:
        for destinataire in sorted(({referent_id} | intervenants[pk]) & equipe.get(commune, set())):
            rappels.append(
                Rappel(
                    type=EMAS_SANS_INTERVENTION.code,
                    objet_type=OBJET_SUIVI_EMAS.code,
                    objet_id=pk,
                    destinataire_id=destinataire,
                    titre="Suivi EMAS sans intervention depuis 30 jours",
                    message=f"Le suivi EMAS n°{pk} n'a pas eu d'intervention depuis le {date_fr(derniere)}.",
                )
            )
    return rappels


EMAS_SANS_INTERVENTION_REGLE = RegleRappel(
    "emas_sans_intervention", _suivis_sans_intervention, _suivis_rappels
)


ORIENTATION_EMAS_RECUE = TypeRappel("orientation_emas_recue", "Signalement reçu d'un autre dispositif")
OBJET_SIGNALEMENT = ObjetRappele("signalement_emas", "Signalement EMAS", "emas-signalement-detail")


def _signalements_recus(jour: date, sans_rappel: SansRappel):
    """Un signalement reçu d'un autre dispositif (une orientation), encore en attente de décision :
    une fois, aux membres de l'équipe habilités sur la commune de la personne — jamais à quelqu'un
    hors de l'équipe, ni à l'agent qui a orienté. Ni nom, ni contenu : un numéro et une date."""
    return (
        Signalement.objects.filter(
            sans_rappel(ORIENTATION_EMAS_RECUE.code, OBJET_SIGNALEMENT.code),
            decision=Decision.EN_ATTENTE,
            orientee_par__isnull=False,
            date__lte=jour,
        )
        .order_by("pk")
        .values_list("pk", "usager__commune_id", "date")
    )


def _signalements_rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
    equipe = comptes_par_commune(EMAS)
    return [
        Rappel(
            type=ORIENTATION_EMAS_RECUE.code,
            objet_type=OBJET_SIGNALEMENT.code,
            objet_id=pk,
            destinataire_id=destinataire,
            titre="Signalement reçu d'un autre dispositif",
            message=f"Le signalement n°{pk}, reçu le {date_fr(recu)}, attend la décision de l'équipe.",
        )
        for pk, commune, recu in lignes
        for destinataire in sorted(equipe.get(commune, ()))
    ]


ORIENTATIONS_EMAS_RECUES = RegleRappel("orientation_emas_recue", _signalements_recus, _signalements_rappels)
