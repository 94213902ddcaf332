"""The isolation matrix: each agent sees and changes only the usagers of their communes."""

import pytest
from rest_framework import status

from tests.comptes.factories import UserFactory, administrateur_habilite, agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC, UsagerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/usagers/"


@pytest.fixture
def monde():
    """Two agents on two communes, one usager in each."""
    return {
        "agent_dijon": agent("acces_droits", DIJON),
        "agent_chenove": agent("asll", CHENOVE),
        "usager_dijon": UsagerFactory(code_commune=DIJON, nom="DIJONNAIS"),
        "usager_chenove": UsagerFactory(code_commune=CHENOVE, nom="CHENEVELIER"),
    }


def _payload(commune: str, **champs) -> dict:
    return {"nom": "NOUVEAU", "prenom": "Anne", "date_naissance": "1980-05-17", "commune": commune, **champs}


@pytest.mark.parametrize(
    ("qui", "sien", "autre"),
    [("agent_dijon", "usager_dijon", "usager_chenove"), ("agent_chenove", "usager_chenove", "usager_dijon")],
)
def test_chaque_agent_ne_voit_que_sa_commune(monde, client_de, qui, sien, autre):
    client = client_de(monde[qui])

    liste = client.get(URL).json()
    assert [u["id"] for u in liste["results"]] == [monde[sien].id]
    assert liste["count"] == 1

    assert client.get(f"{URL}{monde[sien].id}/").status_code == status.HTTP_200_OK
    assert client.get(f"{URL}{monde[autre].id}/").status_code == status.HTTP_404_NOT_FOUND


@pytest.mark.parametrize(
    ("qui", "autre"), [("agent_dijon", "usager_chenove"), ("agent_chenove", "usager_dijon")]
)
def test_modifier_ou_supprimer_hors_habilitation_repond_404(monde, client_de, qui, autre):
    client = client_de(monde[qui])
    cible = monde[autre]

    assert client.patch(f"{URL}{cible.id}/", {"nom": "PIRATE"}, format="json").status_code == 404
    assert client.put(f"{URL}{cible.id}/", _payload(cible.commune_id), format="json").status_code == 404
    assert client.delete(f"{URL}{cible.id}/").status_code == 404

    cible.refresh_from_db()
    assert cible.nom != "PIRATE"


def test_modifier_et_supprimer_dans_sa_commune(monde, client_de):
    client = client_de(monde["agent_dijon"])
    usager = monde["usager_dijon"]

    reponse = client.patch(f"{URL}{usager.id}/", {"adresse": "1 place de la Libération"}, format="json")
    assert reponse.status_code == 200
    usager.refresh_from_db()
    assert usager.adresse == "1 place de la Libération"
    assert usager.modifie_par == monde["agent_dijon"]

    assert client.delete(f"{URL}{usager.id}/").status_code == 403  # deleting a person: administrators only
    assert client_de(administrateur_habilite()).delete(f"{URL}{usager.id}/").status_code == 204
    assert not type(usager).objects.filter(pk=usager.pk).exists()


def test_creer_dans_sa_commune(monde, client_de):
    reponse = client_de(monde["agent_dijon"]).post(URL, _payload(DIJON), format="json")

    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["commune"] == DIJON
    assert reponse.json()["nom"] == "NOUVEAU"


def test_creer_dans_une_autre_commune_repond_403_en_nommant_la_commune(monde, client_de):
    reponse = client_de(monde["agent_dijon"]).post(URL, _payload(CHENOVE), format="json")

    assert reponse.status_code == 403
    assert "Chenôve" in reponse.json()["detail"]
    assert not type(monde["usager_dijon"]).objects.filter(nom="NOUVEAU").exists()


def test_deplacer_vers_une_autre_commune_repond_403(monde, client_de):
    usager = monde["usager_dijon"]

    reponse = client_de(monde["agent_dijon"]).patch(f"{URL}{usager.id}/", {"commune": LONGVIC}, format="json")

    assert reponse.status_code == 403
    assert "Longvic" in reponse.json()["detail"]
    usager.refresh_from_db()
    assert usager.commune_id == DIJON


def test_deplacer_entre_deux_communes_habilitees(client_de):
    agent_deux_communes = agent("acces_droits", DIJON, CHENOVE)
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client_de(agent_deux_communes).patch(f"{URL}{usager.id}/", {"commune": CHENOVE}, format="json")

    assert reponse.status_code == 200
    usager.refresh_from_db()
    assert usager.commune_id == CHENOVE


def test_un_compte_sans_habilitation_ne_voit_rien(monde, client_de):
    sans_droit = UserFactory()
    client = client_de(sans_droit)

    assert client.get(URL).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert client.get(f"{URL}{monde['usager_dijon'].id}/").status_code == 404
    assert client.post(URL, _payload(DIJON), format="json").status_code == 403


def test_filtre_par_commune_et_recherche(client_de):
    agent_deux_communes = agent("acces_droits", DIJON, CHENOVE)
    UsagerFactory(code_commune=DIJON, nom="LEFEBVRE", prenom="Émilie")
    UsagerFactory(code_commune=CHENOVE, nom="MOREAU", prenom="Paul")
    UsagerFactory(code_commune=LONGVIC, nom="LEFEBVRE", prenom="Hors-champ")
    client = client_de(agent_deux_communes)

    assert [u["nom"] for u in client.get(URL, {"commune": CHENOVE}).json()["results"]] == ["MOREAU"]
    trouves = client.get(URL, {"search": "lefeb"}).json()["results"]
    assert [(u["nom"], u["prenom"]) for u in trouves] == [("LEFEBVRE", "Émilie")]


def test_sans_authentification_repond_401(anonyme, monde):
    assert anonyme.get(URL).status_code == 401
    assert anonyme.get(f"{URL}{monde['usager_dijon'].id}/").status_code == 401
    assert anonyme.post(URL, _payload(DIJON), format="json").status_code == 401
