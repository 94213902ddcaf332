"""Shared fixtures. Tests marked `postgres` / `redis` need the real servers: they skip on a
workstation without them and fail (never skip) when CI=true."""

import os
import shutil

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from comptes.jetons import jeton_emettre
from tests.comptes.factories import ClientNavigateur, demande_le_second_facteur

EN_CI = os.environ.get("CI", "").lower() == "true"

# Shared, noisy machines: a property test is judged on its examples, never on its speed.
hypothesis_settings.register_profile("pacte", deadline=None, derandomize=EN_CI)
hypothesis_settings.load_profile("pacte")


def _absent(raison: str) -> None:
    if EN_CI:
        pytest.fail(f"{raison} (CI=true : ce service doit être joignable)", pytrace=False)
    pytest.skip(raison)


def redis_url_joignable() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _absent("REDIS_URL n'est pas défini")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _absent(f"Redis injoignable à {url} : {exc}")
    return url


def replique_reelle() -> bool:
    """`DATABASE_REPLICA_URL` names a real streaming replica (another server than the primary)."""
    import dj_database_url
    from django.conf import settings

    url = os.environ.get("DATABASE_REPLICA_URL", "")
    if not url or "replica" not in settings.DATABASES:
        return False
    reelle, primaire = dj_database_url.parse(url), settings.DATABASES["default"]
    return (reelle["HOST"], str(reelle["PORT"])) != (primaire["HOST"], str(primaire["PORT"]))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With a real replica, the `replica` alias reads the test database there (streamed from the
    primary, where the test runner created it); elsewhere it mirrors `default`."""
    if replique_reelle():
        import dj_database_url
        from django.db import connections

        reelle = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
        connexion = connections["replica"]
        connexion.close()
        connexion.settings_dict = {
            **connections["default"].settings_dict,
            "HOST": reelle["HOST"],
            "PORT": reelle["PORT"],
        }
    yield


def pytest_runtest_setup(item):
    if item.get_closest_marker("replique") and not replique_reelle():
        # Only the CI step that starts a real replica sets REPLIQUE_EXIGEE (.ci/run): there it fails.
        if os.environ.get("REPLIQUE_EXIGEE", "").lower() == "true":
            pytest.fail("DATABASE_REPLICA_URL doit désigner une vraie réplique (REPLIQUE_EXIGEE=true)")
        pytest.skip("ce test demande une vraie réplique PostgreSQL (DATABASE_REPLICA_URL)")
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _absent("ce test demande PostgreSQL (DATABASE_URL=postgres://…)")
    if item.get_closest_marker("redis"):
        redis_url_joignable()
    if item.get_closest_marker("libreoffice") and not shutil.which("soffice"):
        _absent("ce test demande LibreOffice (soffice : libreoffice-writer-nogui, libreoffice-calc-nogui)")


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    yield
    cache.clear()


class ClientAPI(APIClient):
    """An API client that edits as a careful caller does: a `PATCH`/`PUT` without `If-Match` nor a
    `version` first reads the record and sends its `ETag` (the tests of the 428/412 answers send
    their own header, or use a plain `APIClient`)."""

    def _avec_version(self, path, data, extra):
        if "HTTP_IF_MATCH" in extra or "HTTP_IF_MATCH" in self._credentials:
            return extra
        if isinstance(data, dict) and "version" in data:
            return extra
        lecture = self.get(path)
        if "ETag" in lecture:
            extra = {**extra, "HTTP_IF_MATCH": lecture["ETag"]}
        return extra

    def patch(self, path, data=None, format=None, content_type=None, follow=False, **extra):
        extra = self._avec_version(path, data, extra)
        return super().patch(path, data, format, content_type, follow, **extra)

    def put(self, path, data=None, format=None, content_type=None, follow=False, **extra):
        extra = self._avec_version(path, data, extra)
        return super().put(path, data, format, content_type, follow, **extra)


@pytest.fixture
def client_de():
    """`client_de(user)` — an API client authenticated by token, as a real caller would be (an
    administrator or an EMAS team member obtained it with their second factor), which sends the
    version it edits (`ClientAPI`)."""

    def fabriquer(user) -> APIClient:
        client = ClientAPI()
        token = jeton_emettre(user=user, second_facteur=demande_le_second_facteur(user))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return fabriquer


@pytest.fixture
def client() -> ClientNavigateur:
    """pytest-django's `client`, whose `force_login` presents the second factor of the accounts that
    need one (`ClientNavigateur`)."""
    return ClientNavigateur()


@pytest.fixture
def anonyme() -> APIClient:
    return APIClient()


def pytest_ignore_collect(collection_path, config):
    """`tests/schema/` (schemathesis) loads the OpenAPI schema when it is imported: collected only by
    `make schemathesis` (`-m schemathesis`), never by the ordinary suite, whose schema tests build
    their own."""
    if collection_path.name == "schema" and collection_path.parent.name == "tests":
        return config.getoption("markexpr") != "schemathesis" or None
    return None
