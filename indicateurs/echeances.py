"""The report's deadline (art. 2.4: at the latest three months after the end of the year): from
1 February, a reminder to every administrator that the report of the past year is due by 31 March,
then one a week until the year is locked; and one when the year is locked.

Declared to the reminders' app through `config.dispositifs.declare_rappels` (from
`IndicateursConfig.ready`). A weekly reminder's object is the day it is due (AAAAMMJJ): a missed,
late or doubled scan creates each one exactly once per recipient and day (the reminders' unique
constraint drops what exists; a few administrators, so the rules return them all), and a late scan
creates only the latest week's.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from config.dispositifs import ObjetRappele, Rappel, RappelsTransverses, SansRappel, TypeRappel
from config.formats import date_fr
from indicateurs.models import AnneeVerrouillee

RAPPORT_A_RENDRE = "rapport_a_rendre"
RAPPORT_VERROUILLE = "rapport_verrouille"
OBJET_RAPPORT = "rapport_annuel"
OBJET_VERROU = "annee_verrouillee"
JOURS_APRES_VERROU = 7  # an administrator named later is not told of an old lock


def _administrateurs() -> list[int]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, is_superuser=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def jour_du_rappel(jour: date) -> date | None:
    """The due day of the latest weekly reminder up to `jour` (from 1 February), None in January."""
    debut = date(jour.year, 2, 1)
    if jour < debut:
        return None
    return debut + timedelta(days=7 * ((jour - debut).days // 7))


def rapport_a_rendre(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Le rapport de l'année écoulée est à rendre au plus tard le 31 mars : rappel aux
    administrateurs le 1er février, puis chaque semaine tant que l'année n'est pas verrouillée."""
    echeance = jour_du_rappel(jour)
    annee = jour.year - 1
    if echeance is None or AnneeVerrouillee.objects.filter(annee=annee).exists():
        return []
    objet = int(f"{echeance:%Y%m%d}")
    limite = date(jour.year, 3, 31)
    message = (
        f"Le rapport d'exécution {annee} du pacte est dû au Préfet au plus tard le {date_fr(limite)} "
        "(article 2.4 de la convention) : bilan financier, résultats et objectifs, bilan global. "
        "Verrouillez l'année une fois le rapport transmis."
    )
    if jour > limite:
        message = f"EN RETARD — {message}"
    return [
        Rappel(
            type=RAPPORT_A_RENDRE,
            objet_type=OBJET_RAPPORT,
            objet_id=objet,
            destinataire_id=admin,
            titre=f"Rapport d'exécution {annee} à transmettre",
            message=message,
        )
        for admin in _administrateurs()
    ]


def annee_verrouillee(jour: date, sans_rappel: SansRappel) -> list[Rappel]:
    """Quand une année est verrouillée (rapport transmis), les administrateurs en sont informés."""
    verrous = list(
        AnneeVerrouillee.objects.filter(
            Q(verrouillee_le__date__gte=jour - timedelta(days=JOURS_APRES_VERROU))
            & Q(verrouillee_le__date__lte=jour)
        ).values_list("pk", "annee")
    )
    if not verrous:
        return []
    return [
        Rappel(
            type=RAPPORT_VERROUILLE,
            objet_type=OBJET_VERROU,
            objet_id=pk,
            destinataire_id=admin,
            titre=f"Année {annee} verrouillée",
            message=f"L'année {annee} est verrouillée : ses extractions et son rapport ne changent plus.",
        )
        for pk, annee in verrous
        for admin in _administrateurs()
    ]


RAPPELS = RappelsTransverses(
    code="indicateurs",
    rappels=(rapport_a_rendre, annee_verrouillee),
    types_de_rappel=(
        TypeRappel(RAPPORT_A_RENDRE, "Rapport d'exécution annuel à transmettre"),
        TypeRappel(RAPPORT_VERROUILLE, "Année du rapport verrouillée"),
    ),
    objets_rappeles=(
        ObjetRappele(OBJET_RAPPORT, "Rapport d'exécution (jour du rappel)", "indicateurs-rapport"),
        ObjetRappele(OBJET_VERROU, "Année verrouillée", "indicateurs-rapport"),
    ),
)
