import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_healthz_repond_quand_la_base_repond(anonyme):
    reponse = anonyme.get("/healthz")

    assert reponse.status_code == 200
    assert reponse.json() == {"statut": "ok"}


def test_healthz_repond_503_quand_la_base_ne_repond_pas(anonyme, monkeypatch):
    from django.db import OperationalError, connection

    def panne(*args, **kwargs):
        raise OperationalError("base injoignable")

    monkeypatch.setattr(connection, "cursor", panne)

    assert anonyme.get("/healthz").status_code == 503


def test_schema_openapi(anonyme, client_de):
    from tests.comptes.factories import UserFactory

    client = client_de(UserFactory())
    reponse = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert reponse.status_code == 200
    schema = reponse.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/usagers/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


def test_documentation_navigable(client_de):
    from tests.comptes.factories import UserFactory

    reponse = client_de(UserFactory()).get("/api/v1/docs/")

    assert reponse.status_code == 200
    assert b"swagger" in reponse.content.lower()


def test_reglages_francais():
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ is True


def _demarrer_en_production(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_la_production_refuse_la_cle_secrete_par_defaut():
    resultat = _demarrer_en_production(REDIS_URL="redis://127.0.0.1:6379/0")

    assert resultat.returncode != 0
    assert "SECRET_KEY" in resultat.stderr


def test_la_production_demarre_avec_une_vraie_cle():
    resultat = _demarrer_en_production(
        SECRET_KEY="k3Q9-vXw2_pLm7RtZ8yBn4Hc6JdF1sGa0eUoIiYqWzXcVbNmLkJhGf",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DATABASE_URL="postgres://pacte@127.0.0.1:5432/pacte",
    )

    assert resultat.returncode == 0, resultat.stderr


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/communes/%00/",
        "/api/v1/types-droits/%00/",
        "/api/v1/communes/2123/",
        "/api/v1/types-droits/RSA/",
    ],
)
def test_un_identifiant_mal_forme_dans_l_adresse_repond_404(client_de, url):
    from tests.comptes.factories import UserFactory

    assert client_de(UserFactory()).get(url).status_code == 404


def test_une_commune_par_son_code_insee(client_de):
    from tests.comptes.factories import UserFactory

    reponse = client_de(UserFactory()).get("/api/v1/communes/21231/")

    assert reponse.json() == {"code_insee": "21231", "nom": "Dijon", "contrat_local_de_sante": True}


def _references(noeud) -> set[str]:
    if isinstance(noeud, dict):
        return {noeud["$ref"]} if "$ref" in noeud else set().union(*map(_references, noeud.values()))
    if isinstance(noeud, list):
        return set().union(*map(_references, noeud)) if noeud else set()
    return set()


def test_le_schema_servi_est_le_meme_a_chaque_requete_et_ses_references_existent(client_de):
    """The post-processing hooks rewrite what they are given: served twice by one process, the schema
    once lost its `CodeEnum` component while still referring to it (« Resolver error »)."""
    from tests.comptes.factories import UserFactory

    client = client_de(UserFactory())
    schemas = [
        client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json() for _ in range(3)
    ]

    assert schemas[0] == schemas[1] == schemas[2]
    composants = {f"#/components/schemas/{nom}" for nom in schemas[0]["components"]["schemas"]}
    assert _references(schemas[0]) - composants == set()
    assert "#/components/schemas/CodeEnum" in _references(schemas[0])


def test_le_serveur_de_developpement_ne_garde_pas_une_connexion_par_requete():
    """`runserver` (one thread per request) with persistent connections kept one PostgreSQL
    connection per thread until the server refused new ones."""
    resultat = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": "postgres://pacte@127.0.0.1:5432/pacte",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )

    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip() == "0"
