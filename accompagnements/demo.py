"""Demo records of action 1.1 (`manage.py charger_demo`): one follow-up with a contact and two rights."""

from datetime import timedelta

from django.utils import timezone

from accompagnements.models import Accompagnement, ModeContact, StatutDroit, TypeDroit
from accompagnements.services import accompagnement_ouvrir, contact_enregistrer, droit_enregistrer
from usagers.models import Usager


def charger(*, par_role: dict) -> None:
    aujourd_hui = timezone.localdate()
    martin = Usager.objects.get(nom="MARTIN", prenom="Sophie")
    if Accompagnement.objects.filter(usager=martin).exists():
        return
    agent = par_role["acces_droits"]
    suivi = accompagnement_ouvrir(usager=martin, par=agent, date_debut=aujourd_hui - timedelta(days=20))
    contact_enregistrer(
        accompagnement=suivi,
        par=agent,
        date=timezone.now() - timedelta(days=20),
        mode=ModeContact.RENDEZ_VOUS,
        duree_minutes=45,
        lieu="CCAS de Dijon",
    )
    droit_enregistrer(
        usager=martin,
        type=TypeDroit.objects.get(code="rsa"),
        par=agent,
        accompagnement=suivi,
        date_identification=aujourd_hui - timedelta(days=20),
    )
    droit_enregistrer(
        usager=martin,
        type=TypeDroit.objects.get(code="prime_activite"),
        par=agent,
        accompagnement=suivi,
        statut=StatutDroit.OUVERT,
        date_identification=aujourd_hui - timedelta(days=20),
        date_demande=aujourd_hui - timedelta(days=19),
        date_ouverture=aujourd_hui - timedelta(days=3),
    )
