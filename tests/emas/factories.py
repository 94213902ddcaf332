"""EMAS records are made through the services, as the API makes them (eligibility, snapshots)."""

import datetime

from django.utils import timezone

from comptes.models import Profession
from emas.services import intervention_creer, signalement_accepter, signalement_creer
from emas.validators import Motif, Origine, TypeIntervention
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON, UsagerFactory

OUI = {
    "majeur": True,
    "logement_autonome": True,
    "non_suivi_psychiatrie": True,
    "incapacite_demande_soins": True,
}


def jours(n: int) -> datetime.date:
    """`n` days ago (Europe/Paris)."""
    return timezone.localdate() - datetime.timedelta(days=n)


def membre(*codes_insee: str, profession: str = Profession.INFIRMIER, **kwargs):
    """A member of the EMAS team with the `emas` grant on `codes_insee` (Dijon by default)."""
    return agent("emas", *(codes_insee or (DIJON,)), profession=profession, **kwargs)


def signalement(par, usager=None, *, date=None, **champs):
    usager = usager or UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))
    donnees = {
        "usager": usager,
        "date": date or jours(60),
        "origine": Origine.GRAND_DIJON_HABITAT,
        "motifs": [Motif.INCURIE, Motif.ISOLEMENT],
        "contact": "Mme Gardienne, 03 80 00 00 00",
        "description": "Appartement encombré, volets fermés depuis des semaines.",
        **OUI,
        **champs,
    }
    return signalement_creer(par=par, **donnees)


def suivi(par, usager=None, *, date=None, date_decision=None, **champs):
    s = signalement(par, usager, date=date, **champs)
    return signalement_accepter(signalement=s, par=par, date_decision=date_decision or s.date).suivi


def intervention(par, suivi, *, date=None, intervenants=None, **champs):
    donnees = {
        "date": date or suivi.date_debut,
        "type": TypeIntervention.VISITE_DOMICILE,
        "intervenants": intervenants or [par],
        "duree_minutes": 90,
        **champs,
    }
    return intervention_creer(par=par, suivi=suivi, **donnees)
