"""The real servers of the production stack: PostgreSQL and Redis (broker and cache).

Skipped on a workstation without them; failing, never skipped, when CI=true."""

import uuid

import pytest
from celery import Celery
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_la_base_de_test_est_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000


@pytest.mark.redis
def test_une_tache_celery_fait_l_aller_retour_par_redis():
    from celery.contrib.testing import tasks  # noqa: F401 - registers the ping task used below
    from celery.contrib.testing.worker import start_worker

    from tests.conftest import redis_url_joignable

    url = redis_url_joignable()
    app = Celery("pacte-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=url,
        result_backend=url,
        task_always_eager=False,
        task_default_queue=f"test-{uuid.uuid4().hex}",
    )

    @app.task(name="tests.addition")
    def addition(a: int, b: int) -> int:
        return a + b

    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        assert addition.delay(2, 3).get(timeout=20) == 5


@pytest.mark.redis
def test_le_cache_redis_de_production():
    from django.core.cache.backends.redis import RedisCache

    from tests.conftest import redis_url_joignable

    cache = RedisCache(redis_url_joignable(), {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("cle", {"valeur": 1}, timeout=10)

    assert cache.get("cle") == {"valeur": 1}
    cache.delete("cle")
