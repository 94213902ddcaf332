"""A small world whose every count is computed by hand in `ATTENDU` (tests/indicateurs).

Everything is written through the services, as the API writes it, so each event takes its
commune from the residence history at its date. June 2020 is the period under test; May and
July hold the events just outside it. Persons:

- P1, Dijon: contacts at the CCAS de Dijon on 1 June 00:30 (Paris; 31 May 22:30 UTC) and 15 June;
  RSA opened 5 June; a prime d'activité opened 1 July (outside June).
- Contacts without a place said: P2's, P3's of 25 June and P4's.
- P2, Chenôve: contacts on 31 May 23:30 (Paris; May) and 30 June 23:59 (Paris; still June);
  a right refused on 10 June and one given up on 12 June (never counted).
- P3, Longvic, moves to Dijon on 20 June; recorded AFTER the move and back-dated: a contact on
  10 June (at the métropole's social service), an AAH opened on 12 June, an ASLL measure started on
  5 June, an ACOR entry on 12 June (all counted in Longvic); a contact on 25 June (Dijon). The
  measure ends on 15 July with an orientation to ACOR.
- P4, Dijon: contact on 1 July 00:10 Paris (30 June 22:10 UTC: July).
- ASLL: M1 Dijon from 1 June, running; M2 Chenôve 15 → 30 June (objectives reached); M3 Dijon
  from 10 June, suspended on 20 June (still exercised); M5 Dijon from 1 August.
- ACOR: Dijon entry 10 June (referred by a CCAS); Chenôve entry 31 May; one still waiting; one
  closed « sans suite ».
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from accompagnements.models import ModeContact, TypeDroit
from accompagnements.services import accompagnement_ouvrir, contact_enregistrer, droit_enregistrer
from communes.models import Commune
from comptes.roles import Role
from logement.models import CapaciteACOR, TypeMesure
from logement.services import (
    mesure_cloturer,
    mesure_creer,
    mesure_suspendre,
    situation_acor_cloturer,
    situation_acor_creer,
    situation_acor_orienter,
)
from logement.validators import Difficulte, Objectif
from partenaires.models import Partenaire
from tests.comptes.factories import administrateur_habilite, agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC
from usagers.services import usager_creer, usager_modifier

PARIS = ZoneInfo("Europe/Paris")
CCAS_DE_DIJON = "CCAS de Dijon"
SERVICE_SOCIAL = "Dijon Métropole — service social métropolitain"
JUIN = {"du": datetime.date(2020, 6, 1), "au": datetime.date(2020, 6, 30)}


def a_paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


# Hand-computed counts of June 2020 by commune (and a few other cuts).
ATTENDU = {
    "1.1.personnes_recues": {"par_commune": {DIJON: 2, CHENOVE: 1, LONGVIC: 1}, "total": 3},
    # Contacts, not persons: P1's two and P3's of 25 June in Dijon.
    "1.1.frequentation": {"par_commune": {DIJON: 3, CHENOVE: 1, LONGVIC: 1}, "total": 5},
    # Agents a (P1, P2) and b (P3 in Longvic then Dijon): both in Dijon.
    "1.1.agents_en_activite": {"par_commune": {DIJON: 2, CHENOVE: 1, LONGVIC: 1}, "total": 2},
    "1.1.droits_ouverts": {"par_commune": {DIJON: 1, LONGVIC: 1}, "total": 2},
    "2.1.mesures_exercees": {"par_commune": {DIJON: 2, CHENOVE: 1, LONGVIC: 1}, "total": 4},
    "2.1.issues": {"par_commune": {CHENOVE: 1}, "total": 1},
    "2.2.situations_prises_en_charge": {"par_commune": {DIJON: 1, LONGVIC: 1}, "total": 2},
    # Chenôve's entry of 31 May is still running in June: active, though not taken on in June.
    "2.2.situations_actives": {"par_commune": {DIJON: 1, CHENOVE: 1, LONGVIC: 1}, "total": 3},
}


@pytest.fixture
def administrateur():
    return administrateur_habilite()


@pytest.fixture
def monde(administrateur):
    a = agent(
        "acces_droits", DIJON, CHENOVE, LONGVIC, username="agent.a", first_name="Alice", last_name="Martin"
    )
    b = agent(
        "acces_droits", DIJON, CHENOVE, LONGVIC, username="agent.b", first_name="Bruno", last_name="Petit"
    )
    ts = agent("asll", DIJON, CHENOVE, LONGVIC, username="ts")
    acor = agent("acor", DIJON, CHENOVE, LONGVIC, username="acor")
    communes = {c.pk: c for c in Commune.objects.filter(pk__in=[DIJON, CHENOVE, LONGVIC])}

    def personne(nom, commune):
        return usager_creer(
            par=administrateur,
            nom=nom,
            prenom="Test",
            date_naissance=datetime.date(1980, 1, 1),
            commune=communes[commune],
        )

    def contact(accompagnement, moment, par, lieu=None):
        contact_enregistrer(
            accompagnement=accompagnement,
            par=par,
            date=moment,
            mode=ModeContact.TELEPHONE,
            duree_minutes=20,
            lieu_accueil=Partenaire.objects.get(nom=lieu) if lieu else None,
        )

    debut = datetime.date(2020, 1, 2)
    p1, p2, p3, p4 = (
        personne("Un", DIJON),
        personne("Deux", CHENOVE),
        personne("Trois", LONGVIC),
        personne("Quatre", DIJON),
    )
    ac1 = accompagnement_ouvrir(usager=p1, par=a, date_debut=debut)
    ac2 = accompagnement_ouvrir(usager=p2, par=a, date_debut=debut)
    ac3 = accompagnement_ouvrir(usager=p3, par=b, date_debut=debut)
    ac4 = accompagnement_ouvrir(usager=p4, par=b, date_debut=debut)
    contact(ac1, a_paris(2020, 6, 1, 0, 30), a, CCAS_DE_DIJON)
    contact(ac1, a_paris(2020, 6, 15, 10, 0), a, CCAS_DE_DIJON)
    contact(ac2, a_paris(2020, 5, 31, 23, 30), a)
    contact(ac2, a_paris(2020, 6, 30, 23, 59), a)
    contact(ac4, a_paris(2020, 7, 1, 0, 10), b)

    rsa, prime, aah = (TypeDroit.objects.get(code=c) for c in ("rsa", "prime_activite", "aah"))
    droit_enregistrer(
        usager=p1, type=rsa, par=a, statut="ouvert", date_demande=datetime.date(2020, 5, 20),
        date_ouverture=datetime.date(2020, 6, 5),
    )  # fmt: skip
    droit_enregistrer(
        usager=p1, type=prime, par=a, statut="ouvert", date_demande=datetime.date(2020, 6, 20),
        date_ouverture=datetime.date(2020, 7, 1),
    )  # fmt: skip
    droit_enregistrer(
        usager=p2, type=prime, par=a, statut="refuse", date_demande=datetime.date(2020, 6, 3),
        date_refus=datetime.date(2020, 6, 10),
    )  # fmt: skip
    droit_enregistrer(
        usager=p2, type=aah, par=a, statut="abandonne", date_identification=datetime.date(2020, 6, 2),
        date_abandon=datetime.date(2020, 6, 12),
    )  # fmt: skip

    def mesure(usager, date_debut, type=TypeMesure.ACCES):
        return mesure_creer(
            par=ts, usager=usager, type=type, date_debut=date_debut, duree_mois=6,
            objectifs=[Objectif.BUDGET],
        )  # fmt: skip

    mesure(p1, datetime.date(2020, 6, 1))
    m2 = mesure(p2, datetime.date(2020, 6, 15))
    mesure_cloturer(mesure=m2, date_fin=datetime.date(2020, 6, 30), issue="objectifs_atteints", par=ts)
    m3 = mesure(p4, datetime.date(2020, 6, 10))
    mesure_suspendre(mesure=m3, date_suspension=datetime.date(2020, 6, 20), par=ts)
    # One running measure per person and type (a database constraint): P4's second is "maintien".
    mesure(p4, datetime.date(2020, 8, 1), TypeMesure.MAINTIEN)

    CapaciteACOR.objects.create(
        date_debut=datetime.date(2020, 1, 1), date_fin=datetime.date(2020, 12, 31), places=20
    )
    difficultes = [Difficulte.SOCIALE]
    situation_acor_creer(
        par=acor, usager=p1, date_orientation=datetime.date(2020, 6, 1), difficultes=difficultes,
        prescripteur="ccas", date_entree=datetime.date(2020, 6, 10),
    )  # fmt: skip
    situation_acor_creer(
        par=acor, usager=p2, date_orientation=datetime.date(2020, 5, 1), difficultes=difficultes,
        date_entree=datetime.date(2020, 5, 31),
    )  # fmt: skip
    # One active situation per person (a database constraint): the referral closed without follow-up
    # is recorded and closed before the one still waiting.
    sans_suite = situation_acor_orienter(
        par=acor, usager=p4, date_orientation=datetime.date(2020, 6, 3), difficultes=difficultes
    )
    situation_acor_cloturer(
        situation=sans_suite, date_sortie=datetime.date(2020, 6, 15), motif_sortie="sans_suite", par=acor
    )
    situation_acor_orienter(
        par=acor, usager=p4, date_orientation=datetime.date(2020, 6, 2), difficultes=difficultes
    )

    # P3 moves to Dijon on 20 June; what happened before is recorded afterwards, back-dated.
    usager_modifier(
        usager=p3, par=administrateur, commune=communes[DIJON], date_demenagement=datetime.date(2020, 6, 20)
    )
    contact(ac3, a_paris(2020, 6, 10, 9, 0), b, SERVICE_SOCIAL)
    contact(ac3, a_paris(2020, 6, 25, 9, 0), b)
    droit_enregistrer(
        usager=p3, type=aah, par=b, statut="ouvert", date_demande=datetime.date(2020, 6, 1),
        date_ouverture=datetime.date(2020, 6, 12),
    )  # fmt: skip
    m4 = mesure(p3, datetime.date(2020, 6, 5))
    mesure_cloturer(
        mesure=m4, date_fin=datetime.date(2020, 7, 15), issue="orientation", orientation="acor", par=ts
    )
    situation_acor_creer(
        par=acor, usager=p3, date_orientation=datetime.date(2020, 6, 11), difficultes=difficultes,
        date_entree=datetime.date(2020, 6, 12),
    )  # fmt: skip
    return {"agents": {"a": a, "b": b}, "usagers": (p1, p2, p3, p4)}


@pytest.fixture
def encadrant():
    return agent(Role.ENCADRANT, DIJON, CHENOVE, LONGVIC, username="encadrant")
