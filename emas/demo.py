"""Demo records of action 2.3 (`manage.py charger_demo`): one follow-up with an intervention, one
referral waiting for the team's decision, and in 2021 follow-ups closed with every end reason and
varied outcomes (access to care, continuity, kept at home)."""

from datetime import date, timedelta

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
    _clotures_variees(equipe)
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


# As `charger_demo` writes the address of its persons of 2020 (Dijon: in the CLS perimeter).
ADRESSE_2020 = "rue de la Solidarité, Dijon"

# (end reason, outcomes): the evaluation's « résultats atteints », each kind once.
CLOTURES = [
    ("relais_droit_commun", {"droit_commun": True, "maintien_domicile": True}),
    ("refus_personne", {"rupture_parcours": True}),
    ("hospitalisation", {"acces_soins_hopital": True, "soins_sans_consentement": "sdt"}),
    (
        "relais_soins",
        {"acces_soins_psychiatre": True, "acces_soins_medecin_traitant": True, "maintien_domicile": True},
    ),
    ("demenagement", {"acces_soins_medecin_traitant": True}),
    ("autre", {"acces_soins_cmp": True, "droit_commun": True, "maintien_domicile": True}),
]
ORIGINES = ["grand_dijon_habitat", "orvitis"]  # one referral « commune_ccas » in the demo, no more


def _clotures_variees(equipe) -> None:
    """Six persons of « rue de la Solidarité » referred in 2021, followed and closed, each differently."""
    personnes = list(Usager.objects.filter(adresse__endswith=ADRESSE_2020).order_by("pk"))[
        8 : 8 + len(CLOTURES)
    ]
    for i, usager in enumerate(personnes):
        if Signalement.objects.filter(usager=usager).exists():
            continue
        jour = date(2021, 1, 11) + timedelta(days=21 * i)
        signalement = signalement_creer(
            par=equipe,
            usager=usager,
            date=jour,
            origine=ORIGINES[i % len(ORIGINES)],
            motifs=["isolement", "incurie"][: 1 + i % 2],
            **OUI,
        )
        suivi = signalement_accepter(
            signalement=signalement, par=equipe, date_decision=jour + timedelta(days=4)
        ).suivi
        for k, type_ in enumerate(("visite_domicile", "appel", "accompagnement_soins")[: 1 + i % 3]):
            intervention_creer(
                par=equipe,
                suivi=suivi,
                date=jour + timedelta(days=10 + 14 * k),
                type=type_,
                intervenants=[equipe],
                duree_minutes=60,
            )
        motif_fin, resultats = CLOTURES[i]
        suivi_cloturer(
            suivi=suivi, par=equipe, date_fin=jour + timedelta(days=90), motif_fin=motif_fin, **resultats
        )
