"""Demo records of actions 2.1 and 2.2 (`manage.py charger_demo`), every path exercised:

- this year: ASLL measures (one with late checkpoints, twelve in Dijon for the dashboard, meetings
  between checkpoints, one checkpoint not held), the year's ACOR capacity, two admissions in progress,
  an admission already ended, a referral closed « sans suite » and a referral waiting;
- 2020, on fixed dates (the pacte's first year, its report): fourteen measures in Dijon carried by the
  directory's operator — eleven reinforced under the pacte, three ordinary — with their meetings, their
  checkpoints (some not held) and every outcome of the « bilan des suites »; the ACOR places of the
  summer and the few more from September, admissions and exits of every kind.

Idempotent: each record is made once, through the services (their rules apply)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from logement.models import (
    CapaciteACOR,
    FinancementMesure,
    IssueMesure,
    MesureASLL,
    MotifSortie,
    Orientation,
    SituationACOR,
    TypeRencontre,
)
from logement.services import (
    mesure_cloturer,
    mesure_creer,
    point_etape_non_tenu,
    point_etape_realiser,
    rencontre_creer,
    situation_acor_cloturer,
    situation_acor_orienter,
    situation_acor_prendre_en_charge,
)
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from usagers.models import Usager

# As `charger_demo` writes the addresses of its persons of 2020 and of the other communes.
ADRESSE_2020 = "rue de la Solidarité, Dijon"
ADRESSE_COMMUNES = "résidence Les Tilleuls"

# Every outcome of the « bilan des suites », orientations to each answer included.
ISSUES_2020 = [
    (IssueMesure.OBJECTIFS_ATTEINTS, ""),
    (IssueMesure.OBJECTIFS_PARTIELLEMENT_ATTEINTS, ""),
    (IssueMesure.NON_COLLABORATION, ""),
    (IssueMesure.ORIENTATION, Orientation.ACOR),
    (IssueMesure.ORIENTATION, Orientation.EMAS),
    (IssueMesure.ORIENTATION, Orientation.MESURE_BUDGETAIRE),
    (IssueMesure.ORIENTATION, Orientation.AUTRE),
    (IssueMesure.DEMENAGEMENT, ""),
    (IssueMesure.AUTRE, ""),
    (IssueMesure.OBJECTIFS_ATTEINTS, ""),
    (IssueMesure.OBJECTIFS_ATTEINTS, ""),
    (IssueMesure.OBJECTIFS_PARTIELLEMENT_ATTEINTS, ""),
    (IssueMesure.ORIENTATION, Orientation.MESURE_BUDGETAIRE),
    (IssueMesure.OBJECTIFS_ATTEINTS, ""),
]
SORTIES_2020 = [
    MotifSortie.OBJECTIFS_ATTEINTS,
    MotifSortie.RELAIS_DROIT_COMMUN,
    MotifSortie.NON_ADHESION,
    MotifSortie.DEMENAGEMENT,
    MotifSortie.HOSPITALISATION,
    MotifSortie.AUTRE,
]
TYPES_DE_RENCONTRE = list(TypeRencontre.values)


def charger(*, par_role: dict) -> None:
    travailleur, intervenant = par_role["asll"], par_role["acor"]
    operateur = Partenaire.objects.filter(type=TypePartenaire.OPERATEUR, actif=True).order_by("pk").first()
    _cette_annee(travailleur, intervenant, operateur)
    _annee_2020(travailleur, intervenant, operateur)


def _cette_annee(travailleur, intervenant, operateur) -> None:
    aujourd_hui = timezone.localdate()
    bernard = Usager.objects.get(nom="BERNARD", prenom="Karim")
    if not MesureASLL.objects.filter(usager=bernard).exists():
        mesure_creer(
            par=travailleur,
            usager=bernard,
            type="maintien",
            date_debut=aujourd_hui - timedelta(days=150),
            duree_mois=12,
            objectifs=["budget", "relation_bailleur"],
            operateur=operateur,
        )
    dubois = Usager.objects.get(nom="DUBOIS", prenom="Luc")
    if not MesureASLL.objects.filter(usager=dubois).exists():
        # A second small cell (Longvic beside Chenôve): the secondary suppression then spares Dijon's.
        mesure_creer(
            par=travailleur,
            usager=dubois,
            type="maintien",
            date_debut=aujourd_hui - timedelta(days=15),
            duree_mois=6,
            objectifs=["budget"],
            operateur=operateur,
        )
    personnes = list(Usager.objects.filter(commune_id="21231", adresse="").order_by("pk")[:14])
    for i, usager in enumerate(personnes[:12]):
        if not MesureASLL.objects.filter(usager=usager).exists():
            debut = aujourd_hui - timedelta(days=20 + i)
            mesure = mesure_creer(
                par=travailleur,
                usager=usager,
                type="acces" if i % 2 else "maintien",
                date_debut=debut,
                duree_mois=6,
                objectifs=["budget"],
                operateur=operateur,
                financement=FinancementMesure.DROIT_COMMUN if i % 5 == 4 else FinancementMesure.PACTE,
            )
            rencontre_creer(
                mesure=mesure, date=debut + timedelta(days=7), type=TYPES_DE_RENCONTRE[i % 4], par=travailleur
            )
    # Outside Dijon, small cells whose sum passes the threshold: the secondary suppression spares Dijon's.
    for i, usager in enumerate(Usager.objects.filter(adresse__endswith=ADRESSE_COMMUNES).order_by("pk")):
        if not MesureASLL.objects.filter(usager=usager).exists():
            mesure_creer(
                par=travailleur,
                usager=usager,
                type="maintien" if i % 3 else "acces",
                date_debut=aujourd_hui - timedelta(days=40 + 2 * i),
                duree_mois=6,
                objectifs=["budget", "droits"],
                operateur=operateur,
                financement=FinancementMesure.DROIT_COMMUN if i % 4 == 1 else FinancementMesure.PACTE,
            )
    annee = aujourd_hui.year
    if not CapaciteACOR.objects.filter(date_debut=date(annee, 1, 1)).exists():
        CapaciteACOR.objects.create(
            date_debut=date(annee, 1, 1), date_fin=date(annee, 12, 31), places=8, commentaire="Démonstration"
        )
    for usager in personnes[12:14]:
        if not SituationACOR.objects.filter(usager=usager).exists():
            situation = situation_acor_orienter(
                par=intervenant,
                usager=usager,
                date_orientation=aujourd_hui - timedelta(days=40),
                difficultes=["sociale", "isolement"],
            )
            situation_acor_prendre_en_charge(
                situation=situation, date_entree=aujourd_hui - timedelta(days=20), par=intervenant
            )
    if personnes[12:13] and not MesureASLL.objects.filter(usager=personnes[12]).exists():
        # Checkpoints held, then one that did not take place (the person was away), between meetings.
        debut = aujourd_hui - timedelta(days=130)
        mesure = mesure_creer(
            par=travailleur,
            usager=personnes[12],
            type="acces",
            date_debut=debut,
            duree_mois=12,
            objectifs=["budget", "recherche_logement"],
            operateur=operateur,
        )
        for k in range(1, 4):
            jour = debut + timedelta(days=30 * k)
            if jour < aujourd_hui:
                rencontre_creer(mesure=mesure, date=jour, type=TYPES_DE_RENCONTRE[k % 4], par=travailleur)
        for point in mesure.points_etape.filter(date_prevue__lt=aujourd_hui).order_by("rang"):
            if point.rang == 1:
                point_etape_realiser(point=point, date_realisee=point.date_prevue, par=travailleur)
            else:
                point_etape_non_tenu(
                    point=point,
                    date_non_tenu=min(point.date_prevue + timedelta(days=3), aujourd_hui),
                    raison="Personne absente au rendez-vous, relancée par courrier.",
                    par=travailleur,
                )
    if not SituationACOR.objects.filter(usager=dubois).exists():
        situation_acor_orienter(
            par=intervenant,
            usager=dubois,
            date_orientation=aujourd_hui - timedelta(days=10),
            difficultes=["isolement", "impayes_loyer"],
        )
    personnes_2020 = list(Usager.objects.filter(adresse__endswith=ADRESSE_2020).order_by("pk"))
    if len(personnes_2020) >= 8:
        # This year's capacity also saw an admission ended before today, and a referral with no follow-up.
        _sortie_de_l_annee(personnes_2020[6], intervenant, aujourd_hui)
        _sans_suite_de_l_annee(personnes_2020[7], intervenant, aujourd_hui)


def _sortie_de_l_annee(usager, intervenant, aujourd_hui) -> None:
    entree = aujourd_hui - timedelta(days=60)
    if entree.year != aujourd_hui.year:  # before this year's capacity
        return
    if SituationACOR.objects.filter(usager=usager).exclude(date_orientation__year=2020).exists():
        return
    situation = situation_acor_orienter(
        par=intervenant,
        usager=usager,
        date_orientation=entree - timedelta(days=10),
        difficultes=["medico_sociale", "isolement"],
    )
    situation = situation_acor_prendre_en_charge(situation=situation, date_entree=entree, par=intervenant)
    situation_acor_cloturer(
        situation=situation,
        date_sortie=aujourd_hui - timedelta(days=5),
        motif_sortie=MotifSortie.RELAIS_DROIT_COMMUN,
        par=intervenant,
    )


def _sans_suite_de_l_annee(usager, intervenant, aujourd_hui) -> None:
    if SituationACOR.objects.filter(usager=usager).exclude(date_orientation__year=2020).exists():
        return
    situation = situation_acor_orienter(
        par=intervenant,
        usager=usager,
        date_orientation=aujourd_hui - timedelta(days=45),
        difficultes=["incurie"],
    )
    situation_acor_cloturer(
        situation=situation,
        date_sortie=aujourd_hui - timedelta(days=15),
        motif_sortie=MotifSortie.SANS_SUITE,
        par=intervenant,
    )


def _annee_2020(travailleur, intervenant, operateur) -> None:
    personnes = list(Usager.objects.filter(adresse__endswith=ADRESSE_2020).order_by("pk"))
    for i, usager in enumerate(personnes):
        if MesureASLL.objects.filter(usager=usager, date_debut__year=2020).exists():
            continue
        _mesure_2020(i, usager, travailleur, operateur)
    # ACOR: a few places for the summer, a few more from September 2020 (fiche 2.2).
    for debut, fin, places in (
        (date(2020, 6, 1), date(2020, 8, 31), 6),
        (date(2020, 9, 1), date(2020, 12, 31), 9),
    ):
        CapaciteACOR.objects.get_or_create(
            date_debut=debut,
            defaults={"date_fin": fin, "places": places, "commentaire": "Démonstration 2020"},
        )
    for i, usager in enumerate(personnes[: len(SORTIES_2020)]):
        if SituationACOR.objects.filter(usager=usager, date_orientation__year=2020).exists():
            continue
        situation = situation_acor_orienter(
            par=intervenant,
            usager=usager,
            date_orientation=date(2020, 6, 15) + timedelta(days=20 * i),
            difficultes=["sociale", "impayes_loyer"] if i % 2 else ["isolement"],
        )
        entree = situation.date_orientation + timedelta(days=12)
        situation = situation_acor_prendre_en_charge(situation=situation, date_entree=entree, par=intervenant)
        situation_acor_cloturer(
            situation=situation,
            date_sortie=entree + relativedelta(months=4 + i),
            motif_sortie=SORTIES_2020[i],
            par=intervenant,
        )


def _mesure_2020(i: int, usager: Usager, travailleur, operateur) -> None:
    """A measure of the pacte's first year: started from June 2020, met monthly (reinforced) or every
    other month (ordinary), its checkpoints held — one in three of the second ones not held — and closed
    in 2021 with its outcome."""
    ordinaire = i % 4 == 3
    debut = date(2020, 6, 1) + timedelta(days=7 * i)
    mesure = mesure_creer(
        par=travailleur,
        usager=usager,
        type="maintien" if i % 3 else "acces",
        date_debut=debut,
        duree_mois=12,
        objectifs=["budget", "relation_bailleur"] if i % 2 else ["budget"],
        nb_adultes=1 + i % 2,
        nb_enfants=i % 3,
        operateur=operateur,
        financement=FinancementMesure.DROIT_COMMUN if ordinaire else FinancementMesure.PACTE,
        prescripteur="ccas" if i % 2 else "service_social",
    )
    fin = debut + relativedelta(months=9 + i % 3)
    pas = 2 if ordinaire else 1
    for k in range(1, 13, pas):
        jour = debut + relativedelta(months=k - 1) + timedelta(days=14)
        if jour <= fin:
            rencontre_creer(mesure=mesure, date=jour, type=TYPES_DE_RENCONTRE[(i + k) % 4], par=travailleur)
    for point in mesure.points_etape.filter(date_prevue__lte=fin).order_by("rang"):
        if point.rang == 2 and i % 3 == 0:
            point_etape_non_tenu(
                point=point,
                date_non_tenu=point.date_prevue + timedelta(days=5),
                raison="Rendez-vous manqué.",
                par=travailleur,
            )
        else:
            point_etape_realiser(
                point=point, date_realisee=point.date_prevue + timedelta(days=i % 4), par=travailleur
            )
    issue, orientation = ISSUES_2020[i % len(ISSUES_2020)]
    mesure_cloturer(
        mesure=mesure,
        date_fin=fin + timedelta(days=3),
        issue=issue,
        orientation=orientation or None,
        par=travailleur,
    )
