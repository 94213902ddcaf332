"""Faults survived, on the real servers (docs/SECURITY.md): the database connection dropped in the
middle of a request, a runaway query cut by statement_timeout, Redis down while people save."""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from rest_framework.test import APIClient

from config.celery import app
from tests.comptes.factories import agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers import services as services_usagers
from usagers.api.views import UsagerViewSet
from usagers.models import Residence, Usager

PORT_FERME = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused
URL = "/api/v1/usagers/"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connexion_coupee_au_milieu_d_une_requete_503_et_rien_d_ecrit(client_de, monkeypatch):
    par = agent("acces_droits", DIJON, CHENOVE)
    usager = UsagerFactory(code_commune=DIJON)
    residences_avant = Residence.objects.count()
    demenager = services_usagers.residence_demenager

    def coupure_puis_demenagement(**kwargs):
        # The person's row is already updated in this transaction; the server drops the connection.
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return demenager(**kwargs)

    monkeypatch.setattr(services_usagers, "residence_demenager", coupure_puis_demenagement)

    reponse = client_de(par).patch(f"{URL}{usager.pk}/", {"commune": CHENOVE}, format="json")

    assert reponse.status_code == 503
    assert "rien n'a été enregistré" in reponse.json()["detail"]
    assert reponse["Retry-After"]
    connection.close()  # the test goes on with a new connection
    usager.refresh_from_db()
    assert (usager.commune_id, usager.version) == (DIJON, 1)
    assert Residence.objects.count() == residences_avant


@pytest.mark.postgres
@pytest.mark.django_db
def test_statement_timeout_est_pose_sur_les_connexions():
    with connection.cursor() as curseur:
        curseur.execute("SHOW statement_timeout")
        valeur = curseur.fetchone()[0]
    assert valeur == f"{settings.DB_STATEMENT_TIMEOUT_MS // 1000}s"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_une_requete_sans_fin_est_coupee_pas_le_site(client_de, monkeypatch):
    par = agent("acces_droits", DIJON)
    UsagerFactory(code_commune=DIJON)
    lente = UsagerViewSet.get_queryset
    monkeypatch.setattr(
        UsagerViewSet,
        "get_queryset",
        lambda self: lente(self).extra(where=["(SELECT true FROM pg_sleep(5))"]),
    )
    client = client_de(par)
    # The same limit as production, made short for this transaction only (`SET LOCAL`: a session
    # `SET` would outlive the test in a pooled server connection behind PgBouncer).
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SET LOCAL statement_timeout = '200ms'")
        reponse = client.get(URL)
        transaction.set_rollback(True)

    assert reponse.status_code == 503
    assert "momentanément indisponible" in reponse.json()["detail"]
    monkeypatch.undo()
    assert client_de(par).get(URL).status_code == 200  # the site still answers


@pytest.fixture
def redis_arrete():
    """Cache and Celery broker pointed at a closed port, as when Redis stops."""
    avant = {cle: app.conf[cle] for cle in ("broker_url", "broker_write_url", "task_always_eager")}
    app.conf.update(broker_url=PORT_FERME, broker_write_url=PORT_FERME, task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    cache_redis = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": PORT_FERME}
    }
    with override_settings(CACHES=cache_redis):
        yield
    app.conf.update(avant)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.redis
@pytest.mark.django_db
def test_redis_arrete_les_enregistrements_reussissent(
    redis_arrete, client_de, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    with pytest.raises(Exception):  # noqa: B017 - Redis really is unreachable
        cache.get("sonde")
    agent("acces_droits", DIJON, username="alice")
    anonyme = APIClient()

    connexion = anonyme.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "motdepasse-test"}, format="json"
    )
    assert connexion.status_code == 200  # rate limits and lockouts degrade, the login works
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {connexion.json()['token']}")
    corps = {"nom": "PANNE", "prenom": "Redis", "date_naissance": "1980-01-01", "commune": DIJON}
    with django_capture_on_commit_callbacks(execute=True):
        cree = client.post(URL, corps, format="json")
        assert cree.status_code == 201, cree.content
        modifie = client.patch(
            f"{URL}{cree.json()['id']}/", {"adresse": "ici"}, format="json", HTTP_IF_MATCH=cree["ETag"]
        )
    assert modifie.status_code == 200, modifie.content
    assert Usager.objects.get(nom="PANNE").adresse == "ici"
