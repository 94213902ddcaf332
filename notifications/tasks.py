"""Celery tasks of the reminders. Both are idempotent: they sweep database state and insert against
a unique constraint, so a redelivery (acks_late), a retry or a doubled beat does no harm.

Time limits: the scan is a handful of set-based queries plus one e-mail per recipient; ten minutes
is far beyond a normal run and short enough that a stuck run is killed before the next day.
Retries: a database or broker outage is transient; backoff 30 s, 60 s… capped at 10 minutes, below
the Redis `visibility_timeout` (settings.CELERY_BROKER_TRANSPORT_OPTIONS).
"""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from notifications.services import rappels_creer, rappels_envoyer

ERREURS_TRANSITOIRES = (
    OperationalError,
    InterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)

_OPTIONS = {
    "acks_late": True,  # safe: idempotent; a worker killed mid-run gets the task redelivered
    "reject_on_worker_lost": True,
    "autoretry_for": ERREURS_TRANSITOIRES,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 600,
    "time_limit": 660,
}


@shared_task(name="notifications.tasks.envoyer_rappels", **_OPTIONS)
def envoyer_rappels(jour: str | None = None) -> dict[str, int]:
    """The daily scan (beat, 07:00 Europe/Paris): reminders due up to `jour` (ISO date; Paris today
    by default, computed when the task runs), then one digest per recipient."""
    return rappels_envoyer(jour=date.fromisoformat(jour) if jour else None)


@shared_task(name="notifications.tasks.creer_rappels", expires=3600, **_OPTIONS)
def creer_rappels(jour: str | None = None) -> int:
    """After a measure or a checkpoint is saved: bring the in-app reminders up to date now rather than
    at the next morning's scan (no e-mail: the digest stays daily). Losing it loses nothing."""
    from notifications.services import jour_du_scan

    return rappels_creer(jour=date.fromisoformat(jour) if jour else jour_du_scan())
