"""The access journal's scheduled work: its monthly partitions created ahead (PostgreSQL)."""

from celery import shared_task

from config.taches import IDEMPOTENT_TASK_OPTIONS
from journal.partitions import preparer_partitions


@shared_task(name="journal.tasks.preparer_partitions", **IDEMPOTENT_TASK_OPTIONS)
def preparer_partitions_du_journal() -> list[str]:
    return preparer_partitions()
