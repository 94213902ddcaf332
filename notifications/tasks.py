"""Celery tasks of the reminders. Both are idempotent: they sweep database state and insert against
a unique constraint, so a redelivery (acks_late), a retry or a doubled beat does no harm (options:
`config.taches`). The scan is a handful of set-based queries plus one e-mail per recipient.
"""

from datetime import date

from celery import shared_task

from config.taches import IDEMPOTENT_TASK_OPTIONS
from notifications.services import jour_du_scan, rappels_creer, rappels_envoyer


@shared_task(name="notifications.tasks.envoyer_rappels", **IDEMPOTENT_TASK_OPTIONS)
def envoyer_rappels(jour: str | None = None) -> dict[str, int]:
    """The daily scan (beat, 07:00 Europe/Paris): reminders due up to `jour` (ISO date; Paris today
    by default, computed when the task runs), then one digest per recipient."""
    return rappels_envoyer(jour=date.fromisoformat(jour) if jour else None)


@shared_task(name="notifications.tasks.creer_rappels", expires=3600, **IDEMPOTENT_TASK_OPTIONS)
def creer_rappels(jour: str | None = None) -> int:
    """After a measure or a checkpoint is saved: bring the in-app reminders up to date now rather than
    at the next morning's scan (no e-mail: the digest stays daily). Losing it loses nothing."""
    return rappels_creer(jour=date.fromisoformat(jour) if jour else jour_du_scan())
