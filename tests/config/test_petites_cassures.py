"""The French and the small breaks found by trying the product as a new user (issue 11)."""

import datetime

import pytest
from django.utils import timezone

from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agente(client):
    user = agent("acces_droits", DIJON)
    client.force_login(user)
    return user


def test_les_titres_de_l_admin_ne_disent_plus_ajout_de_usager(client, agente):
    page = client.get("/admin/usagers/usager/add/").content.decode()

    assert "Ajout de usager" not in page
    assert "Ajouter : usager" in page


def test_voir_le_site_n_existe_plus(client, agente):
    assert "Voir le site" not in client.get("/admin/").content.decode()


def test_la_racine_de_l_api_liste_les_ressources(client, agente):
    reponse = client.get("/api/v1/", HTTP_ACCEPT="application/json")

    assert reponse.status_code == 200
    assert reponse.json()["usagers"].endswith("/api/v1/usagers/")
    assert not any(nom.startswith("emas") for nom in reponse.json())  # the team's only


def test_l_api_navigable_parle_francais(client, agente):
    page = client.get("/api/v1/asll/mesures/", HTTP_ACCEPT="text/html").content.decode()
    assert "Mesures ASLL" in page
    for anglais in ("Mesure Asll List", "Raw data", "Log out", "Filters"):
        assert anglais not in page
    client.logout()
    connexion = client.get("/api/v1/auth/login/").content.decode()
    assert "Se connecter" in connexion and "Log in" not in connexion


def test_la_connexion_de_l_api_sans_next_mene_a_la_racine(client):
    UserFactory(username="sans-next")
    reponse = client.post("/api/v1/auth/login/", {"username": "sans-next", "password": "motdepasse-test"})

    assert reponse.status_code == 302 and reponse["Location"] == "/api/v1/"


def test_les_pages_403_et_404_sont_en_francais(client, settings):
    settings.DEBUG = False
    client.force_login(agent("asll", DIJON))

    introuvable = client.get("/nulle-part/")
    assert introuvable.status_code == 404 and "Page introuvable" in introuvable.content.decode()
    refus = client.get("/admin/tableau-de-bord/")
    assert refus.status_code == 403 and "Accès refusé" in refus.content.decode()


def test_un_contact_ne_precede_pas_son_accompagnement(client_de, agente):
    accompagnement = AccompagnementFactory(
        usager=UsagerFactory(), referent=agente, date_debut=datetime.date(2024, 3, 1)
    )

    reponse = client_de(agente).post(
        "/api/v1/contacts/",
        {
            "accompagnement": accompagnement.pk,
            "date": timezone.make_aware(datetime.datetime(2024, 2, 28, 10)).isoformat(),
            "mode": "telephone",
            "duree_minutes": 10,
        },
        format="json",
    )

    assert reponse.status_code == 400
    assert "ne peut pas précéder l'ouverture" in reponse.json()["date"][0]


def test_le_statut_d_un_droit_ne_propose_que_les_suivants_avec_leurs_libelles(client, agente):
    droit = DroitFactory(usager=UsagerFactory())  # identifié

    page = client.get(f"/admin/accompagnements/droit/{droit.pk}/change/").content.decode()
    select = page[page.index('id="id_statut"') : page.index("</select>", page.index('id="id_statut"'))]

    assert 'value="demande"' in select and 'value="abandonne"' in select
    assert 'value="ouvert"' not in select and 'value="refuse"' not in select
    refus = client.post(
        f"/admin/accompagnements/droit/{droit.pk}/change/",
        {"type": droit.type_id, "statut": "ouvert", "date_identification": "01/01/2024"},
    )
    assert refus.status_code == 200
    assert "ouvert" in refus.content.decode()
