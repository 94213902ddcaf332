"""Demo records of action 2.3 (`manage.py charger_demo`): one follow-up with an intervention, one
referral waiting for the team's decision."""

from datetime import timedelta

from django.utils import timezone

from emas.models import Signalement
from emas.services import intervention_creer, signalement_accepter, signalement_creer, suivi_cloturer
from usagers.models import Usager

OUI = {
    "majeur": True,
    "logement_autonome": True,
    "non_suivi_psychiatrie": True,
    "incapacite_demande_soins": True,
}


def charger(*, par_role: dict) -> None:
    equipe = par_role["emas"]
    aujourd_hui = timezone.localdate()
    rousseau = Usager.objects.get(nom="ROUSSEAU", prenom="Marc")
    if not Signalement.objects.filter(usager=rousseau).exists():
        signalement = signalement_creer(
            par=equipe,
            usager=rousseau,
            date=aujourd_hui - timedelta(days=40),
            origine="orvitis",
            motifs=["incurie", "troubles_voisinage"],
            contact="Chargée de clientèle Orvitis",
            description="Logement très encombré, plaintes de voisinage.",
            **OUI,
        )
        suivi = signalement_accepter(
            signalement=signalement, par=equipe, date_decision=aujourd_hui - timedelta(days=35)
        ).suivi
        intervention_creer(
            par=equipe,
            suivi=suivi,
            date=aujourd_hui - timedelta(days=30),
            type="visite_domicile",
            intervenants=[equipe],
            duree_minutes=90,
        )
    garnier = Usager.objects.get(nom="GARNIER", prenom="Aïcha")
    if not Signalement.objects.filter(usager=garnier).exists():
        # A follow-up closed with its outcomes (the evaluation's « résultats atteints »).
        signalement = signalement_creer(
            par=equipe,
            usager=garnier,
            date=aujourd_hui - timedelta(days=120),
            origine="grand_dijon_habitat",
            motifs=["isolement"],
            **OUI,
        )
        suivi = signalement_accepter(
            signalement=signalement, par=equipe, date_decision=aujourd_hui - timedelta(days=115)
        ).suivi
        intervention_creer(
            par=equipe,
            suivi=suivi,
            date=aujourd_hui - timedelta(days=100),
            type="accompagnement_soins",
            intervenants=[equipe],
            duree_minutes=120,
        )
        suivi_cloturer(
            suivi=suivi,
            par=equipe,
            date_fin=aujourd_hui - timedelta(days=60),
            motif_fin="relais_soins",
            acces_soins_cmp=True,
            maintien_domicile=True,
            soins_sans_consentement="aucun",
        )
    petit = Usager.objects.get(nom="PETIT", prenom="Jeanne")
    if not Signalement.objects.filter(usager=petit).exists():
        signalement_creer(
            par=equipe,
            usager=petit,
            date=aujourd_hui - timedelta(days=3),
            origine="commune_ccas",
            motifs=["isolement"],
            **OUI,
        )
