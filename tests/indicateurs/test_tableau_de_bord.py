"""The supervisors' dashboard in the admin: the indicators' own publication, under secrecy."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptes.roles import Role
from config.periodes import aujourdhui
from indicateurs.models import ExecutionFinanciere
from indicateurs.registre import indicateurs
from tests.accompagnements.factories import AccompagnementFactory, ContactFactory, DemarcheFactory
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

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


def _volume(n: int) -> None:
    """`n` persons in two communes, each followed (1.1, with a contact and a démarche) and in a
    measure (ASLL) this year: every indicator of the dashboard has something to count."""
    for i in range(n):
        usager = UsagerFactory(code_commune=(DIJON, CHENOVE)[i % 2])
        accompagnement = AccompagnementFactory(usager=usager, date_debut=aujourdhui().replace(month=1, day=2))
        ContactFactory(accompagnement=accompagnement)
        DemarcheFactory(accompagnement=accompagnement)
        MesureASLLFactory(usager=usager)


def _requetes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_les_tableaux_de_bord_et_les_valeurs_coutent_autant_de_requetes_pour_un_que_pour_douze(client):
    """The workspace's dashboard, the admin's and the API's values: each indicator's year is counted
    in a fixed number of queries, whatever the volume."""
    client.force_login(agent(Role.ENCADRANT, DIJON, CHENOVE, is_staff=True))
    indicateur = next(iter(indicateurs())).id
    valeurs = f"/api/v1/indicateurs/valeurs/?indicateur={indicateur}&par=commune&du={aujourdhui().year}-01-01"
    valeurs += f"&au={aujourdhui().year}-12-31"
    urls = ("/espace/tableau-de-bord/", "/admin/tableau-de-bord/", valeurs)
    _volume(1)
    pour_un = [_requetes(client, url) for url in urls]
    _volume(11)
    pour_douze = [_requetes(client, url) for url in urls]

    assert pour_douze == pour_un
