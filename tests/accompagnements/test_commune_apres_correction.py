"""Issue 22, reproduction 2: whatever date an indicator counts an event by, its commune is the
commune at that date — after any correction of the date."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from accompagnements.models import Contact, Droit, ModeContact, TypeDroit
from accompagnements.services import (
    accompagnement_ouvrir,
    contact_enregistrer,
    contact_modifier,
    droit_enregistrer,
    droit_modifier,
)
from communes.models import Commune
from tests.comptes.factories import administrateur_habilite, agent
from tests.usagers.factories import CHENOVE, DIJON
from usagers.services import usager_creer, usager_modifier

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def monde():
    admin = administrateur_habilite()
    a = agent("acces_droits", DIJON, CHENOVE)
    personne = usager_creer(
        par=admin,
        nom="Demenage",
        prenom="Test",
        date_naissance=datetime.date(1980, 1, 1),
        commune=Commune.objects.get(pk=CHENOVE),
    )
    usager_modifier(
        usager=personne,
        par=admin,
        commune=Commune.objects.get(pk=DIJON),
        date_demenagement=datetime.date(2026, 7, 1),
    )
    return a, personne


def test_corriger_la_date_d_ouverture_d_un_droit_change_sa_commune(monde):
    a, personne = monde
    droit = droit_enregistrer(
        usager=personne,
        type=TypeDroit.objects.get(code="rsa"),
        par=a,
        statut="ouvert",
        date_demande=datetime.date(2026, 5, 1),
        date_ouverture=datetime.date(2026, 6, 1),
    )
    assert droit.commune_id == CHENOVE

    droit_modifier(droit=droit, par=a, date_ouverture=datetime.date(2026, 8, 1))

    assert Droit.objects.get(pk=droit.pk).commune_id == DIJON


def test_corriger_la_date_d_un_contact_change_sa_commune(monde):
    a, personne = monde
    accompagnement = accompagnement_ouvrir(usager=personne, par=a, date_debut=datetime.date(2026, 1, 5))
    contact = contact_enregistrer(
        accompagnement=accompagnement,
        par=a,
        date=datetime.datetime(2026, 6, 10, 10, tzinfo=PARIS),
        mode=ModeContact.TELEPHONE,
        duree_minutes=20,
    )
    assert contact.commune_id == CHENOVE

    contact_modifier(contact=contact, par=a, date=datetime.datetime(2026, 7, 10, 10, tzinfo=PARIS))

    assert Contact.objects.get(pk=contact.pk).commune_id == DIJON
