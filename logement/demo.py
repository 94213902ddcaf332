"""Demo records of actions 2.1 and 2.2 (`manage.py charger_demo`): one ASLL measure, one ACOR referral."""

from datetime import timedelta

from django.utils import timezone

from logement.models import MesureASLL, SituationACOR
from logement.services import mesure_creer, situation_acor_orienter
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
    if not SituationACOR.objects.filter(usager=dubois).exists():
        situation_acor_orienter(
            par=par_role["acor"],
            usager=dubois,
            date_orientation=aujourd_hui - timedelta(days=10),
            difficultes=["isolement", "impayes_loyer"],
        )
