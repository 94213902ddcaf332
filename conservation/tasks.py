"""The daily retention sweep and the journal purge. Idempotent: each sweeps the database state
(a person archived or anonymised is no longer a candidate; a purged row is gone), so a late,
doubled or missed run is harmless and caught up by the next."""

from celery import shared_task
from django.utils import timezone

from config.taches import IDEMPOTENT_TASK_OPTIONS
from conservation.services import conservation_appliquer
from journal.services import journal_purger


@shared_task(name="conservation.tasks.appliquer_conservation", **IDEMPOTENT_TASK_OPTIONS)
def appliquer_conservation() -> dict:
    bilan = conservation_appliquer(aujourd_hui=timezone.localdate())
    purgees = journal_purger()
    return {
        "archivees": bilan.total_archivees,
        "anonymisees": bilan.total_anonymisees,
        "journal_purge": purgees,
    }
