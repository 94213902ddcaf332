"""The report's deadline (art. 2.4: at the latest three months after the end of the year): from
1 February, a reminder to every administrator that the report of the past year is due by 31 March,
then one a week until the year is locked; and one when the year is locked.

Declared to the reminders' app through `config.dispositifs.declare_rappels` (from
`IndicateursConfig.ready`). A weekly reminder's object is the day it is due (AAAAMMJJ): a missed,
late or doubled scan creates each one exactly once per recipient and day (the reminders' unique
constraint drops what exists; the weekly rule leaves out, in SQL, the administrators already
reminded of that day's), and a late scan creates only the latest week's.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, Q

from config.dispositifs import ObjetRappele, Rappel, RappelsTransverses, RegleRappel, SansRappel, TypeRappel
from config.formats import date_fr
from indicateurs.models import AnneeVerrouillee

RAPPORT_A_RENDRE = "rapport_a_rendre"
RAPPORT_VERROUILLE = "rapport_verrouille"
OBJET_RAPPORT = "rapport_annuel"
OBJET_VERROU = "annee_verrouillee"
JOURS_APRES_VERROU = 7  # an administrator named later is not told of an old lock


def _administrateurs(sauf_annee_verrouillee: int | None = None, sans_rappel: Q | None = None):
    """The active administrators (none when `sauf_annee_verrouillee` is locked; only those `sans_rappel`
    leaves, when given), as a query of their ids."""
    comptes = get_user_model().objects.filter(is_active=True, is_superuser=True)
    if sauf_annee_verrouillee is not None:
        comptes = comptes.filter(~Exists(AnneeVerrouillee.objects.filter(annee=sauf_annee_verrouillee)))
    if sans_rappel is not None:
        comptes = comptes.filter(sans_rappel)
    return comptes.order_by("pk").values_list("pk")


def jour_du_rappel(jour: date) -> date | None:
    """The due day of the latest weekly reminder up to `jour` (from 1 February), None in January."""
    debut = date(jour.year, 2, 1)
    if jour < debut:
        return None
    return debut + timedelta(days=7 * ((jour - debut).days // 7))


def _administrateurs_a_prevenir(jour: date, sans_rappel: SansRappel):
    """Le rapport de l'année écoulée est à rendre au plus tard le 31 mars : rappel aux
    administrateurs le 1er février, puis chaque semaine tant que l'année n'est pas verrouillée."""
    echeance = jour_du_rappel(jour)
    if echeance is None:
        return None
    non_remis = sans_rappel(RAPPORT_A_RENDRE, OBJET_RAPPORT, "pk", int(f"{echeance:%Y%m%d}"))
    return _administrateurs(sauf_annee_verrouillee=jour.year - 1, sans_rappel=non_remis)


def _rapport_rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
    annee = jour.year - 1
    objet = int(f"{jour_du_rappel(jour):%Y%m%d}")
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
        for (admin,) in lignes
    ]


# Its object is the day of the weekly reminder, not a date at a fixed distance of `jour`: not shifted.
RAPPORT_A_RENDRE_REGLE = RegleRappel(
    "rapport_a_rendre", _administrateurs_a_prevenir, _rapport_rappels, decalable=False
)


def _annees_verrouillees(jour: date, sans_rappel: SansRappel):
    """Quand une année est verrouillée (rapport transmis), les administrateurs en sont informés."""
    return AnneeVerrouillee.objects.filter(
        Q(verrouillee_le__date__gte=jour - timedelta(days=JOURS_APRES_VERROU))
        & Q(verrouillee_le__date__lte=jour)
    ).values_list("pk", "annee")


def _verrou_rappels(jour: date, verrous: list[tuple]) -> list[Rappel]:
    administrateurs = [admin for (admin,) in _administrateurs()]
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
        for admin in administrateurs
    ]


ANNEE_VERROUILLEE_REGLE = RegleRappel("annee_verrouillee", _annees_verrouillees, _verrou_rappels)


RAPPELS = RappelsTransverses(
    code="indicateurs",
    rappels=(RAPPORT_A_RENDRE_REGLE, ANNEE_VERROUILLEE_REGLE),
    types_de_rappel=(
        TypeRappel(RAPPORT_A_RENDRE, "Rapport d'exécution annuel à transmettre"),
        TypeRappel(RAPPORT_VERROUILLE, "Année du rapport verrouillée"),
    ),
    objets_rappeles=(
        ObjetRappele(OBJET_RAPPORT, "Rapport d'exécution (jour du rappel)", "indicateurs-rapport"),
        ObjetRappele(OBJET_VERROU, "Année verrouillée", "indicateurs-rapport"),
    ),
)
