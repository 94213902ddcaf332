"""Demo records of actions 2.1 and 2.2 (`manage.py charger_demo`): ASLL measures (one with late
checkpoints, twelve in Dijon for the dashboard), the year's ACOR capacity, admissions and a referral
waiting."""

from datetime import date, timedelta

from django.utils import timezone

from logement.models import CapaciteACOR, MesureASLL, SituationACOR
from logement.services import mesure_creer, situation_acor_orienter, situation_acor_prendre_en_charge
from usagers.models import Usager


def charger(*, par_role: dict) -> None:
    aujourd_hui = timezone.localdate()
    bernard = Usager.objects.get(nom="BERNARD", prenom="Karim")
    if not MesureASLL.objects.filter(usager=bernard).exists():
        mesure_creer(
            par=par_role["asll"],
            usager=bernard,
            type="maintien",
            date_debut=aujourd_hui - timedelta(days=150),
            duree_mois=12,
            objectifs=["budget", "relation_bailleur"],
        )
    dubois = Usager.objects.get(nom="DUBOIS", prenom="Luc")
    if not MesureASLL.objects.filter(usager=dubois).exists():
        # A second small cell (Longvic beside Chenôve): the secondary suppression then spares Dijon's.
        mesure_creer(
            par=par_role["asll"],
            usager=dubois,
            type="maintien",
            date_debut=aujourd_hui - timedelta(days=15),
            duree_mois=6,
            objectifs=["budget"],
        )
    personnes = list(Usager.objects.filter(commune_id="21231", adresse="").order_by("pk")[:14])
    for i, usager in enumerate(personnes[:12]):
        if not MesureASLL.objects.filter(usager=usager).exists():
            mesure_creer(
                par=par_role["asll"],
                usager=usager,
                type="acces" if i % 2 else "maintien",
                date_debut=aujourd_hui - timedelta(days=20 + i),
                duree_mois=6,
                objectifs=["budget"],
            )
    annee = aujourd_hui.year
    if not CapaciteACOR.objects.exists():
        CapaciteACOR.objects.create(
            date_debut=date(annee, 1, 1), date_fin=date(annee, 12, 31), places=8, commentaire="Démonstration"
        )
    for usager in personnes[12:14]:
        if not SituationACOR.objects.filter(usager=usager).exists():
            situation = situation_acor_orienter(
                par=par_role["acor"],
                usager=usager,
                date_orientation=aujourd_hui - timedelta(days=40),
                difficultes=["sociale", "isolement"],
            )
            situation_acor_prendre_en_charge(
                situation=situation, date_entree=aujourd_hui - timedelta(days=20), par=par_role["acor"]
            )
    if not SituationACOR.objects.filter(usager=dubois).exists():
        situation_acor_orienter(
            par=par_role["acor"],
            usager=dubois,
            date_orientation=aujourd_hui - timedelta(days=10),
            difficultes=["isolement", "impayes_loyer"],
        )
