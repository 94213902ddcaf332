"""One error shape for every answer of the API: `detail` and `code` in French, field keys for a 400."""

import pytest

from config.api.fields import INTROUVABLE
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client_de):
    return client_de(agent("asll", DIJON))


@pytest.mark.parametrize(
    ("url", "parametres", "champ"),
    [
        ("/api/v1/usagers/", {"search": "a\x00b"}, None),
        ("/api/v1/asll/mesures/", {"en_retard": "peut-etre"}, "en_retard"),
        ("/api/v1/asll/mesures/", {"page_size": "0"}, "page_size"),
        ("/api/v1/asll/mesures/", {"referent": "²"}, "referent"),
    ],
)
def test_parametres_refuses_un_seul_format(client, url, parametres, champ):
    reponse = client.get(url, parametres)

    assert reponse.status_code == 400
    corps = reponse.json()
    assert corps["code"] == "invalide" and corps["detail"]
    if champ:
        assert corps[champ] and champ in corps["detail"]


@pytest.mark.parametrize(("valeur", "attendu"), [("1", 1), ("true", 1), ("oui", 1), ("0", 0), ("false", 0)])
def test_un_filtre_oui_non_comprend_ses_valeurs(client, valeur, attendu):
    travailleur = agent("asll", DIJON)
    MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur)  # none late

    reponse = client.get("/api/v1/asll/mesures/", {"en_retard": valeur})

    assert reponse.status_code == 200
    assert reponse.json()["count"] == 1 - attendu


def test_corps_illisible_et_route_inconnue_en_francais(client):
    illisible = client.generic("POST", "/api/v1/usagers/", b"{nope", content_type="application/json")
    inconnue = client.get("/api/v1/nulle-part/")

    assert illisible.json() == {
        "detail": "Le corps de la requête n'est pas un JSON valide.",
        "code": "invalide",
    }
    assert (inconnue.status_code, inconnue.json()["code"]) == (404, "introuvable")


def test_erreur_imbriquee_aplatie_en_phrases(client):
    usager = UsagerFactory(code_commune=DIJON)
    corps = {"usager": usager.pk, "type": "acces", "date_debut": "2024-01-01", "duree_mois": 6}

    reponse = client.post(
        "/api/v1/asll/mesures/", {**corps, "objectifs": ["budget", "licorne"]}, format="json"
    )

    assert reponse.status_code == 400
    assert all(isinstance(m, str) for m in reponse.json()["objectifs"])
    assert "licorne" in " ".join(reponse.json()["objectifs"])


@pytest.mark.parametrize("debug", [True, False])
def test_une_route_inconnue_de_l_api_repond_en_json_meme_en_debug(client, settings, debug):
    """Integrators first try the API on `make run`, DEBUG on: Django's English HTML page answered."""
    settings.DEBUG = debug

    for chemin in ("/api/v1/nimporte/quoi/", "/api/v2/", "/api/", "/api/v1/nimporte/quoi"):
        reponse = client.get(chemin, follow=True)
        assert reponse.status_code == 404, chemin
        assert reponse.json() == {"detail": INTROUVABLE, "code": "introuvable"}, chemin


def test_une_ecriture_sur_une_route_inconnue_de_l_api_repond_le_404_json(client_de):
    """A session cookie beside the token: an unknown route answered Django's English CSRF page (403)."""
    from django.test import Client

    navigateur = Client(enforce_csrf_checks=True)
    navigateur.force_login(agent("acces_droits", DIJON))

    reponse = navigateur.patch("/api/v1/droits/0.5/", "{}", content_type="application/json")

    assert reponse.status_code == 404
    assert reponse.json() == {"detail": INTROUVABLE, "code": "introuvable"}
