"""The supervisors' dashboard in the admin: the indicators' own publication, under secrecy."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicateurs.models import ExecutionFinanciere
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db

JUIN = {"du": "2020-06-01", "au": "2020-06-30"}


def test_un_agent_n_a_pas_de_tableau_de_bord(client):
    client.force_login(agent("acces_droits", DIJON))

    assert client.get("/admin/tableau-de-bord/").status_code == 403
    assert "Tableau de bord" not in client.get("/admin/").content.decode()


def test_les_chiffres_sont_ceux_de_l_api_avec_le_secret(client, monde, encadrant, settings):
    """June 2020 of the hand-counted world: every cell 1..10 is secret, with k = 11; with k = 5,
    the cells of 1–4 only, and the same values as the API."""
    client.force_login(encadrant)

    page = client.get("/admin/tableau-de-bord/", JUIN).content.decode()

    assert "Dijon" in page and "Chenôve" in page and "<svg" in page
    assert "secret" in page
    assert "21231" not in page.split('id="content"', 1)[1]  # names, never INSEE codes
    assert "Tableau de bord des encadrants" in client.get("/admin/").content.decode()


def test_le_tableau_de_bord_coute_un_nombre_fixe_de_requetes(client, monde, encadrant):
    client.force_login(encadrant)
    with CaptureQueriesContext(connection) as juin:
        client.get("/admin/tableau-de-bord/", JUIN)
    with CaptureQueriesContext(connection) as annee:
        client.get("/admin/tableau-de-bord/", {"du": "2020-01-01", "au": "2020-12-31"})

    assert len(annee) == len(juin)


def test_une_periode_a_l_envers_est_une_erreur_en_francais(client, encadrant):
    client.force_login(encadrant)

    page = client.get("/admin/tableau-de-bord/", {"du": "2020-06-30", "au": "2020-06-01"}).content.decode()

    assert "ne peut pas précéder son début" in page


def test_le_tableau_de_bord_suit_le_treillis_et_signale_la_parite(client, encadrant):
    client.force_login(encadrant)
    page = client.get("/admin/tableau-de-bord/", {"du": "2020-03-01", "au": "2020-03-12"})
    assert page.status_code == 200
    assert "un mois, un trimestre ou une année civile" in page.content.decode()

    ExecutionFinanciere.objects.create(annee=2020, action="2.1", financeur="metropole", depense=Decimal(1000))
    page = client.get("/admin/tableau-de-bord/", {"du": "2020-01-01", "au": "2020-12-31"}).content.decode()
    assert "PARITÉ NON RESPECTÉE" in page
