"""Contract: real answers of every list and detail endpoint, and their errors, validate against the
OpenAPI schema the server serves (openapi-core). A schema that says one thing while the server
answers another fails here — the generated-client check (`make contrat`) fails for the same reason."""

import datetime

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from comptes.jetons import jeton_emettre
from comptes.models import User
from emas.services import signalement_accepter
from tests.comptes.factories import demande_le_second_facteur
from tests.emas.factories import intervention, signalement
from usagers.models import Usager

pytestmark = pytest.mark.django_db

COMPTES = ["agent.droits", "ts.asll", "intervenant.acor", "infirmier.emas", "encadrant"]


@pytest.fixture
def monde():
    call_command("charger_demo", stdout=None)
    equipe = User.objects.get(username="infirmier.emas")
    personne = Usager.objects.get(nom="ROUSSEAU")
    accepte = signalement_accepter(
        signalement=signalement(equipe, personne, date=datetime.date.today() - datetime.timedelta(days=5)),
        par=equipe,
    )
    intervention(equipe, accepte.suivi)
    return {nom: User.objects.get(username=nom) for nom in COMPTES}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def contrat(schema) -> OpenAPI:
    return OpenAPI.from_dict(schema)


def client_de(user) -> APIClient:
    client = APIClient()
    # Obtained as a real caller does: with the second factor when the account needs one.
    jeton = jeton_emettre(user=user, second_facteur=demande_le_second_facteur(user))
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton.key}")
    return client


def valider(contrat, reponse) -> None:
    """Validate the answer against the operation the request matched (its body is not re-read)."""
    origine = reponse.wsgi_request
    requete = RequestFactory().generic(
        origine.method, origine.get_full_path(), content_type=origine.content_type or "application/json"
    )
    requete.resolver_match = resolve(origine.path)
    contrat.validate_response(DjangoOpenAPIRequest(requete), DjangoOpenAPIResponse(reponse))


def _listes(schema) -> list[str]:
    return [
        chemin
        for chemin, operations in schema["paths"].items()
        if "get" in operations
        and "{" not in chemin
        and not chemin.endswith(("/schema/", "/docs/", "/rapport/", "/valeurs/", "/evaluation/"))
    ]


@pytest.mark.parametrize("compte", COMPTES)
def test_chaque_liste_et_chaque_fiche_sont_conformes(monde, schema, contrat, compte):
    client = client_de(monde[compte])
    chemins = list(schema["paths"])
    vues = 0
    for chemin in _listes(schema):
        reponse = client.get(chemin)
        valider(contrat, reponse)
        corps = reponse.json()
        resultats = corps.get("results", corps) if isinstance(corps, dict) else corps
        if reponse.status_code == 200 and isinstance(resultats, list) and resultats:
            premier = resultats[0]
            cle = "id" if "id" in premier else "code_insee" if "code_insee" in premier else "code"
            a_une_fiche = any(
                c.startswith(chemin + "{") and c.count("/") == chemin.count("/") + 1 for c in chemins
            )
            if cle in premier and a_une_fiche:
                fiche = client.get(f"{chemin}{premier[cle]}/")
                valider(contrat, fiche)
                vues += fiche.status_code == 200
    assert vues >= 2


def test_les_erreurs_sont_conformes(monde, contrat):
    agent = client_de(monde["agent.droits"])
    reponses = [
        agent.post("/api/v1/usagers/", {"nom": "", "date_naissance": "2999-01-01"}, format="json"),  # 400
        agent.get("/api/v1/usagers/", {"page_size": "abc"}),  # 400 on a parameter
        APIClient().get("/api/v1/usagers/"),  # 401
        agent.get("/api/v1/indicateurs/"),  # 403
        agent.get("/api/v1/usagers/987654321/"),  # 404
        agent.get("/api/v1/asll/mesures/987654321/"),  # 404 on another dispositif
        agent.post("/api/v1/accompagnements/", "<xml/>", content_type="application/xml"),  # 415
        agent.post(  # 409: a probable duplicate of a person of the demo data, with its candidates
            "/api/v1/usagers/",
            {"nom": "martin", "prenom": "SOPHIE", "date_naissance": "1978-03-14", "commune": "21231"},
            format="json",
        ),
    ]
    assert [r.status_code for r in reponses] == [400, 400, 401, 403, 404, 404, 415, 409]
    assert reponses[-1].json()["candidats"][0]["nom"] == "MARTIN"
    for reponse in reponses:
        valider(contrat, reponse)
        assert {"detail", "code"} <= set(reponse.json())


def test_une_route_inconnue_sous_api_repond_en_json(client):
    reponse = client.get("/api/v1/nulle-part/")

    assert reponse.status_code == 404
    assert reponse.json()["code"] == "introuvable"


def test_aucun_champ_ne_s_appelle_detail_ou_code(schema):
    """The error shape puts field names beside `detail` and `code`: no input field may take those names."""
    for nom, composant in schema["components"]["schemas"].items():
        if nom.endswith("Request"):
            assert not {"detail", "code"} & set(composant.get("properties", {})), nom
