import pytest
from rest_framework.test import APIClient

from comptes.models import Profession
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import CHENOVE, DIJON

pytestmark = [pytest.mark.django_db, pytest.mark.connexion]


def test_jeton_puis_appel_authentifie(anonyme):
    agent("acces_droits", DIJON, username="alice")

    reponse = anonyme.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "motdepasse-test"}, format="json"
    )

    assert reponse.status_code == 200
    jeton = reponse.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton}")
    assert client.get("/api/v1/auth/me/").json()["username"] == "alice"


@pytest.mark.parametrize(
    "corps",
    [
        {"username": "alice", "password": "faux"},
        {"username": "inconnu", "password": "motdepasse-test"},
        {"username": "alice"},
        {},
    ],
)
def test_jeton_refuse(anonyme, corps):
    agent("acces_droits", DIJON, username="alice")

    reponse = anonyme.post("/api/v1/auth/token/", corps, format="json")

    assert reponse.status_code == 400
    assert "token" not in reponse.json()


def test_jeton_invalide_repond_401(anonyme):
    anonyme.credentials(HTTP_AUTHORIZATION="Token inexistant")

    assert anonyme.get("/api/v1/auth/me/").status_code == 401


def test_moi_donne_role_communes_et_profession(client_de):
    user = agent("emas", DIJON, CHENOVE, profession=Profession.INFIRMIER)

    moi = client_de(user).get("/api/v1/auth/me/").json()

    assert moi == {
        "id": user.id,
        "username": user.username,
        "role": "emas",
        "communes": sorted([DIJON, CHENOVE]),
        "profession": "infirmier",
    }


def test_moi_administrateur(client_de):
    moi = client_de(UserFactory(administrateur=True)).get("/api/v1/auth/me/").json()

    assert moi["role"] == "administrateur"
    assert moi["communes"] == []  # no grant, no file (issue 12)


def test_moi_sans_authentification(anonyme):
    reponse = anonyme.get("/api/v1/auth/me/")

    assert reponse.status_code == 401
    assert reponse["WWW-Authenticate"] == "Token"


def test_session_authentification_fonctionne(client):
    user = agent("asll", DIJON)
    client.force_login(user)

    assert client.get("/api/v1/auth/me/").json()["role"] == "asll"


def test_trop_d_essais_de_connexion_sont_freines(anonyme, settings):
    agent("acces_droits", DIJON, username="alice")
    limite = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])

    for _ in range(limite):
        anonyme.post("/api/v1/auth/token/", {"username": "alice", "password": "faux"}, format="json")
    reponse = anonyme.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "motdepasse-test"}, format="json"
    )

    assert reponse.status_code == 429


def test_connexion_par_session_pour_l_api_navigable(client):
    agent("asll", DIJON, username="sabine")

    page = client.get("/api/v1/auth/login/")
    reponse = client.post(
        "/api/v1/auth/login/",
        {"username": "sabine", "password": "motdepasse-test", "next": "/api/v1/auth/me/"},
    )

    assert page.status_code == 200
    assert reponse.status_code == 302
    assert client.get("/api/v1/auth/me/", HTTP_ACCEPT="application/json").json()["username"] == "sabine"
