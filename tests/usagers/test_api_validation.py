"""Malformed input is answered 400 with the field named, in French; never a 500, nothing saved."""

import pytest

from tests.comptes.factories import agent
from tests.outils import champs_en_erreur
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db

URL = "/api/v1/usagers/"
VALIDE = {"nom": "DURAND", "prenom": "Léa", "date_naissance": "1984-02-29", "commune": DIJON}


@pytest.fixture
def client(client_de):
    return client_de(agent("acces_droits", DIJON))


@pytest.mark.parametrize(
    ("modification", "champ", "extrait"),
    [
        ({"nom": None}, "nom", "nul"),
        ({"nom": ""}, "nom", "vide"),
        ({"nom": "   "}, "nom", "vide"),
        ({"nom": "x" * 101}, "nom", "100"),
        ({"nom": {"a": 1}}, "nom", "chaîne"),
        ({"prenom": ["Léa"]}, "prenom", "chaîne"),
        ({"nom": "Nul\x00"}, "nom", "nul"),
        ({"date_naissance": "2999-01-01"}, "date_naissance", "futur"),
        ({"date_naissance": "1899-12-31"}, "date_naissance", "1900"),
        ({"date_naissance": "1984-02-30"}, "date_naissance", "format"),
        ({"date_naissance": "31/12/1980"}, "date_naissance", "format"),
        ({"date_naissance": 19800101}, "date_naissance", "format"),
        ({"date_naissance": "0000-01-01"}, "date_naissance", "format"),
        ({"commune": "99999"}, "commune", "Dijon Métropole"),
        ({"commune": "75056"}, "commune", "Dijon Métropole"),
        ({"commune": ["21231"]}, "commune", "invalide"),
        ({"commune": True}, "commune", "invalide"),
        ({"commune": "x" * 5000}, "commune", "invalide"),
        ({"commune": None}, "commune", "nul"),
        ({"email": "pas-un-courriel"}, "email", "e-mail"),
        ({"telephone": "12345"}, "telephone", "français"),
        ({"telephone": "+44 20 7946 0958"}, "telephone", "français"),
        ({"telephone": "06 12 34 56 7"}, "telephone", "français"),
        ({"adresse": "a" * 256}, "adresse", "255"),
    ],
)
def test_creation_refusee_en_nommant_le_champ(client, modification, champ, extrait):
    reponse = client.post(URL, {**VALIDE, **modification}, format="json")

    assert reponse.status_code == 400, reponse.content
    erreurs = reponse.json()
    assert champ in erreurs, erreurs
    assert extrait.lower() in " ".join(erreurs[champ]).lower()
    assert not Usager.objects.exists()


@pytest.mark.parametrize("manquant", ["nom", "prenom", "date_naissance", "commune"])
def test_champs_obligatoires(client, manquant):
    payload = {k: v for k, v in VALIDE.items() if k != manquant}

    reponse = client.post(URL, payload, format="json")

    assert reponse.status_code == 400
    assert reponse.json()[manquant] == ["Ce champ est obligatoire."]


@pytest.mark.parametrize(
    "corps",
    [
        b"{",
        b"[]",
        b'"texte"',
        b"null",
        b'{"nom": "\\ud800", "prenom": "A", "date_naissance": "1980-01-01", "commune": "21231"}',
        b"\xff\xfe\x00",
    ],
)
def test_corps_illisible_repond_400(client, corps):
    reponse = client.generic("POST", URL, corps, content_type="application/json")

    assert reponse.status_code == 400
    assert not Usager.objects.exists()


def test_unicode_et_telephone_normalise(client):
    reponse = client.post(
        URL,
        {**VALIDE, "nom": "N'GUYỄN-Ødegård", "prenom": "Zoë 李", "telephone": "+33 6.12.34.56.78"},
        format="json",
    )

    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["telephone"] == "06 12 34 56 78"
    assert reponse.json()["nom"] == "N'GUYỄN-Ødegård"


@pytest.mark.parametrize("page_size", ["abc", "-1", "0", "²", "1.5"])
def test_une_taille_de_page_invalide_est_un_400_qui_la_nomme(client, page_size):
    UsagerFactory(code_commune=DIJON)

    reponse = client.get(URL, {"page_size": page_size})

    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"page_size"}


def test_une_taille_de_page_trop_grande_est_ramenee_a_200(client):
    UsagerFactory(code_commune=DIJON)

    reponse = client.get(URL, {"page_size": "100000"})

    assert reponse.status_code == 200
    assert reponse.json()["count"] == 1


def test_page_inexistante_repond_404(client):
    assert client.get(URL, {"page": "999"}).status_code == 404
    assert client.get(URL, {"page": "abc"}).status_code == 404


def test_modification_invalide_ne_change_rien(client):
    usager = UsagerFactory(code_commune=DIJON, nom="AVANT")

    reponse = client.patch(f"{URL}{usager.id}/", {"nom": "", "date_naissance": "2999-01-01"}, format="json")

    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"nom", "date_naissance"}
    usager.refresh_from_db()
    assert usager.nom == "AVANT"


def test_identifiant_non_numerique_repond_404(client):
    assert client.get(f"{URL}abc/").status_code == 404
    assert client.get(f"{URL}99999999999999999999999/").status_code == 404
