"""Plumbing shared by the Celery tasks of every app (docs/CELERY.md).

Every task of the project is idempotent: it sweeps database state, checks state before it acts and
inserts against unique constraints, so a redelivery (acks_late), a retry or a doubled beat does no
harm. Time limits: ten minutes is far beyond a normal run and short enough that a stuck run is
killed before the next day. Retries: a database or broker outage is transient; backoff 30 s,
60 s… capped at 10 minutes, below the Redis `visibility_timeout`
(settings.CELERY_BROKER_TRANSPORT_OPTIONS).
"""

import logging

from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from config.celery import app

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)

IDEMPOTENT_TASK_OPTIONS = {
    "acks_late": True,  # safe: idempotent; a worker killed mid-run gets the task redelivered
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 600,
    "time_limit": 660,
}


def enqueue_on_commit(tache, *args, queue: str | None = None) -> None:
    """Enqueue `tache` once the current transaction commits; a broker failure is logged, never raised:
    the work derives from the database, the next scheduled sweep catches up.

    The message goes through a connection of its own that does not retry (`max_retries: 0`, connect
    timeout `CELERY_BROKER_CONNECTION_TIMEOUT`): with Redis down, the user's request waits a few
    milliseconds (refused) or seconds (unreachable host), not kombu's default retry loop.
    """

    def envoyer() -> None:
        try:
            with app.connection_for_write(transport_options={"max_retries": 0}) as connexion:
                options = {"queue": queue} if queue else {}
                tache.apply_async(args=args, retry=False, connection=connexion, **options)
        except Exception:
            logger.exception(
                "Mise en file de %s impossible (courtier injoignable ?) ; le prochain passage planifié "
                "rattrapera.",
                tache.name,
            )

    transaction.on_commit(envoyer)
